"""Backups that restore: a consistent snapshot of the whole database, and loading one into an empty database.

SQLite: the online backup API copies the database page by page under a read lock, so the copy is one
consistent state even while the application writes. PostgreSQL: pg_dump reads in one transaction
snapshot (custom format, restored with pg_restore in a single transaction). A backup restores into a
database of the same engine.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from common.database import refresh_planner_statistics
from dataversion.triggers import bump_data_version

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size: int


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def detect_format(path: Path) -> str:
    """'sqlite' or 'postgresql', from the first bytes of a backup file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from error
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by `manage.py backup` (neither SQLite nor a pg_dump archive).")


# --- PostgreSQL tools --------------------------------------------------------------------------------


def _pg_tool(name: str, alias: str) -> str:
    """pg_dump / pg_restore of the server's major version where installed (an older pg_dump refuses a newer
    server), else the one on PATH. PG_BIN overrides the folder."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    connection = connections[alias]
    connection.ensure_connection()
    major = connection.pg_version // 10000
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client-{major}).")
    return found


def _pg_env(alias: str) -> dict[str, str]:
    """The connection as libpq environment variables, so that no password appears on a command line."""
    settings_dict = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    env["PGDATABASE"] = connections[alias].settings_dict["NAME"]
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = re.sub(r"\s+", " ", result.stderr).strip()
        raise BackupError(f"{what} failed: {message}")


# --- Backup ------------------------------------------------------------------------------------------


def database_backup(*, path: Path, alias: str = "default") -> BackupResult:
    """Write a consistent snapshot of the database to PATH (written beside it, then renamed into place,
    so that PATH is never a half-written file)."""
    vendor = _vendor(alias)
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder; give the name of the backup file to write.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    handle, partial_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        if vendor == "sqlite":
            _sqlite_backup(alias, partial)
        else:
            _run(
                [_pg_tool("pg_dump", alias), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
                _pg_env(alias),
                "pg_dump",
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=path, engine=vendor, size=path.stat().st_size)


def _sqlite_backup(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # All pages in one step: the source holds one read lock, so the copy is one consistent state.
        connection.connection.backup(destination)
        (result,) = destination.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"The backup failed its integrity check: {result}")
    finally:
        destination.close()


# --- Restore -----------------------------------------------------------------------------------------


def user_tables(alias: str = "default") -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def database_restore(*, path: Path, alias: str = "default") -> str:
    """Load a backup into an empty database of the same engine. Refuses a database that holds any table,
    so that nothing is ever overwritten; returns the engine."""
    vendor = _vendor(alias)
    path = Path(path)
    backup_format = detect_format(path)
    if backup_format != vendor:
        raise BackupError(f"{path} is a {backup_format} backup; the database is {vendor}: use a {backup_format} one.")
    if tables := user_tables(alias):
        raise BackupError(
            f"The database is not empty ({len(tables)} tables, e.g. {tables[0]}): restore loads a backup into an "
            "empty database only. Create a new database, point DATABASE_URL at it and run restore again."
        )
    if vendor == "sqlite":
        _sqlite_restore(alias, path)
    else:
        env = _pg_env(alias)
        _run([_pg_tool("pg_restore", alias), "--list", str(path)], env, "Reading the archive")
        _run(
            [
                _pg_tool("pg_restore", alias),
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={env['PGDATABASE']}",
                str(path),
            ],
            env,
            "pg_restore",
        )
    # pg_restore loads the rows before it creates the triggers, and SQLite copies the backup's own version
    # row: either way the database now holds a state that no cache may have seen under its number.
    bump_data_version(using=alias)
    refresh_planner_statistics(using=alias)
    return vendor


def _sqlite_restore(alias: str, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (result,) = source.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"{path} failed its integrity check: {result}")
        connection = connections[alias]
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as an SQLite database: {error}") from error
    finally:
        source.close()
