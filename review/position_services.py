"""Writes that matter for positions: bulk entry, publishing, saving without lost updates, restore.

The admin pages, the admin actions, the imports, the management commands and the tests all call
these functions; none of them writes positions another way. Every function checks that the user
may act for the participant (``user=None`` means the operator at the command line, who may act
for anyone) and records the user and a change reason in the position's history (provisions.history).
Bulk entry and imports plan in memory (``plan_record``) and write in bulk (``write_plan``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from simple_history.utils import bulk_create_with_history

from provisions import history
from provisions.margins import MarginListError, Purpose, resolve_margin_list
from provisions.models import Instrument, Provision

from .models import Contribution, Participant, Position, PositionState, Stance, TorItem
from .permissions import is_secretariat, may_act_for
from .statements import RECORDED, Relation, StandingIndex, Stated, provision_key, statement_date


class PositionsError(Exception):
    """A write on positions that cannot be done as asked; ``message`` says why and what to change.

    ``field`` names the input at fault where there is one (``margins``, ``proposed_text``...),
    ``tokens`` the offending values (unknown margins, for instance).
    """

    def __init__(
        self, message: str, *, field: str | None = None, tokens: list[str] | None = None, problem: str | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.tokens = tokens or []
        # What is wrong, without what was done about it ("Nothing was recorded."): what an import
        # reports on the row's line.
        self.problem = problem or message


def nothing_recorded(problem: str) -> str:
    """``problem``, and that nothing was recorded because of it."""
    return gettext("%(problem)s Nothing was recorded.") % {"problem": problem}


class PositionsPermissionError(PositionsError):
    """The user may not act for this participant or position."""


class StalePositionError(PositionsError):
    """The position changed since the user loaded it; ``current`` is the position as it is now."""

    def __init__(self, message: str, *, current: Position | None):
        super().__init__(message)
        self.current = current


def _check_may_act_for(user, participant: Participant) -> None:
    if not may_act_for(user, participant.pk):
        raise not_a_delegate_error(participant)


def not_a_delegate_error(participant: Participant) -> PositionsPermissionError:
    return PositionsPermissionError(
        gettext("You are not a delegate of %(participant)s; you can record positions only for your own participants.")
        % {"participant": participant},
        field="participant",
    )


def participant_ids_in_scope(user) -> set[int] | None:
    """The participants ``user`` may act for, by id (one query), or None for every participant
    (the secretariat, and the operator at the command line)."""
    if user is None or is_secretariat(user):
        return None
    return set(Participant.objects.for_delegate(user).values_list("pk", flat=True))


def describe_position(position: Position) -> str:
    """The values a person needs to see to reconcile a conflict, in one line."""
    parts = [
        gettext("stance: %(value)s") % {"value": position.get_stance_display()},
        gettext("ToR item: %(value)s") % {"value": position.get_tor_item_display() or "—"},
        gettext("contribution: %(value)s") % {"value": position.contribution or "—"},
        gettext("state: %(value)s") % {"value": position.get_state_display()},
        gettext("rationale: “%(value)s”") % {"value": position.rationale or "—"},
    ]
    if position.proposed_text:
        parts.append(gettext("proposed text: “%(value)s”") % {"value": position.proposed_text})
    who = position.updated_by or gettext("someone")
    when = timezone.localtime(position.updated_at).strftime("%Y-%m-%d %H:%M") if position.updated_at else "?"
    return gettext("version %(version)s, saved by %(user)s at %(time)s; %(values)s") % {
        "version": position.version,
        "user": who,
        "time": when,
        "values": "; ".join(parts),
    }


def stale_message(current: Position) -> str:
    """What a person is told when someone saved a position after they opened it: the one wording,
    for the admin form (before the save) and the service (at the save)."""
    return gettext(
        "Someone else saved this position after you opened it, so your changes were not saved "
        "(nothing was overwritten). It is now at %(position)s. "
        "Reload the page, check the current values and make your change again."
    ) % {"position": describe_position(current)}


def _stale_error(position_id: int) -> StalePositionError:
    current = Position.objects.select_related("contribution", "updated_by").filter(pk=position_id).first()
    if current is None:
        return StalePositionError(
            gettext("This position was deleted by someone else after you opened it; nothing was saved."), current=None
        )
    return StalePositionError(stale_message(current), current=current)


def _write(position: Position, *, user, base_version: int | None, reason: str) -> Position:
    """Save one position, refusing it if the stored version is not ``base_version`` (compare and swap).

    The conditional UPDATE both checks and claims the version in one statement, so two
    concurrent saves from the same version cannot both succeed. ``reason`` goes into its history.
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
    position._change_reason = history.change_reason(reason, user=user)
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
def position_save(*, position: Position, base_version: int | None, user, reason: str = "") -> Position:
    """Create or update one position as edited in a form, refusing a save based on a stale version.

    ``base_version`` is the version the user's form was loaded with (None for a new position).
    Raises StalePositionError, with the current values, if someone saved in between. ``reason``
    goes into the history (by default: added, edited, or restored for a deleted position).
    """
    _check_may_act_for(user, position.participant)
    if not position._state.adding:
        stored_participant = Position.objects.filter(pk=position.pk).values_list("participant_id", flat=True).first()
        if stored_participant is not None and not may_act_for(user, stored_participant):
            raise PositionsPermissionError(gettext("You may not change this position."))
        if stored_participant is None and base_version is not None:
            raise _stale_error(position.pk)
        if stored_participant is None:
            # Saving an old version of a deleted position (from its history page) restores it.
            return _reinsert(position, user=user, reason=reason or history.RESTORED)
    _full_clean(position)
    default_reason = history.ADDED if position._state.adding else history.EDITED
    return _write(position, user=user, base_version=base_version, reason=reason or default_reason)


