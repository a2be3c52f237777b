"""Reads for the drafting documents: the rows each document is built from, in a fixed number of queries.

Each function takes the page's ``Selection`` (the valid filters, with the ``as_of`` meeting), reads plain
rows with ``values()`` and hands them to the document's builder, so that the HTML page and every export
of a document call one function and say the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from common.wording import alternatives
from provisions.margin_lists import compress_margins
from provisions.margins import margin_sort_key
from provisions.models import Instrument, Provision

from ..models import STANCE_SYMBOLS, Meeting, Participant, Position, Stance, TorItem
from ..selectors import Selection
from .compilation import Compilation, MeetingRow, ProvisionRow, StatementRow, compilation_build, long_date

PROVISION_FIELDS = {
    "pk": "pk",
    "margin": "margin",
    "sort_key": "sort_key",
    "part_kind": "part__kind",
    "part_number": "part__number",
    "part_heading": "part__heading",
    "part_order": "part__order",
    "final_acts_margin": "final_acts_margin",
    "paragraph": "paragraph",
    "subject": "subject",
    "text": "text",
    "is_proposed": "is_proposed",
}
STATEMENT_FIELDS = {
    "provision_id": "provision_id",
    "participant_name": "participant__name",
    "participant_slug": "participant__slug",
    "stance": "stance",
    "proposed_text": "proposed_text",
    "rationale": "rationale",
    "contribution_symbol": "contribution__symbol",
    "stated_on": "stated_on",
}


def provision_rows(provisions) -> list[ProvisionRow]:
    return [
        ProvisionRow(**{name: row[lookup] for name, lookup in PROVISION_FIELDS.items()})
        for row in provisions.order_by("sort_key").values(*PROVISION_FIELDS.values())
    ]


def statement_rows(statements) -> list[StatementRow]:
    return [
        StatementRow(
            **{
                name: (row[lookup] if row[lookup] is not None else "") if name != "stated_on" else row[lookup]
                for name, lookup in STATEMENT_FIELDS.items()
            }
        )
        for row in statements.with_stated_on().order_by().values(*STATEMENT_FIELDS.values())
    ]


def meeting_row(meeting: Meeting | None) -> MeetingRow | None:
    if meeting is None:
        return None
    return MeetingRow(number=meeting.number, start_date=meeting.start_date, end_date=meeting.end_date)


def compilation_for(
    *, selection: Selection, instrument: Instrument, filters=(), today: date | None = None
) -> Compilation:
    """The compilation of options of ``instrument``'s provisions that the filters select, from the
    current statements at the end of meeting ``selection.as_of`` (or now). Four queries."""
    as_of = selection.as_of
    provisions = selection.provisions(Provision.objects.filter(instrument=instrument))
    # The text search chooses provisions (their margin, subject, text, or a statement on them); every
    # current statement on a chosen provision is an option, whatever its own words.
    statements = selection.current(search=False).filter(provision__in=provisions.values("pk"))
    if selection.selects_positions:
        # A participant or position filter: the provisions on which a selected statement stands.
        provisions = provisions.filter(pk__in=statements.values("provision"))
    latest = as_of or Meeting.objects.order_by("-number").first()
    return compilation_build(
        instrument_name=instrument.shown_name,
        provisions=provision_rows(provisions),
        statements=statement_rows(statements),
        generated_on=today or timezone.localdate(),
        cutoff=meeting_row(latest),
        is_as_of=as_of is not None,
        filters=filters,
    )


# ---------------------------------------------------------------------------------------------
# The Annex summary.

SUMMARY_CSV_HEADER = ("participant", "stance", "symbol", "tor_item", "count", "margins")
TOR_ORDER = {item: index for index, item in enumerate([*TorItem.values, ""])}
STANCE_ORDER = {stance: index for index, stance in enumerate(Stance.values)}


@dataclass(frozen=True)
class SummaryRow:
    participant: str
    participant_slug: str
    stance: str
    tor_item: str
    margins: tuple[str, ...]
    compressed: str

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[self.stance]

    @property
    def count(self) -> int:
        return len(self.margins)

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label

    @property
    def tor_label(self) -> str:
        return TorItem(self.tor_item).label if self.tor_item else gettext("No ToR item given")

    def csv_row(self) -> tuple:
        return (self.participant, self.stance, self.symbol, self.tor_item, self.count, self.compressed)


@dataclass(frozen=True)
class Summary:
    instrument_name: str
    as_of: MeetingRow | None
    rows: tuple[SummaryRow, ...]
    generated_on: date

    @property
    def by_participant(self) -> list[tuple[str, list[SummaryRow]]]:
        grouped: dict[str, list[SummaryRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.participant, []).append(row)
        return list(grouped.items())


def summary_for(*, selection: Selection, instrument: Instrument, today: date | None = None) -> Summary:
    """The Annex in its own form: per participant, ToR item and stance, the margins of the current
    statements (at ``selection.as_of``) as a compressed list (ranges over consecutive provisions of the
    instrument). Two queries."""
    # Ranges run over the provisions the instrument has, as statements read them: a proposed 29A
    # does not break 28-30 (a range in a statement never takes it), and is listed on its own.
    universe = list(Provision.objects.in_instrument().filter(instrument=instrument).values_list("margin", flat=True))
    statements = (
        selection.current(search=True)
        .filter(provision__instrument=instrument)
        .order_by()
        .values_list("participant__name", "participant__slug", "stance", "tor_item", "provision__margin")
    )
    grouped: dict[tuple, set[str]] = defaultdict(set)
    for name, slug, stance, tor_item, margin in statements:
        grouped[name, slug, stance, tor_item].add(margin)
    rows = []
    for (name, slug, stance, tor_item), margins in grouped.items():
        rows.append(
            SummaryRow(
                participant=name,
                participant_slug=slug,
                stance=stance,
                tor_item=tor_item,
                margins=tuple(sorted(margins, key=margin_sort_key)),
                compressed=compress_margins(margins, instrument_margins=universe),
            )
        )
    # Each participant's rows as the Annex orders them: by ToR item, then stance.
    rows.sort(key=lambda row: (row.participant.casefold(), TOR_ORDER.get(row.tor_item, 9), STANCE_ORDER[row.stance]))
    return Summary(
        instrument_name=instrument.shown_name,
        as_of=meeting_row(selection.as_of),
        rows=tuple(rows),
        generated_on=today or timezone.localdate(),
    )


# ---------------------------------------------------------------------------------------------
# A delegation's brief.


@dataclass(frozen=True)
class BriefProvision:
    margin: str
    sort_key: str
    subject: str
    url: str
    stances: tuple[str, ...]
    # Who else holds each of its stances, and who holds only other stances (with those stances).
    shared_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    opposed_by: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def symbols(self) -> str:
        return alternatives(STANCE_SYMBOLS[stance] for stance in self.stances)

    @property
    def stance_items(self) -> list[tuple[str, str]]:
        """(stance, symbol) of each of its stances, for templates."""
        return [(stance, STANCE_SYMBOLS[stance]) for stance in self.stances]

    @property
    def shared_items(self) -> list[tuple[str, tuple[str, ...]]]:
        """(symbol, names) for each of its stances that someone else holds too."""
        return [(STANCE_SYMBOLS[stance], names) for stance, names in self.shared_by.items() if names]

    @property
    def opposed_items(self) -> list[tuple[str, str]]:
        """(name, ``SUP or MOD``) for each participant holding none of its stances."""
        return [(name, alternatives(STANCE_SYMBOLS[stance] for stance in stances)) for name, stances in self.opposed_by]


@dataclass(frozen=True)
class Agreement:
    participant: str
    slug: str
    both: int  # provisions on which both hold a current stance
    agreed: int  # of those, where they share a stance

    @property
    def rate(self) -> float:
        return self.agreed / self.both if self.both else 0.0

    @property
    def percent(self) -> str:
        return gettext("%(percent)s%%") % {"percent": round(100 * self.rate)}


@dataclass(frozen=True)
class BriefChange:
    margin: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def kind(self) -> str:
        if not self.before:
            return "new"
        if not self.after:
            return "withdrawn"
        return "changed"

    @property
    def kind_label(self) -> str:
        """The kind in the reader's language."""
        return {
            "new": pgettext("a change of stance", "new"),
            "withdrawn": pgettext("a change of stance", "withdrawn"),
            "changed": pgettext("a change of stance", "changed"),
        }[self.kind]

    @property
    def description(self) -> str:
        def symbols(stances):
            return alternatives(STANCE_SYMBOLS[stance] for stance in stances) or pgettext("no stance", "none")

        return f"{symbols(self.before)} → {symbols(self.after)}"


