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
