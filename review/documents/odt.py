"""The drafting documents in OpenDocument Text (ODT), with odfdo.

odfdo gives the package (manifest, styles, meta) and parses the content; the content itself is written
here as ODF XML, because MOD options are tracked changes, which odfdo reads but does not write: the body
opens with ``text:tracked-changes``, one ``text:changed-region`` per change (an insertion, or a deletion
holding the deleted text), and the option's paragraph marks each insertion with ``text:change-start`` /
``text:change-end`` and each deletion with ``text:change`` where the text stood. LibreOffice's
"Reject All" then gives the text as it stands, "Accept All" the proposed text.

ODF collapses white space in paragraphs, so spaces are written as ``text:s`` wherever a reader would
otherwise drop them, tabs as ``text:tab`` and line breaks as ``text:line-break``.
"""

from __future__ import annotations

import io
import re
from datetime import date
from xml.sax.saxutils import escape

from django.utils.translation import get_language, get_language_bidi, gettext
from odfdo import Document, Element

from provisions.wordiff import Change

from ..marks import RIGHT_TO_LEFT_LETTER
from .compilation import Compilation, Option, ProvisionOptions
from .docx import OPTION_COLUMNS, SUPPRESSED, TOOL_NAME, generated_on, marked_pieces, subject_line
from .docx_revisions import xml_text

OPTION_WIDTHS_CM = (2.0, 1.8, 10.9, 5.0, 7.0)
LINE_END = re.compile(r"\r\n|\n|\r")

AUTOMATIC_STYLES = [
    '<style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>',
    '<style:style style:name="Italic" style:family="text"><style:text-properties fo:font-style="italic"/>'
    "</style:style>",
    '<style:style style:name="Inserted" style:family="text"><style:text-properties style:text-underline-style="solid"'
    ' style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>',
    '<style:style style:name="Deleted" style:family="text"><style:text-properties'
    ' style:text-line-through-style="solid"/></style:style>',
    '<style:style style:name="Options" style:family="table"><style:table-properties style:width="26.7cm"'
    ' table:align="left" fo:margin-bottom="0.3cm"/></style:style>',
    '<style:style style:name="Legend" style:family="table"><style:table-properties style:width="16cm"'
    ' table:align="left"/></style:style>',
    '<style:style style:name="LeftToRight" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties style:writing-mode="lr-tb"/></style:style>',
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm"'
    ' fo:border="0.5pt solid #000000"/></style:style>',
    *(
        f'<style:style style:name="Column{number}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width}cm"/></style:style>'
        for number, width in enumerate(OPTION_WIDTHS_CM, start=1)
    ),
]


class Changes:
    """The ``text:changed-region`` elements of one document, with their ids."""

    def __init__(self):
        self.regions: list[str] = []

    def add(self, kind: str, *, author: str, when: date | None, deleted: str = "") -> str:
        change_id = f"ct{len(self.regions) + 1}"
        stamp = f"{(when or date.today()).isoformat()}T00:00:00"
        info = (
            f"<office:change-info><dc:creator>{escape(author)}</dc:creator>"
            f"<dc:date>{stamp}</dc:date></office:change-info>"
        )
        content = f"<text:p>{inline(deleted)}</text:p>" if kind == "deletion" else ""
        self.regions.append(
            f'<text:changed-region text:id="{change_id}">'
            f"<text:{kind}>{info}{content}</text:{kind}></text:changed-region>"
        )
        return change_id

    def xml(self) -> str:
        return f'<text:tracked-changes text:track-changes="false">{"".join(self.regions)}</text:tracked-changes>'


def inline(text: str) -> str:
    """``text`` as the content of an ODF paragraph, every character kept.

    A space is written as itself only between two other characters of the same piece that are not
    white space; any other space (first, last, or beside another space) as ``text:s``, which readers
    never collapse, whatever precedes or follows it in the paragraph.
    """
    parts = []
    for line_number, line in enumerate(LINE_END.split(xml_text(text))):
        if line_number:
            parts.append("<text:line-break/>")
        for piece_number, piece in enumerate(line.split("\t")):
            if piece_number:
                parts.append("<text:tab/>")
            for index, character in enumerate(piece):
                if character != " ":
                    parts.append(escape(character))
                elif 0 < index < len(piece) - 1 and piece[index - 1] != " " and piece[index + 1] != " ":
                    parts.append(" ")
                else:
                    parts.append("<text:s/>")
    return "".join(parts)


