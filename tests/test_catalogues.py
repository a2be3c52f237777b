"""The five translation catalogues are complete and safe to use, and hold every string the code marks.

- every entry translated, every plural form filled, none fuzzy or obsolete;
- a translation keeps the message's placeholders (a missing one loses a value, an unknown one breaks the
  page) and its HTML tags;
- each committed .mo says exactly what its .po says (scripts/compile_messages.py writes them);
- `makemessages`, run on a copy of the code, finds no marked string the catalogues lack (a string
  added without `make messages` would otherwise reach every page in English).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LOCALE = BASE_DIR / "locale"
# Django's language codes and the locale directories that hold them.
LOCALE_DIRECTORIES = {"fr": "fr", "es": "es", "ru": "ru", "zh-hans": "zh_Hans", "ar": "ar"}
# What the code that makemessages reads lives in: the apps, the site package and the templates.
SOURCE_DIRECTORIES = ["api", "common", "dataversion", "itrs_site", "loading", "provisions", "review", "templates"]

PERCENT_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
BRACE_PLACEHOLDER = re.compile(r"\{(\w+)\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / LOCALE_DIRECTORIES[language] / "LC_MESSAGES" / "django.po"))


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def placeholders(text: str) -> Counter:
    return Counter(PERCENT_PLACEHOLDER.findall(text) + [f"{{{name}}}" for name in BRACE_PLACEHOLDER.findall(text)])


def test_every_language_but_english_has_a_catalogue():
    assert set(LOCALE_DIRECTORIES) == {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


@pytest.mark.parametrize("language", LOCALE_DIRECTORIES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 500, "the catalogue is nearly empty: run `make messages`"
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}, such as {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language} (check them, then remove the flag): {fuzzy[:5]}"
    assert not obsolete, f"obsolete entries in {language} (makemessages --no-obsolete drops them): {obsolete[:5]}"
    assert not po.metadata_is_fuzzy, f"the header of the {language} catalogue is marked fuzzy"


@pytest.mark.parametrize("language", LOCALE_DIRECTORIES)
def test_every_plural_form_of_the_language_is_filled(language):
    po = catalogue(language)
    forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    short = [
        entry.msgid
        for entry in po.translated_entries()
        if entry.msgid_plural
        and (sorted(entry.msgstr_plural) != list(range(forms)) or not all(map(str.strip, translations(entry))))
    ]
    assert not short, f"{language}: entries without all of their {forms} plural forms: {short[:5]}"


@pytest.mark.parametrize("language", LOCALE_DIRECTORIES)
def test_translations_keep_the_placeholders_and_the_tags(language):
    problems = []
    # The untranslated entries fail the test above.
    for entry in catalogue(language).translated_entries():
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        forms = translations(entry)
        for text in forms:
            unknown = set(placeholders(text)) - set(expected)
            if unknown:
                problems.append(f"{entry.msgid!r}: unknown {sorted(unknown)} in {text!r}")
            if Counter(TAG.findall(text)) != Counter(TAG.findall(entry.msgid)):
                problems.append(f"{entry.msgid!r}: the tags differ in {text!r}")
        # A plural form may leave the number out ("one participant"), but the last, general form holds
        # every value (and a language with one form has only that one).
        lost = set(expected) - set(placeholders(forms[-1]))
        if lost:
            problems.append(f"{entry.msgid!r}: {sorted(lost)} lost in {forms[-1]!r}")
    assert not problems, f"{language}:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("language", LOCALE_DIRECTORIES)
def test_the_committed_mo_says_what_the_po_says(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / LOCALE_DIRECTORIES[language] / "LC_MESSAGES" / "django.mo"))

    def messages(entries):
        return {
            (entry.msgctxt, entry.msgid): (entry.msgstr, dict(entry.msgstr_plural)) for entry in entries if entry.msgid
        }

    assert messages(mo) == messages(po.translated_entries()), (
        f"locale/{LOCALE_DIRECTORIES[language]}/LC_MESSAGES/django.mo is out of date: "
        "run `.venv/bin/python scripts/compile_messages.py`"
    )


def test_the_catalogues_hold_every_string_the_code_marks(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (Debian's gettext) is missing: `make test` installs it")
        pytest.skip("xgettext (Debian's gettext) is missing")
    copy = tmp_path / "project"
    for name in SOURCE_DIRECTORIES:
        shutil.copytree(BASE_DIR / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BASE_DIR / "manage.py", copy)
    shutil.copytree(LOCALE / "fr", copy / "locale" / "fr")
    environment = {**os.environ, "PYTHONPATH": str(copy), "DJANGO_SETTINGS_MODULE": "itrs_site.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--verbosity=0"],
        cwd=copy,
        env=environment,
        check=True,
    )

    def keys(path: Path) -> set[tuple[str | None, str]]:
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path))}

    found = keys(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    committed = keys(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    missing, unused = found - committed, committed - found
    assert not missing, f"marked in the code but not in the catalogues (run `make messages`): {sorted(missing)[:10]}"
    assert not unused, f"in the catalogues but no longer in the code (run `make messages`): {sorted(unused)[:10]}"
