"""Exports for drafting: CSV (streamed, UTF-8, RFC 4180, safe against formula injection) and xlsx.

The positions CSV has a fixed header (``POSITIONS_CSV_HEADER``, in the design); scripts and the
CSV import depend on it. ``positions_csv_rows`` yields its rows as plain values, and the CSV writer
neutralises cells on the way out, so a reader gets back exactly what the database holds with
``unneutralise``.

Every other list and table exports through ``ExportMixin`` (``?_export=csv``, ``xlsx`` or ``json``):
the view gives a header and a row generator over exactly the rows the filters select.

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

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from provisions.models import part_label

from .models import STANCE_SYMBOLS

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
    return bool(value) and value.startswith(FORMULA_TRIGGERS)


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
    """The rows of the positions CSV, one per position of ``positions`` (a Position queryset,
    filtered as the caller likes), in provision order, as strings in the order of
    ``POSITIONS_CSV_HEADER``. Not neutralised: that is the CSV writer's job.

    One query, read with ``.iterator()`` so that memory stays flat however many rows there are.
    A part's label is worked out once per part, not once per row (a third of the time, measured).
    """
    part_labels = _PartLabels()
    for (
        instrument,
        margin,
        part_kind,
        part_number,
        paragraph,
        participant,
        participant_kind,
        region,
        stance,
        tor_item,
        contribution,
        meeting,
        rationale,
        proposed_text,
        updated_at,
    ) in positions.for_export().iterator(chunk_size=2000):
        yield (
            instrument,
            margin,
            part_labels[part_kind, part_number],
            paragraph,
            participant,
            participant_kind,
            region,
            stance,
            STANCE_SYMBOLS.get(stance, ""),
            tor_item,
            contribution or "",
            "" if meeting is None else str(meeting),
            rationale,
            proposed_text,
            updated_at,
        )


class _PartLabels(dict):
    """``part_label`` remembered per (kind, number)."""

    def __missing__(self, key):
        label = self[key] = part_label(*key)
        return label


def positions_typed_rows(positions) -> Iterator[tuple]:
    """The rows of ``positions_csv_rows`` with their types kept, for JSON: the meeting a number, no source
    document None (the time is ISO 8601 text already). One query, streamed."""
    part_labels = _PartLabels()
    for (
        instrument,
        margin,
        part_kind,
        part_number,
        paragraph,
        participant,
        participant_kind,
        region,
        stance,
        tor_item,
        contribution,
        meeting,
        rationale,
        proposed_text,
        updated_at,
    ) in positions.for_export().iterator(chunk_size=2000):
        yield (
            instrument,
            margin,
            part_labels[part_kind, part_number],
            paragraph,
            participant,
            participant_kind,
            region,
            stance,
            STANCE_SYMBOLS.get(stance, ""),
            tor_item,
            contribution,
            meeting,
            rationale,
            proposed_text,
            updated_at,
        )


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


def _xlsx_cell(sheet, value):
    if value is None:
        return ""
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
    return cell


def xlsx_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str, title: str) -> HttpResponse:
    """An xlsx download (openpyxl write-only mode): one sheet, header row first. Strings stay
    strings (never formulas), the header's too."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(
        content.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


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


def positions_export_response(
    export_format: str, positions, *, filename: str = "positions", bom: bool = False
) -> HttpResponse:
    """The positions export (the fixed CSV header of the design) of a Position queryset."""
    if export_format == "json":
        return json_response(POSITIONS_CSV_HEADER, positions_typed_rows(positions), filename=filename)
    if export_format == "csv":
        return csv_response(
            POSITIONS_CSV_HEADER, positions_csv_rows(positions), filename=filename, bom=bom, text_rows=True
        )
    return export_response(
        export_format,
        POSITIONS_CSV_HEADER,
        positions_csv_rows(positions),
        filename=filename,
        title="positions",
        bom=bom,
    )
