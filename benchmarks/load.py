"""A bounded HTTP load generator for `make bench-load`: N concurrent clients, a fixed number of requests.

    python benchmarks/load.py http://127.0.0.1:PORT --clients 16 --requests 2000 [--host H] [--json OUT]

Each client is a thread with its own keep-alive connection; it takes the next request of a fixed,
shuffled mix of public pages and exports (weights below) until the total is sent. Every response body is
read to the end (exports stream). Reports requests per second, latency percentiles and errors (any
status other than 200, or a connection failure). Loopback only: it refuses any other host.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from urllib.parse import urlsplit

# (weight, path): what people read most, plus the exports drafters download.
MIX = [
    (8, "/"),
    (8, "/provisions/"),
    (6, "/provisions/?instrument=itrs-2012&stance=abrogate"),
    (4, "/provisions/?participant=hill&margin=16-26"),
    (4, "/provisions/?q=telecommunication"),
    (10, "/provisions/itrs-2012/29/"),
    (4, "/provisions/itrs-2012/1/1/"),
    (4, "/provisions/itrs-1988/10/"),
    (6, "/positions/?stance=retain"),
    (4, "/positions/?participant=hill"),
    (4, "/compare/?instrument=itrs-2012&participant=hill"),
    (2, "/compare/?instrument=itrs-2012"),
    (2, "/compare/versions/"),
    (4, "/participants/"),
    (3, "/participants/hill/"),
    (3, "/contributions/"),
    (3, "/contributions/EG-ITRs-3/2/"),
    (3, "/meetings/"),
    (3, "/positions/?_export=csv&participant=hill"),
    (2, "/provisions/?_export=csv&instrument=itrs-2012"),
    (2, "/compare/?_export=csv&instrument=itrs-2012&participant=hill"),
    (1, "/positions/?_export=csv&stance=abrogate"),
    # Machine access (issue 11).
    (2, "/positions/?_export=json&participant=hill"),
    (2, "/feeds/positions/"),
    (1, "/feeds/positions/?participant=hill"),
    (1, "/open-data/"),
]


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(base_url: str, *, clients: int, requests: int, host: str | None, seed: int, alone: int) -> dict:
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"Refusing to send load to {parts.hostname}: loopback only.")
    headers = {"Host": host or parts.netloc, "X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}

    plan = [path for weight, path in MIX for _ in range(weight)]
    random.Random(seed).shuffle(plan)
    order = list(itertools.islice(itertools.cycle(plan), requests))
    lock = threading.Lock()
    next_index = iter(range(requests))
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    sizes: Counter[str] = Counter()

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            path = order[index]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    latencies[path].append(elapsed)
                    sizes[path] += len(body)
                    if response.status != 200:
                        errors[f"{response.status} {path}"] += 1
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors[f"{type(error).__name__} {path}"] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        connection.close()

    # Warm-up and service times: every path `alone` times by one client with the server otherwise idle
    # (what a request costs, without queueing), not counted in the load figures. The first request of
    # each path is also kept on its own: the first visitor's, before anything is cached ("first").
    alone_times: dict[str, list[float]] = defaultdict(list)
    first_times: dict[str, float] = {}
    for path in sorted(set(plan)):
        for round_number in range(alone + 1):
            warm = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            started = time.perf_counter()
            warm.request("GET", path, headers=headers)
            warm.getresponse().read()
            elapsed = time.perf_counter() - started
            warm.close()
            if round_number:
                alone_times[path].append(elapsed)
            else:
                first_times[path] = elapsed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    every = sorted(value for values in latencies.values() for value in values)
    per_path = {
        path: {
            "count": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(sorted(values), 0.95) * 1000, 1),
            "mean_kb": round(sizes[path] / len(values) / 1024, 1),
            "alone_ms": round(statistics.median(alone_times[path]) * 1000, 1) if alone_times[path] else None,
            "first_ms": round(first_times[path] * 1000, 1) if path in first_times else None,
        }
        for path, values in sorted(latencies.items())
    }
    return {
        "clients": clients,
        "requests": requests,
        "completed": len(every),
        "errors": sum(errors.values()),
        "error_detail": dict(errors),
        "seconds": round(wall, 2),
        "requests_per_second": round(len(every) / wall, 1),
        "p50_ms": round(percentile(every, 0.50) * 1000, 1),
        "p95_ms": round(percentile(every, 0.95) * 1000, 1),
        "p99_ms": round(percentile(every, 0.99) * 1000, 1),
        "max_ms": round(every[-1] * 1000, 1) if every else None,
        "per_path": per_path,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--host", help="Host header (the server's ALLOWED_HOSTS)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--alone", type=int, default=3, help="Times each path is timed alone before the load")
    parser.add_argument("--json", help="Also write the results to this file")
    options = parser.parse_args(argv)
    results = run(
        options.base_url,
        clients=options.clients,
        requests=options.requests,
        host=options.host,
        seed=options.seed,
        alone=options.alone,
    )
    print(f"{'path':<60} {'first ms':>9} {'alone ms':>9} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'KB':>8}")
    for path, row in results["per_path"].items():
        first, alone, count, p50, p95, size = (
            row[key] for key in ("first_ms", "alone_ms", "count", "p50_ms", "p95_ms", "mean_kb")
        )
        print(f"{path:<60} {first:>9} {alone:>9} {count:>5} {p50:>8} {p95:>8} {size:>8}")
    print(
        f"\n{results['completed']} requests from {results['clients']} clients in {results['seconds']} s: "
        f"{results['requests_per_second']} req/s; latency p50 {results['p50_ms']} ms, p95 {results['p95_ms']} ms, "
        f"p99 {results['p99_ms']} ms, max {results['max_ms']} ms; errors {results['errors']}"
    )
    for detail, count in results["error_detail"].items():
        print(f"  error: {count} × {detail}")
    if options.json:
        with open(options.json, "w") as handle:
            json.dump(results, handle, indent=2)
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
