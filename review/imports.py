"""Import positions from a CSV file with the positions CSV header of the design.

Only ``instrument``, ``margin``, ``participant`` and ``stance`` are required; a ``margin`` cell may
hold a list with ranges; a participant is written by name, slug or alias; a stance by word
(``abrogate``) or symbol (``SUP``). The other columns of the export (part, paragraph, symbol,
meeting, updated_at...) are accepted and ignored. Every row goes through positions_record, the
same service as the bulk entry page: first all of them as a dry run, collecting every error with
its line, column and value; then, if there is none, all of them in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import ngettext

from provisions.models import Instrument

from .exports import POSITIONS_CSV_HEADER, unneutralise
from .models import STANCE_SYMBOLS, Contribution, Participant, Stance, TorItem
from .position_services import PositionsError, RecordPlan, created_phrase, positions_record
from .services import UnknownParticipantError, participant_find, participant_index

POSITIONS_CSV_COLUMNS = list(POSITIONS_CSV_HEADER)
REQUIRED_COLUMNS = ["instrument", "margin", "participant", "stance"]


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        value = f" '{self.value}'" if self.value else ""
        return f"{where}{value}: {self.message}"


class ImportFileError(Exception):
    """The file cannot be imported; ``problems`` lists every error, each with line, column and value."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            ngettext("%(count)d error; nothing was imported.", "%(count)d errors; nothing was imported.", count)
            % {"count": count}
        )


@dataclass
class ImportReport:
    """What an import did (or would do): one plan per row."""

    plans: list[tuple[int, RecordPlan]] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(len(plan._with(action)) for _, plan in self.plans)

    def summary(self) -> str:
        rows = len(self.plans)
        return (
            f"{ngettext('%(count)d row', '%(count)d rows', rows) % {'count': rows}}: "
            f"{created_phrase(self.count('create'), dry_run=self.dry_run)}, "
            f"{self.count('update')} updated, {self.count('unchanged')} unchanged."
        )


def _stance_index() -> dict[str, str]:
    index = {}
    for stance in Stance:
        index[stance.value] = stance.value
        index[stance.label.casefold()] = stance.value
        index[STANCE_SYMBOLS[stance.value].casefold()] = stance.value
    return index


def _tor_index() -> dict[str, str]:
    index = {}
    for item in TorItem:
        index[item.value] = item.value
        index[f"{item.value})"] = item.value
        index[item.label.casefold()] = item.value
    return index


def _read_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportFileError([ImportProblem(1, "", "", "The file is empty: give a header row and rows.")]) from None
    except csv.Error as error:
        raise ImportFileError([ImportProblem(1, "", "", f"Not a readable CSV file ({error}).")]) from error
    rows = []
    problems = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(ImportProblem(start, "", "", f"Not a readable CSV row ({error})."))
            break
        if any(cell.strip() for cell in cells):
            if len(cells) > len(header):
                extra = ",".join(cells[len(header) :])
                problems.append(
                    ImportProblem(start, "", extra, f"The row has {len(cells)} cells, the header {len(header)}.")
                )
            rows.append((start, dict(zip(header, cells, strict=False))))
        start = reader.line_num + 1
    if problems:
        raise ImportFileError(problems)
    return header, rows


