"""What every import shares: reading a CSV file (its delimiter, its quotes, its header), and the
problems it reports with their line, column and value, and all-or-nothing failure."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in an uploaded file, named so that a person can find and fix it."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = {"line": self.line, "column": self.column, "value": self.value, "message": self.message}
        if self.column and self.value:
            return gettext("line %(line)s, column %(column)s '%(value)s': %(message)s") % where
        if self.column:
            return gettext("line %(line)s, column %(column)s: %(message)s") % where
        if self.value:
            return gettext("line %(line)s '%(value)s': %(message)s") % where
        return gettext("line %(line)s: %(message)s") % where


class ImportFileError(Exception):
    """The file cannot be imported; ``problems`` lists every error. Nothing was written."""

    outcome = _("nothing was imported")

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            ngettext("%(count)d error; %(outcome)s.", "%(count)d errors; %(outcome)s.", count)
            % {"count": count, "outcome": self.outcome}
        )


def header_problems(header: list[str], *, known: list[str], what: str) -> list[ImportProblem]:
    """What is wrong with a CSV header row (names already lower-cased), in the order of the header:
    each repeated column with where it appears (reading rows by name, the last would silently win),
    each unknown column, each column without a name. All on line 1."""
    numbers_of: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        numbers_of.setdefault(name, []).append(number)
    problems: list[tuple[int, ImportProblem]] = []
    for name, numbers in numbers_of.items():
        if not name:
            problems += [
                (
                    number,
                    ImportProblem(
                        1,
                        "",
                        "",
                        gettext("Column %(number)s of the header has no name; name it or delete it.")
                        % {"number": number},
                    ),
                )
                for number in numbers
            ]
            continue
        if len(numbers) > 1:
            where = {
                "count": len(numbers),
                "columns": ", ".join(str(number) for number in numbers[:-1]),
                "last": numbers[-1],
            }
            if len(numbers) == 2:
                message = gettext("The header has this column twice (columns %(columns)s and %(last)s); give it once.")
            else:
                message = ngettext(
                    "The header has this column %(count)d time (columns %(columns)s and %(last)s); give it once.",
                    "The header has this column %(count)d times (columns %(columns)s and %(last)s); give it once.",
                    len(numbers),
                )
            problems.append((numbers[0], ImportProblem(1, name, "", message % where)))
        if name not in known:
            message = gettext("Not a column of %(file)s (%(columns)s).") % {"file": what, "columns": ", ".join(known)}
            problems.append((numbers[0], ImportProblem(1, name, "", message)))
    return [problem for _, problem in sorted(problems, key=lambda item: item[0])]


# --- Reading a file ---------------------------------------------------------------------------------

UTF8_ADVICE = _(
    'In Excel, save it as "CSV UTF-8 (Comma delimited)"; in another program, choose UTF-8 as the encoding '
    "when you save it. Then try again."
)


def decode_utf8(data: bytes) -> str:
    """An uploaded or read file as text: UTF-8, a byte-order mark dropped. Raises NotUtf8Error
    naming the first byte that is not UTF-8 and its line, with how to save the file as UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NotUtf8Error(
            gettext("the file is not UTF-8 text (byte %(byte)s on line %(line)s). %(advice)s")
            % {"byte": f"0x{data[error.start]:02x}", "line": line, "advice": UTF8_ADVICE}
        ) from error


class NotUtf8Error(ValueError):
    """A file that is not UTF-8 text; the message (lower case first) says where and what to do."""


# --- Reading a CSV file ------------------------------------------------------------------------------

