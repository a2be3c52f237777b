"""The review: who takes part, when they met, what they submitted, and their positions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from provisions.models import PLACEHOLDER_CONFIDENCE, PROPOSED_MARK, Provision, part_label_expression
from provisions.search import by_letters, letters_key

from .permissions import is_secretariat


class ParticipantKind(models.TextChoices):
    MEMBER_STATE = "member_state", "Member State"
    SECTOR_MEMBER = "sector_member", "Sector Member"
    REGIONAL_ORGANIZATION = "regional_organization", "Regional organization"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Region(models.TextChoices):
    """ITU's six regions (as used for the group's Vice-Chairs)."""

    AFRICA = "africa", "Africa"
    AMERICAS = "americas", "Americas"
    ARAB_STATES = "arab_states", "Arab States"
    ASIA_PACIFIC = "asia_pacific", "Asia-Pacific"
    CIS = "cis", "CIS"
    EUROPE = "europe", "Europe"


class ParticipantQuerySet(models.QuerySet):
    def for_participant_list(self):
        """The participant list: each participant with the number of documents it submitted
        (``document_count``), by name. One query; the stance counts are review.selectors'."""
        documents = (
            ContributionSubmitter.objects.filter(participant=models.OuterRef("pk"))
            .order_by()
            .values("participant")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        return self.annotate(document_count=Coalesce(models.Subquery(documents), 0)).order_by(*by_letters("name"))

    def for_participant_detail(self):
        """A participant's page: the documents they submitted, with meeting (one prefetch)."""
        return self.prefetch_related(
            models.Prefetch("contributions", queryset=Contribution.objects.select_related("meeting").in_order())
        )

    def alphabetical(self):
        """By name, letter by letter (Côte d'Ivoire before Czech Republic; provisions.search)."""
        return self.order_by(*by_letters("name"))

    def for_compare(self):
        """Columns of the comparison matrix, by name; only what a column header shows."""
        return self.only("pk", "name", "slug", "kind", "region").order_by(*by_letters("name"))

    def for_delegate(self, user):
        """The participants a user may act for: all for the secretariat, their own for a delegate."""
        if is_secretariat(user):
            return self.all()
        return self.filter(delegates=user)


# What a participant outside ITU's regions (a company, a regional body...) shows as its region.
NO_REGION = "none"


class Participant(models.Model):
    """Whoever holds positions or submits documents: one row per participant, however written."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=24, choices=ParticipantKind.choices)
    region = models.CharField(max_length=16, choices=Region.choices, blank=True, help_text="Empty where none applies.")
    aliases = models.TextField(
        blank=True,
        help_text="Other ways the record writes this name, one per line (e.g. 'the Russian Federation').",
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="participants",
        help_text="Users who record positions for this participant.",
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        # By letters, not by code point (Côte d'Ivoire before Czech Republic), wherever a list of
        # participants comes unsorted: the admin, the commands (provisions.search.by_letters).
        ordering = [*by_letters("name")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ParticipantKind.values), name="participant_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(region="") | models.Q(region__in=Region.values), name="participant_region_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("review:participant-detail", args=[self.slug])

    @property
    def region_label(self) -> str:
        """The ITU region as every page shows it: its name, or "none" where none applies."""
        return self.get_region_display() or NO_REGION

    @property
    def alphabetical_key(self) -> tuple[str, str]:
        """Where the name sorts among others: by its letters (provisions.search.letters_key)."""
        return letters_key(self.name)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class MeetingQuerySet(models.QuerySet):
    def for_meeting_list(self):
        """The meetings page: every meeting with its documents and their submitters (two
        prefetch queries, whatever the number of meetings)."""
        return self.prefetch_related(
            models.Prefetch(
                "contributions",
                queryset=Contribution.objects.in_order().prefetch_related(
                    models.Prefetch(
                        "submitter_links", queryset=ContributionSubmitter.objects.select_related("participant")
                    )
                ),
            )
        ).order_by("number")


class Meeting(models.Model):
    """One meeting of the EG-ITRs (1 to 6)."""

    number = models.PositiveSmallIntegerField(unique=True)
    start_date = models.DateField()
    end_date = models.DateField()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="meeting_dates_in_order"
            ),
        ]

    def __str__(self):
        return f"Meeting {self.number}"

    @property
    def ordinal_name(self) -> str:
        names = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", 6: "Sixth"}
        return f"{names.get(self.number, str(self.number))} meeting"


class ContributionQuerySet(models.QuerySet):
    def in_order(self):
        """By meeting, then document number: 2/9 before 2/10."""
        return self.order_by("meeting__number", "number")

    def for_contribution_list(self, *, statements):
        """The contribution list: meeting joined, submitters in the record's order (one prefetch
        query) and the number of ``statements`` (published, filtered) each makes."""
        supported = (
            statements.filter(contribution=models.OuterRef("pk"))
            .order_by()
            .values("contribution")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        return (
            self.select_related("meeting")
            .prefetch_related(
                models.Prefetch("submitter_links", queryset=ContributionSubmitter.objects.select_related("participant"))
            )
            .annotate(position_count=Coalesce(models.Subquery(supported), 0))
            .in_order()
        )

    def for_contribution_detail(self):
        """A contribution's page: meeting and submitters (one prefetch query)."""
        return self.select_related("meeting").prefetch_related(
            models.Prefetch("submitter_links", queryset=ContributionSubmitter.objects.select_related("participant"))
        )


