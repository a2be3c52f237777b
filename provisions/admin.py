from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ChangeReasonAdminMixin, RevertNeedsChangePermissionMixin, secretariat_import_page

from .forms import ImportProvisionTextForm
from .models import Correspondence, Instrument, Part, Provision
from .text_import import guess_layout, provisions_text_import, read_entries


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
    # The review adds the positions on a provision (review.admin.ProvisionWithPositionsAdmin).
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
        form = ImportProvisionTextForm(request.POST or None, request.FILES or None, session=request.session)

        def run(form, *, dry_run):
            content = form.cleaned_data["content"]
            layout = form.cleaned_data["layout"] or guess_layout(form.filename, content)
            # Show the layout that was read (guessed or chosen) when the page comes back.
            form.data = form.data.copy()
            form.data["layout"] = layout
            return provisions_text_import(
                instrument=form.cleaned_data["instrument"],
                entries=read_entries(content, layout=layout),
                user=request.user,
                dry_run=dry_run,
                source=form.filename,
            )

        return secretariat_import_page(
            self,
            request,
            form=form,
            run=run,
            title=gettext("Import provision text"),
            template="admin/provisions/provision/import_text.html",
        )


@admin.register(Correspondence)
class CorrespondenceAdmin(admin.ModelAdmin):
    list_display = ["provision_2012", "provision_1988", "relation", "is_uncertain"]
    list_filter = ["relation", "is_uncertain"]
    search_fields = ["provision_2012__margin", "provision_1988__margin"]
    list_select_related = ["provision_2012__instrument", "provision_1988__instrument"]
    ordering = ["provision_2012__sort_key"]
    raw_id_fields = ["provision_2012", "provision_1988"]
