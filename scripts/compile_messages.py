#!/usr/bin/env python3
"""Compile each translation catalogue (locale/<language>/LC_MESSAGES/django.po) into the .mo file Django
reads, with polib: the same result as `manage.py compilemessages`, without GNU gettext on the machine.

The .mo files are committed, so that `make run` serves every language on a fresh machine;
tests/test_catalogues.py checks that each one says what its .po says. Run after editing a .po:

    .venv/bin/python scripts/compile_messages.py
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogues(locale: Path = LOCALE) -> list[Path]:
    written = []
    for po_path in sorted(locale.glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"Wrote {path.relative_to(LOCALE.parent)}")
