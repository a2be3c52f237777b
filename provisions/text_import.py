"""Import the text of provisions from a user's copy of the Final Acts.

Two layouts are read:

- CSV with the columns ``margin,text`` (a header row with those names is optional);
- plain text, one paragraph per provision, paragraphs separated by a blank line, each paragraph
  starting with its margin number (``29 Member States shall ...``); the lines of a paragraph
  are kept as they are.

Margins are those of the instrument as this application numbers them (for the 2012 ITRs, the
EG-ITRs sequential numbering). Every paragraph is checked first; an unknown or repeated margin
or an empty text stops the import and nothing is written.

A third layout, ``final-acts``, reads a copy of the Final Acts as printed, with their own margins,
paragraph numbers and headings, and maps each text to our margin (``provisions.final_acts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import history
from .final_acts import FinalActsCopy, map_final_acts, read_final_acts
from .importing import ImportFileError, ImportProblem, csv_delimiter, header_problems, read_csv_rows
from .margins import MarginListError, parse_margin
from .models import Instrument, Provision

FINAL_ACTS = "final-acts"
LAYOUTS = ("csv", "text", FINAL_ACTS)
TEXT_CSV_COLUMNS = ["margin", "text"]
# A paragraph of the plain-text layout: its margin, then whitespace, then the text.
PARAGRAPH_START = re.compile(r"^\s*(?P<margin>\S+)(?:\s+(?P<text>.*))?$", re.DOTALL)


class ProvisionTextError(ImportFileError):
    """The file cannot be imported; ``problems`` lists every error with its line and value."""

    outcome = _("no text was imported")


@dataclass
class TextEntry:
    line: int
    margin: str
    text: str


@dataclass
class TextImportReport:
    instrument: Instrument
    changed: list[tuple[Provision, str]] = field(default_factory=list)  # (provision, new text)
    unchanged: list[Provision] = field(default_factory=list)
    dry_run: bool = False
    # For a copy of the Final Acts: where each of our margins' text was printed.
    sources: dict[str, str] = field(default_factory=dict)
    first_words: dict[str, str] = field(default_factory=dict)

    def mapping_lines(self) -> list[str]:
        """``margin 27 <- Final Acts 28, paragraph 3.1: first words...``, in margin order."""
        return [
            gettext("margin %(margin)s <- %(source)s: %(words)s")
            % {"margin": margin, "source": source, "words": self.first_words.get(margin, "")}
            for margin, source in self.sources.items()
        ]

    def summary(self) -> str:
        changed, unchanged = len(self.changed), len(self.unchanged)
        if self.dry_run:
            text = ngettext(
                "the text of %(count)d provision would change", "the text of %(count)d provisions would change", changed
            )
        else:
            text = ngettext(
                "the text of %(count)d provision changed", "the text of %(count)d provisions changed", changed
            )
        return gettext("%(instrument)s: %(changed)s, %(unchanged)s already as in the file.") % {
            "instrument": self.instrument.slug,
            "changed": text % {"count": changed},
            "unchanged": unchanged,
        }


def guess_layout(filename: str, text: str) -> str:
    """``csv`` for a .csv file or one whose first line is a margin,text header (separated by
    commas, semicolons or tabs); else ``text``."""
    if filename.lower().endswith(".csv"):
        return "csv"
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    names = [name.strip().strip('"').strip().lower() for name in first_line.split(csv_delimiter(first_line))]
    return "csv" if sorted(names) == TEXT_CSV_COLUMNS else "text"


def read_csv_layout(text: str) -> list[TextEntry]:
    """The entries of the CSV layout: ``margin,text`` cells (or separated by semicolons or tabs),
    after an optional header row that names the two columns (in either order). A header with a
    repeated, unknown or missing column is refused, each named."""
    csv_rows = read_csv_rows(text)
    entries, problems = [], []
    margin_index, text_index = 0, 1
    names = None
    for line, cells in csv_rows.rows:
        if not any(cell.strip() for cell in cells):
            continue
        if line == 1 and is_header(cells):
            names = [cell.strip().lower() for cell in cells]
            header_errors = header_problems(names, known=TEXT_CSV_COLUMNS, what=_("the text CSV"))
            header_errors += [
                ImportProblem(1, name, "", gettext("This required column is missing from the header."))
                for name in TEXT_CSV_COLUMNS
                if name not in names
            ]
            if header_errors:
                raise ProvisionTextError(header_errors)
            margin_index, text_index = names.index("margin"), names.index("text")
            continue
        if len(cells) != 2:
            problems.append(
                ImportProblem(
                    line,
                    "",
                    csv_rows.delimiter.join(cells)[:60],
                    gettext("Expected 2 cells (margin and text), found %(count)s.") % {"count": len(cells)},
                )
            )
            continue
        entries.append(TextEntry(line, cells[margin_index].strip(), cells[text_index].strip()))
    if csv_rows.problem is not None:
        problems.append(csv_rows.problem.problem(names or TEXT_CSV_COLUMNS))
    if problems:
        raise ProvisionTextError(problems)
    return entries


def is_header(cells: list[str]) -> bool:
    """Whether the first row of a text CSV is a header: it names a column and holds no margin."""
    names = [cell.strip().lower() for cell in cells]
    return bool(set(names) & set(TEXT_CSV_COLUMNS)) and not any(is_margin(cell) for cell in cells)


def is_margin(text: str) -> bool:
    try:
        parse_margin(text)
    except MarginListError:
        return False
    return True


def read_text_layout(text: str) -> list[TextEntry]:
    entries = []
    paragraph: list[str] = []
    paragraph_line = 0

    def close():
        if paragraph:
            match = PARAGRAPH_START.match("\n".join(paragraph))
            entries.append(TextEntry(paragraph_line, match["margin"], (match["text"] or "").strip()))

    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            close()
            paragraph = []
            continue
        if not paragraph:
            paragraph_line = number
        paragraph.append(line.rstrip())
    close()
    return entries


def read_entries(text: str, *, layout: str) -> list[TextEntry] | FinalActsCopy:
    """The entries of a file; for the ``final-acts`` layout, the printed paragraphs, which
    ``provisions_text_import`` maps to our margins."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}; use one of {LAYOUTS}.")
    if layout == FINAL_ACTS:
        return read_final_acts(text)
    return read_csv_layout(text) if layout == "csv" else read_text_layout(text)


