"""Every public page in every language, on a phone (390 px) and a desktop (1366 px): no page wider
than the screen, no error in the browser's console, no serious or critical axe-core violation, and
the Arabic pages right to left with their layout mirrored.

One browser for the whole run, one context per width, the pages visited in a loop; axe-core runs
once per page and language (on the phone, where more can go wrong). The language of the page does
not depend on the database, so the PostgreSQL run (`make test-postgres`) checks English only; the
SQLite run (`make test`) checks all six.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from ..factories import ParticipantFactory, PositionFactory, provision_2012
from .test_accessibility import PUBLIC_PAGES

pytestmark = pytest.mark.browser

# One URL of each public page (the first of each name in PUBLIC_PAGES: the bare page, or the page
# with the filters it needs to show something, such as the compilation's margins).
PAGES = [urls[0] for urls in PUBLIC_PAGES.values()]
# Served without a language prefix (the API lives outside i18n_patterns): checked in English only.
UNPREFIXED_PAGES = ["/api/v1/docs/"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE, TABLET, DESKTOP = 390, 768, 1366
HEIGHT = {PHONE: 844, TABLET: 1024, DESKTOP: 900}

# Wider than the screen: the page scrolls sideways (document.documentElement.scrollWidth), and the
# outermost elements that stick out of the screen without a scrolling box around them.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const root = document.documentElement;
  if (root.scrollWidth <= width) { return null; }
  const clippedByAncestor = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== 'visible') { return true; }
    }
    return false;
  };
  const outside = Array.from(document.body.querySelectorAll('*')).filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1) && !clippedByAncestor(element);
  });
  const outermost = outside.filter((element) => !outside.includes(element.parentElement));
  const describe = (element) => {
    const box = element.getBoundingClientRect();
    const name = element.tagName.toLowerCase() + (element.className && typeof element.className === 'string'
      ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    return `${name} (${Math.round(box.left)} to ${Math.round(box.right)} px)`;
  };
  return {scrollWidth: root.scrollWidth, width: width, culprits: outermost.slice(0, 6).map(describe)};
}"""

# Right to left: <html dir>, the header starting on the right (the site's name at its right edge)
# and the main navigation's first link at the right end of its list.
DIRECTION = """() => {
  const header = document.querySelector('.site-header');
  const style = getComputedStyle(header);
  const headerBox = header.getBoundingClientRect();
  const start = parseFloat(style.paddingInlineStart);
  const name = document.querySelector('.site-name').getBoundingClientRect();
  const list = document.querySelector('nav.main-navigation ul').getBoundingClientRect();
  const first = document.querySelector('nav.main-navigation li').getBoundingClientRect();
  return {
    dir: document.documentElement.dir,
    direction: getComputedStyle(document.body).direction,
    nameAtRight: Math.abs(name.right - (headerBox.right - start)) < 2,
    nameAtLeft: Math.abs(name.left - (headerBox.left + start)) < 2,
    navStartsRight: Math.abs(first.right - list.right) < 1,
    navStartsLeft: Math.abs(first.left - list.left) < 1,
  };
}"""


def language_url(language: str, path: str) -> str:
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


class Screen:
    """A browser context of one width, recording what the console and the page's scripts report."""

    def __init__(self, browser, base_url: str, width: int, *, scripts: bool = True):
        self.problems: list[str] = []
        self.context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": HEIGHT[width]}, java_script_enabled=scripts
        )
        self.context.set_default_timeout(20_000)
        # Browsers ask for /favicon.ico by themselves on some pages; that request is no page's fault.
        self.context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        self.context.on("console", lambda message: message.type == "error" and self.problems.append(message.text))
        self.context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))
        self.page = self.context.new_page()

    def visit(self, url: str) -> list[str]:
        """Open ``url``; the problems found on the way (status, console), as sentences."""
        self.problems.clear()
        response = self.page.goto(url)
        found = [f"{url}: HTTP {response.status}"] if response.status != 200 else []
        return found + [f"{url}: console: {problem}" for problem in self.problems]

    def overflow(self, url: str) -> list[str]:
        wide = self.page.evaluate(OVERFLOW)
        if not wide:
            return []
        return [
            f"{url}: the page is {wide['scrollWidth']} px wide on a {wide['width']} px screen; "
            f"sticking out: {', '.join(wide['culprits']) or 'nothing found'}"
        ]

    def close(self):
        self.context.close()


def direction_problems(page, url: str, language: str) -> list[str]:
    found = page.evaluate(DIRECTION)
    if language == "ar":
        expected = {"dir": "rtl", "direction": "rtl", "nameAtRight": True, "navStartsRight": True}
    else:
        expected = {"dir": "ltr", "direction": "ltr", "nameAtLeft": True, "navStartsLeft": True}
    wrong = {key: found[key] for key, value in expected.items() if found[key] != value}
    return [f"{url}: direction wrong ({language}): {wrong}"] if wrong else []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_fits_the_screen_in_every_language(browser, live_server, record, assert_accessible, language):
    if language != settings.LANGUAGE_CODE and connection.vendor == "postgresql":
        pytest.skip("The pages' languages do not depend on the database: the SQLite run checks them all.")
    paths = PAGES + (UNPREFIXED_PAGES if language == settings.LANGUAGE_CODE else [])
    failures = []
    for width in (PHONE, DESKTOP):
        screen = Screen(browser, live_server.url, width)
        try:
            for path in paths:
                url = language_url(language, path) if path not in UNPREFIXED_PAGES else path
                problems = screen.visit(url)
                if not problems:
                    problems += screen.overflow(url)
                    problems += direction_problems(screen.page, url, language)
                    if width == PHONE:
                        try:
                            assert_accessible(screen.page)
                        except AssertionError as error:
                            problems.append(f"{url} at {width} px: {error}")
                failures += [f"[{width} px] {problem}" for problem in problems]
        finally:
            screen.close()
    assert not failures, "\n".join(failures)


