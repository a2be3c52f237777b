"""The drafting documents' pages: /compilation/, /summary/, /participants/<slug>/brief/.

Each page shows its document as HTML and exports it (``?_export=docx`` and others) with the filters of
the other pages, one instrument at a time (the 2012 ITRs unless another is chosen), and ``as_of`` (a
meeting number: things as they stood at its end). The document itself is built by one selector
(``review.documents.selectors``) and written by one renderer per format.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.generic import TemplateView

from .documents import docx, odt, pdf
from .documents.selectors import SUMMARY_CSV_HEADER, brief_for, compilation_for, summary_for
from .exports import bad_export_response, csv_response
from .filters import OneInstrumentFilterSet, given_values
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
    """The meeting a parameter names by number (``as_of=4``), or None; and a message naming the bad
    value where there is one.

    The filter form takes ``as_of`` once main's shared field lands; until then it is read here.
    """
    values = given_values(request.GET, name)
    if not values:
        return None, ""
    if len(values) > 1:
        return None, f"{name} takes one meeting number, not several ({', '.join(values)})."
    text = values[0].strip()
    meeting = Meeting.objects.filter(number=int(text)).first() if text.isdigit() and len(text) < 6 else None
    if meeting is None:
        return None, f"There is no meeting '{text}' ({name}): give a meeting number such as 4."
    return meeting, ""


class DraftingView(TemplateView):
    """A document page: the filters (one instrument), ``as_of``, and the exports in ``export_formats``."""

    export_formats: tuple[str, ...] = ()
    meeting_parameters = ("as_of",)

    def get(self, request, *args, **kwargs):
        self.filterset = OneInstrumentFilterSet(request.GET)
        self.meetings, problems = {}, []
        for name in self.meeting_parameters:
            self.meetings[name], problem = meeting_parameter(request, name)
            if problem:
                problems.append(problem)
        if self.filterset.is_bound and not self.filterset.is_valid():
            problems = self.filterset.error_messages + problems
        self.problems = problems
        export_format = request.GET.get("_export")
        if export_format is None:
            return super().get(request, *args, **kwargs)
        formats = set(request.GET.getlist("_export"))
        if len(formats) > 1:
            return bad_export_response(
                "Choose one export format, not several: " + ", ".join(f"'{name}'" for name in sorted(formats)) + "."
            )
        if export_format not in self.export_formats:
            return bad_export_response(
                f"Unknown export format '{export_format}': use {' or '.join(self.export_formats)}."
            )
        if problems:
            return bad_export_response("The filters cannot be used: " + " ".join(problems))
        try:
            return self.export(export_format)
        except pdf.DocumentTooLarge as error:
            return bad_export_response(str(error))

    @property
    def as_of(self) -> Meeting | None:
        return self.meetings.get("as_of")

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
        labels = [f"{name}={', '.join(values)}" for name, values in active_filters(self.request).items()]
        if self.as_of:
            labels.append(f"as_of={self.as_of.number}")
        return labels


class CompilationView(DraftingView):
    """/compilation/: the compilation of options (HTML for reading and printing; DOCX, ODT, PDF)."""

    template_name = "review/compilation.html"
    export_formats = ("docx", "odt", "pdf")

    def compilation(self):
        return compilation_for(
            selection=self.filterset.selection,
            instrument=self.instrument,
            as_of=self.as_of,
            filters=self.filter_labels(),
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
        return summary_for(selection=self.filterset.selection, instrument=self.instrument, as_of=self.as_of)

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
    meeting_parameters = ("as_of", "since")

    def get(self, request, *args, **kwargs):
        self.participant = Participant.objects.filter(slug=kwargs["slug"]).first()
        if self.participant is None:
            raise Http404(f"There is no participant '{kwargs['slug']}'.")
        return super().get(request, *args, **kwargs)

    def brief(self):
        return brief_for(
            participant=self.participant,
            instrument=self.instrument,
            as_of=self.as_of,
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
