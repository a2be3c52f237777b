"""Every public page rendered with the real record: what a reader must find there."""

import re

import pytest

from review.models import Position

ANNEX_REVISE = ["29", "49", "50", "51", "63", "64", "76"]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_provision_29_shows_hills_abrogate_and_revise_positions_with_their_source(record, client):
    content = page(client, "/provisions/itrs-2012/29/")
    assert "2012 ITRs, margin 29" in content
    assert "Article 3: International network" in content
    assert "Routes set by mutual agreement" in content
    abrogate = content[content.index('id="stance-abrogate"') : content.index('id="stance-retain"')]
    revise = content[content.index('id="stance-revise"') : content.index('id="stance-add"')]
    for section in (abrogate, revise):
        assert '<a href="/participants/hill/">Hill</a>' in section
        assert '<a class="doc-symbol" href="/contributions/EG-ITRs-4/4/">EG-ITRs-4/4</a>' in section
    assert "c) Relevance of high-level principles" in abrogate
    assert "a) New trends and emerging issues" in revise
    assert "international numbering and AI" in revise  # the rationale
    assert "diallable and routed" in revise  # the proposed text
    assert "Current stances (1 participant)" in content
    assert "Abrogate (1 participant)" in content and "Revise (1 participant)" in content


def test_provision_page_shows_counterpart_participants_without_position_and_neighbours(record, client):
    content = page(client, "/provisions/itrs-2012/29/")
    assert 'Amended: <a href="/provisions/itrs-1988/30/">1988 ITRs margin 30</a>' in content
    assert "Participants with no current stance on it (39)" in content
    assert '<a href="/participants/armenia/">Armenia</a>' in content
    assert '<a href="/provisions/itrs-2012/28/" rel="prev">' in content
    assert '<a href="/provisions/itrs-2012/30/" rel="next">' in content
    assert "The text has not been imported" in content


def test_provision_page_in_an_appendix_and_in_1988(record, client):
    content = page(client, "/provisions/itrs-2012/1/1/")
    assert "2012 ITRs, margin 1/1" in content and "Appendix 1" in content
    assert '<a href="/provisions/itrs-1988/1/1/">1988 ITRs margin 1/1</a>' in content
    older = page(client, "/provisions/itrs-1988/18/")
    assert "Not in the 2012 ITRs" in older
    assert "Current stances (0 participants)" in older


def test_provision_page_hides_draft_positions(record, client):
    Position.objects.filter(provision__margin="29", stance="revise").update(state="draft")
    content = page(client, "/provisions/itrs-2012/29/")
    assert "Current stances (1 participant)" in content
    assert "diallable and routed" not in content


def test_provision_page_shows_imported_text(record, client):
    from provisions.models import Provision

    Provision.objects.filter(instrument__slug="itrs-2012", margin="29").update(text="The text of 29.")
    assert "The text of 29." in page(client, "/provisions/itrs-2012/29/")


def test_provision_list_in_natural_order_with_counts_linked_to_positions(record, client):
    content = page(client, "/provisions/")
    assert "(page 1 of 6, 259 rows)" in content
    margins = re.findall(r'<th scope="row" >\s*<a href="/provisions/itrs-2012/([^/]+(?:/[0-9]+)?)/">', content)
    assert margins[:12] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
    row_29 = content[
        content.index('href="/provisions/itrs-2012/29/"') : content.index('href="/provisions/itrs-2012/30/"')
    ]
    assert "/positions/?instrument=itrs-2012&amp;margin=29&amp;stance=abrogate" in row_29
    assert "/positions/?instrument=itrs-2012&amp;margin=29&amp;stance=revise" in row_29


def test_provision_list_second_page_reaches_the_appendices(record, client):
    content = page(client, "/provisions/?page=2")
    assert 'href="/provisions/itrs-2012/51/"' in content


