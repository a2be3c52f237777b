"""Shared fixtures: the real record, loaded once per test database, and users."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from provisions.models import Instrument
from review.accounts import delegate_add
from review.models import Participant

from .admin_client import AdminUser
from .factories import FACTORIES, PASSWORD

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


@pytest.fixture(autouse=True)
def reset_factory_sequences():
    """Made-up data is the same in a test whichever tests ran before it."""
    for factory in FACTORIES:
        factory.reset_sequence()


@pytest.fixture(autouse=True)
def language_of_the_settings():
    """Each test starts and ends in the settings' language: a request to /ar/ activates Arabic in the
    thread (LocaleMiddleware), and it would otherwise stay active for the next test's code."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def record(db):
    """The real record of the EG-ITRs (both instruments, the documents, the Annex review)."""
    load_record_if_missing()
    return Instrument.objects.get(slug="itrs-2012")


def shared_sources_required() -> bool:
    """Whether the checks against ../shared must run: .ci/run sets ITRS_REQUIRE_SHARED=1 where
    ../shared is beside the clone, so that there a missing source fails instead of skipping."""
    value = os.environ.get("ITRS_REQUIRE_SHARED", "")
    if value not in {"", "0", "1"}:
        raise pytest.UsageError(f"ITRS_REQUIRE_SHARED must be 1 or 0, not {value!r}.")
    return value == "1"


def shared_sources(path: Path = SHARED_DIR) -> Path:
    """``path`` if it is there; otherwise skip the test, or fail it under ITRS_REQUIRE_SHARED=1."""
    if not path.is_dir():
        if shared_sources_required():
            pytest.fail(f"The sources folder {path} is missing, and ITRS_REQUIRE_SHARED=1 requires it.")
        pytest.skip(f"The sources folder {path} is not beside this clone.")
    return path


@pytest.fixture
def shared_dir():
    """The shared folder beside the repository (the sources). A clone with nothing beside it (hosted
    CI) skips the checks that need it; under ITRS_REQUIRE_SHARED=1 they fail."""
    return shared_sources()


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser of the secretariat."""
    user = django_user_model.objects.create_superuser("secretariat", "secretariat@example.org", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def germany(record):
    return Participant.objects.get(slug="germany")


@pytest.fixture
def anna(germany):
    """Anna, a delegate of Germany (a user; her password is ``tests.factories.PASSWORD``)."""
    user, _ = delegate_add(username="anna", participants=[germany.slug], password=PASSWORD)
    return user


@pytest.fixture
def secretariat(record, django_user_model):
    """Sam of the secretariat (a superuser), signed in to the admin as a browser is."""
    return AdminUser(django_user_model.objects.create_superuser("sam", "sam@example.org", PASSWORD))


@pytest.fixture(autouse=True)
def empty_response_cache():
    """Each test starts with an empty cache of public responses (the test settings keep it in memory):
    a test's writes roll back, and the next test may reach the same data version again."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["real record", "ten times more"])
def data_size(request, record):
    """The real record, then ten times more participants and published positions (made up): for the tests
    that prove a page's query count does not grow with the data."""
    from review.models import Participant, Position

    from .factories import scale_record

    if request.param == "ten times more":
        participants, positions = Participant.objects.count(), Position.objects.count()
        scale_record(factor=10)
        assert Participant.objects.count() == 10 * participants
        assert Position.objects.published().count() == 10 * positions
    return request.param


@pytest.fixture(autouse=True)
def data_version_bumped_at_each_statement(request):
    """On PostgreSQL the data version is bumped at COMMIT (deferred triggers, dataversion.triggers); a test
    runs in one transaction that never commits, so there they fire at the end of each statement instead, as
    the statement-level triggers of SQLite do. Tests of real transactions (transactional_db) are left as
    production runs them."""
    names = set(request.fixturenames)
    if "db" not in names or names & {"transactional_db", "live_server"}:
        yield
        return
    request.getfixturevalue("db")
    from django.db import connection

    from dataversion.triggers import existing_triggers

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        deferred = sorted(name for name in existing_triggers(connection) if "_truncate_" not in name)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS " + ", ".join(f'"{name}"' for name in deferred) + " IMMEDIATE")
    yield
