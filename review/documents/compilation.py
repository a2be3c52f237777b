"""The compilation of options, as ITU's working documents for a treaty revision lay it out.

For each provision: Option 1 is always NOC with the text as it stands (whether or not anyone proposed
it); then every other proposal as a numbered option with its symbol, its proposers and their documents,
and its reasons. Statements that propose the same text (after normalising spaces and quote marks) are
one option with all their proposers. SUP comes next, then MOD and ADD options by number of proposers.
A MOD option carries its word-level difference against the text as it stands.

``compilation_build`` takes plain rows (``ProvisionRow``, ``StatementRow``: what a queryset's
``values()`` gives) and returns a ``Compilation``; the renderers only read it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from common.wording import listed
from provisions.models import part_label
from provisions.wordiff import WordDiff, word_diff

from ..models import STANCE_SYMBOLS, Stance

# The documents' words are written here in English and translated where a document is built or read
# (gettext), so that each document comes out in the language of the page that asks for it.
GROUP_NAME = gettext_noop("Expert Group on the International Telecommunication Regulations (EG-ITRs)")

# What each symbol means in a compilation (ITU's usage), and how the marks read.
LEGEND = (
    ("NOC", gettext_noop("No change: the provision is kept as it stands.")),
    ("SUP", gettext_noop("Suppression: the provision is deleted.")),
    ("MOD", gettext_noop("Modification: the provision is amended as shown.")),
    ("ADD", gettext_noop("Addition: a new provision is inserted.")),
)
MARKS = (
    (gettext_noop("underlined"), gettext_noop("text the option inserts")),
    (gettext_noop("struck through"), gettext_noop("text the option deletes")),
)
NOT_AGREED = gettext_noop(
    "The options compile the proposals of participants as they stand; none of them is agreed, and the order of "
    "the options implies no preference."
)
NO_TEXT_LOADED = gettext_noop(
    "The text as it stands is not loaded in the tracker (it is imported from a copy of the Final Acts): "
    "the proposed text is given in full."
)
NO_CURRENT_TEXT = gettext_noop(
    "The text as it stands is not loaded in the tracker (it is imported from a copy of the Final Acts)."
)
NO_PROPOSED_TEXT = gettext_noop("No text proposed yet.")
PROPOSED_PROVISION = gettext_noop("Proposed, not in the instrument: NOC here means that no provision is added.")


def long_date(day: date) -> str:
    """``2 December 2026`` in the reader's language: its own order and words (2026年12月2日,
    2 декабря 2026 г.), as the pages write dates (itrs_site/formats/)."""
    return date_format(day, "DATE_FORMAT")


# Quote marks a word processor substitutes for the straight ones, folded before comparing texts.
DOUBLE_QUOTES = re.compile(r"[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
SINGLE_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032]")
WHITE_SPACE = re.compile(r"\s+")


def normalised_text(text: str) -> str:
    """The text two proposals are compared by: runs of white space as one space, no space at either
    end, curly and angled quote marks as straight ones."""
    text = DOUBLE_QUOTES.sub('"', text)
    text = SINGLE_QUOTES.sub("'", text)
    return WHITE_SPACE.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------
# Inputs: plain rows, as a queryset's values() gives them.


@dataclass(frozen=True)
class ProvisionRow:
    pk: int
    margin: str
    sort_key: str
    part_kind: str
    part_number: str
    part_heading: str
    part_order: int
    final_acts_margin: str = ""
    paragraph: str = ""
    subject: str = ""
    text: str = ""
    is_proposed: bool = False


@dataclass(frozen=True)
class StatementRow:
    """One current, published statement."""

    provision_id: int
    participant_name: str
    participant_slug: str
    stance: str
    proposed_text: str = ""
    rationale: str = ""
    contribution_symbol: str = ""
    stated_on: date | None = None


@dataclass(frozen=True)
class MeetingRow:
    number: int
    start_date: date
    end_date: date


# ---------------------------------------------------------------------------------------------
# The document.


@dataclass(frozen=True)
class Proposer:
    name: str
    slug: str
    documents: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``Germany (EG-ITRs-3/2, EG-ITRs-4/1)``; a statement with no document has no brackets."""
        return f"{self.name} ({', '.join(self.documents)})" if self.documents else self.name