def span(text: str, style: str) -> str:
    return f'<text:span text:style-name="{style}">{inline(text)}</text:span>'


def paragraph(content: str = "", *, style: str = "Standard") -> str:
    """A paragraph of ``content`` (ODF markup). In a right-to-left document, a plain paragraph with
    text but no right-to-left letter (an English reason, name or proposal) is written left to right,
    as the DOCX and the pages keep it (``LeftToRight``, an automatic style over ``Standard``)."""
    if style == "Standard" and get_language_bidi():
        text = TAG.sub("", content)
        if text.strip() and not RIGHT_TO_LEFT_LETTER.search(text):
            style = "LeftToRight"
    return f'<text:p text:style-name="{style}">{content}</text:p>'


TAG = re.compile(r"<[^>]+>")


def heading(text: str, level: int) -> str:
    return (
        f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}" text:is-list-header="true">'
        f"{inline(text)}</text:h>"
    )


def cell(*paragraphs: str) -> str:
    return (
        '<table:table-cell table:style-name="Cell" office:value-type="string">'
        + "".join(paragraphs or (paragraph(),))
        + "</table:table-cell>"
    )


def new_document(*, title: str, landscape: bool) -> Document:
    document = Document("text")
    document.body.clear()
    document.meta.title = title
    document.meta.initial_creator = TOOL_NAME
    # The language the document is written in: the page's (spelling, and the direction of Arabic).
    language = get_language() or "en"
    document.meta.language = language
    right_to_left = get_language_bidi()
    set_default_language(document, language, right_to_left=right_to_left)
    for style in AUTOMATIC_STYLES:
        if right_to_left:
            # A right-to-left table: its columns run from the right, and it sits where the text begins.
            style = style.replace('table:align="left"', 'table:align="right" style:writing-mode="rl-tb"')
        document.insert_style(Element.from_tag(style), automatic=True)
    if landscape:
        layout = document.get_style("page-layout", "Mpm1")
        properties = layout.get_element("style:page-layout-properties")
        properties.set_attribute("fo:page-width", "29.7cm")
        properties.set_attribute("fo:page-height", "21cm")
        properties.set_attribute("style:print-orientation", "landscape")
        for side in ("top", "bottom", "left", "right"):
            properties.set_attribute(f"fo:margin-{side}", "1.5cm")
    return document


def set_default_language(document: Document, language: str, *, right_to_left: bool) -> None:
    """The paragraphs' default language (spelling and hyphenation in the reader's word processor; odfdo's
    template says French) and, for Arabic, the pages and paragraphs written right to left."""
    code = language.split("-")[0]
    default = next(
        style for style in document.styles.get_elements("//style:default-style") if style.family == "paragraph"
    )
    text = default.get_element("style:text-properties")
    # ODF keeps three languages: Latin and Cyrillic text (fo:), Chinese (asian), Arabic (complex).
    if code == "zh":
        text.set_attribute("style:language-asian", "zh")
        text.set_attribute("style:country-asian", "CN")
    elif code == "ar":
        text.set_attribute("style:language-complex", "ar")
        text.set_attribute("style:country-complex", "none")
    else:
        text.set_attribute("fo:language", code)
        text.set_attribute("fo:country", "none")
    if right_to_left:
        default.get_element("style:paragraph-properties").set_attribute("style:writing-mode", "rl-tb")
        for properties in document.styles.get_elements("//style:page-layout-properties"):
            properties.set_attribute("style:writing-mode", "rl-tb")


