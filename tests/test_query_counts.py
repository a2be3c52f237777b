"""Every public page and export runs a fixed number of queries, whatever the size of the data:
the real record, and ten times more participants and published positions."""

import pytest

# Every public request first reads the data version (dataversion.middleware): one query more than the
# page's own, counted here once rather than in every line below.
DATA_VERSION_QUERIES = 1

# URL: queries. A filter form costs up to four queries for its choices (parts, instruments,
# participants, meetings, documents), validation one or two more; the rest is the page's own.
# A table of statements adds one for the statuses of the rows it shows (none where it shows none).
PAGES = {
    "/": 9,
    "/provisions/": 7,
    "/provisions/?instrument=itrs-2012&margin=1-40&participant=hill&stance=abrogate&q=a": 10,
    "/provisions/itrs-2012/29/": 9,
    "/provisions/itrs-2012/1/1/": 9,
    "/positions/": 8,
    "/positions/?participant=hill&region=europe&kind=other&meeting=4&contribution=EG-ITRs-4/4&tor=c&part=article-3": 9,
    "/positions/?page=2": 8,
    "/compare/": 9,
    "/compare/?participant=hill&participant=armenia&stance=abrogate": 10,
    "/compare/versions/": 9,
    "/compare/versions/?instrument=itrs-1988&margin=17-20&q=a": 10,
    "/participants/": 7,
    "/participants/hill/": 6,
    "/contributions/": 6,
    "/contributions/EG-ITRs-4/4/": 6,
    "/meetings/": 3,
    "/changes/": 11,
    "/changes/?since=3&until=5&stance=abrogate&participant=hill": 12,
    "/?as_of=4": 10,
    "/provisions/?as_of=4&status=current": 8,
    "/provisions/itrs-2012/29/?as_of=5": 10,
    "/positions/?as_of=4&status=current": 9,
    "/compare/?as_of=5": 10,
    "/compare/versions/?as_of=5": 10,
    "/participants/?as_of=4": 8,
    "/participants/hill/?as_of=4": 7,
    "/contributions/?as_of=4": 7,
    "/contributions/EG-ITRs-4/4/?as_of=4": 7,
    "/meetings/?as_of=4": 4,
    "/changes/?since=3&_export=csv": 6,
    "/provisions/?as_of=4&_export=csv": 4,
    "/positions/?as_of=4&status=current&_export=csv": 3,
    "/compare/?as_of=4&_export=csv": 6,
    "/positions/?_export=csv": 2,
    "/positions/?participant=hill&_export=csv": 3,
    "/positions/?_export=xlsx": 2,
    "/provisions/?_export=csv": 3,
    "/compare/?_export=csv": 5,
    "/compare/versions/?_export=csv": 5,
    "/participants/?_export=csv": 3,
    "/contributions/?_export=csv": 2,
    "/meetings/?_export=csv": 3,
    "/provisions/itrs-2012/29/?_export=csv": 4,
    "/participants/hill/?_export=csv": 2,
    "/contributions/EG-ITRs-4/4/?_export=csv": 3,
    "/positions/?_export=json": 2,
    "/provisions/?_export=json": 3,
    "/compare/?_export=json": 5,
    "/meetings/?_export=json": 3,
    "/provisions/itrs-2012/29/?_export=json": 4,
    "/feeds/positions/": 2,
    "/open-data/": 9,
    "/open-data/itrs-review-tracker.zip": 9,
    "/feeds/positions/?participant=hill&instrument=itrs-2012&margin=1-40&stance=SUP": 5,
}


@pytest.mark.parametrize(("url", "queries"), PAGES.items(), ids=list(PAGES))
def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, data_size, url, queries):
    with django_assert_num_queries(queries + DATA_VERSION_QUERIES):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.parametrize("url", PAGES, ids=list(PAGES))
def test_a_page_seen_before_costs_the_data_version_query_alone(client, django_assert_num_queries, data_size, url):
    first = client.get(url)
    if first.streaming:
        b"".join(first.streaming_content)
    with django_assert_num_queries(DATA_VERSION_QUERIES):
        again = client.get(url)
        assert again.status_code == 200
        assert again.headers["X-Response-Cache"] == "hit"
