"""The public pages: read-only, published positions only, the same filters everywhere.

List pages follow the django-filter + django-tables2 pattern; every page and export takes its rows
from one ``for_<screen>()`` QuerySet method, so that it runs a fixed number of queries whatever
the size of the data. ``?_export=csv`` (or ``xlsx``) downloads exactly what the filters select.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from provisions.margins import MarginListError, parse_margin
from provisions.models import Correspondence, Instrument, Provision, Relation

from .exports import EXPORT_FORMATS, bad_export_response, export_response, positions_export_response
from .filters import (
    FILTER_PARAMETERS,
    ContributionFilter,
    OneInstrumentFilterSet,
    ParticipantFilter,
    PositionFilter,
    ProvisionFilter,
    Selection,
    given_values,
)
from .models import (
    STANCE_SYMBOLS,
    Contribution,
    Meeting,
    Participant,
    Position,
    Stance,
)
from .tables import ContributionTable, ParticipantTable, PositionTable, ProvisionTable, positions_url

STANCES = list(Stance)

# The rows of /compare/versions/ that no correspondence gives: their ``relation`` in the export.
UNRECORDED = "unrecorded"
ONLY_1988 = "deleted"
RELATION_LABELS = {
    **dict(Relation.choices),
    UNRECORDED: "No correspondence recorded",
    ONLY_1988: "Only in 1988",
}


def stance_legend():
    return [{"stance": stance.value, "symbol": stance.symbol, "label": stance.label} for stance in STANCES]


class ExportMixin:
    """``?_export=csv``, ``xlsx`` or ``json``: the rows the filters select, every page of them.

    A bad filter or format gives a 400 naming it (a page would show the message instead).
    Views define ``export_name`` and ``export_rows(filterset)`` returning ``(header, rows)``;
    position lists set ``exports_positions`` to use the positions CSV of the design.
    """

    export_name = "export"
    exports_positions = False

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("_export")
        if export_format is None:
            return super().get(request, *args, **kwargs)
        if len(formats := set(request.GET.getlist("_export"))) > 1:
            return bad_export_response(
                "Choose one export format, not several: " + ", ".join(f"'{name}'" for name in sorted(formats)) + "."
            )
        if export_format not in EXPORT_FORMATS:
            return bad_export_response(f"Unknown export format '{export_format}': use csv, xlsx or json.")
        # ?bom=1: a UTF-8 byte order mark before the CSV, for Excel; never by default, since the
        # design fixes the first bytes of the positions CSV (its header) and scripts read them.
        bom_values = set(request.GET.getlist("bom"))
        if not bom_values <= {"0", "1"} or len(bom_values) > 1:
            return bad_export_response("bom takes one value: 1 (a byte order mark before the CSV, for Excel) or 0.")
        bom = bom_values == {"1"}
        if bom and export_format != "csv":
            return bad_export_response("bom=1 applies to CSV only: an xlsx or JSON file needs no byte order mark.")
        filterset = self.get_export_filterset()
        if filterset is not None and not filterset.is_valid():
            return bad_export_response("The filters cannot be used: " + " ".join(filterset.error_messages))
        if self.exports_positions:
            return positions_export_response(
                export_format, self.export_positions(filterset), filename=self.export_name, bom=bom
            )
        header, rows = self.export_rows(filterset)
        return export_response(export_format, header, rows, filename=self.export_name, title=self.export_name, bom=bom)

    def get_export_filterset(self):
        return self.get_filterset(self.get_filterset_class())

    def export_positions(self, filterset):
        return filterset.selection.positions()


def active_filters(request) -> dict[str, list[str]]:
    """The filter parameters given, each with its non-empty values."""
    return {name: values for name in FILTER_PARAMETERS if (values := given_values(request.GET, name))}


def filter_context(request, filterset) -> dict:
    """What every filtered page shows around its table: the form, its errors, the export links."""
    query = request.GET.copy()
    for name in ("page", "sort", "_export", "bom"):
        query.pop(name, None)
    return {
        "filter_errors": filterset.error_messages if filterset.is_bound and not filterset.is_valid() else [],
        "filter_query": query.urlencode(),
        "active_filters": active_filters(request),
        "stance_legend": stance_legend(),
    }


MAX_PER_PAGE = 500


class BoundedTableMixin(SingleTableMixin):
    """django-tables2's table, with ``?per_page=`` kept between 1 and MAX_PER_PAGE, and ``?page=``
    read one way: a number below 1 or not a number gives page 1, a number past the end the last
    page, each with a message naming the page asked for (``page_message``).

    django-tables2 takes ``per_page`` as it comes and fails (a 500) on a negative or enormous number
    (found by tests/test_hostile_input.py); anything that is not a whole number is dropped. It sends
    a page below 1 to the last page (Django's EmptyPage), hence the page 1 here.
    """

    requested_page = None

    def get_table(self, **kwargs):
        query = self.request.GET.copy()
        if (per_page := query.get("per_page")) is not None:
            try:
                query["per_page"] = str(min(max(int(per_page), 1), MAX_PER_PAGE))
            except ValueError:
                del query["per_page"]
        if (page := query.get("page")) is not None:
            self.requested_page = page
            if page_number(page) is None:
                query["page"] = "1"
        self.request.GET = query
        return super().get_table(**kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        requested = self.requested_page
        if requested is not None and hasattr(table, "page") and page_number(requested) != table.page.number:
            context["page_message"] = (
                f"There is no page '{requested}': showing page {table.page.number} of {table.paginator.num_pages}."
            )
        return context


def page_number(text: str) -> int | None:
    """A page number as given in ``?page=``, or None where it is not a number from 1 up."""
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number >= 1 else None


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
        return {"caption": self.caption, "filters": active_filters(self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter_context(self.request, self.filterset))
        context.update({"heading": self.heading, "introduction": self.introduction})
        return context


class ProvisionListView(FilteredListView):
    """/provisions/: every provision, filterable, with the number of positions by stance."""

    filterset_class = ProvisionFilter
    table_class = ProvisionTable
    table_pagination = {"per_page": 50}
    queryset = Provision.objects.all()
    heading = "Provisions"
    caption = "Provisions, in margin order, with the number of published positions by stance"
    introduction = (
        "Every provision of both versions of the ITRs. The counts are the published positions on each provision "
        "that the filters select; each count links to those positions. A ? marks a margin the sources leave unverified."
    )
    export_name = "provisions"

    def export_rows(self, filterset):
        header = ("instrument", "margin", "part", "paragraph", "subject", *Stance.values)
        rows = (
            (
                provision.instrument.slug,
                provision.margin,
                provision.part.label,
                provision.paragraph,
                provision.subject,
                *(getattr(provision, f"count_{stance}") for stance in Stance.values),
            )
            for provision in filterset.qs.iterator(chunk_size=500)
        )
        return header, rows


class PositionListView(FilteredListView):
    """/positions/: every published position, filterable."""

    filterset_class = PositionFilter
    table_class = PositionTable
    table_pagination = {"per_page": 100}
    queryset = Position.objects.for_position_list()
    heading = "Positions"
    caption = "Published positions, in provision order"
    introduction = "Every published position, one row per participant, provision and stance."
    export_name = "positions"
    exports_positions = True


class ParticipantListView(FilteredListView):
    """/participants/: who takes part, with their positions by stance and their documents."""

    filterset_class = ParticipantFilter
    table_class = ParticipantTable
    table_pagination = {"per_page": 100}
    queryset = Participant.objects.all()
    heading = "Participants"
    caption = "Participants, with the number of published positions by stance"
    introduction = (
        "Member States, Sector Members, regional organizations and others who hold positions or submit documents."
    )
    export_name = "participants"

    def export_rows(self, filterset):
        header = ("participant", "slug", "kind", "region", *Stance.values, "documents")
        rows = (
            (
                participant.name,
                participant.slug,
                participant.kind,
                participant.region,
                *(getattr(participant, f"count_{stance}") for stance in Stance.values),
                participant.document_count,
            )
            for participant in filterset.qs.iterator(chunk_size=500)
        )
        return header, rows


class ContributionListView(FilteredListView):
    """/contributions/: the documents by meeting (filters: meeting, contribution, participant as
    submitter, q over symbol and title)."""

    filterset_class = ContributionFilter
    table_class = ContributionTable
    table_pagination = {"per_page": 100}
    heading = "Documents"
    caption = "Documents of the EG-ITRs, by meeting"
    introduction = "The contributions to the group's meetings, with their submitters and the positions each supports."
    export_name = "contributions"

    queryset = Contribution.objects.all()

    def export_rows(self, filterset):
        header = ("contribution", "meeting", "title", "submitters", "late", "positions")
        rows = (
            (
                contribution.symbol,
                contribution.meeting.number,
                contribution.title,
                "; ".join(link.participant.name for link in contribution.submitter_links.all()),
                "late" if contribution.is_late else "",
                contribution.position_count,
            )
            for contribution in filterset.qs.iterator(chunk_size=500)
        )
        return header, rows


class DetailExportMixin(ExportMixin):
    """A detail page whose export is the published positions on its object (a provision, a
    participant, a document), in the positions CSV. It takes no filters: the object selects."""

    exports_positions = True
    # The Position field that points at the page's object.
    position_field = ""

    def get_export_filterset(self):
        self.object = self.get_object()
        return None

    def object_positions(self):
        return Position.objects.published().filter(**{self.position_field: self.object})

    def export_positions(self, filterset):
        return self.object_positions()


class ProvisionDetailView(DetailExportMixin, DetailView):
    """/provisions/<instrument>/<margin>/: one provision and every published position on it."""

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
                raise Http404(f"There is no instrument '{slug}': use itrs-2012 or itrs-1988.")
            raise Http404(f"The {instrument.short_name} have no margin {margin}.")
        return provision

    @property
    def export_name(self):
        return f"positions-{self.object.instrument.slug}-{self.object.margin.replace('/', '-')}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provision = self.object
        positions = list(self.object_positions().for_provision_detail())
        by_stance = {stance: list(group) for stance, group in groupby(positions, key=lambda position: position.stance)}
        holders = {position.participant_id for position in positions}
        siblings = Provision.objects.filter(instrument=provision.instrument).only("margin", "instrument")
        if provision.instrument.year == 2012:
            counterparts = [
                {
                    "relation": link.get_relation_display(),
                    "provision": link.provision_1988,
                    "uncertain": link.is_uncertain,
                }
                for link in provision.sources_1988.all()
            ]
        else:
            counterparts = [
                {
                    "relation": link.get_relation_display(),
                    "provision": link.provision_2012,
                    "uncertain": link.is_uncertain,
                }
                for link in provision.successors_2012.all()
            ]
        context.update(
            {
                "stance_groups": [
                    {
                        "stance": stance.value,
                        "symbol": stance.symbol,
                        "label": stance.label,
                        "positions": by_stance.get(stance.value, []),
                    }
                    for stance in STANCES
                ],
                "position_count": len(positions),
                "counterparts": counterparts,
                "without_position": Participant.objects.exclude(pk__in=holders).only("name", "slug").order_by("name"),
                "previous": siblings.filter(sort_key__lt=provision.sort_key).order_by("-sort_key").first(),
                "next": siblings.filter(sort_key__gt=provision.sort_key).order_by("sort_key").first(),
                "instrument_slug": provision.instrument.slug,
            }
        )
        return context


class CompareView(ExportMixin, TemplateView):
    """/compare/: provisions (rows) × participants (columns), each cell the stance symbols."""

    template_name = "review/compare.html"
    export_name = "compare"

    def get_export_filterset(self):
        return self.get_filterset()

    def get_filterset(self):
        # One instrument at a time: a matrix of both versions mixes unrelated margins.
        return OneInstrumentFilterSet(self.request.GET)

    def build_matrix(self, filterset) -> dict:
        """Rows, columns and cells: three queries whatever the number of positions.

        Rows are the provisions the provision filters select; with a participant or position
        filter, those that hold a selected position, or, where none does, all of them (the page
        then says that no participant holds one: the same answer, whichever filter left nothing).
        Columns are the participants chosen, or those holding a selected position.
        """
        selection = filterset.selection
        provisions = selection.provisions(Provision.objects.for_compare())
        positions = selection.positions(search=False)
        if selection.q:
            positions = positions.filter(provision__in=provisions.values("pk"))
        cells = defaultdict(list)
        for position_id, provision_id, participant_id, stance in positions.for_compare():
            cells[provision_id, participant_id].append((position_id, stance))
        held = {provision_id for provision_id, _ in cells}
        rows = list(provisions)
        if selection.selects_positions and held:
            rows = [provision for provision in rows if provision.pk in held]
        participants = Participant.objects.for_compare().filter(**selection.participant)
        if not selection.participant.get("pk__in"):
            participants = participants.filter(pk__in=positions.values("participant"))
        return {"rows": rows, "columns": list(participants), "cells": cells, "has_positions": bool(held)}

    def row_summary(self, provision, columns, cells) -> dict:
        counts = dict.fromkeys(Stance.values, 0)
        holders = 0
        for participant in columns:
            held = cells.get((provision.pk, participant.pk))
            if held:
                holders += 1
                for _, stance in held:
                    counts[stance] += 1
        used = [stance for stance, count in counts.items() if count]
        agree = holders >= 2 and len(used) == 1
        badges = [{"stance": stance, "symbol": STANCE_SYMBOLS[stance], "count": counts[stance]} for stance in used]
        return {
            "counts": counts,
            "badges": badges,
            "holders": holders,
            "agree": agree,
            "agreed_stance": used[0] if agree else "",
        }

    def export_rows(self, filterset):
        matrix = self.build_matrix(filterset)
        columns, cells = matrix["columns"], matrix["cells"]
        header = (
            "instrument",
            "margin",
            "part",
            "paragraph",
            "subject",
            *(participant.name for participant in columns),
            *Stance.values,
            "agreement",
        )

        def rows():
            for provision in matrix["rows"]:
                summary = self.row_summary(provision, columns, cells)
                yield (
                    provision.instrument.slug,
                    provision.margin,
                    provision.part.label,
                    provision.paragraph,
                    provision.subject,
                    *(
                        " ".join(STANCE_SYMBOLS[stance] for _, stance in cells.get((provision.pk, participant.pk), []))
                        for participant in columns
                    ),
                    *summary["counts"].values(),
                    f"all {STANCE_SYMBOLS[summary['agreed_stance']]}" if summary["agree"] else "",
                )

        return header, rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        context["filter"] = filterset
        context.update(filter_context(self.request, filterset))
        if not filterset.is_valid():
            context.update({"rows": [], "columns": []})
            return context
        matrix = self.build_matrix(filterset)
        columns, cells = matrix["columns"], matrix["cells"]
        labels = {stance.value: escape(stance.label) for stance in STANCES}
        names = {participant.pk: escape(participant.name) for participant in columns}
        rendered_rows = []
        # The cells are built here rather than in the template: a matrix of 134 × 200 is 26,800
        # cells, and a template loop over them costs many times the database read.
        for provision in matrix["rows"]:
            url = escape(provision.get_absolute_url())
            html = []
            for participant in columns:
                held = cells.get((provision.pk, participant.pk))
                if not held:
                    html.append('<td class="cell"></td>')
                    continue
                links = " ".join(
                    f'<a class="stance stance-{stance}" href="{url}#position-{position_id}" '
                    f'title="{names[participant.pk]}: {labels[stance]}">{STANCE_SYMBOLS[stance]}</a>'
                    for position_id, stance in held
                )
                html.append(f'<td class="cell">{links}</td>')
            rendered_rows.append(
                {
                    "provision": provision,
                    "cells": mark_safe("".join(html)),  # noqa: S308 - every value above is escaped
                    "summary": self.row_summary(provision, columns, cells),
                }
            )
        context.update(
            {
                "rows": rendered_rows,
                "columns": columns,
                "has_positions": matrix["has_positions"],
                "instrument": filterset.chosen_instrument,
            }
        )
        return context


class VersionsView(ExportMixin, TemplateView):
    """/compare/versions/: the 2012 ITRs against the 1988 ITRs through the correspondence,
    row by row, with the published positions on each 2012 provision.

    Every provision of both versions has a row: each correspondence is one, a 2012 provision with
    none recorded is one ("no correspondence recorded"), and a 1988 provision that no 2012
    provision comes from is one ("only in 1988"). The provision filters (part, margin, q) read
    the chosen instrument, the 2012 ITRs unless ``instrument=itrs-1988``; a row is shown where its
    provision in that instrument is selected.
    """

    template_name = "review/versions.html"
    export_name = "versions"

    def get_export_filterset(self):
        return self.get_filterset()

    def get_filterset(self):
        return OneInstrumentFilterSet(self.request.GET)

    def build_rows(self, filterset) -> list[dict]:
        """Three queries: the correspondence rows, the provisions with none (2012 provisions with no
        correspondence recorded, 1988 provisions with no successor), the positions."""
        selection = filterset.selection
        reads_1988 = filterset.chosen_instrument.year == 1988
        selected = selection.provisions(Provision.objects.all())
        # The positions shown are on 2012 provisions, chosen by the participant and position filters.
        positions = Selection(participant=selection.participant, position=selection.position).positions()
        if reads_1988:
            provisions_2012 = Provision.objects.filter(sources_1988__provision_1988__in=selected)
        else:
            provisions_2012 = selected
        positions = positions.filter(provision__in=provisions_2012)
        if selection.selects_positions:
            provisions_2012 = provisions_2012.filter(pk__in=positions.values("provision"))
        links = Correspondence.objects.for_versions().filter(provision_2012__in=provisions_2012)
        if reads_1988:
            links = links.filter(provision_1988__in=selected)
        # Where the 1988 provisions the filters select come from: the filters themselves when they
        # read the 1988 ITRs; when they read the 2012 ITRs, a part or margin of 2012 selects none,
        # and the text search reads 1988 provisions too. A position filter selects none: the
        # positions shown are on 2012 provisions.
        if selection.selects_positions:
            provisions_1988 = Provision.objects.none()
        elif reads_1988:
            provisions_1988 = selected
        elif set(selection.provision) <= {"instrument__in"}:
            provisions_1988 = Selection(q=selection.q).provisions(Provision.objects.filter(instrument__year=1988))
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
        held = defaultdict(lambda: defaultdict(list))
        for provision_id, stance, name in positions.order_by("participant__name").values_list(
            "provision_id", "stance", "participant__name"
        ):
            held[provision_id][stance].append(name)

        rows = [
            {
                "provision_2012": link.provision_2012,
                "provision_1988": link.provision_1988,
                "relation": link.relation,
                "relation_label": link.get_relation_display(),
                "uncertain": link.is_uncertain,
                "stances": self.stance_cells(link.provision_2012, held),
            }
            for link in links
        ]
        only_1988 = []
        for provision in unmatched.select_related("part", "instrument").order_by("sort_key"):
            if provision.instrument.year == 1988:
                only_1988.append(provision)
                continue
            rows.append(
                {
                    "provision_2012": provision,
                    "provision_1988": None,
                    "relation": UNRECORDED,
                    "relation_label": RELATION_LABELS[UNRECORDED],
                    "uncertain": False,
                    "stances": self.stance_cells(provision, held),
                }
            )
        rows.sort(key=lambda row: (row["provision_2012"].sort_key, row["provision_1988"] is not None))
        for provision in only_1988:
            # Place each 1988 provision that has no 2012 successor before the first row whose
            # 1988 source comes after it, so that the table reads in both orders at once.
            index = next(
                (
                    number
                    for number, row in enumerate(rows)
                    if row["provision_1988"] is not None and row["provision_1988"].sort_key > provision.sort_key
                ),
                len(rows),
            )
            rows.insert(
                index,
                {
                    "provision_2012": None,
                    "provision_1988": provision,
                    "relation": ONLY_1988,
                    "relation_label": RELATION_LABELS[ONLY_1988],
                    "uncertain": False,
                    "stances": [],
                },
            )
        return rows

    def stance_cells(self, provision, held) -> list[dict]:
        cells = []
        for stance in STANCES:
            names = held[provision.pk].get(stance.value, [])
            if names:
                cells.append(
                    {
                        "stance": stance.value,
                        "symbol": stance.symbol,
                        "label": stance.label,
                        "count": len(names),
                        "names": names[:5],
                        "more": len(names) - 5 if len(names) > 5 else 0,
                        "url": positions_url(instrument="itrs-2012", margin=provision.margin, stance=stance.value),
                    }
                )
        return cells

    def export_rows(self, filterset):
        header = (
            "margin_2012",
            "part_2012",
            "subject_2012",
            "relation",
            "uncertain",
            "margin_1988",
            "part_1988",
            "subject_1988",
            *Stance.values,
            "holders",
        )

        def rows():
            for row in self.build_rows(filterset):
                new, old = row["provision_2012"], row["provision_1988"]
                counts = {cell["stance"]: cell["count"] for cell in row["stances"]}
                yield (
                    new.margin if new else "",
                    new.part.label if new else "",
                    new.subject if new else "",
                    row["relation"],
                    "uncertain" if row["uncertain"] else "",
                    old.margin if old else "",
                    old.part.label if old else "",
                    old.subject if old else "",
                    *(counts.get(stance, 0) for stance in Stance.values),
                    "; ".join(f"{cell['symbol']}: {', '.join(cell['names'])}" for cell in row["stances"]),
                )

        return header, rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        context["filter"] = filterset
        context.update(filter_context(self.request, filterset))
        context["rows"] = self.build_rows(filterset) if filterset.is_valid() else []
        context["relations"] = list(RELATION_LABELS.items())
        return context


class ParticipantDetailView(DetailExportMixin, BoundedTableMixin, DetailView):
    """/participants/<slug>/: one participant's published positions and documents."""

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
            raise Http404(f"There is no participant '{self.kwargs['slug']}'.")
        return participant

    @property
    def export_name(self):
        return f"positions-{self.kwargs['slug']}"

    def get_table_data(self):
        return self.object_positions().for_position_list()

    def get_table_kwargs(self):
        return {
            "caption": f"Published positions of {self.object.name}, in provision order",
            "exclude": ("participant",),
            "empty_text": f"{self.object.name} holds no published position.",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(self.object_positions().order_by().values_list("stance").annotate(total=Count("pk")))
        context["stance_rows"] = [
            {
                "stance": stance.value,
                "symbol": stance.symbol,
                "label": stance.label,
                "count": counts.get(stance.value, 0),
                "url": positions_url(participant=self.object.slug, stance=stance.value),
            }
            for stance in STANCES
        ]
        return context


class ContributionDetailView(DetailExportMixin, BoundedTableMixin, DetailView):
    """/contributions/<symbol>/: a document, its submitters and the positions it supports."""

    template_name = "review/contribution_detail.html"
    context_object_name = "contribution"
    table_class = PositionTable
    table_pagination = {"per_page": 100}
    position_field = "contribution"

    def get_object(self, queryset=None):
        contribution = Contribution.objects.for_contribution_detail().filter(symbol=self.kwargs["symbol"]).first()
        if contribution is None:
            raise Http404(f"There is no document '{self.kwargs['symbol']}'.")
        return contribution

    @property
    def export_name(self):
        return "positions-" + self.kwargs["symbol"].replace("/", "-")

    def get_table_data(self):
        return self.object_positions().for_position_list()

    def get_table_kwargs(self):
        return {
            "caption": f"Published positions stated in {self.object.symbol}",
            "exclude": ("contribution",),
            "empty_text": "No published position cites this document.",
        }


class MeetingListView(ExportMixin, TemplateView):
    """/meetings/: the six meetings and their documents."""

    template_name = "review/meeting_list.html"
    export_name = "meetings"

    def get_export_filterset(self):
        return None

    def export_rows(self, filterset):
        header = ("meeting", "start_date", "end_date", "contribution", "title", "submitters", "late")
        rows = (
            (
                meeting.number,
                meeting.start_date.isoformat(),
                meeting.end_date.isoformat(),
                contribution.symbol,
                contribution.title,
                "; ".join(link.participant.name for link in contribution.submitter_links.all()),
                "late" if contribution.is_late else "",
            )
            for meeting in Meeting.objects.for_meeting_list()
            for contribution in meeting.contributions.all()
        )
        return header, rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meetings"] = Meeting.objects.for_meeting_list()
        return context


def home(request):
    """The overview: the size of the record, positions by instrument and stance, the meetings,
    and the latest published positions."""
    instruments = list(Instrument.objects.annotate(provision_count=Count("provisions")).order_by("-year"))
    counts = defaultdict(int)
    for slug, stance, total in (
        Position.objects.published()
        .order_by()
        .values_list("provision__instrument__slug", "stance")
        .annotate(total=Count("pk"))
    ):
        counts[slug, stance] = total
    stance_rows = [
        {
            "stance": stance.value,
            "label": stance.label,
            "symbol": stance.symbol,
            "cells": [
                {
                    "count": counts[instrument.slug, stance.value],
                    "url": positions_url(instrument=instrument.slug, stance=stance.value),
                }
                for instrument in instruments
            ],
            "count": sum(counts[instrument.slug, stance.value] for instrument in instruments),
        }
        for stance in STANCES
    ]
    context = {
        "instruments": instruments,
        "stance_rows": stance_rows,
        "instrument_totals": [
            sum(counts[instrument.slug, stance.value] for stance in STANCES) for instrument in instruments
        ],
        "position_count": sum(counts.values()),
        "participant_count": Participant.objects.count(),
        "contribution_count": Contribution.objects.count(),
        "meetings": Meeting.objects.annotate(contribution_count=Count("contributions")).order_by("number"),
        "latest_positions": Position.objects.published()
        .select_related("provision__instrument", "participant", "contribution")
        .order_by("-published_at", "-id")[:10],
        "positions_url": reverse("review:position-list"),
    }
    return render(request, "review/home.html", context)
