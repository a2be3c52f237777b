"""The data version: one number that every write to the data the public reads increments.

Database triggers (``dataversion.triggers``) increment it in the same transaction as the write, whatever
writes: the admin, the services, the imports, management commands, a queryset ``update()``, raw SQL, a
``psql`` session. Every process and server reads it from the database, so a cache keyed by it is never
stale (``dataversion.middleware``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class DataState:
    """The data as of one write: ``number`` counts writes; ``changed_at`` is when the last one was made.

    ``token`` names this state for cache keys and ETags: the number alone could come back after a restore
    of an older backup or a flush, the pair cannot.
    """

    number: int
    changed_at: datetime.datetime

    @property
    def token(self) -> str:
        return f"{self.number}.{int(self.changed_at.timestamp() * 1_000_000)}"


class DataVersionQuerySet(models.QuerySet):
    def current(self) -> DataState | None:
        """The current data state (one query), or None where the row is missing (between a flush and the
        next write or migrate): the caller then caches nothing."""
        row = self.filter(pk=DataVersion.SINGLETON).values_list("number", "changed_at").first()
        return DataState(*row) if row else None


class DataVersion(models.Model):
    """The one row that the triggers increment."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    number = models.BigIntegerField(default=1, help_text="Incremented by every write to a table the public reads.")
    changed_at = models.DateTimeField(help_text="When the last such write was made (Last-Modified).")

    objects = DataVersionQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return f"Data version {self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S} UTC)"
