"""Several servers on one database: a write through one is seen at once through the other, with each
server's own memory cache and with one Redis cache shared by both (Debian's redis-server, started here on
a spare loopback port and stopped afterwards; scripts/ensure-redis.sh installs it for `make test`)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from itrs_site.caches import cache_settings
from review.models import Participant

from .admin_client import FormReader
from .databases import empty_database

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                detail = log.read_text() if log and log.exists() else ""
                raise RuntimeError(f"{what} did not start on port {port}. {detail}") from None
            time.sleep(0.1)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A private redis-server on 127.0.0.1, without persistence; stopped when the module ends."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing in CI (scripts/ensure-redis.sh installs it).")
        pytest.skip("redis-server is not installed (make test installs it: scripts/ensure-redis.sh).")
    folder = tmp_path_factory.mktemp("redis")
    port = spare_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_redis_cache_serves_and_refreshes_public_pages(record, client, redis_url):
    with override_settings(CACHES=cache_settings(redis_url, max_bytes=0)):
        cache.clear()
        first = client.get("/participants/germany/")
        assert first.headers["X-Response-Cache"] == "miss"
        assert client.get("/participants/germany/").headers["X-Response-Cache"] == "hit"
        Participant.objects.filter(slug="germany").update(name="Germany, renamed")
        fresh = client.get("/participants/germany/")
        assert fresh.headers["X-Response-Cache"] == "miss"
        assert b"Germany, renamed" in fresh.content
        cache.clear()


# --- Two servers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database_url(tmp_path_factory, django_db_blocker):
    """A database of its own for the servers (of the engine under test), migrated and loaded."""
    folder = tmp_path_factory.mktemp("servers")
    with django_db_blocker.unblock():
        vendor = connection.vendor
        settings_dict = connection.settings_dict
    with empty_database(vendor=vendor, settings_dict=settings_dict, folder=folder, prefix="servers") as url:
        migrate_and_load(url)
        yield url


def migrate_and_load(url: str) -> None:
    """The schema, the record and a secretariat account in the database at ``url``."""
    env = server_environment(url)
    for step in (["migrate", "--no-input", "-v0"], ["load_review_data"]):
        subprocess.run([sys.executable, "manage.py", *step], cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    env["DJANGO_SUPERUSER_PASSWORD"] = "a-long-password-for-the-servers-1"
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--no-input", "--username", "secretariat"]
        + ["--email", "s@x.org"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
    )


def server_environment(database_url: str, cache_url: str = "") -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="itrs_site.settings",
        DJANGO_DEBUG="True",
        DATABASE_URL=database_url,
        DJANGO_CACHE_URL=cache_url,
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def start_servers(database_url: str, cache_url: str, folder: Path, count: int = 2):
    servers = []
    for number in range(count):
        port = spare_port()
        log = folder / f"gunicorn-{number}.log"
        with log.open("w") as handle:
            process = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "itrs_site.wsgi:application", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", "1", "--timeout", "60"],
                cwd=PROJECT_DIR,
                env=server_environment(database_url, cache_url),
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        servers.append((process, f"http://127.0.0.1:{port}"))
        wait_for_port(port, process, "gunicorn", log)
    return servers


class Browser:
    """One person's cookies against one server, under the one host name both servers answer to (as behind
    a proxy: the host is part of a cache key, since feeds and the API write absolute links)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(self.request(path), timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def request(self, path: str, data: bytes | None = None) -> urllib.request.Request:
        return urllib.request.Request(self.base + path, data=data, headers={"Host": "localhost"})

    def form(self, path: str) -> dict:
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        reader = FormReader()
        reader.feed(body.decode())
        return [form for form in reader.forms if "csrfmiddlewaretoken" in form["fields"]][-1]["fields"]

    def post(self, path: str, fields: dict) -> int:
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        with self.opener.open(self.request(path, data), timeout=30) as response:
            return response.status

    def log_in(self, username: str, password: str) -> None:
        fields = self.form("/admin/login/")
        fields.update(username=username, password=password, next="/admin/")
        self.post("/admin/login/", fields)


@pytest.fixture(params=["memory", "redis"])
def two_servers(request, database_url, tmp_path):
    cache_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    servers = start_servers(database_url, cache_url, tmp_path)
    try:
        yield request.param, [base for _, base in servers]
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)


def test_a_write_through_one_server_is_seen_at_once_through_the_other(two_servers):
    cache_kind, (first, second) = two_servers
    reader = Browser(second)
    page = f"/participants/hill/?run={uuid.uuid4().hex}"
    status, headers, body = reader.get(page)
    assert status == 200
    status, headers, body = reader.get(page)
    assert headers["X-Response-Cache"] == "hit"
    if cache_kind == "redis":
        # One cache for both: what the second server stored, the first serves.
        assert Browser(first).get(page)[1]["X-Response-Cache"] == "hit"
    new_name = f"Hill, renamed through the first server ({cache_kind})"
    assert new_name.encode() not in body

    writer = Browser(first)
    writer.log_in("secretariat", "a-long-password-for-the-servers-1")
    _, _, admin_list = writer.get("/admin/review/participant/?q=hill")
    participant_id = re.search(rb'href="/admin/review/participant/(\d+)/change/', admin_list).group(1).decode()
    change = f"/admin/review/participant/{participant_id}/change/"
    fields = writer.form(change)
    fields["name"] = new_name
    assert writer.post(change, fields) == 200  # redirected to the list, which answers 200

    status, headers, body = reader.get(page)
    assert status == 200
    assert headers["X-Response-Cache"] == "miss"
    assert new_name.encode() in body
