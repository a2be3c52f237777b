"""How a provision's standing in the sources is shown, the same way on every page and table: the
unverified mark, and the subject of a provision the sources never saw (a placeholder)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

# What a placeholder shows where a subject would be (Provision.is_placeholder).
NOT_VERIFIED = "not verified"


def unverified_mark(provision) -> SafeString | str:
    """A small, neutral "unverified" mark linked to the page that explains it, where the sources
    leave the provision's margin, paragraph or content unverified (``is_unverified``)."""
    if not provision.is_unverified:
        return ""
    return format_html(
        ' <a class="unverified-mark" href="{}#unverified">unverified<span class="visually-hidden">: '
        "what this means</span></a>",
        reverse("review:about-structure"),
    )


def shown_subject(provision, length: int | None = None) -> SafeString | str:
    """The subject to show (cut to ``length`` characters with an ellipsis where given): the
    provision's own, or for a placeholder a neutral "not verified" (its subject is a research
    note, not content)."""
    if provision.is_placeholder:
        return format_html('<span class="not-verified">{}</span>', NOT_VERIFIED)
    subject = provision.subject
    if length is not None and len(subject) > length:
        subject = subject[: length - 1].rstrip() + "…"
    return subject
