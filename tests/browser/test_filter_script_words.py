"""static/js/filters.js shows only the words the page gives it (data-* attributes of the filter form,
translated by the template): served with other words, it says those."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# As a French catalogue would give them (the catalogues come later; the page is served with these).
FRENCH = {
    "data-find-label": "Chercher dans : {list}",
    "data-count-text": "{shown} sur {total} affichés",
    "data-chosen-text": "Choisis : {names}",
    "data-none-chosen": "Aucun choisi.",
}


def test_the_filter_script_says_what_the_page_gives_it(page):
    def with_french_words(route):
        html = route.fetch().text()
        for attribute, words in FRENCH.items():
            html, replaced = re.subn(rf'{attribute}="[^"]*"', f'{attribute}="{words}"', html)
            assert replaced == 1, attribute
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    page.route(re.compile(r".*/positions/$"), with_french_words)
    page.goto("/positions/")
    filters = page.get_by_role("form", name="Filters")
    find = filters.get_by_label("Chercher dans : participant")
    find.fill("hill")
    expect(filters.get_by_text("1 sur 40 affichés")).to_be_visible()
    participants = filters.get_by_role("group", name="Participant:")
    participants.get_by_label("Hill", exact=True).check()
    expect(filters.get_by_text("Choisis : Hill")).to_be_visible()
    participants.get_by_label("Hill", exact=True).uncheck()
    expect(filters.get_by_text("Aucun choisi.")).to_have_count(1)
