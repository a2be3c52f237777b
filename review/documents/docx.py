"""The drafting documents in Word (DOCX), with python-docx.

MOD options are written as real tracked changes against the text as it stands (``docx_revisions``);
everything else is plain text, so that a delegation can edit the document as its own draft.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import get_language, get_language_bidi, gettext, gettext_noop, pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..marks import RIGHT_TO_LEFT_LETTER
from .compilation import GROUP_NAME, Compilation, Option, ProvisionOptions, long_date
from .docx_revisions import RevisionIds, append_diff, append_text, xml_text

TOOL_NAME = "ITRs Review Tracker"
# The option table's column headers (translated where a document is written), shared with the ODT.
OPTION_COLUMNS = (
    gettext_noop("Option"),
    gettext_noop("Symbol"),
    gettext_noop("Text"),
    gettext_noop("Proposed by"),
    gettext_noop("Reasons"),
)
# What a SUP option's text cell says (it proposes no text).
SUPPRESSED = gettext_noop("(suppressed)")
# Widths of the option table on a landscape A4 page (26.7 cm between margins of 1.5 cm).
OPTION_WIDTHS = (Cm(2.0), Cm(1.8), Cm(10.9), Cm(5.0), Cm(7.0))


def new_document(*, title: str, landscape: bool = False):
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.author = TOOL_NAME
    properties.comments = gettext("Generated from the ITRs Review Tracker.")
    # The language the document is written in: the page's (spelling, and the direction of Arabic).
    properties.language = get_language() or ""
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    return document


# What may follow <w:bidi/> in a paragraph's properties, and <w:bidiVisual/> in a table's (the order
# the OOXML schema fixes; Word refuses a file whose elements are out of it).
AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip


def mark_right_to_left(document) -> None:
    """Every paragraph right to left (``w:bidi``) and every table's columns from the right
    (``w:bidiVisual``), for a document in a right-to-left language (Arabic); but a paragraph with no
    right-to-left letter (an English rationale, a name, a proposal) stays left to right, as the pages'
    ``dir="auto"`` keeps it, so that its full stop and brackets stay where its writer put them."""
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t"), qn("w:delText")))
        if text.strip() and not RIGHT_TO_LEFT_LETTER.search(text):
            continue
        properties = paragraph.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is None:
            properties.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)
    for table in body.iter(qn("w:tbl")):
        properties = table.tblPr
        if properties.find(qn("w:bidiVisual")) is None:
            properties.insert_element_before(OxmlElement("w:bidiVisual"), *AFTER_BIDI_VISUAL)
        # In a right-to-left table, "start" is the right edge: the table sits where the text begins.
        alignment = properties.find(qn("w:jc"))
        if alignment is not None and alignment.get(qn("w:val")) == "left":
            alignment.set(qn("w:val"), "right")


def document_bytes(document) -> bytes:
    """The file, written right to left when the language it is written in is (get_language_bidi)."""
    if get_language_bidi():
        mark_right_to_left(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repeat_header_row(row) -> None:
    """Mark ``row`` as a header row that Word repeats on every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def set_column_widths(table, widths) -> None:
    """Column widths in the table grid, which LibreOffice reads (Word reads the cells' widths)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.iter(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width.twips))


def add_paragraph(container, text: str = "", *, style: str | None = None, italic: bool = False, bold: bool = False):
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(xml_text(text))
        run.italic = italic
        run.bold = bold
    return paragraph


def set_cell_text(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if bold:
        paragraph.add_run(xml_text(text)).bold = True
    else:
        append_text(paragraph, text)


def compilation_docx(compilation: Compilation) -> bytes:
    """The compilation of options as a DOCX file."""
    document = new_document(title=compilation.title, landscape=True)
    ids = RevisionIds()
    add_paragraph(document, compilation.group, bold=True)
    add_paragraph(document, compilation.meeting_label)
    document.add_heading(compilation.title, level=0)
    add_paragraph(document, generated_on(compilation.generated_on), italic=True)

    document.add_heading(gettext("Editorial note"), level=1)
    for sentence in compilation.editorial_note:
        add_paragraph(document, sentence)

    document.add_heading(gettext("Legend"), level=1)
    legend = document.add_table(rows=0, cols=2)
    legend.style = "Table Grid"
    for symbol, meaning in compilation.legend:
        cells = legend.add_row().cells
        set_cell_text(cells[0], symbol, bold=True)
        set_cell_text(cells[1], meaning)
    # One sentence with two marked phrases: split where the translation puts them.
    sentence = gettext(
        "In MOD options, revision marks show the changes to the text as it stands: %(inserted)s and "
        "%(deleted)s. They are Word's tracked changes: Reject All gives the text as it stands, Accept All the "
        "proposed text."
    )
    marks = add_paragraph(document)
    for piece, style in marked_pieces(sentence):
        run = marks.add_run(xml_text(piece))
        if style == "inserted":
            run.underline = True
        elif style == "deleted":
            run.font.strike = True

    for part in compilation.parts:
        document.add_heading(part.title, level=1)
        for provision in part.provisions:
            add_provision(document, provision, ids=ids)
    return document_bytes(document)


def generated_on(day) -> str:
    """The line under a document's title: ``Generated on 2 December 2026``."""
    return gettext("Generated on %(date)s") % {"date": long_date(day)}


