"""``/feeds/positions/``: Atom 1.0, newest first, with the filters of the pages, read by a real feed parser."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from provisions.models import Provision
from review.models import Participant, Position, PositionState, Stance

from .factories import PositionFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed, response


def test_the_feed_is_valid_atom_with_the_newest_first(record, client):
    newest = PositionFactory(rationale="The newest statement.", published_at=timezone.now() + datetime.timedelta(1))
    feed, response = parse(client, "/feeds/positions/")
    assert feed.feed.title.startswith("ITRs Review Tracker")
    assert feed.feed.id and feed.feed.updated
    # Atom requires an id, a title and an updated date on every entry, and one self link.
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"] == [
        "http://testserver/feeds/positions/"
    ]
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}updated").text
    assert len(feed.entries) == 50
    first = feed.entries[0]
    assert "The newest statement." in first.summary
    assert first.link == f"http://testserver{newest.provision.get_absolute_url()}#position-{newest.pk}"
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)


def test_entries_link_to_their_provision_pages(record, client):
    feed, _ = parse(client, "/feeds/positions/?participant=hill&instrument=itrs-2012&margin=29")
    assert {entry.link.split("#")[0] for entry in feed.entries} == {"http://testserver/provisions/itrs-2012/29/"}
    assert sorted(entry.tags[0].term for entry in feed.entries) == ["MOD", "SUP"]
    assert all(entry.author == "Hill" for entry in feed.entries)
    for entry in feed.entries:
        assert client.get(entry.link.removeprefix("http://testserver").split("#")[0]).status_code == 200


def test_the_page_filters_apply(record, client):
    germany = Participant.objects.get(slug="germany")
    PositionFactory(participant=germany, stance=Stance.RETAIN, rationale="Germany keeps it.")
    feed, _ = parse(client, "/feeds/positions/?participant=germany")
    assert [entry.title.split(":")[0] for entry in feed.entries] == ["Germany"]
    feed, _ = parse(client, "/feeds/positions/?stance=SUP&participant=hill")
    assert feed.entries and all(entry.tags[0].term == "SUP" for entry in feed.entries)
    assert parse(client, "/feeds/positions/?participant=hill&q=zebra-never-written")[0].entries == []


def test_drafts_never_appear(record, client):
    Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="30"),
        participant=Participant.objects.get(slug="germany"),
        stance=Stance.REVISE,
        rationale="A draft in the feed would be a leak.",
        state=PositionState.DRAFT,
    )
    feed, _ = parse(client, "/feeds/positions/?participant=germany")
    assert feed.entries == []


@pytest.mark.parametrize("query", ["participant=nobody", "margin=9999", "stance=maybe"])
def test_a_bad_filter_is_a_400_naming_it(record, client, query):
    response = client.get(f"/feeds/positions/?{query}")
    assert response.status_code == 400
    assert query.split("=")[1] in response.content.decode()


def test_the_feed_is_conditional_and_cached(record, client):
    response = client.get("/feeds/positions/")
    assert client.get("/feeds/positions/", headers={"If-None-Match": response["ETag"]}).status_code == 304
    assert client.get("/feeds/positions/").headers["X-Response-Cache"] == "hit"


# Query counts: tests/test_query_counts.py, at two data sizes.


def test_the_positions_page_links_its_feed(record, client):
    assert b'href="/feeds/positions/?participant=hill"' in client.get("/positions/?participant=hill").content