def _reinsert(position: Position, *, user, reason: str) -> Position:
    """Insert a deleted position again, with its id, as a new version."""
    _full_clean(position)
    position.version += 1
    position.updated_by = user
    position._history_user = user
    position._change_reason = history.change_reason(reason, user=user)
    position.save(force_insert=True)
    return position


@dataclass
class PlannedPosition:
    """What recording does to one provision: create, update or leave unchanged a position, and
    how the statement relates to the participant's current stances there (review.statements)."""

    provision: Provision
    action: str  # "create", "update" or "unchanged"
    position: Position
    changes: list[str] = field(default_factory=list)
    base_version: int | None = None
    relation: Relation = field(default_factory=lambda: Relation(RECORDED))

    @property
    def change_labels(self) -> list[str]:
        """The fields an update changes, as the position form names them (``rationale``: Rationale)."""
        return [str(capfirst(Position._meta.get_field(name).verbose_name)) for name in self.changes]


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

    @property
    def stance_label(self) -> str:
        """The stance's word, in the reader's language."""
        return str(Stance(self.stance).label)

    def _with(self, action: str) -> list[PlannedPosition]:
        return [item for item in self.items if item.action == action]

    def relation_count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.action == "create" and item.relation.kind == kind)

    @property
    def proposed_provisions(self) -> list[Provision]:
        """The new provisions this plan's ADD statements propose (not yet saved)."""
        return list({id(item.provision): item.provision for item in self.items if item.provision.pk is None}.values())

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
            gettext(
                "%(created)s, %(updated)s updated, %(unchanged)s left unchanged (%(participant)s, %(stance)s, "
                "%(instrument)s). %(relations)s"
            )
            % {
                "created": created_phrase(len(self.to_create), dry_run=self.dry_run),
                "updated": len(self.to_update),
                "unchanged": len(self.unchanged),
                "participant": self.participant,
                "stance": str(Stance(self.stance).label).lower(),
                "instrument": self.instrument.shown_name,
                "relations": relations_phrase([self]),
            }
        ).rstrip()


