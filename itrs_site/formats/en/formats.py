"""English dates as ITU writes them ("19 January 2026", "19 Jan 2026"), instead of Django's
American defaults ("Jan. 19, 2026", "01/19/2026"). Templates name these formats (``|date:"DATE_FORMAT"``)
so that each language gets its own order and month names (Django's locale formats for the others)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
MONTH_DAY_FORMAT = "j F"
