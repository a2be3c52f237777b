"""The data version: every kind of write to what the public reads increments it, in the same transaction."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from dataversion.models import DataVersion
from dataversion.triggers import existing_triggers, install_triggers, public_tables, trigger_names
from provisions.models import Instrument, Provision
from review.imports import positions_import
from review.models import Meeting, Participant, Position, PositionState, Stance
from review.position_services import positions_publish, positions_record

from .admin_client import AdminUser


def version() -> int:
    return DataVersion.objects.current().number


@pytest.fixture
def before(record):
    return DataVersion.objects.current()


def test_every_table_the_public_reads_has_its_triggers(db):
    tables = public_tables()
    assert {"review_position", "provisions_provision", "review_contributionsubmitter"} <= set(tables)
    # Link tables and history too: a missed bump is a stale page, a spurious one only a cache miss.
    assert {"review_participant_delegates", "review_historicalposition"} <= set(tables)
    have = existing_triggers(connection)
    missing = [name for table in tables for name in trigger_names(table, connection.vendor) if name not in have]
    assert missing == []


def test_installing_again_creates_nothing(db):
    assert install_triggers(connection, public_tables()) == []


def test_the_version_row_is_one_row(record):
    assert DataVersion.objects.count() == 1
    assert version() >= 1


def test_a_service_write_bumps_the_version(before, django_user_model):
    positions_record(
        participant=Participant.objects.get(slug="germany"),
        instrument=Instrument.objects.get(slug="itrs-2012"),
        margins="30-32",
        stance=Stance.RETAIN,
        user=None,
    )
    after = DataVersion.objects.current()
    assert after.number > before.number
    assert after.changed_at >= before.changed_at
    drafts = Position.objects.filter(participant__slug="germany", state=PositionState.DRAFT)
    middle = version()
    positions_publish(positions=drafts, user=None)
    assert version() > middle


def test_a_queryset_update_bumps_the_version(before):
    Position.objects.filter(pk=Position.objects.first().pk).update(rationale="Changed by update().")
    assert version() > before.number


def test_an_update_of_no_row_is_harmless(before):
    # PostgreSQL's statement-level trigger still fires: a spurious bump costs a cache miss, nothing more.
    Position.objects.filter(pk=-1).update(rationale="nobody")
    assert version() >= before.number


def test_bulk_create_and_delete_bump_the_version(before):
    provision = Provision.objects.get(instrument__slug="itrs-2012", margin="30")
    Position.objects.bulk_create(
        [
            Position(
                provision=provision,
                participant=participant,
                stance=Stance.RETAIN,
                state=PositionState.PUBLISHED,
                published_at=timezone.now(),
            )
            for participant in Participant.objects.exclude(positions__provision=provision)[:5]
        ]
    )
    middle = version()
    assert middle > before.number
    Position.objects.filter(provision=provision).delete()
    assert version() > middle


def test_raw_sql_bumps_the_version(before):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE review_meeting SET end_date = end_date")
    assert version() > before.number


def test_an_admin_save_bumps_the_version(before, django_user_model):
    user = django_user_model.objects.create_superuser("secretariat", "s@example.org", "a-long-password-1")
    browser = AdminUser(user)
    participant = Participant.objects.get(slug="germany")
    url = f"/admin/review/participant/{participant.pk}/change/"
    response = browser.submit(url, {"aliases": "Federal Republic of Germany"})
    assert response.status_code == 302, response.content[:2000]
    participant.refresh_from_db()
    assert participant.aliases == "Federal Republic of Germany"
    assert version() > before.number


def test_a_bulk_import_bumps_the_version(before):
    text = (
        "instrument,margin,part,paragraph,participant,participant_kind,region,stance,symbol,tor_item,contribution,"
        "meeting,rationale,proposed_text,updated_at\r\n"
        "itrs-2012,30,,,Germany,,,retain,NOC,c,,,Imported.,,\r\n"
        "itrs-2012,31,,,Germany,,,retain,NOC,c,,,Imported.,,\r\n"
    )
    positions_import(text=text, user=None, publish=True)
    assert Position.objects.filter(participant__slug="germany", rationale="Imported.").count() == 2
    assert version() > before.number


def test_a_management_command_bumps_the_version(before, tmp_path):
    texts = tmp_path / "texts.csv"
    texts.write_text("margin,text\n30,Words of our own for margin 30.\n")
    call_command("import_provision_text", "itrs-2012", str(texts), stdout=io.StringIO())
    assert Provision.objects.get(instrument__slug="itrs-2012", margin="30").text == "Words of our own for margin 30."
    assert version() > before.number


def test_a_rolled_back_write_leaves_the_version_as_it_was(before):
    with pytest.raises(RuntimeError), transaction.atomic():
        Meeting.objects.filter(number=1).update(end_date=Meeting.objects.get(number=1).end_date)
        # Inside the writing transaction the bump is already there...
        assert version() > before.number
        raise RuntimeError("abandon")
    # ...and it goes with the write when the transaction rolls back.
    assert DataVersion.objects.current() == before


def test_reads_do_not_bump_the_version(before, client):
    for url in ("/", "/provisions/", "/positions/?_export=csv", "/compare/"):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert DataVersion.objects.current() == before


def test_the_row_comes_back_after_a_flush_with_a_new_state(transactional_db):
    call_command("load_review_data", stdout=io.StringIO())
    before = DataVersion.objects.current()
    call_command("flush", "--no-input")
    after = DataVersion.objects.current()
    assert after is not None
    assert after.token != before.token
    # And the triggers still bump it.
    Meeting.objects.create(number=7, start_date="2027-01-01", end_date="2027-01-02")
    assert version() > after.number
