"""The public pages: read-only, published statements only, the same filters everywhere.

Views stay HTTP: each turns the request into a ``Selection`` (review.filters) and asks a selector
(review.selectors) for what the page shows; its export turns the same result into rows
(review.exports). List pages follow the django-filter + django-tables2 pattern. Every page and
export runs a fixed number of queries whatever the size of the data, and takes ``as_of`` (the
state at the end of a meeting). ``?_export=csv`` (or ``xlsx``) downloads exactly what the filters
select.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from provisions.margins import MarginListError, parse_margin
from provisions.models import PROPOSED_MARK, Instrument, Provision

from . import exports
from .exports import (
    EXPORT_FORMATS,
    bad_export_response,
    export_filename,
    export_response,
    filters_unusable_message,
    positions_export_response,
    several_formats_message,
)
from .filters import (
    FILTER_PARAMETERS,
    ChangesFilterSet,
    ContributionFilter,
    MeetingNumberField,
    OneInstrumentFilterSet,
    ParticipantFilter,
    PositionFilter,
    ProvisionFilter,
    WholeNumberError,
    given_values,
    parameter_message,
    parse_whole_number,
)
from .links import changes_url, positions_url
from .marks import shown_subject, symbols_kept_whole, unverified_mark
from .models import STANCE_SYMBOLS, Contribution, Meeting, Participant, Position, Stance
from .selectors import (
    CURRENT,
    RELATION_LABELS,
    changes_between,
    comparison_matrix,
    home_summary,
    mark_statuses,
    participant_stance_counts,
    provision_page,
    statements_citing,
    structure_confidence,
    versions_rows,
)
from .tables import ChangeTable, ContributionTable, ParticipantTable, PositionTable, ProvisionTable

STANCES = list(Stance)


def stance_legend():
    return [{"stance": stance.value, "symbol": stance.symbol, "label": stance.label} for stance in STANCES]


class ExportMixin:
    """``?_export=csv``, ``xlsx`` or ``json``: the rows the filters select, every page of them.

    A bad filter or format gives a 400 naming it (a page would show the message instead).
    Views define ``export_name`` and ``export_rows(filterset)`` returning ``(header, rows)``;
    position lists set ``exports_positions`` to use the positions CSV of the design. The file is
    named by ``export_filename`` from the page's name and ``export_filters(filterset)``.
    """

    export_name = "export"
    exports_positions = False

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("_export")
        if export_format is None:
            return super().get(request, *args, **kwargs)
        if len(formats := set(request.GET.getlist("_export"))) > 1:
            return bad_export_response(several_formats_message(formats))
        if export_format not in EXPORT_FORMATS:
            return bad_export_response(
                gettext("Unknown export format '%(format)s': use csv, xlsx or json.") % {"format": export_format}
            )
        # ?bom=1: a UTF-8 byte order mark before the CSV, for Excel; never by default, since the
        # design fixes the first bytes of the positions CSV (its header) and scripts read them.
        bom_values = set(request.GET.getlist("bom"))
        if not bom_values <= {"0", "1"} or len(bom_values) > 1:
            return bad_export_response(
                gettext("bom takes one value: 1 (a byte order mark before the CSV, for Excel) or 0.")
            )
        bom = bom_values == {"1"}
        if bom and export_format != "csv":
            return bad_export_response(
                gettext("bom=1 applies to CSV only: an xlsx or JSON file needs no byte order mark.")
            )
        filterset = self.get_export_filterset()
        if filterset is not None and not filterset.is_valid():
            return bad_export_response(filters_unusable_message(filterset.error_messages))
        filename = export_filename(self.export_name, self.export_filters(filterset), day=timezone.localdate())
        if self.exports_positions:
            return positions_export_response(
                export_format, self.export_positions(filterset), filename=filename, bom=bom
            )
        header, rows = self.export_rows(filterset)
        return export_response(export_format, header, rows, filename=filename, title=self.export_name, bom=bom)

    def get_export_filterset(self):
        return self.get_filterset(self.get_filterset_class())

    def export_filters(self, filterset) -> dict[str, list[str]]:
        """What the export holds, for its file name: the page's active filters."""
        return active_filters(self.request, filterset)

    def export_positions(self, filterset):
        return filterset.selection.statements()