@dataclass(frozen=True)
class Brief:
    participant: str
    slug: str
    instrument_name: str
    as_of: MeetingRow | None
    since: MeetingRow | None
    provisions: tuple[BriefProvision, ...]
    agreements: tuple[Agreement, ...]
    changes: tuple[BriefChange, ...]
    generated_on: date

    @property
    def title(self) -> str:
        return gettext("Brief for %(participant)s: %(instrument)s") % {
            "participant": self.participant,
            "instrument": self.instrument_name,
        }

    @property
    def introduction(self) -> str:
        """The brief's opening sentence: the same words in every format."""
        words = {
            "date": long_date(self.generated_on),
            "participant": self.participant,
            "instrument": self.instrument_name,
        }
        if self.as_of:
            return gettext(
                "Generated on %(date)s from the ITRs Review Tracker, as things stood at the end of meeting "
                "%(number)s: the current stances of %(participant)s on the %(instrument)s, who shares and who "
                "opposes each, and how often every other participant agrees with it."
            ) % {**words, "number": self.as_of.number}
        return (
            gettext(
                "Generated on %(date)s from the ITRs Review Tracker, as things stand: the current stances of "
                "%(participant)s on the %(instrument)s, who shares and who opposes each, and how often every other "
                "participant agrees with it."
            )
            % words
        )


