"""Every count on every page and export counts participants by current stance; as_of answers as
things stood at the end of a meeting; /changes/ says what moved; proposed provisions are marked."""

import csv
import io
import re

import pytest

from review.models import Contribution, Participant, Position, Stance
from review.position_services import positions_record


def state(participant, instrument, margins, stance, symbol=None, **values):
    return positions_record(
        participant=participant,
        instrument=instrument,
        margins=margins,
        stance=stance,
        contribution=Contribution.objects.get(symbol=symbol) if symbol else None,
        publish=True,
        user=None,
        **values,
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def restated(germany, record):
    """The issue's case: Germany abrogates margin 3 in EG-ITRs-4/8, and restates it in EG-ITRs-6/8."""
    state(germany, record, "3", Stance.ABROGATE, "EG-ITRs-4/8")
    state(germany, record, "3", Stance.ABROGATE, "EG-ITRs-6/8")
    return germany


def test_a_restatement_counts_once_everywhere(restated, record, client):
    # /provisions/: Hill and Germany abrogate margin 3: two participants, not three.
    rows = {row["margin"]: row for row in csv_rows(client, "/provisions/?instrument=itrs-2012&margin=3&_export=csv")}
    assert rows["3"]["abrogate"] == "2"
    content = page(client, "/provisions/?instrument=itrs-2012&margin=3")
    assert re.search(r"stance=abrogate&amp;status=current\">2</a>", content)
    # The matrix: one SUP in Germany's cell, the Summary 2 SUP, the CSV one symbol.
    matrix = page(client, "/compare/?margin=3&participant=germany&participant=hill")
    row = matrix[matrix.index('href="/provisions/itrs-2012/3/"') :].split("</tr>")[0]
    assert row.count(">SUP</a>") == 2 and "2&nbsp;SUP" in row
    (matrix_row,) = csv_rows(client, "/compare/?margin=3&participant=germany&_export=csv")
    assert matrix_row["Germany"] == "SUP" and matrix_row["abrogate"] == "1"
    # Participants: Germany abrogates one provision.
    participants = {row["slug"]: row for row in csv_rows(client, "/participants/?_export=csv")}
    assert participants["germany"]["abrogate"] == "1"
    assert re.search(r"stance=abrogate&amp;status=current\">1</a>", page(client, "/participants/germany/"))
    # The overview: 76 + 1 current SUP stances, though there are 78 SUP statements.
    assert re.search(r"Abrogate</th>.*?SUP.*?>77<", page(client, "/"), re.S)
    # The statements themselves are all there, one row each, the earlier one superseded... by itself restated.
    statements = csv_rows(client, "/positions/?participant=germany&_export=csv")
    assert [(row["margin"], row["contribution"]) for row in statements] == [("3", "EG-ITRs-4/8"), ("3", "EG-ITRs-6/8")]
    assert len(csv_rows(client, "/positions/?participant=germany&status=current&_export=csv")) == 1


def test_a_later_stance_supersedes_and_the_matrix_strikes_the_old_one(restated, record, client):
    state(restated, record, "3", Stance.RETAIN, "EG-ITRs-6/7")
    # 6/7 and 6/8 are of one meeting: SUP and NOC are alternatives. A later statement (no
    # document: dated the day it is published) settles it.
    state(restated, record, "3", Stance.RETAIN)
    rows = {row["margin"]: row for row in csv_rows(client, "/provisions/?instrument=itrs-2012&margin=3&_export=csv")}
    assert (rows["3"]["abrogate"], rows["3"]["retain"]) == ("1", "1")  # Hill SUP, Germany NOC
    matrix = page(client, "/compare/?margin=3&participant=germany")
    cell = matrix[matrix.index('<td class="cell">') :].split("</td>")[0]
    assert ">NOC</a>" in cell and '<del class="superseded"' in cell and "SUP" in cell
    assert 'datetime="2026-01-19"' in cell  # the superseded SUP was last stated at the sixth meeting
    (matrix_row,) = csv_rows(client, "/compare/?margin=3&participant=germany&_export=csv")
    assert matrix_row["Germany"] == "NOC"
    content = page(client, "/provisions/itrs-2012/3/")
    history = content[content.index('class="data-table statement-history') :].split("</table>")[0]
    germany_rows = history[history.index("Germany") :]
    assert germany_rows.count(">stated, superseded<") == 2 and ">restated, superseded<" in germany_rows
    assert ">restated, current<" in germany_rows
    superseded = {
        (row["contribution"], row["stance"])
        for row in csv_rows(client, "/positions/?participant=germany&status=superseded&_export=csv")
    }
    assert superseded == {("EG-ITRs-4/8", "abrogate"), ("EG-ITRs-6/8", "abrogate"), ("EG-ITRs-6/7", "retain")}


def test_hill_on_29_shows_two_alternatives_and_the_annex_counts_hold(record, client):
    matrix = page(client, "/compare/?margin=29")
    row = matrix[matrix.index('href="/provisions/itrs-2012/29/"') :].split("</tr>")[0]
    assert '>SUP</a><a class="stance stance-revise"' in row and "superseded" not in row
    rows = csv_rows(client, "/participants/?_export=csv")
    hill = next(row for row in rows if row["slug"] == "hill")
    assert (hill["abrogate"], hill["retain"], hill["revise"], hill["add"]) == ("76", "52", "7", "0")


AS_OF_PAGES = [
    "/",
    "/provisions/",
    "/provisions/itrs-2012/3/",
    "/positions/",
    "/compare/",
    "/compare/versions/",
    "/participants/",
    "/participants/germany/",
    "/contributions/",
    "/contributions/EG-ITRs-4/8/",
    "/meetings/",
]


@pytest.mark.parametrize("url", AS_OF_PAGES)
def test_every_page_answers_as_of_a_meeting_and_names_a_bad_one(restated, record, client, url):
    join = "&" if "?" in url else "?"
    content = page(client, f"{url}{join}as_of=4")
    assert "As things stood at the end of the fourth meeting" in content
    for bad in ("9", "0", "four", "9223372036854775808", "-1"):
        response = client.get(f"{url}{join}as_of={bad}")
        assert response.status_code == 200
        assert (
            f"There is no meeting &#x27;{bad}&#x27; (as_of): meetings are numbered 1 to 6." in response.content.decode()
        )


EXPORTS = [
    "/provisions/?_export=csv",
    "/positions/?_export=csv",
    "/compare/?_export=csv",
    "/compare/versions/?_export=csv",
    "/participants/?_export=csv",
    "/contributions/?_export=csv",
    "/meetings/?_export=csv",
    "/provisions/itrs-2012/3/?_export=csv",
    "/participants/germany/?_export=csv",
    "/contributions/EG-ITRs-4/8/?_export=csv",
]


@pytest.mark.parametrize("url", EXPORTS)
def test_every_export_takes_as_of_and_refuses_a_bad_one(restated, record, client, url):
    assert client.get(f"{url}&as_of=4").status_code == 200
    response = client.get(f"{url}&as_of=99")
    assert response.status_code == 400
    assert "There is no meeting '99' (as_of)" in response.content.decode()


def test_as_of_changes_the_numbers(restated, record, client):
    state(restated, record, "3", Stance.RETAIN, "EG-ITRs-5/2")  # between 4/8 (SUP) and 6/8 (SUP again)

    def counts(as_of):
        rows = csv_rows(client, f"/provisions/?instrument=itrs-2012&margin=3&as_of={as_of}&_export=csv")
        return rows[0]["abrogate"], rows[0]["retain"]

    assert counts(3) == ("0", "0")  # Hill's Annex (EG-ITRs-4/4) and Germany's first came at meeting 4
    assert counts(4) == ("2", "0")
    assert counts(5) == ("1", "1")
    assert counts(6) == ("2", "0")
    positions = csv_rows(client, "/positions/?participant=germany&as_of=4&_export=csv")
    assert [row["contribution"] for row in positions] == ["EG-ITRs-4/8"]
    meetings = csv_rows(client, "/meetings/?as_of=2&_export=csv")
    assert {row["meeting"] for row in meetings} == {"1", "2"}


def test_changes_lists_new_changed_and_superseded_stances(restated, record, client):
    spain = Participant.objects.get(slug="spain")
    state(spain, record, "5", Stance.REVISE, "EG-ITRs-5/3", proposed_text="Shorter.")
    state(restated, record, "3", Stance.RETAIN, "EG-ITRs-5/2")
    rows = csv_rows(client, "/changes/?since=4&until=5&_export=csv")
    by_key = {(row["margin"], row["participant"]): row for row in rows}
    assert set(by_key) == {("3", "Germany"), ("5", "Spain")}  # nothing moved for Hill
    assert by_key["3", "Germany"]["change"] == "changed"
    assert (by_key["3", "Germany"]["before"], by_key["3", "Germany"]["after"]) == ("SUP", "NOC")
    assert by_key["3", "Germany"]["superseded"] == "SUP"
    assert by_key["3", "Germany"]["contributions"] == "EG-ITRs-5/2"
    assert by_key["5", "Spain"]["change"] == "new" and by_key["5", "Spain"]["after"] == "MOD"
    # From meeting 4 to now, Germany is back at SUP (6/8): no change overall; Spain's stands.
    assert [(row["margin"], row["participant"]) for row in csv_rows(client, "/changes/?since=4&_export=csv")] == [
        ("5", "Spain")
    ]
    # The usual filters.
    assert [row["participant"] for row in csv_rows(client, "/changes/?since=4&until=5&stance=revise&_export=csv")] == [
        "Spain"
    ]
    assert [
        row["participant"] for row in csv_rows(client, "/changes/?since=4&until=5&participant=germany&_export=csv")
    ] == ["Germany"]
    content = page(client, "/changes/?since=4&until=5")
    assert "What changed after the fourth meeting, up to the end of the fifth meeting" in content
    assert '<del class="stance stance-abrogate">SUP</del>' in content


def test_changes_refuses_meetings_out_of_order_and_links_from_home_and_meetings(record, client):
    response = client.get("/changes/?since=5&until=4")
    assert "until (4) must be a later meeting than since (5)." in response.content.decode()
    assert client.get("/changes/?since=5&until=4&_export=csv").status_code == 400
    assert client.get("/changes/?since=77&_export=csv").status_code == 400
    # Without since: what the last meeting changed.
    assert "What changed after the fifth meeting" in page(client, "/changes/")
    assert 'href="/changes/?since=5"' in page(client, "/")
    meetings = page(client, "/meetings/")
    assert 'href="/changes/?since=3&amp;until=4"' in meetings


def test_a_proposed_provision_has_its_page_and_is_marked_everywhere(germany, record, client):
    state(germany, record, "29A", Stance.ADD, "EG-ITRs-6/8", proposed_text="A new rule on numbering.")
    content = page(client, "/provisions/itrs-2012/29A/")
    assert "margin 29A" in content and "proposed, not in the instrument" in content
    assert "A new rule on numbering." in content
    assert 'href="/provisions/itrs-2012/29/" rel="prev"' in content
    listing = page(client, "/provisions/?instrument=itrs-2012&margin=29-30")
    assert listing.index(">29<") < listing.index(">29A<") < listing.index(">30<")
    assert "(proposed, not in the instrument)" in listing
    provisions = {row["margin"]: row for row in csv_rows(client, "/provisions/?instrument=itrs-2012&_export=csv")}
    assert provisions["29A"]["status"] == "proposed, not in the instrument" and provisions["29A"]["add"] == "1"
    assert provisions["29"]["status"] == ""
    (statement,) = csv_rows(client, "/positions/?margin=29A&_export=csv")
    assert statement["paragraph"] == "(proposed, not in the instrument)"
    (matrix_row,) = csv_rows(client, "/compare/?margin=29A&_export=csv")
    assert matrix_row["status"] == "proposed, not in the instrument" and matrix_row["Germany"] == "ADD"
    versions = csv_rows(client, "/compare/versions/?_export=csv")
    assert next(row for row in versions if row["margin_2012"] == "29A")["relation"] == "proposed"
    assert "(and 1 proposed by ADD, not in the instrument)" in page(client, "/")
    assert Position.objects.current().filter(provision__margin="29A").count() == 1
