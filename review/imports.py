"""Import positions from a CSV file with the positions CSV header of the design.

Only ``instrument``, ``margin``, ``participant`` and ``stance`` are required; a ``margin`` cell may
hold a list with ranges; a participant is written by name, slug or alias; a stance by word
(``abrogate``) or symbol (``SUP``). The other columns of the export (part, paragraph, symbol,
meeting, updated_at...) are accepted and ignored. Key cells are read without surrounding spaces;
free text (rationale, proposed text) is kept exactly as written, so that an export imports back
as it was.

Every row is planned with the same service as the bulk entry page (``plan_record``), from what
the import loads once (instruments, provisions, participants, contributions, the positions of
the file's participants: a fixed number of queries whatever the size of the file), and checked
in memory, collecting every error with its line, column and value. Two rows that would record the
same position (participant, provision, stance and contribution), even through overlapping ranges,
are an error: the dry run and the real run always do the same thing. If there is no error, every
position is written in bulk, with its history, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.wording import alternatives
from provisions import history
from provisions.importing import ImportFileError, ImportProblem, header_problems, read_csv_rows
from provisions.margins import MarginIndex, MarginListError
from provisions.models import Instrument, Provision

from .exports import POSITIONS_CSV_HEADER, unneutralise
from .models import Contribution, Participant, Position, stance_from_text, tor_item_from_text
from .participants import UnknownParticipantError, participant_find, participant_index
from .position_services import (
    PositionKey,
    PositionsError,
    RecordPlan,
    check_record_request,
    created_phrase,
    margin_purpose,
    not_a_delegate_error,
    participant_ids_in_scope,
    plan_record,
    position_key,
    relations_phrase,
    write_plan,
)
from .statements import StandingIndex, provision_key

POSITIONS_CSV_COLUMNS = list(POSITIONS_CSV_HEADER)
REQUIRED_COLUMNS = ["instrument", "margin", "participant", "stance"]


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
            gettext("%(rows)s: %(created)s, %(updated)s updated, %(unchanged)s unchanged. %(relations)s")
            % {
                "rows": ngettext("%(count)d row", "%(count)d rows", rows) % {"count": rows},
                "created": created_phrase(self.count("create"), dry_run=self.dry_run),
                "updated": self.count("update"),
                "unchanged": self.count("unchanged"),
                "relations": relations_phrase([plan for _line, plan in self.plans]),
            }
        ).rstrip()


def _read_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    csv_rows = read_csv_rows(text)
    if not csv_rows.rows:
        if csv_rows.problem is not None:
            raise ImportFileError([csv_rows.problem.problem()])
        raise ImportFileError([ImportProblem(1, "", "", gettext("The file is empty: give a header row and rows."))])
    (_, header_cells), *body = csv_rows.rows
    header = [name.strip().lower() for name in header_cells]
    rows = []
    problems = []
    for line, cells in body:
        if any(cell.strip() for cell in cells):
            if len(cells) > len(header):
                extra = csv_rows.delimiter.join(cells[len(header) :])
                message = gettext("The row has %(cells)s cells, the header %(header)s.") % {
                    "cells": len(cells),
                    "header": len(header),
                }
                problems.append(ImportProblem(line, "", extra, message))
            rows.append((line, dict(zip(header, cells, strict=False))))
    if csv_rows.problem is not None:
        problems.append(csv_rows.problem.problem(header))
    if problems:
        raise ImportFileError(problems)
    return header, rows


def _check_header(header: list[str]) -> list[ImportProblem]:
    problems = header_problems(header, known=POSITIONS_CSV_COLUMNS, what=_("the positions CSV"))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(ImportProblem(1, name, "", gettext("This required column is missing from the header.")))
    return problems


# Cells that identify things: read without the spaces around them. The free text of rationale
# and proposed text is kept as written (an export imports back exactly), unless only spaces.
KEY_COLUMNS = ["instrument", "margin", "participant", "stance", "symbol", "tor_item", "contribution"]


def read_cell(column: str, value: str | None) -> str:
    """The value of a cell as the import uses it: neutralising undone, key cells stripped."""
    value = value or ""
    if not value.strip():
        return ""
    return unneutralise(value.strip() if column in KEY_COLUMNS else value)


@dataclass
class ImportLookups:
    """What rows refer to, loaded once per import (a fixed number of queries)."""

    instruments: dict[str, Instrument]
    instrument_slugs: list[str]
    margins: dict[int, MarginIndex]  # by instrument id
    participants: dict[str, Participant]  # participant_index
    contributions: dict[str, Contribution]
    submitters: dict[int, list[Participant]]  # by contribution id
    in_scope: set[int] | None  # the participants the user may act for; None for all
    unknown_participants: dict[str, UnknownParticipantError] = field(default_factory=dict)

    @classmethod
    def load(cls, user) -> ImportLookups:
        instruments = list(Instrument.objects.all())
        by_instrument: dict[int, list[Provision]] = {instrument.pk: [] for instrument in instruments}
        for provision in Provision.objects.all():
            by_instrument[provision.instrument_id].append(provision)
        contributions = list(Contribution.objects.prefetch_related("submitters"))
        return cls(
            instruments={
                key.casefold(): instrument
                for instrument in instruments
                for key in (instrument.slug, instrument.short_name, str(instrument.year))
            },
            instrument_slugs=sorted(instrument.slug for instrument in instruments),
            margins={
                instrument.pk: MarginIndex(instrument, by_instrument[instrument.pk]) for instrument in instruments
            },
            participants=participant_index(Participant.objects.all()),
            contributions={contribution.symbol.casefold(): contribution for contribution in contributions},
            submitters={contribution.pk: list(contribution.submitters.all()) for contribution in contributions},
            in_scope=participant_ids_in_scope(user),
        )

    def participant(self, value: str) -> Participant:
        """``participant_find`` over the loaded index; a value already refused is not searched again."""
        key = value.casefold()
        if key in self.unknown_participants:
            raise self.unknown_participants[key]
        try:
            return participant_find(value, index=self.participants)
        except UnknownParticipantError as error:
            self.unknown_participants[key] = error
            raise


def _row_arguments(line: int, row: dict[str, str], lookups: ImportLookups) -> tuple[dict, list[ImportProblem]]:
    """The arguments of the bulk entry for one row, or the problems that prevent it."""
    cell = {name: read_cell(name, value) for name, value in row.items()}
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
            problem(column, gettext("This cell is required."))
    if cell.get("instrument"):
        arguments["instrument"] = lookups.instruments.get(cell["instrument"].casefold())
        if arguments["instrument"] is None:
            problem(
                "instrument",
                gettext("Unknown instrument; use %(instruments)s.")
                % {"instruments": alternatives(lookups.instrument_slugs)},
            )
    if cell.get("participant"):
        try:
            arguments["participant"] = lookups.participant(cell["participant"])
        except UnknownParticipantError as error:
            problem("participant", gettext("Unknown participant. %(advice)s") % {"advice": error.advice})
    if cell.get("stance"):
        arguments["stance"] = stance_from_text(cell["stance"])
        if arguments["stance"] is None:
            problem("stance", gettext("Not a stance: use abrogate, retain, revise, add or SUP, NOC, MOD, ADD."))
    arguments["tor_item"] = ""
    if cell.get("tor_item"):
        arguments["tor_item"] = tor_item_from_text(cell["tor_item"])
        if arguments["tor_item"] is None:
            problem("tor_item", gettext("Not a ToR item: use a, b, c or other."))
    arguments["contribution"] = None
    if cell.get("contribution"):
        arguments["contribution"] = lookups.contributions.get(cell["contribution"].casefold())
        if arguments["contribution"] is None:
            problem("contribution", gettext("Unknown contribution: give its symbol, e.g. EG-ITRs-3/2."))
    return arguments, problems


# Which CSV column an error of the bulk entry service is about.
SERVICE_FIELD_COLUMNS = {"margins": "margin", "participant": "participant", "stance": "stance"}


@dataclass
class RowRequest:
    """One valid row: what it asks, and the provisions its margin cell names."""

    line: int
    row: dict[str, str]
    arguments: dict
    provisions: list[Provision]

    def position_keys(self) -> list[tuple[PositionKey, Provision]]:
        arguments = self.arguments
        contribution = arguments["contribution"]
        return [
            (
                (
                    arguments["participant"].pk,
                    provision_key(provision),
                    arguments["stance"],
                    contribution and contribution.pk,
                ),
                provision,
            )
            for provision in self.provisions
        ]


def _check_row(line: int, row: dict[str, str], lookups: ImportLookups) -> tuple[RowRequest | None, list[ImportProblem]]:
    """A row as a request of the bulk entry, checked in memory as positions_record checks it."""
    arguments, problems = _row_arguments(line, row, lookups)
    if problems:
        return None, problems
    try:
        if lookups.in_scope is not None and arguments["participant"].pk not in lookups.in_scope:
            raise not_a_delegate_error(arguments["participant"])
        check_record_request(
            stance=arguments["stance"], tor_item=arguments["tor_item"], proposed_text=arguments["proposed_text"]
        )
        try:
            provisions = lookups.margins[arguments["instrument"].pk].resolve(
                arguments["margins"], purpose=margin_purpose(arguments["stance"])
            )
        except MarginListError as error:
            raise PositionsError(error.message, field="margins", tokens=error.tokens) from error
    except PositionsError as error:
        return None, [_service_problem(line, row, error)]
    return RowRequest(line, row, arguments, provisions), []


def _repeated_positions(requests: list[RowRequest]) -> list[ImportProblem]:
    """Rows that would record the same position as an earlier row: each named with that row.

    Unless both rows name exactly the same provisions, the margins in common are named too (rows
    that overlap through ranges: ``16-20`` and ``19-22``).
    """
    first_line: dict[PositionKey, int] = {}
    provisions_of: dict[int, set[int]] = {}
    problems = []
    for request in requests:
        provisions_of[request.line] = {provision_key(provision) for provision in request.provisions}
        repeated: dict[int, list[str]] = {}
        for key, provision in request.position_keys():
            if key in first_line:
                repeated.setdefault(first_line[key], []).append(provision.margin)
            else:
                first_line[key] = request.line
        for earlier, margins in repeated.items():
            if provisions_of[earlier] != provisions_of[request.line]:
                shown = ", ".join(margins[:10]) + (", …" if len(margins) > 10 else "")
                noun = ngettext("margin %(margins)s is in both", "margins %(margins)s are in both", len(margins))
                message = gettext(
                    "same participant, provision, stance and contribution as line %(line)s (%(margins)s)."
                ) % {"line": earlier, "margins": noun % {"margins": shown}}
            else:
                message = gettext("same participant, provision, stance and contribution as line %(line)s.") % {
                    "line": earlier
                }
            problems.append(ImportProblem(request.line, "", "", message))
    return problems


def _existing_positions(requests: list[RowRequest], *, lock: bool) -> dict[PositionKey, Position]:
    """The stored positions the rows may update, by key: one query (locked for a real run)."""
    participant_ids = {request.arguments["participant"].pk for request in requests}
    stances = {request.arguments["stance"] for request in requests}
    positions = Position.objects.filter(participant_id__in=participant_ids, stance__in=stances)
    if lock:
        # The positions only (of=self), never joined provisions or participants (see positions_record).
        positions = positions.select_for_update(of=("self",))
    return {position_key(position): position for position in positions}


def positions_import(
    *, text: str, user, publish: bool = False, dry_run: bool = False, source: str = ""
) -> ImportReport:
    """Import every row of a positions CSV, or none: raises ImportFileError listing every problem.

    Rows become drafts unless ``publish``. A row that matches a position (same participant,
    provision, stance and contribution) updates it; it is never duplicated, and two rows that
    match the same position are an error. ``source`` (the file's name) goes into the history.
    The dry run plans exactly as the real run does, and writes nothing.
    """
    header, rows = _read_rows(text)
    problems = _check_header(header)
    if problems:
        raise ImportFileError(problems)
    with transaction.atomic():
        lookups = ImportLookups.load(user)
        requests = []
        for line, row in rows:
            request, row_problems = _check_row(line, row, lookups)
            problems.extend(row_problems)
            if request is not None:
                requests.append(request)
        if not rows:
            problems.append(ImportProblem(2, "", "", gettext("The file has a header but no rows.")))
        problems.extend(_repeated_positions(requests))
        if problems:
            raise ImportFileError(sorted(problems, key=lambda problem: problem.line))

        existing = _existing_positions(requests, lock=not dry_run)
        standing = StandingIndex.load(participant_ids={request.arguments["participant"].pk for request in requests})
        report = ImportReport(dry_run=dry_run)
        for request in requests:
            arguments = request.arguments
            contribution = arguments["contribution"]
            try:
                plan = plan_record(
                    **{name: value for name, value in arguments.items() if name != "margins"},
                    provisions=request.provisions,
                    publish=publish,
                    existing=existing,
                    submitters=lookups.submitters[contribution.pk] if contribution else [],
                    standing=standing,
                    dry_run=dry_run,
                )
            except PositionsError as error:
                problems.append(_service_problem(request.line, request.row, error))
                continue
            report.plans.append((request.line, plan))
        if problems:
            raise ImportFileError(problems)
        if not dry_run:
            items = [item for _, plan in report.plans for item in plan.items]
            write_plan(items, user=user, reason=history.change_reason(history.imported_from(source), user=user))
    return report


def _service_problem(line: int, row: dict[str, str], error: PositionsError) -> ImportProblem:
    column = SERVICE_FIELD_COLUMNS.get(error.field, error.field or "")
    value = ", ".join(error.tokens) if error.tokens else read_cell(column, row.get(column, ""))
    return ImportProblem(line, column, value, error.problem)
