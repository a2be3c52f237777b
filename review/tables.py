"""django-tables2 tables of the public lists (rendered by templates/includes/_table.html)."""

from functools import cached_property
from urllib.parse import urlencode

import django_tables2 as tables
from django.db.models import F, OrderBy
from django.urls import reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import AttributeDict

from provisions.models import PROPOSED_MARK, Provision
from provisions.search import by_letters

from .links import positions_url
from .marks import shown_subject, symbols_kept_whole, unverified_mark
from .models import STANCE_SYMBOLS, Contribution, Participant, Position, Stance
from .selectors import CURRENT

TABLE_TEMPLATE = "includes/_table.html"
NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
# A document symbol (EG-ITRs-3/2) is never broken across lines at its hyphens or slash.
DOCUMENT_SYMBOL = {"a": {"class": "doc-symbol"}}


def stance_badge(stance: str, label: str):
    """A stance as its ITU symbol and its word, never colour alone."""
    return format_html('<span class="stance stance-{}">{}</span> {}', stance, STANCE_SYMBOLS.get(stance, ""), label)


class StanceCountColumn(tables.Column):
    """The number of participants (or provisions) with one current stance, linked to the current
    statements behind it."""

    def __init__(self, stance: Stance, **kwargs):
        self.stance = stance
        super().__init__(accessor=f"count_{stance.value}", attrs=NUMBER, **kwargs)

    @property
    def header(self):
        # Made for each table shown, so that the stance's word is in the page's language.
        return format_html('<abbr title="{}">{}</abbr>', self.stance.label, self.stance.symbol)

    def render(self, value, record, table):
        # Each table links a count to the positions behind it (table.count_link).
        return table.count_link(value, record, self.stance.value)

    # The tables with counts show lists counted in Python (review.selectors), sorted by the count
    # alone: Python's sort is stable and the rows come in their natural order, so many rows with
    # one count keep that order, whichever way the count is sorted, on every database.


# Texts written by people, in whatever language they wrote (English mostly): each cell takes its
# direction from its own text, so that an English rationale keeps its full stop at its end on an
# Arabic page.
USERS_TEXT = {"td": {"dir": "auto"}}


def provision_name(provision) -> str:
    """ "2012 ITRs 29" in a list, in the reader's language: a sentence of its own, since some languages
    need a word between the instrument's year and the margin, which would otherwise read as one number."""
    return pgettext("a provision in a list: its instrument and margin", "%(instrument)s %(margin)s") % {
        "instrument": provision.instrument.shown_name,
        "margin": provision.margin,
    }