def _check_header(header: list[str]) -> list[ImportProblem]:
    problems = []
    for name in header:
        if name not in POSITIONS_CSV_COLUMNS:
            problems.append(
                ImportProblem(1, name, "", f"Not a column of the positions CSV ({', '.join(POSITIONS_CSV_COLUMNS)}).")
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(ImportProblem(1, name, "", "This required column is missing from the header."))
    return problems


def _row_arguments(line: int, row: dict[str, str], lookups: dict) -> tuple[dict, list[ImportProblem]]:
    """The arguments of positions_record for one row, or the problems that prevent it."""
    cell = {name: unneutralise((value or "").strip()) for name, value in row.items()}
    problems = []

    def problem(column: str, message: str) -> None:
        problems.append(ImportProblem(line, column, cell.get(column, ""), message))

    arguments = {
        "margins": cell.get("margin", ""),
        "rationale": cell.get("rationale", ""),
        "proposed_text": cell.get("proposed_text", ""),
    }
    for column in REQUIRED_COLUMNS:
        if not cell.get(column):
            problem(column, "This cell is required.")
    if cell.get("instrument"):
        arguments["instrument"] = lookups["instruments"].get(cell["instrument"].casefold())
        if arguments["instrument"] is None:
            problem("instrument", f"Unknown instrument; use {' or '.join(lookups['instrument_slugs'])}.")
    if cell.get("participant"):
        try:
            arguments["participant"] = participant_find(cell["participant"], index=lookups["participants"])
        except UnknownParticipantError as error:
            problem("participant", f"Unknown participant. {error.advice}")
    if cell.get("stance"):
        arguments["stance"] = lookups["stances"].get(cell["stance"].casefold())
        if arguments["stance"] is None:
            problem("stance", "Not a stance: use abrogate, retain, revise, add or SUP, NOC, MOD, ADD.")
    arguments["tor_item"] = ""
    if cell.get("tor_item"):
        arguments["tor_item"] = lookups["tor_items"].get(cell["tor_item"].casefold())
        if arguments["tor_item"] is None:
            problem("tor_item", "Not a ToR item: use a, b, c or other.")
    arguments["contribution"] = None
    if cell.get("contribution"):
        arguments["contribution"] = lookups["contributions"].get(cell["contribution"].casefold())
        if arguments["contribution"] is None:
            problem("contribution", "Unknown contribution: give its symbol, e.g. EG-ITRs-3/2.")
    return arguments, problems


# Which CSV column an error of positions_record is about.
SERVICE_FIELD_COLUMNS = {"margins": "margin", "participant": "participant", "stance": "stance"}


def positions_import(*, text: str, user, publish: bool = False, dry_run: bool = False) -> ImportReport:
    """Import every row of a positions CSV, or none: raises ImportFileError listing every problem.

    Rows become drafts unless ``publish``. A row that matches a position (same participant,
    provision, stance and contribution) updates it; it is never duplicated.
    """
    header, rows = _read_rows(text)
    problems = _check_header(header)
    if problems:
        raise ImportFileError(problems)
    instruments = {}
    for instrument in Instrument.objects.all():
        for key in (instrument.slug, instrument.short_name, str(instrument.year)):
            instruments[key.casefold()] = instrument
    lookups = {
        "instruments": instruments,
        "instrument_slugs": sorted(instrument.slug for instrument in Instrument.objects.all()),
        "participants": participant_index(Participant.objects.all()),
        "stances": _stance_index(),
        "tor_items": _tor_index(),
        "contributions": {contribution.symbol.casefold(): contribution for contribution in Contribution.objects.all()},
    }
    prepared = []
    for line, row in rows:
        arguments, row_problems = _row_arguments(line, row, lookups)
        if row_problems:
            problems.extend(row_problems)
            continue
        try:
            plan = positions_record(**arguments, user=user, publish=publish, dry_run=True)
        except PositionsError as error:
            problems.append(_service_problem(line, row, error))
            continue
        prepared.append((line, row, arguments, plan))
    if not rows and not problems:
        problems.append(ImportProblem(2, "", "", "The file has a header but no rows."))
    if problems:
        raise ImportFileError(problems)

    report = ImportReport(dry_run=dry_run)
    if dry_run:
        report.plans = [(line, plan) for line, _, _, plan in prepared]
        return report
    with transaction.atomic():
        for line, row, arguments, _ in prepared:
            try:
                plan = positions_record(**arguments, user=user, publish=publish)
            except PositionsError as error:
                raise ImportFileError([_service_problem(line, row, error)]) from error
            report.plans.append((line, plan))
    return report


def _service_problem(line: int, row: dict[str, str], error: PositionsError) -> ImportProblem:
    column = SERVICE_FIELD_COLUMNS.get(error.field, error.field or "")
    value = ", ".join(error.tokens) if error.tokens else unneutralise(row.get(column, "") or "")
    return ImportProblem(line, column, value, error.message.removesuffix(" Nothing was recorded."))
