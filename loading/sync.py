"""Loading the record without undoing users' work (DESIGN.md, "The record and users' work").

``rows_sync`` brings the rows of one model in line with the record under one contract: it creates what
is missing, never changes a row a user changed, never re-creates a row a user deleted, and says what it
left alone. The ledger (``LoadedRow``) holds what it wrote, so that:

- a row that is missing but in the ledger was deleted by a user: it is not created again;
- a row that equals the ledger but not the record: the record changed and no user touched the row, so
  it is updated;
- a row that differs from the ledger: a user changed it, so it is left as it is.

A database loaded before the ledger existed has rows but no entries: a row equal to the record is
adopted into the ledger; one that differs is taken as a user's change and left (there is no telling a
user's edit from an older record there, and keeping users' work is the safe side). A missing row is
created, unless the model keeps a history that records its deletion (``deleted_before_ledger``).

Each model costs a fixed number of queries: its rows and its ledger entries are read once, then
created and updated in bulk.
"""

from __future__ import annotations

import datetime
import enum
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import LoadedRow

# How many rows of one model the report names at normal verbosity, per outcome.
DETAIL_LIMIT = 10


class LoadError(Exception):
    """The record cannot be loaded as it is; the message names the bad value. Nothing is written."""


@dataclass(frozen=True)
class RecordRow:
    """One row as the record gives it."""

    key: str  # its natural key within its model, as the ledger keeps it: "EG-ITRs-3/2"
    label: str  # how the report names it: "Contribution EG-ITRs-3/2"
    lookup: dict  # the fields that identify it
    values: dict  # the fields the record sets (a related row as its instance)
    created_with: dict = field(default_factory=dict)  # fields set only when it is created


@dataclass
class LoadReport:
    """What a load did, per model (by its plural name), and which rows it left alone and why."""

    counts: dict[str, Counter] = field(default_factory=dict)
    left_alone: dict[str, list[str]] = field(default_factory=dict)
    adopted: int = 0  # rows found equal to the record and entered in the ledger (no change to them)

    def note(self, model_name: str, outcome: str, count: int = 1) -> None:
        self.counts.setdefault(model_name, Counter())[outcome] += count

    def leave(self, model_name: str, outcome: str, line: str) -> None:
        self.note(model_name, outcome)
        self.left_alone.setdefault(model_name, []).append(line)

    @property
    def changed(self) -> int:
        return sum(counter["created"] + counter["updated"] for counter in self.counts.values())

    def lines(self) -> list[str]:
        """One line per model: how many rows were created, updated, unchanged, and left alone."""
        lines = []
        for name, counter in self.counts.items():
            parts = [f"{counter[outcome]} {outcome}" for outcome in ("created", "updated", "unchanged")]
            if counter["changed_by_user"]:
                parts.append(f"{counter['changed_by_user']} changed by users (left as they are)")
            if counter["deleted_by_user"]:
                parts.append(f"{counter['deleted_by_user']} deleted by users (not re-created)")
            if counter["orphaned"]:
                parts.append(f"{counter['orphaned']} not created (what they belong to was deleted by a user)")
            lines.append(f"{name}: {', '.join(parts)}")
        return lines

    def left_alone_lines(self, *, limit: int | None = DETAIL_LIMIT) -> list[str]:
        """The rows left alone, by name, with why; at most ``limit`` per model (None: all)."""
        lines = []
        for name, details in self.left_alone.items():
            shown = details if limit is None else details[:limit]
            lines.extend(shown)
            if len(details) > len(shown):
                lines.append(f"... and {len(details) - len(shown)} more {name} (--verbosity 2 lists them all)")
        return lines


def _plain(value):
    """A value as the ledger keeps it (JSON): a related row by its id, a date as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _current(instance: models.Model, names: Iterable[str]) -> dict:
    """The row's values of the fields ``names``, as the ledger keeps them (no query for relations)."""
    meta = instance._meta
    return {name: _plain(getattr(instance, meta.get_field(name).attname)) for name in names}


def _as_loaded(current: dict, loaded: dict) -> bool:
    """Whether a row still has the values the loader wrote. Only the fields both know are compared: a
    field the loader has begun to set since (not in an older entry) does not make a row a user's."""
    return all(current[key] == loaded[key] for key in current.keys() & loaded.keys())


def _validate(instance: models.Model, label: str) -> None:
    # The field rules and the model's clean(); relations point to rows this load just read or wrote,
    # and the database checks uniqueness, so neither costs a query per row here.
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(texts)}" if name != "__all__" else " ".join(texts)
            for name, texts in error.message_dict.items()
        )
        raise LoadError(f"{label}: {messages}") from error


