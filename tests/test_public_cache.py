"""Conditional GET and the cache of whole public responses (dataversion.middleware)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from dataversion.cache import BoundedMemoryCache
from dataversion.middleware import last_modified_second
from dataversion.models import DataVersion
from itrs_site.caches import cache_settings
from provisions.models import Provision
from review.models import Participant, Position, PositionState, Stance

PUBLIC_URLS = [
    "/",
    "/provisions/",
    "/provisions/itrs-2012/29/",
    "/positions/?participant=hill",
    "/positions/?_export=csv",
    "/positions/?_export=xlsx",
    "/compare/?_export=csv",
    "/meetings/",
]


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_answers_carry_etag_and_last_modified_and_give_304(record, client, url):
    first = get(client, url)
    assert first.status_code == 200
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"')
    assert parse_http_date(last_modified) <= DataVersion.objects.current().changed_at.timestamp()
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Cookie" in first.headers["Vary"]

    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.headers["ETag"] == etag
    assert not_modified.content == b""
    # A copy from after the last write (one served in the very second of the write says the second before).
    assert client.get(url, headers={"If-Modified-Since": http_date(time.time())}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": http_date(0)}).status_code == 200


def test_a_304_runs_no_query_but_the_data_version(record, client, django_assert_num_queries):
    etag = get(client, "/compare/").headers["ETag"]
    with django_assert_num_queries(1):
        assert client.get("/compare/", headers={"If-None-Match": etag}).status_code == 304


def test_etags_differ_by_url_and_variant(record, staff_client):
    client = Client()
    assert get(client, "/provisions/").headers["ETag"] != get(client, "/provisions/?page=2").headers["ETag"]
    assert get(client, "/positions/").headers["ETag"] != get(client, "/positions/?_export=csv").headers["ETag"]
    # A signed-in user's representation is not the public's.
    assert get(staff_client, "/provisions/").headers["ETag"] != get(client, "/provisions/").headers["ETag"]


def test_any_write_makes_the_next_answer_fresh(record, client):
    provision = Provision.objects.get(instrument__slug="itrs-2012", margin="30")
    url = "/provisions/itrs-2012/30/"
    first = get(client, url)
    assert get(client, url).headers["X-Response-Cache"] == "hit"
    # A queryset update: no save(), no signal, no service; the trigger sees it.
    Provision.objects.filter(pk=provision.pk).update(subject="A subject changed behind the ORM's back")
    fresh = get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert fresh.headers["X-Response-Cache"] == "miss"
    assert b"A subject changed behind the ORM" in fresh.body
    assert fresh.headers["ETag"] != first.headers["ETag"]


def test_a_new_published_position_appears_at_once_in_the_cached_export(record, client):
    url = "/positions/?participant=germany&_export=csv"
    before = get(client, url).body
    assert get(client, url).headers["X-Response-Cache"] == "hit"
    Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="30"),
        participant=Participant.objects.get(slug="germany"),
        stance=Stance.RETAIN,
        rationale="Seen at once.",
        state=PositionState.PUBLISHED,
        published_at=timezone.now(),
    )
    after = get(client, url)
    assert after.headers["X-Response-Cache"] == "miss"
    assert b"Seen at once." in after.body and b"Seen at once." not in before


def test_a_cached_stream_is_the_same_bytes_and_still_a_stream(record, client):
    url = "/positions/?_export=csv"
    first = get(client, url)
    again = get(client, url)
    assert again.headers["X-Response-Cache"] == "hit"
    assert again.streaming
    assert again.body == first.body
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]


def test_a_stream_larger_than_the_limit_is_streamed_every_time(record, client):
    with override_settings(PUBLIC_CACHE_MAX_ENTRY_BYTES=1000):
        first = get(client, "/positions/?_export=csv")
        assert len(first.body) > 1000
        again = get(client, "/positions/?_export=csv")
        assert again.headers["X-Response-Cache"] == "miss"
        assert again.body == first.body
        # Still conditional.
        assert client.get("/positions/?_export=csv", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_the_public_never_sees_a_draft_and_staff_never_get_a_cached_page(record, staff_client):
    client = Client()
    draft = Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="30"),
        participant=Participant.objects.get(slug="germany"),
        stance=Stance.REVISE,
        rationale="A draft nobody outside may read.",
        state=PositionState.DRAFT,
    )
    url = "/positions/?participant=germany&_export=csv"
    # Staff first: their answer is theirs, never stored for the public.
    staff_answer = get(staff_client, url)
    assert staff_answer.headers["Cache-Control"] == "private, no-cache"
    assert staff_answer.headers["X-Response-Cache"] == "bypass"
    public = get(client, url)
    assert public.headers["X-Response-Cache"] == "miss"
    assert b"A draft nobody outside may read." not in public.body
    # The public's answer is cached now; staff still never get it.
    assert get(client, url).headers["X-Response-Cache"] == "hit"
    assert get(staff_client, url).headers["X-Response-Cache"] == "bypass"
    # Publishing is a write: the public's next answer shows it.
    Position.objects.filter(pk=draft.pk).update(state=PositionState.PUBLISHED, published_at=timezone.now())
    assert b"A draft nobody outside may read." in get(client, url).body


def test_a_page_with_a_message_waiting_is_neither_304_nor_cached(record, client):
    etag = get(client, "/").headers["ETag"]
    assert get(client, "/").headers["X-Response-Cache"] == "hit"
    # A message queued for the next page, in the cookie where django.contrib.messages keeps it.
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Saved.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response = get(client, "/", **{"If-None-Match": etag})
    assert response.status_code == 200
    assert b"Saved." in response.body
    assert "X-Response-Cache" not in response.headers
    # Shown once; the next request is the public page again.
    assert b"Saved." not in get(client, "/").body


def test_the_admin_is_never_cached_nor_conditional(record, staff_client):
    response = staff_client.get("/admin/review/position/")
    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert "X-Response-Cache" not in response.headers


def test_errors_are_not_cached(record, client):
    response = client.get("/positions/?_export=csv&stance=nonsense")
    assert response.status_code == 400
    assert "ETag" not in response.headers
    assert client.get("/provisions/itrs-2012/9999/").status_code == 404


def test_head_gets_the_same_validators(record, client):
    etag = get(client, "/meetings/").headers["ETag"]
    response = client.head("/meetings/")
    assert response.status_code == 200
    assert response.headers["ETag"] == etag
    assert client.head("/meetings/", headers={"If-None-Match": etag}).status_code == 304


def test_if_none_match_star_is_not_taken_as_a_match(record, client):
    assert client.get("/meetings/", headers={"If-None-Match": "*"}).status_code == 200
    assert client.get("/provisions/itrs-2012/9999/", headers={"If-None-Match": "*"}).status_code == 404


def test_last_modified_within_the_second_of_the_write_says_the_second_before():
    changed_at = datetime.datetime(2026, 12, 1, 10, 0, 0, 300_000, tzinfo=datetime.UTC)
    second = int(changed_at.timestamp())
    assert last_modified_second(changed_at, now=second + 0.5) == second - 1
    assert last_modified_second(changed_at, now=second + 1.0) == second
    # So a copy served in that second is never taken for one that includes a later write in it.
    assert http_date(last_modified_second(changed_at, now=second + 0.5)) != http_date(second)


def test_the_memory_cache_is_bounded_by_bytes():
    cache = BoundedMemoryCache("bounded-test", {"OPTIONS": {"MAX_BYTES": 10_000, "MAX_ENTRIES": 1000}})
    cache.clear()
    for number in range(10):
        cache.set(f"key-{number}", b"x" * 3000)
    assert cache.total_bytes <= 10_000
    # The most recent are kept, the oldest dropped.
    assert cache.get("key-9") is not None
    assert cache.get("key-0") is None
    cache.set("too-big", b"x" * 20_000)
    assert cache.get("too-big") is None
    cache.clear()
    assert cache.total_bytes == 0


def test_the_default_cache_needs_no_service():
    assert caches["default"].__class__ is BoundedMemoryCache


def test_cache_url_is_parsed_strictly():
    assert cache_settings("", max_bytes=1)["default"]["BACKEND"] == "dataversion.cache.BoundedMemoryCache"
    redis = cache_settings("redis://127.0.0.1:6379/1", max_bytes=1)["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ImproperlyConfigured, match="'memcached://x' is not understood"):
        cache_settings("memcached://x", max_bytes=1)
