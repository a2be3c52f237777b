"""Margin numbers and margin lists, as delegates write them.

A margin identifies one provision of an instrument: ``29`` (main body), ``2A`` (a
letter-suffixed insertion), ``1/1`` (Appendix 1), ``2/9`` (Appendix 2). Margins sort
naturally: ``2`` < ``2A`` < ``3`` < ``10`` < ``77`` < ``1/1`` < ``1/2`` < ``1/10`` < ``2/1``.

A margin list is what a delegation writes in a statement: ``"3, 5, 11, 16-26, 1/1-1/39, 2/2"``.
This module is the one parser of such lists; filters, bulk entry and imports all use it.
The syntax is checked here without the database; ``resolve_margin_list`` then turns a list
into the provisions of one instrument (one query) and reports unknown margins.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_noop, ngettext

if TYPE_CHECKING:
    from .models import Instrument, Provision

# Separators between items: commas, semicolons (pasted from Word, lists often use them).
ITEM_SEPARATOR = re.compile(r"[,;]")
# Range dashes: the hyphen, and the en and em dashes a word processor substitutes for it.
RANGE_DASH = re.compile(r"\s*[-\u2013\u2014]\s*")
MARGIN_PATTERN = re.compile(r"^(?:(?P<appendix>[0-9]{1,2})/)?(?P<number>[0-9]{1,4})(?P<suffix>[A-Za-z]{0,3})$")

MAIN_BODY = 0
# The message of an empty margin list (translated where it is raised).
EMPTY_LIST = gettext_noop("The margin list is empty: give margins such as 3, 5, 16-26, 1/1-1/39.")


class MarginListError(ValueError):
    """A margin list that cannot be used; ``tokens`` names each offending item."""

    def __init__(self, message: str, tokens: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.tokens = tokens or []


@dataclass(frozen=True, order=True)
class Margin:
    """A parsed margin. Ordering of instances is the natural margin order."""

    appendix: int  # 0 for the main body (preamble and articles)
    number: int
    suffix: str = ""

    def __str__(self) -> str:
        body = f"{self.number}{self.suffix}"
        return f"{self.appendix}/{body}" if self.appendix else body

    @property
    def sort_key(self) -> str:
        """A string that sorts in natural margin order, byte by byte, in any database.

        Only digits, so the result does not depend on a database collation: two digits of
        appendix, four of number, then two per suffix letter (A=01). A bare margin is a prefix
        of its lettered insertions, so ``2`` < ``2A`` < ``3``.
        """
        letters = "".join(f"{ord(letter) - ord('A') + 1:02d}" for letter in self.suffix)
        return f"{self.appendix:02d}{self.number:04d}{letters}"

    @property
    def division(self) -> str:
        """The stretch of the instrument a range may not leave: main body or one appendix."""
        if self.appendix:
            return gettext("Appendix %(number)s") % {"number": self.appendix}
        return gettext("the main body")


def parse_margin(text: str) -> Margin:
    """Parse one margin (``29``, ``2A``, ``1/39``); raise MarginListError naming it if malformed."""
    token = text.strip()
    match = MARGIN_PATTERN.match(token)
    if not match:
        raise MarginListError(
            gettext("'%(margin)s' is not a margin number (expected e.g. 29, 2A or 1/39).") % {"margin": token}, [token]
        )
    appendix = int(match["appendix"] or MAIN_BODY)
    number = int(match["number"])
    if match["appendix"] is not None and appendix == 0:
        raise MarginListError(
            gettext("'%(margin)s' is not a margin number: appendices are numbered from 1.") % {"margin": token}, [token]
        )
    return Margin(appendix=appendix, number=number, suffix=match["suffix"].upper())


def margin_sort_key(margin: str) -> str:
    """The stored sort key of a margin string (see Margin.sort_key)."""
    return parse_margin(margin).sort_key


@dataclass(frozen=True)
class MarginRange:
    """One item of a margin list: a single margin (start == end) or an inclusive range."""

    token: str
    start: Margin
    end: Margin

    @property
    def is_single(self) -> bool:
        return self.start == self.end


def parse_margin_list(text: str) -> list[MarginRange]:
    """Check the syntax of a margin list and return its items, in the order written.

    Every malformed item is reported in one MarginListError, so that a delegate can fix all
    of them at once. Reversed ranges and ranges that leave the main body or an appendix
    (``77-1/3``) are errors too.
    """
    if text is None or not text.strip():
        raise MarginListError(gettext(EMPTY_LIST))
    items: list[MarginRange] = []
    problems: list[str] = []
    bad_tokens: list[str] = []
    for raw in ITEM_SEPARATOR.split(text):
        token = raw.strip()
        if not token:
            # Tolerate a trailing or doubled comma; an empty list was refused above.
            continue
        ends = RANGE_DASH.split(token)
        try:
            if len(ends) == 1:
                margin = parse_margin(ends[0])
                items.append(MarginRange(token=token, start=margin, end=margin))
                continue
            if len(ends) != 2 or not ends[0] or not ends[1]:
                raise MarginListError(
                    gettext("'%(item)s' is not a margin or a range such as 16-26.") % {"item": token}, [token]
                )
            start, end = parse_margin(ends[0]), parse_margin(ends[1])
        except MarginListError as error:
            problems.append(
                error.message
                if error.tokens == [token]
                else gettext("In '%(item)s': %(problem)s") % {"item": token, "problem": error.message}
            )
            bad_tokens.append(token)
            continue
        if start.appendix != end.appendix:
            problems.append(
                gettext("The range '%(range)s' runs from %(start)s into %(end)s; split it in two.")
                % {"range": token, "start": start.division, "end": end.division}
            )
            bad_tokens.append(token)
        elif end < start:
            problems.append(
                gettext("The range '%(range)s' is reversed: write %(end)s-%(start)s.")
                % {"range": token, "end": end, "start": start}
            )
            bad_tokens.append(token)
        else:
            items.append(MarginRange(token=token, start=start, end=end))
    if problems:
        raise MarginListError(" ".join(problems), bad_tokens)
    if not items:
        raise MarginListError(gettext(EMPTY_LIST))
    return items


class Purpose:
    """What a margin list is resolved for: each reads proposed provisions (``29A``) its own way."""

    # A filter: ranges take every provision between their ends, proposed ones included, and a
    # proposed provision may be named on its own.
    READ = "read"
    # A statement other than ADD: on provisions of the instrument only. Ranges skip proposed
    # provisions; naming one is refused.
    STATE = "state"
    # An ADD statement: each item names the new provision it proposes, on its own (``29A`` after
    # 29, ``29B`` after 29A), either one already proposed or a new one (returned unsaved).
    PROPOSE = "propose"


def resolve_margin_list(text: str, *, instrument: Instrument, purpose: str = Purpose.READ) -> list[Provision]:
    """The provisions of ``instrument`` named by a margin list, in natural order, without repeats.

    Raises MarginListError naming every malformed item and every margin the instrument does
    not have (a range must start and end on margins that exist). Runs one query; to resolve many
    lists (an import), load a MarginIndex once. ``purpose``: see Purpose.
    """
    return MarginIndex.load(instrument).resolve(text, purpose=purpose)


def next_free_insertion(base: Margin, taken: set[str]) -> Margin:
    """The margin ITU would give a new provision after ``base``: its number with the next free
    capital letter (29 -> 29A, then 29B; 29A -> 29AA is never guessed: letters go on in order)."""
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        candidate = Margin(appendix=base.appendix, number=base.number, suffix=base.suffix + letter)
        if candidate.sort_key not in taken:
            return candidate
    raise MarginListError(gettext("Every insertion after %(margin)s is taken.") % {"margin": base}, [str(base)])


class MarginIndex:
    """The provisions of one instrument by margin, to resolve margin lists without a query each.

    ``provisions`` are the instrument's provisions (any order), proposed ones included; ``resolve``
    works as ``resolve_margin_list`` does, in memory.
    """

    def __init__(self, instrument: Instrument, provisions):
        self.instrument = instrument
        # sort_key holds only digits, so Python's string order is the natural margin order.
        self.provisions = sorted(provisions, key=lambda provision: provision.sort_key)
        self.keys = [provision.sort_key for provision in self.provisions]
        self.by_key = dict(zip(self.keys, self.provisions, strict=True))

    @classmethod
    def load(cls, instrument: Instrument) -> MarginIndex:
        """The index of one instrument: one query."""
        from .models import Provision

        return cls(instrument, Provision.objects.filter(instrument=instrument))

    def _in_instrument(self, margin: Margin) -> bool:
        provision = self.by_key.get(margin.sort_key)
        return provision is not None and not provision.is_proposed

    def resolve(self, text: str, *, purpose: str = Purpose.READ) -> list[Provision]:
        """The provisions named by a margin list (see ``resolve_margin_list`` and Purpose)."""
        items = parse_margin_list(text)
        if purpose == Purpose.PROPOSE:
            return self._proposed(items)
        unknown, proposed = [], []
        for item in items:
            for end in dict.fromkeys([item.start, item.end]):
                provision = self.by_key.get(end.sort_key)
                if provision is None:
                    unknown.append(str(end))
                elif provision.is_proposed and purpose == Purpose.STATE:
                    proposed.append(str(end))
        problems, tokens = [], []
        if unknown:
            unknown = list(dict.fromkeys(unknown))
            problems.append(
                ngettext(
                    "Unknown margin in %(instrument)s: %(margins)s.",
                    "Unknown margins in %(instrument)s: %(margins)s.",
                    len(unknown),
                )
                % {"instrument": self.instrument.shown_name, "margins": ", ".join(unknown)}
            )
            tokens += unknown
        if proposed:
            proposed = list(dict.fromkeys(proposed))
            problems.append(
                ngettext(
                    "%(margins)s is a provision proposed by ADD, not in the instrument: only ADD statements name them.",
                    "%(margins)s are provisions proposed by ADD, not in the instrument: only ADD statements name them.",
                    len(proposed),
                )
                % {"margins": ", ".join(proposed)}
            )
            tokens += proposed
        if problems:
            raise MarginListError(" ".join(problems), tokens)
        selected: dict[str, Provision] = {}
        for item in items:
            # A range takes every provision whose key lies between its ends (2-3 takes 2A too).
            start = bisect.bisect_left(self.keys, item.start.sort_key)
            end = bisect.bisect_right(self.keys, item.end.sort_key)
            for provision in self.provisions[start:end]:
                if purpose == Purpose.STATE and provision.is_proposed and not item.is_single:
                    continue
                selected[provision.sort_key] = provision
        return [selected[key] for key in sorted(selected)]

    def _proposed(self, items: list[MarginRange]) -> list[Provision]:
        """The provisions that ADD statements on ``items`` propose: proposed already, or new
        (unsaved, ``is_proposed``, in the part of the provision they follow)."""
        from .models import Provision

        problems, tokens = [], []
        selected: dict[str, Provision] = {}
        taken = set(self.keys)
        for item in items:
            margin = item.start
            if not item.is_single:
                problems.append(
                    gettext("'%(range)s': ADD names each new provision on its own (e.g. 29A), not a range.")
                    % {"range": item.token}
                )
                tokens.append(item.token)
                continue
            existing = self.by_key.get(margin.sort_key)
            if existing is not None and not existing.is_proposed:
                suggestion = next_free_insertion(margin, taken)
                problems.append(
                    gettext(
                        "%(margin)s is already a provision of %(instrument)s: ADD names the new provision it "
                        "proposes, e.g. %(suggestion)s for a new provision after %(margin)s."
                    )
                    % {"margin": margin, "instrument": self.instrument.shown_name, "suggestion": suggestion}
                )
                tokens.append(str(margin))
                continue
            if existing is not None:
                selected[margin.sort_key] = existing
                continue
            predecessor = self.predecessor(margin)
            if predecessor is None:
                base = Margin(appendix=margin.appendix, number=margin.number)
                problems.append(
                    gettext(
                        "%(margin)s cannot be proposed: there is no margin %(base)s in %(instrument)s to insert it "
                        "after."
                    )
                    % {"margin": margin, "base": base, "instrument": self.instrument.shown_name}
                )
                tokens.append(str(margin))
                continue
            proposal = Provision(
                instrument=self.instrument,
                part=predecessor.part,
                margin=str(margin),
                sort_key=margin.sort_key,
                subject=f"New provision proposed after margin {predecessor.margin}",
                is_proposed=True,
            )
            # Known to the index from now on: another list resolved with it (the next row of an
            # import) names the same new provision, which is created once.
            position = bisect.bisect_left(self.keys, margin.sort_key)
            self.keys.insert(position, margin.sort_key)
            self.provisions.insert(position, proposal)
            self.by_key[margin.sort_key] = proposal
            taken.add(margin.sort_key)
            selected[margin.sort_key] = proposal
        if problems:
            raise MarginListError(" ".join(problems), tokens)
        return [selected[key] for key in sorted(selected)]

    def predecessor(self, margin: Margin) -> Provision | None:
        """The provision a proposed margin follows: the instrument's provision it extends (29 for
        29A and for 29B), or None where the instrument has no such margin. ``margin`` needs a letter."""
        if not margin.suffix:
            return None
        for length in range(len(margin.suffix) - 1, -1, -1):
            base = Margin(appendix=margin.appendix, number=margin.number, suffix=margin.suffix[:length])
            if self._in_instrument(base):
                return self.by_key[base.sort_key]
        return None
