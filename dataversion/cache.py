"""A per-process memory cache bounded by bytes, the default cache (it needs no service).

Django's LocMemCache bounds the number of entries only; whole responses range from 3 KB to 3 MB (the
full matrix), so a count says little about memory. This one also drops the least recently used entries
while the pickled values add up to more than ``OPTIONS["MAX_BYTES"]``, and never stores a value larger
than that. Each process holds its own copy: the data version, read from the database on every request,
keeps every copy fresh (dataversion.middleware).
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Sizes of the pickled values, per cache name (as LocMemCache keeps its entries per name).
_sizes: dict[str, dict[str, int]] = {}


class BoundedMemoryCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._sizes = _sizes.setdefault(name, {})

    @property
    def total_bytes(self) -> int:
        return sum(self._sizes.values())

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        if len(value) > self._max_bytes:
            return
        super()._set(key, value, timeout)
        self._sizes[key] = len(value)
        total = self.total_bytes
        while total > self._max_bytes:
            # LocMemCache keeps the most recently used first: pop from the end.
            oldest, _ = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            total -= self._sizes.pop(oldest, 0)

    def _cull(self):
        super()._cull()
        for key in [key for key in self._sizes if key not in self._cache]:
            del self._sizes[key]

    def _delete(self, key):
        self._sizes.pop(key, None)
        return super()._delete(key)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()
