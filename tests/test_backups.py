"""Backups that restore: `backup` then `restore` into an empty database gives back every row."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.dateparse import parse_datetime

from provisions.models import Provision
from review.models import Contribution, Participant, Position, PositionState, Stance

from .databases import empty_database

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Every table of the record and of what users enter, history included.
COMPARED_MODELS = [
    "provisions.instrument",
    "provisions.part",
    "provisions.provision",
    "provisions.correspondence",
    "review.participant",
    "review.meeting",
    "review.contribution",
    "review.contributionsubmitter",
    "review.position",
    "review.historicalposition",
    "auth.user",
]


def run_manage(*args, database_url):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "itrs_site.settings_test"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def dump(*, database_url=None):
    """Every row of the compared tables, as dumpdata gives them (all fields, by primary key)."""
    if database_url is None:
        output = StringIO()
        call_command("dumpdata", *COMPARED_MODELS, format="json", stdout=output)
        return json.loads(output.getvalue())
    result = run_manage("dumpdata", *COMPARED_MODELS, "--format=json", database_url=database_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def empty_database_url(tmp_path):
    """The URL of a new, empty database of the engine under test (dropped afterwards)."""
    with empty_database(
        vendor=connection.vendor, settings_dict=connection.settings_dict, folder=tmp_path, prefix="restored"
    ) as url:
        yield url


@pytest.fixture
def entered_by_users(transactional_db, record, django_user_model):
    """Besides the record: a delegate, a draft with awkward text, a published change with history."""
    delegate = django_user_model.objects.create_user("delegate-fr", password="a-long-password-1")
    participant = Participant.objects.get(slug="hill")
    participant.delegates.add(delegate)
    provision = Provision.objects.get(instrument__slug="itrs-2012", margin="1/1")
    Position.objects.create(
        provision=provision,
        participant=participant,
        stance=Stance.REVISE,
        rationale='Quotes "and" commas, a line\nbreak, Unicode: Ελληνικά, 中文, émigré — and <b>markup</b>.',
        proposed_text="=1+1 stays text",
        contribution=Contribution.objects.get(symbol="EG-ITRs-3/2"),
        state=PositionState.DRAFT,
        created_by=delegate,
    )
    position = Position.objects.filter(state=PositionState.PUBLISHED).first()
    position.rationale = "Changed after publication."
    position.save()
    return delegate


def test_backup_and_restore_give_back_every_row(entered_by_users, empty_database_url, tmp_path):
    before = dump()
    assert sum(1 for row in before if row["model"] == "review.position") == Position.objects.count() > 100

    backup_file = tmp_path / "itrs.backup"
    output = StringIO()
    call_command("backup", str(backup_file), stdout=output)
    assert f"Backed up the {connection.vendor} database to {backup_file}" in output.getvalue()

    result = run_manage("restore", str(backup_file), database_url=empty_database_url)
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout

    after = dump(database_url=empty_database_url)
    assert after == before


def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    backup_file = tmp_path / "itrs.backup"
    call_command("backup", str(backup_file), stdout=StringIO())
    count = Position.objects.count()
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(backup_file), stdout=StringIO())
    assert Position.objects.count() == count


def test_restore_refuses_a_file_that_is_not_a_backup(empty_database_url, tmp_path):
    not_a_backup = tmp_path / "positions.csv"
    not_a_backup.write_text("instrument,margin\nitrs-2012,29\n")
    result = run_manage("restore", str(not_a_backup), database_url=empty_database_url)
    assert result.returncode != 0
    assert "is not a backup made by `manage.py backup`" in result.stderr
    # Nothing was written: the database is still empty.
    check = run_manage("showmigrations", "review", database_url=empty_database_url)
    assert "[X]" not in check.stdout


def test_restore_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "nowhere.backup"), stdout=StringIO())


def test_backup_refuses_a_folder_as_target(db, tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", str(tmp_path), stdout=StringIO())


def test_restore_starts_a_new_data_version(entered_by_users, empty_database_url, tmp_path):
    """A cache keyed by the data version never serves a page of the database before the restore."""
    from dataversion.models import DataVersion

    backup_file = tmp_path / "itrs.backup"
    call_command("backup", str(backup_file), stdout=StringIO())
    backed_up = DataVersion.objects.current()
    result = run_manage("restore", str(backup_file), database_url=empty_database_url)
    assert result.returncode == 0, result.stderr
    (restored,) = dump_models("dataversion.dataversion", database_url=empty_database_url)
    assert restored["fields"]["number"] > backed_up.number
    assert parse_datetime(restored["fields"]["changed_at"]) > backed_up.changed_at


def dump_models(*labels, database_url):
    result = run_manage("dumpdata", *labels, "--format=json", database_url=database_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
