"""Text search on the database's own terms: PostgreSQL full-text search where it runs, icontains on SQLite.

One condition builder used by ProvisionQuerySet.search and PositionQuerySet.search. On PostgreSQL every
word of the query must match the start of a word of the fields, in any order
(``to_tsvector('simple', …) @@ to_tsquery('simple', 'accounting:* & rate:*')``). The 'simple'
configuration, without stemming or stop words, keeps the results those of icontains on word starts
("a" still finds every word starting with a; the English one would drop it as a stop word and find
nothing). A query with no word at all (punctuation) falls back to a substring match, as do margins,
which are not words.

Elsewhere (SQLite) the match is a substring match on Unicode case-folded text: SQLite's own LIKE and
LOWER() fold ASCII letters only, so "côte" would not find "Côte d'Ivoire". Python's str.casefold is
registered on each SQLite connection as ITRS_CASEFOLD (``register_sqlite_functions``).
"""

from __future__ import annotations

import re

from django.db import connections, models
from django.db.models.lookups import Contains

SEARCH_CONFIG = "simple"
WORD = re.compile(r"[^\W_]+")


def _words(q: str) -> list[str]:
    return WORD.findall(q)[:20]


def text_condition(*, q: str, fields: list[str], using: str = "default") -> models.Q:
    """A condition true where ``q`` matches the text ``fields`` (paths like ``provision__subject``)."""
    words = _words(q)
    vendor = connections[using].vendor
    if vendor != "postgresql" or not words:
        condition = models.Q()
        for field in fields:
            if vendor == "sqlite":
                condition |= models.Q(Contains(CaseFold(models.F(field)), q.casefold()))
            else:
                condition |= models.Q(**{f"{field}__icontains": q})
        return condition
    from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact

    # Only letters and digits reach the raw tsquery, so a query cannot inject tsquery syntax.
    query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)
    return models.Q(SearchVectorExact(SearchVector(*fields, config=SEARCH_CONFIG), query))


class CaseFold(models.Func):
    """Unicode case folding of a text on SQLite (see register_sqlite_functions)."""

    function = "ITRS_CASEFOLD"
    output_field = models.TextField()


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs):
    """On each new SQLite connection, register ITRS_CASEFOLD (connected in ProvisionsConfig.ready)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ITRS_CASEFOLD", 1, _casefold, deterministic=True)
