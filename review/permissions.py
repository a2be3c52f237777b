"""Who may do what: the secretariat and the delegates of participants.

One definition of the secretariat, used by the querysets (``for_delegate``), the admin and the
services: a superuser, or a user who may change participants (``review.change_participant``).
Everyone else with admin access is a delegate, limited to the participants they are linked to.
"""

from __future__ import annotations

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


def is_secretariat(user) -> bool:
    """The secretariat edits everything: superusers and users who may change participants."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("review.change_participant")))


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
