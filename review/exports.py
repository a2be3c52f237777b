"""Exports for drafting: CSV (streamed, UTF-8, RFC 4180, safe against formula injection) and xlsx.

The positions CSV has a fixed header (``POSITIONS_CSV_HEADER``, in the design); scripts and the
CSV import depend on it. ``positions_csv_rows`` yields its rows as strings computed by the database,
and the CSV writer neutralises cells on the way out, so a reader gets back exactly what the database
holds with ``unneutralise``; its xlsx has the meeting as a number and the time as a time
(``positions_typed_rows``). The other row functions yield typed values (text, ``int``, ``date``),
which the CSV writer writes as text and the xlsx writer as numbers, dates and text cells that a
spreadsheet keeps as they are.

Every other list and table exports through ``ExportMixin`` (``?_export=csv``, ``xlsx`` or ``json``):
a ``*_rows`` function here gives its header and a row generator over exactly what the page's
selector returned (review.selectors), so that the page and its export show the same thing.

``?_export=json`` gives the same rows in the same order as the CSV, as a JSON array of objects keyed by
the CSV's header, with typed values: numbers as numbers, dates and times in ISO 8601, a missing value
(no source document, no meeting) as null; never neutralised (no spreadsheet reads it).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from provisions.models import PROPOSED_MARK

from .models import STANCE_SYMBOLS, Stance
from .selectors import Change, Matrix, VersionsRow

POSITIONS_CSV_HEADER = (
    "instrument",
    "margin",
    "part",
    "paragraph",
    "participant",
    "participant_kind",
    "region",
    "stance",
    "symbol",
    "tor_item",
    "contribution",
    "meeting",
    "rationale",
    "proposed_text",
    "updated_at",
)

EXPORT_FORMATS = ("csv", "xlsx", "json")

# A spreadsheet reads a cell that begins with one of these as a formula (OWASP "CSV injection");
# tab and carriage return can hide such a cell's start. The quote is escaped too, so that
# neutralising stays exactly reversible.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")

# Rows written per chunk of a streamed CSV: few enough to keep memory flat, many enough that
# the response is not a million tiny writes.
CSV_CHUNK_ROWS = 500


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula: the one rule both writers apply."""
    return bool(value) and value[0] in FORMULA_TRIGGER_SET


FORMULA_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)


def neutralise(value: str) -> str:
    """A CSV cell a spreadsheet will not run: a leading formula character gets a ``'`` before it.

    Reversible: ``unneutralise(neutralise(value)) == value`` for every string.
    """
    if is_formula_like(value):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The original value of a cell written by ``neutralise`` (for the CSV import)."""
    if value.startswith("'") and len(value) > 1 and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def positions_csv_rows(positions) -> Iterator[tuple[str, ...]]:
    """The rows of the positions CSV, one per statement of ``positions`` (a Position queryset,
    filtered as the caller likes), in provision order, as strings in the order of
    ``POSITIONS_CSV_HEADER`` (PositionQuerySet.for_export). Not neutralised: that is the CSV
    writer's job.

    One query, read with ``.iterator()`` so that memory stays flat however many rows there are.
    A part's label is worked out once per part, not once per row (a third of the time, measured).
    """
    return positions.for_export().iterator(chunk_size=2000)


def positions_json_rows(rows: Iterable[Sequence[str]]) -> Iterator[list]:
    """The rows of ``positions_csv_rows`` with their types, for JSON: the meeting a number, no source
    document or meeting null (the time is ISO 8601 text already)."""
    for row in rows:
        typed = list(row)
        typed[POSITION_CONTRIBUTION] = typed[POSITION_CONTRIBUTION] or None
        typed[POSITION_MEETING] = int(typed[POSITION_MEETING]) if typed[POSITION_MEETING] else None
        yield typed


POSITION_CONTRIBUTION = POSITIONS_CSV_HEADER.index("contribution")
POSITION_MEETING = POSITIONS_CSV_HEADER.index("meeting")


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not exported to JSON")


def json_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The bytes of a JSON array of objects, one per row, keyed by ``header``, a chunk of rows at a time
    (one object per line, so that the file also reads well)."""
    keys = list(header)
    parts = ["["]
    for count, row in enumerate(rows):
        parts.append(
            ("," if count else "")
            + "\n"
            + json.dumps(dict(zip(keys, row, strict=True)), default=_json_value, ensure_ascii=False)
        )
        if count % CSV_CHUNK_ROWS == CSV_CHUNK_ROWS - 1:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")


