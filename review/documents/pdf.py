"""PDF through WeasyPrint, from the print HTML of a document.

The print HTML carries its own styles and no link to anything: WeasyPrint is given a URL fetcher
that refuses every URL, so that a document never makes the server fetch from another host (or a
file). Fonts come from the system (``make`` installs Debian's Noto fonts for Arabic and Chinese).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext

from .compilation import Compilation

# WeasyPrint typesets about 0.1 s of CPU and a megabyte of memory per page: a compilation of every
# proposal of 200 participants, each its own option (benchmarks/RESULTS.md), is 1,769 pages, three
# CPU-minutes and 2 GB. Above this size of print HTML (about 600 pages) a PDF is refused with a message
# (DOCX and ODT are cheap at any size; the filters make a smaller PDF). A setting may change it.
DEFAULT_PDF_MAX_HTML_BYTES = 2_000_000


class FetchRefused(ValueError):
    pass


class DocumentTooLarge(ValueError):
    """The print HTML is too large to typeset on the fly; the message says what to do instead."""

    def __init__(self, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(
            gettext(
                "This document is too large to typeset as PDF on the fly (%(size)s MB of text and markup; the limit "
                "is %(limit)s MB, about 600 pages): download it as DOCX or ODT, or narrow it with the filters (part, "
                "margin, participant) and ask for the PDF again."
            )
            % {"size": number_format(size / 1e6, 1), "limit": number_format(limit / 1e6, 1)}
        )


def refuse_fetch(url: str, *args, **kwargs):
    raise FetchRefused(f"Documents fetch nothing; refused {url!r}.")


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``; raises DocumentTooLarge above ``DRAFTING_PDF_MAX_HTML_BYTES``."""
    from weasyprint import HTML  # imported here: loading Pango costs time that pages without PDF need not pay

    limit = getattr(settings, "DRAFTING_PDF_MAX_HTML_BYTES", DEFAULT_PDF_MAX_HTML_BYTES)
    size = len(html.encode("utf-8"))
    if size > limit:
        raise DocumentTooLarge(size, limit)
    return HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()


def compilation_print_html(compilation: Compilation) -> str:
    return render_to_string("review/documents/compilation_print.html", {"compilation": compilation})


def compilation_pdf(compilation: Compilation) -> bytes:
    """The compilation of options as a PDF file (the print HTML, typeset)."""
    return html_to_pdf(compilation_print_html(compilation))


def brief_pdf(brief) -> bytes:
    """A delegation's brief as a PDF file."""
    return html_to_pdf(render_to_string("review/documents/brief_print.html", {"brief": brief}))
