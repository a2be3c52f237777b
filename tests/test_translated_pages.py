"""Every public page in each of the five other languages, rendered: none of the interface's English
labels is left (navigation, headings, filter labels, column headers, buttons, captions, the labels of
stacked rows and what a screen reader hears).

A label is English when its text is one of the catalogue's messages (placeholders matching any value)
whose translation differs from it; messages that read the same in both languages ("Source" in French)
are not English left. Data stays as recorded and is never checked: names, symbols, subjects.
"""

from __future__ import annotations

import re
from functools import cache

import polib
import pytest
from django.conf import settings
from lxml import html

from .browser.test_accessibility import PUBLIC_PAGES
from .test_catalogues import LOCALE, LOCALE_DIRECTORIES

# The interface: where the labels a person reads or hears are.
LABELS = (
    "//title | //nav//a | //h1 | //h2 | //h3 | //th[@scope='col'] | //label | //legend | //button | //summary"
    " | //caption | //dt | //select/option"
)
ATTRIBUTES = ("aria-label", "data-label", "placeholder", "title")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+\}")
TAG = re.compile(r"<[^>]+>")
PAGES = [url for urls in PUBLIC_PAGES.values() for url in urls]


@cache
def english_messages(language: str) -> re.Pattern:
    """One pattern matching any message of ``language``'s catalogue, in English, whose translation differs."""
    po = polib.pofile(str(LOCALE / LOCALE_DIRECTORIES[language] / "LC_MESSAGES" / "django.po"))
    patterns = set()
    for entry in po.translated_entries():
        translated = set(entry.msgstr_plural.values()) if entry.msgid_plural else {entry.msgstr}
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if english in translated:
                continue
            text = " ".join(TAG.sub("", english).replace("%%", "%").split())
            pieces = PLACEHOLDER.split(text)
            # A message that is nothing but placeholders and punctuation says no English word.
            if not any(re.search(r"[A-Za-z]{2}", piece) for piece in pieces):
                continue
            # A value inside a sentence may be several words; at either end, one Latin word or number (a
            # count, a symbol), so that "%(count)s provisions" does not take "Colonnes de provisions" or
            # "أعمدة provisions" (a table's file name after a translated word) for English left.
            pattern = ".+?".join(re.escape(piece) for piece in pieces)
            pattern = re.sub(r"^\.\+\?", r"[0-9A-Za-z]\\S*?", pattern)
            pattern = re.sub(r"\.\+\?$", r"[0-9A-Za-z]\\S*?", pattern)
            patterns.add(pattern)
    return re.compile("|".join(sorted(patterns, key=len, reverse=True)))


def label_texts(page: str) -> list[str]:
    tree = html.fromstring(page)
    texts = []
    for element in tree.xpath(LABELS):
        texts.append(" ".join(element.text_content().split()))
        texts += [" ".join(text.split()) for text in element.xpath(".//text()")]
    for name in ATTRIBUTES:
        texts += [" ".join(value.split()) for value in tree.xpath(f"//@{name}")]
    return [text for text in texts if text]


def english_left(page: str, language: str) -> list[str]:
    pattern = english_messages(language)
    return sorted({text for text in label_texts(page) if pattern.fullmatch(text)})


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE])
def test_no_english_label_is_left_on_any_public_page(record, client, language):
    failures = []
    for url in PAGES:
        response = client.get(f"/{language}{url}")
        assert response.status_code == 200, url
        left = english_left(response.content.decode(), language)
        if left:
            failures.append(f"/{language}{url}: {left}")
    assert not failures, "\n".join(failures)


def test_the_check_finds_english_labels_on_an_english_page(record, client):
    # The same pages in English: the check would see every label left untranslated.
    left = english_left(client.get("/provisions/").content.decode(), "fr")
    assert {"Provisions", "Filters", "Apply filters", "Margin"} <= set(left)
