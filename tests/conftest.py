"""Shared fixtures: the real record, loaded once per test database, and users."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from provisions.models import Instrument

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_DIR.parent / "shared"


def load_record_if_missing():
    # Transactional tests (live server, browser) empty every table when they finish; the next
    # test that needs the record loads it again.
    if not Instrument.objects.exists():
        call_command("load_review_data", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real record once into the test database; each test rolls back its own changes."""
    with django_db_blocker.unblock():
        load_record_if_missing()


@pytest.fixture
def record(db):
    """The real record of the EG-ITRs (both instruments, the documents, the Annex review)."""
    load_record_if_missing()
    return Instrument.objects.get(slug="itrs-2012")


@pytest.fixture
def shared_dir():
    """The shared folder beside the repository (the sources). Required in CI."""
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"The sources folder {SHARED_DIR} is missing in CI.")
        pytest.skip(f"The sources folder {SHARED_DIR} is not beside this checkout.")
    return SHARED_DIR


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser of the secretariat."""
    user = django_user_model.objects.create_superuser("secretariat", "secretariat@example.org", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_response_cache():
    """Each test starts with an empty cache of public responses (the test settings keep it in memory):
    a test's writes roll back, and the next test may reach the same data version again."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
