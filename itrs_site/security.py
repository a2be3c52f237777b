"""The client address for login throttling, behind zero or more reverse proxies."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address that connected to the outermost of our own proxies.

    With ``PROXY_COUNT`` = 0 (no proxy), that is REMOTE_ADDR. With N proxies, each appending the address
    it saw to X-Forwarded-For, the client is the N-th entry from the right: entries further left were
    written by the client itself and cannot be trusted (a client could send any X-Forwarded-For to dodge
    the lockout or to lock someone else out).
    """
    proxy_count = getattr(settings, "PROXY_COUNT", 0)
    if proxy_count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxy_count:
            return forwarded[-proxy_count]
    return request.META.get("REMOTE_ADDR")
