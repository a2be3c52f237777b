"""import_positions: the command, the admin page for the secretariat, and the round trip with the export."""

import csv
import io
import math

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from review.exports import POSITIONS_CSV_HEADER, csv_chunks, positions_csv_rows
from review.models import Participant, Position, PositionState

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


# Free text as people write it: every one must survive the export and the import exactly.
AWKWARD_TEXTS = [
    "Ends with a newline.\n",
    "  Begins with spaces.",
    "Ends with spaces and a tab. \t",
    'Quotes "inside", commas, too',
    "Two\nlines, then\r\nWindows line ends",
    "=SUM(A1:A2)",
    "-1 is negative",
    "@mention",
    "+plus",
    "\tTab first",
    "'Quote first",
    "'=Quoted formula",
    "Ünïcödé — ½ € — 中文 — ✓ — ﷽",
    "\n\nBlank lines first",
]


def test_export_then_import_into_an_empty_record_gives_the_same_positions(record, tmp_path, client):
    from provisions.models import Provision
    from review.models import Stance

    spain = Participant.objects.get(slug="spain")
    for number, text in enumerate(AWKWARD_TEXTS, start=1):
        Position.objects.create(
            participant=spain,
            provision=Provision.objects.get(instrument=record, margin=str(number)),
            stance=Stance.REVISE,
            rationale=text,
            proposed_text=text[::-1],
            state=PositionState.PUBLISHED,
            published_at="2026-01-01T00:00Z",
        )
    response = client.get("/positions/?_export=csv")
    assert response.status_code == 200
    exported = b"".join(response.streaming_content)
    assert exported == b"".join(csv_chunks(POSITIONS_CSV_HEADER, positions_csv_rows(Position.objects.published())))
    before = position_values(Position.objects.all())
    assert len(before) == 135 + len(AWKWARD_TEXTS)
    Position.objects.all().delete()

    out, _ = run_import(write(tmp_path, exported.decode("utf-8")), "--publish")
    assert f"{135 + len(AWKWARD_TEXTS)} positions were created" in out
    assert position_values(Position.objects.all()) == before
    assert sorted(Position.objects.filter(participant=spain).values_list("rationale", flat=True)) == sorted(
        AWKWARD_TEXTS
    )

    # Importing the same file again updates nothing and never duplicates.
    out, _ = run_import(write(tmp_path, exported.decode("utf-8")), "--publish")
    assert f"0 positions were created, 0 updated, {135 + len(AWKWARD_TEXTS)} unchanged" in out
    assert Position.objects.count() == 135 + len(AWKWARD_TEXTS)


