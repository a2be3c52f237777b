"""The filters of the public pages: the same parameters everywhere, and bad values."""

import re

import pytest

from provisions.models import Provision
from review.models import Position
from review.selectors import Selection

from .factories import PositionFactory


def row_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    match = re.search(r"(\d+) rows?\)</caption>", content)
    if match:
        return int(match.group(1))
    assert "No published position matches" in content or "matches these filters" in content, content[-3000:]
    return 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 259),
        ("instrument=itrs-1988", 125),
        ("instrument=itrs-2012&part=appendix-1", 39),
        ("part=preamble", 4),
        ("instrument=itrs-2012&margin=16-26", 11),
        ("instrument=itrs-2012&margin=3, 5; 16–26 ,1/1-1/39", 52),  # en dash, semicolon, spaces
        ("margin=29", 2),  # no instrument: the margin in both versions
        ("margin=3/5", 1),  # only the 1988 ITRs have Appendix 3
        ("stance=abrogate", 76),
        ("stance=add", 0),
        ("participant=hill&stance=retain", 52),
        ("tor=a", 7),
        ("region=europe", 0),
        ("kind=other", 135 - 1),  # provisions Hill holds a position on (29 holds two)
        ("meeting=4", 134),
        ("meeting=3", 0),
        ("contribution=EG-ITRs-4/4", 134),
        ("q=accounting", None),
    ],
)
def test_provision_list_filters(record, client, query, expected):
    if expected is None:
        # Provisions whose own text matches, or a statement on them (the page's search).
        expected = Selection(q="accounting").provisions().count()
        assert expected > 0
    assert row_count(client, f"/provisions/?{query}") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 135),
        ("participant=hill", 135),
        ("participant=hill&participant=armenia", 135),
        ("participant=armenia", 0),
        ("stance=revise", 7),
        ("stance=abrogate&instrument=itrs-2012&part=appendix-1", 39),
        ("instrument=itrs-1988", 0),
        ("margin=29", 2),
        ("instrument=itrs-2012&margin=29&stance=revise", 1),
        ("tor=c", 128),
        ("kind=member_state", 0),
        ("region=cis", 0),
        ("meeting=4&contribution=EG-ITRs-4/4", 135),
        ("q=diallable", 1),
        ("q=DIALLABLE", 1),
    ],
)
def test_position_list_filters(record, client, query, expected):
    assert row_count(client, f"/positions/?{query}") == expected


def test_text_search_covers_margin_subject_text_rationale_and_proposed_text(record, client):
    provision = Provision.objects.get(instrument__slug="itrs-2012", margin="52")
    provision.text = "A sentence about zebras."
    provision.save()
    PositionFactory(provision=provision, stance="revise", rationale="Because of quokkas.", proposed_text="Wombats.")
    for word in ["zebras", "quokkas", "wombats"]:
        assert row_count(client, f"/provisions/?q={word}") == 1, word
    assert row_count(client, "/positions/?q=quokkas") == 1
    assert row_count(client, "/positions/?q=zebras") == Position.objects.filter(provision=provision).count()


def test_position_filters_see_published_positions_only(record, client):
    Position.objects.filter(stance="revise").update(state="draft")
    assert row_count(client, "/positions/?stance=revise") == 0
    assert row_count(client, "/provisions/?stance=revise") == 0


def test_participant_filters_on_participant_list(record, client):
    assert row_count(client, "/participants/?region=cis") == 9
    assert row_count(client, "/participants/?stance=abrogate") == 1
    assert row_count(client, "/participants/?kind=company") == 2
    assert row_count(client, "/participants/?participant=armenia&participant=belarus") == 2


def test_contribution_filters(record, client):
    assert row_count(client, "/contributions/?meeting=1") == 10
    assert row_count(client, "/contributions/?participant=armenia") == 6
    assert row_count(client, "/contributions/?q=annex") == 1
    assert row_count(client, "/contributions/?contribution=EG-ITRs-3/2") == 1


