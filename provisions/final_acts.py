"""Reading a copy of the Final Acts as printed, and mapping its margins to ours.

The 2012 Final Acts print their own margins (``28``, ``31A``, ``42KB``) and paragraph numbers (``3.1``,
``6.4.1``); this application numbers the 2012 provisions in the EG-ITRs' sequence (margin 27 is printed
as 28). The reference table gives both (``final_acts_margin``, ``paragraph``), so a copy typed or pasted
from the print can be imported without renumbering it by hand.

The layout (``--layout final-acts``): paragraphs separated by a blank line.

- A heading is a paragraph that starts with ``PREAMBLE``, ``ARTICLE n`` or ``APPENDIX n`` (any case);
  its other lines, or the paragraph right after it, are its title. Under ``APPENDIX n`` a margin
  printed without its appendix (``5``) is read as ``n/5``; under ``ARTICLE n`` every margin must be one
  the Final Acts print in Article n.
- A provision starts with its printed margin, then (optionally) its printed paragraph number, then
  its text: ``30  3.3  Member States shall ...``. The paragraph number is checked against the reference
  where the reference knows it, and left out of the text.
- A paragraph with no margin continues the margin above it. Where the Final Acts print one margin for
  several of our provisions (the Preamble's ``1`` is our 1 to 3; Article 5B's ``41C`` our 50 and 51),
  give one paragraph per provision: their paragraph numbers choose, or else their order. Elsewhere a
  paragraph with no margin is joined to the text above it with a line break.

Everything is checked before anything is written: an unknown printed margin, a margin that stands
for several provisions with no way to tell them apart, a paragraph number that does not match, a
margin under the wrong article: each is refused, named, with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from .importing import ImportProblem

HEADING = re.compile(r"^(?P<kind>preamble|article|appendix)\b\.?\s*(?P<number>[0-9]+[A-Z]?)?", re.IGNORECASE)
PRINTED_MARGIN = re.compile(r"^(?:[0-9]{1,2}/)?[0-9]{1,3}[A-Z]{0,3}$")
# A printed paragraph number: 3.3, 6.2.1, 1), a), abis), or 1.1 a).
PARAGRAPH_NUMBER = re.compile(
    r"^(?P<number>(?:[0-9]+(?:\.[0-9]+)+\.?|[0-9]+\)|\(?[a-z]{1,2}(?:bis|ter|quater)?\))(?:\s+\(?[a-z]{1,2}(?:bis|ter|quater)?\))?)"
    r"(?:\s+|$)"
)
# "[FA 6.1]": the paragraph number the Final Acts print, where the reference's own differs.
PRINTED_NUMBER = re.compile(r"\[FA (?!Art\.)(?P<number>[^\]]+)\]")


@dataclass
class PrintedParagraph:
    """One paragraph of the file: under a printed margin (given or carried over), with its number."""

    line: int
    printed_margin: str
    margin_given: bool
    paragraph: str
    text: str
    article: str = ""  # the Final Acts article of the heading above it, if any


@dataclass
class MappedText:
    """A text mapped to one of our margins, with where it came from."""

    line: int
    margin: str
    text: str
    source: str


@dataclass
class FinalActsCopy:
    paragraphs: list[PrintedParagraph] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def normalised_number(text: str) -> str:
    return " ".join(text.lower().replace("(", "").split()).rstrip(".")


def read_final_acts(text: str) -> FinalActsCopy:
    """The paragraphs and headings of a copy of the Final Acts (see the module docstring)."""
    copy = FinalActsCopy()
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line.rstrip())
    if current:
        blocks.append((start, current))

    appendix = ""
    article = ""
    awaiting_title = False
    last_margin = ""
    for line, lines in blocks:
        first, *rest = lines[0].split(None, 1)
        remainder = "\n".join([rest[0] if rest else "", *lines[1:]]).strip()
        heading = HEADING.match(lines[0].strip())
        if heading:
            kind = heading["kind"].lower()
            appendix = (heading["number"] or "") if kind == "appendix" else ""
            article = (heading["number"] or "").upper() if kind == "article" else ""
            copy.headings.append(" ".join(" ".join(lines).split()))
            awaiting_title = len(lines) == 1 and not lines[0].strip()[heading.end() :].strip()
            last_margin = ""
            continue
        if PRINTED_MARGIN.match(first):
            margin = first.upper()
            if appendix and "/" not in margin:
                margin = f"{appendix}/{margin}"
            number, body = split_paragraph_number(remainder)
            copy.paragraphs.append(PrintedParagraph(line, margin, True, number, body, article))
            last_margin = margin
            awaiting_title = False
            continue
        if awaiting_title:
            copy.headings[-1] += " " + " ".join(" ".join(lines).split())
            awaiting_title = False
            continue
        if not last_margin:
            copy.problems.append(
                ImportProblem(
                    line,
                    "margin",
                    first[:30],
                    gettext(
                        "A paragraph that is neither a heading (PREAMBLE, ARTICLE n, APPENDIX n) nor under a printed "
                        "margin: start it with the margin the Final Acts print beside it."
                    ),
                )
            )
            continue
        number, body = split_paragraph_number("\n".join(lines).strip())
        copy.paragraphs.append(PrintedParagraph(line, last_margin, False, number, body, article))
    return copy


def split_paragraph_number(text: str) -> tuple[str, str]:
    """(``3.3``, the rest) where ``text`` starts with a printed paragraph number; else ("", text)."""
    match = PARAGRAPH_NUMBER.match(text)
    if not match:
        return "", text
    return match["number"], text[match.end() :].strip()


def printed_paragraph_keys(paragraph: str) -> set[str]:
    """The ways a provision's paragraph number may be printed, from the reference's ``paragraph``:
    ``8.1 [FA 6.1]`` is printed ``6.1``; ``1.1 abis)`` as that or ``abis)``; ``para. 2`` as ``2)``.
    Inferred numbers (with ``?``) and headings give none: nothing to check against."""
    if "?" in paragraph:
        return set()
    printed = PRINTED_NUMBER.search(paragraph)
    base = printed["number"] if printed else paragraph.split("[")[0]
    base = base.replace("(heading)", "").replace("(text)", "").replace("(unnumbered)", "").strip()
    if not base or base in {"heading", "chapeau", "not verified"}:
        return set()
    if match := re.fullmatch(r"para\. ([0-9]+)", base):
        return {f"{match[1]})", match[1]}
    keys = {normalised_number(base)}
    if " " in base:
        keys.add(normalised_number(base.split()[-1]))
    return keys


def map_final_acts(copy: FinalActsCopy, provisions) -> tuple[list[MappedText], list[ImportProblem]]:
    """Our margin for each text of ``copy``, through the provisions' ``final_acts_margin`` and
    ``paragraph`` (``provisions``: one instrument's, any order). Returns the texts and the problems."""
    problems = list(copy.problems)
    ordered = sorted(provisions, key=lambda provision: provision.sort_key)
    by_printed: dict[str, list] = {}
    for provision in ordered:
        printed = provision.final_acts_margin.rstrip("?").upper()
        if printed:
            by_printed.setdefault(printed, []).append(provision)
    groups: dict[str, list[PrintedParagraph]] = {}
    for paragraph in copy.paragraphs:
        groups.setdefault(paragraph.printed_margin, []).append(paragraph)

    mapped: list[MappedText] = []
    for printed, paragraphs in groups.items():
        first = paragraphs[0]
        candidates = by_printed.get(printed)
        if not candidates:
            problems.append(
                ImportProblem(first.line, "margin", printed, gettext("No provision has this margin in the Final Acts."))
            )
            continue
        for paragraph in paragraphs:
            if paragraph.article and paragraph.margin_given:
                expected = final_acts_article(candidates[0])
                if expected and expected != paragraph.article:
                    problems.append(
                        ImportProblem(
                            paragraph.line,
                            "margin",
                            printed,
                            gettext(
                                "The Final Acts print margin %(margin)s in Article %(expected)s, not under Article "
                                "%(given)s as this file does."
                            )
                            % {"margin": printed, "expected": expected, "given": paragraph.article},
                        )
                    )
        if len(candidates) == 1:
            mapped_text, problem = _one_provision(printed, paragraphs, candidates[0])
        else:
            mapped_text, problem = _several_provisions(printed, paragraphs, candidates)
        mapped += mapped_text
        problems += problem
    return mapped, problems


def final_acts_article(provision) -> str:
    part = provision.part
    if part.kind != "article":
        return ""
    return (part.final_acts_number or part.number).upper()


def _label(printed: str, paragraph: PrintedParagraph) -> str:
    if paragraph.paragraph:
        return gettext("Final Acts %(margin)s, paragraph %(paragraph)s") % {
            "margin": printed,
            "paragraph": paragraph.paragraph,
        }
    return gettext("Final Acts %(margin)s") % {"margin": printed}


def _one_provision(printed: str, paragraphs: list[PrintedParagraph], provision):
    first = paragraphs[0]
    problems = []
    repeated = [paragraph for paragraph in paragraphs[1:] if paragraph.margin_given]
    for paragraph in repeated:
        problems.append(
            ImportProblem(
                paragraph.line,
                "margin",
                printed,
                gettext("Margin %(margin)s repeated (first on line %(line)s).")
                % {"margin": printed, "line": first.line},
            )
        )
    keys = printed_paragraph_keys(provision.paragraph)
    if first.paragraph and keys and normalised_number(first.paragraph) not in keys:
        problems.append(
            ImportProblem(
                first.line,
                "paragraph",
                first.paragraph,
                gettext(
                    "The Final Acts print margin %(printed)s as paragraph %(paragraph)s (our margin %(margin)s); "
                    "check the margin."
                )
                % {"printed": printed, "paragraph": provision.paragraph.split(" [")[0], "margin": provision.margin},
            )
        )
    # A continuation keeps its printed number: it is part of the provision's text as printed.
    parts = [first.text] + [
        f"{paragraph.paragraph} {paragraph.text}".strip() for paragraph in paragraphs[1:] if not paragraph.margin_given
    ]
    text = "\n".join(part for part in parts if part)
    return [MappedText(first.line, provision.margin, text, _label(printed, first))], problems


def _several_provisions(printed: str, paragraphs: list[PrintedParagraph], candidates):
    margins = ", ".join(provision.margin for provision in candidates)
    numbered = all(paragraph.paragraph for paragraph in paragraphs)
    mapped, problems = [], []
    if numbered:
        for paragraph in paragraphs:
            matches = [
                provision
                for provision in candidates
                if normalised_number(paragraph.paragraph) in printed_paragraph_keys(provision.paragraph)
            ]
            if len(matches) != 1:
                problems.append(
                    ImportProblem(
                        paragraph.line,
                        "paragraph",
                        paragraph.paragraph,
                        gettext(
                            "Final Acts margin %(printed)s is our margins %(margins)s; paragraph %(paragraph)s is "
                            "none of them."
                        )
                        % {"printed": printed, "margins": margins, "paragraph": paragraph.paragraph},
                    )
                )
                continue
            mapped.append(MappedText(paragraph.line, matches[0].margin, paragraph.text, _label(printed, paragraph)))
        return mapped, problems
    if len(paragraphs) != len(candidates):
        problems.append(
            ImportProblem(
                paragraphs[0].line,
                "margin",
                printed,
                ngettext(
                    "Ambiguous: Final Acts margin %(printed)s is our margins %(margins)s, and the file gives "
                    "%(count)d paragraph under it. Give one paragraph per provision, in order (the next ones without "
                    "a margin), or their paragraph numbers.",
                    "Ambiguous: Final Acts margin %(printed)s is our margins %(margins)s, and the file gives "
                    "%(count)d paragraphs under it. Give one paragraph per provision, in order (the next ones "
                    "without a margin), or their paragraph numbers.",
                    len(paragraphs),
                )
                % {"printed": printed, "margins": margins, "count": len(paragraphs)},
            )
        )
        return mapped, problems
    for paragraph, provision in zip(paragraphs, candidates, strict=True):
        mapped.append(MappedText(paragraph.line, provision.margin, paragraph.text, _label(printed, paragraph)))
    return mapped, problems