def test_key_cells_are_read_without_spaces_and_a_blank_text_cell_keeps_the_stored_text(record, tmp_path):
    path = write(
        tmp_path,
        "instrument,margin,participant,stance,tor_item,contribution,rationale\n"
        ' itrs-2012 ," 3 , 5 ",  Germany  , SUP , c , EG-ITRs-4/8 ,"  Kept as written.\n"\n',
    )
    out, _ = run_import(path)
    assert "2 positions were created" in out
    germany = Position.objects.filter(participant__slug="germany")
    assert set(germany.values_list("tor_item", "contribution__symbol", "rationale")) == {
        ("c", "EG-ITRs-4/8", "  Kept as written.\n")
    }
    path = write(
        tmp_path,
        'instrument,margin,participant,stance,contribution,rationale\nitrs-2012,3,germany,SUP,EG-ITRs-4/8," \n "\n',
    )
    out, _ = run_import(path)
    assert "0 positions were created, 0 updated, 1 unchanged" in out
    assert set(germany.values_list("rationale", flat=True)) == {"  Kept as written.\n"}


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
    assert "line 3, column margin '78, 1/40': Unknown margins in 2012 ITRs: 78, 1/40." in messages
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


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "instrument,margin,participant,stance,instrument",
            ["line 1, column instrument: The header has this column twice (columns 1 and 5); give it once."],
        ),
        (
            "instrument,Margin,participant,stance,margin,MARGIN,stance",
            [
                "line 1, column margin: The header has this column 3 times (columns 2, 5 and 6); give it once.",
                "line 1, column stance: The header has this column twice (columns 4 and 7); give it once.",
            ],
        ),
        (
            "instrument,margin,participant,stance,colour,instrument,",
            [
                "line 1, column instrument: The header has this column twice (columns 1 and 6); give it once.",
                "line 1, column colour: Not a column of the positions CSV",
                "line 1: Column 7 of the header has no name; name it or delete it.",
            ],
        ),
    ],
)
def test_repeated_or_unknown_header_columns_are_each_named_and_nothing_is_written(record, tmp_path, header, expected):
    # The last of two columns of the same name used to win: this row put a position on the 1988 ITRs.
    cells = header.replace("Margin", "margin").replace("MARGIN", "margin").split(",")
    values = {"instrument": "itrs-2012", "margin": "29", "participant": "germany", "stance": "abrogate"}
    row = ",".join(
        "itrs-1988" if index > 0 and name == "instrument" else values.get(name, "") for index, name in enumerate(cells)
    )
    path = write(tmp_path, f"{header}\n{row}\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"{len(expected)} errors?; nothing was imported"):
        call_command("import_positions", str(path), "--publish", stdout=io.StringIO(), stderr=err)
    for message in expected:
        assert message in err.getvalue()
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
    # The stance as the pages show it: the symbol and the words (in the admin's language), not the code.
    assert '<td><span class="stance stance-abrogate">SUP</span> Abrogate</td>' in preview.content.decode()
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
    assert "line 3, column margin &#x27;99&#x27;: Unknown margin in 2012 ITRs: 99." in response.content.decode()
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
    assert Position.objects.filter(participant__slug="germany", rationale=long_text).count() == 77  # kept as written
    again = secretariat.post(import_url, {**confirm_form, "_confirm": "1"})
    assert "The previewed file is no longer available" in again.content.decode()


# --- Repeated rows: the dry run says what the real run does ------------------------------------------


def test_two_rows_for_the_same_position_are_an_error_naming_both_lines(record, tmp_path):
    before = position_values(Position.objects.all())
    path = write(
        tmp_path,
        "instrument,margin,participant,stance,tor_item,contribution\n"
        "itrs-2012,29,germany,abrogate,a,\n"
        "itrs-2012,29,Germany,SUP,c,\n"
        "itrs-2012,29,germany,abrogate,c,EG-ITRs-4/8\n"  # another contribution: another position
        "itrs-1988,29,germany,abrogate,c,\n",  # another instrument: another provision
    )
    for options in (["--dry-run"], []):
        err = io.StringIO()
        with pytest.raises(CommandError, match="^1 error; nothing was imported.$"):
            call_command("import_positions", str(path), *options, stdout=io.StringIO(), stderr=err)
        assert err.getvalue() == (
            "positions.csv: line 3: same participant, provision, stance and contribution as line 2.\n"
        )
    assert position_values(Position.objects.all()) == before


def test_rows_that_overlap_through_ranges_are_an_error_naming_the_margins_in_common(record, tmp_path):
    before = position_values(Position.objects.all())
    path = write(
        tmp_path,
        "instrument,margin,participant,stance\n"
        "itrs-2012,16-20,germany,abrogate\n"
        'itrs-2012,"3, 19-22",germany,abrogate\n'
        'itrs-2012,"1/1-1/3, 2/2",germany,abrogate\n'
        "itrs-2012,1/2,germany,abrogate\n"
        "itrs-2012,22,germany,abrogate\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="^3 errors; nothing was imported.$"):
        call_command("import_positions", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "positions.csv: line 3: same participant, provision, stance and contribution as line 2 "
        "(margins 19, 20 are in both).",
        "positions.csv: line 5: same participant, provision, stance and contribution as line 4 "
        "(margin 1/2 is in both).",
        "positions.csv: line 6: same participant, provision, stance and contribution as line 3 (margin 22 is in both).",
    ]
    assert position_values(Position.objects.all()) == before


def test_the_dry_run_reports_exactly_what_the_real_run_does(record, tmp_path):
    path = write(
        tmp_path,
        "instrument,margin,participant,stance,tor_item,contribution,rationale\n"
        "itrs-2012,29,Hill,abrogate,,EG-ITRs-4/4,Updated by import.\n"  # an update
        "itrs-2012,1,Hill,retain,,EG-ITRs-4/4,\n"  # unchanged
        "itrs-2012,3-5,germany,abrogate,a,,\n"  # new
        "itrs-2012,6,germany,abrogate,,,\n"  # new, next to the range
        "itrs-2012,3,germany,abrogate,b,EG-ITRs-4/8,\n",  # new: another contribution
    )
    dry, _ = run_import(path, "--dry-run")
    real, _ = run_import(path)
    # Row 5 states again the stance of row 3 (an earlier document, the same stance): a restatement.
    assert dry == (
        "line 6, margin 3: Restatement (same stance)\n"
        "Dry run: 5 rows: 5 positions would be created, 1 updated, 1 unchanged. 4 new stances, 1 restatement.\n"
    )
    assert real == (
        "line 6, margin 3: Restatement (same stance)\n"
        "5 rows: 5 positions were created, 1 updated, 1 unchanged. 4 new stances, 1 restatement.\n"
    )
    again, _ = run_import(path, "--dry-run")
    assert again == "Dry run: 5 rows: 0 positions would be created, 0 updated, 7 unchanged.\n"


# --- Speed: what an import costs does not grow with its rows ------------------------------------------


def import_queries(tmp_path, rows: list[str], *options) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = write(tmp_path, "instrument,margin,participant,stance,rationale\n" + "".join(rows))
    with CaptureQueriesContext(connection) as queries:
        run_import(path, *options)
    return len(queries)


@pytest.mark.parametrize("options", [[], ["--dry-run"], ["--user", "importer"]])
def test_an_import_runs_a_fixed_number_of_queries_whatever_its_rows(record, tmp_path, options):
    get_user_model().objects.create_superuser("importer", "importer@example.org", "a-long-password-1")
    participants = list(Participant.objects.exclude(slug="hill").order_by("name"))
    rows = [
        f"itrs-2012,{margin},{participant.slug},{stance},Reasons {margin}.\n"
        for participant in participants[:4]
        for margin in range(1, 21)
        for stance in ("abrogate", "retain")
    ]
    updates = [row.replace("Reasons", "Changed reasons") for row in rows]
    # Load instruments, provisions, contributions with their submitters, participants, the
    # positions of the file's participants, their published statements (to classify the new ones);
    # a savepoint around it all (the user: one more).
    # Writing new positions adds an INSERT of positions and one of their history entries;
    # updating them, an UPDATE of the values that differ by row (rationale), one of those that
    # do not (author, time, version), and the INSERT of history entries.
    reads = 9 + (1 if "--user" in options else 0)
    new_writes, update_writes = (0, 0) if "--dry-run" in options else (2, 3)
    few, some = rows[:4], rows[4:52]  # 4 rows, then 12 times more: the same queries
    assert import_queries(tmp_path, few, *options) == reads + new_writes
    assert import_queries(tmp_path, some, *options) == reads + new_writes
    assert import_queries(tmp_path, updates[:4], *options) == reads + update_writes
    assert import_queries(tmp_path, updates[4:52], *options) == reads + update_writes
    # Beyond one batch (SQLite takes 999 parameters per statement: about 50 positions a statement;
    # PostgreSQL 65,535: thousands), a statement per batch of rows written, never one per row.
    many = rows[52:]
    assert import_queries(tmp_path, many, *options) == reads + (0 if "--dry-run" in options else batches(len(many)))


def batches(rows: int) -> int:
    """The INSERT statements of ``rows`` new positions and their history entries on this database."""
    from django.db import connection

    def count(model) -> int:
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        return math.ceil(rows / connection.ops.bulk_batch_size(fields, range(rows)))

    return count(Position) + count(Position.history.model)


# --- What the messages name: the file, its encoding, its delimiter, its quotes ----------------------


def test_a_missing_file_is_named_as_missing(record, tmp_path):
    path = tmp_path / "no-such-file.csv"
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value) == f"{path}: there is no such file."


def test_a_file_that_is_not_utf8_says_how_to_save_it(record, tmp_path):
    path = tmp_path / "positions.csv"
    path.write_bytes(
        "instrument,margin,participant,stance,rationale\nitrs-2012,3,germany,abrogate,Côte\n".encode("cp1252")
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert message.startswith(f"{path}: the file is not UTF-8 text (byte 0xf4 on line 2).")
    assert 'save it as "CSV UTF-8 (Comma delimited)"' in message
    assert not Position.objects.filter(participant__slug="germany").exists()


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_a_csv_separated_by_semicolons_or_tabs_is_read_as_excel_saves_it(record, tmp_path, delimiter):
    # A European Excel saves "CSV" with semicolons (the comma is its decimal separator): cells with
    # commas are then not quoted, and a cell holding a semicolon is.
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(["instrument", "margin", "participant", "stance", "rationale"])
    writer.writerow(["itrs-2012", "3, 5", "germany", "abrogate", "Obsolete, as we said."])
    writer.writerow(["itrs-2012", "29", "germany", "retain", "Keep it; twice;\tand tabbed."])
    if delimiter != ",":
        assert "3, 5" + delimiter in output.getvalue()  # not quoted
    out, _ = run_import(write(tmp_path, output.getvalue()))
    assert "2 rows: 3 positions were created" in out
    rationales = dict(
        Position.objects.filter(participant__slug="germany").values_list("provision__margin", "rationale")
    )
    assert rationales == {
        "3": "Obsolete, as we said.",
        "5": "Obsolete, as we said.",
        "29": "Keep it; twice;\tand tabbed.",
    }


def test_the_admin_import_reads_a_semicolon_csv(secretariat, record):
    text = "instrument;margin;participant;stance;rationale\r\nitrs-2012;3-5;germany;abrogate;One, two\r\n"
    preview = secretariat.post(
        reverse("admin:review_position_import"), {"file": upload("p.csv", text), "_preview": "1"}
    )
    assert "1 row: 3 positions would be created" in preview.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "instrument,margin,participant,stance,rationale\n"
            "itrs-2012,3,germany,abrogate,Fine.\n"
            'itrs-2012,5,germany,abrogate,"Opens a quote\n'
            "itrs-2012,11,germany,abrogate,Never closed.\n",
            'line 3, column rationale: This cell opens a quote (") that is never closed',
        ),
        (
            "instrument;margin;participant;stance;rationale\n"
            'itrs-2012;"3;germany;abrogate;Fine.\n'
            "itrs-2012;5;germany;abrogate;Fine.\n",
            "line 2, column margin: This cell opens a quote",
        ),
        (
            # A quoted cell over several lines, closed, then one that is not: the line where it starts.
            "instrument,margin,participant,stance,rationale\n"
            'itrs-2012,3,germany,abrogate,"Two\nlines."\n'
            'itrs-2012,5,germany,abrogate,"Three\n\nlines\n',
            "line 4, column rationale: This cell opens a quote",
        ),
    ],
)
def test_an_unclosed_quote_is_named_on_the_line_where_its_cell_starts(record, tmp_path, text, expected):
    err = io.StringIO()
    with pytest.raises(CommandError, match="^1 error; nothing was imported.$"):
        call_command("import_positions", str(write(tmp_path, text)), stdout=io.StringIO(), stderr=err)
    assert expected in err.getvalue()
    assert "This cell is required" not in err.getvalue()
    assert not Position.objects.filter(participant__slug="germany").exists()


def test_the_admin_import_names_the_encoding_and_an_unclosed_quote(secretariat, record):
    import_url = reverse("admin:review_position_import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    latin = SimpleUploadedFile(
        "p.csv", "instrument,margin,participant,stance,rationale\nitrs-2012,3,germany,abrogate,Côte\n".encode("cp1252")
    )
    content = secretariat.post(import_url, {"file": latin, "_preview": "1"}).content.decode()
    assert "p.csv: the file is not UTF-8 text (byte 0xf4 on line 2)." in content
    assert "save it as &quot;CSV UTF-8 (Comma delimited)&quot;" in content
    text = (
        "instrument,margin,participant,stance,rationale\n"
        'itrs-2012,3,germany,abrogate,"Open\n'
        "itrs-2012,5,germany,abrogate,x\n"
    )
    content = secretariat.post(import_url, {"file": upload("p.csv", text), "_preview": "1"}).content.decode()
    assert "line 2, column rationale: This cell opens a quote" in content
    assert not Position.objects.filter(participant__slug="germany").exists()