def test_compare_filters_columns_and_rows(record, client):
    PositionFactory(
        provision=Provision.objects.get(instrument__slug="itrs-2012", margin="29"),
        participant__region="africa",
        participant__name="Made-up African State",
        stance="retain",
    )
    content = client.get("/compare/?margin=20-30").content.decode()
    assert "11 provisions × 2 participants" in content
    content = client.get("/compare/?region=africa").content.decode()
    assert "1 provision × 1 participant" in content and 'aria-label="Made-up African State"' in content
    content = client.get("/compare/?region=cis").content.decode()
    assert "134 provisions × 0 participants" in content and "No current stance matches" in content
    content = client.get("/compare/?stance=revise").content.decode()
    assert "7 provisions × 1 participant" in content
    content = client.get("/compare/?instrument=itrs-1988").content.decode()
    assert "125 provisions × 0 participants" in content


BAD_FILTERS = [
    ("margin=77-1/3", "runs from the main body into Appendix 1"),
    ("margin=3,x7,29", "&#x27;x7&#x27; is not a margin number"),
    ("margin=26-16", "is reversed"),
    ("instrument=itrs-2012&margin=999", "Unknown margin in 2012 ITRs: 999."),
    ("margin=3/9", "Unknown margin in 2012 ITRs: 3/9."),
    ("stance=bogus", "There is no stance &#x27;bogus&#x27;"),
    ("instrument=itrs-2099", "There is no instrument &#x27;itrs-2099&#x27;"),
    ("participant=nobody", "There is no participant &#x27;nobody&#x27;"),
    ("region=mars", "There is no region &#x27;mars&#x27;"),
    ("kind=alien", "There is no participant kind &#x27;alien&#x27;"),
    ("meeting=9", "There is no meeting &#x27;9&#x27;"),
    ("meeting=abc", "There is no meeting &#x27;abc&#x27;"),
    # Numbers no database column holds: refused before any query (SQLite raised OverflowError).
    ("meeting=9223372036854775808", "There is no meeting &#x27;9223372036854775808&#x27;"),
    ("meeting=-9223372036854775809", "There is no meeting &#x27;-9223372036854775809&#x27;"),
    ("meeting=" + "9" * 30, "There is no meeting &#x27;" + "9" * 30 + "&#x27;"),
    ("meeting=4&meeting=18446744073709551616", "There is no meeting &#x27;18446744073709551616&#x27;"),
    ("meeting=0", "There is no meeting &#x27;0&#x27;"),
    ("meeting=-1", "There is no meeting &#x27;-1&#x27;"),
    ("meeting=%D9%A4", "There is no meeting &#x27;\u0664&#x27;"),  # an Arabic-Indic 4: not our numbering
    ("contribution=EG-ITRs-9/9", "There is no document &#x27;EG-ITRs-9/9&#x27;"),
    ("tor=z", "There is no ToR item &#x27;z&#x27;"),
    ("part=article-99", "There is no part &#x27;article-99&#x27;"),
    ("q=" + "x" * 201, "at most 200 characters"),
    ("q=a%00b", "Null characters are not allowed"),
]


@pytest.mark.parametrize(
    "url", ["/provisions/", "/positions/", "/compare/", "/compare/versions/", "/participants/", "/contributions/"]
)
@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_bad_filter_gives_the_page_with_a_message_and_an_export_400(record, client, url, query, message):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    content = response.content.decode()
    parameter = query.split("=")[0]
    if url == "/contributions/" and parameter in {"instrument", "margin", "stance", "tor", "part"}:
        # Not a filter of the documents page: not in its form, named as not used, and not read
        # by its export (as every parameter a page does not read).
        assert "These filters cannot be used" not in content
        assert "Not used on this page" in content and f"({parameter})" in content
        assert client.get(f"{url}?{query}&_export=csv").status_code == 200
        return
    assert 'role="alert"' in content and "These filters cannot be used" in content
    assert message in content
    export = client.get(f"{url}?{query}&_export=csv")
    assert export.status_code == 400
    assert "The filters cannot be used" in export.content.decode()


def test_unknown_export_format_is_a_400(record, client):
    response = client.get("/positions/?_export=pdf")
    assert response.status_code == 400
    assert "Unknown export format 'pdf'" in response.content.decode()


