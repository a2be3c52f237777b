from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Contribution, ContributionSubmitter, Meeting, Participant, Position


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["delegates"]


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    fields = ["symbol", "number", "title", "is_late"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]
    inlines = [ContributionInline]


class SubmitterInline(admin.TabularInline):
    model = ContributionSubmitter
    extra = 1
    fields = ["order", "participant"]
    autocomplete_fields = ["participant"]


class PositionOnContributionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["provision", "participant", "stance", "tor_item", "state"]
    readonly_fields = ["state"]
    raw_id_fields = ["provision"]
    autocomplete_fields = ["participant"]
    show_change_link = True


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "meeting", "submitter_names", "is_late"]
    list_filter = ["meeting", "is_late"]
    search_fields = ["symbol", "title", "submitters__name"]
    ordering = ["meeting__number", "number"]
    inlines = [SubmitterInline, PositionOnContributionInline]
    # ITU publishes documents over HTTPS; Django 6 makes this the default.
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting").prefetch_related("submitters")

    @admin.display(description="Submitters")
    def submitter_names(self, contribution):
        return ", ".join(participant.name for participant in contribution.submitters.all()) or "—"


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["provision", "participant", "stance_with_symbol", "tor_item", "contribution", "state", "updated_at"]
    list_filter = ["state", "stance", "tor_item", "provision__instrument", "participant__region", "participant"]
    search_fields = ["provision__margin", "participant__name", "rationale", "proposed_text", "contribution__symbol"]
    list_select_related = ["provision__instrument", "participant", "contribution"]
    ordering = ["-provision__instrument__year", "provision__sort_key", "participant__name"]
    raw_id_fields = ["provision"]
    autocomplete_fields = ["participant", "contribution"]
    readonly_fields = ["published_at", "created_at", "created_by", "updated_at", "updated_by", "version"]
    history_list_display = ["stance", "state", "rationale"]
    list_per_page = 100

    @admin.display(description="Stance", ordering="stance")
    def stance_with_symbol(self, position):
        return f"{position.symbol} ({position.get_stance_display()})"
