"""The ``CACHES`` setting from ``DJANGO_CACHE_URL``.

- unset, or ``memory://``: a memory cache in each process, bounded by ``DJANGO_CACHE_MAX_BYTES`` (64 MiB
  by default); needs no service. Fresh all the same on several servers: the data version comes from the
  database (dataversion.middleware).
- ``redis://HOST:PORT/DB``, ``rediss://…`` (TLS) or ``unix:///path/to/redis.sock``: Django's RedisCache,
  one cache shared by every process and server.
- ``dummy://``: no cache (every request renders; conditional GET still works).

Anything else is refused, naming the value.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# How long an entry lives at most. Entries of an older data version are never read again; this lets a
# shared cache (Redis) forget them, while the memory cache drops them as it fills.
ENTRY_TIMEOUT_SECONDS = 24 * 60 * 60


def cache_settings(url: str, *, max_bytes: int) -> dict:
    url = url.strip()
    scheme = urlsplit(url).scheme if url else "memory"
    if scheme == "memory":
        default = {
            "BACKEND": "dataversion.cache.BoundedMemoryCache",
            "LOCATION": "itrs-public",
            "TIMEOUT": ENTRY_TIMEOUT_SECONDS,
            "OPTIONS": {"MAX_BYTES": max_bytes, "MAX_ENTRIES": 5000},
        }
    elif scheme in {"redis", "rediss", "unix"}:
        default = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "itrs",
            "TIMEOUT": ENTRY_TIMEOUT_SECONDS,
        }
    elif scheme == "dummy":
        default = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL {url!r} is not understood: use redis://host:port/db, rediss://…, unix:///path, "
            "memory:// or dummy://."
        )
    return {"default": default}
