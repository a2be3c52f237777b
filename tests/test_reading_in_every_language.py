"""What a reader of another language sees in the lists and documents, beyond the labels: a provision
named with a word between the instrument's year and the margin where the language needs one, the
terms-of-reference item in words, a document on time showing nothing where a late one says "late",
dates in the language's own order, and users' texts taking their direction from their own words."""

import re

from django.utils import translation

from review.documents.compilation import long_date


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_provision_in_a_list_is_named_as_each_language_names_it(record, client):
    # "2012 ITRs 9" in English; in Arabic the year and the margin would read as one number without a word.
    english = page(client, "/positions/?margin=9&instrument=itrs-2012")
    assert re.search(r'<a href="/provisions/itrs-2012/9/#position-\d+">2012 ITRs 9</a>', english)
    arabic = page(client, "/ar/positions/?margin=9&instrument=itrs-2012")
    assert re.search(
        r'<a href="/ar/provisions/itrs-2012/9/#position-\d+">لوائح الاتصالات الدولية لعام 2012، الرقم 9</a>', arabic
    )
    chinese = page(client, "/zh-hans/positions/?margin=9&instrument=itrs-2012")
    assert "2012年《国际电信规则》第9款" in chinese


def test_the_terms_of_reference_item_is_given_in_words(record, client):
    english = page(client, "/positions/?margin=9&instrument=itrs-2012")
    assert "c) Relevance of high-level principles" in english
    french = page(client, "/fr/positions/?margin=9&instrument=itrs-2012")
    assert "Relevance of high-level principles" not in french and re.search(r"<td[^>]*>c\) ", french)


def test_a_document_on_time_shows_nothing_in_the_late_column(record, client):
    content = page(client, "/fr/contributions/")
    # The record's one late document says so; the others, on time, have an empty cell.
    assert len(re.findall(r"<td >tardif</td>", content)) == 1
    # A document on time: an empty cell, marked so that a phone leaves it out, with no label to show.
    assert ' class="empty"></td>' in content
    assert 'data-label="Tardif"' not in content and 'data-label="Late"' not in content


def test_users_texts_take_their_direction_from_their_words(record, client):
    content = page(client, "/ar/positions/?margin=9&instrument=itrs-2012")
    assert re.search(r'<td dir="auto"[^>]*>[^<]*Annex', content)
    provision = page(client, "/ar/provisions/itrs-2012/29/")
    assert re.search(r'<td data-label="[^"]+" dir="auto">', provision)


def test_documents_write_dates_in_the_languages_own_order():
    from datetime import date

    day = date(2026, 1, 19)
    expected = {"en": "19 January 2026", "zh-hans": "2026年1月19日", "ru": "19 января 2026 г.", "fr": "19 janvier 2026"}
    for language, text in expected.items():
        with translation.override(language):
            assert long_date(day) == text, language


def test_a_part_and_its_heading_are_joined_as_each_language_writes_it(record, client):
    assert "<dd>Article 3: International network</dd>" in page(client, "/provisions/itrs-2012/29/")
    assert "<dd>Article 3\u00a0: International network</dd>" in page(client, "/fr/provisions/itrs-2012/29/")
    assert "：International network</dd>" in page(client, "/zh-hans/provisions/itrs-2012/29/")


def test_the_boxes_for_peoples_texts_take_their_direction_from_what_is_typed(db):
    from review.forms import PositionAdminForm, RecordPositionsForm

    for name in ("margins", "rationale", "proposed_text"):
        assert RecordPositionsForm.base_fields[name].widget.attrs["dir"] == "auto", name
    single = PositionAdminForm()
    for name in ("rationale", "proposed_text"):
        assert single.fields[name].widget.attrs["dir"] == "auto", name


def test_a_margin_error_names_the_instrument_as_the_reader_reads_it(record, client):
    english = page(client, "/positions/?margin=999")
    assert "Unknown margin in 2012 ITRs: 999." in english
    arabic = page(client, "/ar/positions/?margin=999")
    # Not the code (itrs-2012), whose Latin letters and colon the Arabic sentence around them reordered.
    assert "لوائح الاتصالات الدولية لعام 2012" in arabic and "itrs-2012: 999" not in arabic


def test_a_compilation_heading_lists_its_details_with_the_languages_comma(record, client):
    english = page(client, "/compilation/?margin=28")
    assert re.search(r"Margin 28 \(Final Acts 29, paragraph 3\.2\)", english)
    arabic = page(client, "/ar/compilation/?margin=28")
    heading = re.search(r"<h[23][^>]*>([^<]*28[^<]*)</h[23]>", arabic).group(1)
    assert "،" in heading and "," not in heading, heading
