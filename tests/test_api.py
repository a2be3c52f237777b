"""/api/v1/: read-only JSON with the pages' filters, strict pagination, a rate limit, a valid OpenAPI 3 document
and documentation served from this host."""

from __future__ import annotations

import json

import pytest
import yaml
from django.test import override_settings
from openapi_spec_validator import validate

from provisions.models import Provision
from review.models import Contribution, Participant, Position, PositionState, Stance

ENDPOINTS = ["positions", "provisions", "participants", "contributions", "meetings"]


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_root_lists_the_endpoints(record, client):
    root = get_json(client, "/api/v1/")
    assert set(ENDPOINTS) <= set(root)
    assert root["positions"] == "http://testserver/api/v1/positions/"
    assert root["schema"] == "http://testserver/api/v1/schema/"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_is_paginated_by_limit_and_offset(record, client, endpoint):
    page = get_json(client, f"/api/v1/{endpoint}/?limit=2")
    assert set(page) == {"count", "next", "previous", "results"}
    assert len(page["results"]) == min(2, page["count"])
    assert page["previous"] is None
    if page["count"] > 2:
        second = get_json(client, page["next"].removeprefix("http://testserver"))
        assert second["previous"]
        assert second["results"] != page["results"]


def test_positions_are_the_rows_of_the_csv_in_the_same_order(record, client):
    everything = get_json(client, "/api/v1/positions/?participant=hill&limit=1000")
    assert everything["count"] == 135
    exported = json.loads(b"".join(client.get("/positions/?participant=hill&_export=json").streaming_content))
    assert [(row["margin"], row["stance"]) for row in everything["results"]] == [
        (row["margin"], row["stance"]) for row in exported
    ]
    first = everything["results"][0]
    assert first["participant"] == "hill" and first["participant_name"] == "Hill"
    assert first["meeting"] == 4 and first["contribution"] == "EG-ITRs-4/4"
    assert first["provision_url"].startswith("http://testserver/provisions/itrs-2012/1/#position-")


def test_the_filters_of_the_pages_apply(record, client):
    page = get_json(client, "/api/v1/positions/?participant=hill&instrument=itrs-2012&margin=29")
    assert sorted(row["symbol"] for row in page["results"]) == ["MOD", "SUP"]
    both = get_json(client, "/api/v1/positions/?participant=hill&stance=SUP&stance=MOD&limit=1000")
    assert {row["symbol"] for row in both["results"]} == {"SUP", "MOD"}
    provisions = get_json(client, "/api/v1/provisions/?instrument=itrs-2012&margin=16-26")
    assert [row["margin"] for row in provisions["results"]] == [str(number) for number in range(16, 27)]
    assert provisions["results"][0]["positions"]["abrogate"] == 1
    documents = get_json(client, "/api/v1/contributions/?meeting=4")
    assert {row["meeting"] for row in documents["results"]} == {4}
    assert documents["count"] == Contribution.objects.filter(meeting__number=4).count()


def test_drafts_are_never_served(record, client):
    Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="30"),
        participant=Participant.objects.get(slug="germany"),
        stance=Stance.REVISE,
        rationale="Draft.",
        state=PositionState.DRAFT,
    )
    assert get_json(client, "/api/v1/positions/?participant=germany")["count"] == 0


@pytest.mark.parametrize(
    ("query", "parameter", "named"),
    [
        ("stance=maybe", "stance", "maybe"),
        ("participant=nobody", "participant", "nobody"),
        ("margin=9999", "margin", "9999"),
        ("limit=5000", "limit", "5000"),
        ("limit=0", "limit", "0"),
        ("limit=ten", "limit", "ten"),
        ("offset=-1", "offset", "-1"),
        ("limit=5&limit=6", "limit", "5, 6"),
    ],
)
def test_a_bad_value_is_a_400_naming_it(record, client, query, parameter, named):
    errors = get_json(client, f"/api/v1/positions/?{query}", status=400)
    assert list(errors) == [parameter]
    assert named in errors[parameter][0]


def test_it_is_read_only(record, client):
    assert client.post("/api/v1/positions/", {}).status_code == 405
    assert client.delete("/api/v1/positions/").status_code == 405


