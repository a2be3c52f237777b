"""Two delegates at once: bulk entry locks the positions it updates and nothing else.

PostgreSQL only (SQLite has no row locks: it serialises every write). Before the models ordered by
their own columns, ``select_for_update()`` in bulk entry followed ``Position.Meta.ordering`` into
joins on provision, instrument and participant, and locked those rows too: a second delegate's bulk
entry on the same provisions, or the secretariat's edit of the participant, waited for the first.
"""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from review.models import Participant, Position, PositionState, Stance
from review.position_services import positions_record

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")

MARGINS = "3-5"


def hold_positions_record(*, participant, instrument, started: threading.Event, release: threading.Event, errors):
    """Bulk entry for ``participant`` in a transaction kept open (its locks held) until ``release``."""
    try:
        with transaction.atomic():
            positions_record(
                participant=participant,
                instrument=instrument,
                margins=MARGINS,
                stance=Stance.RETAIN,
                rationale="First delegate",
                user=None,
            )
            started.set()
            release.wait(timeout=30)
    except Exception as error:  # reported to the test, which fails on it
        errors.append(error)
        started.set()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_bulk_entries_on_one_instrument_both_proceed(record):
    germany, spain = Participant.objects.get(slug="germany"), Participant.objects.get(slug="spain")
    provisions = list(record.provisions.filter(margin__in=["3", "4", "5"]))
    # Both hold positions there already, so that both bulk entries lock (update) stored rows.
    for participant in (germany, spain):
        Position.objects.bulk_create(
            Position(
                participant=participant,
                provision=provision,
                stance=Stance.RETAIN,
                state=PositionState.PUBLISHED,
                published_at=timezone.now(),
            )
            for provision in provisions
        )
    started, release, errors = threading.Event(), threading.Event(), []
    first = threading.Thread(
        target=hold_positions_record,
        kwargs={"participant": germany, "instrument": record, "started": started, "release": release, "errors": errors},
    )
    first.start()
    try:
        assert started.wait(timeout=30)
        assert not errors
        # While the first transaction is open: the second delegate's bulk entry on the same
        # provisions, and the secretariat's edit of the first participant, must not wait for it.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            plan = positions_record(
                participant=spain,
                instrument=record,
                margins=MARGINS,
                stance=Stance.RETAIN,
                rationale="Second delegate",
                user=None,
            )
            Participant.objects.filter(pk=germany.pk).update(aliases="Federal Republic of Germany")
        assert len(plan.to_update) == 3
    finally:
        release.set()
        first.join(timeout=30)
    assert not errors
    written = Position.objects.filter(provision__in=provisions, participant__in=[germany, spain])
    assert set(written.values_list("participant__slug", "rationale")) == {
        ("germany", "First delegate"),
        ("spain", "Second delegate"),
    }