def first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" ..." if len(words) > count else "")


@transaction.atomic
def provisions_text_import(
    *,
    instrument: Instrument,
    entries: list[TextEntry] | FinalActsCopy,
    user,
    dry_run: bool = False,
    source: str = "",
) -> TextImportReport:
    """Set the text of each provision named in ``entries``: all of them, or none.

    Raises ProvisionTextError naming every malformed, unknown or repeated margin and every empty
    text. Each changed provision gets a history entry with ``user`` and a reason naming ``source``
    (the file's name). ``entries`` read from a copy of the Final Acts are first mapped to our
    margins; the report then says where each text was printed.
    """
    reason = history.change_reason(history.imported_from(source, what="Text imported"), user=user)
    provisions = {
        provision.margin: provision for provision in Provision.objects.for_instrument(instrument).select_related("part")
    }
    sources: dict[str, str] = {}
    if isinstance(entries, FinalActsCopy):
        mapped, problems = map_final_acts(entries, provisions.values())
        if problems:
            raise ProvisionTextError(sorted(problems, key=lambda problem: problem.line))
        mapped.sort(key=lambda item: provisions[item.margin].sort_key)
        sources = {item.margin: item.source for item in mapped}
        entries = [TextEntry(item.line, item.margin, item.text) for item in mapped]
    by_canonical = {}
    problems = []
    if not entries:
        problems.append(ImportProblem(1, "", "", gettext("The file holds no provision text.")))
    for entry in entries:
        try:
            canonical = str(parse_margin(entry.margin))
        except MarginListError as error:
            problems.append(ImportProblem(entry.line, "margin", entry.margin, error.message))
            continue
        if canonical not in provisions:
            message = gettext("Unknown margin in %(instrument)s.") % {"instrument": instrument.shown_name}
            problems.append(ImportProblem(entry.line, "margin", entry.margin, message))
        elif canonical in by_canonical:
            problems.append(
                ImportProblem(
                    entry.line,
                    "margin",
                    entry.margin,
                    gettext("Margin repeated (first on line %(line)s).") % {"line": by_canonical[canonical].line},
                )
            )
        elif not entry.text:
            message = gettext("The text of margin %(margin)s is empty.") % {"margin": entry.margin}
            problems.append(ImportProblem(entry.line, "text", "", message))
        else:
            by_canonical[canonical] = entry
    if problems:
        raise ProvisionTextError(problems)

    report = TextImportReport(
        instrument=instrument,
        dry_run=dry_run,
        sources=sources,
        first_words={entry.margin: first_words(entry.text) for entry in entries} if sources else {},
    )
    for canonical, entry in by_canonical.items():
        provision = provisions[canonical]
        if provision.text == entry.text:
            report.unchanged.append(provision)
            continue
        report.changed.append((provision, entry.text))
        if not dry_run:
            provision.text = entry.text
            provision._history_user = user
            provision._change_reason = reason
            provision.full_clean()
            provision.save()
    return report
