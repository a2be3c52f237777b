"""A meeting's dates, one way everywhere and in the language being read, as a value that a
sentence to translate can hold (``{% blocktranslate with dates=meeting|meeting_dates %}``)."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def meeting_dates(meeting) -> str:
    """The dates: "19 January 2026", "30 September – 1 October 2024", "30 December 2024 – 2 January 2025"
    in English; each language's own order and month names otherwise (itrs_site/formats/)."""
    start, end = meeting.start_date, meeting.end_date
    if start == end:
        return date_format(end, "DATE_FORMAT")
    first = date_format(start, "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT")
    last = date_format(end, "DATE_FORMAT")
    return pgettext("a range of dates", "%(start)s – %(end)s") % {"start": first, "end": last}
