"""The database the suite runs on is the one DATABASE_URL names (SQLite by default, PostgreSQL in CI too)."""

import os

from django.db import connection


def test_database_url_selects_the_engine(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        assert connection.pg_version >= 130000
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"


def test_text_search_uses_full_text_search_on_postgresql_and_icontains_elsewhere(record):
    from django.db import connection

    from provisions.models import Provision
    from review.models import Position

    sql = str(Position.objects.search("telecommunications").query)
    if connection.vendor == "postgresql":
        assert "to_tsvector" in sql
        # Word starts, every word, in any order.
        assert Provision.objects.search("definit").filter(subject__startswith="Definition").exists()
        assert Provision.objects.search("rate accounting").filter(subject="Definition: accounting rate").exists()
        assert not Provision.objects.search("rate zebra").exists()
        # A one-letter word is a prefix, not a dropped stop word.
        assert Provision.objects.search("a").count() > 100
    else:
        assert "LIKE" in sql
    # Punctuation alone, and hostile text, never fail.
    for q in ["/", "%", "'; --", "a & b | !c", "1/1", "ΑΒΓ", ":*"]:
        list(Provision.objects.search(q)[:1])
        list(Position.objects.search(q)[:1])