def test_every_public_page_fits_a_tablet(browser, live_server, record):
    screen = Screen(browser, live_server.url, TABLET)
    try:
        failures = []
        for url in PAGES + UNPREFIXED_PAGES:
            failures += screen.visit(url) or screen.overflow(url)
    finally:
        screen.close()
    assert not failures, "\n".join(failures)


# What a reader on a phone sees first: the matrix's first participant column beside the margin and the
# Summary, in reading order (right to left in Arabic), and a box that scrolls sideways for the rest.
MATRIX_IN_VIEW = """() => {
  const container = document.querySelector('.matrix-container');
  const box = container.getBoundingClientRect();
  const provision = document.querySelector('.matrix th.corner').getBoundingClientRect();
  const summary = document.querySelector('.matrix thead th.summary-column').getBoundingClientRect();
  const participant = document.querySelector('.matrix thead th.participant').getBoundingClientRect();
  const inside = (r) => r.left >= box.left - 1 && r.right <= box.right + 1;
  const rtl = document.documentElement.dir === 'rtl';
  return {
    allInView: inside(provision) && inside(summary) && inside(participant),
    inReadingOrder: rtl ? provision.left >= summary.right - 1 && summary.left >= participant.right - 1
                        : provision.right <= summary.left + 1 && summary.right <= participant.left + 1,
    scrolls: container.scrollWidth > container.clientWidth,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


# Sideways through the matrix, the way the page reads (leftwards in Arabic).
SCROLL_MATRIX_FORWARD = """() => document.querySelector('.matrix-container')
  .scrollBy(document.documentElement.dir === 'rtl' ? -200 : 200, 0)"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_matrix_keeps_the_margin_and_a_participant_in_view(browser, live_server, record, language):
    # Twelve participants more than the record's one: more columns than a phone shows.
    for participant in ParticipantFactory.create_batch(12):
        PositionFactory(participant=participant, provision=provision_2012(0))
    screen = Screen(browser, live_server.url, PHONE)
    try:
        assert not screen.visit(language_url(language, "/compare/"))
        found = screen.page.evaluate(MATRIX_IN_VIEW)
        assert found == {"allInView": True, "inReadingOrder": True, "scrolls": True, "pageWidth": PHONE}, found
        # Scrolled sideways, the provision column stays where it was (sticky) while participants pass under it.
        corner, participant = (
            screen.page.locator(".matrix th.corner"),
            screen.page.locator(".matrix th.participant").first,
        )
        before = corner.bounding_box()["x"], participant.bounding_box()["x"]
        screen.page.evaluate(SCROLL_MATRIX_FORWARD)
        after = corner.bounding_box()["x"], participant.bounding_box()["x"]
        assert after[0] == pytest.approx(before[0], abs=1) and abs(after[1] - before[1]) > 100, (before, after)
    finally:
        screen.close()


def test_on_a_phone_the_filters_fold_behind_one_button_and_the_rows_stack(browser, live_server, record):
    screen = Screen(browser, live_server.url, PHONE)
    try:
        for path in ("/positions/", "/provisions/", "/participants/", "/contributions/"):
            assert not screen.visit(path)
            filters = screen.page.locator("details.filters")
            assert filters.count() == 1 and not filters.evaluate("details => details.open"), path
            # The data starts within the first screen, the filters' button above it.
            first_row = screen.page.locator("table.stack tbody tr").first.bounding_box()
            assert first_row["y"] < HEIGHT[PHONE], path
            assert (
                screen.page.locator("table.stack tbody tr").first.evaluate("row => getComputedStyle(row).display")
                == "flex"
            )
            # One tap opens them.
            screen.page.locator("details.filters > summary").click()
            assert filters.evaluate("details => details.open"), path
    finally:
        screen.close()
    wide = Screen(browser, live_server.url, DESKTOP)
    try:
        assert not wide.visit("/positions/")
        # Where the screen has room, the lists open their filters by themselves; the rows are table rows.
        assert wide.page.locator("details.filters").evaluate("details => details.open")
        assert (
            wide.page.locator("table.stack tbody tr").first.evaluate("row => getComputedStyle(row).display")
            == "table-row"
        )
    finally:
        wide.close()


def test_on_a_phone_the_provision_page_reads_top_to_bottom(browser, live_server, record):
    screen = Screen(browser, live_server.url, PHONE)
    try:
        assert not screen.visit("/provisions/itrs-2012/29/")
        boxes = screen.page.evaluate(
            """() => ['h1', '.facts', '#text-heading', '#positions-heading', '#history-heading', '#without-heading',
                     '.prev-next'].map((selector) => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return {selector, top: box.top, left: box.left, right: box.right};
            })"""
        )
        tops = [box["top"] for box in boxes]
        assert tops == sorted(tops), boxes
        assert all(box["left"] >= 0 and box["right"] <= PHONE for box in boxes), boxes
    finally:
        screen.close()
