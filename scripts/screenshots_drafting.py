"""Screenshots of the drafting documents for docs/screenshots/ (headless Debian Chromium through Playwright).

Builds a throw-away SQLite database in a temporary folder: the real record, plus made-up provision
texts for margins 27 to 31 and a few made-up statements (so that the compilation shows merged options
and revision marks; none of it is the treaty's or a participant's words), serves it on 127.0.0.1 with
Django's development server, and photographs /compilation/ and a brief.

Usage: .venv/bin/python scripts/screenshots_drafting.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOT_PORT", "8765"))


def prepare(environment: dict) -> None:
    code = """
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from provisions.models import Provision
from review.models import Contribution, Meeting, Participant, Position
call_command("migrate", verbosity=0)
call_command("load_review_data", verbosity=0)
texts = {
    "27": "Member States shall cooperate on the example network so that made-up services reach a made-up quality.",
    "28": "Member States shall endeavour to provide example facilities sufficient for the made-up demand.",
    "29": "Example routes are agreed between the example agencies; meanwhile the first agency chooses.",
}
for margin, text in texts.items():
    Provision.objects.filter(instrument__slug="itrs-2012", margin=margin).update(text="[made up] " + text)
meeting = Meeting.objects.get(number=5)
document = Contribution.objects.create(symbol="EG-ITRs-5/99", meeting=meeting, number=99, title="[made up] Example")
def state(slug, margin, stance, text="", rationale=""):
    Position.objects.create(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin=margin),
        participant=Participant.objects.get(slug=slug), stance=stance, proposed_text=text,
        rationale=rationale, contribution=document, state="published", published_at=timezone.now())
proposal = "[made up] Member States shall cooperate on the example network so that all services reach a fair quality."
state("germany", "27", "revise", proposal, "[made up] Clearer wording.")
state("spain", "27", "revise", proposal.replace("  ", " "), "[made up] Clearer wording.")
state("china", "27", "retain", rationale="[made up] Still relevant.")
state("egypt", "27", "revise", "[made up] Member States should cooperate on the example network.", "[made up] Shorter.")
state("germany", "28", "abrogate", rationale="[made up] No longer needed.")
state("ghana", "29", "retain", rationale="[made up] Works as it is.")
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, check=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="itrs-screens-"))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'screens.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "itrs_site.settings",
        "DJANGO_DEBUG": "True",
        "PYTHONPATH": str(ROOT),
    }
    prepare(environment)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/meetings/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            shots = {
                "compilation-itrs-2012-27-29.png": "/compilation/?margin=27-29",
                "brief-germany.png": "/participants/germany/brief/?margin=1-40&since=4",
            }
            for name, url in shots.items():
                page.goto(base + url)
                page.screenshot(path=str(OUTPUT / name), full_page=True)
                print(f"docs/screenshots/{name} <- {url}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
