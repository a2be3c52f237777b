"""load_review_data and users' work (DESIGN.md, "The record and users' work"): it creates what is
missing, never changes a row a user changed, never re-creates a row a user deleted, and says what it
left alone. `make run` calls it at every start."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loading.models import LoadedRow
from loading.sync import LoadReport
from provisions.models import Correspondence, Instrument, Part, Provision
from review.models import (
    Contribution,
    ContributionSubmitter,
    Meeting,
    Participant,
    ParticipantKind,
    Position,
    PositionState,
    Stance,
)
from review.record import RECORD_FILE, RecordError, record_load

MODELS = [
    Instrument,
    Part,
    Provision,
    Correspondence,
    Participant,
    Meeting,
    Contribution,
    ContributionSubmitter,
    Position,
    LoadedRow,
]


def snapshot():
    """Every row the loader could touch, with its values, and the history of both histories."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    return rows | {
        "position history": Position.history.count(),
        "provision history": Provision.history.count(),
    }


def load(**options):
    output = io.StringIO()
    call_command("load_review_data", stdout=output, **options)
    return output.getvalue()


def record_with(tmp_path, old: str, new: str):
    """A copy of the record file with one change, as a later version of the record might bring."""
    text = RECORD_FILE.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "record.toml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return changed


def hill_position(record, margin, stance):
    return Position.objects.get(
        participant__slug="hill", provision__instrument=record, provision__margin=margin, stance=stance
    )


# --- A second run, and an empty database ----------------------------------------------------------


def test_second_run_changes_nothing(record):
    before = snapshot()
    output = load()
    assert "nothing changed" in output
    assert "left as it is" not in output
    assert snapshot() == before


def empty_database():
    for model in reversed(MODELS):
        model.objects.all().delete()
    Position.history.all().delete()
    Provision.history.all().delete()


def test_loads_into_an_empty_database(record):
    empty_database()
    output = load()
    assert "Loaded the record" in output
    assert Provision.objects.count() == 259
    assert Position.objects.count() == 135
    assert Contribution.objects.count() == 64
    # Every row it wrote is in its ledger, and a second run then changes nothing.
    assert LoadedRow.objects.filter(model="review.position").count() == 135
    before = snapshot()
    assert "nothing changed" in load()
    assert snapshot() == before


def test_a_run_with_nothing_to_do_takes_a_fixed_number_of_queries(record):
    """Two reads per model (its rows and its ledger), whatever the number of rows."""
    with CaptureQueriesContext(connection) as queries:
        load()
    assert len(queries) <= 30, [query["sql"][:120] for query in queries]


# --- Never change what a user changed ---------------------------------------------------------------


def test_keeps_a_document_title_a_user_edited_and_says_so(record):
    Contribution.objects.filter(symbol="EG-ITRs-3/2").update(title="Overall considerations (corrected)")
    output = load()
    assert Contribution.objects.get(symbol="EG-ITRs-3/2").title == "Overall considerations (corrected)"
    assert "Contribution EG-ITRs-3/2: title changed by a user, left as it is" in output


def test_keeps_a_participants_kind_and_aliases_a_user_edited(record):
    participant = Participant.objects.get(slug="russian-federation")
    participant.kind = ParticipantKind.OTHER
    participant.aliases = "the Russian Federation\nRussia"
    participant.save()
    output = load()
    participant.refresh_from_db()
    assert participant.kind == ParticipantKind.OTHER
    assert participant.alias_list == ["the Russian Federation", "Russia"]
    assert "Participant russian-federation: kind and aliases changed by a user, left as it is" in output


def test_keeps_a_provision_subject_a_user_edited(record):
    provision = Provision.objects.get(instrument=record, margin="29")
    provision.subject = "Subject as the secretariat words it"
    provision.save()
    output = load()
    provision.refresh_from_db()
    assert provision.subject == "Subject as the secretariat words it"
    assert "Provision 2012 margin 29: subject changed by a user, left as it is" in output