def url_without(request, *names: str) -> str:
    """This page's URL with the query parameters ``names`` left out (e.g. as_of: the page now)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def active_filters(request, filterset=None) -> dict[str, list[str]]:
    """The filter parameters given, each with its non-empty values: those the page's
    ``filterset`` applies where it is given (not those it leaves out, ``not_applicable``)."""
    names = FILTER_PARAMETERS
    if filterset is not None:
        names = [name for name in (*COMPARED_MEETINGS, *FILTER_PARAMETERS) if name in filterset.filters]
    return {name: values for name in names if (values := given_values(request.GET, name))}


# The meetings /changes/ compares: filters of that page only.
COMPARED_MEETINGS = ("since", "until")


def filter_context(request, filterset) -> dict:
    """What every filtered page shows around its table: the form, its errors, the export links,
    and the meeting the page answers as of."""
    query = request.GET.copy()
    for name in ("page", "sort", "_export", "bom"):
        query.pop(name, None)
    valid = filterset.is_valid()
    return {
        "filter_errors": filterset.error_messages if filterset.is_bound and not valid else [],
        "filter_query": query.urlencode(),
        "active_filters": active_filters(request, filterset),
        "not_used": [
            gettext("%(label)s (%(parameter)s)") % {"label": filterset.base_filters[name].label, "parameter": name}
            for name in filterset.not_used
        ],
        "stance_legend": stance_legend(),
        "as_of": filterset.selection.as_of if valid else None,
        "now_url": url_without(request, "as_of", "page"),
    }


MAX_PER_PAGE = 500


class BoundedTableMixin(SingleTableMixin):
    """django-tables2's table, with ``?page=`` and ``?per_page=`` read by ``parse_whole_number``:
    a page below 1 or not a number gives page 1, a page past the end the last page; a per_page
    that is not a whole number from 1 to MAX_PER_PAGE gives the table's own; each with a message
    naming the value given (``page_message``).

    django-tables2 takes ``per_page`` as it comes and fails (a 500) on a negative or enormous number
    (found by tests/test_hostile_input.py). It sends a page below 1 to the last page (Django's
    EmptyPage), hence the page 1 here.
    """

    requested_page = requested_per_page = None

    def get_table(self, **kwargs):
        query = self.request.GET.copy()
        per_page = query.get("per_page")
        if per_page is not None and whole_number_or_none(per_page, maximum=MAX_PER_PAGE) is None:
            self.requested_per_page = per_page
            del query["per_page"]
        if (page := query.get("page")) is not None:
            self.requested_page = page
            if whole_number_or_none(page, maximum=None) is None:
                query["page"] = "1"
        # A sort that names no column of the table is dropped (the table's own order): django-tables2
        # reads "a.b" or "." as a path into the rows (found by tests/test_hostile_input.py).
        if (sort := query.get("sort")) is not None:
            columns = self.get_table_class().base_columns
            if any(name.lstrip("-") not in columns for name in sort.split(",")):
                del query["sort"]
        self.request.GET = query
        return super().get_table(**kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        messages = []
        if self.requested_per_page is not None and hasattr(table, "page"):
            messages.append(
                gettext(
                    "per_page takes a whole number from 1 to %(maximum)s, not '%(value)s': showing %(rows)s rows a "
                    "page."
                )
                % {"maximum": MAX_PER_PAGE, "value": self.requested_per_page, "rows": table.paginator.per_page}
            )
        requested = self.requested_page
        if (
            requested is not None
            and hasattr(table, "page")
            and whole_number_or_none(requested, maximum=None) != table.page.number
        ):
            messages.append(
                gettext("There is no page '%(value)s': showing page %(page)s of %(pages)s.")
                % {"value": requested, "page": table.page.number, "pages": table.paginator.num_pages}
            )
        if messages:
            context["page_message"] = " ".join(messages)
        return context


def whole_number_or_none(text: str, *, maximum: int | None) -> int | None:
    """A number from 1 to ``maximum`` as given in ``?page=`` or ``?per_page=``, or None."""
    try:
        return parse_whole_number(text, minimum=1, maximum=maximum)
    except WholeNumberError:
        return None


class StatementStatusMixin:
    """Tables of statements (PositionTable) show each one's status: decided for the rows of the
    page shown only (selectors.mark_statuses), one query whatever the number of statements."""

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if hasattr(table, "page"):
            mark_statuses([row.record for row in table.page.object_list], as_of=self.statuses_as_of())
        return table

    def statuses_as_of(self):
        return self.as_of


class FilteredListView(ExportMixin, BoundedTableMixin, FilterView):
    """A filtered, sorted, paginated table with its exports."""

    template_name = "review/filtered_list.html"
    caption = ""
    heading = ""
    introduction = ""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_table_kwargs(self):
        return {"caption": self.caption, "filters": active_filters(self.request, self.filterset)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter_context(self.request, self.filterset))
        context.update({"heading": self.heading, "introduction": self.introduction})
        return context


class ProvisionListView(FilteredListView):
    """/provisions/: every provision, filterable, with the participants by current stance."""

    filterset_class = ProvisionFilter
    table_class = ProvisionTable
    table_pagination = {"per_page": 50}
    queryset = Provision.objects.all()
    heading = _("Provisions")
    caption = _("Provisions, in margin order, with the number of participants by current stance")
    introduction = _(
        "Every provision of both versions of the ITRs, and the new provisions proposed by ADD statements (marked "
        "“proposed”). The counts are the participants whose current stance on each provision is that one, among "
        "the statements the filters select: a stance restated in a later document counts once, one superseded by a "
        "later statement not at all. Each count links to the statements behind it. A margin marked “unverified” is "
        "one the sources leave unverified (what that means: follow the mark)."
    )
    export_name = "provisions"

    def export_rows(self, filterset):
        return exports.provision_rows(filterset.qs)


class PositionListView(StatementStatusMixin, FilteredListView):
    """/positions/: every published statement, filterable, with its status."""

    filterset_class = PositionFilter
    table_class = PositionTable
    table_pagination = {"per_page": 100}
    queryset = Position.objects.for_position_list()
    heading = _("Positions")
    caption = _("Published statements, in provision order")
    introduction = _(
        "Every published statement: one row per participant, provision, stance and document. A participant that "
        "restates a stance in a later document has a row for each; its current stances are those of its latest "
        "statements on the provision, and the earlier ones are superseded (Status)."
    )
    export_name = "positions"
    exports_positions = True

    def statuses_as_of(self):
        return self.filterset.selection.as_of


class ParticipantListView(FilteredListView):
    """/participants/: who takes part, with the provisions by current stance and their documents."""

    filterset_class = ParticipantFilter
    table_class = ParticipantTable
    table_pagination = {"per_page": 100}
    queryset = Participant.objects.all()
    heading = _("Participants")
    caption = _("Participants, with the number of provisions by current stance")
    introduction = _(
        "Member States, Sector Members, regional organizations and others who hold positions or submit documents. "
        "The counts are the provisions on which each currently holds each stance."
    )
    export_name = "participants"

    def export_rows(self, filterset):
        return exports.participant_rows(filterset.qs)


class ContributionListView(FilteredListView):
    """/contributions/: the documents by meeting (filters: meeting, contribution, participant as
    submitter, q over symbol and title)."""

    filterset_class = ContributionFilter
    table_class = ContributionTable
    table_pagination = {"per_page": 100}
    heading = _("Documents")
    caption = _("Documents of the EG-ITRs, by meeting")
    introduction = _("The contributions to the group's meetings, with their submitters and the statements each makes.")
    export_name = "contributions"

    queryset = Contribution.objects.all()

    def export_rows(self, filterset):
        return exports.contribution_rows(filterset.qs)


class AsOfForm(forms.Form):
    """``as_of`` on the pages without a filter form (detail pages, the overview, the meetings)."""

    as_of = MeetingNumberField(required=False)


def as_of_messages(form: AsOfForm) -> list[str]:
    """The problems with ``as_of`` on a page without a filter form, each naming the parameter."""
    return [parameter_message(gettext("As of meeting"), "as_of", error) for error in form.errors.get("as_of", [])]


class AsOfMixin:
    """Reads ``as_of`` once per request: ``self.as_of`` (a Meeting, or None for now) and
    ``self.as_of_errors`` (the page shows them; an export gives a 400 naming the value)."""

    def read_as_of(self) -> None:
        form = AsOfForm({"as_of": given_values(self.request.GET, "as_of")})
        self.as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
        self.as_of_errors = as_of_messages(form)

    def as_of_context(self) -> dict:
        return {
            "as_of": self.as_of,
            "filter_errors": self.as_of_errors,
            "now_url": url_without(self.request, "as_of", "page"),
            "as_of_query": f"as_of={self.as_of.number}" if self.as_of else "",
        }


class DetailExportMixin(AsOfMixin, ExportMixin):
    """A detail page whose export is the published statements on its object (a provision, a
    participant, a document), in the positions CSV, as of ``as_of``. Other filters do not apply."""

    exports_positions = True
    # The Position field that points at the page's object.
    position_field = ""

    def get(self, request, *args, **kwargs):
        self.read_as_of()
        if request.GET.get("_export") is not None and self.as_of_errors:
            return bad_export_response(filters_unusable_message(self.as_of_errors))
        return super().get(request, *args, **kwargs)

    def get_export_filterset(self):
        self.object = self.get_object()
        return None

    def object_statements(self):
        return Position.objects.published().as_of(self.as_of).filter(**{self.position_field: self.object})

    def export_positions(self, filterset):
        return self.object_statements()

    def export_filters(self, filterset) -> dict[str, list[str]]:
        """The page's object (``object_filters``) and as_of: the only filters its export reads."""
        return {**self.object_filters(), **({"as_of": [str(self.as_of.number)]} if self.as_of else {})}

    def object_filters(self) -> dict[str, list[str]]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.as_of_context())
        return context


