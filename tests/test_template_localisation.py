"""What the templates localise beyond their words: dates in each language's order and month names,
large numbers grouped as each language groups them, links that stay in the language being read, and
the words of the filter script given by the page."""

import re

from django.template import loader
from django.utils import translation

from review.models import Position

from .factories import scale_record


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_meeting_dates_follow_the_language(record, client):
    # The third meeting ran 30 September - 1 October 2024; the sixth, one day (19 January 2026).
    # Month names come with Django's own catalogues; the order and the grammar with its formats.
    english = page(client, "/meetings/")
    assert "30 September – 1 October 2024" in english and "19 January 2026" in english
    russian = page(client, "/ru/meetings/")
    assert "30 сентября – 1 октября 2024 г." in russian and "19 января 2026 г." in russian
    chinese = page(client, "/zh-hans/meetings/")
    # The month without a leading zero, as Chinese writes a date (Django pads it: itrs_site/formats/zh_Hans).
    assert "9月30日至2024年10月1日" in chinese and "2026年1月19日" in chinese
    assert "09月" not in chinese
    assert "30 septembre – 1 octobre 2024" in page(client, "/fr/meetings/")
    # Short dates (a statement's date on a provision page): "20 Feb 2025" in English, numbers in French.
    assert re.search(r"<time datetime=\"2025-02-20\">20 Feb 2025</time>", page(client, "/provisions/itrs-2012/29/"))
    assert '<time datetime="2025-02-20">20/02/2025</time>' in page(client, "/fr/provisions/itrs-2012/29/")


def test_large_counts_are_grouped_as_each_language_groups_them(record, client):
    scale_record(factor=8)  # the record has 135 published statements
    statements = Position.objects.published().count()
    assert statements >= 1000
    english = page(client, "/")
    assert f'<td class="number">{statements:,}</td>' in english
    french = page(client, "/fr/")
    assert f'<td class="number">{statements:,}</td>'.replace(",", "\xa0") in french
    positions = page(client, "/positions/")
    assert re.search(rf"\(page 1 of \d+, {statements:,} rows\)</caption>", positions)


def test_links_stay_in_the_language_being_read(record, client):
    home = page(client, "/fr/")
    assert '<a href="/fr/provisions/itrs-2012/29/">' in home
    assert 'href="/provisions/' not in home and 'href="/participants/' not in home
    not_found = client.get("/es/no-such-page/")
    assert not_found.status_code == 404
    content = not_found.content.decode()
    for url in ("/es/", "/es/provisions/", "/es/participants/"):
        assert f'href="{url}"' in content, url
    # Django renders the 500 page without a request, in the language the request had activated.
    with translation.override("ar"):
        server_error = loader.get_template("500.html").render()
    for url in ("/ar/", "/ar/provisions/", "/ar/participants/"):
        assert f'href="{url}"' in server_error, url


def test_printed_documents_say_their_language():
    # The HTML that WeasyPrint prints (PDF): a French document is French to hyphenation and fonts.
    for template in ("review/documents/compilation_print.html", "review/documents/brief_print.html"):
        for language, direction in (("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")):
            with translation.override(language):
                html = loader.get_template(template).render({})
            assert f'<html lang="{language}" dir="{direction}">' in html, (template, language)


def test_the_filter_script_takes_its_words_from_the_page(record, client):
    content = page(client, "/positions/")
    form = re.search(r"<form method=\"get\" aria-label=\"Filters\"(.*?)>", content, re.DOTALL)[1]
    attributes = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', form))
    assert attributes == {
        "data-find-label": "Find in {list}",
        "data-unnamed-list": "the list",
        "data-count-text": "{shown} of {total} shown",
        "data-chosen-text": "Chosen: {names}",
        "data-none-chosen": "None chosen.",
    }


def test_pdf_pages_are_numbered_in_words_the_catalogue_gives(record, client, tmp_path):
    # The footer is a translated sentence around CSS counters (compilation_print.html, brief_print.html).
    from .test_compilation_documents import pdf_text

    for url in ("/compilation/?margin=29&_export=pdf", "/participants/hill/brief/?_export=pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / "document.pdf"
        path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
        assert re.search(r"Page 1 of \d+", pdf_text(path)), url