def test_never_overwrites_a_position_users_edited(record):
    position = hill_position(record, "29", Stance.REVISE)
    position.rationale = "Edited by the delegation"
    position.save()
    output = load()
    position.refresh_from_db()
    assert position.rationale == "Edited by the delegation"
    assert "Position hill MOD 2012 margin 29 (EG-ITRs-4/4): rationale changed by a user, left as it is" in output


def test_keeps_a_position_a_user_withdrew_to_draft(record):
    Position.objects.filter(pk=hill_position(record, "30", Stance.RETAIN).pk).update(state=PositionState.DRAFT)
    load()
    assert hill_position(record, "30", Stance.RETAIN).state == PositionState.DRAFT


def test_keeps_imported_provision_text(record):
    provision = Provision.objects.get(instrument=record, margin="29")
    provision.text = "Text imported from the Final Acts"
    provision.save()
    output = load()
    provision.refresh_from_db()
    assert provision.text == "Text imported from the Final Acts"
    assert "left as it is" not in output  # the text is the user's own field, not the record's


def test_never_deletes_positions_users_entered(record):
    provision = Provision.objects.get(instrument=record, margin="30")
    user_position = Position.objects.create(
        participant=Participant.objects.get(slug="egypt"), provision=provision, stance=Stance.RETAIN
    )
    load()
    assert Position.objects.filter(pk=user_position.pk).exists()


def test_what_users_changed_is_left_on_every_run_and_a_second_run_changes_nothing(record):
    Contribution.objects.filter(symbol="EG-ITRs-3/2").update(title="Corrected")
    Participant.objects.filter(slug="egypt").update(kind=ParticipantKind.OTHER)
    Position.objects.filter(pk=hill_position(record, "3", Stance.ABROGATE).pk).delete()
    first = load()
    before = snapshot()
    second = load()
    assert snapshot() == before
    assert "nothing changed" in second
    for line in [
        "Contribution EG-ITRs-3/2: title changed by a user, left as it is",
        "Participant egypt: kind changed by a user, left as it is",
        "Position hill SUP 2012 margin 3 (EG-ITRs-4/4): deleted by a user, not re-created",
    ]:
        assert line in first
        assert line in second


# --- Never re-create what a user deleted ------------------------------------------------------------


def test_never_re_creates_an_annex_position_a_user_deleted(record):
    Position.objects.filter(pk=hill_position(record, "3", Stance.ABROGATE).pk).delete()
    output = load()
    assert not Position.objects.filter(participant__slug="hill", provision__margin="3", provision__instrument=record)
    assert Position.objects.filter(participant__slug="hill").count() == 134
    assert "Position hill SUP 2012 margin 3 (EG-ITRs-4/4): deleted by a user, not re-created" in output


def test_never_re_creates_a_participant_a_user_deleted(record):
    ContributionSubmitter.objects.filter(participant__slug="finland").delete()
    Participant.objects.filter(slug="finland").delete()
    output = load()
    assert not Participant.objects.filter(slug="finland").exists()
    assert not ContributionSubmitter.objects.filter(participant__slug="finland").exists()
    assert "Participant finland: deleted by a user, not re-created" in output


def test_never_re_creates_a_document_a_user_deleted(record):
    Contribution.objects.filter(symbol="EG-ITRs-6/4").delete()
    output = load()
    assert not Contribution.objects.filter(symbol="EG-ITRs-6/4").exists()
    assert "Contribution EG-ITRs-6/4: deleted by a user, not re-created" in output


def test_never_re_creates_a_submitter_a_user_removed_from_a_document(record):
    ContributionSubmitter.objects.filter(contribution__symbol="EG-ITRs-1/4", participant__slug="armenia").delete()
    output = load()
    assert list(Contribution.objects.get(symbol="EG-ITRs-1/4").submitters.values_list("slug", flat=True)) == [
        "russian-federation"
    ]
    assert "Submitter armenia of EG-ITRs-1/4: deleted by a user, not re-created" in output


