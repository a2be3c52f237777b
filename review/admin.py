"""The admin of the review: the secretariat edits everything; a delegate only their participants' positions.

Every limit is enforced on the server, route by route: querysets are scoped (changelist, change,
delete, history, bulk actions, autocomplete, inlines), object permissions are checked, a form
offers only the delegate's participants and refuses any other, and the services check again.
A position out of a delegate's reach answers 404, as if it did not exist.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ChangeReasonAdminMixin, secretariat_import_page
from provisions.admin import ProvisionAdmin
from provisions.models import Provision

from .accounts import delegates_grant
from .forms import ImportPositionsForm, PositionAdminForm, RecordPositionsForm
from .imports import positions_import
from .models import Contribution, ContributionSubmitter, Meeting, Participant, Position
from .permissions import is_secretariat, may_act_for
from .position_services import (
    PositionsError,
    deleted_positions,
    position_restore,
    position_save,
    positions_delete,
    positions_publish,
    positions_record,
    positions_unpublish,
)

# What publishing or withdrawing one position from its page says (translated when said).
PUBLISHED_ONE = gettext_noop("Published: %(position)s.")
UNPUBLISHED_ONE = gettext_noop("Withdrawn to draft: %(position)s.")


def acts_for(request, participant_id) -> bool:
    """Whether the user of the request may act for the participant (permissions.may_act_for)."""
    return may_act_for(request.user, participant_id)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["delegates"]

    def get_queryset(self, request):
        # Also the queryset of the participant autocomplete on every form: a delegate finds
        # only the participants they act for.
        return super().get_queryset(request).for_delegate(request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Linking a user as a delegate gives them what a delegate needs to sign in and work.
        delegates_grant(users=form.instance.delegates.all())


class ReadOnlyInlineMixin:
    """An inline that lists rows with a link to their own page; they are edited there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SecretariatEditsInlineMixin:
    """An inline only the secretariat may edit; others, at most, see it."""

    def has_add_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_delete_permission(request, obj)


class ScopedPositionInline(ReadOnlyInlineMixin, admin.TabularInline):
    """Positions listed on another page (provision, contribution): a delegate sees only theirs.

    Read-only for everyone, so that every edit of a position goes through its own form (with
    its version check and history).
    """

    model = Position
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_delegate(request.user)
            .select_related("provision__instrument", "participant", "contribution")
        )


class ContributionInline(SecretariatEditsInlineMixin, admin.TabularInline):
    model = Contribution
    extra = 0
    fields = ["symbol", "number", "title", "is_late"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]
    inlines = [ContributionInline]


class SubmitterInline(SecretariatEditsInlineMixin, admin.TabularInline):
    model = ContributionSubmitter
    extra = 1
    fields = ["order", "participant"]
    autocomplete_fields = ["participant"]