def test_page_out_of_range_shows_the_last_page_with_a_message(record, client):
    content = client.get("/positions/?page=999999").content.decode()
    assert "There is no page &#x27;999999&#x27;: showing page 2 of 2." in content
    content = client.get("/positions/?page=abc").content.decode()
    assert "showing page 1 of 2" in content


# One rule on every paginated table: below 1 or not a number, page 1; past the end, the last page;
# each with a message naming the page asked for.
@pytest.mark.parametrize("url", ["/positions/", "/participants/hill/", "/contributions/EG-ITRs-4/4/"])
@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("-1", 1),
        ("0", 1),
        ("abc", 1),
        ("1.5", 1),
        ("-99999999999999999999", 1),
        ("-9223372036854775809", 1),
        ("\u0663", 1),  # an Arabic-Indic 3, which int() would read as 3
        ("1_0", 1),  # which int() would read as 10
        ("3", 2),
        ("9223372036854775808", 2),
        ("9" * 30, 2),
    ],
)
def test_page_numbers_outside_the_table_give_the_nearest_page_with_a_message(record, client, url, page, shown):
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"There is no page &#x27;{page}&#x27;: showing page {shown} of 2." in content
    assert f'aria-current="page">{shown}</a>' in content


@pytest.mark.parametrize("url", ["/positions/", "/participants/hill/", "/contributions/EG-ITRs-4/4/"])
@pytest.mark.parametrize("per_page", ["0", "-1", "501", "abc", "1.5", "9223372036854775808", "9" * 30, "-" + "9" * 30])
def test_per_page_outside_its_range_gives_the_default_with_a_message(record, client, url, per_page):
    response = client.get(f"{url}?per_page={per_page}")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"per_page takes a whole number from 1 to 500, not &#x27;{per_page}&#x27;: showing 100 rows a page." in (
        content
    )
    assert 'aria-current="page">1</a>' in content


@pytest.mark.parametrize("per_page", ["1", "50", "500", "050"])
def test_per_page_within_its_range_is_used_without_a_message(record, client, per_page):
    response = client.get(f"/positions/?per_page={per_page}")
    content = response.content.decode()
    assert "per_page takes" not in content
    assert response.context["table"].paginator.per_page == int(per_page)


@pytest.mark.parametrize("page", ["1", "2", "01"])
def test_pages_that_exist_give_no_message(record, client, page):
    content = client.get(f"/positions/?page={page}").content.decode()
    assert "There is no page" not in content