def _stance_map(statements) -> dict[tuple[int, int], set[str]]:
    held: dict[tuple[int, int], set[str]] = defaultdict(set)
    for participant_id, provision_id, stance in statements.order_by().values_list(
        "participant_id", "provision_id", "stance"
    ):
        held[participant_id, provision_id].add(stance)
    return held


def brief_for(
    *,
    participant: Participant,
    instrument: Instrument,
    since: Meeting | None = None,
    selection: Selection | None = None,
    today: date | None = None,
) -> Brief:
    """A delegation's brief on ``instrument``: its current stances, who shares and who opposes each,
    its agreement rate with every other participant (of the provisions on which both hold a current
    stance, the share where they hold a stance in common), and, with ``since``, what changed in its own
    stances since the end of that meeting. The ``selection``'s provision filters (part, margin, text)
    choose the provisions; its participant filters, the participants it is compared with; its
    ``as_of``, the meeting it stands at. A fixed number of queries."""
    selection = selection or Selection()
    as_of = selection.as_of
    chosen = selection.provisions(Provision.objects.filter(instrument=instrument))
    provisions = {row["pk"]: row for row in chosen.values("pk", "margin", "sort_key", "subject")}
    current = Position.objects.current(as_of=as_of).filter(provision__in=chosen.values("pk"))
    if selection.participant:
        others = Participant.objects.filter(**selection.participant).values("pk")
        current = current.filter(Q(participant=participant) | Q(participant__in=others))
    held = _stance_map(current)
    names, slugs = {}, {}
    for pk, name, slug in Participant.objects.filter(pk__in=current.values("participant")).values_list(
        "pk", "name", "slug"
    ):
        names[pk], slugs[pk] = name, slug
    own = {provision_id: stances for (holder, provision_id), stances in held.items() if holder == participant.pk}
    by_provision: dict[int, dict[int, set[str]]] = defaultdict(dict)
    for (holder, provision_id), stances in held.items():
        if provision_id in own and holder != participant.pk:
            by_provision[provision_id][holder] = stances

    rows = []
    for provision_id, stances in own.items():
        provision = provisions[provision_id]
        others = by_provision[provision_id]
        shared_by = {
            stance: tuple(
                sorted((names[holder] for holder, theirs in others.items() if stance in theirs), key=str.casefold)
            )
            for stance in sorted(stances, key=STANCE_ORDER.get)
        }
        opposed_by = tuple(
            sorted(
                (
                    (names[holder], tuple(sorted(theirs, key=STANCE_ORDER.get)))
                    for holder, theirs in others.items()
                    if not theirs & stances
                ),
                key=lambda item: item[0].casefold(),
            )
        )
        rows.append(
            BriefProvision(
                margin=provision["margin"],
                sort_key=provision["sort_key"],
                subject=provision["subject"],
                url=f"/provisions/{instrument.slug}/{provision['margin']}/",
                stances=tuple(sorted(stances, key=STANCE_ORDER.get)),
                shared_by=shared_by,
                opposed_by=opposed_by,
            )
        )
    rows.sort(key=lambda row: row.sort_key)

    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for provision_id, stances in own.items():
        for holder, theirs in by_provision[provision_id].items():
            totals[holder][0] += 1
            totals[holder][1] += bool(theirs & stances)
    agreements = sorted(
        (
            Agreement(participant=names[holder], slug=slugs[holder], both=both, agreed=agreed)
            for holder, (both, agreed) in totals.items()
        ),
        key=lambda agreement: (-agreement.rate, -agreement.both, agreement.participant.casefold()),
    )

    changes = []
    if since is not None:
        before = _stance_map(
            Position.objects.current(as_of=since).filter(provision__in=chosen.values("pk"), participant=participant)
        )
        before_own = {provision_id: stances for (_, provision_id), stances in before.items()}
        for provision_id in sorted(set(before_own) | set(own), key=lambda pk: provisions[pk]["sort_key"]):
            old, new = before_own.get(provision_id, set()), own.get(provision_id, set())
            if old != new:
                changes.append(
                    BriefChange(
                        margin=provisions[provision_id]["margin"],
                        before=tuple(sorted(old, key=STANCE_ORDER.get)),
                        after=tuple(sorted(new, key=STANCE_ORDER.get)),
                    )
                )
    return Brief(
        participant=participant.name,
        slug=participant.slug,
        instrument_name=instrument.shown_name,
        as_of=meeting_row(as_of),
        since=meeting_row(since),
        provisions=tuple(rows),
        agreements=tuple(agreements),
        changes=tuple(changes),
        generated_on=today or timezone.localdate(),
    )