def test_provision_list_sorts_by_a_column(record, client):
    content = page(client, "/provisions/?instrument=itrs-2012&sort=-count_abrogate")
    first = re.search(r'<th scope="row" >\s*<a href="/provisions/itrs-2012/([^"]+)/">', content)
    # 76 provisions tie on one abrogate position each: margin order breaks the tie on every database.
    assert first.group(1) == "3"
    assert 'aria-sort="descending"' in content


def test_positions_list_shows_every_published_position(record, client):
    content = page(client, "/positions/")
    assert "(page 1 of 2, 135 rows)" in content
    assert '<span class="stance stance-abrogate">SUP</span> Abrogate' in content


def test_compare_matrix_has_a_column_for_hill_and_both_stances_on_29(record, client):
    content = page(client, "/compare/")
    assert "2012 ITRs: 134 provisions × 1 participant" in content
    assert "No current stance matches" not in content
    assert (
        '<th scope="col" class="participant" title="Hill"><a href="/participants/hill/" aria-label="Hill">'
        '<span aria-hidden="true">Hill</span></a></th>'
    ) in content
    row_29 = content[content.index('<a href="/provisions/itrs-2012/29/">29</a>') :]
    row_29 = row_29[: row_29.index("</tr>")]
    assert '>SUP</a><a class="stance stance-revise"' in row_29
    assert 'title="Hill: Revise">MOD</a>' in row_29
    assert "1&nbsp;SUP" in row_29 and "1&nbsp;MOD" in row_29


def test_compare_marks_rows_where_all_holders_agree(record, client):
    from provisions.models import Provision

    from .factories import PositionFactory

    provision = Provision.objects.get(instrument__slug="itrs-2012", margin="3")
    PositionFactory(provision=provision, stance="abrogate")
    content = page(client, "/compare/")
    row_3 = content[content.index('<a href="/provisions/itrs-2012/3/">3</a>') :]
    row_3 = row_3[: row_3.index("</tr>")]
    assert "2&nbsp;SUP" in row_3 and "✓ all agree" in row_3
    assert content.count("✓ all agree") == 1


def test_compare_with_a_chosen_participant_shows_its_column_even_when_empty(record, client):
    content = page(client, "/compare/?participant=armenia&participant=hill")
    assert "134 provisions × 2 participants" in content
    assert "No current stance matches" not in content
    assert 'aria-label="Armenia"' in content


def test_compare_headers_give_a_long_name_in_full(record, client):
    from provisions.models import Provision

    from .factories import PositionFactory

    name = "International Organization of Made-up Telecommunication Operators and Regulators"
    PositionFactory(provision=Provision.objects.get(instrument=record, margin="3"), participant__name=name)
    content = page(client, "/compare/")
    header = content[content.index('<th scope="col" class="participant" title="International') :]
    header = header[: header.index("</th>")]
    assert f'title="{name}"' in header and f'aria-label="{name}"' in header


def test_compare_summary_column_is_next_to_the_provision(record, client):
    content = page(client, "/compare/?participant=armenia&participant=hill")
    head = content[content.index("<thead>") : content.index("</thead>")]
    assert re.search(r'class="corner">Margin</th>\s*<th scope="col" class="summary-column">Summary</th>\s*<th', head)
    assert head.index("Summary") < head.index('class="participant"')
    row_29 = content[content.index('<a href="/provisions/itrs-2012/29/">29</a>') :]
    row_29 = row_29[: row_29.index("</tr>")]
    assert re.search(r'</th>\s*<td class="summary-column"><span class="count count-abrogate">1&nbsp;SUP', row_29)
    assert row_29.index("summary-column") < row_29.index('class="cell"')


@pytest.mark.parametrize(
    ("query", "caption"),
    [
        ("participant=germany", "2012 ITRs: 134 provisions × 1 participant"),
        ("instrument=itrs-1988", "1988 ITRs: 125 provisions × 0 participants"),
        ("region=cis", "2012 ITRs: 134 provisions × 0 participants"),
        ("stance=add", "2012 ITRs: 134 provisions × 0 participants"),
        ("participant=germany&margin=29-30", "2012 ITRs: 2 provisions × 1 participant"),
    ],
)
def test_compare_without_a_matching_position_lists_the_provisions_and_says_so(record, client, query, caption):
    content = page(client, f"/compare/?{query}")
    assert caption in content
    assert "No current stance matches these filters: no participant" in content
    assert "No provision matches these filters." not in content
    assert "✓ all agree" not in content


