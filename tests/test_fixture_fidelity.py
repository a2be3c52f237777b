"""The loaded record against its sources: shared/reference/ and the draft final report.

The report is parsed independently of fixtures/eg_itrs_record.toml (tests/report_facts.py), so that a
slip in the hand-written record file shows up as a difference with the source. The loaded record is
checked against the committed facts and reference copies on any clone; where ../shared is beside the
clone, those are checked against the sources themselves (compulsory under .ci/run there).
"""

import csv
from collections import Counter

import pytest

from provisions.models import Correspondence, Instrument, Provision
from provisions.reference import REFERENCE_DIR
from review.models import Contribution, Meeting, Participant, ParticipantKind, Position, PositionState, Stance

from .report_facts import committed_facts, report_facts, report_text


def test_committed_facts_are_those_of_the_report(shared_dir):
    assert committed_facts() == report_facts(report_text(shared_dir)), "regenerate: python -m tests.report_facts"


def test_reference_copies_are_identical_to_the_shared_sources(shared_dir):
    for name in ["itrs-2012-provisions.tsv", "itrs-1988-provisions.tsv", "itrs-correspondence.tsv"]:
        assert (REFERENCE_DIR / name).read_bytes() == (shared_dir / "reference" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("slug", "filename", "count"),
    [("itrs-2012", "itrs-2012-provisions.tsv", 134), ("itrs-1988", "itrs-1988-provisions.tsv", 125)],
)
def test_every_reference_row_is_one_provision(record, slug, filename, count):
    # The copies the loader reads; test_reference_copies_are_identical_to_the_shared_sources ties
    # them to the sources where those are beside the clone.
    with (REFERENCE_DIR / filename).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == count
    provisions = {p.margin: p for p in Provision.objects.filter(instrument__slug=slug).select_related("part")}
    assert list(provisions) == [row["margin"] for row in rows]  # natural order is the table's order
    for row in rows:
        provision = provisions[row["margin"]]
        assert provision.subject == row["subject"]
        assert provision.paragraph == row["paragraph"]
        assert provision.final_acts_margin == row["final_acts_margin"]
        assert provision.confidence == row["confidence"]
        assert provision.part.heading == row["article_title"]
        assert provision.text == ""  # treaty text is never shipped
        if row["confidence"] == "low":
            assert provision.is_unverified


def test_specific_provisions(record):
    provision = Provision.objects.select_related("part").get(instrument=record, margin="29")
    assert (provision.part.kind, provision.part.number, provision.paragraph) == ("article", "3", "3.3")
    assert Provision.objects.get(instrument=record, margin="49").part.final_acts_number == "5A"
    assert Provision.objects.get(instrument=record, margin="58").is_unverified
    assert not Provision.objects.get(instrument=record, margin="1/25").is_unverified
    assert Provision.objects.get(instrument=record, margin="1/26").is_unverified
    itrs_1988 = Instrument.objects.get(slug="itrs-1988")
    assert (
        Provision.objects.get(instrument=itrs_1988, margin="3/6").part.heading
        == "Service and Privilege Telecommunications"
    )


