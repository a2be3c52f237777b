"""Reads for the public pages: what each screen shows, assembled from several models.

A page and its export call the same function here (HackSoft's selectors): the view only turns the
request into a ``Selection`` and the result into HTML, the export into rows (``review.exports``).
Everything is counted by *current stance* (DESIGN.md, "Statements and current stances"): a
participant counts once per stance it currently holds on a provision, whatever the number of
documents that state it; ``Selection.as_of`` answers as things stood at the end of a meeting.
Every function runs a fixed number of queries whatever the size of the data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.wording import alternatives
from provisions.models import RELATION_LABELS as CORRESPONDENCE_LABELS
from provisions.models import Confidence, Correspondence, Instrument, Provision
from provisions.search import by_letters, letters_key, mention_condition, text_condition

from .links import positions_url
from .models import (
    PARTICIPANT_SEARCH_FIELDS,
    STANCE_SYMBOLS,
    Contribution,
    Meeting,
    Participant,
    Position,
    Stance,
)

STANCES = list(Stance)
CURRENT, SUPERSEDED = "current", "superseded"


class StanceWords:
    """What the pages show of a ``stance`` attribute: ITU's symbol (SUP) and the stance's words in the
    reader's language."""

    stance: str

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[self.stance]

    @property
    def label(self) -> str:
        return Stance(self.stance).label


@dataclass
class Selection:
    """Valid filter values as lookups relative to Provision, Participant and Position, with the
    meeting the pages answer as of (``as_of``, None for now) and the statuses chosen."""

    provision: dict = field(default_factory=dict)
    participant: dict = field(default_factory=dict)
    position: dict = field(default_factory=dict)
    q: str = ""
    as_of: Meeting | None = None
    status: set = field(default_factory=set)
    valid: bool = True

    @property
    def selects_positions(self) -> bool:
        """Whether a participant or position filter is set: lists of provisions or participants
        then show only the rows that hold a selected position."""
        return bool(self.participant or self.position)

    def _filtered(self, queryset: QuerySet, *, search: bool) -> QuerySet:
        queryset = queryset.filter(
            **{f"provision__{lookup}": value for lookup, value in self.provision.items()},
            **{f"participant__{lookup}": value for lookup, value in self.participant.items()},
            **self.position,
        )
        if search and self.q:
            queryset = queryset.search(self.q)
        return queryset

    def statements(self, queryset: QuerySet | None = None, *, search: bool = True) -> QuerySet:
        """The published statements every filter selects, as they stood at ``as_of``: current and
        superseded ones, or those of the statuses chosen (``queryset`` narrows them further)."""
        if queryset is None:
            queryset = Position.objects.all()
        if not self.valid:
            return queryset.none()
        queryset = queryset.published().as_of(self.as_of)
        if self.status == {CURRENT}:
            queryset = queryset.filter(
                pk__in=Position.objects.current(as_of=self.as_of, within=self.partition).values("pk")
            )
        elif self.status == {SUPERSEDED}:
            queryset = queryset.exclude(
                pk__in=Position.objects.current(as_of=self.as_of, within=self.partition).values("pk")
            )
        return self._filtered(queryset, search=search)

    def current(self, *, search: bool = False) -> QuerySet:
        """The current statements (DESIGN.md) every filter selects, at ``as_of``: what the counts
        count. Currency is decided before the filters, which only choose among current statements."""
        if not self.valid:
            return Position.objects.none()
        return self._filtered(Position.objects.current(as_of=self.as_of, within=self.partition), search=search)

    @property
    def partition(self) -> dict:
        """The provision and participant filters as Position lookups: what current() may apply
        before deciding currency (see PositionQuerySet.current)."""
        return {
            **{f"provision__{lookup}": value for lookup, value in self.provision.items()},
            **{f"participant__{lookup}": value for lookup, value in self.participant.items()},
        }

    def provisions(self, queryset: QuerySet | None = None) -> QuerySet:
        """The provisions the provision filters and the text search select (the search also
        reads the rationale and proposed text of the published statements on each)."""
        if queryset is None:
            queryset = Provision.objects.all()
        if not self.valid:
            return queryset.none()
        queryset = queryset.filter(**self.provision)
        if self.q:
            matching = Position.objects.published().as_of(self.as_of).search_statement_text(self.q)
            queryset = queryset.search(self.q, also=Exists(matching.filter(provision=OuterRef("pk"))))
        return queryset

    def participants(self, queryset: QuerySet | None = None) -> QuerySet:
        """The participants the participant filters select, and where other filters are set,
        only those who hold a selected current stance (a text search alone also finds names)."""
        if queryset is None:
            queryset = Participant.objects.all()
        if not self.valid:
            return queryset.none()
        queryset = queryset.filter(**self.participant)
        holding = Exists(self.current(search=True).filter(participant=OuterRef("pk")))
        if self.provision or self.position:
            queryset = queryset.filter(holding)
        elif self.q:
            # A name found by the text search, whether or not it holds a stance.
            queryset = queryset.filter(text_condition(q=self.q, fields=PARTICIPANT_SEARCH_FIELDS) | holding)
        return queryset