class PositionOnContributionInline(ScopedPositionInline):
    fields = ["provision", "participant", "stance", "tor_item", "state"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "meeting", "submitter_names", "is_late"]
    list_filter = ["meeting", "is_late"]
    search_fields = ["symbol", "title", "submitters__name"]
    ordering = ["meeting__number", "number"]
    inlines = [SubmitterInline, PositionOnContributionInline]
    # ITU publishes documents over HTTPS; Django 6 makes this the default.
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}
    # What a delegate may correct on a document their participant submitted.
    delegate_editable_fields = ["title", "url"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting").prefetch_related("submitters")

    def has_add_permission(self, request):
        return is_secretariat(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or is_secretariat(request.user):
            return True
        return obj.submitters.filter(pk__in=Participant.objects.for_delegate(request.user)).exists()

    def get_readonly_fields(self, request, obj=None):
        if is_secretariat(request.user):
            return super().get_readonly_fields(request, obj)
        return [
            name for name in ("symbol", "meeting", "number", "is_late") if name not in self.delegate_editable_fields
        ]

    @admin.display(description=_("Submitters"))
    def submitter_names(self, contribution):
        return ", ".join(participant.name for participant in contribution.submitters.all()) or "—"


@admin.register(Position)
class PositionAdmin(ChangeReasonAdminMixin, SimpleHistoryAdmin):
    form = PositionAdminForm
    change_list_template = "admin/review/position/change_list.html"
    change_form_template = "admin/review/position/change_form.html"
    list_display = ["provision", "participant", "stance_with_symbol", "tor_item", "contribution", "state", "updated_at"]
    list_filter = [
        "state",
        "stance",
        "tor_item",
        "provision__instrument",
        "participant__region",
        # Only participants with positions in the list: a delegate's own.
        ("participant", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["provision__margin", "participant__name", "rationale", "proposed_text", "contribution__symbol"]
    list_select_related = ["provision__instrument", "participant", "contribution"]
    ordering = ["-provision__instrument__year", "provision__sort_key", "participant__name"]
    autocomplete_fields = ["participant", "contribution"]
    readonly_fields = ["state", "published_at", "created_at", "created_by", "updated_at", "updated_by", "version"]
    history_list_display = ["stance", "state", "version"]
    list_per_page = 100
    actions = ["publish_selected", "unpublish_selected"]

    def changelist_view(self, request, extra_context=None):
        # The admin's changelist context holds has_add_permission but not has_delete_permission:
        # say here who may restore deleted positions (the link to them).
        extra_context = {**(extra_context or {}), "may_restore_positions": self.has_delete_permission(request)}
        return super().changelist_view(request, extra_context)

    # --- Scope -----------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).for_delegate(request.user)

    def get_object(self, request, object_id, from_field=None):
        # Out of scope (or missing): 404, rather than the admin's redirect that would tell a
        # delegate nothing but also hide nothing.
        position = super().get_object(request, object_id, from_field)
        if position is None:
            raise Http404(gettext("No such position."))
        return position

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            kwargs["queryset"] = Participant.objects.for_delegate(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return is_secretariat(request.user) or Participant.objects.for_delegate(request.user).exists()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not is_secretariat(request.user) and "participant" not in initial:
            participants = list(Participant.objects.for_delegate(request.user)[:2])
            if len(participants) == 1:
                initial["participant"] = participants[0].pk
        return initial

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or acts_for(request, obj.participant_id))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or acts_for(request, obj.participant_id))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or acts_for(request, obj.participant_id))

    def has_change_history_permission(self, request, obj=None):
        # Reverting to an earlier version is the secretariat's; a delegate sees the history.
        return is_secretariat(request.user) and super().has_change_history_permission(request, obj)

    def _check_in_scope(self, request, object_id) -> None:
        """404 unless the position (live, or its last historical record if deleted) is the user's."""
        try:
            position_id = int(unquote(object_id))
        except (TypeError, ValueError):
            raise Http404(gettext("No such position.")) from None
        participant_id = Position.objects.filter(pk=position_id).values_list("participant_id", flat=True).first()
        if participant_id is None:
            participant_id = (
                Position.history.filter(id=position_id)
                .order_by("-history_date", "-history_id")
                .values_list("participant_id", flat=True)
                .first()
            )
        if participant_id is None or not acts_for(request, participant_id):
            raise Http404(gettext("No such position."))

    # --- Saving through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        base_version = form.cleaned_data.get("base_version") if change else None
        position_save(
            position=obj, base_version=base_version, user=request.user, reason=self.change_reason(request, change)
        )

    def delete_model(self, request, obj):
        positions_delete(positions=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        positions_delete(positions=queryset, user=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PositionsError as error:
            # A save that lost a race after its form was checked: nothing was written.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_view(self, request, object_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_in_scope(request, object_id)
        if request.method == "POST" and not is_secretariat(request.user):
            raise PermissionDenied(gettext("Only the secretariat reverts positions to an earlier version."))
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except PositionsError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- Publishing ---------------------------------------------------------------------------

    @admin.action(description=_("Publish the selected positions"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = self._run(request, positions_publish, queryset)
        if count is not None:
            message = ngettext("%(count)d position published.", "%(count)d positions published.", count)
            self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Withdraw the selected positions to draft"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = self._run(request, positions_unpublish, queryset)
        if count is not None:
            message = ngettext(
                "%(count)d position withdrawn to draft.", "%(count)d positions withdrawn to draft.", count
            )
            self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def _run(self, request, service, positions) -> int | None:
        """Run a bulk service: how many positions it changed, or None (and the error shown)."""
        try:
            return service(positions=positions, user=request.user)
        except PositionsError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None

    @admin.display(description=_("Stance"), ordering="stance")
    def stance_with_symbol(self, position):
        return f"{position.symbol} ({position.get_stance_display()})"

    # --- Extra pages --------------------------------------------------------------------------

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("record/", view(self.record_view), name="review_position_record"),
            path("import/", view(self.import_view), name="review_position_import"),
            path("deleted/", view(self.deleted_view), name="review_position_deleted"),
            path("deleted/<int:history_id>/restore/", view(self.restore_view), name="review_position_restore"),
            path("<path:object_id>/publish/", view(self.publish_view), name="review_position_publish"),
            path("<path:object_id>/unpublish/", view(self.unpublish_view), name="review_position_unpublish"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def record_view(self, request):
        """Bulk entry: preview what recording a margin list does, then do it on confirmation."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        participants = Participant.objects.for_delegate(request.user)
        form = RecordPositionsForm(request.POST or None, participants=participants, user=request.user)
        plan = fingerprint = None
        if request.method == "POST" and form.is_valid():
            arguments = form.service_arguments()
            try:
                with transaction.atomic():
                    plan = positions_record(**arguments, user=request.user, dry_run=True)
                    fingerprint = plan.fingerprint
                    if "_confirm" in request.POST and form.cleaned_data["plan"] == fingerprint:
                        plan = positions_record(**arguments, user=request.user)
                        self.message_user(request, plan.summary(), messages.SUCCESS)
                        changelist = reverse("admin:review_position_changelist")
                        return HttpResponseRedirect(f"{changelist}?participant__id__exact={plan.participant.pk}")
                    if "_confirm" in request.POST:
                        self.message_user(
                            request,
                            gettext(
                                "The form or the positions changed since the preview: "
                                "check this preview and confirm again."
                            ),
                            messages.WARNING,
                        )
            except PositionsError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                plan = None
        context = self._context(request, gettext("Record positions"), form=form, plan=plan, fingerprint=fingerprint)
        return TemplateResponse(request, "admin/review/position/record.html", context)

    def import_view(self, request):
        """The secretariat's positions import: the same service and messages as import_positions."""
        form = ImportPositionsForm(request.POST or None, request.FILES or None, session=request.session)

        def run(form, *, dry_run):
            return positions_import(
                text=form.cleaned_data["content"],
                user=request.user,
                publish=form.cleaned_data["publish"],
                dry_run=dry_run,
                source=form.cleaned_data["source_name"],
            )

        return secretariat_import_page(
            self,
            request,
            form=form,
            run=run,
            title=gettext("Import positions"),
            template="admin/review/position/import.html",
        )

    def deleted_view(self, request):
        """Deleted positions the user may restore (their participants' for a delegate)."""
        if not self.has_delete_permission(request):
            raise PermissionDenied
        context = self._context(request, gettext("Deleted positions"), records=deleted_positions(request.user)[:200])
        return TemplateResponse(request, "admin/review/position/deleted.html", context)

    def restore_view(self, request, history_id: int):
        return require_POST(self._restore)(request, history_id)

    def _restore(self, request, history_id: int):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        if not deleted_positions(request.user).filter(history_id=history_id).exists():
            raise Http404(gettext("No such deleted position."))
        try:
            position = position_restore(history_id=history_id, user=request.user)
        except PositionsError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:review_position_deleted"))
        if position.is_published:
            message = gettext("Restored as a published position: %(position)s.")
        else:
            message = gettext("Restored as a draft: %(position)s.")
        self.message_user(request, message % {"position": position}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:review_position_change", args=[position.pk]))

    def publish_view(self, request, object_id):
        return require_POST(self._publish_one)(request, object_id, positions_publish, PUBLISHED_ONE)

    def unpublish_view(self, request, object_id):
        return require_POST(self._publish_one)(request, object_id, positions_unpublish, UNPUBLISHED_ONE)

    def _publish_one(self, request, object_id, service, message: str):
        self._check_in_scope(request, object_id)
        position = get_object_or_404(self.get_queryset(request), pk=int(unquote(object_id)))
        if not self.has_change_permission(request, position):
            raise PermissionDenied
        try:
            service(positions=[position], user=request.user)
        except PositionsError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, gettext(message) % {"position": position}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:review_position_change", args=[position.pk]))


class PositionOnProvisionInline(ScopedPositionInline):
    fields = ["participant", "stance", "tor_item", "contribution", "state"]


# The provision's page in the admin lists the positions on it (scoped to the user's participants);
# the review adds them here, so that provisions knows nothing of positions.
admin.site.unregister(Provision)


@admin.register(Provision)
class ProvisionWithPositionsAdmin(ProvisionAdmin):
    inlines = [*ProvisionAdmin.inlines, PositionOnProvisionInline]
