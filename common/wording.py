"""Small pieces of wording that several messages share, in the reader's language."""

from django.utils.translation import pgettext


def alternatives(items) -> str:
    """``a or b or c``: ``items`` as alternatives, joined by the reader's word for "or"."""
    return pgettext("joins alternatives: SUP or MOD", " or ").join(str(item) for item in items)


def listed(items) -> str:
    """``a, b, c``: ``items`` joined by the reader's comma (Arabic "،", Chinese "，")."""
    return pgettext("joins the items of a list: a, b, c", ", ").join(str(item) for item in items)