def relations_phrase(plans) -> str:
    """What the new statements of ``plans`` do to current stances: "2 new stances, 1 restatement,
    3 supersede earlier stances." (empty where nothing is created)."""
    from .statements import ALTERNATIVE, EARLIER, NEW, RESTATEMENT, SUPERSEDES

    counts = {
        kind: sum(plan.relation_count(kind) for plan in plans)
        for kind in (NEW, RESTATEMENT, SUPERSEDES, ALTERNATIVE, EARLIER)
    }
    phrases = {
        NEW: ngettext("%(count)d new stance", "%(count)d new stances", counts[NEW]),
        RESTATEMENT: ngettext("%(count)d restatement", "%(count)d restatements", counts[RESTATEMENT]),
        SUPERSEDES: ngettext(
            "%(count)d supersedes an earlier stance", "%(count)d supersede earlier stances", counts[SUPERSEDES]
        ),
        ALTERNATIVE: ngettext(
            "%(count)d alternative to a stance of the same date",
            "%(count)d alternatives to stances of the same date",
            counts[ALTERNATIVE],
        ),
        EARLIER: ngettext(
            "%(count)d earlier than the current stance", "%(count)d earlier than the current stances", counts[EARLIER]
        ),
    }
    said = [phrases[kind] % {"count": count} for kind, count in counts.items() if count]
    return gettext("%(phrases)s.") % {"phrases": ", ".join(said)} if said else ""


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
    names = ", ".join(submitter.name for submitter in submitters) or gettext("no recorded submitter")
    return gettext(
        "%(document)s was submitted by %(submitters)s, not by %(participant)s. Check that this document states "
        "%(participant)s's positions; you may still record them (a participant may support another's document)."
    ) % {"document": contribution.symbol, "submitters": names, "participant": participant}


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


def check_record_request(*, stance: str, tor_item: str, proposed_text: str) -> None:
    """Refuse a bulk request that is wrong whatever its margins: raises PositionsError naming the field."""
    if stance not in Stance.values:
        raise PositionsError(
            gettext("'%(value)s' is not a stance: use one of %(stances)s.")
            % {"value": stance, "stances": ", ".join(Stance.values)},
            field="stance",
        )
    if tor_item and tor_item not in TorItem.values:
        raise PositionsError(
            gettext("'%(value)s' is not a ToR item: use one of %(items)s.")
            % {"value": tor_item, "items": ", ".join(TorItem.values)},
            field="tor_item",
        )
    for name, message in record_request_problems(stance=stance, proposed_text=proposed_text).items():
        raise PositionsError(nothing_recorded(message), field=None if name == "__all__" else name, problem=message)


def margin_purpose(stance: str) -> str:
    """How a statement's margin list names provisions: ADD names the new provisions it proposes
    (29A), every other stance the instrument's own (provisions.margins.Purpose)."""
    return Purpose.PROPOSE if stance == Stance.ADD else Purpose.STATE


# A position is identified by its participant, provision, stance and contribution (the unique
# constraints of Position): recording again updates the one with the same key.
PositionKey = tuple[int, int, str, int | None]


def position_key(position: Position) -> PositionKey:
    return (position.participant_id, position.provision_id, position.stance, position.contribution_id)


# The model's foreign keys: their values come from the database, so checking them again would
# cost one query per position (ForeignKey.validate).
RELATION_FIELDS = [field.name for field in Position._meta.concrete_fields if field.is_relation]


