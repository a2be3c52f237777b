"""Word-level differences between two texts: a proposal against the text as it stands, or 1988 against 2012.

A text is cut into tokens that keep everything: words, single punctuation marks and runs of white
space, so that joining the tokens gives the text back exactly. The difference is a list of segments
(equal, deleted, inserted) with two guarantees the drafting documents rely on (tracked changes that
Word or LibreOffice can accept or reject):

- the equal and deleted segments, joined in order, are the old text exactly;
- the equal and inserted segments, joined in order, are the new text exactly.

Nothing here knows Django's models: the inputs are strings, the output plain dataclasses.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.html import escape

# Below this share of unchanged characters, a difference is shown as one replacement (see word_diff).
WHOLE_REPLACEMENT = 0.4

# A word (letters, digits, underscore, in any script), one other visible character, or a run of
# white space. Every character of a text belongs to exactly one token.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


class Change(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Segment:
    change: Change
    text: str


@dataclass(frozen=True)
class WordDiff:
    """The segments that turn ``old`` into ``new``; see the module docstring for the guarantees."""

    segments: tuple[Segment, ...]

    @property
    def old_text(self) -> str:
        """The text with every change rejected."""
        return "".join(segment.text for segment in self.segments if segment.change != Change.INSERT)

    @property
    def new_text(self) -> str:
        """The text with every change accepted."""
        return "".join(segment.text for segment in self.segments if segment.change != Change.DELETE)

    @property
    def has_changes(self) -> bool:
        return any(segment.change != Change.EQUAL for segment in self.segments)

    def html(self) -> str:
        """The difference as HTML: ``<del>`` and ``<ins>`` around changes, everything escaped.

        The elements carry their meaning for assistive technology and print; the stylesheet strikes
        and underlines them and says "deleted"/"inserted" to screen readers, so that no colour is
        needed to read them. Line breaks are kept as characters: show it with ``white-space: pre-line``.
        """
        parts = []
        for segment in self.segments:
            text = escape(segment.text)
            if segment.change == Change.DELETE:
                parts.append(f"<del>{text}</del>")
            elif segment.change == Change.INSERT:
                parts.append(f"<ins>{text}</ins>")
            else:
                parts.append(text)
        return "".join(parts)


def tokenize(text: str) -> list[str]:
    """The tokens of ``text``; ``"".join(tokenize(text)) == text`` always."""
    return TOKEN.findall(text)


def word_diff(old: str, new: str) -> WordDiff:
    """The word-level difference from ``old`` to ``new``.

    Within a stretch of changes, deletions come before insertions (as a reader expects: "the old
    words, struck, then the new ones"), and a lone space between two changed words is folded into
    the change rather than shown as an unchanged island (``a b`` → ``c d`` reads as one replacement).
    Where the texts share less than ``WHOLE_REPLACEMENT`` of their words (a provision replaced by new
    text), the whole old text is deleted and the whole new one inserted: a few common words ("the",
    "of") scattered through a replacement would only make it unreadable.
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    opcodes = matcher.get_opcodes()
    if old.strip() and new.strip() and _shared_share(old_tokens, new_tokens, opcodes) < WHOLE_REPLACEMENT:
        return WordDiff(segments=(Segment(Change.DELETE, old), Segment(Change.INSERT, new)))
    raw: list[Segment] = []
    for tag, old_start, old_end, new_start, new_end in opcodes:
        if tag == "equal":
            raw.append(Segment(Change.EQUAL, "".join(old_tokens[old_start:old_end])))
            continue
        if old_end > old_start:
            raw.append(Segment(Change.DELETE, "".join(old_tokens[old_start:old_end])))
        if new_end > new_start:
            raw.append(Segment(Change.INSERT, "".join(new_tokens[new_start:new_end])))
    return WordDiff(segments=tuple(_merge(_fold_islands(raw))))


def _shared_share(old_tokens: list[str], new_tokens: list[str], opcodes) -> float:
    """The share of the two texts' visible characters (white space aside) that stays unchanged."""
    shared = sum(
        len("".join(old_tokens[old_start:old_end]).replace(" ", "").strip())
        for tag, old_start, old_end, _, _ in opcodes
        if tag == "equal"
    )
    total = len("".join(old_tokens).replace(" ", "").strip()) + len("".join(new_tokens).replace(" ", "").strip())
    return 2 * shared / total if total else 1.0


def _fold_islands(segments: list[Segment]) -> list[Segment]:
    """An equal segment of white space only, between two changes, becomes a deletion and an
    insertion of the same text: both projections of the difference stay exactly the same."""
    folded: list[Segment] = []
    for index, segment in enumerate(segments):
        is_island = (
            segment.change == Change.EQUAL
            and not segment.text.strip()
            and 0 < index < len(segments) - 1
            and segments[index - 1].change != Change.EQUAL
            and segments[index + 1].change != Change.EQUAL
        )
        if is_island:
            folded += [Segment(Change.DELETE, segment.text), Segment(Change.INSERT, segment.text)]
        else:
            folded.append(segment)
    return folded


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join each stretch of changes into one deletion then one insertion, and neighbouring equal
    segments into one. Reordering within a stretch with no equal segment changes neither text."""
    merged: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush():
        if deleted:
            merged.append(Segment(Change.DELETE, "".join(deleted)))
        if inserted:
            merged.append(Segment(Change.INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for segment in segments:
        if segment.change == Change.DELETE:
            deleted.append(segment.text)
        elif segment.change == Change.INSERT:
            inserted.append(segment.text)
        else:
            flush()
            if merged and merged[-1].change == Change.EQUAL:
                merged[-1] = Segment(Change.EQUAL, merged[-1].text + segment.text)
            elif segment.text:
                merged.append(segment)
    flush()
    return merged