@dataclass(frozen=True)
class Reason:
    """A reason given for an option, with the participants who gave it in those words."""

    text: str
    given_by: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    number: int
    stance: str
    text: str
    proposers: tuple[Proposer, ...] = ()
    reasons: tuple[Reason, ...] = ()
    diff: WordDiff | None = None
    note: str = ""
    # The latest date among its statements: the date of the tracked changes in DOCX and ODT.
    stated_on: date | None = None

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[self.stance]

    @property
    def label(self) -> str:
        return gettext("Option %(number)s") % {"number": self.number}

    @property
    def diff_html(self) -> str:
        """The revision marks as HTML (``<del>``/``<ins>``, every text escaped), safe for templates."""
        return mark_safe(self.diff.html()) if self.diff is not None else ""  # noqa: S308 - escaped by WordDiff.html

    @property
    def proposers_label(self) -> str:
        return "; ".join(proposer.label for proposer in self.proposers)

    @property
    def reason_items(self) -> list[tuple[str, str]]:
        """(who gave it, the reason) for each reason; who is left out where every proposer of the
        option gave it (then the Proposed by column already names them)."""
        everyone = {proposer.name for proposer in self.proposers}
        return [
            ("" if set(reason.given_by) >= everyone else ", ".join(reason.given_by), reason.text)
            for reason in self.reasons
        ]

    @property
    def author(self) -> str:
        """Who the revision marks are attributed to: the proposers' names."""
        return ", ".join(proposer.name for proposer in self.proposers) or "ITRs Review Tracker"


@dataclass(frozen=True)
class ProvisionOptions:
    margin: str
    final_acts_margin: str
    paragraph: str
    subject: str
    text: str
    is_proposed: bool
    options: tuple[Option, ...]

    @property
    def heading(self) -> str:
        """``Margin 29 (Final Acts 30, paragraph 3.3)``."""
        details = []
        final_acts = self.final_acts_margin.rstrip("?")
        if final_acts and final_acts != self.margin:
            details.append(gettext("Final Acts %(margin)s") % {"margin": self.final_acts_margin})
        if self.paragraph:
            details.append(gettext("paragraph %(paragraph)s") % {"paragraph": self.paragraph})
        heading = gettext("Margin %(margin)s") % {"margin": self.margin}
        if details:
            heading = gettext("%(heading)s (%(details)s)") % {"heading": heading, "details": listed(details)}
        if self.is_proposed:
            heading = gettext("%(heading)s [proposed, not in the instrument]") % {"heading": heading}
        return heading


@dataclass(frozen=True)
class PartOptions:
    label: str
    heading: str
    provisions: tuple[ProvisionOptions, ...]

    @property
    def title(self) -> str:
        return f"{self.label}: {self.heading}" if self.heading and self.heading != self.label else self.label