def _field_names(model, names: Iterable[str]) -> str:
    words = [str(model._meta.get_field(name).verbose_name) for name in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def rows_sync(
    model,
    rows: Iterable[RecordRow],
    *,
    existing: Mapping[str, models.Model],
    report: LoadReport,
    reason: str,
    on_update: Callable[[models.Model], list[str]] | None = None,
    deleted_before_ledger: Callable[[], Container[str]] | None = None,
) -> dict[str, models.Model]:
    """Bring the rows of ``model`` that the record gives (``rows``) in line with it, under the contract
    above; ``existing`` holds the model's rows in the database by natural key.

    Returns the rows that are there after the load, by key (created, updated or left as they are);
    a row a user deleted is not among them, so the caller leaves out what belongs to it. ``reason``
    goes into the history of models that keep one; ``on_update`` may change more fields of a row
    the record updates, and returns their names (a position's version). ``deleted_before_ledger``
    gives the keys of rows whose deletion the model's history records (asked once, only if a row is
    missing and not in the ledger). Raises LoadError naming a row the record gives with an invalid
    value.
    """
    name = str(model._meta.verbose_name_plural)
    ledger_model = model._meta.label_lower
    ledger = {entry.key: entry for entry in LoadedRow.objects.filter(model=ledger_model)}
    present: dict[str, models.Model] = {}
    to_create, to_update, updated_fields = [], [], set()
    new_entries, changed_entries = [], []
    deleted: Container[str] | None = None
    for row in rows:
        wanted = {key: _plain(value) for key, value in row.values.items()}
        instance = existing.get(row.key)
        entry = ledger.get(row.key)
        if instance is None:
            if entry is None and deleted_before_ledger is not None:
                if deleted is None:
                    deleted = deleted_before_ledger()
                if row.key in deleted:
                    entry = LoadedRow(model=ledger_model, key=row.key, values=wanted)
                    new_entries.append(entry)
            if entry is not None:
                report.leave(name, "deleted_by_user", f"{row.label}: deleted by a user, not re-created")
                continue
            instance = model(**row.lookup, **row.values, **row.created_with)
            _validate(instance, row.label)
            to_create.append(instance)
            new_entries.append(LoadedRow(model=ledger_model, key=row.key, values=wanted))
            report.note(name, "created")
        elif (current := _current(instance, wanted)) == wanted:
            report.note(name, "unchanged")
            if entry is None:
                new_entries.append(LoadedRow(model=ledger_model, key=row.key, values=wanted))
                report.adopted += 1
            elif entry.values != wanted:  # a user's change that the record now agrees with
                entry.values = wanted
                changed_entries.append(entry)
        elif entry is not None and _as_loaded(current, entry.values):
            # As the loader left it: the record changed, no user did.
            changes = [key for key in wanted if wanted[key] != current[key]]
            for key in changes:
                setattr(instance, key, row.values[key])
            updated_fields.update(changes)
            if on_update is not None:
                updated_fields.update(on_update(instance))
            _validate(instance, row.label)
            to_update.append(instance)
            entry.values = wanted
            changed_entries.append(entry)
            report.note(name, "updated")
        else:
            # Changed by a user since it was loaded (or, with no entry, found different from the record
            # before the ledger existed): left as it is. The entry keeps what the record gave.
            reference = entry.values if entry is not None else wanted
            changes = [key for key in wanted if key in reference and current[key] != reference[key]]
            report.leave(
                name, "changed_by_user", f"{row.label}: {_field_names(model, changes)} changed by a user, left as it is"
            )
            if entry is None:
                new_entries.append(LoadedRow(model=ledger_model, key=row.key, values=wanted))
        present[row.key] = instance
    has_history = hasattr(model, "history")
    if to_create:
        if has_history:
            bulk_create_with_history(to_create, model, batch_size=500, default_change_reason=reason)
        else:
            model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        if has_history:
            bulk_update_with_history(
                to_update, model, sorted(updated_fields), batch_size=500, default_change_reason=reason
            )
        else:
            model.objects.bulk_update(to_update, sorted(updated_fields), batch_size=500)
    LoadedRow.objects.bulk_create(new_entries, batch_size=500)
    now = timezone.now()
    for entry in changed_entries:
        entry.loaded_at = now  # bulk_update does not apply auto_now
    LoadedRow.objects.bulk_update(changed_entries, ["values", "loaded_at"], batch_size=500)
    return present
