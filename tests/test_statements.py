"""Bulk entry and imports say what each statement does (new, restatement, supersedes, alternative,
earlier), and ADD statements name the new provisions they propose (29A, 1/5A, 29B after 29A)."""

import io

import pytest
from django.core.management import call_command

from provisions.margins import MarginListError, Purpose, resolve_margin_list
from provisions.models import Instrument, Provision
from review.models import Contribution, Participant, Position, Stance
from review.position_services import PositionsError, positions_record
from review.statements import ALTERNATIVE, EARLIER, NEW, RECORDED, RESTATEMENT, SUPERSEDES


def record_statement(germany, instrument, margins, stance, symbol=None, *, dry_run=False, **values):
    return positions_record(
        participant=germany,
        instrument=instrument,
        margins=margins,
        stance=stance,
        contribution=Contribution.objects.get(symbol=symbol) if symbol else None,
        publish=True,
        user=None,
        dry_run=dry_run,
        **values,
    )


def relations(plan):
    return [(item.provision.margin, item.relation.kind) for item in plan.items]


def test_the_preview_names_restatements_supersessions_and_alternatives(germany, record):
    first = record_statement(germany, record, "3", Stance.ABROGATE, "EG-ITRs-4/8")
    assert relations(first) == [("3", NEW)]
    # The case the issue found: the same stance restated in a later document.
    preview = record_statement(germany, record, "3", Stance.ABROGATE, "EG-ITRs-6/8", dry_run=True)
    assert relations(preview) == [("3", RESTATEMENT)]
    assert "1 restatement." in preview.summary()
    # A different stance, later: it supersedes SUP, and the preview says which and from when.
    preview = record_statement(germany, record, "3-4", Stance.RETAIN, "EG-ITRs-6/8", dry_run=True)
    assert relations(preview) == [("3", SUPERSEDES), ("4", NEW)]
    assert preview.items[0].relation.label == "Supersedes SUP (20 Feb 2025, EG-ITRs-4/8)"
    assert "1 new stance, 1 supersedes an earlier stance." in preview.summary()
    # Another stance at the same date: an alternative, allowed.
    preview = record_statement(germany, record, "3", Stance.REVISE, "EG-ITRs-4/8", dry_run=True)
    assert relations(preview) == [("3", ALTERNATIVE)]
    # An older document with another stance: superseded from the start.
    preview = record_statement(germany, record, "3", Stance.RETAIN, "EG-ITRs-2/2", dry_run=True)
    assert relations(preview) == [("3", EARLIER)]
    assert preview.items[0].relation.label.startswith("Earlier than the current SUP (20 Feb 2025, EG-ITRs-4/8)")
    # Nothing is refused: confirming records them all, and recording one again says so.
    record_statement(germany, record, "3", Stance.ABROGATE, "EG-ITRs-6/8")
    again = record_statement(germany, record, "3", Stance.ABROGATE, "EG-ITRs-6/8", dry_run=True)
    assert relations(again) == [("3", RECORDED)]
    assert Position.objects.filter(participant=germany, provision__margin="3").count() == 2


def test_the_import_preview_names_what_each_row_does(germany, record, tmp_path):
    path = tmp_path / "positions.csv"
    path.write_text(
        "instrument,margin,participant,stance,contribution\n"
        "itrs-2012,3,Germany,SUP,EG-ITRs-4/8\n"
        "itrs-2012,3,Germany,SUP,EG-ITRs-6/8\n"
        "itrs-2012,3,Germany,NOC,EG-ITRs-6/8\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_positions", str(path), "--dry-run", "--publish", stdout=out)
    assert out.getvalue().splitlines() == [
        "line 3, margin 3: Restatement (same stance)",
        "line 4, margin 3: Alternative to SUP (19 Jan 2026, EG-ITRs-6/8) (same date)",
        "Dry run: 3 rows: 3 positions would be created, 0 updated, 0 unchanged. 1 new stance, 1 restatement, "
        "1 alternative to a stance of the same date.",
    ]


# --- New provisions proposed by ADD ---------------------------------------------------------------


def test_add_statements_name_the_new_provision_and_share_it(germany, record):
    plan = record_statement(germany, record, "29A, 1/5A", Stance.ADD, "EG-ITRs-6/8", proposed_text="A new rule.")
    assert [item.provision.margin for item in plan.items] == ["29A", "1/5A"]
    proposed = Provision.objects.get(instrument=record, margin="29A")
    assert proposed.is_proposed and proposed.part == Provision.objects.get(instrument=record, margin="29").part
    # Another participant proposing the same margin shares the proposed provision.
    spain = Participant.objects.get(slug="spain")
    positions_record(participant=spain, instrument=record, margins="29a", stance=Stance.ADD, publish=True, user=None)
    assert Provision.objects.filter(instrument=record, margin="29A").count() == 1
    assert set(proposed.positions.values_list("participant__slug", flat=True)) == {"germany", "spain"}
    # 29B comes after 29A, before 30; the instrument keeps its 134 provisions.
    record_statement(germany, record, "29B", Stance.ADD)
    margins = list(Provision.objects.for_instrument(record).values_list("margin", flat=True))
    assert margins[margins.index("29") : margins.index("30") + 1] == ["29", "29A", "29B", "30"]
    assert Provision.objects.for_instrument(record).in_instrument().count() == 134


def test_proposed_margins_are_refused_with_a_clear_message_where_they_do_not_belong(germany, record):
    record_statement(germany, record, "29A", Stance.ADD)
    cases = {
        ("29A", Stance.RETAIN): "29A is a provision proposed by ADD, not in the instrument: only ADD statements",
        ("29C", Stance.ABROGATE): "Unknown margin in 2012 ITRs: 29C.",
        ("29", Stance.ADD): "29 is already a provision of 2012 ITRs: ADD names the new provision it proposes, e.g. 29B",
        ("29A-29C", Stance.ADD): "'29A-29C': ADD names each new provision on its own (e.g. 29A), not a range.",
        ("999A", Stance.ADD): "999A cannot be proposed: there is no margin 999 in 2012 ITRs to insert it after.",
    }
    for (margins, stance), message in cases.items():
        with pytest.raises(PositionsError) as error:
            record_statement(germany, record, margins, stance)
        assert message in error.value.message, margins
        assert error.value.field == "margins"
    # A range of instrument provisions skips the proposed one for other stances, and takes it in a filter.
    plan = record_statement(germany, record, "29-30", Stance.RETAIN, dry_run=True)
    assert [item.provision.margin for item in plan.items] == ["29", "30"]
    assert [provision.margin for provision in resolve_margin_list("29-30", instrument=record)] == ["29", "29A", "30"]


def test_an_import_creates_a_proposed_provision_once_for_several_rows(record, tmp_path):
    path = tmp_path / "positions.csv"
    path.write_text(
        "instrument,margin,participant,stance,proposed_text\n"
        "itrs-2012,1/5A,Germany,ADD,New text.\n"
        "itrs-2012,1/5A,Spain,ADD,New text.\n",
        encoding="utf-8",
    )
    call_command("import_positions", str(path), "--publish", stdout=io.StringIO())
    proposed = Provision.objects.get(instrument=record, margin="1/5A")
    assert proposed.is_proposed
    assert proposed.positions.count() == 2


def test_the_parser_gives_the_next_free_insertion_in_its_advice(record):
    instrument = Instrument.objects.get(slug="itrs-1988")
    with pytest.raises(MarginListError, match="e.g. 1/5A for a new provision after 1/5"):
        resolve_margin_list("1/5", instrument=instrument, purpose=Purpose.PROPOSE)