def test_a_provision_a_user_deleted_stays_deleted_with_the_positions_on_it(record):
    itrs_1988 = Instrument.objects.get(slug="itrs-1988")
    Correspondence.objects.filter(provision_1988__instrument=itrs_1988, provision_1988__margin="1").delete()
    Provision.objects.filter(instrument=itrs_1988, margin="1").delete()
    output = load()
    assert not Provision.objects.filter(instrument=itrs_1988, margin="1").exists()
    assert "Provision 1988 margin 1: deleted by a user, not re-created" in output


def test_a_user_who_deletes_a_2012_provision_does_not_break_the_load(record):
    """The Annex's margin lists resolve against the reference tables, not against what users left."""
    Position.objects.filter(provision__instrument=record, provision__margin="77").delete()
    Correspondence.objects.filter(provision_2012__instrument=record, provision_2012__margin="77").delete()
    Provision.objects.filter(instrument=record, margin="77").delete()
    output = load()
    assert "Provision 2012 margin 77: deleted by a user, not re-created" in output
    assert not Provision.objects.filter(instrument=record, margin="77").exists()


# --- A later version of the record ------------------------------------------------------------------


def test_a_value_the_record_changes_is_updated_where_no_user_changed_it(record, tmp_path):
    changed = record_with(
        tmp_path, 'title = "Overall considerations and detailed analysis"', 'title = "Overall considerations, revised"'
    )
    output = load(record=str(changed))
    assert Contribution.objects.get(symbol="EG-ITRs-3/2").title == "Overall considerations, revised"
    assert "1 updated" in output
    assert "nothing changed" in load(record=str(changed))


def test_a_value_the_record_changes_is_left_where_a_user_changed_it(record, tmp_path):
    Contribution.objects.filter(symbol="EG-ITRs-3/2").update(title="The secretariat's title")
    changed = record_with(
        tmp_path, 'title = "Overall considerations and detailed analysis"', 'title = "Overall considerations, revised"'
    )
    output = load(record=str(changed))
    assert Contribution.objects.get(symbol="EG-ITRs-3/2").title == "The secretariat's title"
    assert "Contribution EG-ITRs-3/2: title changed by a user, left as it is" in output


def test_a_position_rationale_the_record_changes_is_updated_with_its_history(record, tmp_path):
    changed = record_with(tmp_path, 'rationale = "Still relevant as', 'rationale = "Relevant still as')
    position = hill_position(record, "30", Stance.RETAIN)
    load(record=str(changed))
    position.refresh_from_db()
    assert position.rationale.startswith("Relevant still")
    assert position.version == 2  # an edit based on the version before is refused
    assert position.history.latest().history_change_reason.startswith("Loaded by load_review_data")


def test_a_field_the_loader_did_not_record_before_does_not_make_a_row_a_users(record, tmp_path):
    """A later loader may set more fields than an older one recorded in its ledger."""
    entry = LoadedRow.objects.get(model="review.contribution", key="EG-ITRs-3/2")
    del entry.values["title"]
    entry.save()
    changed = record_with(
        tmp_path, 'title = "Overall considerations and detailed analysis"', 'title = "Overall considerations, revised"'
    )
    output = load(record=str(changed))
    assert Contribution.objects.get(symbol="EG-ITRs-3/2").title == "Overall considerations, revised"
    assert "left as it is" not in output
    assert LoadedRow.objects.get(model="review.contribution", key="EG-ITRs-3/2").values["title"].endswith("revised")


def test_something_new_in_the_record_is_created(record, tmp_path):
    new_document = 'symbol = "EG-ITRs-6/99"\ntitle = "A later document"\nsubmitters = ["Hill"]\n\n'
    changed = record_with(tmp_path, "[[contributions]]\n", "[[contributions]]\n" + new_document + "[[contributions]]\n")
    load(record=str(changed))
    assert list(Contribution.objects.get(symbol="EG-ITRs-6/99").submitters.values_list("slug", flat=True)) == ["hill"]


