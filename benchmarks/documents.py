"""The drafting documents at scale: the 2012 compilation of options as DOCX, ODT and PDF.

Builds its own SQLite database (benchmarks/results/documents.sqlite3, or BENCH_DATABASE_URL), loads the
real record, adds 200 synthetic participants and 30,000 synthetic statements (generate_scale_data),
and measures each export through the page (``/compilation/?_export=...``, as a browser gets it), each
in a fresh process: wall time (median of BENCH_RUNS after a warm-up), the peak of Python allocations
(tracemalloc) and the process's peak resident memory (which counts WeasyPrint's C libraries too).

Two data sets:
- ``synthetic``: as generate_scale_data makes it (every synthetic MOD proposes the same text, so each
  provision has at most one MOD option; no provision text, so no revision marks);
- ``worst``: every 2012 provision given a made-up text of about sixty words, and every synthetic
  MOD/ADD statement a different made-up proposal (a few words changed): each one its own option, each
  MOD with its own tracked changes. The made-up texts go into the benchmark's database only.

Usage: .venv/bin/python benchmarks/documents.py  (results printed and in benchmarks/results/documents.json)

A PDF whose print HTML is over the limit (review/documents/pdf.py) is refused with a message; the
benchmark raises the limit (DRAFTING_PDF_MAX_HTML_BYTES) to measure what it would cost.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

from bench_django import RESULTS, start_django  # benchmarks/, where the scripts run from

DATABASE_FILE = start_django("documents.sqlite3")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

# Measure the PDF whatever its size (the site refuses the largest; see review/documents/pdf.py).
settings.DRAFTING_PDF_MAX_HTML_BYTES = 10**9

RUNS = int(os.environ.get("BENCH_RUNS", "1"))
FORMATS = ("docx", "odt", "pdf")
URL = "/compilation/?_export={}"
WORDS = [
    "member",
    "states",
    "operating",
    "agencies",
    "shall",
    "should",
    "may",
    "ensure",
    "cooperate",
    "international",
    "network",
    "service",
    "traffic",
    "routes",
    "quality",
    "accounting",
    "rates",
    "charges",
    "settlement",
    "agreement",
    "arrangements",
    "provision",
    "security",
    "facilities",
    "telecommunication",
    "public",
    "notify",
    "measures",
    "appropriate",
    "relevant",
]


def setup(worst: bool) -> None:
    from provisions.models import Provision
    from review.management.commands.generate_scale_data import SYNTHETIC_SLUG_PREFIX
    from review.models import Position, Stance

    call_command("migrate", verbosity=0)
    call_command("load_review_data", verbosity=0)
    call_command("generate_scale_data", participants=200, positions=30000, verbosity=0)
    chooser = random.Random(2026)
    provisions = list(Provision.objects.filter(instrument__slug="itrs-2012"))
    if not worst:
        Provision.objects.filter(pk__in=[p.pk for p in provisions]).update(text="")
        Position.objects.filter(participant__slug__startswith=SYNTHETIC_SLUG_PREFIX).filter(
            stance__in=[Stance.REVISE, Stance.ADD]
        ).update(proposed_text="[synthetic] Proposed text.")
        return
    texts = {}
    for provision in provisions:
        provision.text = " ".join(chooser.choice(WORDS) for _ in range(60)) + "."
        texts[provision.pk] = provision.text
    Provision.objects.bulk_update(provisions, ["text"])
    statements = list(
        Position.objects.filter(
            participant__slug__startswith=SYNTHETIC_SLUG_PREFIX, stance__in=[Stance.REVISE, Stance.ADD]
        ).only("pk", "provision_id")
    )
    for statement in statements:
        words = (texts.get(statement.provision_id) or "made up text").rstrip(".").split()
        for _ in range(4):
            words[chooser.randrange(len(words))] = chooser.choice(WORDS)
        statement.proposed_text = " ".join(words) + f", variant {statement.pk}."
    Position.objects.bulk_update(statements, ["proposed_text"], batch_size=2000)


def measure(export_format: str) -> dict:
    """One format, in this process: time (median of BENCH_RUNS), size, peak resident memory, and for
    DOCX and ODT the peak of Python allocations (tracemalloc, in a run of its own: it slows the run it
    watches, and a PDF's memory is mostly Pango's, outside Python, which the resident peak counts)."""
    client = Client()
    url = URL.format(export_format)
    # Warm-up on one provision: imports, templates, fonts.
    assert client.get(URL.format(export_format) + "&margin=1").status_code == 200
    times, cpu_times = [], []
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        assert response.status_code == 200, response.content[:200]
    result = {
        "format": export_format,
        "seconds": round(statistics.median(times), 2),
        # CPU time of this process: what the export costs, whatever else the machine is doing.
        "cpu_seconds": round(statistics.median(cpu_times), 2),
        "load_average": round(os.getloadavg()[0], 1),
        "bytes": len(response.content),
        "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if export_format == "pdf":
        result["pages"] = pdf_pages(response.content)
    else:
        tracemalloc.start()
        client.get(url)
        result["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


def pdf_pages(data: bytes) -> int | None:
    """The number of pages, read by poppler's pdfinfo where it is installed."""
    try:
        output = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE)
    return int(match[1]) if match else None


def counts() -> dict:
    from django.http import QueryDict

    from review.documents.selectors import compilation_for
    from review.filters import OneInstrumentFilterSet
    from review.models import Position

    filterset = OneInstrumentFilterSet(QueryDict())
    compilation = compilation_for(selection=filterset.selection, instrument=filterset.chosen_instrument, as_of=None)
    options = [option for provision in compilation.provisions for option in provision.options]
    return {
        "statements": Position.objects.published().count(),
        "current_statements_2012": Position.objects.current().filter(provision__instrument__slug="itrs-2012").count(),
        "provisions": len(compilation.provisions),
        "options": len(options),
        "tracked_mods": sum(1 for option in options if option.diff is not None),
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
        return
    results = {}
    # BENCH_DATA_SETS=synthetic measures one of them.
    for data_set in os.environ.get("BENCH_DATA_SETS", "synthetic,worst").split(","):
        connection.close()
        if DATABASE_FILE.exists() and "BENCH_DATABASE_URL" not in os.environ:
            DATABASE_FILE.unlink()
        setup(worst=data_set == "worst")
        results[data_set] = {"counts": counts(), "formats": []}
        for export_format in FORMATS:
            output = subprocess.run(
                [sys.executable, __file__, "--measure", export_format], check=True, capture_output=True, text=True
            ).stdout
            results[data_set]["formats"].append(json.loads(output.strip().splitlines()[-1]))
        print(data_set, json.dumps(results[data_set], indent=1))
    (RESULTS / "documents.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
