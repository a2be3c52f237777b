"""How a new statement relates to what its participant already holds on a provision.

A position row is a statement (DESIGN.md, "Statements and current stances"): restating a stance in
a later document, or changing it, is how negotiations go, and nothing is refused for it. But a
delegate must see what a statement will do before confirming it, so bulk entry and the imports
name each one:

- **new**: the participant holds no stance on the provision;
- **restatement**: the same stance again (another document, or the same date);
- **supersedes**: a later date: the participant's current stances become superseded;
- **alternative**: another stance at the same date as the current ones: both stand, as options;
- **earlier**: dated before the current stances, so superseded from the start.

The rule of currency is Position.objects.current(); this module applies the same rule in memory to
the statements of one bulk entry or import, so that rows of one file see each other (a file that
states SUP in EG-ITRs-4/8 and again in EG-ITRs-6/8 restates it on its second row).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import STANCE_SYMBOLS, Contribution, Position

NEW = "new"
RESTATEMENT = "restatement"
SUPERSEDES = "supersedes"
ALTERNATIVE = "alternative"
EARLIER = "earlier"
# Recording again a statement already recorded (same participant, provision, stance, document).
RECORDED = "recorded"

RELATION_LABELS = {
    NEW: _("New stance"),
    RESTATEMENT: _("Restatement (same stance)"),
    SUPERSEDES: _("Supersedes"),
    ALTERNATIVE: _("Alternative (another stance at the same date)"),
    EARLIER: _("Earlier than the current stance: superseded at once"),
    RECORDED: _("Already recorded"),
}


@dataclass(frozen=True)
class Stated:
    """One statement as the classification needs it."""

    stance: str
    stated_on: datetime.date
    symbol: str = ""  # of its contribution, or empty

    def describe(self) -> str:
        """``SUP (4 Mar 2025, EG-ITRs-4/8)``: the month in the reader's language."""
        source = f", {self.symbol}" if self.symbol else ""
        return f"{STANCE_SYMBOLS[self.stance]} ({date_format(self.stated_on, 'j M Y')}{source})"


@dataclass(frozen=True)
class Relation:
    """How one statement relates to its participant's current stances on its provision."""

    kind: str
    others: tuple[Stated, ...] = ()  # the current stances it restates, supersedes or stands beside

    @property
    def label(self) -> str:
        if self.kind in (SUPERSEDES, ALTERNATIVE, EARLIER) and self.others:
            described = ", ".join(stated.describe() for stated in self.others)
            return {
                SUPERSEDES: gettext("Supersedes %(stances)s"),
                ALTERNATIVE: gettext("Alternative to %(stances)s (same date)"),
                EARLIER: gettext("Earlier than the current %(stances)s: superseded at once"),
            }[self.kind] % {"stances": described}
        return str(RELATION_LABELS[self.kind])


def statement_date(contribution: Contribution | None, *, today: datetime.date | None = None) -> datetime.date:
    """The date a statement will have (STATED_ON): its document's meeting, or the day it is
    recorded (a statement without a document is dated the day it is published)."""
    if contribution is not None:
        return contribution.meeting.start_date
    return today or timezone.now().date()


@dataclass
class StandingIndex:
    """The published statements of some participants, by participant and provision, to classify
    new statements against in memory; statements planned are added as they are classified."""

    statements: dict[tuple[int, object], list[Stated]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, *, participant_ids, provision_ids=None) -> StandingIndex:
        """The published statements of ``participant_ids`` (on ``provision_ids`` if given): one query."""
        positions = Position.objects.published().filter(participant_id__in=participant_ids)
        if provision_ids is not None:
            positions = positions.filter(provision_id__in=provision_ids)
        index = cls()
        rows = positions.with_stated_on().values_list(
            "participant_id", "provision_id", "stance", "stated_on", "contribution__symbol"
        )
        for participant_id, provision_id, stance, stated_on, symbol in rows:
            index.statements[participant_id, provision_id].append(Stated(stance, stated_on, symbol or ""))
        return index

    def current(self, participant_id: int, provision_key) -> list[Stated]:
        """The current stances (latest date) among what the index holds, one per stance."""
        held = self.statements.get((participant_id, provision_key), [])
        if not held:
            return []
        latest = max(stated.stated_on for stated in held)
        by_stance = {stated.stance: stated for stated in held if stated.stated_on == latest}
        return sorted(by_stance.values(), key=lambda stated: stated.stance)

    def classify(self, participant_id: int, provision_key, statement: Stated) -> Relation:
        """How ``statement`` relates to the current stances, which it then joins."""
        current = self.current(participant_id, provision_key)
        self.statements[participant_id, provision_key].append(statement)
        if not current:
            return Relation(NEW)
        latest = current[0].stated_on
        stances = {stated.stance for stated in current}
        others = tuple(stated for stated in current if stated.stance != statement.stance)
        if statement.stated_on <= latest and statement.stance in stances:
            # The same stance, from an earlier or the same date: the current stances do not move.
            return Relation(RESTATEMENT)
        if statement.stated_on < latest:
            return Relation(EARLIER, tuple(current))
        if statement.stated_on == latest:
            return Relation(ALTERNATIVE, tuple(current))
        if not others:
            return Relation(RESTATEMENT)
        return Relation(SUPERSEDES, others)


def provision_key(provision):
    """A provision in the index: its id, or for a provision proposed in this very plan (not yet
    saved) its instrument and sort key."""
    return provision.pk if provision.pk is not None else (provision.instrument_id, provision.sort_key)
