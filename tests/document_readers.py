"""Reading the drafting documents back, as a word processor would: the text of a paragraph with every
tracked change rejected, or every one accepted. Independent of the code that writes them."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


# DOCX ------------------------------------------------------------------------------------------


def docx_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _inside(element, name: str) -> bool:
    return any(ancestor.tag == w(name) for ancestor in element.iterancestors())


def docx_paragraph_text(paragraph, *, accept: bool) -> str:
    """The paragraph's text with all changes accepted (``accept``) or rejected."""
    dropped = "del" if accept else "ins"
    parts = []
    for element in paragraph.iter(w("t"), w("delText"), w("br"), w("tab")):
        if _inside(element, dropped):
            continue
        if element.tag == w("br"):
            parts.append("\n")
        elif element.tag == w("tab"):
            parts.append("\t")
        else:
            parts.append(element.text or "")
    return "".join(parts)


def docx_revision_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(rejected, accepted) for every paragraph that holds a tracked change, in document order."""
    root = docx_xml(data)
    return [
        (docx_paragraph_text(paragraph, accept=False), docx_paragraph_text(paragraph, accept=True))
        for paragraph in root.iter(w("p"))
        if paragraph.find(f".//{w('ins')}") is not None or paragraph.find(f".//{w('del')}") is not None
    ]


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts (changes accepted), paragraphs joined by a line break."""
    root = docx_xml(data)
    return [
        [
            ["\n".join(docx_paragraph_text(p, accept=True) for p in cell.iter(w("p"))) for cell in row.iter(w("tc"))]
            for row in table.iter(w("tr"))
        ]
        for table in root.iter(w("tbl"))
    ]


def docx_text(data: bytes) -> str:
    root = docx_xml(data)
    return "\n".join(docx_paragraph_text(paragraph, accept=True) for paragraph in root.iter(w("p")))


# ODT -------------------------------------------------------------------------------------------


def odt_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("content.xml"))


def _odt_events(element, *, deleted: dict, accept: bool, state: dict, events: list) -> None:
    """The characters of an ODF element in order, as (literal, text) pairs, following the change
    marks: an insertion runs from ``text:change-start`` to ``text:change-end``; a deletion stands at
    its ``text:change``. Literal text is subject to ODF's white-space collapsing; ``text:s``,
    ``text:tab`` and ``text:line-break`` are not."""

    def keep() -> bool:
        return accept or not state["inserting"]

    if element.text and keep():
        events.append((True, element.text))
    for child in element:
        if child.tag == t("change-start"):
            state["inserting"] = True
        elif child.tag == t("change-end"):
            state["inserting"] = False
        elif child.tag == t("change"):
            if not accept:
                events.append((False, deleted[child.get(t("change-id"))]))
        elif child.tag == t("s"):
            if keep():
                events.append((False, " " * int(child.get(t("c"), "1"))))
        elif child.tag == t("tab"):
            if keep():
                events.append((False, "\t"))
        elif child.tag == t("line-break"):
            if keep():
                events.append((False, "\n"))
        else:
            _odt_events(child, deleted=deleted, accept=accept, state=state, events=events)
        if child.tail and keep():
            events.append((True, child.tail))


def _collapse(events: list) -> str:
    """ODF 1.2, 6.1.2: in literal text, white space (space, tab, line ends) counts as one space, and
    is dropped at the start of the paragraph or after another white-space character."""
    output: list[str] = []
    for literal, text in events:
        if not literal:
            output.append(text)
            continue
        for character in text:
            if character in " \t\r\n":
                if not output or output[-1][-1:] in (" ", "\t", "\n"):
                    continue
                output.append(" ")
            else:
                output.append(character)
    return "".join(output)


def _odt_inline_text(element, *, deleted: dict, accept: bool) -> str:
    events: list = []
    _odt_events(element, deleted=deleted, accept=accept, state={"inserting": False}, events=events)
    return _collapse(events)


def odt_deletions(root) -> dict[str, str]:
    """The text each deletion removed, by change id."""
    deletions = {}
    for region in root.iter(t("changed-region")):
        deletion = region.find(t("deletion"))
        if deletion is None:
            continue
        texts = [_odt_inline_text(paragraph, deleted={}, accept=True) for paragraph in deletion.iter(t("p"), t("h"))]
        deletions[region.get(t("id"))] = "\n".join(texts)
    return deletions


def odt_paragraph_text(paragraph, *, deleted: dict, accept: bool) -> str:
    return _odt_inline_text(paragraph, deleted=deleted, accept=accept)


def odt_revision_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(rejected, accepted) for every body paragraph that holds a change mark, in document order."""
    root = odt_xml(data)
    deleted = odt_deletions(root)
    body = root.find(f"{{{OFFICE}}}body")
    result = []
    for paragraph in body.iter(t("p")):
        if any(ancestor.tag == t("tracked-changes") for ancestor in paragraph.iterancestors()):
            continue
        marks = paragraph.find(f".//{t('change-start')}") is not None or paragraph.find(f".//{t('change')}") is not None
        if marks:
            result.append(
                (
                    odt_paragraph_text(paragraph, deleted=deleted, accept=False),
                    odt_paragraph_text(paragraph, deleted=deleted, accept=True),
                )
            )
    return result


def odt_tables(data: bytes) -> list[list[list[str]]]:
    root = odt_xml(data)
    deleted = odt_deletions(root)
    return [
        [
            [
                "\n".join(odt_paragraph_text(p, deleted=deleted, accept=True) for p in cell.iter(t("p")))
                for cell in row.iter(f"{{{TABLE}}}table-cell")
            ]
            for row in table.iter(f"{{{TABLE}}}table-row")
        ]
        for table in root.iter(f"{{{TABLE}}}table")
    ]