class ReviewTable(tables.Table):
    """Common to every public table: the accessible template, a caption, the filters in links."""

    def __init__(self, *args, caption: str = "", filters: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption
        # The page's own filter parameters, carried into the links of count cells.
        self.filters = filters or {}

    class Meta:
        template_name = TABLE_TEMPLATE
        # "stack": on a narrow screen each row becomes a block of labelled cells (static/css/site.css).
        attrs = {"class": "data-table stack"}

    @cached_property
    def positions_path(self) -> str:
        """/positions/, reversed once per table rather than once per count cell."""
        return reverse("review:position-list")

    def positions_link(self, count: int, **parameters) -> str:
        """A count linked to the positions it counts (``parameters``: filters, empty ones left out)."""
        if not count:
            return "0"
        query = urlencode({name: value for name, value in parameters.items() if value}, doseq=True)
        return format_html('<a href="{}?{}">{}</a>', self.positions_path, query, count)

    # On a narrow screen each row is a block of its cells (static/css/site.css): each value after its
    # column's name, but for the columns whose values say what they are (a participant's name, a
    # stance with its symbol); the long texts cut to a few lines (the full text is on the provision's
    # or the document's page, where each row links); the empty cells left out.
    unlabelled_columns: tuple[str, ...] = ()
    clamped_columns: tuple[str, ...] = ()

    def cell_attributes(self, column, *, empty: bool = False) -> str:
        """A data cell's attributes: the column's own, with ``data-label``, ``clamp`` and ``empty``."""
        attributes = AttributeDict(column.attrs["td"])
        classes = [attributes.get("class")]
        if column.name not in self.unlabelled_columns:
            attributes["data-label"] = strip_tags(str(column.header))
        if column.name in self.clamped_columns:
            classes.append("clamp")
        if empty:
            classes.append("empty")
        attributes["class"] = " ".join(filter(None, classes)) or None
        return attributes.as_html()

    def body_rows(self) -> SafeString:
        """The rows of the current page as HTML: the first cell a row header, the others data cells.

        Written here rather than by a template loop over the cells: the cells' values still come
        from django-tables2 (``row.items()``), but a template loop costs about as much again for
        the markup around them (benchmarks/RESULTS.md). Cell attributes are read once per column,
        which holds because no column here computes its attributes from the row; a cell showing
        the column's default (an empty value) has its own.
        """
        columns = list(self.columns)
        # The first cell, the row's header, heads the stacked row too: it needs no label.
        attributes = [columns[0].attrs["td"].as_html()] + [self.cell_attributes(column) for column in columns[1:]]
        empty_attributes = [attributes[0]] + [self.cell_attributes(column, empty=True) for column in columns[1:]]
        defaults = [column.default for column in columns]
        html = []
        for row in self.paginated_rows:
            cells = [
                format_html('<th scope="row" {}>{}</th>', attributes[0], cell)
                if index == 0
                else format_html(
                    "<td {}>{}</td>",
                    empty_attributes[index] if cell in ("", defaults[index]) else attributes[index],
                    cell,
                )
                for index, (_column, cell) in enumerate(row.items())
            ]
            html.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), mark_safe("".join(cells))))  # noqa: S308
        return mark_safe("\n".join(html))  # noqa: S308 - every part is escaped by format_html


class ProvisionTable(ReviewTable):
    # The rows are a list (review.selectors), which tells django-tables2 no model to take the fields'
    # names from: each column names itself.
    margin = tables.Column(verbose_name=_("Margin"), order_by=("sort_key", "-instrument__year"))
    instrument = tables.Column(
        accessor="instrument__short_name", verbose_name=_("Instrument"), order_by=("-instrument__year", "sort_key")
    )
    part = tables.Column(
        accessor="part__label", verbose_name=_("Part"), order_by=("-instrument__year", "part__order", "sort_key")
    )
    paragraph = tables.Column(verbose_name=_("Paragraph"), orderable=False)
    subject = tables.Column(verbose_name=_("Subject"), attrs=USERS_TEXT)
    count_abrogate = StanceCountColumn(Stance.ABROGATE)
    count_retain = StanceCountColumn(Stance.RETAIN)
    count_revise = StanceCountColumn(Stance.REVISE)
    count_add = StanceCountColumn(Stance.ADD)

    class Meta(ReviewTable.Meta):
        model = Provision
        fields = ("margin", "instrument", "part", "paragraph", "subject")
        empty_text = _("No provision matches these filters.")

    unlabelled_columns = ("instrument", "part", "subject")
    clamped_columns = ("subject",)

    def render_margin(self, value, record):
        return format_html('<a href="{}">{}</a>{}', record.get_absolute_url(), value, unverified_mark(record))

    def render_instrument(self, record):
        return record.instrument.shown_name

    def render_paragraph(self, value, record):
        return record.shown_paragraph

    def render_subject(self, value, record):
        return proposed_subject(record, shown_subject(record))

    def count_link(self, value, record, stance):
        return self.positions_link(
            value,
            **{
                **self.filters,
                "instrument": record.instrument.slug,
                "margin": record.margin,
                "stance": stance,
                "status": CURRENT,
            },
        )


def proposed_subject(provision, subject: str):
    """A provision's subject, marked where the provision is proposed by ADD (not in the instrument)."""
    if not provision.is_proposed:
        return subject
    return format_html('{} <span class="proposed-mark">({})</span>', subject, gettext(PROPOSED_MARK))