def test_unknown_sort_is_ignored(record, client):
    assert client.get("/provisions/?sort=bogus").status_code == 200
    assert client.get("/positions/?sort=-nothing").status_code == 200


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/provisions/itrs-2012/029/", "/provisions/itrs-2012/29/"),
        ("/provisions/itrs-2012/0029/", "/provisions/itrs-2012/29/"),
        ("/provisions/itrs-2012/1/01/", "/provisions/itrs-2012/1/1/"),
        ("/provisions/itrs-2012/01/001/", "/provisions/itrs-2012/1/1/"),
        ("/provisions/itrs-1988/030/", "/provisions/itrs-1988/30/"),
        ("/provisions/itrs-2012/029/?_export=csv", "/provisions/itrs-2012/29/?_export=csv"),
    ],
)
def test_another_spelling_of_a_margin_redirects_to_the_provision_url(record, client, url, canonical):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == canonical
    assert client.get(canonical).status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/provisions/itrs-2099/29/", "There is no instrument &#x27;itrs-2099&#x27;"),
        ("/provisions/itrs-2012/999/", "The 2012 ITRs have no margin 999."),
        ("/provisions/itrs-2012/abc/", "&#x27;abc&#x27; is not a margin number"),
        ("/provisions/itrs-2012/1/1/extra/", "is not a margin number"),
        ("/provisions/itrs-2012/3/5/", "The 2012 ITRs have no margin 3/5."),
        ("/participants/nobody/", "There is no participant &#x27;nobody&#x27;"),
        ("/contributions/EG-ITRs-9/9/", "There is no document &#x27;EG-ITRs-9/9&#x27;"),
        ("/no-such-page/", "There is no page at /no-such-page/"),
    ],
)
def test_unknown_objects_are_404_with_a_message(record, client, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode()
    export = client.get(url + "?_export=csv")
    assert export.status_code == 404


def test_lower_case_margin_suffix_finds_the_provision(record, client):
    part = Provision.objects.get(instrument=record, margin="29").part
    Provision.objects.create(instrument=record, part=part, margin="29A", subject="An inserted provision")
    response = client.get("/provisions/itrs-2012/29a/")
    assert response.status_code == 301 and response["Location"] == "/provisions/itrs-2012/29A/"
    assert "margin 29A" in client.get(response["Location"]).content.decode()
    assert row_count(client, "/provisions/?instrument=itrs-2012&margin=29-30") == 3


def test_versions_reads_margins_in_the_chosen_instrument(record, client):
    content = client.get("/compare/versions/?instrument=itrs-1988&margin=18").content.decode()
    assert "These filters cannot be used" not in content
    assert "(1 row" in content and ">No 2012 counterpart identified<" in content
    content = client.get("/compare/versions/?margin=18").content.decode()
    assert "(1 row" in content and "No 2012 counterpart identified" not in content.split("<tbody>")[1]


# Repeated parameters: every value is used (any of them matches), margin lists are read as one,
# two different texts are refused; none is dropped silently (docs/public-pages.md).
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/positions/?margin=29&margin=30", 3),  # 29 (SUP and MOD) and 30 (NOC)
        ("/positions/?margin=29&margin=30, 31&margin=", 4),
        ("/positions/?stance=abrogate&stance=retain", 76 + 52),
        ("/positions/?stance=abrogate&stance=", 76),  # an empty value is no value
        ("/positions/?instrument=&stance=&participant=hill", 135),  # a form submitted with empty selects
        ("/positions/?tor=a&tor=c", 7 + 128),
        ("/positions/?meeting=3&meeting=4", 135),
        ("/positions/?contribution=EG-ITRs-3/2&contribution=EG-ITRs-4/4", 135),
        ("/positions/?participant=armenia&participant=hill", 135),
        ("/positions/?instrument=itrs-1988&instrument=itrs-2012&margin=29", 2),
        ("/provisions/?instrument=itrs-2012&instrument=itrs-1988", 259),
        ("/provisions/?stance=abrogate&stance=revise", 76 + 7 - 1),  # 29 holds both
        ("/provisions/?instrument=itrs-2012&part=appendix-1&part=appendix-2", 39 + 18),
        ("/participants/?region=cis&region=europe", None),
        ("/participants/?kind=company&kind=other", None),
        ("/contributions/?meeting=1&meeting=2", None),
    ],
)
def test_repeated_parameters_use_every_value(record, client, url, expected):
    from review.models import Contribution, Participant

    if expected is None:
        expected = {
            "/participants/?region=cis&region=europe": Participant.objects.filter(region__in=["cis", "europe"]),
            "/participants/?kind=company&kind=other": Participant.objects.filter(kind__in=["company", "other"]),
            "/contributions/?meeting=1&meeting=2": Contribution.objects.filter(meeting__number__in=[1, 2]),
        }[url].count()
        assert expected > 0
    assert row_count(client, url) == expected
    export = client.get(url + "&_export=csv")
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode().strip().split("\r\n")
    assert len(lines) - 1 >= expected  # one row per item (positions may span lines: never fewer)


def test_repeated_parameters_in_the_matrix_and_versions(record, client):
    content = client.get("/compare/?participant=hill&stance=SUP&stance=MOD").content.decode()
    assert "82 provisions × 1 participant" in content
    content = client.get("/compare/versions/?margin=1/38&margin=1/39").content.decode()
    assert "(2 rows)" in content


def test_two_texts_to_search_are_refused_naming_both(record, client):
    content = client.get("/positions/?q=diallable&q=routed").content.decode()
    assert "These filters cannot be used" in content
    assert "Give one text to search for, not several (&#x27;diallable&#x27;, &#x27;routed&#x27;)." in content
    export = client.get("/positions/?q=diallable&q=routed&_export=csv")
    assert export.status_code == 400 and "'diallable', 'routed'" in export.content.decode()
    assert row_count(client, "/positions/?q=diallable&q=diallable") == 1  # the same text twice is one


