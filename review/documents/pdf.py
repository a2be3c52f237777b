"""PDF through WeasyPrint, from the print HTML of a document.

The print HTML carries its own styles and no link to anything: WeasyPrint is given a URL fetcher
that refuses every URL, so that a document never makes the server fetch from another host (or a
file). Fonts come from the system (``make`` installs Debian's Noto fonts for Arabic and Chinese).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .compilation import Compilation


class FetchRefused(ValueError):
    pass


def refuse_fetch(url: str, *args, **kwargs):
    raise FetchRefused(f"Documents fetch nothing; refused {url!r}.")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time that pages without PDF need not pay

    return HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()


def compilation_print_html(compilation: Compilation) -> str:
    return render_to_string("review/documents/compilation_print.html", {"compilation": compilation})


def compilation_pdf(compilation: Compilation) -> bytes:
    """The compilation of options as a PDF file (the print HTML, typeset)."""
    return html_to_pdf(compilation_print_html(compilation))


def brief_pdf(brief) -> bytes:
    """A delegation's brief as a PDF file."""
    return html_to_pdf(render_to_string("review/documents/brief_print.html", {"brief": brief}))
