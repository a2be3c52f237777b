"""Names sort by their letters, not by code point (provisions.search.by_letters): Côte d'Ivoire
before Czech Republic, PJSC «Rostelecom» between Paraguay and Poland, on every list, filter, matrix
and export, on SQLite and PostgreSQL alike."""

import csv
import io
import re

import pytest
from django.utils import timezone

from provisions.models import Provision
from provisions.search import letters_key
from review.models import Participant, Position, Stance

from .factories import ParticipantFactory

# The record's names in the order a reader expects (case and accents do not count).
EXPECTED = [
    "China",
    "Côte d'Ivoire",
    "Croatia",
    "Czech Republic",
    "Paraguay",
    "PJSC «Rostelecom» (Russian Federation)",
    "Poland",
]


def in_expected_order(names: list[str]) -> bool:
    positions = [names.index(name) for name in EXPECTED if name in names]
    return len(positions) == len(EXPECTED) and positions == sorted(positions)


def test_the_python_key_and_the_database_sort_alike(record):
    for name in [
        "ábaco",
        "Zulu",
        "abacus",
        "Éire",
        "eire",
        "Łódź",
        "Lomé",
        "Lima",
        "ångström",
        "Aachen",
        "[made-up] Sx",
    ]:
        ParticipantFactory(name=name)
    from_database = list(Participant.objects.alphabetical().values_list("name", flat=True))
    assert from_database == sorted(from_database, key=letters_key)
    assert in_expected_order(from_database)
    assert from_database.index("Aachen") < from_database.index("ábaco") < from_database.index("abacus")
    # Letter by letter: brackets and spaces do not count ("madeupsx" files under M).
    assert (
        from_database.index("Lomé")
        < from_database.index("[made-up] Sx")
        < from_database.index("MegaFon Open Joint Stock Company (Russian Federation)")
    )
    assert (
        from_database.index("Lima")
        < from_database.index("Łódź")
        < from_database.index("Lomé")
        < from_database.index("Zulu")
    )


def test_participant_list_and_its_export(record, client):
    content = client.get("/participants/?per_page=500").content.decode()
    names = re.findall(r'<th scope="row" ><a href="/participants/[^"]+/">([^<]+)</a>', content)
    assert in_expected_order([name.replace("&#x27;", "'") for name in names]), names
    descending = client.get("/participants/?sort=-name&per_page=500").content.decode()
    names = re.findall(r'<th scope="row" ><a href="/participants/[^"]+/">([^<]+)</a>', descending)
    assert in_expected_order([name.replace("&#x27;", "'") for name in reversed(names)])
    text = b"".join(client.get("/participants/?_export=csv").streaming_content).decode()
    assert in_expected_order([row["participant"] for row in csv.DictReader(io.StringIO(text))])


def test_participant_filter_choices(record, client):
    content = client.get("/positions/").content.decode()
    choices = re.findall(r'name="participant" value="[^"]+"[^>]*>\s*([^<]+)</label>', content) or re.findall(
        r'<option value="[^"]+"[^>]*>([^<]+)</option>', content[content.index('name="participant"') :]
    )
    assert in_expected_order([choice.strip().replace("&#x27;", "'") for choice in choices]), choices


@pytest.fixture
def everyone_on_29(record):
    """Each of the record's participants holds a stance on 2012 margin 29."""
    provision = Provision.objects.get(instrument=record, margin="29")
    now = timezone.now()
    for participant in Participant.objects.exclude(slug="hill"):
        Position.objects.create(
            provision=provision, participant=participant, stance=Stance.RETAIN, state="published", published_at=now
        )
    return provision


def test_matrix_columns_and_its_export(everyone_on_29, client):
    content = client.get("/compare/?margin=29").content.decode()
    columns = re.findall(r'<th scope="col" class="participant" title="([^"]+)"', content)
    assert in_expected_order([name.replace("&#x27;", "'") for name in columns]), columns
    text = b"".join(client.get("/compare/?margin=29&_export=csv").streaming_content).decode()
    assert in_expected_order(next(csv.reader(io.StringIO(text))))


def test_positions_export_and_list_order_participants_by_letters_within_a_provision(everyone_on_29, client):
    text = b"".join(client.get("/positions/?margin=29&stance=retain&_export=csv").streaming_content).decode()
    assert in_expected_order([row["participant"] for row in csv.DictReader(io.StringIO(text))])
    content = client.get("/positions/?margin=29&stance=retain&per_page=500").content.decode()
    names = [name.replace("&#x27;", "'") for name in re.findall(r'<a href="/participants/[^"]+/">([^<]+)</a>', content)]
    assert in_expected_order(names)


def test_provision_page_and_versions_list_names_by_letters(everyone_on_29, client):
    content = client.get("/provisions/itrs-2012/29/").content.decode()
    history = content[content.index('id="history-heading"') :]
    names = [name.replace("&#x27;", "'") for name in re.findall(r'<a href="/participants/[^"]+/">([^<]+)</a>', history)]
    assert in_expected_order(names)
    without = client.get("/provisions/itrs-2012/30/").content.decode()
    without = without[without.index('id="without-heading"') :]
    names = [name.replace("&#x27;", "'") for name in re.findall(r'<a href="/participants/[^"]+/">([^<]+)</a>', without)]
    assert in_expected_order(names)
    text = b"".join(client.get("/compare/versions/?margin=29&_export=csv").streaming_content).decode()
    holders = next(row for row in csv.DictReader(io.StringIO(text)) if row["margin_2012"] == "29")["holders"]
    retained = holders.split("NOC: ")[1].split("; ")[0].split(", ")
    assert in_expected_order([name.replace("PJSC «Rostelecom» (Russian Federation)", EXPECTED[5]) for name in retained])


def test_changes_are_listed_and_sorted_by_letters(record):
    from review.selectors import Change
    from review.tables import ChangeTable

    provision = Provision.objects.get(instrument=record, margin="29")
    changes = [
        Change(provision, Participant.objects.get(name=name), "new", [], ["retain"])
        for name in ["Czech Republic", "Poland", "PJSC «Rostelecom» (Russian Federation)", "Côte d'Ivoire"]
    ]
    expected = ["Côte d'Ivoire", "Czech Republic", "PJSC «Rostelecom» (Russian Federation)", "Poland"]
    assert [change.participant.name for change in sorted(changes, key=lambda change: change.order_key)] == expected
    table = ChangeTable(changes, order_by="participant")
    assert [row.record.participant.name for row in table.rows] == expected


def test_participants_come_by_letters_wherever_no_order_is_asked(record):
    from review.models import Participant

    names = list(Participant.objects.values_list("name", flat=True))
    assert names.index("Côte d'Ivoire") < names.index("Czech Republic")