def test_one_instrument_at_a_time_on_the_matrix_and_versions(record, client):
    for url in ["/compare/", "/compare/versions/"]:
        content = client.get(f"{url}?instrument=itrs-2012&instrument=itrs-1988").content.decode()
        assert "This table shows one instrument at a time: choose itrs-2012 or itrs-1988, not both." in content
        export = client.get(f"{url}?instrument=itrs-2012&instrument=itrs-1988&_export=csv")
        assert export.status_code == 400
        assert client.get(f"{url}?instrument=&instrument=itrs-1988").content.decode().count('role="alert"') == 0
    content = client.get("/compare/?instrument=itrs-1988&instrument=").content.decode()
    assert "1988 ITRs: 125 provisions" in content


def test_repeated_export_format_is_a_400(record, client):
    response = client.get("/positions/?_export=csv&_export=xlsx")
    assert response.status_code == 400
    assert "Choose one export format, not several: 'csv', 'xlsx'." in response.content.decode()


@pytest.mark.parametrize(
    ("stance", "expected"),
    [("SUP", 76), ("sup", 76), ("NOC", 52), ("MOD", 7), ("Mod", 7), ("ADD", 0), ("Abrogate", 76), ("REVISE", 7)],
)
def test_stance_filter_takes_itu_symbols_in_any_case(record, client, stance, expected):
    assert row_count(client, f"/positions/?stance={stance}") == expected
    response = client.get(f"/positions/?stance={stance}&_export=csv")
    assert response.status_code == 200


def test_checked_stances_show_in_the_form(record, client):
    content = client.get("/positions/?stance=SUP&stance=revise").content.decode()
    assert 'value="abrogate" id="id_stance_0" checked' in content
    assert 'value="revise" id="id_stance_2" checked' in content
    assert 'value="retain" id="id_stance_1" checked' not in content


# --- Choosing easily (issue 9, item 13) -----------------------------------------------------------


def part_values(content: str) -> list[str]:
    return re.findall(r'name="part" value="([^"]+)"', content)


def test_parts_are_listed_per_instrument_in_their_order(record, client):
    content = client.get("/positions/").content.decode()
    assert part_values(content) == [
        "itrs-2012:preamble",
        *(f"itrs-2012:article-{number}" for number in range(1, 15)),
        "itrs-2012:appendix-1",
        "itrs-2012:appendix-2",
        "itrs-1988:preamble",
        *(f"itrs-1988:article-{number}" for number in range(1, 11)),
        "itrs-1988:appendix-1",
        "itrs-1988:appendix-2",
        "itrs-1988:appendix-3",
    ]
    part = content[content.index('<div class="filter-field filter-part">') :]
    assert part.index("<legend>2012 ITRs</legend>") < part.index("<legend>1988 ITRs</legend>")
    assert "> Article 6: Security and robustness of networks (Final Acts Art. 5A)</label>" in part
    assert "> Article 6: Charging and Accounting</label>" in part
    assert "> Preamble</label>" in part and "Preamble: Preamble" not in part


def test_a_part_is_of_one_instrument_and_a_part_without_instrument_of_both(record, client):
    assert row_count(client, "/provisions/?part=itrs-2012:article-6") == 1  # margin 49 (FA Art. 5A)
    article_6_1988 = Provision.objects.filter(instrument__slug="itrs-1988", part__kind="article", part__number="6")
    assert row_count(client, "/provisions/?part=itrs-1988:article-6") == article_6_1988.count() > 1
    # The links of before: article-6 is Article 6 of each instrument, shown ticked in both.
    content = client.get("/provisions/?part=article-6").content.decode()
    assert row_count(client, "/provisions/?part=article-6") == 1 + article_6_1988.count()
    assert 'value="itrs-2012:article-6" id="id_part_6" checked' in content
    assert re.search(r'value="itrs-1988:article-6" id="id_part_\d+" checked', content)
    assert "Chosen: 2012 ITRs, Article 6: Security" in content and "1988 ITRs, Article 6: Charging" in content


