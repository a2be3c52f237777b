"""Six languages: English at the URLs without a prefix, the others under theirs; a first visit to /
goes to the browser's language; the switcher keeps the page and its filters."""

import re

import pytest


def test_english_at_todays_urls_and_the_others_under_their_prefix(record, client):
    for prefix, code, direction in [("", "en", "ltr"), ("/fr", "fr", "ltr"), ("/es", "es", "ltr"),
                                    ("/ru", "ru", "ltr"), ("/zh-hans", "zh-hans", "ltr"), ("/ar", "ar", "rtl")]:  # fmt: skip
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


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/", ""])
def test_the_switcher_never_sends_elsewhere(client, target, db):
    response = client.get(f"/language/es/?next={target}")
    assert response.status_code == 302 and response["Location"] == "/es/"


def test_the_admin_speaks_the_language_of_its_prefix(client, db):
    content = client.get("/fr/admin/login/").content.decode()
    assert '<html lang="fr"' in content and "Nom d’utilisateur" in content
    assert 'dir="rtl"' in client.get("/ar/admin/login/").content.decode()
