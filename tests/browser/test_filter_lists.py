"""The long lists of the filter forms in a real browser: a box narrows them as one types (the
script of this host, static/js/filters.js, under the page's Content-Security-Policy), and without
scripts the lists still scroll and send what is ticked."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_typing_narrows_a_long_list_and_ticking_needs_no_ctrl_click(page, assert_accessible):
    page.goto("/positions/")
    filters = page.get_by_role("form", name="Filters")
    participants = filters.get_by_role("group", name="Participant:")
    find = filters.get_by_label("Find in participant")
    expect(find).to_be_visible()
    # Accents and case ignored, as the search of the site ignores them.
    find.fill("COTE")
    expect(participants.get_by_label("Côte d'Ivoire")).to_be_visible()
    expect(participants.get_by_label("Czech Republic")).to_be_hidden()
    expect(filters.get_by_text("1 of 40 shown")).to_be_visible()
    participants.get_by_label("Côte d'Ivoire").check()
    # Enter in the box narrows; it does not send the form.
    find.fill("hill")
    find.press("Enter")
    expect(page).to_have_url(re.compile(r"/positions/$"))
    participants.get_by_label("Hill", exact=True).check()
    find.fill("")
    expect(participants.get_by_label("Czech Republic")).to_be_visible()
    expect(filters.get_by_text("Chosen: Côte d'Ivoire; Hill")).to_be_visible()
    # Parts, by instrument: a search that matches none of one instrument hides its group.
    filters.get_by_label("Find in part", exact=True).fill("appendix 3")
    parts = filters.get_by_role("group", name="Part:")
    expect(parts.get_by_role("group", name="2012 ITRs")).to_be_hidden()
    parts.get_by_role("group", name="1988 ITRs").get_by_label(re.compile(r"Appendix 3: Service")).check()
    assert_accessible(page)
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"participant=cote-divoire&participant=hill"))
    expect(page).to_have_url(re.compile(r"part=itrs-1988%3Aappendix-3"))
    expect(page.get_by_text("Chosen: Côte d'Ivoire; Hill")).to_be_visible()


def test_the_lists_work_without_scripts(browser, live_server, record):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/positions/")
        # Without scripts the filters stay folded behind their one button, which opens them.
        page.locator("details.filters > summary").click()
        filters = page.get_by_role("form", name="Filters")
        expect(filters.get_by_label("Find in participant")).to_have_count(0)  # the script adds it
        filters.get_by_role("group", name="Participant:").get_by_label("Hill", exact=True).check()
        filters.get_by_role("group", name="Part:").get_by_label(
            re.compile(r"Article 3: International network$")
        ).check()
        filters.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"participant=hill"))
        expect(page.locator("caption")).to_contain_text("(8 rows)")
    finally:
        context.close()
