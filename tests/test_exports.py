"""The export layer: the positions CSV rows, formula-injection safety, CSV and xlsx writers."""

import csv
import datetime
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.exports import (
    POSITIONS_CSV_HEADER,
    csv_chunks,
    export_filename,
    neutralise,
    positions_csv_rows,
    unneutralise,
    xlsx_response,
)
from review.models import Position

from .factories import PositionFactory


def test_positions_csv_header_is_the_design_header():
    assert ",".join(POSITIONS_CSV_HEADER) == (
        "instrument,margin,part,paragraph,participant,participant_kind,region,stance,symbol,tor_item,"
        "contribution,meeting,rationale,proposed_text,updated_at"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("'quoted", "''quoted"),
        ("plain text", "plain text"),
        ("", ""),
        ("1/1", "1/1"),
    ],
)
def test_neutralise_prefixes_formula_cells_and_is_reversible(value, expected):
    assert neutralise(value) == expected
    assert unneutralise(neutralise(value)) == value


def test_positions_csv_rows_match_the_database(record):
    hill_positions = Position.objects.published().filter(participant__slug="hill")
    rows = list(positions_csv_rows(hill_positions))
    assert len(rows) == hill_positions.count() == 135
    first = dict(zip(POSITIONS_CSV_HEADER, rows[0], strict=True))
    assert first["instrument"] == "itrs-2012"
    assert first["margin"] == "1"
    assert first["part"] == "Preamble"
    assert first["participant"] == "Hill"
    assert first["stance"] == "retain"
    assert first["symbol"] == "NOC"
    assert first["contribution"] == "EG-ITRs-4/4"
    assert first["meeting"] == "4"
    margin_29 = [dict(zip(POSITIONS_CSV_HEADER, row, strict=True)) for row in rows if row[1] == "29"]
    assert [(row["stance"], row["symbol"], row["tor_item"], row["part"]) for row in margin_29] == [
        ("abrogate", "SUP", "c", "Article 3"),
        ("revise", "MOD", "a", "Article 3"),
    ]


