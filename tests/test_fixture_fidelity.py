"""The loaded record against its sources: shared/reference/ and the draft final report.

The report is parsed here independently of fixtures/eg_itrs_record.toml, so that a slip in the
hand-written record file shows up as a difference with the source.
"""

import csv
import re
from collections import Counter

import pytest

from provisions.models import Correspondence, Instrument, Provision
from provisions.services import REFERENCE_DIR
from review.models import Contribution, Meeting, Participant, ParticipantKind, Position, PositionState, Stance

REPORT = "source/000_d139c0fac23d053a.txt"
DOCUMENT_LINE = re.compile(
    r"^[\t ]*[–-]\s*(?P<title>.*?)\s*\(Doc\. (?P<symbol>EG-ITRs-\d+/\d+)\)(?::\s*Contribution by (?P<by>[^\n]*))?",
    re.MULTILINE,
)


def report_text(shared_dir):
    return (shared_dir / REPORT).read_text(encoding="utf-8")


def submitter_names(by: str) -> list[str]:
    names = [name.strip() for name in re.split(r",\s*|\s+and\s+", by.strip().rstrip(".")) if name.strip()]
    return [name.removeprefix("the ") for name in names]


def expand(margin_list: str) -> list[str]:
    """Expand the Annex's lists by hand (only n-m ranges inside one division occur there)."""
    margins = []
    for item in margin_list.split(","):
        item = item.strip()
        if "-" in item:
            start, end = item.split("-")
            prefix = start.rsplit("/", 1)[0] + "/" if "/" in start else ""
            low, high = int(start.rsplit("/", 1)[-1]), int(end.rsplit("/", 1)[-1])
            margins += [f"{prefix}{n}" for n in range(low, high + 1)]
        else:
            margins.append(item)
    return margins


def annex_lists(text: str) -> dict[str, list[str]]:
    annex = text.split("Statement by Hill: provision by provision review")[-1]
    revise = re.search(r"should be revised: ([0-9, /-]+)\. Specifically", annex)[1]
    abrogate = re.search(r"should be abrogated: ([0-9, /-]+) \(that is", annex)[1]
    abrogate += ", " + re.search(r"all of Appendix 1\), ([0-9, /-]+)\.", annex)[1]
    retain = re.search(r"should remain unchanged: ([0-9, /-]+)\.", annex)[1]
    return {"revise": expand(revise), "abrogate": expand(abrogate), "retain": expand(retain)}


def test_reference_copies_are_identical_to_the_shared_sources(shared_dir):
    for name in ["itrs-2012-provisions.tsv", "itrs-1988-provisions.tsv", "itrs-correspondence.tsv"]:
        assert (REFERENCE_DIR / name).read_bytes() == (shared_dir / "reference" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("slug", "filename", "count"),
    [("itrs-2012", "itrs-2012-provisions.tsv", 134), ("itrs-1988", "itrs-1988-provisions.tsv", 125)],
)
def test_every_reference_row_is_one_provision(record, shared_dir, slug, filename, count):
    with (shared_dir / "reference" / filename).open(encoding="utf-8") as handle:
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


def test_correspondence_matches_the_reference_table(record, shared_dir):
    with (shared_dir / "reference" / "itrs-correspondence.tsv").open(encoding="utf-8") as handle:
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


def test_every_document_of_the_report_with_title_meeting_and_submitters(record, shared_dir):
    documents = list(DOCUMENT_LINE.finditer(report_text(shared_dir)))
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
        expected = [aliases[name] for name in submitter_names(document["by"])] if document["by"] else []
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


def test_positions_reproduce_the_annex(record, shared_dir):
    expected = annex_lists(report_text(shared_dir))
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