class Contribution(models.Model):
    """A document of the group, e.g. EG-ITRs-3/2, with its submitters."""

    symbol = models.CharField(max_length=30, unique=True, help_text="e.g. EG-ITRs-3/2")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="contributions")
    number = models.PositiveSmallIntegerField(help_text="Document number within its meeting (the 2 of 3/2).")
    title = models.CharField(max_length=500)
    submitters = models.ManyToManyField(
        Participant, through="ContributionSubmitter", related_name="contributions", blank=True
    )
    is_late = models.BooleanField(default=False, help_text="Submitted late and not considered at its meeting.")
    url = models.URLField(blank=True, help_text="Where the document is published.")

    objects = ContributionQuerySet.as_manager()

    class Meta:
        # Own columns only: an ordering through a relation joins it into every query (and into the
        # rows a SELECT ... FOR UPDATE locks). Lists in meeting order use in_order().
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="contribution_number_unique_per_meeting"),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("review:contribution-detail", args=[self.symbol])


class ContributionSubmitter(models.Model):
    """A submitter of a contribution, in the order the record lists them."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="submitter_links")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="submitter_links")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contribution_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "participant"], name="submitter_once_per_contribution"),
        ]

    def __str__(self):
        return f"{self.participant} on {self.contribution}"


class Stance(models.TextChoices):
    """What a participant wants done with a provision, with ITU's change symbols."""

    ABROGATE = "abrogate", "Abrogate"
    RETAIN = "retain", "Retain unchanged"
    REVISE = "revise", "Revise"
    ADD = "add", "Add a new provision"

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[self.value]


STANCE_SYMBOLS = {"abrogate": "SUP", "retain": "NOC", "revise": "MOD", "add": "ADD"}

# Every way people write a stance (its word, its label, ITU's symbol), folded: the one vocabulary
# the filters, the imports and the API read.
STANCE_NAMES = {
    name.casefold(): stance.value
    for stance in Stance
    for name in (stance.value, stance.label, STANCE_SYMBOLS[stance.value])
}


def stance_from_text(text: str) -> str | None:
    """The stance written as ``text`` (``abrogate``, ``Abrogate``, ``SUP``, ``sup``), or None."""
    return STANCE_NAMES.get(text.strip().casefold())


class TorItem(models.TextChoices):
    """The item of the group's terms of reference (Council Resolution 1379, item 2) a position answers."""

    NEW_TRENDS = "a", "a) New trends and emerging issues"
    EMPIRICAL_DATA = "b", "b) Empirical data on current use"
    RELEVANCE = "c", "c) Relevance of high-level principles"
    OTHER = "other", "Other issues"


# Every way people write a ToR item (``a``, ``a)``, its label), folded.
TOR_ITEM_NAMES = {
    name.casefold(): item.value for item in TorItem for name in (item.value, f"{item.value})", item.label)
}


def tor_item_from_text(text: str) -> str | None:
    """The ToR item written as ``text`` (``a``, ``a)``, ``a) New trends and emerging issues``), or None."""
    return TOR_ITEM_NAMES.get(text.strip().casefold())


class PositionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


# The date of a statement (DESIGN.md, "Statements and current stances"): the first day of its
# contribution's meeting; without a contribution, the day it was published (UTC, as stored).
STATED_ON = Coalesce(
    models.F("contribution__meeting__start_date"),
    Cast("published_at", models.DateField()),
    output_field=models.DateField(),
)

# The latest date among a participant's statements on a provision: the one rule of currency. A
# statement is current where its date is this one; earlier ones are superseded. Computed over the
# rows the query has kept, so the query may filter by participant and provision (the partition)
# but by nothing else before it: a later stance outside a stance filter still supersedes.
LATEST_ON = models.Window(models.Max("stated_on"), partition_by=[models.F("participant_id"), models.F("provision_id")])


def meeting_end(meeting: Meeting) -> datetime.datetime:
    """The first instant after a meeting's last day (UTC): what was published before it stood then."""
    return datetime.datetime.combine(meeting.end_date + datetime.timedelta(days=1), datetime.time.min, datetime.UTC)


