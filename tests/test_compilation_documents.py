"""The compilation of options written as DOCX, ODT, HTML and PDF, and read back.

Every MOD option's text, with its changes rejected, is the text as it stands, and with them accepted
the proposed text, exactly; every provision opens with Option 1 NOC; a merged option lists all its
proposers. The texts are made up here (never the treaty's sentences) and cover what breaks writers:
several spaces, tabs, line breaks, quote marks, markup characters, Arabic and Chinese.
"""

import io
import os
import shutil
import subprocess
from datetime import date

import pytest

from review.documents.compilation import MeetingRow, ProvisionRow, StatementRow, compilation_build
from review.documents.docx import compilation_docx
from review.documents.odt import compilation_odt
from review.documents.pdf import compilation_pdf

from .document_readers import (
    docx_revision_paragraphs,
    docx_tables,
    docx_text,
    odt_revision_paragraphs,
    odt_tables,
)

ARTICLE = {"part_kind": "article", "part_number": "3", "part_heading": "International network", "part_order": 4}
APPENDIX = {"part_kind": "appendix", "part_number": "1", "part_heading": "Accounting", "part_order": 20}
CURRENT = {
    1: "Member States shall  cooperate\tin good faith;\nthey shall report yearly.",
    2: 'The "routes" are set by <agreement> & practice.',
    3: "الدول الأعضاء تتعاون. 成员国应合作。",
    4: "",
    5: "Accounts are settled monthly.",
}
PROPOSED = {
    1: "Member States should cooperate\tin good faith;\n\nthey shall report every two years.",
    2: "The “routes” are set by <agreement>.",
    3: "الدول الأعضاء تتعاون دائما. 成员国必须合作。",
    4: "A new rule on numbering.",
    5: "  Accounts are settled quarterly, or as agreed.  ",
}


def sample_rows():
    provisions = [
        ProvisionRow(pk=1, margin="27", sort_key="00000027", final_acts_margin="28", paragraph="3.1", **ARTICLE),
        ProvisionRow(pk=2, margin="28", sort_key="00000028", final_acts_margin="29", paragraph="3.2", **ARTICLE),
        ProvisionRow(pk=3, margin="29", sort_key="00000029", final_acts_margin="30", paragraph="3.3", **ARTICLE),
        ProvisionRow(pk=4, margin="30", sort_key="00000030", **ARTICLE),
        ProvisionRow(pk=5, margin="1/2", sort_key="01000002", **APPENDIX),
    ]
    provisions = [
        ProvisionRow(**{**row.__dict__, "text": CURRENT[row.pk], "subject": f"Subject {row.margin}"})
        for row in provisions
    ]

    def statement(provision_id, name, stance, text="", document="EG-ITRs-4/1", rationale="Because."):
        return StatementRow(
            provision_id=provision_id,
            participant_name=name,
            participant_slug=name.lower(),
            stance=stance,
            proposed_text=text,
            rationale=rationale,
            contribution_symbol=document,
            stated_on=date(2025, 2, 20),
        )

    statements = [
        statement(1, "Alpha", "revise", PROPOSED[1]),
        statement(1, "Beta", "revise", PROPOSED[1].replace("\t", "\t "), document="EG-ITRs-4/2"),
        statement(1, "Gamma", "abrogate", rationale=""),
        statement(2, "Alpha", "revise", PROPOSED[2]),
        statement(2, "Delta", "retain"),
        statement(3, "Gamma", "revise", PROPOSED[3], rationale="سبب 理由"),
        statement(4, "Beta", "revise", PROPOSED[4]),
        statement(5, "Alpha", "revise", PROPOSED[5]),
        statement(5, "Beta", "add", "An added rule."),
    ]
    return provisions, statements


@pytest.fixture
def compilation():
    provisions, statements = sample_rows()
    return compilation_build(
        instrument_name="2012 ITRs",
        provisions=provisions,
        statements=statements,
        generated_on=date(2026, 1, 20),
        cutoff=MeetingRow(number=4, start_date=date(2025, 2, 20), end_date=date(2025, 2, 21)),
    )


