"""The drafting documents in a right-to-left language: every DOCX paragraph and table marked bidi, the
ODT's pages, paragraphs and tables written right to left; in a left-to-right language, none of it.
Each document also declares the language it is written in (spelling and hyphenation)."""

import io
import re
import zipfile

import pytest
from django.utils import translation
from docx import Document
from lxml import etree

from review.documents.docx import compilation_docx
from review.documents.odt import compilation_odt

from .document_readers import docx_xml, w
from .test_compilation_documents import compilation  # noqa: F401 (a fixture)

STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def written_in(language: str, write, compilation):  # noqa: F811
    with translation.override(language):
        return write(compilation)


def odt_part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def test_an_arabic_docx_marks_every_paragraph_and_table_right_to_left(compilation):  # noqa: F811
    root = docx_xml(written_in("ar", compilation_docx, compilation))
    paragraphs = list(root.iter(w("p")))
    tables = list(root.iter(w("tbl")))
    assert paragraphs and tables
    # Right to left: every paragraph holding Arabic (the document's own words, an Arabic proposal) or
    # nothing; left to right: a paragraph of Latin text only (an English name, reason or proposal).
    for paragraph in paragraphs:
        text = "".join(paragraph.itertext())
        right_to_left = paragraph.find(f"{w('pPr')}/{w('bidi')}") is not None
        assert right_to_left == (not text.strip() or bool(re.search("[\u0600-\u06ff]", text))), text
    assert any("".join(paragraph.itertext()) == "Because." for paragraph in paragraphs)
    assert all(table.find(f"{w('tblPr')}/{w('bidiVisual')}") is not None for table in tables)
    # The schema's order: bidi before the paragraph's spacing and alignment, bidiVisual before the table's width.
    for properties in root.iter(w("pPr")):
        names = [etree.QName(child).localname for child in properties]
        for later in ("spacing", "ind", "jc", "rPr"):
            if later in names:
                assert names.index("bidi") < names.index(later), names
    for properties in root.iter(w("tblPr")):
        names = [etree.QName(child).localname for child in properties]
        assert names.index("bidiVisual") < names.index("tblW"), names
        assert properties.find(w("jc")) is None or properties.find(w("jc")).get(w("val")) == "right"


@pytest.mark.parametrize("language", ["en", "fr", "zh-hans"])
def test_a_left_to_right_docx_has_no_bidi_mark(compilation, language):  # noqa: F811
    data = written_in(language, compilation_docx, compilation)
    root = docx_xml(data)
    assert root.find(f".//{w('bidi')}") is None and root.find(f".//{w('bidiVisual')}") is None
    assert Document(io.BytesIO(data)).core_properties.language == language


def test_an_arabic_docx_still_opens_with_every_option_table(compilation):  # noqa: F811
    english = Document(io.BytesIO(written_in("en", compilation_docx, compilation)))
    arabic = Document(io.BytesIO(written_in("ar", compilation_docx, compilation)))
    assert len(arabic.tables) == len(english.tables) > 1
    assert arabic.core_properties.language == "ar"


def test_an_arabic_odt_writes_pages_paragraphs_and_tables_right_to_left(compilation):  # noqa: F811
    data = written_in("ar", compilation_odt, compilation)
    styles, content = odt_part(data, "styles.xml"), odt_part(data, "content.xml")
    mode = f"{{{STYLE}}}writing-mode"
    layouts = styles.findall(f".//{{{STYLE}}}page-layout-properties")
    assert layouts and all(layout.get(mode) == "rl-tb" for layout in layouts)
    default = styles.find(f".//{{{STYLE}}}default-style[@{{{STYLE}}}family='paragraph']")
    assert default.find(f"{{{STYLE}}}paragraph-properties").get(mode) == "rl-tb"
    assert default.find(f"{{{STYLE}}}text-properties").get(f"{{{STYLE}}}language-complex") == "ar"
    tables = content.findall(f".//{{{STYLE}}}table-properties")
    assert tables and all(table.get(mode) == "rl-tb" and table.get(f"{{{TABLE}}}align") == "right" for table in tables)


@pytest.mark.parametrize(("language", "attribute", "value"), [("en", "language", "en"), ("ru", "language", "ru")])
def test_a_left_to_right_odt_says_its_language_and_writes_left_to_right(compilation, language, attribute, value):  # noqa: F811
    data = written_in(language, compilation_odt, compilation)
    styles, content = odt_part(data, "styles.xml"), odt_part(data, "content.xml")
    default = styles.find(f".//{{{STYLE}}}default-style[@{{{STYLE}}}family='paragraph']")
    # odfdo's own template says French: the document says the language it is written in.
    assert default.find(f"{{{STYLE}}}text-properties").get(f"{{{FO}}}{attribute}") == value
    assert b"rl-tb" not in etree.tostring(styles) + etree.tostring(content)


def test_a_chinese_odt_says_chinese_for_its_asian_text(compilation):  # noqa: F811
    styles = odt_part(written_in("zh-hans", compilation_odt, compilation), "styles.xml")
    text = styles.find(f".//{{{STYLE}}}default-style[@{{{STYLE}}}family='paragraph']/{{{STYLE}}}text-properties")
    assert (text.get(f"{{{STYLE}}}language-asian"), text.get(f"{{{STYLE}}}country-asian")) == ("zh", "CN")


def test_the_arabic_print_html_gives_each_persons_text_its_own_direction(compilation):  # noqa: F811
    # WeasyPrint reads no dir="auto": the direction is written out, from the text's own letters.
    from review.documents.pdf import compilation_print_html

    with translation.override("ar"):
        html_text = compilation_print_html(compilation)
    assert 'dir="rtl"' in html_text.split("<body", 1)[0]
    assert '<p dir="ltr">Because.</p>' in html_text and '<p dir="rtl">سبب 理由</p>' in html_text
    assert '<p class="text" dir="ltr">A new rule on numbering.</p>' in html_text
    assert '<p class="text" dir="rtl">الدول الأعضاء تتعاون. 成员国应合作。</p>' in html_text


def test_an_arabic_odt_keeps_a_persons_latin_text_left_to_right(compilation):  # noqa: F811
    content = odt_part(written_in("ar", compilation_odt, compilation), "content.xml")
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    style_of = {}
    for paragraph in content.iter(f"{{{text_ns}}}p"):
        style_of.setdefault("".join(paragraph.itertext()).strip(), paragraph.get(f"{{{text_ns}}}style-name"))
    assert style_of["Because."] == "LeftToRight"
    assert style_of["A new rule on numbering."] == "LeftToRight"
    assert style_of["سبب 理由"] == "Standard"
    style = content.find(f".//{{{STYLE}}}style[@{{{STYLE}}}name='LeftToRight']/{{{STYLE}}}paragraph-properties")
    assert style.get(f"{{{STYLE}}}writing-mode") == "lr-tb"
    english = odt_part(written_in("en", compilation_odt, compilation), "content.xml")
    assert not english.xpath("//text:p[@text:style-name='LeftToRight']", namespaces={"text": text_ns})