def test_compare_says_no_provision_matches_only_when_no_provision_does(record, client):
    content = page(client, "/compare/?q=zzzz-nothing")
    assert "No provision matches these filters." in content
    assert "No current stance matches" not in content


def test_versions_shows_2012_against_1988_with_positions(record, client):
    content = page(client, "/compare/versions/")
    # 121 correspondence rows, 14 2012 provisions with none recorded, 28 provisions only in 1988
    assert "(163 rows)" in content
    assert content.count(">No 2012 counterpart identified<") == 28
    assert content.count(">No correspondence recorded<") == 14
    # 24 rows of the correspondence say "new"; four of them (54-56, 58) are provisions nobody has
    # seen (confidence low): not known to be new, only without a 1988 counterpart identified.
    assert content.count(">New in 2012<") == 20
    assert content.count(">No 1988 counterpart identified<") == 4
    unidentified = [row for row in versions_rows(content) if row[1] == "No 1988 counterpart identified"]
    assert [(new, old) for new, _, old in unidentified] == [("54", ""), ("55", ""), ("56", ""), ("58", "")]
    row_29 = content[content.index('<a href="/provisions/itrs-2012/29/">29</a>') :]
    row_29 = row_29[: row_29.index("</tr>")]
    assert "Amended" in row_29 and '<a href="/provisions/itrs-1988/30/">30</a>' in row_29
    assert "SUP</span> Abrogate: 1</a> (Hill)" in row_29
    assert "MOD</span> Revise: 1</a> (Hill)" in row_29


@pytest.mark.parametrize(
    ("margin", "said", "not_said"),
    [
        ("58", "No 1988 counterpart identified", "New in 2012"),
        ("54", "No 1988 counterpart identified", "New in 2012"),
        ("2", "New in 2012", "No 1988 counterpart identified"),
        ("72", "New in 2012", "No 1988 counterpart identified"),
    ],
)
def test_provision_page_says_new_only_where_the_sources_saw_the_provision(record, client, margin, said, not_said):
    section = page(client, f"/provisions/itrs-2012/{margin}/")
    section = section[section.index('id="counterpart-heading"') :]
    section = section[: section.index("</section>")]
    assert said in section and not_said not in section


def versions_rows(content: str) -> list[tuple[str, str, str]]:
    """(2012 margin, change, 1988 margin) of each row of /compare/versions/."""
    body = content[content.index("<tbody>") : content.index("</tbody>")]
    rows = []
    for row in body.split("</tr>")[:-1]:
        margins = re.findall(r'<a href="/provisions/itrs-(2012|1988)/([^"]+)/">', row)
        new = next((margin for year, margin in margins if year == "2012"), "")
        old = next((margin for year, margin in margins if year == "1988"), "")
        rows.append((new, re.search(r'<span class="relation">([^<]+)</span>', row).group(1), old))
    return rows


def test_versions_has_a_row_for_every_provision_of_both_versions(record, client):
    from provisions.models import Provision

    rows = versions_rows(page(client, "/compare/versions/"))
    margins = {year: set(Provision.objects.filter(instrument__year=year).values_list("margin", flat=True))
               for year in (2012, 1988)}  # fmt: skip
    assert {new for new, _, _ in rows} - {""} == margins[2012]
    assert {old for _, _, old in rows} - {""} == margins[1988]
    # Appendix 1 of 2012 stops its correspondence at 1/25: 1/26-1/39 are listed in their place.
    appendix_1 = [new for new, _, _ in rows if new.startswith("1/")]
    assert appendix_1 == [f"1/{number}" for number in range(1, 40)]
    assert ("1/26", "No correspondence recorded", "") in rows
    assert rows.index(("1/25", "Amended", "1/24")) < rows.index(("1/26", "No correspondence recorded", ""))
    assert ("", "No 2012 counterpart identified", "18") in rows