@dataclass(frozen=True)
class Compilation:
    instrument_name: str
    generated_on: date
    cutoff: MeetingRow | None
    contributions: tuple[str, ...]
    parts: tuple[PartOptions, ...]
    filters: tuple[str, ...] = field(default_factory=tuple)
    # False where no as_of was asked for: ``cutoff`` is then the latest meeting, and statements
    # published since it count too.
    is_as_of: bool = True

    @property
    def group(self) -> str:
        return gettext(GROUP_NAME)

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        """(symbol, what it means) for each of ITU's symbols; the symbols are never translated."""
        return tuple((symbol, gettext(meaning)) for symbol, meaning in LEGEND)

    @property
    def marks(self) -> tuple[tuple[str, str], ...]:
        return tuple((gettext(mark), gettext(meaning)) for mark, meaning in MARKS)

    @property
    def title(self) -> str:
        return gettext("Compilation of options: %(instrument)s") % {"instrument": self.instrument_name}

    @property
    def meeting_label(self) -> str:
        if self.cutoff is None:
            return gettext("No meeting yet")
        meeting = {"number": self.cutoff.number, "date": long_date(self.cutoff.end_date)}
        if not self.is_as_of:
            return gettext("As things stand after meeting %(number)s (%(date)s)") % meeting
        return gettext("As things stood at the end of meeting %(number)s (%(date)s)") % meeting

    @property
    def editorial_note(self) -> tuple[str, ...]:
        """The editorial note, sentence by sentence: the same words in every format."""
        if self.contributions:
            included = gettext("It compiles the statements of these documents: %(documents)s.") % {
                "documents": ", ".join(self.contributions)
            }
        else:
            included = gettext("It compiles no document: no statement the filters select cites one.")
        if self.cutoff is None:
            cutoff = gettext("No meeting has been held yet.")
        elif self.is_as_of:
            cutoff = gettext(
                "Statements are those standing at the end of meeting %(number)s; for each participant, only its "
                "latest statements on a provision count (its current stances)."
            ) % {"number": self.cutoff.number}
        else:
            cutoff = gettext(
                "Statements are all those published to date (the latest meeting is meeting %(number)s); for each "
                "participant, only its latest statements on a provision count (its current stances)."
            ) % {"number": self.cutoff.number}
        sentences = [
            gettext("This compilation was generated from the ITRs Review Tracker on %(date)s.")
            % {"date": long_date(self.generated_on)},
            included,
            cutoff,
            gettext(
                "Option 1 of every provision is the text as it stands (NOC), whether or not anyone proposed it; "
                "identical proposed texts are one option with all their proposers."
            ),
            gettext(NOT_AGREED),
        ]
        if self.filters:
            sentences.append(gettext("Filters: %(filters)s.") % {"filters": "; ".join(self.filters)})
        return tuple(sentences)

    @property
    def provisions(self) -> list[ProvisionOptions]:
        return [provision for part in self.parts for provision in part.provisions]


# ---------------------------------------------------------------------------------------------
# Building it.


def compilation_build(
    *,
    instrument_name: str,
    provisions: Iterable[ProvisionRow],
    statements: Iterable[StatementRow],
    generated_on: date,
    cutoff: MeetingRow | None,
    is_as_of: bool = True,
    filters: Iterable[str] = (),
) -> Compilation:
    """The compilation of ``provisions`` (in any order) from the current ``statements`` on them.

    Statements on provisions not given are ignored. The documents cited are listed in the editorial
    note in their natural order (meeting, then number). Texts are taken without the white space that
    surrounds them (a pasted proposal often ends with a line break), which no reader can see and which
    word processors drop at the end of a tracked change.
    """
    by_provision: dict[int, list[StatementRow]] = defaultdict(list)
    for statement in statements:
        by_provision[statement.provision_id].append(statement)
    ordered = sorted(provisions, key=lambda row: (row.part_order, row.sort_key))
    parts: list[PartOptions] = []
    documents: set[str] = set()
    current_part: tuple | None = None
    part_provisions: list[ProvisionOptions] = []
    part_title: tuple[str, str] = ("", "")
    for row in ordered:
        identity = (row.part_order, row.part_kind, row.part_number)
        if identity != current_part:
            if part_provisions:
                parts.append(PartOptions(*part_title, provisions=tuple(part_provisions)))
            current_part, part_provisions = identity, []
            part_title = (part_label(row.part_kind, row.part_number), row.part_heading)
        held = by_provision.get(row.pk, [])
        documents.update(statement.contribution_symbol for statement in held if statement.contribution_symbol)
        part_provisions.append(provision_options(row, held))
    if part_provisions:
        parts.append(PartOptions(*part_title, provisions=tuple(part_provisions)))
    return Compilation(
        instrument_name=instrument_name,
        generated_on=generated_on,
        cutoff=cutoff,
        contributions=tuple(sorted(documents, key=document_order)),
        parts=tuple(parts),
        filters=tuple(filters),
        is_as_of=is_as_of,
    )


def document_order(symbol: str) -> tuple:
    """EG-ITRs-2/9 before EG-ITRs-2/10 before EG-ITRs-3/1; other symbols after, by name."""
    match = re.fullmatch(r".*?(\d+)/(\d+)", symbol)
    return (0, int(match[1]), int(match[2]), symbol) if match else (1, 0, 0, symbol)


