"""Admin infrastructure shared by the apps: import pages, change reasons in the history, reverts.

Neutral ground: ``provisions`` and ``review`` both use it, and it knows neither's models.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from provisions import history
from provisions.importing import ImportFileError

from .permissions import is_secretariat


def secretariat_import_page(model_admin, request, *, form, run, title: str, template: str):
    """An import page of the admin: the file is previewed (``run(form, dry_run=True)``), then
    written on confirmation; every problem is listed and nothing is written. Secretariat only.

    ``run`` calls the same service as the import command and raises ImportFileError on bad input.
    """
    if not is_secretariat(request.user):
        raise PermissionDenied
    report = problems = None
    if request.method == "POST" and form.is_valid():
        confirm = "_confirm" in request.POST
        try:
            report = run(form, dry_run=not confirm)
        except ImportFileError as error:
            problems = error.problems
            model_admin.message_user(request, str(error), messages.ERROR)
        else:
            if confirm:
                form.forget()
                model_admin.message_user(request, report.summary(), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "form": form,
        "report": report,
        "problems": problems,
    }
    return TemplateResponse(request, template, context)


class RevertNeedsChangePermissionMixin:
    """simple-history saves a POST to an old version's page after checking only *view* permission:
    refuse it unless the user may change the object (view-only users, e.g. delegates on provisions)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if not self.has_change_permission(request, current) or not self.has_change_history_permission(
                request, current
            ):
                raise PermissionDenied(gettext("You may not revert this to an earlier version."))
        return super().history_form_view(request, object_id, version_id, extra_context)


class ChangeReasonAdminMixin:
    """History that says why: an admin edit is recorded as "Edited in the admin" (or added), a
    revert from the history page as "Reverted to the version of <date>"; the history page shows
    "command line" for changes without a user and "—" for older entries without a reason."""

    object_history_list_template = "admin/history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            record = self.model.history.filter(history_id=version_id).only("history_date").first()
            if record is not None:
                request.change_reason = history.reverted_to(record.history_date)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def change_reason(self, request, change: bool) -> str:
        """The reason of a save from the admin's forms."""
        return getattr(request, "change_reason", None) or (history.EDITED if change else history.ADDED)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "command_line": gettext(history.COMMAND_LINE)}
        return super().history_view(request, object_id, extra_context)
