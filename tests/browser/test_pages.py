"""The pages that every journey starts from, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_renders_and_is_accessible(page, assert_accessible, screenshot):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The review of the ITRs, provision by provision")
    expect(page.get_by_role("table", name="Current stances by stance and instrument")).to_be_visible()
    # The stylesheet loaded under the CSP (served by the app itself).
    assert page.evaluate("() => document.styleSheets.length") >= 1
    assert_accessible(page)
    screenshot(page, "home")


def test_admin_login_works_under_the_content_security_policy(page, django_user_model, assert_accessible, screenshot):
    django_user_model.objects.create_superuser("secretariat", "s@example.org", "a-long-password-1")
    page.goto("/admin/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    screenshot(page, "admin-index")


@pytest.mark.parametrize(
    "url", ["/contributions/", "/meetings/", "/positions/?participant=hill", "/participants/hill/"]
)
def test_document_symbols_stay_on_one_line_on_a_phone(page, url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    symbols = page.locator(".doc-symbol")
    assert symbols.count() > 0
    broken = page.evaluate(
        """() => Array.from(document.querySelectorAll('.doc-symbol'))
            .filter((element) => element.getClientRects().length > 1)
            .map((element) => element.textContent)"""
    )
    assert not broken, broken
