"""What the history of positions and provisions says about each change: who, and why.

simple-history records the user of a change (``history_user``); the services add a change
reason (``history_change_reason``) saying what the write was: "Published", "Imported from
positions.csv", "Recorded in bulk (Record positions)". A write without a user comes from the
command line (the services take ``user=None`` only for the operator there), so its reason also
names the operating-system account that ran the command: the history then never shows "None".
"""

from __future__ import annotations

import getpass

from django.utils import timezone
from django.utils.translation import gettext_noop

# The reasons the admin and the services record, so that tests and templates use the same words.
RECORDED_IN_BULK = "Recorded in bulk (Record positions)"
ADDED = "Added in the admin"
EDITED = "Edited in the admin"
PUBLISHED = "Published"
UNPUBLISHED = "Withdrawn to draft"
DELETED = "Deleted"
RESTORED = "Restored"
LOADED = "Loaded by load_review_data"

# Shown under "Changed by" for a change without a user (translated there; stored in English in
# the reasons below, which are written once and read in any language).
COMMAND_LINE = gettext_noop("command line")


def imported_from(source: str, *, what: str = "Imported") -> str:
    """The reason of an import: ``Imported from positions.csv``."""
    return f"{what} from {source}" if source else what


def reverted_to(history_date) -> str:
    """The reason of a revert from the history page, naming the version it went back to."""
    return f"Reverted to the version of {timezone.localtime(history_date):%Y-%m-%d %H:%M}"


def operator() -> str:
    """The operating-system account running this process (``unknown`` if it has no name)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def change_reason(action: str, *, user) -> str:
    """The reason to record: ``action``, and for a write without a user where it came from."""
    if user is not None:
        return action
    return f"{action} ({COMMAND_LINE}, OS user {operator()})"