class PositionTable(ReviewTable):
    provision = tables.Column(
        verbose_name=_("Provision"),
    )
    part = tables.Column(accessor="provision__part__label", verbose_name=_("Part"), orderable=False)
    participant = tables.Column(
        verbose_name=_("Participant"), linkify=lambda record: record.participant.get_absolute_url()
    )
    stance = tables.Column(
        verbose_name=_("Stance"), order_by=("stance", "-provision__instrument__year", "provision__sort_key", "pk")
    )
    tor_item = tables.Column(verbose_name=_("ToR item"), orderable=False)
    rationale = tables.Column(verbose_name=_("Rationale"), orderable=False, attrs=USERS_TEXT)
    proposed_text = tables.Column(verbose_name=_("Proposed text"), orderable=False, attrs=USERS_TEXT)
    contribution = tables.Column(
        verbose_name=_("Source"),
        attrs=DOCUMENT_SYMBOL,
        linkify=lambda record: record.contribution.get_absolute_url() if record.contribution_id else None,
        order_by=("contribution__meeting__number", "contribution__number", "pk"),
    )
    status = tables.Column(
        accessor="is_current",
        verbose_name=_("Status"),
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": "status"}},
    )

    class Meta(ReviewTable.Meta):
        model = Position
        fields = (
            "provision",
            "part",
            "participant",
            "stance",
            "tor_item",
            "rationale",
            "proposed_text",
            "contribution",
            "status",
        )
        empty_text = _("No published position matches these filters.")

    unlabelled_columns = ("part", "participant", "stance")
    clamped_columns = ("rationale", "proposed_text")

    def order_provision(self, queryset, is_descending):
        # Provision order (newest instrument first, margins in natural order), then participants
        # by their letters (provisions.search.by_letters); all of it reversed when descending.
        sign = "" if is_descending else "-"
        return queryset.order_by(
            f"{sign}provision__instrument__year",
            OrderBy(F("provision__sort_key"), descending=is_descending),
            *by_letters("participant__name", descending=is_descending),
            OrderBy(F("stance"), descending=is_descending),
            OrderBy(F("pk"), descending=is_descending),
        ), True

    def order_participant(self, queryset, is_descending):
        return queryset.order_by(*by_letters("participant__name", descending=is_descending), "pk"), True

    def render_provision(self, record):
        provision = record.provision
        return format_html(
            '<a href="{}#position-{}">{}</a>{}{}',
            provision.get_absolute_url(),
            record.pk,
            provision_name(provision),
            unverified_mark(provision),
            format_html(' <span class="proposed-mark">({})</span>', gettext(PROPOSED_MARK))
            if provision.is_proposed
            else "",
        )

    def render_status(self, value):
        return gettext("current") if value else format_html("<del>{}</del>", gettext("superseded"))

    def render_stance(self, record):
        return stance_badge(record.stance, record.get_stance_display())

    def render_tor_item(self, value, record):
        return record.get_tor_item_display()

    def render_rationale(self, value):
        return symbols_kept_whole(value)

    def render_proposed_text(self, value):
        return symbols_kept_whole(value if len(value) <= 300 else value[:300].rsplit(" ", 1)[0] + " …")


class ParticipantTable(ReviewTable):
    # The list is counted in Python (review.selectors): sorted by the name's letters there too.
    name = tables.Column(
        verbose_name=capfirst(Participant._meta.get_field("name").verbose_name),
        linkify=True,
        order_by=("alphabetical_key",),
    )
    kind = tables.Column(verbose_name=pgettext_lazy("of participant", "Kind"))
    region = tables.Column(accessor="region_label", verbose_name=_("ITU region"), order_by=("region",))
    count_abrogate = StanceCountColumn(Stance.ABROGATE)
    count_retain = StanceCountColumn(Stance.RETAIN)
    count_revise = StanceCountColumn(Stance.REVISE)
    count_add = StanceCountColumn(Stance.ADD)
    document_count = tables.Column(verbose_name=_("Documents"), attrs=NUMBER)

    class Meta(ReviewTable.Meta):
        model = Participant
        fields = ("name", "kind", "region")
        empty_text = _("No participant matches these filters.")

    unlabelled_columns = ("kind", "region")

    def count_link(self, value, record, stance):
        return self.positions_link(
            value, **{**self.filters, "participant": record.slug, "stance": stance, "status": CURRENT}
        )