# --- Databases loaded before the loader kept a ledger ---------------------------------------------


def test_a_database_loaded_before_the_ledger_adopts_rows_equal_to_the_record(record):
    LoadedRow.objects.all().delete()
    before = snapshot() | {"LoadedRow": None}
    output = load()
    assert "nothing changed" in output
    assert "left as it is" not in output
    assert snapshot() | {"LoadedRow": None} == before
    assert LoadedRow.objects.filter(model="review.contribution").count() == 64
    # From then on a deletion is a user's and is respected.
    Contribution.objects.filter(symbol="EG-ITRs-6/4").delete()
    load()
    assert not Contribution.objects.filter(symbol="EG-ITRs-6/4").exists()


def test_a_database_loaded_before_the_ledger_keeps_rows_users_changed(record):
    LoadedRow.objects.all().delete()
    Contribution.objects.filter(symbol="EG-ITRs-3/2").update(title="Corrected before the ledger")
    output = load()
    assert Contribution.objects.get(symbol="EG-ITRs-3/2").title == "Corrected before the ledger"
    assert "Contribution EG-ITRs-3/2: title changed by a user, left as it is" in output


def test_a_database_loaded_before_the_ledger_keeps_deletions_its_history_records(record):
    """Positions and provisions keep a history: a deletion there is a user's, even before the ledger."""
    LoadedRow.objects.all().delete()
    Position.objects.filter(pk=hill_position(record, "3", Stance.ABROGATE).pk).delete()
    output = load()
    assert not Position.objects.filter(participant__slug="hill", provision__margin="3", provision__instrument=record)
    assert "Position hill SUP 2012 margin 3 (EG-ITRs-4/4): deleted by a user, not re-created" in output
    assert "nothing changed" in output


def test_a_database_loaded_before_the_ledger_creates_what_is_missing(record):
    """Before the ledger there is no telling a deletion from a row never loaded: it is created."""
    LoadedRow.objects.all().delete()
    Contribution.objects.filter(symbol="EG-ITRs-6/4").delete()
    load()
    assert Contribution.objects.filter(symbol="EG-ITRs-6/4").exists()


# --- Bad record files: a clear message, nothing written ----------------------------------------------


def test_a_bad_record_file_writes_nothing(record, tmp_path):
    bad = record_with(tmp_path, 'submitters = ["Paraguay"]', 'submitters = ["Paraguay", "Atlantis"]')
    # Something the failed load would create before it reaches the bad name:
    LoadedRow.objects.filter(model="review.participant", key="finland").delete()
    ContributionSubmitter.objects.filter(participant__slug="finland").delete()
    Participant.objects.filter(slug="finland").delete()
    before = snapshot()
    with pytest.raises(RecordError, match="Atlantis"):
        record_load(report=LoadReport(), path=bad)
    assert snapshot() == before
    assert not Participant.objects.filter(slug="finland").exists()


def test_an_unknown_margin_in_the_review_names_it_and_writes_nothing(record, tmp_path):
    bad = record_with(tmp_path, 'margins = "29, 49, 50,', 'margins = "29, 49, 99, 50,')
    LoadedRow.objects.filter(model="review.position").delete()
    Position.objects.filter(participant__slug="hill").delete()
    with pytest.raises(RecordError, match="99"):
        record_load(report=LoadReport(), path=bad)
    assert not Position.objects.filter(participant__slug="hill").exists()


def test_command_reports_errors_and_writes_nothing(record, tmp_path):
    bad = record_with(tmp_path, 'contribution = "EG-ITRs-4/4"', 'contribution = "EG-ITRs-9/4"')
    LoadedRow.objects.filter(model="review.position").delete()
    Position.objects.filter(participant__slug="hill").delete()
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was loaded.*EG-ITRs-9/4"):
        load(record=str(bad))
    assert snapshot() == before