def test_correspondence_matches_the_reference_table(record):
    with (REFERENCE_DIR / "itrs-correspondence.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    expected = set()
    for row in rows:
        for source in row["margin_1988"].split("+") if row["margin_1988"] else [""]:
            expected.add((row["margin_2012"], source.rstrip("?") or None, row["relation"], source.endswith("?")))
    loaded = {
        (c.provision_2012.margin, c.provision_1988.margin if c.provision_1988 else None, c.relation, c.is_uncertain)
        for c in Correspondence.objects.select_related("provision_2012", "provision_1988")
    }
    assert loaded == expected
    assert len(loaded) == 121  # 120 rows, one of them (62 ← 43+44) merging two sources


def test_six_meetings_with_their_dates(record):
    dates = {m.number: (m.start_date.isoformat(), m.end_date.isoformat()) for m in Meeting.objects.all()}
    assert dates == {
        1: ("2023-10-16", "2023-10-16"),
        2: ("2024-01-29", "2024-01-30"),
        3: ("2024-09-30", "2024-10-01"),
        4: ("2025-02-20", "2025-02-21"),
        5: ("2025-09-11", "2025-09-12"),
        6: ("2026-01-19", "2026-01-19"),
    }


def test_every_document_of_the_report_with_title_meeting_and_submitters(record):
    documents = committed_facts()["documents"]
    assert len(documents) == 64
    assert Contribution.objects.count() == 64
    aliases = {}
    for participant in Participant.objects.all():
        for name in [participant.name, *participant.alias_list]:
            aliases[name.removeprefix("the ")] = participant.slug
    for document in documents:
        contribution = Contribution.objects.get(symbol=document["symbol"])
        assert contribution.title == document["title"]
        assert contribution.meeting.number == int(document["symbol"].split("-")[-1].split("/")[0])
        expected = [aliases[name] for name in document["submitters"]]
        actual = [link.participant.slug for link in contribution.submitter_links.order_by("order")]
        assert actual == expected, document["symbol"]


def test_named_documents(record):
    assert list(
        Contribution.objects.get(symbol="EG-ITRs-1/8")
        .submitters.values_list("slug", flat=True)
        .order_by("submitter_links__order")
    ) == ["egypt", "saudi-arabia"]
    assert Contribution.objects.get(symbol="EG-ITRs-2/11").submitters.count() == 15
    assert Contribution.objects.get(symbol="EG-ITRs-6/5").submitters.filter(kind=ParticipantKind.COMPANY).count() == 2
    assert Contribution.objects.get(symbol="EG-ITRs-4/4").title == "Items for the final report annex"
    assert not Contribution.objects.get(symbol="EG-ITRs-6/4").submitters.exists()
    assert not Contribution.objects.filter(symbol="EG-ITRs-2/9").exists()
    assert list(Contribution.objects.filter(is_late=True).values_list("symbol", flat=True)) == ["EG-ITRs-1/10"]


def test_every_participant_once(record):
    assert Participant.objects.count() == 40
    assert (
        Participant.objects.filter(name__icontains="Russian Federation", kind=ParticipantKind.MEMBER_STATE).count() == 1
    )
    assert Participant.objects.get(slug="russian-federation").contributions.count() == 7
    assert Participant.objects.get(slug="hill").contributions.count() == 24
    assert Counter(Participant.objects.values_list("kind", flat=True)) == {
        "member_state": 35,
        "regional_organization": 1,
        "company": 2,
        "other": 2,
    }
    assert Participant.objects.get(slug="egypt").region == "arab_states"


def test_positions_reproduce_the_annex(record):
    expected = committed_facts()["annex"]
    assert {stance: len(margins) for stance, margins in expected.items()} == {"revise": 7, "abrogate": 76, "retain": 52}
    positions = Position.objects.filter(participant__slug="hill").select_related("provision", "contribution")
    for stance, margins in expected.items():
        loaded = [p.provision.margin for p in positions.filter(stance=stance).order_by("provision__sort_key")]
        assert loaded == margins, stance
    assert positions.count() == 135
    assert {p.provision.instrument.slug for p in positions} == {"itrs-2012"}
    assert {p.contribution.symbol for p in positions} == {"EG-ITRs-4/4"}
    assert {p.state for p in positions} == {PositionState.PUBLISHED}
    assert set(positions.filter(stance=Stance.REVISE).values_list("tor_item", flat=True)) == {"a"}
    assert set(positions.exclude(stance=Stance.REVISE).values_list("tor_item", flat=True)) == {"c"}
    assert all(p.rationale for p in positions)
    assert "EG-ITRs-3/2" in positions.get(provision__margin="3").rationale


def test_every_2012_provision_holds_a_position_of_the_annex(record):
    without = Provision.objects.filter(instrument=record).exclude(positions__participant__slug="hill")
    assert list(without) == []


def test_margin_29_is_both_abrogated_and_revised_with_proposed_text(record):
    positions = Position.objects.filter(provision__instrument=record, provision__margin="29")
    assert set(positions.values_list("stance", flat=True)) == {"abrogate", "revise"}
    assert "AI" in positions.get(stance="revise").proposed_text
    assert positions.get(stance="abrogate").proposed_text == ""
