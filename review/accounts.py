"""Delegate accounts: a staff user in the Delegates group, linked to the participants they act for."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Participant
from .participants import UnknownParticipantError, participant_find, participant_index
from .permissions import delegates_group


class DelegateError(Exception):
    """The delegate account cannot be set up as asked; the message names the bad value."""


def delegates_grant(*, users) -> None:
    """Give users linked to a participant what a delegate needs: admin access and the Delegates group."""
    group = delegates_group()
    for user in users:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(group)


@transaction.atomic
def delegate_add(*, username: str, participants: list[str], password: str | None = None, email: str = ""):
    """Create the user (with ``password``) or take the existing one, and link it to the participants.

    ``participants`` are written as the imports accept them: a name, slug or alias, in any case
    (``participant_find``). Returns ``(user, created)``. A new user needs a password that passes
    the password validators; an existing user's password is left alone. Unknown participants stop
    it, each named with close matches, and nothing is changed.
    """
    if not participants:
        raise DelegateError("Name at least one participant (--participant NAME).")
    index = participant_index(Participant.objects.all())
    found, unknown = [], []
    for value in participants:
        try:
            found.append(participant_find(value, index=index))
        except UnknownParticipantError as error:
            unknown.append(error.message)
    if unknown:
        raise DelegateError(f"{' '.join(unknown)} Nothing was changed.")
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        if not password:
            raise DelegateError("A new delegate needs a password (DELEGATE_PASSWORD or the prompt).")
        user = User(username=username, email=email, is_staff=True)
        try:
            user.full_clean(exclude=["password"])
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise DelegateError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
    for participant in found:
        participant.delegates.add(user)
    delegates_grant(users=[user])
    return user, created