def test_positions_csv_rows_run_one_query(record, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(positions_csv_rows(Position.objects.published()))
    assert len(rows) == 135


def test_csv_bytes_parse_back_to_the_same_values_with_dangerous_cells_neutralised(record):
    position = PositionFactory(rationale='=cmd|" /C calc"!A0', stance="revise", proposed_text="-1+1\r\nsecond line")
    rows = list(positions_csv_rows(Position.objects.filter(pk=position.pk)))
    data = b"".join(csv_chunks(POSITIONS_CSV_HEADER, rows))
    assert data.startswith(b"instrument,margin,")
    assert b"\r\n" in data
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert parsed[0] == list(POSITIONS_CSV_HEADER)
    cells = dict(zip(parsed[0], parsed[1], strict=True))
    assert cells["rationale"] == '\'=cmd|" /C calc"!A0'
    assert cells["proposed_text"] == "'-1+1\r\nsecond line"
    assert [unneutralise(cell) for cell in parsed[1]] == list(rows[0])


def test_xlsx_keeps_strings_as_strings_and_drops_control_characters():
    response = xlsx_response(("a", "b"), [("=1+1", "x\x01y"), (3, None)], filename="test", title="test")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    assert values[1] == [("=1+1", "s"), ("xy", "s")]
    assert values[2][0] == (3, "n")


def test_header_cells_are_neutralised_like_every_other_cell():
    data = b"".join(csv_chunks(("margin", "=1+1", "@x"), [("29", "-1", "ok")]))
    assert data == b"margin,'=1+1,'@x\r\n29,'-1,ok\r\n"
    response = xlsx_response(("margin", "=1+1"), [("=2+2", "ok")], filename="test", title="test")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {cell.coordinate: cell for row in sheet.iter_rows() for cell in row}
    for coordinate in ("B1", "A2"):
        assert cells[coordinate].data_type == "s" and cells[coordinate].quotePrefix, coordinate
    assert (cells["B1"].value, cells["A2"].value) == ("=1+1", "=2+2")
    assert not cells["A1"].quotePrefix and not cells["B2"].quotePrefix


def test_xlsx_is_ready_to_work_in_bold_frozen_header_autofilter_and_widths():
    rows = [("1/1", "2.10", 4, "A rationale " * 20), ("29A", "3.1.3", None, "short")]
    response = xlsx_response(("margin", "paragraph", "meeting", "rationale"), rows, filename="test", title="test")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    # As wide as the (bold) header or the longest value, plus a margin; at most 60.
    assert widths == {"A": 10, "B": 13, "C": 11, "D": 60}
    # A margin or a paragraph is text, never a date or a number; a meeting is a number.
    assert [(cell.value, cell.data_type) for cell in sheet[2]][:3] == [("1/1", "s"), ("2.10", "s"), (4, "n")]
    assert (sheet["A3"].value, sheet["B3"].value, sheet["C3"].value) == ("29A", "3.1.3", None)


def test_xlsx_writes_dates_as_dates_in_iso_format():
    stamp = datetime.datetime(2026, 12, 2, 5, 10, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    response = xlsx_response(
        ("start_date", "updated_at"), [(datetime.date(2026, 1, 19), stamp)], filename="test", title="test"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    start, updated = sheet["A2"], sheet["B2"]
    assert start.is_date and start.value == datetime.datetime(2026, 1, 19) and start.number_format == "yyyy-mm-dd"
    # In UTC: a spreadsheet has no time zones.
    assert updated.is_date and updated.value == datetime.datetime(2026, 12, 2, 4, 10, 7)
    assert updated.number_format == "yyyy-mm-dd hh:mm:ss"


def test_csv_writes_typed_values_as_text():
    data = b"".join(csv_chunks(("meeting", "day", "none"), [(4, datetime.date(2026, 1, 19), None)]))
    assert data == b"meeting,day,none\r\n4,2026-01-19,\r\n"


def test_positions_xlsx_rows_have_the_meeting_as_a_number_and_the_time_as_a_time(record):
    from review.exports import positions_typed_rows

    row = dict(
        zip(POSITIONS_CSV_HEADER, next(positions_typed_rows(positions_csv_rows(Position.objects.all()))), strict=True)
    )
    assert row["meeting"] == 4
    assert isinstance(row["updated_at"], datetime.datetime) and row["updated_at"].tzinfo is not None


@pytest.mark.parametrize(
    ("name", "filters", "expected"),
    [
        ("positions", {"instrument": ["itrs-2012"], "stance": ["revise"]}, "positions-itrs-2012-revise-2026-12-02"),
        ("positions", {}, "positions-2026-12-02"),
        ("provisions", {"margin": ["29, 1/1-1/5"], "meeting": ["4"], "as_of": ["5"]},
         "provisions-margin-29-1-1-1-5-meeting-4-as-of-5-2026-12-02"),
        ("compare", {"participant": ["cote-divoire", "hill"], "part": ["itrs-2012:article-6"]},
         "compare-cote-divoire-hill-itrs-2012-article-6-2026-12-02"),
        ("positions", {"contribution": ["EG-ITRs-3/2"], "q": ["Côte d'Ivoire"]},
         "positions-eg-itrs-3-2-search-cote-divoire-2026-12-02"),
        ("positions", {"q": ["Россия"], "tor": ["a"]}, "positions-search-tor-a-2026-12-02"),
        ("participants", {"participant": ["a", "b", "c", "d"], "region": ["europe"]},
         "participants-4-participants-europe-2026-12-02"),
    ],
)  # fmt: skip
def test_export_filename_says_what_is_in_the_file(name, filters, expected):
    assert export_filename(name, filters, day=datetime.date(2026, 12, 2)) == expected


def test_export_filename_stays_short_whatever_the_filters():
    filters = {"q": ["a very long text search " * 20], "participant": ["x" * 80]}
    name = export_filename("positions", filters, day=datetime.date(2026, 12, 2))
    assert len(name) <= len("positions-") + 100 + len("-2026-12-02")
    assert name.startswith("positions-search-a-very-long") and name.endswith("-2026-12-02") and "--" not in name


@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.integers(-5, 5),
                st.text(alphabet="=+-@\t\r'\x1fab, \"\n", max_size=6),
            ),
            min_size=1,
            max_size=4,
        ),
        max_size=5,
    )
)
def test_csv_chunks_neutralise_exactly_as_cell_by_cell(rows):
    """The row-at-a-time check gives the bytes of neutralising every cell on its own."""
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    for row in [("h",), *rows]:
        writer.writerow(
            ["" if value is None else neutralise(value) if isinstance(value, str) else str(value) for value in row]
        )
    assert b"".join(csv_chunks(("h",), rows)) == expected.getvalue().encode("utf-8")


def test_the_time_of_last_change_is_formatted_as_python_would(record):
    """review.sql.UtcIsoSeconds gives isoformat(timespec="seconds") of the stored time, on either engine."""
    position = PositionFactory()
    Position.objects.filter(pk=position.pk).update(
        updated_at=datetime.datetime(2026, 3, 4, 5, 6, 7, 987654, tzinfo=datetime.UTC)
    )
    rows = {row[4]: row for row in positions_csv_rows(Position.objects.filter(pk=position.pk))}
    assert rows[position.participant.name][-1] == "2026-03-04T05:06:07+00:00"
    for updated_at, (*_, text) in zip(
        Position.objects.published().in_order().values_list("updated_at", flat=True),
        positions_csv_rows(Position.objects.published()),
        strict=True,
    ):
        assert text == updated_at.isoformat(timespec="seconds")