def _clean_in_memory(position: Position) -> None:
    """The model's checks that need no query: each field (choices, lengths) and Position.clean.

    Uniqueness is the planner's (a position with the same key is updated, never duplicated) and
    the database's (the unique constraints); the check constraints repeat the choices.
    """
    try:
        position.full_clean(exclude=RELATION_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        fields = [name for name in error.message_dict if name != "__all__"]
        raise PositionsError(" ".join(error.messages), field=fields[0] if fields else None) from error


def plan_record(
    *,
    participant: Participant,
    instrument: Instrument,
    provisions: list[Provision],
    stance: str,
    tor_item: str,
    contribution: Contribution | None,
    rationale: str,
    proposed_text: str,
    publish: bool,
    existing: dict[PositionKey, Position],
    submitters: list[Participant],
    standing: StandingIndex,
    dry_run: bool,
) -> RecordPlan:
    """What recording one stance on ``provisions`` does, worked out in memory (no query).

    ``existing`` holds at least the participant's positions with this stance and contribution
    on these provisions, by key; ``submitters`` are the contribution's; ``standing`` the
    participant's published statements there, against which each new statement is classified
    (new, restatement, supersedes, alternative, earlier) and to which it is added. The bulk entry
    page and the imports both plan with this function, and write the plan with ``write_plan``.
    Provisions not yet saved are new proposed provisions (ADD): ``write_plan`` creates them.
    """
    values = {"tor_item": tor_item, "rationale": rationale, "proposed_text": proposed_text}
    now = timezone.now()
    stated = Stated(stance, statement_date(contribution, today=now.date()), contribution.symbol if contribution else "")
    items = []
    for provision in provisions:
        position = None
        if provision.pk is not None:
            position = existing.get((participant.pk, provision.pk, stance, contribution and contribution.pk))
        if position is None:
            position = Position(
                participant=participant, provision=provision, stance=stance, contribution=contribution, **values
            )
            if publish:
                position.state, position.published_at = PositionState.PUBLISHED, now
            relation = standing.classify(participant.pk, provision_key(provision), stated)
            items.append(PlannedPosition(provision=provision, action="create", position=position, relation=relation))
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
                _clean_in_memory(item.position)
            except PositionsError as error:
                problem = gettext("Margin %(margin)s: %(problem)s") % {
                    "margin": item.provision.margin,
                    "problem": error.message,
                }
                raise PositionsError(nothing_recorded(problem), field=error.field, problem=problem) from error

    warning = contribution_warning(contribution=contribution, participant=participant, submitters=submitters)
    return RecordPlan(
        participant=participant,
        instrument=instrument,
        stance=stance,
        items=items,
        dry_run=dry_run,
        request={**values, "contribution": contribution and contribution.pk, "publish": publish},
        warnings=[warning] if warning else [],
    )


# What recording again may change on a position, besides its state: the values of each row.
RECORD_CONTENT_FIELDS = ["tor_item", "rationale", "proposed_text"]


def write_plan(items: list[PlannedPosition], *, user, reason: str) -> None:
    """Write the new and changed positions of a plan in bulk, each with its history entry.

    A few statements per batch of rows (the database's limit on parameters sets the batch), not
    one save per position. The positions to update were read with ``select_for_update`` in the
    same transaction, so none can have changed since the plan.
    """
    now = timezone.now()
    proposed = {id(item.provision): item.provision for item in items if item.provision.pk is None}
    for provision in proposed.values():
        # A new provision proposed by ADD: created with the first statement that proposes it.
        provision._change_reason = reason
        provision.full_clean(validate_unique=False, validate_constraints=False)
        provision.save()
    created, updated, published = [], [], []
    for item in items:
        position = item.position
        if item.action == "create":
            position.version = 1
            position.created_by = position.updated_by = user
            created.append(position)
        elif item.action == "update":
            position.version = item.base_version + 1
            position.updated_by, position.updated_at = user, now
            updated.append(position)
            if "state" in item.changes:
                position.published_at = now
                published.append(position.pk)
    if created:
        bulk_create_with_history(created, Position, default_user=user, default_change_reason=reason)
    if updated:
        # Django's bulk_update costs a CASE branch per row and field: it sets only the values
        # that differ from row to row, and that some row changes; what is the same for every
        # row (author, time, version, publication) is one plain UPDATE per batch of ids.
        changed = {name for item in items if item.action == "update" for name in item.changes}
        content_fields = [name for name in RECORD_CONTENT_FIELDS if name in changed]
        if content_fields:
            Position.objects.bulk_update(updated, content_fields)
        ids = [position.pk for position in updated]
        for batch in _batches(ids):
            Position.objects.filter(pk__in=batch).update(updated_by=user, updated_at=now, version=F("version") + 1)
        for batch in _batches(published):
            Position.objects.filter(pk__in=batch).update(state=PositionState.PUBLISHED, published_at=now)
        Position.history.bulk_history_create(updated, update=True, default_user=user, default_change_reason=reason)


def _batches(ids: list[int]) -> list[list[int]]:
    """``ids`` in lists short enough for one ``pk__in`` on this database."""
    size = connection.ops.bulk_batch_size(["pk"], ids) or 1
    return [ids[start : start + size] for start in range(0, len(ids), size)]


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
    reason: str = history.RECORDED_IN_BULK,
) -> RecordPlan:
    """Record one participant's stance on every provision of a margin list ("3, 5, 16-26, 1/1-1/39").

    A provision on which the participant already holds this stance with this contribution is
    updated (never duplicated); blank ToR item, rationale or proposed text leave the stored
    values alone. New positions are drafts unless ``publish``. Everything is checked before
    anything is written: an unknown margin, a stance that does not exist or a value the model
    refuses raises PositionsError and writes nothing. With ``dry_run`` nothing is written and the
    plan says what would happen. ``reason`` goes into the history of every position written.
    """
    _check_may_act_for(user, participant)
    check_record_request(stance=stance, tor_item=tor_item, proposed_text=proposed_text)
    try:
        provisions = resolve_margin_list(margins, instrument=instrument, purpose=margin_purpose(stance))
    except MarginListError as error:
        raise PositionsError(
            nothing_recorded(error.message), field="margins", tokens=error.tokens, problem=error.message
        ) from error
    saved = [provision.pk for provision in provisions if provision.pk is not None]

    # Lock the participant's positions only (of=self): never the provisions or participants a
    # query joins, which other delegates' bulk entries and the secretariat's edits also need.
    existing_positions = Position.objects.select_for_update(of=("self",)).filter(
        participant=participant, stance=stance, contribution=contribution, provision__in=saved
    )
    plan = plan_record(
        participant=participant,
        instrument=instrument,
        provisions=provisions,
        stance=stance,
        tor_item=tor_item,
        contribution=contribution,
        rationale=rationale,
        proposed_text=proposed_text,
        publish=publish,
        existing={position_key(position): position for position in existing_positions},
        submitters=list(contribution.submitters.all()) if contribution else [],
        standing=StandingIndex.load(participant_ids=[participant.pk], provision_ids=saved),
        dry_run=dry_run,
    )
    if not dry_run:
        write_plan(plan.items, user=user, reason=history.change_reason(reason, user=user))
    return plan