# What a spreadsheet saves as "CSV": commas; semicolons where the comma is the decimal separator (a
# European Excel); tabs ("Text (Tab delimited)", or cells pasted from a spreadsheet).
CSV_DELIMITERS = (",", ";", "\t")
# How far into a file its first line is looked for (a header or a first row is far shorter).
DELIMITER_SCAN_LIMIT = 65_536


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV file: the first comma, semicolon or tab of its first line outside
    quotes; a comma where there is none.

    The first cell of every CSV we read is a column name or a margin, and neither holds any of
    the three, so the character after it is the delimiter, whatever the cells after it hold (a
    semicolon file's text cells have unquoted commas; a count over the line could be fooled).
    """
    in_quotes = False
    for character in text[:DELIMITER_SCAN_LIMIT].lstrip("\ufeff"):
        if character == '"':
            in_quotes = not in_quotes  # an escaped "" toggles twice
        elif in_quotes:
            continue
        elif character in CSV_DELIMITERS:
            return character
        elif character in "\r\n":
            break
    return ","


@dataclass(frozen=True)
class CsvReadProblem:
    """Where a CSV file stops being readable: the line, and the cell of its row (0 first) where known."""

    line: int
    cell: int | None
    message: str

    def problem(self, column_names: list[str] | None = None) -> ImportProblem:
        """The problem as an import reports it, under the name of its column where the header gives one."""
        if self.cell is not None and column_names and self.cell < len(column_names) and column_names[self.cell]:
            return ImportProblem(self.line, column_names[self.cell], "", str(self.message))
        if self.cell is None:
            return ImportProblem(self.line, "", "", str(self.message))
        message = gettext("Cell %(number)s of the row: %(problem)s") % {
            "number": self.cell + 1,
            "problem": self.message,
        }
        return ImportProblem(self.line, "", "", message)


@dataclass
class CsvRows:
    """The rows of a CSV file, each with the line it starts on (rows of empty cells too), and the
    problem that stopped the reading, if any: the rows then end before it."""

    delimiter: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problem: CsvReadProblem | None = None


UNCLOSED_QUOTE = _(
    'This cell opens a quote (") that is never closed, so the rest of the file would be read into it. '
    'Close it, or write a quote inside a cell as two ("").'
)


def read_csv_rows(text: str) -> CsvRows:
    """Read a CSV file (RFC 4180 quoting; delimiter from ``csv_delimiter``; a byte-order mark dropped).

    A cell whose opening quote is never closed would take the rest of the file, and the rows
    after it would be silently lost (then reported as missing cells): it is reported on the line
    where that cell starts. Rows keep their free text exactly, line ends inside quotes included.
    """
    text = text.lstrip("\ufeff")
    result = CsvRows(delimiter=csv_delimiter(text))
    consumed = 0  # characters of the text the reader has taken: where the next row starts

    def lines():
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=result.delimiter)
    start_line, start_offset = 1, 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # A cell that never closes its quote can also grow past csv's field limit first.
            result.problem = _unclosed_quote(text[start_offset:], result.delimiter, start_line) or CsvReadProblem(
                start_line, None, gettext("Not a readable CSV row (%(error)s).") % {"error": error}
            )
            return result
        result.rows.append((start_line, cells))
        last_line, last_offset = start_line, start_offset
        start_line, start_offset = reader.line_num + 1, consumed
    if result.rows:
        # Only the last row can have run to the end of the file inside an open quote.
        result.problem = _unclosed_quote(text[last_offset:], result.delimiter, last_line)
        if result.problem is not None:
            result.rows.pop()
    return result


def _unclosed_quote(text: str, delimiter: str, first_line: int) -> CsvReadProblem | None:
    """The cell of ``text`` (rows from ``first_line`` on) that opens a quote never closed, read as
    csv reads it: a quote opens a cell only as its first character; inside, "" is a quote."""
    line, cell = first_line, 0
    in_quotes, opened, escaped = False, None, -1
    # Only quotes, line ends and delimiters matter: jump from one to the next.
    for match in re.finditer('["\\n]|' + re.escape(delimiter), text):
        index, character = match.start(), match.group()
        if character == "\n":
            line += 1
            if not in_quotes:
                cell = 0
        elif in_quotes:
            if character == '"' and index != escaped:
                if text.startswith('"', index + 1):
                    escaped = index + 1
                else:
                    in_quotes = False
        elif character == delimiter:
            cell += 1
        elif index == 0 or text[index - 1] in (delimiter, "\r", "\n"):
            in_quotes, opened = True, (line, cell)
    if not in_quotes:
        return None
    return CsvReadProblem(opened[0], opened[1], UNCLOSED_QUOTE)
