"""What the import commands share: the acting user and reading the uploaded file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from provisions.importing import NotUtf8Error, decode_utf8


def acting_user(username: str | None):
    """The user named by ``--user``, or None (the operator) when no name is given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Unknown user '{username}'.")
    return user


def read_import_file(path: Path) -> str:
    """The file as UTF-8 text (a byte-order mark is dropped); a CommandError that names what is
    wrong: no such file, a folder, no permission, not UTF-8 (where, and how to save it so).

    Bytes are decoded as they are: reading as text would turn a line end inside a quoted cell
    ("\\r\\n" in a rationale) into "\\n", and an import must keep what the export wrote.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"{path}: there is no such file.") from error
    except IsADirectoryError as error:
        raise CommandError(f"{path}: this is a folder; give the path of a file.") from error
    except PermissionError as error:
        raise CommandError(f"{path}: you may not read this file (permission denied).") from error
    except OSError as error:
        raise CommandError(f"{path}: cannot read the file ({error.strerror or error}).") from error
    try:
        return decode_utf8(data)
    except NotUtf8Error as error:
        raise CommandError(f"{path}: {error}") from error
