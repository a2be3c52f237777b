"""axe-core on every public page (each URL name of review/urls.py, with and without filters, and the
error pages): no serious or critical violation."""

import pytest
from django.urls import get_resolver

# Each public URL name with the pages that show it; a new page in review/urls.py fails the coverage
# test below until it is added here.
PUBLIC_PAGES = {
    "home": ["/"],
    "provision-list": ["/provisions/", "/provisions/?stance=abrogate&participant=hill&instrument=itrs-2012"],
    "provision-detail": [
        "/provisions/itrs-2012/29/",
        "/provisions/itrs-2012/1/1/",
        "/provisions/itrs-1988/10/",
        "/provisions/itrs-2012/58/",
    ],
    "position-list": ["/positions/", "/positions/?margin=16-26&instrument=itrs-2012&q=relevant"],
    "compare": ["/compare/", "/compare/?participant=hill&stance=retain", "/compare/?as_of=4"],
    "compare-versions": ["/compare/versions/"],
    "participant-list": ["/participants/", "/participants/?region=europe"],
    "participant-detail": ["/participants/hill/", "/participants/germany/"],
    "contribution-list": ["/contributions/", "/contributions/?meeting=3"],
    "contribution-detail": ["/contributions/EG-ITRs-3/2/", "/contributions/EG-ITRs-4/4/"],
    "meeting-list": ["/meetings/", "/meetings/?as_of=3"],
    "changes": ["/changes/", "/changes/?since=3&until=4&instrument=itrs-2012"],
    "about-structure": ["/about/structure/"],
    "open-data": ["/open-data/"],
    "compilation": ["/compilation/?margin=27-31", "/compilation/?participant=hill&as_of=4&margin=1/1-1/5"],
    "summary": ["/summary/", "/summary/?participant=hill"],
    "participant-brief": ["/participants/hill/brief/?since=3"],
}
# Pages that answer with a message: a bad filter and an unknown provision.
ERROR_PAGES = ["/provisions/?margin=16-9999&stance=nonsense", "/provisions/itrs-2012/9999/"]


# Machine formats (Atom, ZIP), read by their own tests (tests/test_feeds.py, tests/test_open_data.py).
NOT_PAGES = {"position-feed", "open-data-package"}
# Pages outside the review namespace.
OTHER_PAGES = ["/api/v1/docs/"]


def public_url_names() -> set[str]:
    names = set()

    def walk(patterns):
        # The review URLs sit inside the language prefixes (i18n_patterns), a resolver of their own.
        for pattern in patterns:
            if getattr(pattern, "namespace", None) == "review":
                names.update(entry.name for entry in pattern.url_patterns if entry.name and entry.name not in NOT_PAGES)
            elif hasattr(pattern, "url_patterns") and getattr(pattern, "namespace", None) != "admin":
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)
    return names


def test_every_public_url_name_is_checked():
    assert public_url_names() == set(PUBLIC_PAGES)


@pytest.mark.browser
def test_every_public_page_has_no_serious_accessibility_violation(page, assert_accessible, browser_problems):
    failures = []
    for url in [url for urls in PUBLIC_PAGES.values() for url in urls] + OTHER_PAGES + ERROR_PAGES:
        response = page.goto(url)
        expected_status = 404 if url in ERROR_PAGES[1:] else 200
        if response.status != expected_status:
            failures.append(f"{url}: HTTP {response.status}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
    # The unknown provision's 404 is reported by the browser as a failed load; it is expected.
    browser_problems[:] = [problem for problem in browser_problems if "status of 404" not in problem]
    assert not failures, "\n\n".join(failures)