def json_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str) -> StreamingHttpResponse:
    """A streamed JSON download of the rows (see ``json_chunks``)."""
    response = StreamingHttpResponse(json_chunks(header, rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def _csv_cell(value) -> str:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else str(value)


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False, text_rows: bool = False
) -> Iterator[bytes]:
    """The bytes of a CSV file (UTF-8, RFC 4180: CRLF, quotes doubled), header first, a chunk
    of rows at a time, every cell neutralised against formula injection: the header's too, since
    some headers are data (the participant columns of /compare/). With ``bom``, a UTF-8 byte order
    mark first (Excel then reads the file as UTF-8 when it is opened directly).

    Most rows hold no cell to neutralise: one regular expression over the row's strings, joined, finds
    the few that do, which then go cell by cell (benchmarks/RESULTS-load.md: per-cell calls were half
    the time of the positions export). ``text_rows``: every cell of every row is a string already (the
    positions CSV), so none needs converting."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writerow = writer.writerow
    writerow([_csv_cell(value) for value in header])
    for count, row in enumerate(rows, start=1):
        cells = row if text_rows else [value if value.__class__ is str else _plain_cell(value) for value in row]
        if _FORMULA_CELL_START.search(_CELL_SEPARATOR + _CELL_SEPARATOR.join(cells)):
            cells = [_csv_cell(value) for value in row]
        writerow(cells)
        if count % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# A cell of a row joined with a separator before each cell that a spreadsheet could read as a formula: a
# trigger after a separator (a pattern that begins with a literal, which the regex engine scans for fast).
# A separator inside a cell can only send a row down the exact, cell-by-cell path.
_CELL_SEPARATOR = "\x1f"
_FORMULA_CELL_START = re.compile("\x1f[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def _plain_cell(value) -> str:
    return "" if value is None else str(value)


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence], *, filename: str, bom: bool = False, text_rows: bool = False
) -> StreamingHttpResponse:
    """A streamed CSV download (``bom``, ``text_rows``: see ``csv_chunks``)."""
    response = StreamingHttpResponse(
        csv_chunks(header, rows, bom=bom, text_rows=text_rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# How many rows the xlsx writer reads ahead to size its columns (a column is as wide as its header
# or its longest value among them, within XLSX_WIDTHS): enough to see typical values, few enough to
# hold in memory.
XLSX_SAMPLE_ROWS = 200
XLSX_WIDTHS = (6, 60)
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
HEADER_FONT = Font(bold=True)


def _xlsx_cell(sheet, value, *, header: bool = False):
    """A cell of its own type: numbers as numbers, dates as dates (ISO format shown), every
    string as text, never read as a number, a date or a formula: a margin "1/1" or a paragraph
    "2.10" stays what it is."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: the time in UTC, as stored.
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if not isinstance(value, str):
        return value
    # openpyxl refuses control characters, and reads a string that begins with "=" as a formula:
    # drop the former, and store every string as a string. A string a spreadsheet could read as a
    # formula also gets the quote prefix (what Excel records for a typed '=...), so that editing
    # the cell keeps it text; its value stays exactly what the database holds.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    if header:
        cell.font = HEADER_FONT
    return cell


def _shown_width(value) -> int:
    """Roughly how many characters a value takes in its cell (the first line of a long text)."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(XLSX_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(XLSX_DATE_FORMAT) + 1
    return len(str(value).split("\n", 1)[0])


def xlsx_column_widths(header: Sequence, sample: Sequence[Sequence]) -> list[float]:
    """A width per column: the longest of its header (bold, so a little wider) and its values in
    ``sample``, plus a margin, within XLSX_WIDTHS."""
    narrowest, widest = XLSX_WIDTHS
    widths = []
    for index, title in enumerate(header):
        longest = max([_shown_width(title) + 2, *(_shown_width(row[index]) for row in sample if index < len(row))])
        widths.append(min(max(longest + 2, narrowest), widest))
    return widths


def xlsx_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str, title: str) -> HttpResponse:
    """An xlsx download (openpyxl write-only mode) that is ready to work in: one sheet, a bold
    header row frozen at the top with an autofilter over every column, columns sized to their
    content, numbers and dates of their own type, every string text (never a formula)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    rows = iter(rows)
    sample = list(islice(rows, XLSX_SAMPLE_ROWS))
    # Write-only sheets write their columns and view before the first row: both are set first.
    for index, width in enumerate(xlsx_column_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, value, header=True) for value in header])
    count = 0
    for row in chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(
        content.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# Filter values that say what they are (itrs-2012, revise, hill, article-6) stand alone in a file
# name; numbers and free text are named by their parameter (margin-29, meeting-4, as-of-4, search-...).
SELF_EXPLAINING_PARAMETERS = {"instrument", "part", "stance", "participant", "region", "kind", "contribution", "status"}
FILENAME_PARAMETER_LABELS = {"q": "search", "as_of": "as-of"}
# More values than this are counted rather than listed ("12-participants"), and the filters part of
# a name is cut at FILENAME_FILTERS_LENGTH characters: file systems and mail clients limit names.
FILENAME_MAX_VALUES = 3
FILENAME_FILTERS_LENGTH = 100


def _filename_slug(text: str) -> str:
    """ASCII letters, digits and hyphens (Côte d'Ivoire: cote-divoire; EG-ITRs-3/2: eg-itrs-3-2)."""
    for separator in "/.:,;":
        text = text.replace(separator, "-")
    return slugify(text)


def export_filename(name: str, filters: dict[str, list[str]], *, day: datetime.date) -> str:
    """The name of an export file (without extension): what it holds, then the day it was made.
    ``name`` is the page's (positions, compare...), ``filters`` its active filters, each parameter
    with its values, in the page's order. ``positions``, {instrument: [itrs-2012], stance: [revise]},
    2 December 2026: ``positions-itrs-2012-revise-2026-12-02``. The one rule for every export."""
    words = []
    for parameter, values in filters.items():
        label = FILENAME_PARAMETER_LABELS.get(parameter, parameter.replace("_", "-"))
        if len(values) > FILENAME_MAX_VALUES:
            words.append(f"{len(values)}-{label}s")
            continue
        slugs = [slug for slug in (_filename_slug(value) for value in values) if slug]
        if parameter not in SELF_EXPLAINING_PARAMETERS or not slugs:
            slugs.insert(0, label)
        words += slugs
    described = "-".join(words)
    if len(described) > FILENAME_FILTERS_LENGTH:
        described = described[:FILENAME_FILTERS_LENGTH].rsplit("-", 1)[0]
    return "-".join(part for part in (_filename_slug(name), described, day.isoformat()) if part)


def export_response(export_format: str, header, rows, *, filename: str, title: str, bom: bool = False) -> HttpResponse:
    """The download of ``rows`` in ``export_format`` (csv, xlsx or json; ``bom`` for CSV only)."""
    if export_format == "json":
        return json_response(header, rows, filename=filename)
    if export_format == "xlsx":
        return xlsx_response(header, rows, filename=filename, title=title)
    return csv_response(header, rows, filename=filename, bom=bom)


def bad_export_response(message: str) -> HttpResponseBadRequest:
    """A 400 for an export whose filters or format cannot be used, naming the bad value."""
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def several_formats_message(formats) -> str:
    """The 400 of an export asked in several formats, naming them."""
    return gettext("Choose one export format, not several: %(formats)s.") % {
        "formats": ", ".join(f"'{name}'" for name in sorted(formats))
    }


def filters_unusable_message(problems: list[str]) -> str:
    """The 400 of an export (or a feed) whose filters cannot be used, with every problem."""
    return gettext("The filters cannot be used: %(problems)s") % {"problems": " ".join(problems)}


def positions_export_response(
    export_format: str, positions, *, filename: str = "positions", bom: bool = False
) -> HttpResponse:
    """The positions export (the fixed CSV header of the design) of a Position queryset."""
    if export_format == "json":
        return json_response(
            POSITIONS_CSV_HEADER, positions_json_rows(positions_csv_rows(positions)), filename=filename
        )
    if export_format == "csv":
        return csv_response(
            POSITIONS_CSV_HEADER, positions_csv_rows(positions), filename=filename, bom=bom, text_rows=True
        )
    return xlsx_response(
        POSITIONS_CSV_HEADER, positions_typed_rows(positions_csv_rows(positions)), filename=filename, title="positions"
    )


POSITION_UPDATED_AT = POSITIONS_CSV_HEADER.index("updated_at")


def positions_typed_rows(rows: Iterable[Sequence[str]]) -> Iterator[list]:
    """The positions CSV rows (all text) with the meeting a number and ``updated_at`` a time, as
    a spreadsheet should hold them (the meeting is a number in every xlsx export)."""
    for row in rows:
        typed = list(row)
        meeting, updated_at = typed[POSITION_MEETING], typed[POSITION_UPDATED_AT]
        typed[POSITION_MEETING] = int(meeting) if meeting else None
        typed[POSITION_UPDATED_AT] = datetime.datetime.fromisoformat(updated_at) if updated_at else None
        yield typed


# --- The other exports: a header and the rows of what a page's selector returned -----------------


def provision_rows(provisions):
    """/provisions/?_export=: each provision, marked where proposed, with the participants by
    current stance (``provisions`` from selectors.provisions_for_list) and the confidence the
    sources give it (high, medium, low: a placeholder, whose subject and paragraph are not shown)."""
    header = ("instrument", "margin", "part", "paragraph", "subject", "status", *Stance.values, "confidence")
    rows = (
        (
            provision.instrument.slug,
            provision.margin,
            provision.part.export_label,
            provision.shown_paragraph,
            provision.shown_subject,
            PROPOSED_MARK if provision.is_proposed else "",
            *(getattr(provision, f"count_{stance}") for stance in Stance.values),
            provision.confidence,
        )
        for provision in provisions
    )
    return header, rows


def participant_rows(participants):
    """/participants/?_export=: each participant with the provisions by current stance."""
    header = ("participant", "slug", "kind", "region", *Stance.values, "documents")
    rows = (
        (
            participant.name,
            participant.slug,
            participant.kind,
            participant.region,
            *(getattr(participant, f"count_{stance}") for stance in Stance.values),
            participant.document_count,
        )
        for participant in participants
    )
    return header, rows


def contribution_rows(contributions):
    """/contributions/?_export=: each document with its submitters and the statements it makes."""
    header = ("contribution", "meeting", "title", "submitters", "late", "statements")
    rows = (
        (
            contribution.symbol,
            contribution.meeting.number,
            contribution.title,
            "; ".join(link.participant.name for link in contribution.submitter_links.all()),
            "late" if contribution.is_late else "",
            contribution.position_count,
        )
        for contribution in contributions.iterator(chunk_size=500)
    )
    return header, rows


def matrix_rows(matrix: Matrix):
    """/compare/?_export=: one column per participant, each cell its current symbols (space-separated),
    then the participants by current stance and the agreement (DESIGN.md)."""
    header = (
        "instrument",
        "margin",
        "part",
        "paragraph",
        "subject",
        "status",
        *(participant.name for participant in matrix.columns),
        *Stance.values,
        "agreement",
    )

    def rows():
        for row in matrix.rows:
            provision, summary = row.provision, row.summary
            yield (
                provision.instrument.slug,
                provision.margin,
                provision.part.export_label,
                provision.shown_paragraph,
                provision.shown_subject,
                PROPOSED_MARK if provision.is_proposed else "",
                *(" ".join(cell.symbol for cell in cells if cell.status == "current") for cells in row.cells),
                *summary.counts.values(),
                f"all {STANCE_SYMBOLS[summary.agreed_stance]}" if summary.agree else "",
            )

    return header, rows()


def versions_rows(rows: list[VersionsRow]):
    """/compare/versions/?_export=: one row per row of the page."""
    header = (
        "margin_2012",
        "part_2012",
        "subject_2012",
        "relation",
        "uncertain",
        "margin_1988",
        "part_1988",
        "subject_1988",
        *Stance.values,
        "holders",
    )

    def generate():
        for row in rows:
            new, old = row.provision_2012, row.provision_1988
            counts = {holders.stance: holders.count for holders in row.stances}
            yield (
                new.margin if new else "",
                new.part.export_label if new else "",
                new.shown_subject if new else "",
                row.relation,
                "uncertain" if row.uncertain else "",
                old.margin if old else "",
                old.part.export_label if old else "",
                old.shown_subject if old else "",
                *(counts.get(stance, 0) for stance in Stance.values),
                "; ".join(f"{holders.symbol}: {', '.join(holders.names)}" for holders in row.stances),
            )

    return header, generate()


def meeting_rows(meetings):
    """/meetings/?_export=: one row per document, by meeting."""
    header = ("meeting", "start_date", "end_date", "contribution", "title", "submitters", "late")
    rows = (
        (
            meeting.number,
            meeting.start_date,
            meeting.end_date,
            contribution.symbol,
            contribution.title,
            "; ".join(link.participant.name for link in contribution.submitter_links.all()),
            "late" if contribution.is_late else "",
        )
        for meeting in meetings
        for contribution in meeting.contributions.all()
    )
    return header, rows


def change_rows(changes: list[Change]):
    """/changes/?_export=: one row per participant and provision whose current stances changed."""
    header = ("instrument", "margin", "participant", "change", "before", "after", "superseded", "contributions")
    rows = (
        (
            change.provision.instrument.slug,
            change.provision.margin,
            change.participant.name,
            change.kind,
            change.before_symbols,
            change.after_symbols,
            change.superseded_symbols,
            "; ".join(change.documents),
        )
        for change in changes
    )
    return header, rows
