"""Template helpers of the drafting documents: word diffs on pages, and styles inlined into print HTML."""

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

from provisions.wordiff import word_diff

register = template.Library()


@register.filter
def diff_from(new: str, old: str) -> str:
    """``new`` as a word-level difference from ``old``: ``<del>``/``<ins>`` around the changes, every
    text escaped (``{{ proposed_text|diff_from:provision.text }}``)."""
    return mark_safe(word_diff(old or "", new or "").html())  # noqa: S308 - WordDiff.html escapes every text


@register.simple_tag
def inline_static(path: str) -> str:
    """A static stylesheet's content, for the print HTML that WeasyPrint typesets: it fetches nothing,
    so styles come inline; the pages link the same file."""
    found = finders.find(path)
    if found is None:
        raise template.TemplateSyntaxError(f"No static file {path!r}.")
    with open(found, encoding="utf-8") as handle:
        return mark_safe(handle.read())  # noqa: S308 - our own stylesheet