def subject_line(subject: str) -> str:
    """A provision's subject, said to be the tracker's own words (never the treaty's)."""
    return gettext("Subject: %(subject)s (the tracker's paraphrase)") % {"subject": subject}


def marked_pieces(sentence: str) -> list[tuple[str, str]]:
    """``sentence`` (with ``%(inserted)s`` and ``%(deleted)s`` where the marked phrases go, in the order
    the translation puts them) as (text, style) pieces: style ``inserted``, ``deleted`` or ``""``."""
    words = {"inserted": gettext("inserted text"), "deleted": gettext("deleted text")}
    pieces = []
    for index, piece in enumerate(re.split(r"%\((inserted|deleted)\)s", sentence)):
        if index % 2:
            pieces.append((words[piece], piece))
        elif piece:
            pieces.append((piece.replace("%%", "%"), ""))
    return pieces


def add_provision(document, provision: ProvisionOptions, *, ids: RevisionIds) -> None:
    document.add_heading(provision.heading, level=2)
    if provision.subject:
        add_paragraph(document, subject_line(provision.subject), italic=True)
    table = document.add_table(rows=1, cols=len(OPTION_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    set_column_widths(table, OPTION_WIDTHS)
    header = table.rows[0]
    repeat_header_row(header)
    for cell, name, width in zip(header.cells, OPTION_COLUMNS, OPTION_WIDTHS, strict=True):
        set_cell_text(cell, gettext(name), bold=True)
        cell.width = width
    for option in provision.options:
        cells = table.add_row().cells
        for cell, width in zip(cells, OPTION_WIDTHS, strict=True):
            cell.width = width
        set_cell_text(cells[0], option.label)
        set_cell_text(cells[1], option.symbol, bold=True)
        add_option_text(cells[2], option, ids=ids)
        set_cell_text(cells[3], option.proposers_label or "—")
        add_reasons(cells[4], option)


def add_option_text(cell, option: Option, *, ids: RevisionIds) -> None:
    """The text cell: the first paragraph holds the text (with revision marks for a MOD), a note
    follows in its own paragraph."""
    paragraph = cell.paragraphs[0]
    if option.diff is not None:
        append_diff(paragraph, option.diff, author=option.author, when=option.stated_on, ids=ids)
    elif option.text:
        append_text(paragraph, option.text)
    elif option.symbol == "SUP":
        paragraph.add_run(gettext(SUPPRESSED)).italic = True
    if option.note:
        add_paragraph(cell, option.note, italic=True)


def add_reasons(cell, option: Option) -> None:
    if not option.reasons:
        set_cell_text(cell, "—")
        return
    for index, (given_by, reason) in enumerate(option.reason_items):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if given_by:
            paragraph.add_run(xml_text(given_by) + ": ").bold = True
        append_text(paragraph, reason)


def add_table(document, header: tuple[str, ...], rows, *, widths=None):
    """A grid table with a repeated header row and one row per item of ``rows`` (cell texts)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    if widths:
        set_column_widths(table, widths)
    repeat_header_row(table.rows[0])
    for cell, name in zip(table.rows[0].cells, header, strict=True):
        set_cell_text(cell, name, bold=True)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            set_cell_text(cell, str(text))
    return table


def summary_docx(summary) -> bytes:
    """The Annex summary as a DOCX file: per participant, a table of stance, ToR item and margins."""
    title = gettext("Statements by participant: %(instrument)s") % {"instrument": summary.instrument_name}
    document = new_document(title=title)
    add_paragraph(document, gettext(GROUP_NAME), bold=True)
    document.add_heading(title, level=0)
    if summary.as_of:
        as_of = gettext("as things stood at the end of meeting %(number)s") % {"number": summary.as_of.number}
    else:
        as_of = gettext("current stances")
    add_paragraph(
        document,
        gettext(
            "Generated on %(date)s from the ITRs Review Tracker (%(as_of)s). For each participant, the provisions "
            "on which it holds each stance, under each item of the terms of reference, as a list of margins (a "
            "range covers consecutive provisions)."
        )
        % {"date": long_date(summary.generated_on), "as_of": as_of},
        italic=True,
    )
    if not summary.rows:
        add_paragraph(document, gettext("No statement matches these filters."))
    for participant, rows in summary.by_participant:
        document.add_heading(participant, level=1)
        add_table(
            document,
            (gettext("Stance"), gettext("ToR item"), gettext("Provisions"), gettext("Margins")),
            ((f"{row.symbol} {row.stance_label}", row.tor_label, row.count, row.compressed) for row in rows),
            widths=(Cm(3.5), Cm(4.5), Cm(2.0), Cm(8.0)),
        )
    return document_bytes(document)


def brief_docx(brief) -> bytes:
    """A delegation's brief as a DOCX file."""
    document = new_document(title=brief.title)
    add_paragraph(document, gettext(GROUP_NAME), bold=True)
    document.add_heading(brief.title, level=0)
    add_paragraph(document, brief.introduction, italic=True)
    document.add_heading(gettext("Current stances"), level=1)
    if brief.provisions:
        add_table(
            document,
            (gettext("Margin"), gettext("Stance"), gettext("Shared by"), gettext("Opposed by")),
            (
                (
                    provision.margin,
                    provision.symbols,
                    "; ".join(f"{symbol}: {', '.join(names)}" for symbol, names in provision.shared_items) or "—",
                    "; ".join(f"{name} ({symbols})" for name, symbols in provision.opposed_items) or "—",
                )
                for provision in brief.provisions
            ),
            widths=(Cm(1.6), Cm(2.2), Cm(6.6), Cm(7.6)),
        )
    else:
        add_paragraph(
            document,
            gettext("%(participant)s holds no current stance on these provisions.")
            % {"participant": brief.participant},
        )
    document.add_heading(gettext("Agreement with other participants"), level=1)
    add_paragraph(
        document,
        gettext(
            "Of the provisions on which both hold a current stance, the share on which they hold a stance in common."
        ),
        italic=True,
    )
    if brief.agreements:
        add_table(
            document,
            (gettext("Participant"), gettext("Provisions both hold"), gettext("Agree on"), gettext("Agreement")),
            ((item.participant, item.both, item.agreed, item.percent) for item in brief.agreements),
            widths=(Cm(8.0), Cm(3.4), Cm(3.0), Cm(3.0)),
        )
    else:
        add_paragraph(document, gettext("No other participant holds a stance on the same provisions."))
    if brief.since is not None:
        document.add_heading(gettext("Changes since meeting %(number)s") % {"number": brief.since.number}, level=1)
        if brief.changes:
            add_table(
                document,
                (gettext("Margin"), pgettext("a change of stance", "Change"), gettext("Stances")),
                ((change.margin, change.kind_label, change.description) for change in brief.changes),
                widths=(Cm(2.0), Cm(3.0), Cm(8.0)),
            )
        else:
            add_paragraph(document, gettext("No change."))
    return document_bytes(document)
