"""Browser tests: Playwright's Python package driving Debian's Chromium against the live server.

Chromium comes from Debian (`make test` installs it with apt-get when missing); Playwright never
downloads a browser here. Without Chromium these tests are skipped on a laptop and fail under CI=true.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while one is
# running, even though every ORM call here is synchronous and in the test's own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = Path(os.environ.get("ITRS_SCREENSHOT_DIR", PROJECT_DIR / "test-artifacts" / "screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def _missing(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a missing browser is a failure, not a skip).", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        _missing("Chromium is not installed (apt-get install chromium, or `make test` does it)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        _missing("Playwright's Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_problems() -> list[str]:
    """What the browser reported as errors during the test (a test that expects some removes them)."""
    return []


@pytest.fixture
def page(browser, live_server, record, browser_problems):
    """A fresh browser tab on the live server, with the real record loaded.

    Fails the test on any Content-Security-Policy violation, failed resource or script error in the page,
    so that the policy is proved to fit every page a journey visits (the admin's included).
    """
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    # Browsers ask for /favicon.ico by themselves; the site has none, and that 404 is no page's fault.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    context.on(
        "console", lambda message: message.type == "error" and browser_problems.append(f"console: {message.text}")
    )
    context.on("weberror", lambda error: browser_problems.append(f"script error: {error.error}"))
    page = context.new_page()
    yield page
    context.close()
    assert not browser_problems, "The browser reported:\n" + "\n".join(browser_problems)


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-artifacts/screenshots/NAME.png (for a person to look at)."""

    def take(page, name: str) -> Path:
        page.wait_for_load_state("load")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def assert_accessible():
    """Run axe-core in the page and fail on serious or critical violations."""
    if not AXE_SCRIPT.is_file():
        _missing(f"{AXE_SCRIPT} is missing (npm install, or `make test` does it)")
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def check(page, *, exclude: list[str] | None = None):
        page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol, so the page's CSP (no injected scripts) does not
        # stop it, and the page runs under its real policy.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate("() => {" + source + "\n}")
        results = page.evaluate(
            "async (exclude) => await axe.run({exclude: exclude.map((selector) => [selector])},"
            " {resultTypes: ['violations']})",
            exclude or [],
        )
        serious = [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n    "
            + "\n    ".join(f"{node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
            for v in serious
        )
        assert not serious, f"axe-core found serious or critical violations on {page.url}:\n{report}"
        return results["violations"]

    return check
