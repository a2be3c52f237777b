"""What every import reports: problems with their line, column and value, and all-or-nothing failure."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import ngettext


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in an uploaded file, named so that a person can find and fix it."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        value = f" '{self.value}'" if self.value else ""
        return f"{where}{value}: {self.message}"


class ImportFileError(Exception):
    """The file cannot be imported; ``problems`` lists every error. Nothing was written."""

    outcome = "nothing was imported"

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            ngettext("%(count)d error; %(outcome)s.", "%(count)d errors; %(outcome)s.", count)
            % {"count": count, "outcome": self.outcome}
        )