def test_versions_row_without_correspondence_shows_its_positions(record, client):
    content = page(client, "/compare/versions/?margin=1/39")
    assert "(1 row)" in content or "(1 rows)" in content
    assert "No correspondence recorded" in content
    assert "SUP</span> Abrogate: 1</a> (Hill)" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("margin=1/20-1/39", [("1/20", "1/20"), ("1/21", ""), ("1/22", "1/21"), ("1/23", "1/22"), ("1/24", "1/23"),
                              ("1/25", "1/24"), *((f"1/{number}", "") for number in range(26, 40))]),
        ("stance=abrogate&margin=1/26-1/27", [("1/26", ""), ("1/27", "")]),
        # Filters read in the 1988 ITRs select the rows of 1988 provisions, "only in 1988" ones too.
        ("instrument=itrs-1988&margin=17-20", [("20", "17"), ("", "18"), ("", "19"), ("", "20")]),
        ("instrument=itrs-1988&margin=30", [("29", "30")]),
        ("instrument=itrs-1988&part=appendix-3",
         [("", "3/1"), ("66", "3/2"), ("", "3/3"), ("", "3/4"), ("", "3/5"), ("67", "3/6")]),
        # A 2012 margin cannot select a provision that is only in 1988; a position filter neither.
        ("margin=18", [("18", "15")]),
        ("stance=abrogate&margin=16-18", [("16", "13"), ("17", "14"), ("18", "15")]),
    ],
)  # fmt: skip
def test_versions_filters_keep_rows_of_both_kinds_where_they_match(record, client, query, expected):
    rows = versions_rows(page(client, f"/compare/versions/?{query}"))
    assert [(new, old) for new, _, old in rows] == expected


def test_versions_text_search_reads_provisions_only_in_1988_too(record, client):
    from provisions.models import Provision

    rows = versions_rows(page(client, "/compare/versions/?q=privilege"))
    only_1988 = Provision.objects.search("privilege").filter(instrument__year=1988, successors_2012__isnull=True)
    assert {old for new, _, old in rows if not new} == set(only_1988.values_list("margin", flat=True))
    assert {"19", "3/4"} <= {old for new, _, old in rows if not new}


def test_participants_list_counts_positions_and_documents(record, client):
    content = page(client, "/participants/")
    assert "(40 rows)" in content
    row = content[content.index('<a href="/participants/hill/">Hill</a>') :]
    row = row[: row.index("</tr>")]
    counts = re.findall(r">(\d+)(?:</a>)?</td>", row)
    assert counts[:4] == ["76", "52", "7", "0"]


def test_participant_page_lists_positions_and_documents(record, client):
    content = page(client, "/participants/hill/")
    assert "<h1>Hill</h1>" in content
    assert "(page 1 of 2, 135 rows)" in content
    assert '<a class="doc-symbol" href="/contributions/EG-ITRs-4/4/">EG-ITRs-4/4</a>' in content
    assert "/positions/?participant=hill&amp;stance=abrogate" in content


def test_participant_page_of_a_member_state_shows_aliases(record, client):
    content = page(client, "/participants/russian-federation/")
    assert "the Russian Federation" in content
    assert "EG-ITRs-1/4" in content


def test_contributions_list_by_meeting_with_submitters(record, client):
    content = page(client, "/contributions/")
    assert "(64 rows)" in content
    assert "Armenia, Russian Federation" in content
    assert '<a href="/positions/?contribution=EG-ITRs-4%2F4">135</a>' in content


def test_contribution_page_lists_the_positions_it_states(record, client):
    content = page(client, "/contributions/EG-ITRs-4/4/")
    assert '<span class="doc-symbol">EG-ITRs-4/4</span>: Items for the final report annex' in content
    assert "(page 1 of 2, 135 rows)" in content


