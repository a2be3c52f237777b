"""The delegate journey in a real browser: log in to the admin, record positions on a margin list with
ranges, confirm, publish, see them on the public provision page; and be refused another participant's
position."""

import re

import pytest
from playwright.sync_api import expect

from provisions.models import Provision
from review.models import Participant, Position, PositionState, Stance
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

MARGINS = "3, 5, 16-19, 1/1-1/3"
EXPECTED_MARGINS = ["3", "5", "16", "17", "18", "19", "1/1", "1/2", "1/3"]


@pytest.fixture
def other_participants_position(record):
    """A draft of another participant, which the delegate must never reach."""
    return Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="29"),
        participant=Participant.objects.get(slug="united-states"),
        stance=Stance.RETAIN,
        rationale="Another delegation's draft.",
        state=PositionState.DRAFT,
    )


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_delegate_records_confirms_and_publishes_a_margin_list(
    page, anna, other_participants_position, assert_accessible, screenshot
):
    log_in(page, "anna", PASSWORD)
    page.get_by_role("link", name="Positions", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/admin/review/position/"))
    # The other delegation's draft is not in the list.
    expect(page.locator("#content-main")).not_to_contain_text("United States")

    page.get_by_role("link", name=re.compile("Record positions")).click()
    expect(page).to_have_url(re.compile(r"/admin/review/position/record/$"))
    form = page.locator("#content-main form")
    expect(form.get_by_label("Participant")).to_be_visible()
    # Only the delegate's own participant is offered.
    participant_options = form.get_by_label("Participant").locator("option").all_text_contents()
    assert [option.strip() for option in participant_options if option.strip() != "---------"] == ["Germany"]
    form.get_by_label("Instrument").select_option(label="2012 ITRs")
    form.get_by_label("Margins").fill(MARGINS)
    form.get_by_label("Stance").select_option("abrogate")
    form.get_by_label("ToR item").select_option("c")
    form.get_by_label("Rationale").fill("No longer needed <b>today</b> & tomorrow.")
    form.get_by_role("button", name="Preview").click()

    preview = page.locator("#record-preview")
    expect(preview).to_be_visible()
    margins_shown = [cell.strip() for cell in preview.locator("tbody tr td:first-child").all_inner_texts()]
    assert margins_shown == EXPECTED_MARGINS
    expect(preview.locator("tbody tr")).to_have_count(len(EXPECTED_MARGINS))
    assert not Position.objects.filter(participant__slug="germany").exists(), "nothing is written before confirming"
    screenshot(page, "delegate-1-preview")

    page.get_by_role("button", name="Confirm: record these positions").click()
    expect(page.locator(".messagelist")).to_contain_text(str(len(EXPECTED_MARGINS)))
    recorded = Position.objects.filter(participant__slug="germany")
    assert sorted(recorded.values_list("provision__margin", flat=True)) == sorted(EXPECTED_MARGINS)
    assert set(recorded.values_list("state", flat=True)) == {PositionState.DRAFT}

    # Drafts are not public yet.
    public = page.context.new_page()
    public.goto("/provisions/itrs-2012/16/")
    expect(public.locator("main")).not_to_contain_text("No longer needed")
    public.close()

    # Publish them all from the list.
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("published")
    assert set(recorded.values_list("state", flat=True)) == {PositionState.PUBLISHED}
    screenshot(page, "delegate-2-published")

    # The public provision page shows the position, its rationale escaped, not as markup.
    page.goto("/provisions/itrs-2012/16/")
    main = page.locator("main")
    # Germany's current stance, and its statement in the history below.
    expect(main.locator("section.stance-group").get_by_role("link", name="Germany", exact=True)).to_be_visible()
    expect(main.locator("table.statement-history").get_by_role("link", name="Germany", exact=True)).to_be_visible()
    expect(main).to_contain_text("No longer needed <b>today</b> & tomorrow.")
    assert_accessible(page)
    screenshot(page, "delegate-3-public-provision-16")


def test_delegate_is_refused_another_participants_position(page, browser_problems, anna, other_participants_position):
    log_in(page, "anna", PASSWORD)
    for url in (
        f"/admin/review/position/{other_participants_position.pk}/change/",
        f"/admin/review/position/{other_participants_position.pk}/delete/",
        f"/admin/review/position/{other_participants_position.pk}/history/",
    ):
        response = page.goto(url)
        assert response.status in {403, 404}, url
    # A forged publish POST from the delegate's own session is refused too.
    csrf_page = page.goto("/admin/review/position/")
    assert csrf_page.ok
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"/admin/review/position/{other_participants_position.pk}/publish/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
    )
    assert response.status in {403, 404}
    other_participants_position.refresh_from_db()
    assert other_participants_position.state == PositionState.DRAFT
    assert other_participants_position.rationale == "Another delegation's draft."
    # The refusals above are the browser's "failed to load" messages; nothing else may be reported.
    browser_problems[:] = [problem for problem in browser_problems if not re.search(r"status of 40[34]", problem)]
