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


def test_text_search_folds_case_beyond_ascii(record):
    from django.utils import timezone

    from review.models import Participant, Position, Stance

    provision = record.provisions.get(margin="30")
    Position.objects.create(
        provision=provision,
        participant=Participant.objects.get(slug="cote-divoire"),
        stance=Stance.RETAIN,
        rationale="Réseau ÉTENDU de Côte d'Ivoire; Straße",
        state="published",
        published_at=timezone.now(),
    )
    for q in ["réseau", "RÉSEAU", "étendu", "côte d'ivoire", "STRAẞE", "straße"]:
        assert Position.objects.search(q).filter(provision=provision).count() == 1, q
    # A provision search reads the statements on it too (review.selectors.Selection.provisions).
    from review.selectors import Selection

    assert Selection(q="ÉTENDU").provisions(record.provisions.all()).filter(margin="30").exists()
    assert not Position.objects.search("résumé").filter(provision=provision).exists()
