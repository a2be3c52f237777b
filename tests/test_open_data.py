"""/open-data/: every public table as CSV with a Frictionless datapackage.json, validated by frictionless."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.utils import timezone
from frictionless import validate

from provisions.models import Provision
from review.models import Contribution, Participant, Position, PositionState, Stance
from review.open_data import PACKAGE_NAME, RESOURCES


def package(client) -> bytes:
    response = client.get(f"/open-data/{PACKAGE_NAME}.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{PACKAGE_NAME}.zip"'
    return response.content


def read_table(archive: zipfile.ZipFile, name: str) -> list[dict]:
    text = archive.read(f"{PACKAGE_NAME}/data/{name}.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def with_a_draft(record):
    return Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="30"),
        participant=Participant.objects.get(slug="germany"),
        stance=Stance.REVISE,
        rationale="A draft stays out of the open data.",
        proposed_text="=1+1 is text",
        state=PositionState.DRAFT,
    )


def test_the_package_validates_with_frictionless(with_a_draft, client, tmp_path):
    Position.objects.filter(participant__slug="hill", provision__margin="29").update(rationale="=HYPERLINK(x)")
    with zipfile.ZipFile(io.BytesIO(package(client))) as archive:
        archive.extractall(tmp_path)
    report = validate(tmp_path / PACKAGE_NAME / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_the_descriptor_has_licence_provenance_types_and_keys(record, client):
    with zipfile.ZipFile(io.BytesIO(package(client))) as archive:
        descriptor = json.loads(archive.read(f"{PACKAGE_NAME}/datapackage.json"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "draft final report" in descriptor["description"]
    assert descriptor["sources"] and descriptor["homepage"] == "http://testserver/open-data/"
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(resources) == {resource.name for resource in RESOURCES}
    positions = resources["positions"]["schema"]
    assert positions["primaryKey"] == ["id"]
    assert {"fields": ["provision_id"], "reference": {"resource": "provisions", "fields": ["id"]}} in positions[
        "foreignKeys"
    ]
    fields = {field["name"]: field for field in positions["fields"]}
    assert fields["stance"]["constraints"]["enum"] == ["abrogate", "retain", "revise", "add"]
    assert fields["published_at"]["type"] == "datetime"
    assert fields["contribution_id"]["type"] == "integer"
    assert "state" not in fields and "created_by_id" not in fields
    meetings = {field["name"]: field for field in resources["meetings"]["schema"]["fields"]}
    assert meetings["start_date"]["type"] == "date"
    provisions = {field["name"] for field in resources["provisions"]["schema"]["fields"]}
    assert "text" not in provisions


def test_every_public_row_and_no_draft(with_a_draft, client):
    with zipfile.ZipFile(io.BytesIO(package(client))) as archive:
        positions = read_table(archive, "positions")
        assert len(positions) == Position.objects.published().count()
        assert str(with_a_draft.pk) not in {row["id"] for row in positions}
        assert len(read_table(archive, "provisions")) == Provision.objects.count()
        assert len(read_table(archive, "contributions")) == Contribution.objects.count()
        names = archive.namelist()
    assert not [name for name in names if "histor" in name or "user" in name]


def test_the_package_is_rebuilt_when_the_data_changes_and_stable_until_then(record, client):
    first = package(client)
    assert package(client) == first
    Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="31"),
        participant=Participant.objects.get(slug="germany"),
        stance=Stance.RETAIN,
        rationale="Published after the first download.",
        state=PositionState.PUBLISHED,
        published_at=timezone.now(),
    )
    second = package(client)
    assert second != first
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert "Published after the first download." in {row["rationale"] for row in read_table(archive, "positions")}


def test_the_same_data_gives_the_same_bytes_in_every_process(record, client):
    from django.core.cache import cache

    first = package(client)
    cache.clear()  # as another server, which builds its own
    assert package(client) == first


def test_the_page_says_what_is_in_the_package(record, client):
    response = client.get("/open-data/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f'href="/open-data/{PACKAGE_NAME}.zip"' in text
    assert "CC-BY-4.0" in text
    assert "data/positions.csv" in text
    assert f"{Position.objects.published().count()} rows" in text