def test_meetings_page_lists_six_meetings_and_their_documents(record, client):
    content = page(client, "/meetings/")
    assert content.count('<section id="meeting-') == 6
    assert "Sixth meeting, 19 January 2026" in content
    assert '<a class="doc-symbol" href="/contributions/EG-ITRs-3/2/">EG-ITRs-3/2</a>' in content


def test_home_links_every_public_page(record, client):
    content = page(client, "/")
    for url in ["/provisions/", "/positions/", "/compare/", "/compare/versions/", "/participants/", "/meetings/"]:
        assert f'href="{url}"' in content
    assert 'href="/positions/?instrument=itrs-2012&amp;stance=abrogate&amp;status=current">76</a>' in content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/provisions/",
        "/positions/",
        "/compare/",
        "/compare/versions/",
        "/participants/",
        "/contributions/",
        "/meetings/",
        "/provisions/itrs-2012/29/",
        "/participants/hill/",
        "/contributions/EG-ITRs-4/4/",
    ],
)
def test_pages_are_accessible_html(record, client, url):
    content = page(client, url)
    tables = content.count("<table")
    assert tables and content.count("<caption") == tables, "every table has a caption"
    for header in re.findall(r"<th\b[^>]*>", content):
        assert "scope=" in header, header
    assert not re.search(r'(?:src|href)="(?:https?:)?//', content), "no asset or link to another host"
    assert 'lang="en"' in content


def test_filters_are_labelled_form_fields(record, client):
    content = page(client, "/positions/")
    # Fields that take one text have a label; lists, short or long, are checkboxes, each
    # labelled, grouped in a fieldset under a legend (the parts in a group per instrument).
    for name in ["margin", "q"]:
        assert f'<label for="id_{name}"' in content, name
        assert f'name="{name}"' in content
    for name in ["instrument", "stance", "region", "kind", "meeting", "tor", "participant", "contribution", "part"]:
        group = content[content.index(f'<div class="filter-field filter-{name}">') :]
        group = group[: group.index("</fieldset></div>")]
        assert "<fieldset" in group and "<legend" in group, name
        assert f'<label for="id_{name}_0"><input type="checkbox" name="{name}"' in group, name
    assert "<select" not in content


def test_a_document_cited_in_reasons_lists_the_statements_that_cite_it(record, client):
    """The Annex's statements are made in EG-ITRs-4/4 and give their reasons in EG-ITRs-3/2."""
    content = page(client, "/contributions/EG-ITRs-3/2/")
    assert "No published statement is made in this document." in content
    assert "No published position cites" not in content and "matches these filters" not in content
    cited = content[content.index('id="cited-heading"') :]
    citing = Position.objects.published().filter(rationale__contains="EG-ITRs-3/2")
    assert citing.count() > 100
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><a href=\"/participants/hill/\">Hill</a></th>(.*?)</tr>", cited, re.S)
    assert len(rows) == citing.values("stance").distinct().count()
    assert sum(int(re.search(r"<td[^>]*>(\d+): ", row).group(1)) for row in rows) == citing.count()
    assert all('<a class="doc-symbol" href="/contributions/EG-ITRs-4/4/">EG-ITRs-4/4</a>' in row for row in rows)
    # A document nobody cites says so; a mention of another symbol (3/20) is not a citation of 3/2.
    other = page(client, "/contributions/EG-ITRs-4/4/")
    assert "No published statement made elsewhere cites it in its reasons." in other
    from .factories import PositionFactory

    PositionFactory(rationale="See EG-ITRs-3/20 and xEG-ITRs-3/2.")
    assert page(client, "/contributions/EG-ITRs-3/2/").count("<tr>") == content.count("<tr>")