def test_tables_of_one_instrument_list_its_parts_only(record, client):
    content = client.get("/compare/").content.decode()
    assert part_values(content)[0] == "itrs-2012:preamble" and not [
        value for value in part_values(content) if value.startswith("itrs-1988")
    ]
    content = client.get("/compare/versions/?instrument=itrs-1988").content.decode()
    assert part_values(content)[-1] == "itrs-1988:appendix-3" and not [
        value for value in part_values(content) if value.startswith("itrs-2012")
    ]
    content = client.get("/compare/?part=itrs-1988:article-6").content.decode()
    assert "There is no part &#x27;itrs-1988:article-6&#x27; in the 2012 ITRs this table shows." in content
    assert "2012 ITRs: 1 provision × 1 participant" in client.get("/compare/?part=article-6").content.decode()


PAGE_FILTERS = {
    "/provisions/": ["instrument", "part", "margin", "stance", "participant", "region", "kind", "meeting",
                     "contribution", "tor", "q", "as_of"],
    "/positions/": ["instrument", "part", "margin", "stance", "participant", "region", "kind", "meeting",
                    "contribution", "tor", "status", "q", "as_of"],
    "/participants/": ["instrument", "part", "margin", "stance", "participant", "region", "kind", "meeting",
                       "contribution", "tor", "q", "as_of"],
    "/contributions/": ["participant", "region", "kind", "meeting", "contribution", "q", "as_of"],
    "/compare/": ["instrument", "part", "margin", "stance", "participant", "region", "kind", "meeting",
                  "contribution", "tor", "q", "as_of"],
    "/compare/versions/": ["instrument", "part", "margin", "stance", "participant", "region", "kind", "meeting",
                           "contribution", "tor", "q", "as_of"],
    "/changes/": ["since", "until", "instrument", "part", "margin", "stance", "participant", "region", "kind",
                  "meeting", "contribution", "tor", "q"],
}  # fmt: skip


@pytest.mark.parametrize(("url", "expected"), PAGE_FILTERS.items())
def test_each_page_offers_the_filters_that_apply_to_it(record, client, url, expected):
    content = client.get(url).content.decode()
    assert re.findall(r'<div class="filter-field filter-([a-z_]+)">', content) == expected


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/contributions/?stance=abrogate&status=current", "Stance (stance), Status (status)"),
        ("/provisions/?status=current", "Status (status)"),
        ("/compare/?status=superseded", "Status (status)"),
        ("/changes/?since=1&as_of=3", "As of meeting (as_of)"),
    ],
)
def test_a_filter_a_page_does_not_use_is_named_not_silently_dropped(record, client, url, named):
    content = client.get(url).content.decode()
    assert f"Not used on this page, which has no use for them: {named}." in content
    assert client.get(url + "&_export=csv").status_code == 200  # an export reads what it uses, as before


def test_long_lists_are_checkboxes_in_a_scrolling_box_with_the_choices_named(record, client):
    content = client.get("/positions/?participant=hill&contribution=EG-ITRs-4/4").content.decode()
    assert "<select" not in content
    assert re.search(r'value="hill" id="id_participant_\d+" checked> Hill</label>', content)
    assert '<p class="chosen" id="id_participant_chosen">Chosen: Hill</p>' in content
    assert '<p class="chosen" id="id_contribution_chosen">Chosen: EG-ITRs-4/4</p>' in content
    assert '<div class="choice-list" id="id_participant" data-choice-list' in content


def test_the_filter_script_comes_from_this_host_and_the_form_works_without_it(record, client):
    content = client.get("/positions/").content.decode()
    scripts = re.findall(r"<script[^>]*>", content)
    assert scripts == ['<script src="/static/js/filters.js" defer>']  # no inline script, no other host
    policy = client.get("/positions/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    # Without the script: the form sends ticked boxes as any form does.
    assert row_count(client, "/positions/?participant=hill&part=itrs-2012:article-6") == 1
