"""The public journey in a real browser: from the overview to the provisions a participant wants
abrogated, to provision 29 of the 2012 ITRs with its positions, to the comparison matrix, to the CSV a
drafter downloads and reads back."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from review.models import Position

pytestmark = pytest.mark.browser


def test_reader_finds_who_wants_margin_29_abrogated_and_downloads_the_matrix(page, assert_accessible, screenshot):
    # Overview.
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Provisions").click()
    expect(page).to_have_url(re.compile(r"/provisions/$"))
    assert_accessible(page)

    # Provisions Hill wants abrogated.
    filters = page.get_by_role("form", name="Filters")
    # Lists are checkboxes in a group named by its legend; a long one has a box that narrows it.
    filters.get_by_role("group", name="Stance:").get_by_label("SUP Abrogate").check()
    filters.get_by_label("Find in participant").fill("hil")
    filters.get_by_role("group", name="Participant:").get_by_label("Hill", exact=True).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"stance=abrogate"))
    expect(page).to_have_url(re.compile(r"participant=hill"))
    assert_accessible(page)
    screenshot(page, "public-1-provisions-abrogate-hill")
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name=re.compile("Margin")))
    expect(table.get_by_role("link", name="29", exact=True)).to_be_visible()
    # A retained margin is not among them (the Annex asks to keep 2/8).
    expect(table.get_by_role("link", name="2/8", exact=True)).to_have_count(0)

    # Provision 29 of the 2012 ITRs, with both of Hill's positions on it.
    table.get_by_role("link", name="29", exact=True).click()
    expect(page).to_have_url(re.compile(r"/provisions/itrs-2012/29/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("29")
    main = page.locator("main")
    expect(main).to_contain_text("Hill")
    expect(main).to_contain_text("SUP")
    expect(main).to_contain_text("MOD")
    expect(main.get_by_role("link", name="EG-ITRs-4/4").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-2-provision-29")

    # The comparison matrix, filtered to Hill on the 2012 ITRs.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Compare", exact=True).click()
    expect(page).to_have_url(re.compile(r"/compare/$"))
    page.locator("details.filters summary").click()
    filters = page.get_by_role("form", name="Filters")
    instrument = filters.get_by_role("group", name="Instrument:")
    expect(instrument.get_by_label("2012 ITRs")).to_be_checked()  # the matrix shows the 2012 ITRs unless asked
    instrument.get_by_label("2012 ITRs").check()
    filters.get_by_role("group", name="Participant:").get_by_label("Hill", exact=True).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"participant=hill"))
    matrix = page.locator("table.matrix")
    margin_29 = page.get_by_role("rowheader").get_by_role("link", name="29", exact=True)
    row_29 = matrix.get_by_role("row").filter(has=margin_29)
    expect(row_29).to_have_count(1)
    expect(row_29.get_by_role("link", name="SUP")).to_be_visible()
    expect(row_29.get_by_role("link", name="MOD")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-3-matrix-hill")

    # The CSV of exactly this table, downloaded and read back.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows, "the CSV has rows"
    assert {row["instrument"] for row in rows} == {"itrs-2012"}
    by_margin = {row["margin"]: row for row in rows}
    assert sorted(by_margin["29"]["Hill"].split()) == ["MOD", "SUP"]
    # One row per provision Hill holds a published position on, as in the database.
    expected = set(
        Position.objects.published()
        .filter(participant__slug="hill", provision__instrument__slug="itrs-2012")
        .values_list("provision__margin", flat=True)
    )
    assert set(by_margin) == expected
    for margin, row in by_margin.items():
        symbols = set(row["Hill"].split())
        held = set(
            Position.objects.published()
            .filter(participant__slug="hill", provision__instrument__slug="itrs-2012", provision__margin=margin)
            .values_list("stance", flat=True)
        )
        assert symbols == {Position(stance=stance).symbol for stance in held}, margin
