"""Marks shown the same way on every page and table: the unverified mark and the subject of a
provision the sources never saw (a placeholder), and document symbols kept whole in running text."""

import re

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from .models import STANCE_SYMBOLS, Stance

# What a placeholder shows where a subject would be (Provision.is_placeholder), translated where shown.
NOT_VERIFIED = gettext_noop("not verified")


def unverified_mark(provision) -> SafeString | str:
    """A small, neutral "unverified" mark linked to the page that explains it, where the sources
    leave the provision's margin, paragraph or content unverified (``is_unverified``)."""
    if not provision.is_unverified:
        return ""
    return format_html(
        ' <a class="unverified-mark" href="{}#unverified">{}<span class="visually-hidden">: {}</span></a>',
        reverse("review:about-structure"),
        gettext("unverified"),
        gettext("what this means"),
    )


def shown_subject(provision, length: int | None = None) -> SafeString | str:
    """The subject to show (cut to ``length`` characters with an ellipsis where given): the
    provision's own, or for a placeholder a neutral "not verified" (its subject is a research
    note, not content)."""
    if provision.is_placeholder:
        return format_html('<span class="not-verified">{}</span>', gettext(NOT_VERIFIED))
    subject = provision.subject
    if length is not None and len(subject) > length:
        subject = subject[: length - 1].rstrip() + "…"
    return subject


# The group's document symbols (EG-ITRs-3/2) as they appear in running text.
DOCUMENT_SYMBOL = re.compile(r"\bEG-ITRs-\d+/\d+")


def symbols_kept_whole(text: str) -> SafeString:
    """``text``, escaped, each document symbol in it kept on one line (a line break at a symbol's
    hyphens reads as two documents)."""
    return mark_safe(  # noqa: S308 - the text is escaped first; only our own span is added
        DOCUMENT_SYMBOL.sub(lambda match: f'<span class="doc-symbol">{match.group(0)}</span>', escape(text))
    )


def stance_words(stance: str) -> SafeString:
    """A stance as every page shows it: ITU's symbol in its badge, then its words in the reader's language."""
    return format_html(
        '<span class="stance stance-{}">{}</span> {}', stance, STANCE_SYMBOLS[stance], Stance(stance).label
    )


# A letter written right to left (Hebrew, Arabic and their presentation forms).
RIGHT_TO_LEFT_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def text_direction(text) -> str:
    """``rtl`` for a text holding a right-to-left letter, ``ltr`` for any other: a person's text (a
    reason, a proposal, a name) shown in its own direction whatever the page's. What ``dir="auto"``
    does in a browser, for the PDFs, whose typesetter (WeasyPrint) does not read ``dir="auto"``."""
    return "rtl" if RIGHT_TO_LEFT_LETTER.search(str(text)) else "ltr"
