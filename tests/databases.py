"""A new, empty database of the engine under test, for what must run outside the test's own: a restore,
servers in other processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote


@contextmanager
def empty_database(*, vendor: str, settings_dict: dict, folder: Path, prefix: str) -> Iterator[str]:
    """The URL of a new, empty database (a file in ``folder`` on SQLite; on PostgreSQL one named
    ``prefix`` and a random suffix on the test server), dropped afterwards."""
    if vendor == "sqlite":
        yield f"sqlite:///{folder / f'{prefix}.sqlite3'}"
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    # A connection of its own: CREATE DATABASE cannot run inside the test's transaction.
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user, password = quote(settings_dict["USER"], safe=""), quote(settings_dict["PASSWORD"], safe="")
    try:
        yield f"postgres://{user}:{password}@{settings_dict['HOST']}:{settings_dict['PORT']}/{name}"
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
