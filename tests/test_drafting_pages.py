"""The drafting documents' pages: /compilation/, /summary/, /participants/<slug>/brief/, with the real
record and hand-made statements, their exports read back, bad parameters, and query counts."""

import csv
import io

import pytest
from django.utils import timezone

from provisions.models import Provision
from review.models import Meeting, Participant, Position, PositionState, Stance

from .document_readers import docx_revision_paragraphs, docx_tables, docx_text, odt_revision_paragraphs
from .factories import ContributionFactory, ParticipantFactory

ANNEX_ROWS = [
    ["participant", "stance", "symbol", "tor_item", "count", "margins"],
    ["Hill", "revise", "MOD", "a", "7", "29, 49-51, 63, 64, 76"],
    ["Hill", "abrogate", "SUP", "c", "76", "3, 5, 11, 16-26, 29, 45-47, 53, 55-62, 65-69, 73-75, 1/1-1/39, 2/2, 2/9"],
    [
        "Hill",
        "retain",
        "NOC",
        "c",
        "52",
        "1, 2, 4, 6-10, 12-15, 27, 28, 30-44, 48, 52, 54, 70-72, 77, 2/1, 2/3-2/8, 2/10-2/18",
    ],
]


def provision(margin, instrument="itrs-2012"):
    return Provision.objects.get(instrument__slug=instrument, margin=margin)


def state(participant, margin, stance, *, text="", meeting=None, rationale="", contribution=None):
    """A published statement of ``participant`` (dated by a new document of ``meeting``, if given)."""
    if contribution is None and meeting is not None:
        contribution = ContributionFactory(meeting=Meeting.objects.get(number=meeting))
    return Position.objects.create(
        provision=provision(margin),
        participant=participant,
        stance=stance,
        proposed_text=text,
        rationale=rationale,
        contribution=contribution,
        state=PositionState.PUBLISHED,
        published_at=timezone.now(),
    )


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def option_tables(data):
    return [table for table in docx_tables(data) if table and table[0][:2] == ["Option", "Symbol"]]


# /compilation/ ---------------------------------------------------------------------------------


