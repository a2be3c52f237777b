"""Who may do what: the secretariat and the delegates of participants.

One definition of the secretariat, used by the querysets (``for_delegate``), the admin and the
services: a superuser, or a user who may change participants (``review.change_participant``).
Everyone else with admin access is a delegate, limited to the participants they are linked to.
"""

from __future__ import annotations

from common.permissions import is_secretariat

__all__ = ["DELEGATES_GROUP", "DELEGATE_PERMISSIONS", "delegates_group", "is_secretariat", "may_act_for"]

DELEGATES_GROUP = "Delegates"

# What a delegate needs in the admin. Object-level limits (their own participants' positions,
# contributions their participants submitted) are enforced by the ModelAdmins and the services.
DELEGATE_PERMISSIONS = [
    ("review", "position", ["view", "add", "change", "delete"]),
    ("review", "participant", ["view"]),
    ("review", "contribution", ["view", "change"]),
    ("review", "meeting", ["view"]),
    ("provisions", "provision", ["view"]),
    ("provisions", "instrument", ["view"]),
    ("provisions", "part", ["view"]),
    ("provisions", "correspondence", ["view"]),
]


def may_act_for(user, participant_id: int) -> bool:
    """Whether ``user`` may record and change the positions of a participant: the secretariat and
    the operator at the command line (``user`` None) for every participant, a delegate for those
    they are linked to. The one rule the admin and the services both apply."""
    if user is None or is_secretariat(user):
        return True
    from .models import Participant

    return Participant.objects.for_delegate(user).filter(pk=participant_id).exists()


def delegates_group():
    """The "Delegates" group with exactly the permissions of DELEGATE_PERMISSIONS (created if missing)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=DELEGATES_GROUP)
    wanted = []
    for app_label, model, actions in DELEGATE_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        if len(found) != len(codenames):
            missing = sorted(set(codenames) - {permission.codename for permission in found})
            raise LookupError(f"Permissions missing for {app_label}: {', '.join(missing)}; run migrate first.")
        wanted.extend(found)
    group.permissions.set(wanted)
    return group
