"""``?_export=json``: on every page that exports CSV, the same rows in the same order, with typed values."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest

from review.exports import POSITIONS_CSV_HEADER, unneutralise
from review.models import Contribution, Position

from .factories import PositionFactory

EXPORTING_PAGES = [
    "/provisions/",
    "/provisions/?instrument=itrs-2012&stance=abrogate",
    "/positions/",
    "/positions/?participant=hill&margin=29",
    "/compare/",
    "/compare/?participant=hill",
    "/compare/versions/",
    "/participants/",
    "/contributions/",
    "/meetings/",
    "/provisions/itrs-2012/29/",
    "/participants/hill/",
    "/contributions/EG-ITRs-4/4/",
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def export(client, page: str, export_format: str):
    separator = "&" if "?" in page else "?"
    response = client.get(f"{page}{separator}_export={export_format}")
    assert response.status_code == 200, body(response)[:500]
    return response


def as_csv_text(value) -> str:
    """How the CSV writes a JSON value."""
    if value is None:
        return ""
    return str(value)


@pytest.mark.parametrize("page", EXPORTING_PAGES)
def test_json_has_the_rows_of_the_csv_in_the_same_order(record, client, page):
    csv_rows = list(csv.reader(io.StringIO(body(export(client, page, "csv")).decode(), newline="")))
    response = export(client, page, "json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.json"')
    rows = json.loads(body(response))
    assert isinstance(rows, list)
    header = [unneutralise(cell) for cell in csv_rows[0]]
    assert len(rows) == len(csv_rows) - 1
    for row, csv_row in zip(rows, csv_rows[1:], strict=True):
        assert list(row) == header
        expected = [unneutralise(cell) for cell in csv_row]
        assert [as_csv_text(value) for value in row.values()] == expected


def test_positions_json_is_typed(record, client):
    PositionFactory(contribution=None, rationale="No source document.")
    rows = json.loads(body(export(client, "/positions/", "json")))
    assert len(rows) == Position.objects.published().count()
    assert list(rows[0]) == list(POSITIONS_CSV_HEADER)
    hill = next(row for row in rows if row["participant"] == "Hill")
    assert hill["meeting"] == 4 and isinstance(hill["meeting"], int)
    assert hill["contribution"] == "EG-ITRs-4/4"
    assert datetime.datetime.fromisoformat(hill["updated_at"]).tzinfo is not None
    unsourced = next(row for row in rows if row["rationale"] == "No source document.")
    assert unsourced["contribution"] is None and unsourced["meeting"] is None


def test_counts_are_numbers_and_dates_iso(record, client):
    provisions = json.loads(body(export(client, "/provisions/", "json")))
    assert all(isinstance(row[stance], int) for row in provisions for stance in ("abrogate", "retain", "revise", "add"))
    meetings = json.loads(body(export(client, "/meetings/", "json")))
    assert isinstance(meetings[0]["meeting"], int)
    assert datetime.date.fromisoformat(meetings[0]["start_date"])
    documents = json.loads(body(export(client, "/contributions/", "json")))
    assert len(documents) == Contribution.objects.count()
    assert all(isinstance(row["statements"], int) for row in documents)


def test_json_keeps_text_exactly_as_entered(record, client):
    position = PositionFactory(rationale='=HYPERLINK("http://example.com") «quoted» 中文\nsecond line')
    rows = json.loads(body(export(client, f"/participants/{position.participant.slug}/", "json")))
    assert rows[0]["rationale"] == position.rationale


def test_a_bad_filter_is_a_400_naming_it(record, client):
    response = client.get("/positions/?_export=json&stance=nonsense")
    assert response.status_code == 400
    assert "nonsense" in response.content.decode()
    response = client.get("/positions/?_export=yaml")
    assert response.status_code == 400
    assert "use csv, xlsx or json" in response.content.decode()


def test_the_pages_link_the_json_export(record, client):
    assert b"_export=json" in client.get("/positions/?participant=hill").content