class ProvisionDetailView(DetailExportMixin, DetailView):
    """/provisions/<instrument>/<margin>/: one provision, the current stances on it, and each
    participant's statements over time."""

    template_name = "provisions/provision_detail.html"
    context_object_name = "provision"
    position_field = "provision"

    def get(self, request, *args, **kwargs):
        # One URL per provision: another spelling of its margin (029, 1/01, 29a) is sent there.
        provision = self.get_object()
        if self.kwargs["margin"] != provision.margin:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(provision.get_absolute_url() + (f"?{query}" if query else ""))
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if (provision := getattr(self, "provision", None)) is not None:
            return provision
        self.provision = self.find_provision()
        return self.provision

    def find_provision(self):
        slug, margin = self.kwargs["instrument"], self.kwargs["margin"]
        try:
            sort_key = parse_margin(margin).sort_key
        except MarginListError as error:
            raise Http404(error.message) from error
        provision = Provision.objects.for_provision_detail().filter(instrument__slug=slug, sort_key=sort_key).first()
        if provision is None:
            instrument = Instrument.objects.filter(slug=slug).first()
            if instrument is None:
                raise Http404(
                    gettext("There is no instrument '%(value)s': use itrs-2012 or itrs-1988.") % {"value": slug}
                )
            raise Http404(
                gettext("The %(instrument)s have no margin %(margin)s.")
                % {"instrument": instrument.shown_name, "margin": margin}
            )
        return provision

    export_name = "positions"

    def object_filters(self):
        return {"instrument": [self.object.instrument.slug], "margin": [self.object.margin]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provision = self.object
        if provision.instrument.year == 2012:
            links = [(link, link.provision_1988) for link in provision.sources_1988.all()]
        else:
            links = [(link, link.provision_2012) for link in provision.successors_2012.all()]
        context.update(
            {
                "page": provision_page(provision, as_of=self.as_of),
                "counterparts": [
                    {"relation": link.supported_relation_label, "provision": other, "uncertain": link.is_uncertain}
                    for link, other in links
                ],
                "instrument_slug": provision.instrument.slug,
                "proposed_mark": gettext(PROPOSED_MARK),
            }
        )
        return context


class CompareView(ExportMixin, TemplateView):
    """/compare/: provisions (rows) × participants (columns), each cell the current stances."""

    template_name = "review/compare.html"
    export_name = "compare"

    def get_export_filterset(self):
        return self.get_filterset()

    def export_filters(self, filterset):
        return one_instrument_filters(self.request, filterset)

    def get_filterset(self):
        # One instrument at a time: a matrix of both versions mixes unrelated margins.
        return OneInstrumentFilterSet(self.request.GET)

    def export_rows(self, filterset):
        return exports.matrix_rows(comparison_matrix(filterset.selection, instrument=filterset.chosen_instrument))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        context["filter"] = filterset
        context.update(filter_context(self.request, filterset))
        if not filterset.is_valid():
            context.update({"rows": [], "columns": []})
            return context
        matrix = comparison_matrix(filterset.selection, instrument=filterset.chosen_instrument)
        names = [escape(participant.name) for participant in matrix.columns]
        words = MatrixWords()
        context.update(
            {
                "rows": [render_matrix_row(row, names, words) for row in matrix.rows],
                "columns": matrix.columns,
                "column_headers": render_matrix_column_headers(matrix.columns, names),
                "has_positions": matrix.has_positions,
                "instrument": matrix.instrument,
            }
        )
        return context


def one_instrument_filters(request, filterset) -> dict[str, list[str]]:
    """The active filters of a table of one instrument, with the instrument shown even where it is
    the default (an export of /compare/ says which instrument it holds)."""
    return {"instrument": [filterset.chosen_instrument.slug], **active_filters(request, filterset)}


def render_matrix_column_headers(participants, names: list[str]) -> str:
    """The participants' column headers, written here as the rows are (a few hundred of them)."""
    return mark_safe(  # noqa: S308 - names escaped by the caller, addresses by escape()
        "".join(
            f'<th scope="col" class="participant" title="{name}"><a href="{escape(participant.get_absolute_url())}"'
            f' aria-label="{name}"><span aria-hidden="true">{name}</span></a></th>'
            for participant, name in zip(participants, names, strict=True)
        )
    )


def render_matrix_row(row, names: list[str], words: MatrixWords) -> str:
    """One row of the matrix as HTML: the provision (the row's header), its Summary, then its cells.
    Written here for the same reason as the cells: a template costs about as much again as the rest
    of the row at 134 rows (benchmarks/RESULTS.md)."""
    provision, summary = row.provision, row.summary
    proposed = f' <span class="proposed-mark">{words.proposed}</span>' if provision.is_proposed else ""
    badges = "".join(
        f'<span class="count count-{badge["stance"]}">{badge["count"]}&nbsp;{badge["symbol"]}</span> '
        for badge in summary.badges
    )
    agreement = f'<strong class="agreement">{words.all_agree}</strong>' if summary.agree else ""
    return format_html(
        '<tr{}>\n  <th scope="row" class="provision"><a href="{}">{}</a>{}{} <span class="subject">{}</span></th>'
        '\n  <td class="summary-column">{}{}</td>\n  {}\n</tr>',
        mark_safe(' class="agree"') if summary.agree else "",  # noqa: S308 - a constant
        provision.get_absolute_url(),
        provision.margin,
        unverified_mark(provision),
        mark_safe(proposed),  # noqa: S308 - our words, escaped in MatrixWords
        shown_subject(provision, 48),
        mark_safe(badges or "—"),  # noqa: S308 - stances, symbols and counts: no user text
        mark_safe(agreement),  # noqa: S308 - our words, escaped in MatrixWords
        render_matrix_cells(row, names, words),
    )


def render_matrix_cells(row, names: list[str], words: MatrixWords) -> str:
    """The participant cells of one matrix row as HTML (``names``: the columns' participant names,
    escaped, from matrix_column_names; ``words``: what the cells say, made once for the page).

    Written here rather than in the template: a matrix of 134 × 200 is 26,800 cells, and a template
    loop over them costs many times the database read. Each current stance is a link to its
    statement; a superseded one is struck through (``<del>``, readable without colour) with the
    date it was stated.
    """
    url = escape(row.provision.get_absolute_url())
    labels = words.labels
    html = []
    for name, stances in zip(names, row.cells, strict=True):
        if not stances:
            html.append('<td class="cell"></td>')
            continue
        parts = []
        for cell in stances:
            stance = cell.stance
            if cell.status == CURRENT:
                parts.append(
                    f'<a class="stance stance-{stance}" href="{url}#position-{cell.position_id}" '
                    f'title="{name}: {labels[stance]}">{STANCE_SYMBOLS[stance]}</a>'
                )
            else:
                stated = cell.stated_on
                title, month = words.superseded(stated)
                parts.append(
                    f'<del class="superseded" title="{name}: {labels[stance]}, {title}">'
                    f'{STANCE_SYMBOLS[stance]}<span class="visually-hidden"> {words.superseded_stated}</span> '
                    f'<time datetime="{stated}">{month}</time></del>'
                )
        html.append(f'<td class="cell">{"".join(parts)}</td>')
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


class MatrixWords:
    """What the matrix's cells say, in the page's language, escaped: the stance words once per page,
    a superseded stance's words once per date (a matrix at scale has thousands of such cells)."""

    def __init__(self):
        # str() first: escape() of a lazy label stays lazy, and would be translated again in every cell.
        self.labels = {stance.value: escape(str(stance.label)) for stance in Stance}
        self.superseded_stated = escape(gettext("superseded, stated"))
        self.proposed = escape(gettext("(proposed)"))
        self.all_agree = escape(gettext("✓ all agree"))
        self._dates: dict[datetime.date, tuple[str, str]] = {}

    def superseded(self, stated: datetime.date) -> tuple[str, str]:
        """(``superseded (stated 2025-03-10)``, ``Mar 2025``: the month in the page's language)."""
        if stated not in self._dates:
            title = gettext("superseded (stated %(date)s)") % {"date": stated.isoformat()}
            self._dates[stated] = (escape(title), escape(date_format(stated, "M Y")))
        return self._dates[stated]


class VersionsView(ExportMixin, TemplateView):
    """/compare/versions/: the 2012 ITRs against the 1988 ITRs through the correspondence, row by
    row, with the participants by current stance on each 2012 provision (review.selectors)."""

    template_name = "review/versions.html"
    export_name = "versions"

    def get_export_filterset(self):
        return self.get_filterset()

    def export_filters(self, filterset):
        return one_instrument_filters(self.request, filterset)

    def get_filterset(self):
        return OneInstrumentFilterSet(self.request.GET)

    def rows(self, filterset):
        return versions_rows(filterset.selection, reads_1988=filterset.chosen_instrument.year == 1988)

    def export_rows(self, filterset):
        return exports.versions_rows(self.rows(filterset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        context["filter"] = filterset
        context.update(filter_context(self.request, filterset))
        context["rows"] = self.rows(filterset) if filterset.is_valid() else []
        context["relations"] = list(RELATION_LABELS.items())
        return context


class ChangesView(ExportMixin, BoundedTableMixin, TemplateView):
    """/changes/?since=n[&until=m]: per participant and provision, what is new, changed (old →
    new, the old stances superseded) or withdrawn between the end of two meetings."""

    template_name = "review/changes.html"
    table_class = ChangeTable
    table_pagination = {"per_page": 100}
    export_name = "changes"

    def get_export_filterset(self):
        return self.get_filterset()

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = ChangesFilterSet(self.request.GET)
        return self._filterset

    def changes(self):
        filterset = self.get_filterset()
        since, until = filterset.meetings
        if since is None:
            return []
        return changes_between(filterset.selection, since=since, until=until)

    def export_rows(self, filterset):
        return exports.change_rows(self.changes())

    def export_filters(self, filterset):
        """The meetings compared (since, as given or by default; until), then the other filters."""
        since, until = filterset.meetings
        meetings = {"since": [str(since.number)], **({"until": [str(until.number)]} if until else {})}
        others = active_filters(self.request, filterset)
        return {**meetings, **{name: values for name, values in others.items() if name not in COMPARED_MEETINGS}}

    def get_table_data(self):
        return self.changes()

    def get_table_kwargs(self):
        since, until = self.get_filterset().meetings
        if since is None:
            caption = gettext("Changes")
        elif until is None:
            caption = gettext("Changes of current stances between the end of meeting %(since)s and now") % {
                "since": since.number
            }
        else:
            caption = gettext(
                "Changes of current stances between the end of meeting %(since)s and the end of meeting %(until)s"
            ) % {"since": since.number, "until": until.number}
        return {
            "caption": caption,
            "filters": active_filters(self.request, self.get_filterset()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        context["filter"] = filterset
        context.update(filter_context(self.request, filterset))
        context["since"], context["until"] = filterset.meetings
        return context


class ParticipantDetailView(DetailExportMixin, StatementStatusMixin, BoundedTableMixin, DetailView):
    """/participants/<slug>/: one participant's current stances and published statements, and documents."""

    template_name = "review/participant_detail.html"
    context_object_name = "participant"
    slug_url_kwarg = "slug"
    table_class = PositionTable
    table_pagination = {"per_page": 100}
    position_field = "participant"

    def get_queryset(self):
        if self.request.GET.get("_export"):
            return Participant.objects.all()
        return Participant.objects.for_participant_detail()

    def get_object(self, queryset=None):
        participant = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if participant is None:
            raise Http404(gettext("There is no participant '%(value)s'.") % {"value": self.kwargs["slug"]})
        return participant

    export_name = "positions"

    def object_filters(self):
        return {"participant": [self.object.slug]}

    def get_table_data(self):
        return self.object_statements().for_position_list()

    def get_table_kwargs(self):
        return {
            "caption": gettext("Published statements of %(participant)s, in provision order")
            % {"participant": self.object.name},
            "exclude": ("participant",),
            "empty_text": gettext("%(participant)s holds no published position.") % {"participant": self.object.name},
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = participant_stance_counts(self.object, as_of=self.as_of)
        as_of = {"as_of": self.as_of.number} if self.as_of else {}
        context["stance_rows"] = [
            {
                "stance": stance.value,
                "symbol": stance.symbol,
                "label": stance.label,
                "count": counts[stance.value],
                "url": positions_url(participant=self.object.slug, stance=stance.value, status=CURRENT, **as_of),
            }
            for stance in STANCES
        ]
        return context


class ContributionDetailView(DetailExportMixin, StatementStatusMixin, BoundedTableMixin, DetailView):
    """/contributions/<symbol>/: a document, its submitters and the statements it makes."""

    template_name = "review/contribution_detail.html"
    context_object_name = "contribution"
    table_class = PositionTable
    table_pagination = {"per_page": 100}
    position_field = "contribution"

    def get_object(self, queryset=None):
        contribution = Contribution.objects.for_contribution_detail().filter(symbol=self.kwargs["symbol"]).first()
        if contribution is None:
            raise Http404(gettext("There is no document '%(value)s'.") % {"value": self.kwargs["symbol"]})
        return contribution

    export_name = "positions"

    def object_filters(self):
        return {"contribution": [self.object.symbol]}

    def get_table_data(self):
        return self.object_statements().for_position_list()

    def get_table_kwargs(self):
        return {
            "caption": symbols_kept_whole(
                gettext("Published statements made in %(document)s") % {"document": self.object.symbol}
            ),
            "exclude": ("contribution",),
            "empty_text": gettext("No published statement is made in this document."),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["citations"] = statements_citing(self.object, as_of=self.as_of)
        return context


class MeetingListView(AsOfMixin, ExportMixin, TemplateView):
    """/meetings/: the meetings and their documents (up to ``as_of``), each with what it changed."""

    template_name = "review/meeting_list.html"
    export_name = "meetings"

    def get(self, request, *args, **kwargs):
        self.read_as_of()
        if request.GET.get("_export") is not None and self.as_of_errors:
            return bad_export_response(filters_unusable_message(self.as_of_errors))
        return super().get(request, *args, **kwargs)

    def meetings(self):
        meetings = Meeting.objects.for_meeting_list()
        return meetings.filter(number__lte=self.as_of.number) if self.as_of else meetings

    def get_export_filterset(self):
        return None

    def export_filters(self, filterset):
        return {"as_of": [str(self.as_of.number)]} if self.as_of else {}

    def export_rows(self, filterset):
        return exports.meeting_rows(self.meetings())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.as_of_context())
        meetings = list(self.meetings())
        for meeting in meetings:
            meeting.changes_url = (
                changes_url(since=meeting.number - 1, until=meeting.number) if meeting.number > 1 else ""
            )
        context["meetings"] = meetings
        return context


def home(request):
    """The overview: the size of the record, current stances by instrument and stance, the
    meetings with what each changed, and the latest publications (``as_of`` applies)."""
    form = AsOfForm({"as_of": given_values(request.GET, "as_of")})
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    summary = home_summary(as_of=as_of)
    links = {"status": CURRENT, **({"as_of": as_of.number} if as_of else {})}
    for row in summary.stance_totals:
        # Each count links to the current statements it counts.
        row.cells = [
            (count, positions_url(instrument=size.instrument.slug, stance=row.stance, **links))
            for count, size in zip(row.counts, summary.instruments, strict=True)
        ]
    for meeting in summary.meetings:
        meeting.changes_url = changes_url(since=meeting.number - 1, until=meeting.number) if meeting.number > 1 else ""
    context = {
        "summary": summary,
        "as_of": as_of,
        "filter_errors": as_of_messages(form),
        "latest_changes_url": changes_url(since=summary.meetings[-1].number - 1) if len(summary.meetings) > 1 else "",
        "now_url": url_without(request, "as_of"),
    }
    return render(request, "review/home.html", context)


class AboutStructureView(TemplateView):
    """/about/structure/: where the structure of both ITRs comes from, what the unverified mark
    means, and which provisions carry it (linked from every mark)."""

    template_name = "review/about_structure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instruments"] = structure_confidence()
        return context
