"""Tracked changes (revision marks) in WordprocessingML, written from a word-level difference.

A MOD option is one paragraph: unchanged text in plain runs, deleted text in ``w:del`` (its runs
hold ``w:delText``), inserted text in ``w:ins``, each change with its author, date and an id unique in
the document. Word's "Reject All" then leaves the text as it stands and "Accept All" the proposed text.

Why not the ``docx-revisions`` package (0.1.5): it edits existing paragraphs by character offsets,
dates every change "now" (a compilation dates each change by its statement), finds the next id by
scanning the whole document for each change (quadratic over a compilation of thousands of changes),
and registers element classes into python-docx globally. Writing the three elements from a diff is
the few lines below, tested by reading the documents back.
"""

from __future__ import annotations

import re
from datetime import date

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from provisions.wordiff import Change, WordDiff

# Characters XML 1.0 cannot hold (control characters other than tab and line ends): a text pasted
# from a PDF may carry a form feed. They are dropped from documents.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LINE_OR_TAB = re.compile(r"(\r\n|\n|\r|\t)")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return NOT_IN_XML.sub("", text)


class RevisionIds:
    """Ids for ``w:ins``/``w:del``: unique within one document."""

    def __init__(self):
        self.last = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def text_run(text: str, *, deleted: bool = False):
    """A ``w:r`` holding ``text``; line breaks become ``w:br`` and tabs ``w:tab``; in a deletion the
    text goes in ``w:delText``, as Word requires."""
    run = OxmlElement("w:r")
    for piece in LINE_OR_TAB.split(xml_text(text)):
        if not piece:
            continue
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece in ("\n", "\r\n", "\r"):
            run.append(OxmlElement("w:br"))
        else:
            element = OxmlElement("w:delText" if deleted else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = piece
            run.append(element)
    return run


def revision(kind: str, text: str, *, author: str, when: date | None, ids: RevisionIds):
    """A ``w:ins`` or ``w:del`` (``kind``) holding one run of ``text``."""
    element = OxmlElement(f"w:{kind}")
    element.set(qn("w:id"), ids.next())
    element.set(qn("w:author"), author)
    if when is not None:
        element.set(qn("w:date"), f"{when.isoformat()}T00:00:00Z")
    element.append(text_run(text, deleted=kind == "del"))
    return element


def append_diff(paragraph, diff: WordDiff, *, author: str, when: date | None, ids: RevisionIds) -> None:
    """Append ``diff`` to a python-docx ``paragraph`` as runs and tracked changes."""
    element = paragraph._p
    for segment in diff.segments:
        if segment.change == Change.EQUAL:
            element.append(text_run(segment.text))
        elif segment.change == Change.DELETE:
            element.append(revision("del", segment.text, author=author, when=when, ids=ids))
        else:
            element.append(revision("ins", segment.text, author=author, when=when, ids=ids))


def append_text(paragraph, text: str) -> None:
    """Append plain ``text`` to ``paragraph``, keeping its line breaks and tabs."""
    paragraph._p.append(text_run(text))