def _positions_in_scope(positions, user) -> list[Position]:
    positions = list(positions)
    refused = [position for position in positions if not may_act_for(user, position.participant_id)]
    if refused:
        raise PositionsPermissionError(
            ngettext(
                "You may not change %(count)d of the selected positions (other participants'); nothing was changed.",
                "You may not change %(count)d of the selected positions (other participants'); nothing was changed.",
                len(refused),
            )
            % {"count": len(refused)}
        )
    return positions


@transaction.atomic
def positions_publish(*, positions, user) -> int:
    """Publish draft positions, recording when; returns how many were published.

    Positions already published keep their publication date. All or nothing: a position the
    user may not act for refuses the whole request.
    """
    return _positions_set_state(
        positions, user=user, state=PositionState.PUBLISHED, published_at=timezone.now(), reason=history.PUBLISHED
    )


@transaction.atomic
def positions_unpublish(*, positions, user) -> int:
    """Withdraw published positions to draft (the public no longer sees them); returns how many."""
    return _positions_set_state(
        positions, user=user, state=PositionState.DRAFT, published_at=None, reason=history.UNPUBLISHED
    )


def _positions_set_state(positions, *, user, state, published_at, reason) -> int:
    """Move the positions not yet in ``state`` into it, each with its history entry; how many moved."""
    count = 0
    for position in _positions_in_scope(positions, user):
        if position.state == state:
            continue
        base_version = position.version
        position.state, position.published_at = state, published_at
        _write(position, user=user, base_version=base_version, reason=reason)
        count += 1
    return count


@transaction.atomic
def positions_delete(*, positions, user) -> int:
    """Delete positions (their history keeps them, so they can be restored); returns how many."""
    count = 0
    for position in _positions_in_scope(positions, user):
        position._history_user = user
        position._change_reason = history.change_reason(history.DELETED, user=user)
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
    records = (
        Position.history.filter(history_id__in=last_deletions)
        .exclude(id__in=Position.objects.values("id"))
        .select_related("provision__instrument", "participant", "history_user")
    )
    if user is not None and not is_secretariat(user):
        records = records.filter(participant__in=Participant.objects.for_delegate(user))
    return records.order_by("-history_date")


@transaction.atomic
def position_restore(*, history_id: int, user) -> Position:
    """Bring back a deleted position as it was when deleted (same id, a new history entry)."""
    record = deleted_positions(user).filter(history_id=history_id).first()
    if record is None:
        raise PositionsError(
            gettext("There is no deleted position to restore with that reference (or it was restored).")
        )
    position = record.instance
    position._state.adding = True
    _check_may_act_for(user, position.participant)
    return _reinsert(position, user=user, reason=history.RESTORED)
