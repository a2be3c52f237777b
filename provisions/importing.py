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


def header_problems(header: list[str], *, known: list[str], what: str) -> list[ImportProblem]:
    """What is wrong with a CSV header row (names already lower-cased), in the order of the header:
    each repeated column with where it appears (reading rows by name, the last would silently win),
    each unknown column, each column without a name. All on line 1."""
    numbers_of: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        numbers_of.setdefault(name, []).append(number)
    problems: list[tuple[int, ImportProblem]] = []
    for name, numbers in numbers_of.items():
        if not name:
            problems += [
                (number, ImportProblem(1, "", "", f"Column {number} of the header has no name; name it or delete it."))
                for number in numbers
            ]
            continue
        if len(numbers) > 1:
            times = "twice" if len(numbers) == 2 else f"{len(numbers)} times"
            where = ", ".join(str(number) for number in numbers[:-1]) + f" and {numbers[-1]}"
            message = f"The header has this column {times} (columns {where}); give it once."
            problems.append((numbers[0], ImportProblem(1, name, "", message)))
        if name not in known:
            problems.append((numbers[0], ImportProblem(1, name, "", f"Not a column of {what} ({', '.join(known)}).")))
    return [problem for _, problem in sorted(problems, key=lambda item: item[0])]
