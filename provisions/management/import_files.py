"""What the import commands share: the acting user and reading the uploaded file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username: str | None):
    """The user named by ``--user``, or None (the operator) when no name is given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Unknown user '{username}'.")
    return user


def read_import_file(path: Path) -> str:
    """The file as UTF-8 text (a byte-order mark is dropped).

    Bytes are decoded as they are: reading as text would turn a line end inside a quoted cell
    ("\\r\\n" in a rationale) into "\\n", and an import must keep what the export wrote.
    """
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read it as UTF-8 text ({error}).") from error
