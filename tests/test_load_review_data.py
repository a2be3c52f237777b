import io

import pytest
from django.core.management import CommandError, call_command

from provisions.models import Correspondence, Instrument, Part, Provision
from provisions.services import LoadReport
from review.models import Contribution, ContributionSubmitter, Meeting, Participant, Position, Stance
from review.services import RECORD_FILE, RecordError, record_load

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
]


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "position history": Position.history.count(),
        "provision history": Provision.history.count(),
    }


def load():
    output = io.StringIO()
    call_command("load_review_data", stdout=output)
    return output.getvalue()


def test_second_run_changes_nothing(record):
    before = snapshot()
    output = load()
    assert "nothing changed" in output
    assert snapshot() == before


def test_loads_into_an_empty_database(record):
    Position.objects.all().delete()
    ContributionSubmitter.objects.all().delete()
    Contribution.objects.all().delete()
    Meeting.objects.all().delete()
    Participant.objects.all().delete()
    Correspondence.objects.all().delete()
    Provision.objects.all().delete()
    Part.objects.all().delete()
    Instrument.objects.all().delete()
    output = load()
    assert "Loaded the record" in output
    assert Provision.objects.count() == 259
    assert Position.objects.count() == 135


def test_never_overwrites_a_position_users_edited(record):
    position = Position.objects.get(
        participant__slug="hill", provision__instrument=record, provision__margin="29", stance=Stance.REVISE
    )
    position.rationale = "Edited by the delegation"
    position.save()
    load()
    position.refresh_from_db()
    assert position.rationale == "Edited by the delegation"


def test_never_deletes_positions_users_entered(record):
    provision = Provision.objects.get(instrument=record, margin="30")
    user_position = Position.objects.create(
        participant=Participant.objects.get(slug="egypt"), provision=provision, stance=Stance.RETAIN
    )
    load()
    assert Position.objects.filter(pk=user_position.pk).exists()


def test_restores_a_deleted_annex_position_without_duplicating_the_others(record):
    Position.objects.filter(participant__slug="hill", provision__margin="3", provision__instrument=record).delete()
    load()
    assert Position.objects.filter(participant__slug="hill").count() == 135


def test_keeps_imported_provision_text(record):
    provision = Provision.objects.get(instrument=record, margin="29")
    provision.text = "Text imported from the Final Acts"
    provision.save()
    load()
    provision.refresh_from_db()
    assert provision.text == "Text imported from the Final Acts"


def test_corrects_a_changed_reference_field(record):
    Provision.objects.filter(instrument=record, margin="29").update(subject="Wrong")
    load()
    assert Provision.objects.get(instrument=record, margin="29").subject != "Wrong"


def test_a_bad_record_file_writes_nothing(record, tmp_path):
    bad = tmp_path / "record.toml"
    text = RECORD_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace('submitters = ["Paraguay"]', 'submitters = ["Paraguay", "Atlantis"]'), encoding="utf-8")
    # Something the failed load would re-create before it reaches the bad name:
    ContributionSubmitter.objects.filter(participant__slug="finland").delete()
    Participant.objects.filter(slug="finland").delete()
    before = snapshot()
    with pytest.raises(RecordError, match="Atlantis"):
        record_load(report=LoadReport(), path=bad)
    assert snapshot() == before
    assert not Participant.objects.filter(slug="finland").exists()


def test_an_unknown_margin_in_the_review_names_it_and_writes_nothing(record, tmp_path):
    bad = tmp_path / "record.toml"
    text = RECORD_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace('margins = "29, 49, 50,', 'margins = "29, 49, 99, 50,'), encoding="utf-8")
    Position.objects.filter(participant__slug="hill").delete()
    with pytest.raises(RecordError, match="99"):
        record_load(report=LoadReport(), path=bad)
    assert not Position.objects.filter(participant__slug="hill").exists()


def test_command_reports_errors_and_writes_nothing(record, tmp_path):
    bad = tmp_path / "record.toml"
    bad.write_text(
        RECORD_FILE.read_text(encoding="utf-8").replace('contribution = "EG-ITRs-4/4"', 'contribution = "EG-ITRs-9/4"'),
        encoding="utf-8",
    )
    Position.objects.filter(participant__slug="hill").delete()
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was loaded.*EG-ITRs-9/4"):
        call_command("load_review_data", record=str(bad), stdout=io.StringIO())
    assert snapshot() == before
