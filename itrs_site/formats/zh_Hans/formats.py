"""Chinese: a day and month without the year as Chinese writes them ("9月30日"); Django's
MONTH_DAY_FORMAT pads the month ("09月30日"), which its DATE_FORMAT ("2024年9月30日") does not."""

MONTH_DAY_FORMAT = "n月j日"