class ContributionTable(ReviewTable):
    symbol = tables.Column(
        verbose_name=_("Symbol"), linkify=True, order_by=("meeting__number", "number"), attrs=DOCUMENT_SYMBOL
    )
    meeting = tables.Column(
        accessor="meeting__number", verbose_name=_("Meeting"), order_by=("meeting__number", "number"), attrs=NUMBER
    )
    title = tables.Column(verbose_name=_("Title"), attrs=USERS_TEXT)
    submitters = tables.Column(verbose_name=_("Submitters"), empty_values=(), orderable=False)
    is_late = tables.Column(verbose_name=_("Late"), empty_values=())
    position_count = tables.Column(verbose_name=_("Statements"), attrs=NUMBER)

    class Meta(ReviewTable.Meta):
        model = Contribution
        fields = ("symbol", "meeting", "title", "is_late")
        empty_text = _("No document matches these filters.")

    # "late" says what it is; a document on time shows nothing (an empty cell, left out on a phone).
    unlabelled_columns = ("title", "is_late")
    clamped_columns = ("submitters",)

    def render_is_late(self, value):
        return pgettext("a late document", "late") if value else ""

    def render_submitters(self, record):
        return ", ".join(link.participant.name for link in record.submitter_links.all()) or "—"

    def render_position_count(self, value, record):
        if not value:
            return "0"
        return format_html('<a href="{}">{}</a>', positions_url(contribution=record.symbol), value)


class ChangeTable(ReviewTable):
    """/changes/: one row per participant and provision whose current stances changed."""

    provision = tables.Column(verbose_name=_("Provision"), empty_values=(), order_by=("order_key",))
    participant = tables.Column(
        verbose_name=_("Participant"),
        accessor="participant__name",
        linkify=lambda record: record.participant.get_absolute_url(),
        order_by=("participant_order",),
    )
    kind = tables.Column(verbose_name=pgettext_lazy("a change of stance", "Change"), accessor="kind_label")
    before = tables.Column(verbose_name=_("Before"), accessor="before_symbols", orderable=False)
    after = tables.Column(verbose_name=_("After"), accessor="after_symbols", orderable=False)
    documents = tables.Column(verbose_name=_("Stated in"), empty_values=(), orderable=False)

    class Meta(ReviewTable.Meta):
        empty_text = _("No current stance changed between these meetings (with these filters).")

    unlabelled_columns = ("participant",)

    def render_provision(self, record):
        provision = record.provision
        return format_html(
            '<a href="{}">{}</a>{}{}',
            provision.get_absolute_url(),
            provision_name(provision),
            unverified_mark(provision),
            format_html(' <span class="proposed-mark">({})</span>', gettext(PROPOSED_MARK))
            if provision.is_proposed
            else "",
        )

    def render_before(self, record):
        return _symbols(record.before, struck=record.superseded)

    def render_after(self, record):
        return _symbols(record.after)

    def render_documents(self, record):
        if not record.documents:
            return "—"
        return format_html_join(", ", '<span class="doc-symbol">{}</span>', ((symbol,) for symbol in record.documents))


def _symbols(stances: list[str], *, struck: list[str] = ()):
    if not stances:
        return "—"
    return format_html_join(
        " ",
        "{}",
        (
            (
                format_html('<del class="stance stance-{}">{}</del>', stance, STANCE_SYMBOLS[stance])
                if stance in struck
                else format_html('<span class="stance stance-{}">{}</span>', stance, STANCE_SYMBOLS[stance]),
            )
            for stance in stances
        ),
    )
