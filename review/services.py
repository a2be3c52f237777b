"""Writes that matter for the review: loading the real record of the EG-ITRs. Finding a participant as people
write it (name, slug or alias)."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from provisions import history
from provisions.margins import MarginListError, resolve_margin_list
from provisions.models import Instrument
from provisions.services import LoadReport, ReferenceDataError, sync_row

from .models import Contribution, ContributionSubmitter, Meeting, Participant, Position, PositionState

RECORD_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "eg_itrs_record.toml"


class RecordError(Exception):
    """The record file cannot be loaded as it is; the message names the bad value."""


def read_record(path: Path = RECORD_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def participant_index(participants) -> dict[str, Participant]:
    """Every way of writing a participant (name, slug, aliases), folded to lower case."""
    index: dict[str, Participant] = {}
    for participant in participants:
        for name in [participant.name, participant.slug, *participant.alias_list]:
            index[name.casefold()] = participant
    return index


class UnknownParticipantError(LookupError):
    """No participant is written like ``value``; ``advice`` suggests close matches where there are some."""

    def __init__(self, value: str, suggestions: list[Participant]):
        self.value = value
        self.suggestions = suggestions
        if suggestions:
            self.advice = f"Did you mean {' or '.join(participant.name for participant in suggestions)}?"
        else:
            self.advice = "Give its name, slug or an alias, as the participants list shows."
        self.message = f"Unknown participant '{value}'. {self.advice}"
        super().__init__(self.message)


def participant_find(value: str, *, index: dict[str, Participant] | None = None) -> Participant:
    """The participant written as ``value``: its name, slug or an alias, in any case.

    The one lookup of a participant by what a person types (the imports, ``add_delegate``). Pass
    ``index`` (from ``participant_index``) to look up many values for one query. Raises
    UnknownParticipantError naming the value, with up to three close matches.
    """
    if index is None:
        index = participant_index(Participant.objects.all())
    key = " ".join(value.split()).casefold()
    participant = index.get(key)
    if participant is not None:
        return participant
    raise UnknownParticipantError(value.strip(), _close_matches(key, index))


def _close_matches(key: str, index: dict[str, Participant], limit: int = 3) -> list[Participant]:
    """Participants written like ``key``, best first: similar spellings ("Germny"), and names that
    begin with or contain it ("Russia": "Russian Federation" first, then "PJSC (Russian Federation)")."""
    scored = []
    for name, participant in index.items():
        score = difflib.SequenceMatcher(None, key, name).ratio()
        if len(key) >= 3 and name.startswith(key):
            score += 1
        elif len(key) >= 3 and key in name:
            score += 0.5
        if score >= 0.7:
            scored.append((-score, name, participant))
    return list(dict.fromkeys(participant for _, _, participant in sorted(scored, key=lambda item: item[:2])))[:limit]


def _symbol_parts(symbol: str) -> tuple[int, int]:
    try:
        meeting, number = symbol.removeprefix("EG-ITRs-").split("/")
        return int(meeting), int(number)
    except ValueError as error:
        raise RecordError(f"'{symbol}' is not a document symbol like EG-ITRs-3/2.") from error


def _load_participants(record: dict, report: LoadReport) -> dict[str, Participant]:
    for entry in record["participants"]:
        sync_row(
            Participant,
            report,
            lookup={"slug": entry["slug"]},
            values={
                "name": entry["name"],
                "kind": entry["kind"],
                "region": entry.get("region", ""),
                "aliases": "\n".join(entry.get("aliases", [])),
            },
        )
    return participant_index(Participant.objects.all())


def _load_contributions(record: dict, report: LoadReport, participants: dict[str, Participant]) -> None:
    meetings = {}
    for entry in record["meetings"]:
        meetings[entry["number"]] = sync_row(
            Meeting,
            report,
            lookup={"number": entry["number"]},
            values={"start_date": entry["start_date"], "end_date": entry["end_date"]},
        )
    for entry in record["contributions"]:
        meeting_number, number = _symbol_parts(entry["symbol"])
        if meeting_number not in meetings:
            raise RecordError(f"{entry['symbol']}: there is no meeting {meeting_number}.")
        contribution = sync_row(
            Contribution,
            report,
            lookup={"symbol": entry["symbol"]},
            values={
                "meeting": meetings[meeting_number],
                "number": number,
                "title": entry["title"],
                "is_late": entry.get("late", False),
            },
        )
        for order, name in enumerate(entry["submitters"], start=1):
            participant = participants.get(name.casefold())
            if participant is None:
                raise RecordError(f"{entry['symbol']}: submitter '{name}' is not a known participant or alias.")
            sync_row(
                ContributionSubmitter,
                report,
                lookup={"contribution": contribution, "participant": participant},
                values={"order": order},
            )


def _load_review(record: dict, report: LoadReport, participants: dict[str, Participant]) -> None:
    review = record["review"]
    participant = participants[review["participant"]]
    instrument = Instrument.objects.get(slug=review["instrument"])
    contribution = Contribution.objects.filter(symbol=review["contribution"]).first()
    if contribution is None:
        raise RecordError(f"The review's source document '{review['contribution']}' is not in the record.")
    published_at = timezone.now()
    for statement in review["statements"]:
        try:
            provisions = resolve_margin_list(statement["margins"], instrument=instrument)
        except MarginListError as error:
            raise RecordError(f"Annex {statement['section']}: {error.message}") from error
        by_margin = statement.get("by_margin", {})
        for provision in provisions:
            details = by_margin.get(provision.margin, {})
            lookup = {
                "participant": participant,
                "provision": provision,
                "stance": statement["stance"],
                "contribution": contribution,
            }
            # Positions belong to their participant once loaded: a later run never
            # overwrites or deletes them, it only adds what is missing.
            if Position.objects.filter(**lookup).exists():
                report.note("positions", "unchanged")
                continue
            position = Position(
                **lookup,
                tor_item=statement["tor_item"],
                rationale=details.get("rationale", statement["rationale"]),
                proposed_text=details.get("proposed_text", ""),
                state=PositionState.PUBLISHED,
                published_at=published_at,
            )
            position._change_reason = history.change_reason(history.LOADED, user=None)
            position.full_clean()
            position.save()
            report.note("positions", "created")


@transaction.atomic
def record_load(*, report: LoadReport, path: Path = RECORD_FILE) -> None:
    """Load meetings, participants, contributions and the Annex review from the record file.

    Idempotent: a second run changes nothing, and positions already present (whoever edited
    them since) are never overwritten or deleted. The reference structure must be loaded first.
    """
    record = read_record(path)
    try:
        participants = _load_participants(record, report)
        _load_contributions(record, report, participants)
        _load_review(record, report, participants)
    except (KeyError, ReferenceDataError) as error:
        raise RecordError(f"{path.name}: missing or unknown entry {error}.") from error