# --- /provisions/ ---------------------------------------------------------------------------------


def stance_counts_by(current: QuerySet, *, key: str, counted: str) -> dict[int, dict[str, int]]:
    """For each ``key`` (provision_id, participant_id), how many different ``counted`` hold each
    stance among ``current`` (current statements, filtered): one grouped query. Restating a stance
    never adds to a count (DESIGN.md).

    Counted here rather than by a correlated subquery per row and stance: each such subquery would
    decide currency again (the window over every statement) for every row, where one grouped
    query decides it once (benchmarks/RESULTS.md).
    """
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    grouped = current.order_by().values_list(key, "stance").annotate(total=Count(counted, distinct=True))
    for row_id, stance, total in grouped:
        counts[row_id][stance] = total
    return counts


def _with_counts(rows: list, counts: dict[int, dict[str, int]], *, only_counted: bool) -> list:
    """``rows`` with ``count_<stance>`` set from ``counts``; with ``only_counted``, only those counted."""
    for row in rows:
        held = counts.get(row.pk, {})
        for stance in Stance.values:
            setattr(row, f"count_{stance}", held.get(stance, 0))
    return [row for row in rows if row.pk in counts] if only_counted else rows


def provisions_for_list(selection: Selection, queryset: QuerySet | None = None) -> list[Provision]:
    """The provision list and its export: the provisions the filters select, in natural order,
    each with ``count_<stance>``: the participants currently holding each stance among the
    selected statements. With a participant or position filter, only provisions where one is
    held. Two queries."""
    queryset = selection.provisions(queryset if queryset is not None else Provision.objects.all())
    provisions = list(queryset.select_related("instrument", "part").order_by("-instrument__year", "sort_key"))
    counts = stance_counts_by(selection.current(), key="provision_id", counted="participant_id")
    return _with_counts(provisions, counts, only_counted=selection.selects_positions)


def participants_for_list(selection: Selection, queryset: QuerySet | None = None) -> list[Participant]:
    """The participant list and its export: ``count_<stance>`` is the number of provisions on
    which each currently holds each stance (among the selected statements), ``document_count``
    the documents it submitted. Two queries."""
    queryset = selection.participants(queryset if queryset is not None else Participant.objects.all())
    participants = list(queryset.for_participant_list())
    counts = stance_counts_by(selection.current(search=True), key="participant_id", counted="provision_id")
    return _with_counts(participants, counts, only_counted=False)


# --- /compare/ ------------------------------------------------------------------------------------


class CellStance(NamedTuple):
    """One stance in a matrix cell: current, or superseded (then with the date it was stated).
    A named tuple: a matrix at scale has tens of thousands of them."""

    stance: str
    position_id: int
    status: str
    stated_on: datetime.date

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[self.stance]


@dataclass(frozen=True)
class RowSummary:
    """A matrix row's Summary: participants by current stance, and whether all holders agree."""

    counts: dict[str, int]
    holders: int

    @property
    def used(self) -> list[str]:
        return [stance for stance, count in self.counts.items() if count]

    @property
    def agree(self) -> bool:
        """At least two holders, every one holding the same single stance (no alternatives)."""
        return self.holders >= 2 and len(self.used) == 1 and self.counts[self.used[0]] == self.holders

    @property
    def agreed_stance(self) -> str:
        return self.used[0] if self.agree else ""

    @property
    def badges(self) -> list[dict]:
        """The stances held, each with its symbol and number of participants (for the page)."""
        return [
            {"stance": stance, "symbol": STANCE_SYMBOLS[stance], "count": self.counts[stance]} for stance in self.used
        ]


@dataclass
class MatrixRow:
    provision: Provision
    cells: list[list[CellStance]]  # one per column: current stances first, then superseded ones
    summary: RowSummary


