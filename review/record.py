"""Loading the real record of the EG-ITRs (fixtures/eg_itrs_record.toml): meetings, participants,
documents and their submitters, and the Annex review, without undoing users' work."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from loading.sync import LoadError, LoadReport, RecordRow, rows_sync
from provisions import history
from provisions.margins import MarginIndex, MarginListError, margin_sort_key
from provisions.models import Instrument, Provision
from provisions.reference import ReferenceDataError, reference_margins

from .models import (
    STANCE_SYMBOLS,
    Contribution,
    ContributionSubmitter,
    Meeting,
    Participant,
    Position,
    PositionState,
)

RECORD_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "eg_itrs_record.toml"


class RecordError(LoadError):
    """The record file cannot be loaded as it is; the message names the bad value."""


def read_record(path: Path = RECORD_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _symbol_parts(symbol: str) -> tuple[int, int]:
    try:
        meeting, number = symbol.removeprefix("EG-ITRs-").split("/")
        return int(meeting), int(number)
    except ValueError as error:
        raise RecordError(f"'{symbol}' is not a document symbol like EG-ITRs-3/2.") from error


def _key(*parts) -> str:
    """A natural key as the ledger keeps it: ``EG-ITRs-3/2|hill``."""
    return "|".join(str(part) for part in parts)


def _record_names(record: dict) -> dict[str, str]:
    """Every way the record writes a participant (name, slug, aliases), folded, to its slug.

    Names in the record resolve through the record itself, not through the database, so that a
    participant a user renamed, re-aliased or deleted cannot break the load."""
    names = {}
    for entry in record["participants"]:
        for name in [entry["name"], entry["slug"], *entry.get("aliases", [])]:
            names[name.casefold()] = entry["slug"]
    return names


def _load_participants(record: dict, report: LoadReport, reason: str) -> dict[str, Participant]:
    rows = [
        RecordRow(
            key=entry["slug"],
            label=f"Participant {entry['slug']}",
            lookup={"slug": entry["slug"]},
            values={
                "name": entry["name"],
                "kind": entry["kind"],
                "region": entry.get("region", ""),
                "aliases": "\n".join(entry.get("aliases", [])),
            },
        )
        for entry in record["participants"]
    ]
    existing = {participant.slug: participant for participant in Participant.objects.all()}
    return rows_sync(Participant, rows, existing=existing, report=report, reason=reason)


def _load_contributions(
    record: dict, report: LoadReport, reason: str, participants: dict[str, Participant]
) -> dict[str, Contribution]:
    meetings = rows_sync(
        Meeting,
        [
            RecordRow(
                key=str(entry["number"]),
                label=f"Meeting {entry['number']}",
                lookup={"number": entry["number"]},
                values={"start_date": entry["start_date"], "end_date": entry["end_date"]},
            )
            for entry in record["meetings"]
        ],
        existing={str(meeting.number): meeting for meeting in Meeting.objects.all()},
        report=report,
        reason=reason,
    )
    meeting_numbers = {entry["number"] for entry in record["meetings"]}
    rows = []
    for entry in record["contributions"]:
        meeting_number, number = _symbol_parts(entry["symbol"])
        if meeting_number not in meeting_numbers:
            raise RecordError(f"{entry['symbol']}: there is no meeting {meeting_number}.")
        meeting = meetings.get(str(meeting_number))
        if meeting is None:
            report.note("contributions", "orphaned")
            continue
        rows.append(
            RecordRow(
                key=entry["symbol"],
                label=f"Contribution {entry['symbol']}",
                lookup={"symbol": entry["symbol"]},
                values={
                    "meeting": meeting,
                    "number": number,
                    "title": entry["title"],
                    "is_late": entry.get("late", False),
                },
            )
        )
    contributions = rows_sync(
        Contribution,
        rows,
        existing={contribution.symbol: contribution for contribution in Contribution.objects.all()},
        report=report,
        reason=reason,
    )
    names = _record_names(record)
    rows = []
    for entry in record["contributions"]:
        for order, name in enumerate(entry["submitters"], start=1):
            slug = names.get(name.casefold())
            if slug is None:
                raise RecordError(f"{entry['symbol']}: submitter '{name}' is not a known participant or alias.")
            contribution, participant = contributions.get(entry["symbol"]), participants.get(slug)
            if contribution is None or participant is None:
                report.note("contribution submitters", "orphaned")
                continue
            rows.append(
                RecordRow(
                    key=_key(entry["symbol"], slug),
                    label=f"Submitter {slug} of {entry['symbol']}",
                    lookup={"contribution": contribution, "participant": participant},
                    values={"order": order},
                )
            )
    existing = {
        _key(link.contribution.symbol, link.participant.slug): link
        for link in ContributionSubmitter.objects.select_related("contribution", "participant")
    }
    rows_sync(ContributionSubmitter, rows, existing=existing, report=report, reason=reason)
    return contributions


def _position_loaded_again(position: Position) -> list[str]:
    # An edit based on the version before the record's change is refused, as any stale edit is; the
    # change is the loader's (no user), as its history says.
    position.version += 1
    position.updated_at = timezone.now()
    position.updated_by = None
    return ["version", "updated_at", "updated_by"]


def _load_review(
    record: dict,
    report: LoadReport,
    reason: str,
    participants: dict[str, Participant],
    contributions: dict[str, Contribution],
) -> None:
    review = record["review"]
    slug = _record_names(record).get(review["participant"].casefold())
    if slug is None:
        raise RecordError(f"The review's participant '{review['participant']}' is not in the record.")
    if review["contribution"] not in {entry["symbol"] for entry in record["contributions"]}:
        raise RecordError(f"The review's source document '{review['contribution']}' is not in the record.")
    # The Annex's margin lists are checked against the reference table, not against what users left.
    reference = reference_margins(review["instrument"])
    margins = MarginIndex(
        Instrument(slug=review["instrument"]),
        [Provision(margin=margin, sort_key=margin_sort_key(margin)) for margin in reference],
    )
    statements = []
    for statement in review["statements"]:
        try:
            statements.append((statement, [provision.margin for provision in margins.resolve(statement["margins"])]))
        except MarginListError as error:
            raise RecordError(f"Annex {statement['section']}: {error.message}") from error
    total = sum(len(statement_margins) for _, statement_margins in statements)
    participant = participants.get(slug)
    instrument = Instrument.objects.filter(slug=review["instrument"]).first()
    contribution = contributions.get(review["contribution"])
    if participant is None or instrument is None or contribution is None:
        report.note("positions", "orphaned", total)
        return
    provisions = {provision.margin: provision for provision in Provision.objects.filter(instrument=instrument)}

    def position_key(margin: str, stance: str) -> str:
        return _key(slug, instrument.slug, margin, stance, contribution.symbol)

    published_at = timezone.now()
    rows = []
    for statement, statement_margins in statements:
        by_margin = statement.get("by_margin", {})
        for margin in statement_margins:
            if margin not in provisions:
                report.note("positions", "orphaned")
                continue
            details = by_margin.get(margin, {})
            rows.append(
                RecordRow(
                    key=position_key(margin, statement["stance"]),
                    label=(
                        f"Position {slug} {STANCE_SYMBOLS[statement['stance']]} {instrument.year} margin {margin} "
                        f"({contribution.symbol})"
                    ),
                    lookup={
                        "participant": participant,
                        "provision": provisions[margin],
                        "stance": statement["stance"],
                        "contribution": contribution,
                    },
                    values={
                        "tor_item": statement["tor_item"],
                        "rationale": details.get("rationale", statement["rationale"]),
                        "proposed_text": details.get("proposed_text", ""),
                        "state": PositionState.PUBLISHED,
                    },
                    created_with={"published_at": published_at},
                )
            )
    margins_by_id = {provision.pk: margin for margin, provision in provisions.items()}
    # Locked (PostgreSQL) so that a delegate's edit cannot slip in between this read and an update.
    loaded = (
        Position.objects.filter(participant=participant, contribution=contribution, provision__instrument=instrument)
        .select_for_update(of=("self",))
        .order_by()
    )
    existing = {position_key(margins_by_id[position.provision_id], position.stance): position for position in loaded}

    def deleted_before_ledger() -> set[str]:
        deletions = Position.history.filter(
            history_type="-",
            participant_id=participant.pk,
            contribution_id=contribution.pk,
            provision_id__in=margins_by_id,
        )
        return {
            position_key(margins_by_id[provision_id], stance)
            for provision_id, stance in deletions.values_list("provision_id", "stance")
        }

    rows_sync(
        Position,
        rows,
        existing=existing,
        report=report,
        reason=reason,
        on_update=_position_loaded_again,
        deleted_before_ledger=deleted_before_ledger,
    )


@transaction.atomic
def record_load(*, report: LoadReport, path: Path = RECORD_FILE) -> None:
    """Load meetings, participants, contributions and the Annex review from the record file, under
    the contract of ``loading.sync``: what is missing is created; what users changed or deleted is
    left as it is and reported. A second run changes nothing. The reference structure must be
    loaded first."""
    record = read_record(path)
    reason = history.change_reason(history.LOADED, user=None)
    try:
        participants = _load_participants(record, report, reason)
        contributions = _load_contributions(record, report, reason, participants)
        _load_review(record, report, reason, participants, contributions)
    except (KeyError, ReferenceDataError) as error:
        raise RecordError(f"{path.name}: missing or unknown entry {error}.") from error
