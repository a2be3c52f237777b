"""Hardened settings: production refuses to start half-configured, check --deploy is clean, CSP,
login throttling, client address behind proxies, hashed static files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from itrs_site.security import client_ip
from itrs_site.settings import env_bool

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "test-only-" + "k3y-with-enough-entropy-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "itrs.example.org",
    "DJANGO_SETTINGS_MODULE": "itrs_site.settings",
}


def manage(*args, env_overrides, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing, tmp_path):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = manage("check", env_overrides=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_malformed_number_in_the_environment_is_named(tmp_path):
    result = manage("check", env_overrides={**PRODUCTION_ENV, "DJANGO_HSTS_SECONDS": "a year"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS must be a whole number, not 'a year'" in result.stderr


@pytest.mark.parametrize("value", ["ture", "2", "enabled", ""])
def test_an_unknown_yes_or_no_in_the_environment_is_refused_and_named(value, tmp_path):
    # A typo must not silently turn the HTTPS redirect off.
    result = manage("check", env_overrides={**PRODUCTION_ENV, "DJANGO_SECURE_SSL_REDIRECT": value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert f"DJANGO_SECURE_SSL_REDIRECT must be True or False, not {value!r}" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("True", True), ("true", True), ("1", True), ("yes", True), ("on", True), (" False ", False), ("0", False)]
    + [("no", False), ("off", False), (None, None)],
)
def test_env_bool_reads_the_usual_spellings(value, expected, monkeypatch):
    if value is None:
        monkeypatch.delenv("ITRS_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("ITRS_TEST_FLAG", value)
    assert env_bool("ITRS_TEST_FLAG", True) is (True if expected is None else expected)
    assert env_bool("ITRS_TEST_FLAG", False) is (False if expected is None else expected)


def test_env_bool_refuses_what_it_does_not_know(monkeypatch):
    monkeypatch.setenv("ITRS_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="ITRS_TEST_FLAG must be True or False, not 'ture'"):
        env_bool("ITRS_TEST_FLAG", False)


@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_content_security_policy_forbids_inline_scripts(client, record, url):
    response = client.get(url)
    directives = [directive.strip() for directive in response["Content-Security-Policy"].split(";")]
    policy = dict(directive.split(" ", 1) for directive in directives if directive)
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def attempt_login(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR="192.0.2.7"
    )


def test_repeated_failed_logins_are_throttled(db, django_user_model, settings):
    django_user_model.objects.create_superuser("secretariat", "s@example.org", "the-right-password-1")
    client = Client(enforce_csrf_checks=False)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt_login(client, "secretariat", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    # The limit-th failure locks the user name from that address ...
    assert attempt_login(client, "secretariat", "wrong").status_code == 429
    # ... and the right password no longer gets in from there, until the cool-off time passes.
    response = attempt_login(client, "secretariat", "the-right-password-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same user from another address is not locked out.
    other = Client()
    response = other.post(
        reverse("admin:login"),
        {"username": "secretariat", "password": "the-right-password-1", "next": "/admin/"},
        REMOTE_ADDR="198.51.100.3",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_successful_login_resets_the_count(db, django_user_model, settings):
    django_user_model.objects.create_superuser("secretariat", "s@example.org", "the-right-password-1")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(client, "secretariat", "wrong")
    assert attempt_login(client, "secretariat", "the-right-password-1").status_code == 302
    client.logout()
    assert attempt_login(client, "secretariat", "wrong").status_code == 200


def test_test_client_login_and_force_login_still_work(client, django_user_model):
    user = django_user_model.objects.create_superuser("secretariat", "s@example.org", "the-right-password-1")
    assert client.login(username="secretariat", password="the-right-password-1")
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's and is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a spoofed entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (2, "", "10.0.0.2"),  # a missing header falls back to the connecting address
    ],
)
def test_client_ip_trusts_only_our_own_proxies(settings, proxy_count, forwarded_for, expected):
    settings.PROXY_COUNT = proxy_count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def test_static_files_get_hashed_names_and_are_served_by_whitenoise(record, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    client = Client()
    page = client.get("/").text
    start = page.index("/static/css/site.")
    stylesheet = page[start : page.index('"', start)]
    assert stylesheet != "/static/css/site.css"  # a content hash in the name
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"/*")
