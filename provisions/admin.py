from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from review.models import Position

from .models import Correspondence, Instrument, Part, Provision


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


class PositionOnProvisionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["participant", "stance", "tor_item", "contribution", "state"]
    readonly_fields = ["state"]
    autocomplete_fields = ["participant", "contribution"]
    show_change_link = True


@admin.register(Provision)
class ProvisionAdmin(SimpleHistoryAdmin):
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


@admin.register(Correspondence)
class CorrespondenceAdmin(admin.ModelAdmin):
    list_display = ["provision_2012", "provision_1988", "relation", "is_uncertain"]
    list_filter = ["relation", "is_uncertain"]
    search_fields = ["provision_2012__margin", "provision_1988__margin"]
    list_select_related = ["provision_2012__instrument", "provision_1988__instrument"]
    ordering = ["provision_2012__sort_key"]
    raw_id_fields = ["provision_2012", "provision_1988"]