@dataclass
class Matrix:
    """The comparison matrix: provisions (rows) × participants (columns)."""

    rows: list[MatrixRow]
    columns: list[Participant]
    has_positions: bool
    instrument: Instrument | None


def comparison_matrix(selection: Selection, *, instrument: Instrument | None) -> Matrix:
    """The matrix of /compare/ and its export: three queries whatever the number of statements.

    Rows are the provisions the provision filters select; with a participant or position filter,
    those where a selected current stance is held, or, where none is, all of them (the page then
    says that no participant holds one). Columns are the participants chosen, or those holding a
    selected current stance. A cell holds each current stance once, then the superseded ones.
    """
    provisions = list(selection.provisions(Provision.objects.for_compare()))
    provision_ids = [provision.pk for provision in provisions]
    # Only filters on the participant and the provision narrow the statements read; the position
    # filters are evaluated on each row (``matches``) without removing any, since a statement they
    # leave out may still be the one that makes another superseded. Bare tuples with no converter
    # to run per row: the statement's date as ISO text, parsed once per distinct date below. A
    # matrix at scale reads some 16,000 statements.
    statements = (
        Position.objects.published()
        .as_of(selection.as_of)
        .filter(
            provision__in=provision_ids,
            **{f"participant__{key}": value for key, value in selection.participant.items()},
        )
        .with_stated_on()
        .annotate(stated=Cast("stated_on", CharField()))
    )
    columns = ["provision_id", "participant_id", "stance", "pk", "stated"]
    if selection.position:
        # 1 or 0 rather than a boolean: no converter to run on every row.
        statements = statements.annotate(
            matches=Case(When(Q(**selection.position), then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        columns.append("matches")
    # Each row kept as the database gives it (see _cell_stances), grouped by cell.
    held: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in statements.order_by("stance", "-stated_on", "pk").values_list(*columns):
        held[row[0], row[1]].append(row)
    # The rule of Position.objects.current (its window, LATEST_ON), applied to the rows just read:
    # a cell's current statements are those of its latest date. Worked out here, where the rows
    # are already grouped, it spares the database a window over every statement (half the query).
    latest_of: dict[tuple[int, int], str] = {}
    selected: set[tuple[int, int]] = set()
    for cell, cell_rows in held.items():
        latest = latest_of[cell] = max(row[4] for row in cell_rows)
        if any(row[4] == latest and (len(row) == 5 or row[5]) for row in cell_rows):
            selected.add(cell)
    held_provisions = {provision_id for provision_id, _ in selected}
    rows = (
        [provision for provision in provisions if provision.pk in held_provisions]
        if selection.selects_positions and held_provisions
        else provisions
    )
    participants = Participant.objects.for_compare().filter(**selection.participant)
    if not selection.participant.get("pk__in"):
        participants = participants.filter(pk__in={participant_id for _, participant_id in selected})
    columns = list(participants)
    column_of = {participant.pk: index for index, participant in enumerate(columns)}
    # Only the cells that hold something are worked out (most of a large matrix is empty), each
    # straight into its row: no lookup per empty cell.
    row_cells: dict[int, list] = {provision.pk: [()] * len(columns) for provision in rows}
    row_counts: dict[int, dict[str, int]] = {
        provision_id: dict.fromkeys(Stance.values, 0) for provision_id in row_cells
    }
    row_holders: dict[int, int] = dict.fromkeys(row_cells, 0)
    dates: dict[str, datetime.date] = {}
    for provision_id, participant_id in selected:
        column = column_of.get(participant_id)
        if column is None or provision_id not in row_cells:
            continue
        shown = _cell_stances(held[provision_id, participant_id], latest_of[provision_id, participant_id], dates)
        row_cells[provision_id][column] = shown
        row_holders[provision_id] += 1
        counts = row_counts[provision_id]
        for cell in shown:
            if cell.status == CURRENT:
                counts[cell.stance] += 1
    matrix_rows = [
        MatrixRow(
            provision,
            row_cells[provision.pk],
            RowSummary(row_counts[provision.pk], row_holders[provision.pk]),
        )
        for provision in rows
    ]
    return Matrix(rows=matrix_rows, columns=columns, has_positions=bool(held_provisions), instrument=instrument)


def _cell_stances(statements: list[tuple], latest: str, dates: dict[str, datetime.date]) -> list[CellStance]:
    """A cell's stances from its statements (by stance, newest first), each a row of
    comparison_matrix's query (provision, participant, stance, pk, stated[, matches]), ``latest``
    the cell's latest date: each current stance once, then each superseded stance not also current,
    once (its latest statement), in stance order."""
    if len(statements) == 1:  # most cells: one statement, current
        stance, position_id, stated = statements[0][2:5]
        return [CellStance(stance, position_id, CURRENT, _date(stated, dates))]
    current, superseded = {}, {}
    for row in statements:
        stance, position_id, stated = row[2:5]
        is_current = stated == latest
        target = current if is_current else superseded
        if stance not in target:
            target[stance] = CellStance(
                stance, position_id, CURRENT if is_current else SUPERSEDED, _date(stated, dates)
            )
    return [*current.values(), *(cell for stance, cell in superseded.items() if stance not in current)]


def _date(text: str, dates: dict[str, datetime.date]) -> datetime.date:
    """An ISO date from the database, parsed once per distinct date."""
    date = dates.get(text)
    if date is None:
        date = dates[text] = datetime.date.fromisoformat(text)
    return date


# --- /compare/versions/ ---------------------------------------------------------------------------

# The rows of /compare/versions/ that no correspondence gives: their ``relation`` in the export.
UNRECORDED = "unrecorded"
UNMATCHED_1988 = "unmatched"
PROPOSED = "proposed"
RELATION_LABELS = {
    **CORRESPONDENCE_LABELS,
    UNRECORDED: _("No correspondence recorded"),
    UNMATCHED_1988: _("No 2012 counterpart identified"),
    PROPOSED: _("Proposed, not in the instrument"),
}


@dataclass(frozen=True)
class StanceHolders(StanceWords):
    """The participants currently holding one stance on a provision."""

    stance: str
    names: list[str]
    url: str

    @property
    def count(self) -> int:
        return len(self.names)


@dataclass
class VersionsRow:
    provision_2012: Provision | None
    provision_1988: Provision | None
    relation: str
    uncertain: bool
    stances: list[StanceHolders]

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS[self.relation]


def versions_rows(selection: Selection, *, reads_1988: bool) -> list[VersionsRow]:
    """The rows of /compare/versions/ and its export (three queries): every correspondence, each
    2012 provision with none recorded, each 1988 provision with no 2012 counterpart identified,
    with the participants currently holding each stance on the 2012 provision.

    The provision filters (part, margin, q) read the 1988 ITRs where ``reads_1988``, else the
    2012 ITRs; a row is shown where its provision in that version is selected.
    """
    selected = selection.provisions(Provision.objects.all())
    # The stances shown are on 2012 provisions, chosen by the participant and position filters.
    current = Selection(participant=selection.participant, position=selection.position, as_of=selection.as_of).current()
    provisions_2012 = Provision.objects.filter(sources_1988__provision_1988__in=selected) if reads_1988 else selected
    current = current.filter(provision__in=provisions_2012)
    if selection.selects_positions:
        provisions_2012 = provisions_2012.filter(pk__in=current.values("provision"))
    links = Correspondence.objects.for_versions().filter(provision_2012__in=provisions_2012)
    if reads_1988:
        links = links.filter(provision_1988__in=selected)
    # Where the 1988 provisions the filters select come from: the filters themselves when they
    # read the 1988 ITRs; when they read the 2012 ITRs, a part or margin of 2012 selects none,
    # and the text search reads 1988 provisions too. A position filter selects none.
    if selection.selects_positions:
        provisions_1988 = Provision.objects.none()
    elif reads_1988:
        provisions_1988 = selected
    elif set(selection.provision) <= {"instrument__in"}:
        provisions_1988 = Selection(q=selection.q, as_of=selection.as_of).provisions(
            Provision.objects.filter(instrument__year=1988)
        )
    else:
        provisions_1988 = Provision.objects.none()
    unmatched = Provision.objects.filter(
        Q(pk__in=provisions_1988, instrument__year=1988)
        & ~Exists(Correspondence.objects.filter(provision_1988=OuterRef("pk")))
    )
    if not reads_1988:
        unmatched |= Provision.objects.filter(
            Q(pk__in=provisions_2012) & ~Exists(Correspondence.objects.filter(provision_2012=OuterRef("pk")))
        )
    held: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for provision_id, stance, name in (
        current.order_by(*by_letters("participant__name"))
        .values_list("provision_id", "stance", "participant__name")
        .distinct()
    ):
        held[provision_id][stance].append(name)

    def stances(provision: Provision) -> list[StanceHolders]:
        return [
            StanceHolders(
                stance.value,
                held[provision.pk][stance.value],
                positions_url(instrument="itrs-2012", margin=provision.margin, stance=stance.value, status=CURRENT),
            )
            for stance in STANCES
            if held[provision.pk].get(stance.value)
        ]

    rows = [
        VersionsRow(
            link.provision_2012,
            link.provision_1988,
            link.supported_relation,
            link.is_uncertain,
            stances(link.provision_2012),
        )
        for link in links
    ]
    only_1988 = []
    for provision in unmatched.select_related("part", "instrument").order_by("sort_key"):
        if provision.instrument.year == 1988:
            only_1988.append(provision)
            continue
        relation = PROPOSED if provision.is_proposed else UNRECORDED
        rows.append(VersionsRow(provision, None, relation, False, stances(provision)))
    rows.sort(key=lambda row: (row.provision_2012.sort_key, row.provision_1988 is not None))
    for provision in only_1988:
        # Place each 1988 provision with no identified 2012 counterpart before the first row whose
        # 1988 source comes after it, so that the table reads in both orders at once.
        index = next(
            (
                number
                for number, row in enumerate(rows)
                if row.provision_1988 is not None and row.provision_1988.sort_key > provision.sort_key
            ),
            len(rows),
        )
        rows.insert(index, VersionsRow(None, provision, UNMATCHED_1988, False, []))
    return rows


# --- / (the overview) -----------------------------------------------------------------------------


@dataclass
class InstrumentSize:
    instrument: Instrument
    provisions: int  # in the instrument
    proposed: int  # proposed by ADD statements


@dataclass
class StanceTotals(StanceWords):
    stance: str
    counts: list[int]  # one per instrument, in the order of HomeSummary.instruments

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Publication(StanceWords):
    """Statements published together: one participant, one document, one stance, one day."""

    participant: Participant
    contribution: Contribution | None
    stance: str
    day: datetime.date
    count: int


@dataclass
class HomeSummary:
    instruments: list[InstrumentSize]
    stance_totals: list[StanceTotals]
    statement_count: int
    participant_count: int
    contribution_count: int
    meetings: list[Meeting]
    latest: list[Publication]

    @property
    def instrument_totals(self) -> list[int]:
        return [sum(row.counts[index] for row in self.stance_totals) for index in range(len(self.instruments))]

    @property
    def current_stance_count(self) -> int:
        return sum(row.total for row in self.stance_totals)


def home_summary(*, as_of: Meeting | None = None, latest: int = 10) -> HomeSummary:
    """The overview: the record's size, current stances by instrument and stance (each
    participant once per provision and stance), the meetings, the latest publications."""
    instruments = list(
        Instrument.objects.annotate(
            in_instrument=Count("provisions", filter=Q(provisions__is_proposed=False)),
            proposed=Count("provisions", filter=Q(provisions__is_proposed=True)),
        ).order_by("-year")
    )
    pair = Concat(Cast("participant_id", CharField()), Value("-"), Cast("provision_id", CharField()))
    counts = {
        (instrument_id, stance): total
        for instrument_id, stance, total in Position.objects.current(as_of=as_of)
        .order_by()
        .values_list("provision__instrument_id", "stance")
        .annotate(total=Count(pair, distinct=True))
    }
    statements = Position.objects.published().as_of(as_of)
    publications = (
        statements.order_by()
        # Cast, not TruncDate: on SQLite TruncDate calls Python once per row (UTC is stored).
        .values("participant_id", "contribution_id", "stance", day=Cast("published_at", DateField()))
        .annotate(count=Count("pk"), last=Max("published_at"), last_id=Max("pk"))
        .order_by("-last", "-last_id")[:latest]
    )
    publications = list(publications)
    participants = Participant.objects.in_bulk({row["participant_id"] for row in publications})
    contributions = Contribution.objects.in_bulk({row["contribution_id"] for row in publications} - {None})
    meetings = Meeting.objects.annotate(contribution_count=Count("contributions")).order_by("number")
    if as_of is not None:
        meetings = meetings.filter(number__lte=as_of.number)
    return HomeSummary(
        instruments=[
            InstrumentSize(instrument, instrument.in_instrument, instrument.proposed) for instrument in instruments
        ],
        stance_totals=[
            StanceTotals(stance.value, [counts.get((instrument.pk, stance.value), 0) for instrument in instruments])
            for stance in STANCES
        ],
        statement_count=statements.count(),
        participant_count=Participant.objects.count(),
        contribution_count=Contribution.objects.filter(meeting__number__lte=as_of.number if as_of else 32767).count(),
        meetings=list(meetings),
        latest=[
            Publication(
                participants[row["participant_id"]],
                contributions.get(row["contribution_id"]),
                row["stance"],
                row["day"],
                row["count"],
            )
            for row in publications
        ],
    )


# --- A provision's page ---------------------------------------------------------------------------


@dataclass
class StanceGroup(StanceWords):
    """The current statements of one stance on a provision, one or more per participant."""

    stance: str
    statements: list[Position]

    @property
    def participant_count(self) -> int:
        return len({statement.participant_id for statement in self.statements})


@dataclass
class StatementInTime:
    """One statement in a participant's history on a provision."""

    statement: Position
    status: str  # CURRENT or SUPERSEDED
    restated: bool  # the same stance was stated before, earlier or in another document

    @property
    def label(self) -> str:
        """ "stated, current", "restated, superseded"...: what the page's Status column says."""
        return STATEMENT_STATUS_LABELS[self.restated, self.status]


# What the Status column of a provision's page says of a statement: (restated, status) to its words.
STATEMENT_STATUS_LABELS = {
    (False, CURRENT): _("stated, current"),
    (False, SUPERSEDED): _("stated, superseded"),
    (True, CURRENT): _("restated, current"),
    (True, SUPERSEDED): _("restated, superseded"),
}


@dataclass
class ParticipantHistory:
    participant: Participant
    statements: list[StatementInTime]  # oldest first

    @property
    def current_symbols(self) -> str:
        return alternatives(dict.fromkeys(item.statement.symbol for item in self.statements if item.status == CURRENT))


@dataclass
class ProvisionPage:
    stance_groups: list[StanceGroup]
    histories: list[ParticipantHistory]
    holder_count: int  # participants with a current stance
    statement_count: int
    without_position: list[Participant]
    previous: Provision | None
    next: Provision | None


def provision_page(provision: Provision, *, as_of: Meeting | None = None) -> ProvisionPage:
    """A provision's page: its current stances grouped by stance (participants once per stance),
    each participant's statements over time (stated, restated, superseded), who holds none, and
    the neighbouring provisions. Four queries."""
    statements = list(
        Position.objects.published()
        .as_of(as_of)
        .filter(provision=provision)
        .with_standing()
        .select_related("participant", "contribution__meeting")
        .order_by(*by_letters("participant__name"), "participant_id", "stated_on", "pk")
    )
    by_stance: dict[str, list[Position]] = defaultdict(list)
    histories: dict[int, ParticipantHistory] = {}
    stated_before: dict[int, set[str]] = defaultdict(set)
    for statement in statements:
        status = CURRENT if statement.stated_on == statement.latest_on else SUPERSEDED
        if status == CURRENT:
            by_stance[statement.stance].append(statement)
        history = histories.setdefault(statement.participant_id, ParticipantHistory(statement.participant, []))
        restated = statement.stance in stated_before[statement.participant_id]
        stated_before[statement.participant_id].add(statement.stance)
        history.statements.append(StatementInTime(statement, status, restated))
    holders = {statement.participant_id for group in by_stance.values() for statement in group}
    siblings = Provision.objects.filter(instrument_id=provision.instrument_id).only(
        "margin", "instrument", "is_proposed"
    )
    return ProvisionPage(
        stance_groups=[StanceGroup(stance.value, by_stance.get(stance.value, [])) for stance in STANCES],
        histories=list(histories.values()),
        holder_count=len(holders),
        statement_count=len(statements),
        without_position=list(Participant.objects.exclude(pk__in=holders).only("name", "slug").alphabetical()),
        previous=siblings.filter(sort_key__lt=provision.sort_key).order_by("-sort_key").first(),
        next=siblings.filter(sort_key__gt=provision.sort_key).order_by("sort_key").first(),
    )


# --- Statuses of the statements on one page of a table ---------------------------------------------


def mark_statuses(statements: list[Position], *, as_of: Meeting | None = None) -> list[Position]:
    """Set ``is_current`` on each of ``statements`` (one page of a table): whether it is among its
    participant's current statements on its provision at ``as_of``. One query, over the statements
    of the page's (participant, provision) pairs only: currency is decided within each pair."""
    pairs = {(statement.participant_id, statement.provision_id) for statement in statements}
    if not pairs:
        return statements
    partition = Q()
    for participant_id, provision_id in pairs:
        partition |= Q(participant_id=participant_id, provision_id=provision_id)
    current = set(
        Position.objects.published()
        .as_of(as_of)
        .filter(partition)
        .with_standing()
        .filter(stated_on=F("latest_on"))
        .values_list("pk", flat=True)
    )
    for statement in statements:
        statement.is_current = statement.pk in current
    return statements


# --- A participant's page -------------------------------------------------------------------------


def participant_stance_counts(participant: Participant, *, as_of: Meeting | None = None) -> dict[str, int]:
    """The number of provisions on which ``participant`` currently holds each stance. One query."""
    counts = dict(
        Position.objects.current(as_of=as_of, within={"participant": participant})
        .order_by()
        .values_list("stance")
        .annotate(total=Count("provision", distinct=True))
    )
    return {stance: counts.get(stance, 0) for stance in Stance.values}


# --- A document's page ----------------------------------------------------------------------------


@dataclass
class Citation(StanceWords):
    """Statements of one participant and stance, made in one document (or none), whose rationale
    cites another document."""

    participant: Participant
    stance: str
    made_in: Contribution | None
    provisions: list[Provision]


def statements_citing(contribution: Contribution, *, as_of: Meeting | None = None) -> list[Citation]:
    """The published statements (at ``as_of``) made elsewhere whose rationale cites ``contribution``
    by its symbol (the Annex's reasons are in EG-ITRs-3/2, its statements made in EG-ITRs-4/4),
    grouped by participant, stance and the document that makes them; provisions in order. One query."""
    statements = (
        Position.objects.published()
        .as_of(as_of)
        .filter(mention_condition(text=contribution.symbol, field="rationale"))
        .exclude(contribution=contribution)
        .select_related("participant", "contribution", "provision__instrument")
        .order_by(
            *by_letters("participant__name"),
            "participant_id",
            "stance",
            "contribution_id",
            "-provision__instrument__year",
            "provision__sort_key",
        )
    )
    citations: list[Citation] = []
    for statement in statements:
        last = citations[-1] if citations else None
        key = (statement.participant_id, statement.stance, statement.contribution_id)
        if last is None or (last.participant.pk, last.stance, last.made_in.pk if last.made_in else None) != key:
            last = Citation(statement.participant, statement.stance, statement.contribution, [])
            citations.append(last)
        if statement.provision not in last.provisions:
            last.provisions.append(statement.provision)
    return citations


# --- /about/structure/ ----------------------------------------------------------------------------


@dataclass
class InstrumentConfidence:
    """How far the sources verify one instrument's structure."""

    instrument: Instrument
    counts: dict[str, int]  # provisions by confidence (high, medium, low)
    unverified: list[Provision]  # in margin order
    placeholders: int


def structure_confidence() -> list[InstrumentConfidence]:
    """Per instrument (newest first), its provisions by confidence and those left unverified. Two
    queries."""
    instruments = list(Instrument.objects.order_by("-year"))
    found = {
        instrument.pk: InstrumentConfidence(instrument, dict.fromkeys(Confidence.values, 0), [], 0)
        for instrument in instruments
    }
    provisions = (
        Provision.objects.in_instrument()
        .only("instrument_id", "margin", "confidence", "is_unverified", "sort_key")
        .order_by("sort_key")
    )
    by_pk = {instrument.pk: instrument for instrument in instruments}
    for provision in provisions:
        summary = found[provision.instrument_id]
        provision.instrument = by_pk[provision.instrument_id]
        summary.counts[provision.confidence] += 1
        if provision.is_unverified:
            summary.unverified.append(provision)
        if provision.is_placeholder:
            summary.placeholders += 1
    return list(found.values())


# --- /changes/ ------------------------------------------------------------------------------------

NEW, CHANGED, WITHDRAWN = "new", "changed", "withdrawn"
CHANGE_LABELS = {
    NEW: pgettext_lazy("a change of stance", "New"),
    CHANGED: pgettext_lazy("a change of stance", "Changed"),
    WITHDRAWN: pgettext_lazy("a change of stance", "Withdrawn"),
}


@dataclass(frozen=True)
class Held:
    """A current statement as /changes/ compares them."""

    stance: str
    symbol: str  # of its document, or empty
    meeting: int | None
    tor_item: str
    contribution_id: int | None


@dataclass
class Change:
    """What changed for one participant on one provision between two meetings."""

    provision: Provision
    participant: Participant
    kind: str
    before: list[str]  # stances current at the end of the first meeting
    after: list[str]  # stances current at the end of the second (or now)
    documents: list[str] = field(default_factory=list)  # of the statements current after

    @property
    def kind_label(self) -> str:
        return CHANGE_LABELS[self.kind]

    @property
    def superseded(self) -> list[str]:
        """The stances current before and not after: superseded (or withdrawn)."""
        return [stance for stance in self.before if stance not in self.after]

    @staticmethod
    def symbols(stances: list[str]) -> str:
        return " ".join(STANCE_SYMBOLS[stance] for stance in stances)

    @property
    def before_symbols(self) -> str:
        return self.symbols(self.before)

    @property
    def after_symbols(self) -> str:
        return self.symbols(self.after)

    @property
    def superseded_symbols(self) -> str:
        return self.symbols(self.superseded)

    # For the table's sorting and the export: the provision in natural order, then the participant.
    @property
    def order_key(self) -> tuple:
        return (-self.provision.instrument.year, self.provision.sort_key, letters_key(self.participant.name))

    @property
    def participant_order(self) -> tuple[str, str]:
        """The participant's name in alphabetical order (the table's sorting of a list)."""
        return letters_key(self.participant.name)


def changes_between(selection: Selection, *, since: Meeting, until: Meeting | None) -> list[Change]:
    """Per participant and provision, how the current stances at the end of meeting ``until``
    (None: now) differ from those at the end of ``since``: new, changed (old → new, the old ones
    superseded) or withdrawn. The provision and participant filters select the pairs; stance
    matches a stance before or after, ToR item, meeting and document the statements after.
    Four queries."""
    provisions = selection.provisions(Provision.objects.all())
    participant_lookups = {f"participant__{key}": value for key, value in selection.participant.items()}
    wanted = selection.position
    meeting_numbers = set()
    if "contribution__meeting__in" in wanted:
        meeting_numbers = {meeting.number for meeting in wanted["contribution__meeting__in"]}

    def held_at(meeting: Meeting | None) -> dict[tuple[int, int], list[Held]]:
        # Bare tuples: tens of thousands of statements cost no model instances.
        held: dict[tuple[int, int], list[Held]] = defaultdict(list)
        rows = (
            Position.objects.current(as_of=meeting, within={"provision__in": provisions, **participant_lookups})
            .order_by("stance", "pk")
            .values_list(
                "provision_id",
                "participant_id",
                "stance",
                "contribution__symbol",
                "contribution__meeting__number",
                "tor_item",
                "contribution_id",
            )
        )
        for provision_id, participant_id, stance, symbol, number, tor_item, contribution_id in rows:
            held[provision_id, participant_id].append(Held(stance, symbol or "", number, tor_item, contribution_id))
        return held

    before, after = held_at(since), held_at(until)
    changes = []
    for key in before.keys() | after.keys():
        old_held, new_held = before.get(key, []), after.get(key, [])
        old = list(dict.fromkeys(item.stance for item in old_held))
        new = list(dict.fromkeys(item.stance for item in new_held))
        if old == new:
            continue
        if "stance__in" in wanted and not set(wanted["stance__in"]) & set(old + new):
            continue
        if "tor_item__in" in wanted and not any(item.tor_item in wanted["tor_item__in"] for item in new_held):
            continue
        if "contribution__in" in wanted and not any(
            item.contribution_id in wanted["contribution__in"] for item in new_held
        ):
            continue
        if meeting_numbers and not any(item.meeting in meeting_numbers for item in new_held):
            continue
        kind = NEW if not old else WITHDRAWN if not new else CHANGED
        documents = list(dict.fromkeys(item.symbol for item in new_held if item.symbol))
        changes.append((key, kind, old, new, documents))
    # The provisions and participants the filters select: one query each, whatever changed.
    provision_objects = {provision.pk: provision for provision in provisions.select_related("instrument")}
    participant_objects = {
        participant.pk: participant
        for participant in Participant.objects.filter(**selection.participant).only("pk", "name", "slug")
    }
    result = [
        Change(provision_objects[key[0]], participant_objects[key[1]], kind, old, new, documents)
        for key, kind, old, new, documents in changes
    ]
    return sorted(result, key=lambda change: change.order_key)
