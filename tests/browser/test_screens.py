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
  const list = document.querySelector('nav[aria-label="Main"] ul').getBoundingClientRect();
  const first = document.querySelector('nav[aria-label="Main"] li').getBoundingClientRect();
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
