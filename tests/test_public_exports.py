"""Exports of the public pages, parsed back and compared with the database."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from provisions.margins import parse_margin_list
from provisions.models import Provision
from review.exports import POSITIONS_CSV_HEADER, unneutralise
from review.models import Position

from .factories import ParticipantFactory, PositionFactory

# The Annex of the draft final report ("Statement by Hill"), as the report writes the lists.
ANNEX = {
    "revise": "29, 49, 50, 51, 63, 64, 76",
    "abrogate": "3, 5, 11, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 29, 45, 46, 47, 53, 55, 56, 57, 58, 59, 60, "
    "61, 62, 65, 66, 67, 68, 69, 73, 74, 75, 1/1-1/39, 2/2, 2/9",
    "retain": "1, 2, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 27, 28, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, "
    "43, 44, 48, 52, 54, 70, 71, 72, 77, 2/1, 2/3, 2/4, 2/5, 2/6, 2/7, 2/8, 2/10, 2/11, 2/12, 2/13, 2/14, 2/15, "
    "2/16, 2/17, 2/18",
}


def expand(margin_list: str) -> list[str]:
    """The margins of a list, written out (ranges only within Appendix 1 here: 1/1-1/39)."""
    margins = []
    for item in parse_margin_list(margin_list):
        if item.is_single:
            margins.append(str(item.start))
        else:
            margins += [f"{item.start.appendix}/{number}" for number in range(item.start.number, item.end.number + 1)]
    return margins


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def csv_rows(client, url: str) -> list[dict]:
    response = download(client, url)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return header, [dict(zip(header, [unneutralise(cell) for cell in row], strict=True)) for row in reader]


def test_positions_csv_for_hill_reproduces_the_annex(record, client):
    header, rows = csv_rows(client, "/positions/?participant=hill&_export=csv")
    assert ",".join(header) == (
        "instrument,margin,part,paragraph,participant,participant_kind,region,stance,symbol,tor_item,"
        "contribution,meeting,rationale,proposed_text,updated_at"
    )
    for stance, margin_list in ANNEX.items():
        exported = [row["margin"] for row in rows if row["stance"] == stance]
        assert exported == expand(margin_list), stance  # same margins, same (natural) order, none extra
    assert len(rows) == 7 + 76 + 52
    assert {row["stance"] for row in rows} == set(ANNEX)
    assert {(row["instrument"], row["participant"], row["contribution"], row["meeting"]) for row in rows} == {
        ("itrs-2012", "Hill", "EG-ITRs-4/4", "4")
    }
    assert {row["tor_item"] for row in rows if row["stance"] == "revise"} == {"a"}
    assert {row["tor_item"] for row in rows if row["stance"] != "revise"} == {"c"}


def test_positions_csv_is_in_provision_order_and_matches_the_database(record, client):
    PositionFactory(
        provision=Provision.objects.get(instrument__slug="itrs-1988", margin="5"),
        participant=ParticipantFactory(name="Côte d’Ivoire", region="africa"),
        stance="revise",
        proposed_text="Texte proposé, « entre guillemets »,\nsur deux lignes.",
    )
    _, rows = csv_rows(client, "/positions/?_export=csv")
    positions = list(Position.objects.published().for_position_list())
    assert len(rows) == len(positions) == 136
    for row, position in zip(rows, positions, strict=True):
        assert row["instrument"] == position.provision.instrument.slug
        assert row["margin"] == position.provision.margin
        assert row["part"] == position.provision.part.label
        assert row["paragraph"] == position.provision.shown_paragraph  # a placeholder's note is not shown
        assert row["participant"] == position.participant.name
        assert row["participant_kind"] == position.participant.kind
        assert row["region"] == position.participant.region
        assert row["stance"] == position.stance
        assert row["symbol"] == position.symbol
        assert row["tor_item"] == position.tor_item
        assert row["contribution"] == (position.contribution.symbol if position.contribution else "")
        assert row["rationale"] == position.rationale
        assert row["proposed_text"] == position.proposed_text
        assert row["updated_at"] == position.updated_at.isoformat(timespec="seconds")
    assert rows[-1]["participant"] == "Côte d’Ivoire" and rows[-1]["instrument"] == "itrs-1988"


def test_positions_csv_exports_every_filtered_row_not_one_page(record, client):
    _, rows = csv_rows(client, "/positions/?stance=abrogate&page=2&_export=csv")
    assert len(rows) == 76
    _, rows = csv_rows(client, "/positions/?instrument=itrs-2012&margin=16-26&_export=csv")
    assert [row["margin"] for row in rows] == [str(margin) for margin in range(16, 27)]


def test_positions_csv_leaves_out_drafts(record, client):
    Position.objects.filter(provision__margin="29", stance="revise").update(state="draft")
    _, rows = csv_rows(client, "/positions/?margin=29&_export=csv")
    assert [row["stance"] for row in rows] == ["abrogate"]


def test_positions_csv_neutralises_formula_cells(record, client):
    PositionFactory(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="29"),
        participant=ParticipantFactory(name="@Evil"),
        stance="revise",
        rationale='=HYPERLINK("http://example.com","click")',
        proposed_text="+1 and -1",
    )
    response = download(client, "/positions/?q=HYPERLINK&_export=csv")
    raw = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"), newline="")))
    assert len(raw) == 2
    cells = dict(zip(raw[0], raw[1], strict=True))
    assert cells["rationale"] == '\'=HYPERLINK("http://example.com","click")'
    assert cells["proposed_text"] == "'+1 and -1"
    assert cells["participant"] == "'@Evil"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in raw[1])


def test_positions_xlsx_has_the_same_rows(record, client):
    response = download(client, "/positions/?participant=hill&_export=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == POSITIONS_CSV_HEADER
    assert len(values) == 1 + 135
    _, rows = csv_rows(client, "/positions/?participant=hill&_export=csv")
    assert [row[1] for row in values[1:]] == [row["margin"] for row in rows]


def test_provisions_csv_counts_match_the_database(record, client):
    header, rows = csv_rows(client, "/provisions/?_export=csv")
    assert header == [
        "instrument",
        "margin",
        "part",
        "paragraph",
        "subject",
        "status",
        "abrogate",
        "retain",
        "revise",
        "add",
        "confidence",
    ]
    assert len(rows) == Provision.objects.count() == 259
    by_margin = {(row["instrument"], row["margin"]): row for row in rows}
    for stance in ("abrogate", "retain", "revise", "add"):
        for provision in Provision.objects.filter(instrument__slug="itrs-2012"):
            # Participants by current stance (here, one statement each).
            current = Position.objects.current().filter(provision=provision, stance=stance)
            expected = current.values("participant").distinct().count()
            assert int(by_margin["itrs-2012", provision.margin][stance]) == expected
    assert [row["margin"] for row in rows[:4]] == ["1", "2", "3", "4"]


def test_provisions_csv_follows_the_filters(record, client):
    _, rows = csv_rows(client, "/provisions/?participant=hill&stance=revise&_export=csv")
    assert [row["margin"] for row in rows] == expand(ANNEX["revise"])
    assert {row["revise"] for row in rows} == {"1"}


def test_compare_csv_has_one_column_per_participant(record, client):
    header, rows = csv_rows(client, "/compare/?_export=csv")
    assert ",".join(header) == (
        "instrument,margin,part,paragraph,subject,status,Hill,abrogate,retain,revise,add,agreement"
    )
    assert len(rows) == 134
    by_margin = {row["margin"]: row for row in rows}
    assert by_margin["29"]["Hill"] == "SUP MOD"
    assert by_margin["1"]["Hill"] == "NOC"
    for stance, margin_list in ANNEX.items():
        symbol = {"abrogate": "SUP", "retain": "NOC", "revise": "MOD"}[stance]
        assert sorted(m for m, row in by_margin.items() if symbol in row["Hill"].split()) == sorted(expand(margin_list))


def test_compare_xlsx(record, client):
    response = download(client, "/compare/?_export=xlsx")
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(values) == 135 and values[0][6] == "Hill"


def test_versions_csv(record, client):
    header, rows = csv_rows(client, "/compare/versions/?_export=csv")
    assert header[:4] == ["margin_2012", "part_2012", "subject_2012", "relation"]
    assert len(rows) == 163
    # 1988 provisions with no 2012 counterpart identified: unknown, not deleted.
    assert sum(1 for row in rows if row["relation"] == "unmatched") == 28
    # "new" only where the 2012 provision was seen; 54-56 and 58 were not (confidence low).
    assert [row["margin_2012"] for row in rows if row["relation"] == "unidentified"] == ["54", "55", "56", "58"]
    assert sum(1 for row in rows if row["relation"] == "new") == 20
    assert [row["margin_2012"] for row in rows if row["relation"] == "unrecorded"] == [
        f"1/{number}" for number in range(26, 40)
    ]
    row_1_26 = next(row for row in rows if row["margin_2012"] == "1/26")
    assert (row_1_26["margin_1988"], row_1_26["abrogate"], row_1_26["holders"]) == ("", "1", "SUP: Hill")
    row_29 = next(row for row in rows if row["margin_2012"] == "29")
    assert (row_29["margin_1988"], row_29["relation"], row_29["abrogate"], row_29["revise"]) == (
        "30",
        "amended",
        "1",
        "1",
    )
    assert row_29["holders"] == "SUP: Hill; MOD: Hill"


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/participants/?_export=csv", 40),
        ("/contributions/?_export=csv", 64),
        ("/meetings/?_export=csv", 64),
        ("/provisions/itrs-2012/29/?_export=csv", 2),
        ("/participants/hill/?_export=csv", 135),
        ("/contributions/EG-ITRs-4/4/?_export=csv", 135),
        ("/contributions/EG-ITRs-3/2/?_export=csv", 0),
    ],
)
def test_other_exports_have_one_row_per_item(record, client, url, count):
    _, rows = csv_rows(client, url)
    assert len(rows) == count


def test_participants_csv_counts(record, client):
    _, rows = csv_rows(client, "/participants/?_export=csv")
    hill = next(row for row in rows if row["slug"] == "hill")
    assert (hill["abrogate"], hill["retain"], hill["revise"], hill["add"]) == ("76", "52", "7", "0")


def test_contributions_csv_lists_submitters(record, client):
    _, rows = csv_rows(client, "/contributions/?_export=csv")
    first_4 = next(row for row in rows if row["contribution"] == "EG-ITRs-1/4")
    assert first_4["submitters"] == "Armenia; Russian Federation"
    assert next(row for row in rows if row["contribution"] == "EG-ITRs-4/4")["statements"] == "135"


@pytest.mark.parametrize(
    "url", ["/meetings/?_export=xlsx", "/participants/?_export=xlsx", "/provisions/?_export=xlsx",
            "/compare/versions/?_export=xlsx", "/contributions/EG-ITRs-4/4/?_export=xlsx"],
)  # fmt: skip
def test_xlsx_everywhere(record, client, url):
    response = download(client, url)
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row > 1


HOSTILE_NAME = '=HYPERLINK("http://x","click")'
HOSTILE_RATIONALE = "=cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_record(record):
    """A participant whose name is a formula, holding a position with a formula for rationale, and
    submitting a document whose title is one: every export then carries some hostile cell."""
    from review.models import ContributionSubmitter

    from .factories import ContributionFactory

    participant = ParticipantFactory(name=HOSTILE_NAME, slug="hostile", region="europe")
    contribution = ContributionFactory(title="@SUM(1+1)")
    ContributionSubmitter.objects.create(contribution=contribution, participant=participant)
    PositionFactory(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="29"),
        participant=participant,
        stance="revise",
        rationale=HOSTILE_RATIONALE,
        proposed_text="+1 and -1",
        contribution=contribution,
    )
    return contribution


def every_export_url(contribution) -> list[str]:
    pages = [
        "/provisions/",
        "/positions/",
        "/compare/",
        "/compare/versions/",
        "/participants/",
        "/contributions/",
        "/meetings/",
        "/provisions/itrs-2012/29/",
        "/participants/hostile/",
        contribution.get_absolute_url(),
    ]
    return [f"{url}?_export={export_format}" for url in pages for export_format in ("csv", "xlsx")]


def test_every_cell_of_every_export_is_neutralised_header_included(hostile_record, client):
    carried = set()
    for url in every_export_url(hostile_record):
        response = download(client, url)
        if "_export=csv" in url:
            text = b"".join(response.streaming_content).decode("utf-8")
            cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
            assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], url
            original = [unneutralise(cell) for cell in cells]
        else:
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
            assert "<f>" not in sheet_xml and "<f " not in sheet_xml, url
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            cells = [cell for row in sheet.iter_rows() for cell in row]
            for cell in cells:
                assert cell.data_type != "f", (url, cell.coordinate)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix, (url, cell.coordinate, cell.value)
            original = [cell.value for cell in cells]
        if any(isinstance(value, str) and HOSTILE_NAME in value for value in original):
            carried.add(url.split("?")[0])
        if HOSTILE_RATIONALE in original:
            carried.add("rationale in " + url.split("?")[0])
    # The hostile values reached every export that shows participants or positions.
    assert carried >= {
        "/positions/",
        "/compare/",
        "/participants/",
        "/contributions/",
        "/meetings/",
        "/provisions/itrs-2012/29/",
        "/participants/hostile/",
        hostile_record.get_absolute_url(),
        "rationale in /positions/",
        "rationale in /provisions/itrs-2012/29/",
    }


def test_compare_export_header_keeps_a_hostile_participant_name_as_text(hostile_record, client):
    response = download(client, "/compare/?_export=csv")
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"), newline="")))
    assert "'" + HOSTILE_NAME in header
    response = download(client, "/compare/?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = next(cell for cell in next(sheet.iter_rows()) if cell.value == HOSTILE_NAME)
    assert cell.data_type == "s" and cell.quotePrefix


def test_csv_has_no_byte_order_mark_unless_asked_for(record, client):
    plain = b"".join(download(client, "/positions/?participant=hill&_export=csv").streaming_content)
    assert plain.startswith(b"instrument,margin,part,")  # the design's header, from the first byte
    for url in ["/positions/?participant=hill&_export=csv&bom=1", "/compare/?_export=csv&bom=1"]:
        marked = b"".join(download(client, url).streaming_content)
        assert marked.startswith(b"\xef\xbb\xbfinstrument,margin,")
        assert marked.count(b"\xef\xbb\xbf") == 1
    marked = b"".join(download(client, "/positions/?participant=hill&_export=csv&bom=1").streaming_content)
    assert marked[3:] == plain
    assert b"".join(download(client, "/positions/?participant=hill&_export=csv&bom=0").streaming_content) == plain


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("_export=xlsx&bom=1", "bom=1 applies to CSV only"),
        ("_export=csv&bom=yes", "bom takes one value: 1"),
        ("_export=csv&bom=1&bom=0", "bom takes one value: 1"),
    ],
)
def test_bad_bom_is_a_400(record, client, query, message):
    response = client.get(f"/positions/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def xlsx_sheet(client, url: str):
    return openpyxl.load_workbook(io.BytesIO(download(client, url).content)).active


@pytest.mark.parametrize(
    "url",
    ["/positions/?_export=xlsx", "/provisions/?_export=xlsx", "/compare/?_export=xlsx", "/meetings/?_export=xlsx",
     "/participants/?_export=xlsx", "/contributions/?_export=xlsx", "/compare/versions/?_export=xlsx",
     "/changes/?since=1&_export=xlsx", "/provisions/itrs-2012/29/?_export=xlsx"],
)  # fmt: skip
def test_every_xlsx_has_a_bold_frozen_header_an_autofilter_and_sized_columns(record, client, url):
    sheet = xlsx_sheet(client, url)
    assert sheet.freeze_panes == "A2", url
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", url
    assert all(cell.font.b for cell in sheet[1]), url
    assert all(sheet.column_dimensions[cell.column_letter].width >= 6 for cell in sheet[1]), url


def test_xlsx_numbers_are_numbers_dates_are_dates_margins_are_text(record, client):
    positions = xlsx_sheet(client, "/positions/?participant=hill&_export=xlsx")
    header = [cell.value for cell in positions[1]]
    rows = [dict(zip(header, row, strict=True)) for row in positions.iter_rows(min_row=2)]
    assert {(row["meeting"].value, row["meeting"].data_type) for row in rows} == {(4, "n")}
    assert all(row["updated_at"].is_date for row in rows)
    margins = {row["margin"].value: row["margin"] for row in rows}
    assert margins["1/1"].data_type == "s" and margins["2/10"].data_type == "s" and margins["29"].value == "29"
    assert {row["paragraph"].data_type for row in rows if row["paragraph"].value} == {"s"}
    # The meeting is a number in every export that has one.
    contributions = xlsx_sheet(client, "/contributions/?_export=xlsx")
    assert contributions["B1"].value == "meeting" and contributions["B2"].data_type == "n"
    meetings = xlsx_sheet(client, "/meetings/?_export=xlsx")
    assert [cell.value for cell in meetings[1]][:3] == ["meeting", "start_date", "end_date"]
    assert meetings["A2"].data_type == "n" and meetings["B2"].is_date and meetings["C2"].is_date
    assert meetings["B2"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize(
    "url",
    ["/positions/", "/provisions/", "/compare/", "/compare/versions/", "/participants/", "/contributions/",
     "/meetings/", "/changes/", "/provisions/itrs-2012/29/", "/participants/hill/", "/contributions/EG-ITRs-4/4/"],
)  # fmt: skip
def test_every_page_offers_the_csv_for_excel(record, client, url):
    content = client.get(url + "?as_of=4").content.decode()
    exports = content[content.index('class="exports') :]
    exports = exports[: exports.index("</p>")]
    link = re.search(r'<a href="\?([^"]*_export=csv&amp;bom=1)"[^>]*>CSV for Excel</a>', exports)
    assert link, url
    assert "as_of=4" in link.group(1), url
    marked = b"".join(download(client, url + "?" + link.group(1).replace("&amp;", "&")).streaming_content)
    assert marked.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/positions/?instrument=itrs-2012&stance=revise&_export=csv", "positions-itrs-2012-revise-{day}.csv"),
        ("/positions/?stance=revise&instrument=itrs-2012&_export=xlsx", "positions-itrs-2012-revise-{day}.xlsx"),
        ("/positions/?_export=csv&bom=1", "positions-{day}.csv"),
        ("/provisions/?margin=16-26&as_of=4&_export=csv", "provisions-margin-16-26-as-of-4-{day}.csv"),
        ("/compare/?_export=csv", "compare-itrs-2012-{day}.csv"),
        ("/compare/?instrument=itrs-1988&participant=hill&_export=csv", "compare-itrs-1988-hill-{day}.csv"),
        ("/compare/versions/?_export=xlsx", "versions-itrs-2012-{day}.xlsx"),
        ("/participants/?region=europe&_export=csv", "participants-europe-{day}.csv"),
        ("/contributions/?meeting=4&_export=csv", "contributions-meeting-4-{day}.csv"),
        ("/meetings/?as_of=3&_export=csv", "meetings-as-of-3-{day}.csv"),
        ("/changes/?since=3&until=5&_export=csv", "changes-since-3-until-5-{day}.csv"),
        ("/provisions/itrs-2012/1/1/?_export=csv", "positions-itrs-2012-margin-1-1-{day}.csv"),
        ("/participants/hill/?as_of=4&_export=csv", "positions-hill-as-of-4-{day}.csv"),
        ("/contributions/EG-ITRs-4/4/?_export=xlsx", "positions-eg-itrs-4-4-{day}.xlsx"),
    ],
)
def test_export_file_names_say_what_is_in_them(record, client, url, expected):
    from django.utils import timezone

    response = download(client, url)
    filename = expected.format(day=timezone.localdate().isoformat())
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
