"""The triggers that increment the data version on every write to a table the public reads.

In the database rather than in Python, so that no write path can forget it: the admin, the services,
``bulk_create``, ``QuerySet.update()``, the loader, imports, raw SQL and ``psql`` all go through them,
in the same transaction as the write (a rolled-back write leaves the version as it was).

- PostgreSQL: one constraint trigger per table, AFTER INSERT OR UPDATE OR DELETE, DEFERRABLE INITIALLY
  DEFERRED, so that the bump runs at COMMIT: the version row is locked for the commit only, and two writing
  transactions never wait for each other (tests/test_concurrency.py); the first row of a statement bumps, the
  others see the mark ``itrs.data_version_bumped`` and return (a bulk insert of 30,000 rows bumps once). Plus
  one statement-level trigger AFTER TRUNCATE (constraint triggers cannot watch TRUNCATE).
- SQLite has row-level triggers only: three per table (insert, update, delete). Each bump rewrites one
  row of a one-row table, which costs little beside the row written (benchmarks/RESULTS-load.md).

The bump is an upsert, so that it works after a flush emptied the version table too. ``changed_at`` is
the wall clock at the write (``clock_timestamp()``, not the transaction's start, so that it never goes
back when a transaction that started earlier writes later).

Which tables: every table of the apps in ``PUBLIC_APP_LABELS``, history and link tables included (a
spurious bump costs a cache miss, a missing one a stale page). ``ensure_data_version`` runs after every
``migrate`` and installs whatever trigger is missing: SQLite drops a table's triggers when a migration
rebuilds the table, and a new model's table needs its own.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import connections, router

# The apps whose tables hold what the public reads. Add an app here when it does.
PUBLIC_APP_LABELS = ("provisions", "review")

VERSION_TABLE = "dataversion_dataversion"
FUNCTION_NAME = "itrs_bump_data_version"
TRIGGER_PREFIX = "itrs_data_version"

SQLITE_EVENTS = ("insert", "update", "delete")

SQLITE_BUMP = (
    f"INSERT INTO {VERSION_TABLE} (id, number, changed_at) VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET number = number + 1, changed_at = excluded.changed_at"
)

# Deferred, the trigger fires for every row at COMMIT, all in that one statement: the mark (transaction and
# statement) lets the first bump and the others return. Fired at each statement instead (SET CONSTRAINTS ...
# IMMEDIATE, as the tests do), it bumps once per statement.
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION_NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mark text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    IF current_setting('itrs.data_version_bumped', true) IS DISTINCT FROM mark THEN
        PERFORM set_config('itrs.data_version_bumped', mark, true);
        INSERT INTO {VERSION_TABLE} (id, number, changed_at) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE
            SET number = {VERSION_TABLE}.number + 1,
                changed_at = GREATEST(clock_timestamp(), {VERSION_TABLE}.changed_at);
    END IF;
    RETURN NULL;
END
$$
"""


def public_tables(apps=global_apps) -> list[str]:
    """The database tables of every model (and many-to-many link) of the public apps."""
    tables = []
    for label in PUBLIC_APP_LABELS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def trigger_names(table: str, vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"{TRIGGER_PREFIX}_{table}_{event}" for event in SQLITE_EVENTS]
    return [f"{TRIGGER_PREFIX}_{table}"[:63], f"{TRIGGER_PREFIX}_truncate_{table}"[:63]]


def existing_triggers(connection) -> set[str]:
    """The names of the data version triggers the database holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER_PREFIX}%"]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [f"{TRIGGER_PREFIX}%"]
            )
        return {name for (name,) in cursor.fetchall()}


def _create_statements(table: str, vendor: str) -> list[str]:
    quoted = f'"{table}"'
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event.upper()} ON {quoted} FOR EACH ROW '
            f"BEGIN {SQLITE_BUMP}; END"
            for name, event in zip(trigger_names(table, vendor), SQLITE_EVENTS, strict=True)
        ]
    changes, truncate = trigger_names(table, vendor)
    return [
        f'CREATE CONSTRAINT TRIGGER "{changes}" AFTER INSERT OR UPDATE OR DELETE ON {quoted} '
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION_NAME}()",
        f'CREATE TRIGGER "{truncate}" AFTER TRUNCATE ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION_NAME}()',
    ]


def install_triggers(connection, tables: list[str]) -> list[str]:
    """Create the triggers missing on ``tables`` (those that exist); returns the names created."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"The data version triggers support SQLite and PostgreSQL, not {vendor}.")
    with connection.cursor() as cursor:
        present_tables = set(connection.introspection.table_names(cursor))
    if VERSION_TABLE not in present_tables:
        return []
    have = existing_triggers(connection)
    created = []
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTION)
        for table in tables:
            if table not in present_tables:
                continue
            for name, statement in zip(trigger_names(table, vendor), _create_statements(table, vendor), strict=True):
                if name not in have:
                    cursor.execute(statement)
                    created.append(name)
    return created


def drop_triggers(connection) -> None:
    """Remove every data version trigger (and the function), for the migration's reverse."""
    names = existing_triggers(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in names:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        else:
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION_NAME}() CASCADE")


def bump_data_version(*, using: str = "default", only_if_missing: bool = False) -> None:
    """Increment the data version by hand, for writes that no trigger sees (a restore loads rows before the
    triggers exist). ``only_if_missing``: create the row where a flush removed it, else leave it. Does
    nothing where the version table does not exist yet (its migration starts a new state)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if VERSION_TABLE not in connection.introspection.table_names(cursor):
            return
        now = "strftime('%Y-%m-%d %H:%M:%f', 'now')" if connection.vendor == "sqlite" else "clock_timestamp()"
        update = "NOTHING" if only_if_missing else f"UPDATE SET number = {VERSION_TABLE}.number + 1, changed_at = {now}"
        cursor.execute(
            f"INSERT INTO {VERSION_TABLE} (id, number, changed_at) VALUES (1, 1, {now}) ON CONFLICT (id) DO {update}"
        )


def ensure_data_version(*, using: str = "default", **kwargs) -> None:
    """After migrate (and flush): the version row and every trigger, where missing."""
    from .models import DataVersion

    if not router.allow_migrate_model(using, DataVersion):
        return
    bump_data_version(using=using, only_if_missing=True)
    install_triggers(connections[using], public_tables())