def test_document_symbols_never_wrap(record, client):
    """Every symbol shown (lists, tables, detail pages) is kept on one line by the doc-symbol class."""
    for url in [
        "/contributions/",
        "/meetings/",
        "/participants/hill/",
        "/positions/?participant=hill",
        "/provisions/itrs-2012/29/",
        "/contributions/EG-ITRs-4/4/",
        "/contributions/EG-ITRs-3/2/",
        "/",
    ]:
        content = page(client, url)
        body = content[content.index("<main") :]
        body = re.sub(r'<div class="filter-fields">.*?</form>', "", body, flags=re.S)  # the filter choices
        body = re.sub(r'(href|title|value)="[^"]*"', "", body)  # symbols in URLs are not shown
        symbols = re.findall(r"(<[^<>]*>)?(EG-ITRs-\d+/\d+)", body)
        assert symbols, url
        loose = [symbol for tag, symbol in symbols if 'class="doc-symbol"' not in (tag or "")]
        assert not loose, (url, loose[:5])
    assert ".doc-symbol { white-space: nowrap; }" in (settings_static("css/site.css"))


def settings_static(path: str) -> str:
    from pathlib import Path

    from django.contrib.staticfiles import finders

    return Path(finders.find(path)).read_text(encoding="utf-8")


def test_table_headers_say_what_the_column_holds(record, client):
    provisions = page(client, "/provisions/")
    headers = re.findall(r'<th scope="col"[^>]*>\s*(?:<a [^>]*>)?([^<]+)', provisions)
    assert "Instrument" in headers and "Short name" not in headers
    contributions = page(client, "/contributions/")
    headers = re.findall(r'<th scope="col"[^>]*>\s*(?:<a [^>]*>)?([^<]+)', contributions)
    assert "Meeting" in headers and "Number" not in headers


def test_the_preamble_is_named_once(record, client):
    assert "<dt>Part</dt><dd>Preamble</dd>" in page(client, "/provisions/itrs-2012/1/")
    assert "<dt>Part</dt><dd>Article 3: International network</dd>" in page(client, "/provisions/itrs-2012/29/")


def test_a_participant_without_region_says_none_everywhere(record, client):
    hill = page(client, "/participants/hill/")
    assert "<dt>ITU region</dt><dd>none</dd>" in hill
    listing = page(client, "/participants/?participant=hill")
    row = listing[listing.index('href="/participants/hill/"') :]
    row = row[: row.index("</tr>")]
    assert "<td >none</td>" in row.replace('<td class="region">', "<td >") and "—" not in row


def test_participant_page_without_positions_says_so(record, client):
    content = page(client, "/participants/germany/")
    assert "Germany holds no published position." in content
    assert "matches these filters" not in content


def test_meeting_dates_read_the_same_everywhere(record, client):
    # The third meeting ran 30 September - 1 October 2024; the sixth, one day.
    content = page(client, "/contributions/EG-ITRs-3/2/")
    assert "Third meeting</a> (30 September – 1 October 2024)" in content
    assert "Third meeting, 30 September – 1 October 2024" in page(client, "/meetings/")
    home = page(client, "/")
    assert "<td>30 September – 1 October 2024</td>" in home
    assert "<td>19 January 2026</td>" in home
    assert "Sixth meeting, 19 January 2026" in page(client, "/meetings/")


def test_meeting_dates_across_a_year_end_name_both_years(record, client):
    from datetime import date

    from review.models import Meeting

    Meeting.objects.filter(number=6).update(start_date=date(2025, 12, 30), end_date=date(2026, 1, 2))
    assert "Sixth meeting, 30 December 2025 – 2 January 2026" in page(client, "/meetings/")


@pytest.mark.parametrize("url", ["/compare/", "/compare/versions/"])
def test_one_instrument_tables_say_which_instrument_they_show(record, client, url):
    content = page(client, url)
    assert "One at a time: the 2012 ITRs unless you choose the 1988 ITRs." in content
    assert "None chosen: both versions." not in content
    assert '<details class="filters no-print"' in content


def test_lists_of_both_instruments_say_so(record, client):
    assert "None chosen: both versions." in page(client, "/provisions/")


# --- The structure as the sources give it (issue 9, item 8) ---------------------------------------


