"""The drafting documents' pages: /compilation/, /summary/, /participants/<slug>/brief/.

Each page shows its document as HTML and exports it (``?_export=docx`` and others) with the filters of
the other pages, one instrument at a time (the 2012 ITRs unless another is chosen), and ``as_of`` (a
meeting number: things as they stood at its end). The document itself is built by one selector
(``review.documents.selectors``) and written by one renderer per format.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext
from django.views.generic import TemplateView

from common.wording import alternatives

from .documents import docx, odt, pdf
from .documents.selectors import SUMMARY_CSV_HEADER, brief_for, compilation_for, summary_for
from .exports import bad_export_response, csv_response, filters_unusable_message, several_formats_message
from .filters import OneInstrumentFilterSet, given_values, meeting_by_number, parameter_message
from .models import Meeting, Participant
from .views import active_filters, filter_context

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}


def document_response(data: bytes, *, export_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


def meeting_parameter(request, name: str) -> tuple[Meeting | None, str]:
    """The meeting a parameter other than the filters' ``as_of`` names by number (the brief's
    ``since=3``), or None; and a message naming the bad value where there is one."""
    values = given_values(request.GET, name)
    if not values:
        return None, ""
    if len(values) > 1:
        problem = gettext("give one meeting, not several (%(given)s).") % {"given": ", ".join(values)}
        return None, parameter_message(gettext("Since"), name, problem)
    try:
        return meeting_by_number(values[0], parameter=name), ""
    except ValidationError as error:
        return None, parameter_message(gettext("Since"), name, " ".join(error.messages))


class DraftingView(TemplateView):
    """A document page: the filters (one instrument, ``as_of`` among them), and the exports in
    ``export_formats``."""

    export_formats: tuple[str, ...] = ()
    # Meeting parameters of the page's own, beside the filters' as_of.
    meeting_parameters: tuple[str, ...] = ()

    def get(self, request, *args, **kwargs):
        self.filterset = OneInstrumentFilterSet(request.GET)
        self.meetings, problems = {}, []
        for name in self.meeting_parameters:
            self.meetings[name], problem = meeting_parameter(request, name)
            if problem:
                problems.append(problem)
        if not self.filterset.is_valid():
            problems = self.filterset.error_messages + problems
        self.problems = problems
        export_format = request.GET.get("_export")
        if export_format is None:
            return super().get(request, *args, **kwargs)
        formats = set(request.GET.getlist("_export"))
        if len(formats) > 1:
            return bad_export_response(several_formats_message(formats))
        if export_format not in self.export_formats:
            return bad_export_response(
                gettext("Unknown export format '%(format)s': use %(formats)s.")
                % {"format": export_format, "formats": alternatives(self.export_formats)}
            )
        if problems:
            return bad_export_response(filters_unusable_message(problems))
        try:
            return self.export(export_format)
        except pdf.DocumentTooLarge as error:
            return bad_export_response(str(error))

    @property
    def as_of(self) -> Meeting | None:
        return self.filterset.selection.as_of if not self.problems else None

    @property
    def instrument(self):
        return self.filterset.chosen_instrument

    def export(self, export_format: str) -> HttpResponse:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context.update(filter_context(self.request, self.filterset))
        context["filter_errors"] = self.problems
        context["export_formats"] = self.export_formats
        context["meetings"] = Meeting.objects.order_by("number")
        context["as_of"] = self.as_of
        return context

    def filter_labels(self) -> list[str]:
        """The filters set, as the documents' editorial note names them."""
        return [f"{name}={', '.join(values)}" for name, values in active_filters(self.request).items()]


class CompilationView(DraftingView):
    """/compilation/: the compilation of options (HTML for reading and printing; DOCX, ODT, PDF)."""

    template_name = "review/compilation.html"
    export_formats = ("docx", "odt", "pdf")

    def compilation(self):
        return compilation_for(
            selection=self.filterset.selection, instrument=self.instrument, filters=self.filter_labels()
        )

    def export(self, export_format):
        compilation = self.compilation()
        writer = {"docx": docx.compilation_docx, "odt": odt.compilation_odt, "pdf": pdf.compilation_pdf}[export_format]
        suffix = f"-as-of-{self.as_of.number}" if self.as_of else ""
        return document_response(
            writer(compilation), export_format=export_format, filename=f"compilation-{self.instrument.slug}{suffix}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compilation"] = None if self.problems else self.compilation()
        return context


class SummaryView(DraftingView):
    """/summary/: the Annex in its own form, per participant, stance and ToR item (HTML, CSV, DOCX)."""

    template_name = "review/summary.html"
    export_formats = ("csv", "docx")

    def summary(self):
        return summary_for(selection=self.filterset.selection, instrument=self.instrument)

    def export(self, export_format):
        summary = self.summary()
        filename = f"summary-{self.instrument.slug}" + (f"-as-of-{self.as_of.number}" if self.as_of else "")
        if export_format == "csv":
            return csv_response(SUMMARY_CSV_HEADER, (row.csv_row() for row in summary.rows), filename=filename)
        return document_response(docx.summary_docx(summary), export_format="docx", filename=filename)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = None if self.problems else self.summary()
        return context


class BriefView(DraftingView):
    """/participants/<slug>/brief/: a delegation's brief (HTML, DOCX, PDF); ``since`` a meeting number."""

    template_name = "review/brief.html"
    export_formats = ("docx", "pdf")
    meeting_parameters = ("since",)

    def get(self, request, *args, **kwargs):
        self.participant = Participant.objects.filter(slug=kwargs["slug"]).first()
        if self.participant is None:
            raise Http404(gettext("There is no participant '%(value)s'.") % {"value": kwargs["slug"]})
        return super().get(request, *args, **kwargs)

    def brief(self):
        return brief_for(
            participant=self.participant,
            instrument=self.instrument,
            since=self.meetings.get("since"),
            selection=self.filterset.selection,
        )

    def export(self, export_format):
        brief = self.brief()
        filename = f"brief-{self.participant.slug}-{self.instrument.slug}"
        writer = {"docx": docx.brief_docx, "pdf": pdf.brief_pdf}[export_format]
        return document_response(writer(brief), export_format=export_format, filename=filename)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participant"] = self.participant
        context["brief"] = None if self.problems else self.brief()
        context["since"] = self.meetings.get("since")
        return context