def test_answers_are_conditional_and_cached(record, client):
    first = client.get("/api/v1/positions/?participant=hill")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert client.get("/api/v1/positions/?participant=hill").headers["X-Response-Cache"] == "hit"
    assert (
        client.get("/api/v1/positions/?participant=hill", headers={"If-None-Match": first["ETag"]}).status_code == 304
    )
    Position.objects.filter(participant__slug="hill").update(rationale="Changed.")
    fresh = client.get("/api/v1/positions/?participant=hill")
    assert fresh.headers["X-Response-Cache"] == "miss"
    assert fresh.json()["results"][0]["rationale"] == "Changed."


@override_settings(API_RATE="3/minute")
def test_the_rate_limit_is_per_client_address_and_answers_a_clear_429(record, client):
    for _ in range(3):
        assert client.get("/api/v1/meetings/", REMOTE_ADDR="192.0.2.1").status_code == 200
    # Served from the cache or not, a fourth request from that address is refused.
    refused = client.get("/api/v1/meetings/", REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many requests from your address: try again in" in refused.json()["detail"]
    # Another address is not affected.
    assert client.get("/api/v1/meetings/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_schema_is_a_valid_openapi_3_document(record, client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert {f"/api/v1/{endpoint}/" for endpoint in ENDPOINTS} <= set(schema["paths"])
    positions = schema["paths"]["/api/v1/positions/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in positions["parameters"]}
    assert {"instrument", "margin", "stance", "participant", "limit", "offset", "q"} <= set(parameters)
    assert parameters["stance"]["schema"]["items"]["enum"] == ["abrogate", "retain", "revise", "add"]
    # The schema does not change with the data: participants are named by slug, not listed.
    assert "enum" not in parameters["participant"]["schema"]["items"]
    assert validate(json.loads(client.get("/api/v1/schema/?format=json").content)) is None


def test_the_docs_are_served_from_this_host_without_scripts(record, client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script" not in text
    assert "/api/v1/positions/" in text and "limit" in text and "stance" in text
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'href="/api/v1/schema/"' in text


# Query counts: the data version, the filter form's choices and validation, the count, the page (and one
# prefetch where a list has one), at the real record and at ten times more.
API_QUERIES = {
    "/api/v1/": 1,
    "/api/v1/positions/": 4,
    "/api/v1/positions/?participant=hill&stance=SUP&margin=1-40&limit=1000": 8,
    "/api/v1/provisions/": 4,
    "/api/v1/provisions/?participant=hill&instrument=itrs-2012": 6,
    "/api/v1/participants/": 4,
    "/api/v1/contributions/": 4,
    "/api/v1/meetings/": 5,
    "/api/v1/changes/?since=3&until=4": 8,
    "/api/v1/docs/": 6,
}


@pytest.mark.parametrize(("url", "queries"), API_QUERIES.items(), ids=list(API_QUERIES))
def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, data_size, url, queries):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_as_of_answers_as_things_stood_at_the_end_of_a_meeting(record, client):
    now = get_json(client, "/api/v1/positions/?participant=hill")["count"]
    # Hill's statements are in EG-ITRs-4/4: none stood at the end of meeting 3.
    assert get_json(client, "/api/v1/positions/?participant=hill&as_of=3")["count"] == 0
    assert get_json(client, "/api/v1/positions/?participant=hill&as_of=4")["count"] == now
    errors = get_json(client, "/api/v1/positions/?as_of=99", status=400)
    assert "99" in errors["as_of"][0]
    provisions = get_json(client, "/api/v1/provisions/?instrument=itrs-2012&margin=29&as_of=3")
    assert provisions["results"][0]["positions"]["abrogate"] == 0


def test_changes_between_two_meetings(record, client):
    changes = get_json(client, "/api/v1/changes/?since=3&until=4&participant=hill&limit=1000")
    assert changes["count"] == 135 - 1  # one participant on 134 provisions (two stances on 29)
    first = changes["results"][0]
    assert first["change"] == "new" and first["before"] == [] and first["participant"] == "hill"
    assert get_json(client, "/api/v1/changes/?since=4&participant=hill")["count"] == 0
    assert "since" in get_json(client, "/api/v1/changes/?since=nine", status=400)
