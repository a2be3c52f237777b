"""Writes that matter for positions: bulk entry, publishing, saving without lost updates, restore.

The admin pages, the admin actions, the imports, the management commands and the tests all call
these functions; none of them writes positions another way. Every function checks that the user
may act for the participant (``user=None`` means the operator at the command line, who may act
for anyone) and records the user in the position's history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import ngettext

from provisions.margins import MarginListError, resolve_margin_list
from provisions.models import Instrument, Provision

from .models import Contribution, Participant, Position, PositionState, Stance, TorItem
from .permissions import is_secretariat


class PositionsError(Exception):
    """A write on positions that cannot be done as asked; ``message`` says why and what to change.

    ``field`` names the input at fault where there is one (``margins``, ``proposed_text``...),
    ``tokens`` the offending values (unknown margins, for instance).
    """

    def __init__(self, message: str, *, field: str | None = None, tokens: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.tokens = tokens or []


class PositionsPermissionError(PositionsError):
    """The user may not act for this participant or position."""


class StalePositionError(PositionsError):
    """The position changed since the user loaded it; ``current`` is the position as it is now."""

    def __init__(self, message: str, *, current: Position | None):
        super().__init__(message)
        self.current = current


def _may_act_for(user, participant_id: int) -> bool:
    if user is None or is_secretariat(user):
        return True
    return Participant.objects.for_delegate(user).filter(pk=participant_id).exists()


def _check_may_act_for(user, participant: Participant) -> None:
    if not _may_act_for(user, participant.pk):
        raise PositionsPermissionError(
            f"You are not a delegate of {participant}; you can record positions only for your own participants.",
            field="participant",
        )


def describe_position(position: Position) -> str:
    """The values a person needs to see to reconcile a conflict, in one line."""
    parts = [
        f"stance: {position.get_stance_display()}",
        f"ToR item: {position.get_tor_item_display() or '—'}",
        f"contribution: {position.contribution or '—'}",
        f"state: {position.get_state_display()}",
        f"rationale: “{position.rationale or '—'}”",
    ]
    if position.proposed_text:
        parts.append(f"proposed text: “{position.proposed_text}”")
    who = position.updated_by or "someone"
    when = timezone.localtime(position.updated_at).strftime("%Y-%m-%d %H:%M") if position.updated_at else "?"
    return f"version {position.version}, saved by {who} at {when}; " + "; ".join(parts)


def _stale_error(position_id: int) -> StalePositionError:
    current = Position.objects.select_related("contribution", "updated_by").filter(pk=position_id).first()
    if current is None:
        return StalePositionError(
            "This position was deleted by someone else after you opened it; nothing was saved.", current=None
        )
    return StalePositionError(
        "Someone else saved this position after you opened it, so your changes were not saved "
        f"(nothing was overwritten). It is now at {describe_position(current)}. "
        "Reload the page, check the current values and make your change again.",
        current=current,
    )


def _write(position: Position, *, user, base_version: int | None) -> Position:
    """Save one position, refusing it if the stored version is not ``base_version`` (compare and swap).

    The conditional UPDATE both checks and claims the version in one statement, so two
    concurrent saves from the same version cannot both succeed.
    """
    if position._state.adding:
        position.version = 1
        position.created_by = user
    else:
        claimed = Position.objects.filter(pk=position.pk, version=base_version).update(version=base_version + 1)
        if not claimed:
            raise _stale_error(position.pk)
        position.version = base_version + 1
    position.updated_by = user
    position._history_user = user
    position.save()
    return position


def _full_clean(position: Position) -> None:
    try:
        position.full_clean()
    except ValidationError as error:
        messages = []
        first_field = None
        for field_name, field_messages in error.message_dict.items():
            first_field = first_field or (None if field_name == "__all__" else field_name)
            messages.extend(field_messages)
        raise PositionsError(" ".join(messages), field=first_field) from error


@transaction.atomic
def position_save(*, position: Position, base_version: int | None, user) -> Position:
    """Create or update one position as edited in a form, refusing a save based on a stale version.

    ``base_version`` is the version the user's form was loaded with (None for a new position).
    Raises StalePositionError, with the current values, if someone saved in between.
    """
    _check_may_act_for(user, position.participant)
    if not position._state.adding:
        stored_participant = Position.objects.filter(pk=position.pk).values_list("participant_id", flat=True).first()
        if stored_participant is not None and not _may_act_for(user, stored_participant):
            raise PositionsPermissionError("You may not change this position.")
        if stored_participant is None and base_version is not None:
            raise _stale_error(position.pk)
        if stored_participant is None:
            # Saving an old version of a deleted position (from its history page) restores it.
            _full_clean(position)
            position.version += 1
            position.updated_by = user
            position._history_user = user
            position.save(force_insert=True)
            return position
    _full_clean(position)
    return _write(position, user=user, base_version=base_version)


@dataclass
class PlannedPosition:
    """What recording does to one provision: create, update or leave unchanged a position."""

    provision: Provision
    action: str  # "create", "update" or "unchanged"
    position: Position
    changes: list[str] = field(default_factory=list)
    base_version: int | None = None


@dataclass
class RecordPlan:
    """The outcome of positions_record: what it would do (dry run) or did."""

    participant: Participant
    instrument: Instrument
    stance: str
    items: list[PlannedPosition]
    dry_run: bool
    # What was asked besides the margins (ToR item, rationale, contribution...): part of the fingerprint.
    request: dict = field(default_factory=dict)
    # What a person should check before confirming (allowed, but perhaps a mistake).
    warnings: list[str] = field(default_factory=list)

    def _with(self, action: str) -> list[PlannedPosition]:
        return [item for item in self.items if item.action == action]

    @property
    def to_create(self) -> list[PlannedPosition]:
        return self._with("create")

    @property
    def to_update(self) -> list[PlannedPosition]:
        return self._with("update")

    @property
    def unchanged(self) -> list[PlannedPosition]:
        return self._with("unchanged")

    @property
    def fingerprint(self) -> str:
        """Identifies the plan; a confirmation is refused if the plan changed since its preview."""
        text = "|".join(f"{item.provision.pk}:{item.action}:{item.base_version}" for item in self.items)
        text += repr(sorted(self.request.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def summary(self) -> str:
        return (
            f"{created_phrase(len(self.to_create), dry_run=self.dry_run)}, {len(self.to_update)} updated, "
            f"{len(self.unchanged)} left unchanged ({self.participant}, {Stance(self.stance).label.lower()}, "
            f"{self.instrument.slug})."
        )


def created_phrase(count: int, *, dry_run: bool) -> str:
    """ "1 position was created", "3 positions would be created": the start of a summary."""
    if dry_run:
        phrase = ngettext("%(count)d position would be created", "%(count)d positions would be created", count)
    else:
        phrase = ngettext("%(count)d position was created", "%(count)d positions were created", count)
    return phrase % {"count": count}


def contribution_warning(*, contribution: Contribution | None, participant: Participant, submitters) -> str | None:
    """A warning if ``contribution`` was not submitted by ``participant`` (``submitters`` are its
    submitters). Allowed: a participant may support another's document, and the secretariat may
    need to record it so; but attributing a participant's positions to someone else's document is
    more often a slip in a long list."""
    if contribution is None or any(submitter.pk == participant.pk for submitter in submitters):
        return None
    names = ", ".join(submitter.name for submitter in submitters) or "no recorded submitter"
    return (
        f"{contribution.symbol} was submitted by {names}, not by {participant}. Check that this document states "
        f"{participant}'s positions; you may still record them (a participant may support another's document)."
    )


def record_request_problems(*, stance: str, proposed_text: str) -> dict[str, str]:
    """What is wrong with a bulk request as a whole, whatever its margins: ``{field: message}``.

    The model's own rule (Position.clean: proposed text goes with revise or add), checked once on
    the request rather than once per provision, so that the message names the field at fault and
    not the first margin of the list. The form of the bulk entry page shows it on the field.
    """
    try:
        Position(stance=stance, proposed_text=proposed_text).clean()
    except ValidationError as error:
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}
    return {}


@transaction.atomic
def positions_record(
    *,
    participant: Participant,
    instrument: Instrument,
    margins: str,
    stance: str,
    tor_item: str = "",
    contribution: Contribution | None = None,
    rationale: str = "",
    proposed_text: str = "",
    user,
    publish: bool = False,
    dry_run: bool = False,
) -> RecordPlan:
    """Record one participant's stance on every provision of a margin list ("3, 5, 16-26, 1/1-1/39").

    A provision on which the participant already holds this stance with this contribution is
    updated (never duplicated); blank ToR item, rationale or proposed text leave the stored
    values alone. New positions are drafts unless ``publish``. Everything is checked before
    anything is written: an unknown margin, a stance that does not exist or a value the model
    refuses raises PositionsError and writes nothing. With ``dry_run`` nothing is written and the
    plan says what would happen.
    """
    _check_may_act_for(user, participant)
    if stance not in Stance.values:
        raise PositionsError(f"'{stance}' is not a stance: use one of {', '.join(Stance.values)}.", field="stance")
    if tor_item and tor_item not in TorItem.values:
        raise PositionsError(
            f"'{tor_item}' is not a ToR item: use one of {', '.join(TorItem.values)}.", field="tor_item"
        )
    for name, message in record_request_problems(stance=stance, proposed_text=proposed_text).items():
        raise PositionsError(f"{message} Nothing was recorded.", field=None if name == "__all__" else name)
    try:
        provisions = resolve_margin_list(margins, instrument=instrument)
    except MarginListError as error:
        raise PositionsError(error.message + " Nothing was recorded.", field="margins", tokens=error.tokens) from error

    existing_positions = Position.objects.select_for_update().filter(
        participant=participant, stance=stance, contribution=contribution, provision__in=provisions
    )
    existing = {position.provision_id: position for position in existing_positions}
    values = {"tor_item": tor_item, "rationale": rationale, "proposed_text": proposed_text}
    now = timezone.now()
    items = []
    for provision in provisions:
        position = existing.get(provision.pk)
        if position is None:
            position = Position(
                participant=participant, provision=provision, stance=stance, contribution=contribution, **values
            )
            if publish:
                position.state, position.published_at = PositionState.PUBLISHED, now
            items.append(PlannedPosition(provision=provision, action="create", position=position))
            continue
        base_version = position.version
        changes = [name for name, value in values.items() if value and getattr(position, name) != value]
        for name in changes:
            setattr(position, name, values[name])
        if publish and position.state != PositionState.PUBLISHED:
            position.state, position.published_at = PositionState.PUBLISHED, now
            changes.append("state")
        action = "update" if changes else "unchanged"
        items.append(PlannedPosition(provision, action, position, changes, base_version))

    for item in items:
        if item.action != "unchanged":
            try:
                _full_clean(item.position)
            except PositionsError as error:
                raise PositionsError(
                    f"Margin {item.provision.margin}: {error.message} Nothing was recorded.", field=error.field
                ) from error

    warning = contribution_warning(
        contribution=contribution,
        participant=participant,
        submitters=list(contribution.submitters.all()) if contribution else [],
    )
    plan = RecordPlan(
        participant=participant,
        instrument=instrument,
        stance=stance,
        items=items,
        dry_run=dry_run,
        request={**values, "contribution": contribution and contribution.pk, "publish": publish},
        warnings=[warning] if warning else [],
    )
    if not dry_run:
        for item in items:
            if item.action != "unchanged":
                _write(item.position, user=user, base_version=item.base_version)
    return plan


def _positions_in_scope(positions, user) -> list[Position]:
    positions = list(positions)
    refused = [position for position in positions if not _may_act_for(user, position.participant_id)]
    if refused:
        raise PositionsPermissionError(
            f"You may not change {len(refused)} of the selected positions (other participants'); nothing was changed."
        )
    return positions


@transaction.atomic
def positions_publish(*, positions, user) -> int:
    """Publish draft positions, recording when; returns how many were published.

    Positions already published keep their publication date. All or nothing: a position the
    user may not act for refuses the whole request.
    """
    now = timezone.now()
    count = 0
    for position in _positions_in_scope(positions, user):
        if position.state == PositionState.PUBLISHED:
            continue
        base_version = position.version
        position.state, position.published_at = PositionState.PUBLISHED, now
        _write(position, user=user, base_version=base_version)
        count += 1
    return count


@transaction.atomic
def positions_unpublish(*, positions, user) -> int:
    """Withdraw published positions to draft (the public no longer sees them); returns how many."""
    count = 0
    for position in _positions_in_scope(positions, user):
        if position.state == PositionState.DRAFT:
            continue
        base_version = position.version
        position.state, position.published_at = PositionState.DRAFT, None
        _write(position, user=user, base_version=base_version)
        count += 1
    return count


@transaction.atomic
def positions_delete(*, positions, user) -> int:
    """Delete positions (their history keeps them, so they can be restored); returns how many."""
    count = 0
    for position in _positions_in_scope(positions, user):
        position._history_user = user
        position.delete()
        count += 1
    return count


def deleted_positions(user):
    """Historical records of deleted positions the user may restore, newest first.

    One per position: its last deletion (a position deleted, restored and deleted again comes
    back as it was the last time).
    """
    last_deletions = (
        Position.history.filter(history_type="-").order_by().values("id").annotate(last=Max("history_id"))
    ).values("last")
    history = (
        Position.history.filter(history_id__in=last_deletions)
        .exclude(id__in=Position.objects.values("id"))
        .select_related("provision__instrument", "participant", "history_user")
    )
    if user is not None and not is_secretariat(user):
        history = history.filter(participant__in=Participant.objects.for_delegate(user))
    return history.order_by("-history_date")


@transaction.atomic
def position_restore(*, history_id: int, user) -> Position:
    """Bring back a deleted position as it was when deleted (same id, a new history entry)."""
    record = deleted_positions(user).filter(history_id=history_id).first()
    if record is None:
        raise PositionsError("There is no deleted position to restore with that reference (or it was restored).")
    position = record.instance
    position._state.adding = True
    _check_may_act_for(user, position.participant)
    _full_clean(position)
    position.version += 1
    position.updated_by = user
    position._history_user = user
    position.save(force_insert=True)
    return position
