"""import_positions: the command, the admin page for the secretariat, and the round trip with the export."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from review.exports import POSITIONS_CSV_HEADER, csv_chunks, positions_csv_rows
from review.models import Participant, Position, PositionState

from .admin_client import AdminUser

HEADER = ",".join(POSITIONS_CSV_HEADER)


def position_values(positions):
    """What a position says, without database ids or dates."""
    return sorted(
        positions.values_list(
            "provision__instrument__slug",
            "provision__margin",
            "participant__slug",
            "stance",
            "tor_item",
            "contribution__symbol",
            "rationale",
            "proposed_text",
            "state",
        )
    )


def write(tmp_path, text, name="positions.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_positions", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_into_an_empty_record_gives_the_same_positions(record, tmp_path, client):
    response = client.get("/positions/?_export=csv")
    assert response.status_code == 200
    exported = b"".join(response.streaming_content)
    assert exported == b"".join(csv_chunks(POSITIONS_CSV_HEADER, positions_csv_rows(Position.objects.published())))
    before = position_values(Position.objects.all())
    assert len(before) == 135
    Position.objects.all().delete()

    out, _ = run_import(write(tmp_path, exported.decode("utf-8")), "--publish")
    assert "135 positions were created" in out
    assert position_values(Position.objects.all()) == before

    # Importing the same file again updates nothing and never duplicates.
    out, _ = run_import(write(tmp_path, exported.decode("utf-8")), "--publish")
    assert "0 positions were created, 0 updated, 135 unchanged" in out
    assert Position.objects.count() == 135


def test_only_four_columns_are_required_and_a_margin_cell_holds_a_list(record, tmp_path):
    path = write(
        tmp_path,
        "instrument,margin,participant,stance,rationale\n"
        'itrs-2012,"16-26, 1/1-1/3",the Russian Federation,SUP,"=cmd|\' /C calc\'!A0"\n'
        "itrs-1988,2,ghana,Retain unchanged,\n",
    )
    out, _ = run_import(path)
    assert "2 rows: 15 positions were created" in out
    russia = Position.objects.filter(participant__slug="russian-federation")
    assert russia.count() == 14
    assert set(russia.values_list("stance", "state")) == {("abrogate", PositionState.DRAFT)}
    assert russia.first().rationale == "=cmd|' /C calc'!A0"
    assert Position.objects.get(participant__slug="ghana").provision.instrument.slug == "itrs-1988"


def test_publish_option_publishes_and_dry_run_writes_nothing(record, tmp_path):
    path = write(tmp_path, "instrument,margin,participant,stance\nitrs-2012,3-5,germany,abrogate\n")
    out, _ = run_import(path, "--dry-run", "--publish")
    assert "Dry run: 1 row: 3 positions would be created" in out
    assert not Position.objects.filter(participant__slug="germany").exists()
    run_import(path, "--publish")
    germany = Position.objects.filter(participant__slug="germany")
    assert germany.count() == 3
    assert all(position.published_at for position in germany)


def test_a_bad_import_changes_nothing_and_names_line_column_and_value(record, tmp_path):
    before = position_values(Position.objects.all())
    path = write(
        tmp_path,
        "instrument,margin,participant,stance,tor_item,contribution,proposed_text\n"
        "itrs-2012,3,germany,abrogate,c,EG-ITRs-4/4,\n"  # fine on its own
        'itrs-2012,"5, 78, 1/40",germany,abrogate,,,\n'
        "itrs-2012,5,Atlantis,abrogate,,,\n"
        "itrs-2012,5,germany,demolish,,,\n"
        "itrs-2012,5,germany,abrogate,z,EG-ITRs-9/9,\n"
        "itrs-2012,5,germany,abrogate,,,New text.\n"
        "itrs-2020,5,germany,abrogate,,,\n",
    )
    with pytest.raises(CommandError, match="7 errors; nothing was imported"):
        run_import(path, "--publish")
    assert position_values(Position.objects.all()) == before

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_positions", str(path), stdout=io.StringIO(), stderr=err)
    messages = err.getvalue()
    assert "line 3, column margin '78, 1/40': Unknown margins in itrs-2012: 78, 1/40." in messages
    assert "line 4, column participant 'Atlantis'" in messages
    assert "line 5, column stance 'demolish'" in messages
    assert "line 6, column tor_item 'z'" in messages
    assert "line 6, column contribution 'EG-ITRs-9/9'" in messages
    assert "line 7, column proposed_text 'New text.'" in messages
    assert "line 8, column instrument 'itrs-2020'" in messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "margin,participant,stance\n3,germany,abrogate\n",
            "line 1, column instrument: This required column is missing",
        ),
        ("instrument,margin,participant,stance,rationnale\n", "line 1, column rationnale: Not a column"),
        ("instrument,margin,participant,stance\n", "The file has a header but no rows"),
        ("", "The file is empty"),
        ("instrument,margin,participant,stance\nitrs-2012,,germany,abrogate\n", "line 2, column margin: This cell is"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(record, tmp_path, text, expected):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_positions", str(write(tmp_path, text)), stdout=io.StringIO(), stderr=err)
    assert expected in err.getvalue()
    assert not Position.objects.filter(participant__slug="germany").exists()


def test_the_import_acts_as_the_given_user_with_their_rights(record, tmp_path):
    from review.accounts import delegate_add

    delegate_add(username="anna", participants=["germany"], password="a-long-delegate-password-7")
    path = write(
        tmp_path, "instrument,margin,participant,stance\nitrs-2012,3,germany,abrogate\nitrs-2012,3,spain,SUP\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error; nothing was imported"):
        call_command("import_positions", str(path), "--user", "anna", stdout=io.StringIO(), stderr=err)
    assert "line 3, column participant 'spain': You are not a delegate of Spain" in err.getvalue()
    assert not Position.objects.filter(participant__slug__in=["germany", "spain"]).exists()


def test_a_matching_row_updates_the_position_and_records_the_author(record, tmp_path):
    get_user_model().objects.create_superuser("importer", "importer@example.org", "a-long-password-1")
    hill_29 = Position.objects.get(participant__slug="hill", provision__margin="29", stance="abrogate")
    path = write(
        tmp_path,
        "instrument,margin,participant,stance,contribution,rationale\n"
        "itrs-2012,29,Hill,abrogate,EG-ITRs-4/4,Updated by import.\n",
    )
    out, _ = run_import(path, "--user", "importer")
    assert "0 positions were created, 1 updated" in out
    hill_29.refresh_from_db()
    assert hill_29.rationale == "Updated by import."
    assert hill_29.version == 2
    assert hill_29.history.latest().history_user.username == "importer"


# --- The same import in the admin, for the secretariat ---------------------------------------------


@pytest.fixture
def secretariat(record):
    return AdminUser(get_user_model().objects.create_superuser("sam", "sam@example.org", "a-long-password-1"))


def upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_secretariat_imports_positions_in_the_admin_after_a_preview(secretariat, record):
    import_url = reverse("admin:review_position_import")
    assert secretariat.get(import_url).status_code == 200
    text = "instrument,margin,participant,stance\nitrs-2012,3-5,germany,abrogate\n"
    preview = secretariat.post(import_url, {"file": upload("p.csv", text), "publish": "on", "_preview": "1"})
    assert preview.status_code == 200
    assert "1 row: 3 positions would be created" in preview.content.decode()
    assert not Position.objects.filter(participant__slug="germany").exists()

    from .test_delegate_admin import forms_of

    confirmed = secretariat.post(import_url, {**forms_of(preview)[-1], "_confirm": "1"})
    assert confirmed.status_code == 302
    germany = Position.objects.filter(participant=Participant.objects.get(slug="germany"))
    assert germany.count() == 3
    assert set(germany.values_list("state", "created_by__username")) == {(PositionState.PUBLISHED, "sam")}


def test_a_bad_import_in_the_admin_shows_every_error_and_changes_nothing(secretariat, record):
    before = position_values(Position.objects.all())
    text = "instrument,margin,participant,stance\nitrs-2012,3,germany,abrogate\nitrs-2012,99,germany,abrogate\n"
    response = secretariat.post(
        reverse("admin:review_position_import"), {"file": upload("p.csv", text), "_confirm": "1"}
    )
    assert response.status_code == 200
    assert "line 3, column margin &#x27;99&#x27;: Unknown margin in itrs-2012: 99." in response.content.decode()
    assert position_values(Position.objects.all()) == before


def test_a_file_larger_than_a_form_field_may_be_is_previewed_then_imported(secretariat, record):
    from .test_delegate_admin import forms_of

    long_text = "Reasons. " * 4_500  # about 40 kB per row, 3 MB in all
    rows = "".join(f"itrs-2012,{margin},germany,abrogate,{long_text}\n" for margin in range(1, 78))
    text = "instrument,margin,participant,stance,rationale\n" + rows
    import_url = reverse("admin:review_position_import")
    preview = secretariat.post(import_url, {"file": upload("big.csv", text), "_preview": "1"})
    assert "77 positions would be created" in preview.content.decode()
    confirm_form = forms_of(preview)[-1]
    assert "Reasons." not in "".join(str(value) for value in confirm_form.values())
    assert secretariat.post(import_url, {**confirm_form, "_confirm": "1"}).status_code == 302
    assert Position.objects.filter(participant__slug="germany", rationale=long_text.strip()).count() == 77
    again = secretariat.post(import_url, {**confirm_form, "_confirm": "1"})
    assert "The previewed file is no longer available" in again.content.decode()
