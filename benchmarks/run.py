"""`make bench`: the public pages and the positions export at scale, beside a raw SQL read.

Builds its own SQLite database (benchmarks/results/bench.sqlite3, or BENCH_DATABASE_URL), loads
the real record, adds 200 synthetic participants and 30,000 synthetic positions
(generate_scale_data), and measures, in one run:

- the time of /compare/ for the 2012 ITRs, of /provisions/, and of the positions CSV export,
  each beside the time the database alone takes to read the same rows (raw SQL, fetched);
- the budgets of the second version (DESIGN.md): the positions CSV within 3x and the 2012 matrix
  within 2x the time of a raw ``SELECT * FROM review_position`` fetched in the same process; and the
  other pages that count by current stance (/provisions/, /participants/, /changes/, a provision page);
- the peak Python memory (tracemalloc) of the positions CSV export at 30,000 and at 120,000
  positions, beside the peak of a raw fetchall of the same rows.

Times are medians of several runs after a warm-up. Results: printed, and written to
benchmarks/results/latest.json. Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import tracemalloc

from bench_django import RESULTS, start_django  # benchmarks/, where the scripts run from

DATABASE_FILE = start_django("bench.sqlite3")

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))

RAW_COMPARE = [
    """SELECT pr.id, pr.margin, pr.subject, pa.kind, pa.number FROM provisions_provision pr
       JOIN provisions_part pa ON pa.id = pr.part_id JOIN provisions_instrument i ON i.id = pr.instrument_id
       WHERE i.slug = 'itrs-2012' ORDER BY pr.sort_key""",
    """SELECT DISTINCT par.id, par.name, par.slug FROM review_participant par
       JOIN review_position pos ON pos.participant_id = par.id AND pos.state = 'published'
       JOIN provisions_provision pr ON pr.id = pos.provision_id JOIN provisions_instrument i ON i.id = pr.instrument_id
       WHERE i.slug = 'itrs-2012' ORDER BY par.name""",
    """SELECT pos.id, pos.provision_id, pos.participant_id, pos.stance FROM review_position pos
       JOIN provisions_provision pr ON pr.id = pos.provision_id JOIN provisions_instrument i ON i.id = pr.instrument_id
       WHERE pos.state = 'published' AND i.slug = 'itrs-2012'""",
]
RAW_PROVISIONS = [
    """SELECT pr.id, pr.margin, pr.paragraph, pr.subject, pa.kind, pa.number, i.short_name,
         SUM(CASE WHEN pos.stance = 'abrogate' THEN 1 ELSE 0 END),
         SUM(CASE WHEN pos.stance = 'retain' THEN 1 ELSE 0 END),
         SUM(CASE WHEN pos.stance = 'revise' THEN 1 ELSE 0 END), SUM(CASE WHEN pos.stance = 'add' THEN 1 ELSE 0 END)
       FROM provisions_provision pr JOIN provisions_part pa ON pa.id = pr.part_id
       JOIN provisions_instrument i ON i.id = pr.instrument_id
       LEFT JOIN review_position pos ON pos.provision_id = pr.id AND pos.state = 'published'
       GROUP BY pr.id, pr.margin, pr.paragraph, pr.subject, pa.kind, pa.number, i.short_name, i.year, pr.sort_key
       ORDER BY i.year DESC, pr.sort_key LIMIT 50""",
    "SELECT COUNT(*) FROM provisions_provision",
]
RAW_POSITIONS_EXPORT = """
    SELECT i.slug, pr.margin, pa.kind, pa.number, pr.paragraph, par.name, par.kind, par.region, pos.stance,
           pos.tor_item, c.symbol, m.number, pos.rationale, pos.proposed_text, pos.updated_at
    FROM review_position pos
    JOIN provisions_provision pr ON pr.id = pos.provision_id
    JOIN provisions_part pa ON pa.id = pr.part_id
    JOIN provisions_instrument i ON i.id = pr.instrument_id
    JOIN review_participant par ON par.id = pos.participant_id
    LEFT JOIN review_contribution c ON c.id = pos.contribution_id
    LEFT JOIN review_meeting m ON m.id = c.meeting_id
    WHERE pos.state = 'published'
    ORDER BY i.year DESC, pr.sort_key, par.name, pos.stance, pos.id"""


# The budget's yardstick (DESIGN.md, second version): the raw read of the whole positions table,
# and the budgets: page or export time (cold, uncached) over that read.
RAW_POSITION_TABLE = "SELECT * FROM review_position"
BUDGETS = {"positions_csv": 3.0, "compare_itrs_2012": 2.0}


def raw_read(queries: list[str]) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query)
            rows += len(cursor.fetchall())
    return rows


def raw_stream(query: str) -> int:
    """Read every row without keeping them (what a streamed export needs from the database)."""
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(query)
        while chunk := cursor.fetchmany(2000):
            rows += len(chunk)
    return rows


def fetch(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def fetch_cold(client: Client, url: str) -> int:
    """The page as its first visitor after a write gets it: the response cache emptied first."""
    cache.clear()
    return fetch(client, url)


def median_time(function, *args) -> tuple[float, object]:
    result = function(*args)  # warm-up (and the result to report)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_memory(function, *args) -> tuple[int, object]:
    tracemalloc.start()
    result = function(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, result


def build_database() -> None:
    if DATABASE_FILE.exists() and "BENCH_DATABASE_URL" not in os.environ:
        DATABASE_FILE.unlink()
    call_command("migrate", verbosity=0)
    call_command("load_review_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("generate_scale_data", participants=200, positions=30000, force=True)


def main() -> None:
    build_database()
    client = Client()
    results: dict = {"runs": RUNS, "database": connection.vendor}
    pages = {
        "compare_itrs_2012": ("/compare/?instrument=itrs-2012", lambda: raw_read(RAW_COMPARE)),
        "provisions": ("/provisions/", lambda: raw_read(RAW_PROVISIONS)),
        "positions_csv": ("/positions/?_export=csv", lambda: raw_stream(RAW_POSITIONS_EXPORT)),
        "positions_json": ("/positions/?_export=json", lambda: raw_stream(RAW_POSITIONS_EXPORT)),
    }
    table_time, table_rows = median_time(raw_read, [RAW_POSITION_TABLE])
    results["raw_position_table"] = {"sql": RAW_POSITION_TABLE, "seconds": round(table_time, 4), "rows": table_rows}
    print(f"{RAW_POSITION_TABLE}: {table_time * 1000:.1f} ms ({table_rows} rows, fetchall)")
    for name, (url, raw) in pages.items():
        # Cold: rendered (the response cache emptied before each request). Warm: served from the cache.
        page_time, size = median_time(fetch_cold, client, url)
        warm_time, _ = median_time(fetch, client, url)
        raw_time, rows = median_time(raw)
        results[name] = {
            "url": url,
            "page_seconds": round(page_time, 4),
            "warm_seconds": round(warm_time, 4),
            "raw_sql_seconds": round(raw_time, 4),
            "ratio": round(page_time / raw_time, 1),
            "ratio_to_position_table": round(page_time / table_time, 2),
            "warm_ratio_to_position_table": round(warm_time / table_time, 3),
            "budget_to_position_table": BUDGETS.get(name),
            "bytes": size,
            "raw_rows": rows,
        }
        budget = (
            f"  budget {BUDGETS[name]}x: {'held' if page_time / table_time <= BUDGETS[name] else 'MISSED'}"
            if name in BUDGETS
            else ""
        )
        print(f"{name:18} cold {page_time * 1000:8.1f} ms  warm {warm_time * 1000:6.1f} ms  raw SQL "
              f"{raw_time * 1000:7.1f} ms (ratio {page_time / raw_time:4.1f})  vs position table: "
              f"cold {page_time / table_time:4.2f}x, warm {warm_time / table_time:5.3f}x{budget}  "
              f"({size} bytes)")  # fmt: skip
    # The other pages that count by current stance, cold: what a first visitor after a write waits.
    for name, url in {
        "provisions_first_page": "/provisions/",
        "participants": "/participants/",
        "changes_since_4": "/changes/?since=4",
        "provision_29": "/provisions/itrs-2012/29/",
        "compare_itrs_2012_as_of_4": "/compare/?instrument=itrs-2012&as_of=4",
        "home": "/",
    }.items():
        page_time, size = median_time(fetch_cold, client, url)
        results[name] = {"url": url, "cold_seconds": round(page_time, 4), "bytes": size}
        print(f"{name:26} cold {page_time * 1000:8.1f} ms  ({size} bytes)")

    for total in (30000, 120000):
        if total > 30000:
            call_command("generate_scale_data", participants=200, positions=total, force=True)
        export_peak, size = peak_memory(fetch_cold, client, "/positions/?_export=csv")
        raw_peak, rows = peak_memory(raw_read, [RAW_POSITIONS_EXPORT])
        export_time, _ = median_time(fetch_cold, client, "/positions/?_export=csv")
        results[f"export_memory_{total}"] = {
            "positions": rows,
            "export_peak_bytes": export_peak,
            "raw_fetchall_peak_bytes": raw_peak,
            "export_seconds": round(export_time, 3),
            "bytes": size,
        }
        print(f"export at {rows:6} positions: peak {export_peak / 2**20:6.2f} MiB (raw fetchall "
              f"{raw_peak / 2**20:6.1f} MiB), {export_time:.2f} s, {size / 2**20:.1f} MiB of CSV")  # fmt: skip
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