def test_compilation_page_opens_every_provision_with_option_1_noc(client, record):
    response = client.get("/compilation/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Compilation of options: 2012 ITRs" in page
    assert "Margin 29 (Final Acts 30, paragraph 3.3)" in page
    assert page.count('<th scope="row">Option 1</th>') == 134
    assert page.count('<h2 id="part-') == 17  # the Preamble, 14 articles, 2 appendices


def test_hill_on_29_is_noc_then_sup_then_its_mod_as_alternatives(client, record):
    data = client.get("/compilation/?margin=29&_export=docx").content
    (table,) = option_tables(data)
    assert [row[:2] for row in table[1:]] == [["Option 1", "NOC"], ["Option 2", "SUP"], ["Option 3", "MOD"]]
    assert table[2][3] == table[3][3] == "Hill (EG-ITRs-4/4)"
    assert "numbering" in table[3][2]
    assert "not loaded" in table[3][2]


def test_mod_exports_reject_to_the_text_as_it_stands_and_accept_to_the_proposal(client, record):
    Provision.objects.filter(pk=provision("27").pk).update(text="Made-up words, as they stand today.")
    alpha, beta = ParticipantFactory(name="Alpha"), ParticipantFactory(name="Beta")
    state(alpha, "27", Stance.REVISE, text="Made-up words, as they should stand.", meeting=5, rationale="Clearer.")
    state(beta, "27", Stance.REVISE, text="Made-up  words, as they should stand. ", meeting=5, rationale="Clearer.")
    expected = [("Made-up words, as they stand today.", "Made-up words, as they should stand.")]
    docx_data = client.get("/compilation/?margin=27&_export=docx").content
    assert docx_revision_paragraphs(docx_data) == expected
    (table,) = option_tables(docx_data)
    merged = [row for row in table if row[1] == "MOD"]
    assert len(merged) == 1
    assert merged[0][3].startswith("Alpha (EG-ITRs-5/") and "; Beta (EG-ITRs-5/" in merged[0][3]
    odt = client.get("/compilation/?margin=27&_export=odt")
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert odt_revision_paragraphs(odt.content) == expected
    page = client.get("/compilation/?margin=27").content.decode()
    assert "Made-up words, as they <ins>should </ins>stand<del> today</del>." in page


def test_pdf_export(client, record):
    response = client.get("/compilation/?margin=1-5&_export=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="compilation-itrs-2012.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_only_current_stances_count_and_as_of_answers_as_things_stood(client, record):
    germany = Participant.objects.get(slug="germany")
    state(germany, "30", Stance.ABROGATE, meeting=3)
    state(germany, "30", Stance.REVISE, text="A later made-up proposal.", meeting=5)
    now = option_tables(client.get("/compilation/?margin=30&_export=docx").content)[0]
    assert [row[1] for row in now[1:]] == ["NOC", "MOD"]
    assert now[1][3] == "Hill (EG-ITRs-4/4)"
    assert now[2][3].startswith("Germany (EG-ITRs-5/")
    then = option_tables(client.get("/compilation/?margin=30&as_of=4&_export=docx").content)[0]
    assert [row[1] for row in then[1:]] == ["NOC", "SUP"]
    assert then[2][3].startswith("Germany (EG-ITRs-3/")
    assert "end of meeting 4" in docx_text(client.get("/compilation/?margin=30&as_of=4&_export=docx").content)


def test_participant_filter_keeps_the_provisions_it_holds_with_option_1_each(client, record):
    spain = Participant.objects.get(slug="spain")
    state(spain, "31", Stance.ABROGATE, meeting=2)
    tables = option_tables(client.get("/compilation/?participant=spain&_export=docx").content)
    assert len(tables) == 1
    assert [row[1] for row in tables[0][1:]] == ["NOC", "SUP"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("as_of=9", "There is no meeting '9' (as_of): meetings are numbered 1 to 6."),
        ("as_of=four", "There is no meeting 'four' (as_of)"),
        ("as_of=3&as_of=4", "Give one meeting, not several ('3', '4')."),
        ("instrument=itrs-1999", "There is no instrument 'itrs-1999'"),
        ("margin=29-1/3", "runs from the main body into Appendix 1"),
    ],
)
def test_bad_parameters_give_a_message_on_the_page_and_a_400_for_an_export(client, record, query, named):
    for url in ("/compilation/", "/summary/", "/participants/hill/brief/"):
        page = client.get(f"{url}?{query}")
        assert page.status_code == 200
        assert named in page.content.decode().replace("&#x27;", "'")
        export = client.get(f"{url}?{query}&_export=docx")
        assert export.status_code == 400
        assert named in export.content.decode()


def test_unknown_export_formats_are_refused_naming_them(client, record):
    response = client.get("/compilation/?_export=xlsx")
    assert response.status_code == 400
    assert "Unknown export format 'xlsx': use docx or odt or pdf." in response.content.decode()
    assert client.get("/summary/?_export=pdf").status_code == 400
    assert client.get("/participants/hill/brief/?_export=odt").status_code == 400
    assert client.get("/compilation/?_export=docx&_export=pdf").status_code == 400
    assert client.get("/participants/nobody/brief/").status_code == 404


# /summary/ -------------------------------------------------------------------------------------


def test_summary_csv_for_hill_reads_as_the_annex(client, record):
    response = client.get("/summary/?participant=hill&_export=csv")
    assert response.status_code == 200
    assert csv_rows(response) == ANNEX_ROWS


def test_summary_page_and_docx_say_the_same(client, record):
    page = client.get("/summary/").content.decode()
    assert "29, 49-51, 63, 64, 76" in page
    tables = docx_tables(client.get("/summary/?_export=docx").content)
    assert tables[0][0] == ["Stance", "ToR item", "Provisions", "Margins"]
    assert tables[0][1] == ["MOD Revise", "a) New trends and emerging issues", "7", "29, 49-51, 63, 64, 76"]


def test_summary_counts_current_stances_only(client, record):
    germany = Participant.objects.get(slug="germany")
    state(germany, "3", Stance.ABROGATE, meeting=2)
    state(germany, "3", Stance.RETAIN, meeting=4)
    state(germany, "4", Stance.RETAIN, meeting=4)
    state(germany, "5", Stance.RETAIN, meeting=4)
    rows = csv_rows(client.get("/summary/?participant=germany&_export=csv"))
    assert rows[1:] == [["Germany", "retain", "NOC", "", "3", "3-5"]]
    then = csv_rows(client.get("/summary/?participant=germany&as_of=3&_export=csv"))
    assert then[1:] == [["Germany", "abrogate", "SUP", "", "1", "3"]]


# /participants/<slug>/brief/ ---------------------------------------------------------------------


@pytest.fixture
def three(record):
    """Alpha, Beta and Gamma on margins 1 to 4, by hand:

    margin  Alpha          Beta      Gamma
    1       SUP            SUP       NOC
    2       NOC            SUP       NOC
    3       SUP or MOD     MOD       (none)
    4       (none)         NOC       NOC
    Alpha agrees with Beta on 1 and 3 of 1-3 (2 of 3), with Gamma on 2 of 1-2 (1 of 2); Hill (the
    record: NOC on 1, 2 and 4, SUP on 3) agrees on 2 and 3 of 1-3 (2 of 3).
    """
    alpha, beta, gamma = (ParticipantFactory(name=name, slug=name.lower()) for name in ("Alpha", "Beta", "Gamma"))
    for participant, margin, stance in [
        (alpha, "1", Stance.ABROGATE),
        (alpha, "2", Stance.RETAIN),
        (alpha, "3", Stance.ABROGATE),
        (alpha, "3", Stance.REVISE),
        (beta, "1", Stance.ABROGATE),
        (beta, "2", Stance.ABROGATE),
        (beta, "3", Stance.REVISE),
        (beta, "4", Stance.RETAIN),
        (gamma, "1", Stance.RETAIN),
        (gamma, "2", Stance.RETAIN),
        (gamma, "4", Stance.RETAIN),
    ]:
        state(participant, margin, stance, meeting=5)
    return alpha, beta, gamma


def test_brief_agreement_rates_on_a_hand_made_case(client, three):
    tables = docx_tables(client.get("/participants/alpha/brief/?margin=1-4&_export=docx").content)
    stances, agreement = tables[0], tables[1]
    assert stances[0] == ["Margin", "Stance", "Shared by", "Opposed by"]
    assert stances[1][:2] == ["1", "SUP"]
    assert stances[1][2].startswith("SUP: Beta")
    assert "Gamma (NOC)" in stances[1][3]
    assert stances[3][:2] == ["3", "SUP or MOD"]
    assert stances[3][2] == "SUP: Hill; MOD: Beta"
    # Equal rates: more provisions in common first, then by name.
    assert agreement[1:] == [
        ["Beta", "3", "2", "67%"],
        ["Hill", "3", "2", "67%"],
        ["Gamma", "2", "1", "50%"],
    ]


def test_brief_changes_since_a_meeting(client, three):
    alpha = three[0]
    state(alpha, "1", Stance.RETAIN, meeting=6)
    state(alpha, "5", Stance.RETAIN, meeting=6)
    page = client.get("/participants/alpha/brief/?since=5").content.decode()
    assert "Changes since meeting 5" in page
    tables = docx_tables(client.get("/participants/alpha/brief/?since=5&_export=docx").content)
    assert tables[-1][1:] == [["1", "changed", "SUP → NOC"], ["5", "new", "none → NOC"]]


def test_brief_pdf(client, three):
    response = client.get("/participants/alpha/brief/?_export=pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


# Query counts ------------------------------------------------------------------------------------

# Every request reads the data version (one query); the filter form costs up to five (instruments,
# parts, participants, meetings, documents), the brief's menu of meetings (since) one; the rest is the
# document's own.
PAGES = {
    "/compilation/": 10,
    "/compilation/?participant=hill&margin=1-40&as_of=4": 12,
    "/compilation/?_export=docx": 6,
    "/compilation/?margin=1-20&_export=odt": 7,
    "/summary/": 9,
    "/summary/?_export=csv": 5,
    "/summary/?_export=docx": 5,
    "/participants/hill/brief/": 12,
    "/participants/hill/brief/?since=3&_export=docx": 9,
}


@pytest.mark.usefixtures("data_size")
@pytest.mark.parametrize(("url", "queries"), PAGES.items(), ids=list(PAGES))
def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


# Word diffs on the pages ---------------------------------------------------------------------------


def test_provision_page_shows_each_mod_as_a_word_diff_against_the_current_text(client, record):
    Provision.objects.filter(pk=provision("27").pk).update(text="Made-up words <as> they stand.")
    alpha = ParticipantFactory(name="Alpha")
    state(alpha, "27", Stance.REVISE, text="Made-up words <as> they should stand.", meeting=5)
    page = client.get("/provisions/itrs-2012/27/").content.decode()
    assert "Made-up words &lt;as&gt; they <ins>should </ins>stand." in page
    # Without the current text, the proposal in full.
    page = client.get("/provisions/itrs-2012/29/").content.decode()
    assert "<ins>" not in page


def test_versions_page_shows_1988_to_2012_word_diffs_where_both_texts_are_loaded(client, record):
    Provision.objects.filter(pk=provision("27").pk).update(text="Made-up newer wording.")
    page = client.get("/compare/versions/?margin=27").content.decode()
    assert "Text, 1988 → 2012" not in page
    source = Provision.objects.get(instrument__slug="itrs-2012", margin="27").sources_1988.first().provision_1988
    Provision.objects.filter(pk=source.pk).update(text="Made-up older wording.")
    page = client.get("/compare/versions/?margin=27").content.decode()
    assert "Text, 1988 → 2012" in page
    assert "Made-up <del>older</del><ins>newer</ins> wording." in page


def test_participant_page_links_its_brief(client, record):
    assert 'href="/participants/hill/brief/"' in client.get("/participants/hill/").content.decode()


def test_a_proposed_provision_follows_its_predecessor_with_option_1_noc(client, record):
    after = provision("29")
    Provision.objects.create(
        instrument=record, part=after.part, margin="29A", subject="Made-up new provision", is_proposed=True
    )
    alpha = ParticipantFactory(name="Alpha", slug="alpha")
    state(alpha, "29A", Stance.ADD, text="A made-up added rule.", meeting=5)
    state(alpha, "28", Stance.ABROGATE, meeting=5)
    state(alpha, "29", Stance.ABROGATE, meeting=5)
    state(alpha, "30", Stance.ABROGATE, meeting=5)
    page = client.get("/compilation/?margin=29-30").content.decode()
    assert (
        page.index("Margin 29 (")
        < page.index("Margin 29A [proposed, not in the instrument]")
        < page.index("Margin 30 (")
    )
    (table,) = option_tables(client.get("/compilation/?margin=29A&_export=docx").content)
    assert [row[1] for row in table[1:]] == ["NOC", "ADD"]
    assert table[2][2] == "A made-up added rule."
    rows = csv_rows(client.get("/summary/?participant=alpha&_export=csv"))
    assert rows[1:] == [["Alpha", "abrogate", "SUP", "", "3", "28-30"], ["Alpha", "add", "ADD", "", "1", "29A"]]


def test_brief_reads_the_provision_filters_and_compares_with_the_participants_chosen(client, three):
    tables = docx_tables(client.get("/participants/alpha/brief/?margin=1-2&participant=gamma&_export=docx").content)
    stances, agreement = tables[0], tables[1]
    assert [row[0] for row in stances[1:]] == ["1", "2"]
    assert agreement[1:] == [["Gamma", "2", "1", "50%"]]


def test_the_text_search_chooses_provisions_and_keeps_every_option_on_them(client, record):
    tables = option_tables(client.get("/compilation/?q=diallable&_export=docx").content)
    assert len(tables) == 1  # margin 29, whose MOD proposes numbering "diallable and routed"
    assert [row[1] for row in tables[0][1:]] == ["NOC", "SUP", "MOD"]


def test_a_pdf_too_large_to_typeset_on_the_fly_is_refused_with_what_to_do(client, record, settings):
    settings.DRAFTING_PDF_MAX_HTML_BYTES = 50_000
    response = client.get("/compilation/?_export=pdf")
    assert response.status_code == 400
    assert "too large to typeset as PDF on the fly" in response.content.decode()
    assert "download it as DOCX or ODT, or narrow it with the filters" in response.content.decode()
    assert client.get("/compilation/?margin=1-3&_export=pdf").status_code == 200
    assert client.get("/compilation/?_export=docx").status_code == 200


def test_a_bad_since_is_named_on_the_brief_and_refused_for_its_exports(client, record):
    page = client.get("/participants/hill/brief/?since=8").content.decode().replace("&#x27;", "'")
    assert "Since (since): There is no meeting '8' (since): meetings are numbered 1 to 6." in page
    assert client.get("/participants/hill/brief/?since=8&_export=pdf").status_code == 400
