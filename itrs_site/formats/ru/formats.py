"""Russian: a day and month without the year in the genitive ("30 сентября – 1 октября 2024 г."),
as Django's DATE_FORMAT already has it; Django's MONTH_DAY_FORMAT uses the nominative ("30 Сентябрь")."""

MONTH_DAY_FORMAT = "j E"