@dataclass
class _Draft:
    """An option while statements are gathered into it."""

    stance: str
    text: str
    statements: list[StatementRow] = field(default_factory=list)

    @property
    def proposer_count(self) -> int:
        return len({statement.participant_slug for statement in self.statements})


def provision_options(row: ProvisionRow, statements: list[StatementRow]) -> ProvisionOptions:
    """The numbered options of one provision."""
    row = replace(row, text=row.text.strip())
    drafts: dict[tuple[str, str], _Draft] = {}
    for statement in sorted(statements, key=lambda item: (item.participant_name.casefold(), item.contribution_symbol)):
        text = statement.proposed_text.strip() if statement.stance in (Stance.REVISE, Stance.ADD) else ""
        key = (statement.stance, normalised_text(text))
        drafts.setdefault(key, _Draft(stance=statement.stance, text=text)).statements.append(statement)
    retained = drafts.pop((Stance.RETAIN, ""), _Draft(stance=Stance.RETAIN, text=""))
    # SUP first, then MOD and ADD by number of proposers (most first); equal counts by stance (MOD
    # before ADD) and then by their first proposer, so that the same data always gives the same order.
    stance_rank = {Stance.ABROGATE: 0, Stance.REVISE: 1, Stance.ADD: 2}
    rest = sorted(
        drafts.values(),
        key=lambda draft: (
            draft.stance != Stance.ABROGATE,
            -draft.proposer_count,
            stance_rank.get(draft.stance, 3),
            draft.statements[0].participant_name.casefold(),
            normalised_text(draft.text),
        ),
    )
    options = [_noc_option(row, retained)]
    options += [_option(row, draft, number) for number, draft in enumerate(rest, start=2)]
    return ProvisionOptions(
        margin=row.margin,
        final_acts_margin=row.final_acts_margin,
        paragraph=row.paragraph,
        subject=row.subject,
        text=row.text,
        is_proposed=row.is_proposed,
        options=tuple(options),
    )


def _noc_option(row: ProvisionRow, draft: _Draft) -> Option:
    if row.is_proposed:
        note = gettext(PROPOSED_PROVISION)
    elif not row.text:
        note = gettext(NO_CURRENT_TEXT)
    else:
        note = ""
    return Option(
        number=1,
        stance=Stance.RETAIN,
        text="" if row.is_proposed else row.text,
        note=note,
        **_people(draft.statements),
    )


def _option(row: ProvisionRow, draft: _Draft, number: int) -> Option:
    diff, note = None, ""
    if draft.stance in (Stance.REVISE, Stance.ADD) and not draft.text:
        note = gettext(NO_PROPOSED_TEXT)
    elif draft.stance == Stance.REVISE:
        if row.text:
            diff = word_diff(row.text, draft.text)
        else:
            note = gettext(NO_TEXT_LOADED)
    return Option(
        number=number, stance=draft.stance, text=draft.text, diff=diff, note=note, **_people(draft.statements)
    )


def _people(statements: list[StatementRow]) -> dict:
    """Proposers (each once, with every document it cites for the option), reasons (each text once,
    with everyone who gave it) and the latest date."""
    proposers: dict[str, tuple[str, list[str]]] = {}
    reasons: dict[str, list[str]] = {}
    for statement in statements:
        name, documents = proposers.setdefault(statement.participant_slug, (statement.participant_name, []))
        if statement.contribution_symbol and statement.contribution_symbol not in documents:
            documents.append(statement.contribution_symbol)
        if rationale := statement.rationale.strip():
            given_by = reasons.setdefault(rationale, [])
            if statement.participant_name not in given_by:
                given_by.append(statement.participant_name)
    dates = [statement.stated_on for statement in statements if statement.stated_on]
    return {
        "proposers": tuple(
            Proposer(name=name, slug=slug, documents=tuple(sorted(documents, key=document_order)))
            for slug, (name, documents) in proposers.items()
        ),
        "reasons": tuple(Reason(text=text, given_by=tuple(given_by)) for text, given_by in reasons.items()),
        "stated_on": max(dates) if dates else None,
    }
