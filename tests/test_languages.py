"""Six languages: English at the URLs without a prefix, the others under theirs; a first visit to /
goes to the browser's language; the switcher keeps the page and its filters."""

import re

import pytest
from django.conf import settings


def test_english_at_todays_urls_and_the_others_under_their_prefix(record, client):
    languages = [("", "en"), ("/fr", "fr"), ("/es", "es"), ("/ru", "ru"), ("/zh-hans", "zh-hans"), ("/ar", "ar")]
    for prefix, code in languages:
        direction = "rtl" if code == "ar" else "ltr"
        response = client.get(f"{prefix}/provisions/itrs-2012/29/")
        assert response.status_code == 200, prefix
        assert f'<html lang="{code}" dir="{direction}">' in response.content.decode(), prefix


def test_a_first_visit_to_the_overview_goes_to_the_browsers_language(record, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.8")
    assert response.status_code == 302 and response["Location"] == "/fr/"
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}
    # English asked for, or nothing we have: the English overview, which says it varies too.
    for accept in ("en-GB,en;q=0.9", "de-DE", ""):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 200, accept
        assert "Accept-Language" in response["Vary"]
    # The English overview cached meanwhile does not keep an Arabic reader from Arabic.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302 and response["Location"] == "/ar/"


def test_a_language_chosen_with_the_switcher_is_kept(record, client):
    page = client.get("/fr/positions/?stance=abrogate&participant=hill").content.decode()
    links = dict(re.findall(r'<a href="(/language/[^"]+)" lang="([^"]+)"', page))
    english = next(url for url, code in links.items() if code == "en")
    arabic = next(url for url, code in links.items() if code == "ar")
    response = client.get(arabic.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/ar/positions/?stance=abrogate&participant=hill"
    response = client.get(english.replace("&amp;", "&"))
    assert response["Location"] == "/positions/?stance=abrogate&participant=hill"
    # English chosen: the overview stays English whatever the browser asks for.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    # French chosen: the overview is the French one, whatever the browser asks for.
    client.get("/language/fr/?next=/fr/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302 and response["Location"] == "/fr/"


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/", ""])
def test_the_switcher_never_sends_elsewhere(client, target, db):
    response = client.get(f"/language/es/?next={target}")
    assert response.status_code == 302 and response["Location"] == "/es/"


def test_the_admin_speaks_the_language_of_its_prefix(client, db):
    content = client.get("/fr/admin/login/").content.decode()
    assert '<html lang="fr"' in content and "Nom d’utilisateur" in content
    assert 'dir="rtl"' in client.get("/ar/admin/login/").content.decode()


def test_fonts_come_from_this_host_or_the_system(record, client):
    # The policy forbids fonts from elsewhere, and no stylesheet or page asks for any.
    response = client.get("/ar/provisions/")
    policy = response["Content-Security-Policy"]
    assert "font-src 'self'" in policy
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.content.decode())
    assert stylesheets and all(href.startswith("/static/") for href in stylesheets)
    for path in (settings.BASE_DIR / "static" / "css").glob("*.css"):
        css = path.read_text()
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css), path.name
    # Arabic and Chinese name their faces (Debian's Noto first), so that a system font draws them.
    site = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert re.search(r':lang\(ar\)\s*\{\s*font-family:\s*"Noto Sans Arabic"', site)
    assert re.search(r':lang\(zh\)\s*\{\s*font-family:[^}]*"Noto Sans CJK SC"', site)