def expected_revisions(compilation) -> list[tuple[str, str]]:
    return [
        (option.diff.old_text, option.diff.new_text)
        for provision in compilation.provisions
        for option in provision.options
        if option.diff is not None
    ]


def test_the_sample_has_a_mod_with_revision_marks_on_every_provision_with_text(compilation):
    # Texts are compared without the white space around them (no reader sees it).
    assert expected_revisions(compilation) == [(CURRENT[key], PROPOSED[key].strip()) for key in (1, 2, 3, 5)]


def test_docx_mod_cells_reject_to_the_current_text_and_accept_to_the_proposed(compilation):
    data = compilation_docx(compilation)
    assert docx_revision_paragraphs(data) == expected_revisions(compilation)


def test_docx_every_provision_opens_with_option_1_noc_and_merged_options_list_all_proposers(compilation):
    tables = docx_tables(compilation_docx(compilation))
    option_tables = [table for table in tables if table[0][:2] == ["Option", "Symbol"]]
    assert len(option_tables) == len(compilation.provisions) == 5
    for table, provision in zip(option_tables, compilation.provisions, strict=True):
        assert table[1][:3] == ["Option 1", "NOC", provision.text or table[1][2]]
        assert len(table) - 1 == len(provision.options)
    first = option_tables[0]
    # Alpha and Beta proposed the same text but for a space after a tab: one option, both proposers.
    assert first[2][:2] == ["Option 2", "SUP"]
    assert first[3][:2] == ["Option 3", "MOD"]
    assert first[3][3] == "Alpha (EG-ITRs-4/1); Beta (EG-ITRs-4/2)"


def test_docx_says_where_no_current_text_is_loaded_and_gives_the_proposal_in_full(compilation):
    option_tables = [table for table in docx_tables(compilation_docx(compilation)) if table[0][0] == "Option"]
    text_cell = option_tables[3][2][2]
    assert text_cell.startswith(PROPOSED[4] + "\n")
    assert "not loaded" in text_cell


def test_docx_tracked_changes_carry_author_and_date(compilation):
    from .document_readers import docx_xml, w

    root = docx_xml(compilation_docx(compilation))
    changes = list(root.iter(w("ins"), w("del")))
    assert changes
    assert {change.get(w("author")) for change in changes} >= {"Alpha, Beta", "Gamma"}
    assert {change.get(w("date")) for change in changes} == {"2025-02-20T00:00:00Z"}
    ids = [change.get(w("id")) for change in changes]
    assert len(ids) == len(set(ids))


def test_docx_masthead_note_and_legend(compilation):
    text = docx_text(compilation_docx(compilation))
    for expected in (
        "Expert Group on the International Telecommunication Regulations (EG-ITRs)",
        "Compilation of options: 2012 ITRs",
        "As things stood at the end of meeting 4",
        "EG-ITRs-4/1, EG-ITRs-4/2",
        "none of them is agreed",
        "Article 3: International network",
        "Appendix 1: Accounting",
        "Margin 29 (Final Acts 30, paragraph 3.3)",
        "Suppression: the provision is deleted.",
    ):
        assert expected in text


def test_odt_mod_paragraphs_reject_to_the_current_text_and_accept_to_the_proposed(compilation):
    data = compilation_odt(compilation)
    assert odt_revision_paragraphs(data) == expected_revisions(compilation)


def test_odt_every_provision_opens_with_option_1_noc_and_merged_options_list_all_proposers(compilation):
    option_tables = [table for table in odt_tables(compilation_odt(compilation)) if table[0][0] == "Option"]
    assert len(option_tables) == len(compilation.provisions)
    for table, provision in zip(option_tables, compilation.provisions, strict=True):
        assert table[1][:2] == ["Option 1", "NOC"]
        assert len(table) - 1 == len(provision.options)
    assert option_tables[0][1][2] == CURRENT[1]
    assert option_tables[0][3][3] == "Alpha (EG-ITRs-4/1); Beta (EG-ITRs-4/2)"