def document_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def compilation_odt(compilation: Compilation) -> bytes:
    """The compilation of options as an ODT file."""
    document = new_document(title=compilation.title, landscape=True)
    changes = Changes()
    chunks = [
        paragraph(span(compilation.group, "Bold")),
        paragraph(inline(compilation.meeting_label)),
        f'<text:h text:style-name="Title" text:outline-level="1" text:is-list-header="true">'
        f"{inline(compilation.title)}</text:h>",
        paragraph(span(generated_on(compilation.generated_on), "Italic")),
        heading(gettext("Editorial note"), 1),
        *(paragraph(inline(sentence)) for sentence in compilation.editorial_note),
        heading(gettext("Legend"), 1),
        '<table:table table:name="Legend" table:style-name="Legend">'
        '<table:table-column table:style-name="Column2"/><table:table-column/>'
        + "".join(
            f"<table:table-row>{cell(paragraph(span(symbol, 'Bold')))}{cell(paragraph(inline(meaning)))}"
            "</table:table-row>"
            for symbol, meaning in compilation.legend
        )
        + "</table:table>",
        paragraph(
            "".join(
                span(piece, style.capitalize()) if style else inline(piece)
                for piece, style in marked_pieces(
                    gettext(
                        "In MOD options, revision marks show the changes to the text as it stands: %(inserted)s "
                        "and %(deleted)s. They are tracked changes: Reject All gives the text as it stands, Accept "
                        "All the proposed text."
                    )
                )
            )
        ),
    ]
    table_number = 0
    for part in compilation.parts:
        chunks.append(heading(part.title, 1))
        for provision in part.provisions:
            table_number += 1
            chunks += provision_chunks(provision, changes=changes, table_name=f"Options{table_number}")
    body = document.body
    body.append(Element.from_tag(changes.xml()))
    for chunk in chunks:
        body.append(Element.from_tag(chunk))
    return document_bytes(document)


def provision_chunks(provision: ProvisionOptions, *, changes: Changes, table_name: str) -> list[str]:
    chunks = [heading(provision.heading, 2)]
    if provision.subject:
        chunks.append(paragraph(span(subject_line(provision.subject), "Italic")))
    header = "".join(cell(paragraph(span(gettext(name), "Bold"))) for name in OPTION_COLUMNS)
    rows = "".join(
        "<table:table-row>"
        + cell(paragraph(inline(option.label)))
        + cell(paragraph(span(option.symbol, "Bold")))
        + cell(*option_text(option, changes=changes))
        + cell(paragraph(inline(option.proposers_label or "—")))
        + cell(*reasons(option))
        + "</table:table-row>"
        for option in provision.options
    )
    columns = "".join(f'<table:table-column table:style-name="Column{n}"/>' for n in range(1, 6))
    chunks.append(
        f'<table:table table:name="{table_name}" table:style-name="Options">{columns}'
        f"<table:table-header-rows><table:table-row>{header}</table:table-row></table:table-header-rows>"
        f"{rows}</table:table>"
    )
    return chunks


def option_text(option: Option, *, changes: Changes) -> list[str]:
    """The text cell: the text (with change marks for a MOD) in the first paragraph, a note after."""
    if option.diff is not None:
        content = []
        for segment in option.diff.segments:
            if segment.change == Change.EQUAL:
                content.append(inline(segment.text))
            elif segment.change == Change.DELETE:
                change_id = changes.add("deletion", author=option.author, when=option.stated_on, deleted=segment.text)
                content.append(f'<text:change text:change-id="{change_id}"/>')
            else:
                change_id = changes.add("insertion", author=option.author, when=option.stated_on)
                content.append(
                    f'<text:change-start text:change-id="{change_id}"/>{inline(segment.text)}'
                    f'<text:change-end text:change-id="{change_id}"/>'
                )
        paragraphs = [paragraph("".join(content))]
    elif option.text:
        paragraphs = [paragraph(inline(option.text))]
    elif option.symbol == "SUP":
        paragraphs = [paragraph(span(gettext(SUPPRESSED), "Italic"))]
    else:
        paragraphs = [paragraph()]
    if option.note:
        paragraphs.append(paragraph(span(option.note, "Italic")))
    return paragraphs


def reasons(option: Option) -> list[str]:
    if not option.reasons:
        return [paragraph(inline("—"))]
    return [
        paragraph((span(given_by + ": ", "Bold") if given_by else "") + inline(reason))
        for given_by, reason in option.reason_items
    ]
