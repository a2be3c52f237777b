"""The API's rate limit: per client address (the one rule of itrs_site.security.client_ip, proxies counted),
at ``API_RATE`` (``DJANGO_API_RATE``, e.g. ``300/minute``), read at each request so that tests can change it."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from itrs_site.security import client_ip


class ClientAddressRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.API_RATE

    def allow_request(self, request, view):
        # The rate is read per request (SimpleRateThrottle reads it once, when the throttle is made).
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}
