"""Database functions the exports need, written for each engine we support."""

from django.db import models


class UtcIsoSeconds(models.Func):
    """A datetime as ISO 8601 text in UTC to the second (``2026-12-01T09:30:00+00:00``), exactly what
    ``value.isoformat(timespec="seconds")`` gives for an aware UTC datetime, formatted by the database:
    parsing 30,000 datetimes into Python objects only to print them again cost a fifth of the positions
    export (benchmarks/RESULTS-load.md)."""

    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]"; strftime truncates the fraction, as isoformat does.
        # The format goes as a parameter: its % signs then need no escaping.
        strftime = models.Func(
            models.Value("%Y-%m-%dT%H:%M:%S+00:00"), *self.get_source_expressions(), function="strftime"
        )
        return strftime.as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="""to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')""",
            **extra_context,
        )