def placeholder_notes() -> list[str]:
    """The subjects and paragraphs the reference tables give placeholders (confidence low): research
    notes such as "Unidentified fifth item between FA 42B and 42G (not seen)"."""
    from provisions.models import Provision

    notes = []
    for subject, paragraph in Provision.objects.filter(confidence="low").values_list("subject", "paragraph"):
        notes.append(subject)
        # "not verified" alone is also what the pages say of a placeholder, in their own words.
        if ("verified" in paragraph or "unidentified" in paragraph) and paragraph != "not verified":
            notes.append(paragraph)
    return notes


@pytest.mark.parametrize(
    "url",
    ["/provisions/?per_page=500", "/compare/", "/compare/?instrument=itrs-1988", "/compare/versions/",
     "/provisions/itrs-2012/58/", "/provisions/itrs-2012/55/", "/provisions/itrs-2012/1/30/",
     "/provisions/itrs-1988/47/", "/positions/?margin=54-58&instrument=itrs-2012"],
)  # fmt: skip
def test_research_notes_are_not_shown_as_content(record, client, url):
    notes = placeholder_notes()
    assert "Unidentified fifth item between FA 42B and 42G (not seen)" in notes
    content = page(client, url).replace("&#x27;", "'")
    shown = [note for note in notes if note in content]
    assert not shown, shown


@pytest.mark.parametrize(
    "url",
    ["/provisions/?_export=csv", "/compare/?_export=csv", "/compare/versions/?_export=csv", "/positions/?_export=csv"],
)
def test_exports_hold_no_research_notes_either(record, client, url):
    text = b"".join(client.get(url).streaming_content).decode()
    notes = placeholder_notes()
    assert not [note for note in notes if note in text]


def test_the_provisions_export_says_how_sure_each_provision_is(record, client):
    import csv
    import io

    text = b"".join(client.get("/provisions/?instrument=itrs-2012&_export=csv").streaming_content).decode()
    rows = {row["margin"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["29"]["confidence"], rows["7"]["confidence"], rows["58"]["confidence"]) == ("high", "medium", "low")
    assert rows["58"]["subject"] == "" and rows["58"]["paragraph"] == ""
    assert rows["57"]["subject"] == "" and rows["29"]["subject"]


UNVERIFIED_MARK = (
    '<a class="unverified-mark" href="/about/structure/#unverified">unverified'
    '<span class="visually-hidden">: what this means</span></a>'
)


def test_unverified_provisions_carry_a_neutral_mark_linked_to_its_explanation(record, client):
    from provisions.models import Provision

    content = page(client, "/provisions/?instrument=itrs-2012&per_page=500")
    unverified = Provision.objects.filter(instrument=record, is_unverified=True).count()
    assert unverified and content.count(UNVERIFIED_MARK) == unverified
    assert '<a href="/provisions/itrs-2012/58/">58</a> ' + UNVERIFIED_MARK in content
    assert '<a href="/provisions/itrs-2012/29/">29</a></th>' in content  # seen: no mark
    assert " ?" not in re.sub(r"<[^>]+>", "", content.split("<tbody>")[1].split("</tbody>")[0]).replace("? ", "")
    for url in ["/compare/", "/compare/versions/", "/provisions/itrs-2012/58/", "/positions/?margin=58"]:
        assert UNVERIFIED_MARK in page(client, url), url
    detail = page(client, "/provisions/itrs-2012/58/")
    assert 'Subject</dt><dd><span class="not-verified">not verified</span></dd>' in detail
    assert "<small>(our paraphrase)</small>" not in detail


def test_the_structure_page_explains_the_mark_and_lists_the_unverified_provisions(record, client):
    content = page(client, "/about/structure/")
    assert 'id="unverified"' in content and "What “unverified” means" in content
    assert '<a href="/provisions/itrs-2012/58/">58</a> (low)' in content
    assert '<a href="/provisions/itrs-1988/3/6/">3/6</a> (low)' in content
    assert '<a href="/provisions/itrs-2012/29/">' not in content
    assert 'href="/about/structure/"' in page(client, "/")  # from every page's footer
