"""Conditional GET and a cache of whole public responses, both keyed by the data version.

Every GET or HEAD of a public view (anything but the admin, and views marked ``private_response``)
reads the data version (one query) and derives from it, the absolute URL, the language and the
response variant:

- an ``ETag`` (weak: the same data, URL, language and variant give the same representation, though a
  generated document may differ in its bytes) and a ``Last-Modified``; ``If-None-Match`` and
  ``If-Modified-Since`` get a 304 before the view runs;
- a cache key: an anonymous visitor's 200 is stored whole and served again until any write changes the
  data version, in every process at once, since the version is read from the database each time.

The variant: the public (anonymous) get one representation; a signed-in user's pages may show what the
public does not (drafts), so they get ETags of their own and never a cached public page, and their pages
are never stored. A request with a message waiting (django.contrib.messages) is neither answered 304 nor
cached: the page has to show the message. A REST framework view varies with ``Accept`` too.

Streamed responses (CSV exports) are passed on chunk by chunk while a copy is kept; the copy is stored
when the stream ends, unless it grew past ``PUBLIC_CACHE_MAX_ENTRY_BYTES`` (then the next request
streams again). A response that sets a cookie, uses a CSRF token, or says ``private``/``no-store`` is
never stored.

``Last-Modified`` has one-second resolution: served within the second of the last write, it says one
second earlier, so that a later write in that same second can never be answered 304. It counts a write
from the moment its statement ran, not from its commit; ``If-None-Match`` (the ETag, which browsers and
most clients send) is exact.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .models import DataVersion

PUBLIC_CACHE_CONTROL = "public, no-cache"
PRIVATE_CACHE_CONTROL = "private, no-cache"
KEY_PREFIX = "public-response:"
STREAM_CHUNK_BYTES = 64 * 1024
# Where the cache answered: for people reading headers, and for the tests.
CACHE_STATUS_HEADER = "X-Response-Cache"


def serve_from_cache(request):
    """For views that must run something first (the API's rate limit): a 304 or the cached answer, or None."""
    public = getattr(request, "_public_request", None)
    return public.answer(request) if public is not None else None


def private_response(view):
    """Mark a view whose answers must never be cached nor answered 304 by this middleware."""
    view.private_response = True
    return view


@dataclass
class PublicRequest:
    key: str
    etag: str
    last_modified: int
    shared: bool
    served_from_cache: bool = False

    def answer(self, request):
        """A 304 where the client's copy is current, else the cached response where there is one, else None."""
        if request.headers.get("If-None-Match", "").strip() != "*":
            headers = HttpResponse()
            self.add_headers(headers)
            conditional = get_conditional_response(
                request, etag=self.etag, last_modified=self.last_modified, response=headers
            )
            if conditional is not headers:
                request._public_request = None
                return conditional
        if self.shared and (entry := cache.get(self.key)) is not None:
            self.served_from_cache = True
            status, headers, content, streamed = entry
            # A streamed export comes back as a stream, as its view gave it, in chunks of the same order.
            if streamed:
                chunks = (
                    content[start : start + STREAM_CHUNK_BYTES] for start in range(0, len(content), STREAM_CHUNK_BYTES)
                )
                response = StreamingHttpResponse(chunks, status=status)
            else:
                response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        return None

    def add_headers(self, response) -> None:
        response.headers["ETag"] = self.etag
        response.headers["Last-Modified"] = http_date(self.last_modified)
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL if self.shared else PRIVATE_CACHE_CONTROL
        patch_vary_headers(response, ("Cookie",))


def last_modified_second(changed_at, *, now: float) -> int:
    """``Last-Modified`` in whole seconds; within the second of the write itself, the second before."""
    second = math.floor(changed_at.timestamp())
    return second - 1 if math.floor(now) <= second else second


def is_rest_framework_view(view_func) -> bool:
    view_class = getattr(view_func, "cls", None)
    return view_class is not None and hasattr(view_class, "renderer_classes")


class PublicResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public = getattr(request, "_public_request", None)
        if public is None or response.status_code != 200:
            return response
        public.add_headers(response)
        if public.served_from_cache:
            response.headers[CACHE_STATUS_HEADER] = "hit"
            return response
        if public.shared and self.storable(request, response):
            response.headers[CACHE_STATUS_HEADER] = "miss"
            self.store(public.key, response)
        else:
            response.headers[CACHE_STATUS_HEADER] = "bypass"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or "admin" in match.app_names or getattr(view_func, "private_response", False):
            return None
        if len(messages.get_messages(request)):
            return None
        state = DataVersion.objects.current()
        if state is None:
            return None
        # For views that show the data version (the open-data page) without reading it again.
        request.data_state = state
        user = request.user
        shared = not user.is_authenticated
        variant = ["public" if shared else f"user {user.pk}"]
        if is_rest_framework_view(view_func):
            variant.append(request.headers.get("Accept", ""))
        material = "\n".join(
            [state.token, request.build_absolute_uri(), translation.get_language() or "", *variant]
        ).encode()
        digest = hashlib.sha256(material).hexdigest()
        public = PublicRequest(
            key=KEY_PREFIX + digest,
            etag=f'W/"{digest[:32]}"',
            last_modified=last_modified_second(state.changed_at, now=time.time()),
            shared=shared,
        )
        request._public_request = public
        if is_rest_framework_view(view_func):
            # The API answers from here only once its rate limit has counted the request (serve_from_cache).
            return None
        return public.answer(request)

    def storable(self, request, response) -> bool:
        cache_control = response.headers.get("Cache-Control", "")
        return not (
            response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or "private" in cache_control
            or "no-store" in cache_control
        )

    @property
    def max_entry_bytes(self) -> int:
        return getattr(settings, "PUBLIC_CACHE_MAX_ENTRY_BYTES", 4 * 1024 * 1024)

    def store(self, key: str, response) -> None:
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name not in {"ETag", "Last-Modified", "Cache-Control", CACHE_STATUS_HEADER}
        ]
        if not response.streaming:
            if len(response.content) <= self.max_entry_bytes:
                cache.set(key, (response.status_code, headers, response.content, False))
            return
        response.streaming_content = self.copied(response.streaming_content, key, response.status_code, headers)

    def copied(self, chunks, key: str, status: int, headers):
        """Pass the chunks on, keeping a copy; store it once the stream has ended (and if small enough)."""
        kept, size = [], 0
        for chunk in chunks:
            if kept is not None:
                size += len(chunk)
                if size <= self.max_entry_bytes:
                    kept.append(chunk)
                else:
                    kept = None
            yield chunk
        if kept is not None:
            cache.set(key, (status, headers, b"".join(kept), True))
