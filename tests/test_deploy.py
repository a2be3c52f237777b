"""The production command of README.md and docs/deploy.md, run for real: gunicorn with production
settings behind a (simulated) TLS-terminating reverse proxy, static files collected and hashed."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "itrs.example.org"


def documented_gunicorn_command() -> str:
    """The one gunicorn command line of the README; docs/deploy.md gives the same."""
    readme = (PROJECT_DIR / "README.md").read_text()
    commands = re.findall(r"^gunicorn itrs_site\.wsgi.*$", readme, re.M)
    assert len(commands) == 1, "README.md must give exactly one gunicorn command line"
    assert commands[0] in (PROJECT_DIR / "docs" / "deploy.md").read_text(), "docs/deploy.md must give the same one"
    return commands[0]


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": HOST, **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="test-only-" + "x7Kp2-secret-for-the-production-command-test-0123456789",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        DJANGO_PROXY_COUNT="1",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_SETTINGS_MODULE="itrs_site.settings",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    for step in (["migrate", "--no-input", "-v0"], ["load_review_data"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *step], cwd=PROJECT_DIR, env=env, check=True, capture_output=True)

    port = spare_port()
    command = shlex.split(documented_gunicorn_command())
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "2"
    log_path = folder / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(base + "/", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {log_path.read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_serves_the_site_over_the_proxy_with_security_headers(production_server):
    status, headers, body = fetch(production_server + "/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert b"The review of the ITRs" in body
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(production_server):
    status, headers, _ = fetch(production_server + "/provisions/?stance=abrogate")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/provisions/?stance=abrogate"


def test_unknown_host_is_refused(production_server):
    status, _, body = fetch(production_server + "/", Host="evil.example.com", **{"X-Forwarded-Proto": "https"})
    assert status == 400
    assert b"Traceback" not in body


def test_static_files_are_hashed_compressed_and_cached_for_ever(production_server):
    _, _, body = fetch(production_server + "/", **{"X-Forwarded-Proto": "https"})
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed stylesheet"
    status, headers, _ = fetch(
        production_server + stylesheet.group(1).decode(), **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"


def test_favicon_ico_leads_to_the_hashed_icon(production_server):
    status, headers, _ = fetch(production_server + "/favicon.ico", **{"X-Forwarded-Proto": "https"})
    assert status == 302
    assert re.fullmatch(r"/static/favicon\.[0-9a-f]{12}\.ico", headers["Location"])
    status, headers, body = fetch(production_server + headers["Location"], **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert body.startswith(b"\x00\x00\x01\x00")


def test_admin_login_page_is_served_with_secure_cookies(production_server):
    status, headers, _ = fetch(production_server + "/admin/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    cookie = headers["Set-Cookie"]
    assert "csrftoken=" in cookie
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
