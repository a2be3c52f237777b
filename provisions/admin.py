from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from review.admin import ChangeReasonAdminMixin, RevertNeedsChangePermissionMixin, ScopedPositionInline
from review.permissions import is_secretariat

from .forms import ImportProvisionTextForm
from .models import Correspondence, Instrument, Part, Provision
from .text_import import ProvisionTextError, guess_layout, provisions_text_import, read_entries


class PartInline(admin.TabularInline):
    model = Part
    extra = 0
    fields = ["order", "kind", "number", "heading", "final_acts_number"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["short_name", "slug", "year", "conference"]
    search_fields = ["name", "slug"]
    inlines = [PartInline]


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["__str__", "instrument", "heading", "final_acts_number", "order"]
    list_filter = ["instrument", "kind"]
    search_fields = ["heading", "number"]
    list_select_related = ["instrument"]


class PositionOnProvisionInline(ScopedPositionInline):
    fields = ["participant", "stance", "tor_item", "contribution", "state"]


@admin.register(Provision)
class ProvisionAdmin(ChangeReasonAdminMixin, RevertNeedsChangePermissionMixin, SimpleHistoryAdmin):
    list_display = ["margin", "instrument", "part", "paragraph", "subject", "final_acts_margin", "is_unverified"]
    list_display_links = ["margin"]
    list_filter = ["instrument", "is_unverified", "confidence", "part__kind"]
    search_fields = ["margin", "final_acts_margin", "paragraph", "subject", "text"]
    list_select_related = ["instrument", "part"]
    ordering = ["-instrument__year", "sort_key"]
    readonly_fields = ["sort_key"]
    history_list_display = ["subject", "text"]
    inlines = [PositionOnProvisionInline]
    list_per_page = 150
    change_list_template = "admin/provisions/provision/change_list.html"

    def save_model(self, request, obj, form, change):
        obj._change_reason = self.change_reason(request, change)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        import_text = self.admin_site.admin_view(self.import_text_view)
        return [path("import-text/", import_text, name="provisions_provision_import_text"), *super().get_urls()]

    def import_text_view(self, request):
        """The secretariat's text import: the same service and messages as import_provision_text."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        form = ImportProvisionTextForm(request.POST or None, request.FILES or None, session=request.session)
        report = problems = None
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["content"]
            confirm = "_confirm" in request.POST
            layout = form.cleaned_data["layout"] or guess_layout(form.filename, content)
            try:
                entries = read_entries(content, layout=layout)
                report = provisions_text_import(
                    instrument=form.cleaned_data["instrument"],
                    entries=entries,
                    user=request.user,
                    dry_run=not confirm,
                    source=form.filename,
                )
            except ProvisionTextError as error:
                problems = error.problems
                self.message_user(request, str(error), messages.ERROR)
            else:
                if confirm:
                    form.forget()
                    self.message_user(request, report.summary(), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:provisions_provision_changelist"))
            form.data = form.data.copy()
            form.data["layout"] = layout
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import provision text",
            "form": form,
            "report": report,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/provisions/provision/import_text.html", context)


@admin.register(Correspondence)
class CorrespondenceAdmin(admin.ModelAdmin):
    list_display = ["provision_2012", "provision_1988", "relation", "is_uncertain"]
    list_filter = ["relation", "is_uncertain"]
    search_fields = ["provision_2012__margin", "provision_1988__margin"]
    list_select_related = ["provision_2012__instrument", "provision_1988__instrument"]
    ordering = ["provision_2012__sort_key"]
    raw_id_fields = ["provision_2012", "provision_1988"]