# What a text search reads of a statement itself (its provision's and participant's are read too),
# and of a participant.
STATEMENT_SEARCH_FIELDS = ["rationale", "proposed_text"]
PARTICIPANT_SEARCH_FIELDS = ["name", "aliases"]


class PositionQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published positions only."""
        return self.filter(state=PositionState.PUBLISHED)

    def with_stated_on(self):
        """Each statement with its date, as ``stated_on`` (see STATED_ON)."""
        return self.annotate(stated_on=STATED_ON)

    def as_of(self, meeting: Meeting | None):
        """The statements that stood at the end of ``meeting`` (None: all of them): those of its
        documents and earlier ones, and those without a document published by its last day."""
        if meeting is None:
            return self
        return self.filter(
            models.Q(contribution__meeting__number__lte=meeting.number)
            | models.Q(contribution__isnull=True, published_at__lt=meeting_end(meeting))
        )

    def with_standing(self):
        """Each statement with ``stated_on`` and ``latest_on``, the latest date among its
        participant's statements on its provision in this query: current where the two are equal.

        Call it on published statements filtered at most by participant and provision (see
        LATEST_ON); ``current()`` is the way to filter by anything else.
        """
        return self.with_stated_on().annotate(latest_on=LATEST_ON)

    def current(self, *, as_of: Meeting | None = None, within: dict | None = None):
        """The published statements that are current (at the end of meeting ``as_of``, or now):
        for each participant and provision, those with the latest date. Several stances at that
        date are alternatives; earlier statements are superseded.

        Currency is decided over every published statement first (a subquery), so that the
        filters chained after this (stance, document, meeting...) never change which statements
        are current, only which of them are shown. ``within`` (lookups on ``participant`` and
        ``provision`` only: the window's partition) narrows the statements the subquery reads
        without changing the answer for those it keeps: a participant's page decides currency over
        that participant's statements, not over every statement.
        """
        within = within or {}
        outside = [lookup for lookup in within if not lookup.startswith(("participant", "provision"))]
        if outside:
            raise ValueError(f"current(within=...) takes participant and provision lookups only, not {outside}.")
        standing = (
            Position.objects.published()
            .as_of(as_of)
            .filter(**within)
            .with_standing()
            .filter(stated_on=models.F("latest_on"))
        )
        return self.published().as_of(as_of).filter(**within, pk__in=standing.values("pk"))

    def for_delegate(self, user):
        """The positions a user may see and edit in the admin."""
        if is_secretariat(user):
            return self.all()
        return self.filter(participant__delegates=user)

    def in_order(self):
        """Provision order (instrument, margin), then participant and stance."""
        return self.order_by(
            "-provision__instrument__year", "provision__sort_key", *by_letters("participant__name"), "stance", "pk"
        )

    def search(self, q: str):
        """Statements whose own text (rationale, proposed text) holds every word of ``q``, or
        whose provision does (see ProvisionQuerySet.search), or whose participant's name does:
        whole words, case and accents ignored (``provisions.search``)."""
        from provisions.search import text_condition

        # The provisions and participants are searched once each (a few hundred rows), not once
        # per statement that joins them.
        provisions = Provision.objects.search(q).values("pk")
        participants = Participant.objects.filter(text_condition(q=q, fields=PARTICIPANT_SEARCH_FIELDS)).values("pk")
        return self.filter(
            text_condition(q=q, fields=STATEMENT_SEARCH_FIELDS)
            | models.Q(provision__in=provisions)
            | models.Q(participant__in=participants)
        )

    def search_statement_text(self, q: str):
        """Statements whose own text (rationale, proposed text) holds every word of ``q``: what a
        provision search reads besides the provision (see ProvisionQuerySet.search)."""
        from provisions.search import text_condition

        return self.filter(text_condition(q=q, fields=STATEMENT_SEARCH_FIELDS))

    def for_position_list(self):
        """The positions list and the position tables of detail pages: provision, part,
        participant, contribution and meeting joined in one query, in provision order."""
        return self.select_related(
            "provision__instrument", "provision__part", "participant", "contribution__meeting"
        ).in_order()

    def for_provision_detail(self):
        """The positions on one provision page: participant and source document joined."""
        return self.select_related("participant", "contribution__meeting").order_by(
            "stance", *by_letters("participant__name"), "pk"
        )

    def for_compare(self):
        """Cells of the comparison matrix: bare tuples (id, provision id, participant id,
        stance), so that tens of thousands of cells cost no model instances."""
        return self.order_by("stance", "pk").values_list("pk", "provision_id", "participant_id", "stance")

    def for_export(self):
        """The rows of the positions CSV (see review.exports.POSITIONS_CSV_HEADER) as tuples of
        strings, in provision order: one query, streamed with .iterator() by the export.

        Every cell is computed by the database (part label, the proposed mark, the symbol, the
        time in ISO 8601): at 30,000 rows, a Python call per row and cell was most of the export's
        time beside the query itself (benchmarks/RESULTS.md).
        """
        return (
            self.in_order()
            .annotate(
                export_part=part_label_expression("provision__part"),
                # The header is fixed: a provision proposed by ADD is marked in its (empty) paragraph.
                export_paragraph=models.Case(
                    models.When(provision__is_proposed=True, then=models.Value(f"({PROPOSED_MARK})")),
                    # A placeholder's paragraph is a research note (Provision.shown_paragraph).
                    models.When(provision__confidence=PLACEHOLDER_CONFIDENCE, then=models.Value("")),
                    default=models.F("provision__paragraph"),
                    output_field=models.CharField(),
                ),
                export_symbol=models.Case(
                    *(
                        models.When(stance=stance, then=models.Value(symbol))
                        for stance, symbol in STANCE_SYMBOLS.items()
                    ),
                    default=models.Value(""),
                    output_field=models.CharField(),
                ),
                export_contribution=Coalesce("contribution__symbol", models.Value(""), output_field=models.CharField()),
                export_meeting=Coalesce(
                    Cast("contribution__meeting__number", models.CharField()),
                    models.Value(""),
                    output_field=models.CharField(),
                ),
                export_updated_at=IsoSeconds("updated_at"),
            )
            .values_list(*POSITION_EXPORT_FIELDS)
        )


# What for_export() reads, in the order of review.exports.POSITIONS_CSV_HEADER.
POSITION_EXPORT_FIELDS = (
    "provision__instrument__slug",
    "provision__margin",
    "export_part",
    "export_paragraph",
    "participant__name",
    "participant__kind",
    "participant__region",
    "stance",
    "export_symbol",
    "tor_item",
    "export_contribution",
    "export_meeting",
    "rationale",
    "proposed_text",
    "export_updated_at",
)


class IsoSeconds(models.Func):
    """A stored time (UTC) as ISO 8601 text to the second, ``2026-12-02T03:59:00+00:00``: what
    ``datetime.isoformat(timespec="seconds")`` gives, computed by the database."""

    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # %% twice: once for the template, once for the query's own parameter formatting.
        return self.as_sql(
            compiler, connection, template="strftime('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%S+00:00', %(expressions)s)"
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')",
        )


class Position(models.Model):
    """One participant's stance on one provision, with its reasons and source."""

    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="positions")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    tor_item = models.CharField(
        "ToR item",
        max_length=5,
        choices=TorItem.choices,
        blank=True,
        help_text="The terms-of-reference item it answers.",
    )
    rationale = models.TextField(blank=True)
    proposed_text = models.TextField(blank=True, help_text="For revise and add: the text proposed.")
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        help_text="The document that states this position.",
    )
    state = models.CharField(max_length=10, choices=PositionState.choices, default=PositionState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Incremented on every save; an edit based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        # Own columns only (see Contribution.Meta); lists in provision order use in_order().
        ordering = ["provision_id", "participant_id", "stance", "id"]
        constraints = [
            # One position per participant, provision, stance and source document. Two partial
            # constraints, because NULLs are distinct in a plain unique index.
            models.UniqueConstraint(
                fields=["participant", "provision", "stance", "contribution"],
                condition=models.Q(contribution__isnull=False),
                name="position_unique_with_contribution",
            ),
            models.UniqueConstraint(
                fields=["participant", "provision", "stance"],
                condition=models.Q(contribution__isnull=True),
                name="position_unique_without_contribution",
            ),
            models.CheckConstraint(condition=models.Q(stance__in=Stance.values), name="position_stance_valid"),
            models.CheckConstraint(condition=models.Q(state__in=PositionState.values), name="position_state_valid"),
            models.CheckConstraint(
                condition=models.Q(tor_item="") | models.Q(tor_item__in=TorItem.values), name="position_tor_item_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=PositionState.PUBLISHED) | models.Q(published_at__isnull=False),
                name="position_published_has_date",
            ),
        ]
        indexes = [
            # The public pages count and list published positions per provision (provision page,
            # provision list counts, matrix).
            models.Index(fields=["provision", "state", "stance"], name="position_provision_state"),
            # A participant's page and the participant filter.
            models.Index(fields=["participant", "state"], name="position_participant_state"),
        ]

    def __str__(self):
        return f"{self.participant} {self.symbol} {self.provision}"

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS.get(self.stance, "")

    @property
    def is_published(self) -> bool:
        return self.state == PositionState.PUBLISHED

    def clean(self):
        if self.proposed_text and self.stance in {Stance.ABROGATE, Stance.RETAIN}:
            raise ValidationError(
                {"proposed_text": "Proposed text goes with revise or add; abrogate and retain propose none."}
            )
