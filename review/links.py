"""Links between the public pages, with their filters in the query string."""

from urllib.parse import urlencode

from django.urls import reverse


def positions_url(**parameters) -> str:
    """/positions/ with filters (empty values left out)."""
    query = urlencode({name: value for name, value in parameters.items() if value}, doseq=True)
    return f"{reverse('review:position-list')}?{query}" if query else reverse("review:position-list")


def changes_url(*, since: int, until: int | None = None) -> str:
    """/changes/ between two meetings (``until`` None: up to now)."""
    query = urlencode({"since": since, **({"until": until} if until else {})})
    return f"{reverse('review:changes')}?{query}"
