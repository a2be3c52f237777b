"""Retake docs/screenshots/: the real record and 39 made-up participants in a throw-away SQLite
database, served by Django's development server, photographed by Debian's Chromium through
Playwright (1400 x 900, the top of each page). `make screenshots` runs it; look at the pictures
before committing them.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Name of the picture, the page, and what to do there before the picture is taken.
SHOTS = [
    ("compare-matrix", "/compare/", None),
    ("provision-itrs-2012-29", "/provisions/itrs-2012/29/", None),
]
VIEWPORT = {"width": 1400, "height": 900}
# Every public page, photographed in each language given with --languages (docs/screenshots/<language>/),
# on a desktop and on a phone: the top of the page, as a reader first sees it.
LANGUAGE_PAGES = [
    ("home", "/"),
    ("provisions", "/provisions/"),
    ("provision-itrs-2012-29", "/provisions/itrs-2012/29/"),
    ("positions", "/positions/"),
    ("compare-matrix", "/compare/"),
    ("compare-versions", "/compare/versions/"),
    ("participants", "/participants/"),
    ("participant-germany", "/participants/germany/"),
    ("contributions", "/contributions/"),
    ("contribution-eg-itrs-3-2", "/contributions/EG-ITRs-3/2/"),
    ("meetings", "/meetings/"),
    ("changes", "/changes/?since=3&until=6"),
    ("about-structure", "/about/structure/"),
    ("open-data", "/open-data/"),
    ("compilation", "/compilation/?margin=27-31"),
    ("summary", "/summary/"),
    ("brief-germany", "/participants/germany/brief/"),
]
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own server on loopback
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer at {url}.")


def take(page, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    print(target.relative_to(PROJECT_DIR) if target.is_relative_to(PROJECT_DIR) else target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "docs" / "screenshots")
    parser.add_argument(
        "--languages", nargs="*", default=["ar", "zh-hans"], help="also every public page in these languages"
    )
    options = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        raise SystemExit("Chromium is missing: apt-get install chromium (scripts/ensure-chromium.sh).")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="itrs-screenshots-") as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3", "DJANGO_DEBUG": "True"}
        manage("migrate", "--no-input", env=env)
        manage("load_review_data", env=env)
        manage("generate_scale_data", "--participants", "39", "--positions", "1500", "--seed", "1", env=env)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            options.out.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
                page = browser.new_page(viewport=VIEWPORT)
                for name, path, prepare in SHOTS:
                    page.goto(base + path)
                    if prepare:
                        prepare(page)
                    page.wait_for_load_state("networkidle")
                    take(page, options.out / f"{name}.png")
                for language in options.languages:
                    for screen, viewport in SCREENS.items():
                        page.set_viewport_size(viewport)
                        for name, path in LANGUAGE_PAGES:
                            page.goto(f"{base}/{language}{path}")
                            page.wait_for_load_state("networkidle")
                            take(page, options.out / language / f"{name}-{screen}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