def test_odt_is_a_valid_package_that_odfdo_reads_with_its_tracked_changes(compilation):
    from odfdo import Document

    document = Document(io.BytesIO(compilation_odt(compilation)))
    assert document.get_type() == "text"
    assert document.meta.title == "Compilation of options: 2012 ITRs"
    regions = document.body.tracked_changes.get_changed_regions()
    assert {region.get_change_info().creator for region in regions} >= {"Alpha, Beta", "Gamma"}
    assert len(regions) == len({region.get_id() for region in regions})


def debian_tool(name: str) -> str:
    """The path of a program from Debian's packages that ``make test`` installs; skip where it is
    missing, except in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (make document-deps installs it)."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdf_text(path) -> str:
    return subprocess.run(
        [debian_tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_is_typeset_with_fonts_for_every_script(compilation, tmp_path):
    data = compilation_pdf(compilation)
    assert data.startswith(b"%PDF-")
    path = tmp_path / "compilation.pdf"
    path.write_bytes(data)
    text = pdf_text(path)
    for expected in ("Compilation of options: 2012 ITRs", "Margin 29 (Final Acts 30, paragraph 3.3)", "成员国必须合作"):
        assert expected in text
    fonts = subprocess.run([debian_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK" in fonts
    assert "Arabic" in fonts


def test_pdf_marks_insertions_and_deletions_without_colour(compilation):
    from review.documents.pdf import compilation_print_html

    html = compilation_print_html(compilation)
    assert "The <del>&quot;</del><ins>“</ins>routes" in html
    assert "ins { text-decoration: underline;" in html
    assert "del { text-decoration: line-through; }" in html


@pytest.mark.libreoffice
def test_libreoffice_converts_both_and_keeps_every_tracked_change(compilation, tmp_path):
    """LibreOffice, a real reader: it converts the DOCX and the ODT to PDF without error, and its own
    reading of the tracked changes, written back in the other format, rejects and accepts to the same
    texts."""
    soffice = debian_tool("soffice")
    (tmp_path / "compilation.docx").write_bytes(compilation_docx(compilation))
    (tmp_path / "compilation-odt.odt").write_bytes(compilation_odt(compilation))
    environment = {**os.environ, "HOME": str(tmp_path / "home")}
    output = tmp_path / "out"

    def convert(target: str, *names: str) -> None:
        subprocess.run(
            [soffice, "--headless", "--norestore", "--convert-to", target, "--outdir", str(output), *names],
            cwd=tmp_path,
            env=environment,
            check=True,
            capture_output=True,
            timeout=180,
        )

    convert("pdf", "compilation.docx", "compilation-odt.odt")
    convert("odt", "compilation.docx")
    convert("docx", "compilation-odt.odt")
    for name in ("compilation.pdf", "compilation-odt.pdf"):
        assert "Compilation of options: 2012 ITRs" in pdf_text(output / name)
    expected = expected_revisions(compilation)
    assert odt_revision_paragraphs((output / "compilation.odt").read_bytes()) == expected
    assert docx_revision_paragraphs((output / "compilation-odt.docx").read_bytes()) == expected


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pdf_tables_stay_inside_the_page(compilation, language):
    # Every cell of the option tables within the page's margins, on either side (Arabic runs right to left).
    from django.utils import translation
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TableCellBox

    from review.documents.pdf import compilation_print_html

    with translation.override(language):
        document = HTML(string=compilation_print_html(compilation)).render()
    outside = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.margin_left
        right = page_box.margin_width() - page_box.margin_right
        for box in _boxes(page_box):
            if isinstance(box, TableCellBox):
                start, end = box.position_x, box.position_x + box.margin_width()
                if start < left - 0.5 or end > right + 0.5:
                    outside.append((number, round(start), round(end), round(left), round(right)))
    assert not outside, f"cells outside the page's margins (page, from, to, margins): {outside[:5]}"
