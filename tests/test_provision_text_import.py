"""import_provision_text: a CSV of margin,text or plain text with one paragraph per margin; all or nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from provisions.models import Provision

from .admin_client import AdminUser
from .test_delegate_admin import forms_of


def texts(instrument="itrs-2012"):
    return dict(Provision.objects.filter(instrument__slug=instrument).values_list("margin", "text"))


def run(instrument, path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_provision_text", instrument, str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_of_margin_and_text(record, tmp_path):
    path = tmp_path / "final-acts.csv"
    path.write_text('margin,text\n29,"Member States shall, first line.\nSecond line."\n1/2,Appendix text.\n')
    out, _ = run("itrs-2012", path)
    assert "itrs-2012: the text of 2 provisions changed" in out
    assert texts()["29"] == "Member States shall, first line.\nSecond line."
    assert texts()["1/2"] == "Appendix text."
    assert texts("itrs-1988")["29"] == ""
    out, _ = run("itrs-2012", path)
    assert "0 provisions changed, 2 already as in the file" in out


def test_plain_text_with_each_paragraph_starting_with_its_margin(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text(
        "29   3.3  Member States shall endeavour\nto ensure this.\n\n\n30 3.4 Next paragraph.\n\n2/9 Last.\n"
    )
    out, _ = run("itrs-2012", path, "--user", get_user_model().objects.create_user("sam").username)
    assert "3 provisions changed" in out
    assert texts()["29"] == "3.3  Member States shall endeavour\nto ensure this."
    assert texts()["30"] == "3.4 Next paragraph."
    provision = Provision.objects.get(instrument__slug="itrs-2012", margin="2/9")
    assert provision.history.latest().history_user.username == "sam"


def test_unknown_or_repeated_margins_stop_it_and_nothing_partial_is_written(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text("29 Fine.\n\n78 No such margin.\n\nARTICLE 1 Purpose\n\n29 Again.\n\n30\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 errors; no text was imported"):
        call_command("import_provision_text", "itrs-2012", str(path), stdout=io.StringIO(), stderr=err)
    messages = err.getvalue()
    assert "line 3, column margin '78': Unknown margin in 2012 ITRs." in messages
    assert "line 5, column margin 'ARTICLE': 'ARTICLE' is not a margin number" in messages
    assert "line 7, column margin '29': Margin repeated (first on line 1)." in messages
    assert "line 9, column text: The text of margin 30 is empty." in messages
    assert set(texts().values()) == {""}


def test_an_empty_text_is_named_under_its_column_with_its_value_in_both_layouts(record, tmp_path):
    csv_path = tmp_path / "final-acts.csv"
    csv_path.write_text('margin,text\n29,Fine.\n30,"  "\n')
    text_path = tmp_path / "final-acts.txt"
    text_path.write_text("29 Fine.\n\n30\n")
    for path, line in ((csv_path, 3), (text_path, 3)):
        err = io.StringIO()
        with pytest.raises(CommandError, match="1 error"):
            call_command("import_provision_text", "itrs-2012", str(path), stdout=io.StringIO(), stderr=err)
        # The empty cell is the text column's value, not the margin: no value is quoted under "text".
        assert f"line {line}, column text: The text of margin 30 is empty." in err.getvalue()
        assert "column text '30'" not in err.getvalue()
    assert set(texts().values()) == {""}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("margin,text,text", ["line 1, column text: The header has this column twice (columns 2 and 3)"]),
        (
            "margin,margin",
            [
                "line 1, column margin: The header has this column twice (columns 1 and 2)",
                "line 1, column text: This required column is missing from the header.",
            ],
        ),
        (
            "Margin,Texte",
            [
                "line 1, column texte: Not a column of the text CSV (margin, text).",
                "line 1, column text: This required column is missing from the header.",
            ],
        ),
    ],
)
def test_a_csv_header_with_repeated_unknown_or_missing_columns_names_each_and_writes_nothing(
    record, tmp_path, header, expected
):
    path = tmp_path / "final-acts.csv"
    path.write_text(f"{header}\n29,Text.\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"{len(expected)} errors?; no text was imported"):
        call_command("import_provision_text", "itrs-2012", str(path), stdout=io.StringIO(), stderr=err)
    for message in expected:
        assert message in err.getvalue()
    assert set(texts().values()) == {""}


def test_a_csv_header_may_give_the_columns_in_either_order(record, tmp_path):
    path = tmp_path / "final-acts.csv"
    path.write_text('TEXT , Margin\n"Text of 29, with a comma.",29\n')
    run("itrs-2012", path)
    assert texts()["29"] == "Text of 29, with a comma."


def test_unknown_instrument_is_refused(record, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("29,Text\n")
    with pytest.raises(CommandError, match="Unknown instrument 'itrs-2020'"):
        run("itrs-2020", path)


def test_secretariat_imports_text_in_the_admin_after_a_preview(record):
    secretariat = AdminUser(get_user_model().objects.create_superuser("sam", "sam@example.org", "a-long-password-1"))
    import_url = reverse("admin:provisions_provision_import_text")
    upload = SimpleUploadedFile("fa.txt", b"29 Member States shall.\n\n30 Next.\n")
    preview = secretariat.post(import_url, {"file": upload, "instrument": str(record.pk), "_preview": "1"})
    assert preview.status_code == 200
    assert "the text of 2 provisions would change" in preview.content.decode()
    assert texts()["29"] == ""
    confirmed = secretariat.post(import_url, {**forms_of(preview)[-1], "_confirm": "1"})
    assert confirmed.status_code == 302
    assert texts()["29"] == "Member States shall."

    bad = SimpleUploadedFile("fa.csv", b"margin,text\n29,Changed.\n99,Unknown.\n")
    response = secretariat.post(import_url, {"file": bad, "instrument": str(record.pk), "_confirm": "1"})
    assert "line 3, column margin &#x27;99&#x27;: Unknown margin in 2012 ITRs." in response.content.decode()
    assert texts()["29"] == "Member States shall."


def test_summaries_agree_in_number(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text("29 Member States shall.\n")
    out, _ = run("itrs-2012", path, "--dry-run")
    assert "itrs-2012: the text of 1 provision would change, 0 already as in the file." in out
    out, _ = run("itrs-2012", path)
    assert "itrs-2012: the text of 1 provision changed, 0 already as in the file." in out
    path.write_text("78 Unknown.\n")
    with pytest.raises(CommandError, match="^1 error; no text was imported.$"):
        run("itrs-2012", path)


# --- What the messages name: the file, its encoding, its delimiter, its quotes ----------------------


def test_a_missing_file_is_named_as_missing(record, tmp_path):
    path = tmp_path / "final-acts.csv"
    with pytest.raises(CommandError) as error:
        run("itrs-2012", path)
    assert str(error.value) == f"{path}: there is no such file."


def test_a_file_that_is_not_utf8_says_how_to_save_it(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_bytes("29 Text.\n\n30 Côte.\n".encode("latin-1"))
    with pytest.raises(CommandError) as error:
        run("itrs-2012", path)
    assert str(error.value).startswith(f"{path}: the file is not UTF-8 text (byte 0xf4 on line 3).")
    assert "UTF-8" in str(error.value).split(").", 1)[1]  # and how to save it so
    assert set(texts().values()) == {""}


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_separated_by_semicolons_or_tabs_is_read(record, tmp_path, delimiter, header):
    path = tmp_path / "final-acts.csv"
    rows = [f"29{delimiter}Text of 29, with a comma.", f'1/2{delimiter}"Quoted{delimiter} with the delimiter."']
    path.write_text("\r\n".join([f"margin{delimiter}text"] * header + rows) + "\r\n")
    out, _ = run("itrs-2012", path)
    assert "the text of 2 provisions changed" in out
    assert texts()["29"] == "Text of 29, with a comma."
    assert texts()["1/2"] == f"Quoted{delimiter} with the delimiter."


def test_a_text_file_with_a_semicolon_csv_header_is_read_as_csv(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text("margin;text\n29;Text of 29.\n")
    run("itrs-2012", path)
    assert texts()["29"] == "Text of 29."


def test_an_unclosed_quote_is_named_on_the_line_where_its_cell_starts(record, tmp_path):
    path = tmp_path / "final-acts.csv"
    path.write_text('margin,text\n29,"Two\nlines."\n30,"Never closed.\n31,Next.\n')
    err = io.StringIO()
    with pytest.raises(CommandError, match="^1 error; no text was imported.$"):
        call_command("import_provision_text", "itrs-2012", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 4, column text: This cell opens a quote" in err.getvalue()
    assert set(texts().values()) == {""}


def test_the_admin_text_import_reads_a_semicolon_csv(record):
    secretariat = AdminUser(get_user_model().objects.create_superuser("sam", "sam@example.org", "a-long-password-1"))
    upload = SimpleUploadedFile("fa.csv", b"margin;text\r\n29;One, two.\r\n30;Three.\r\n")
    preview = secretariat.post(
        reverse("admin:provisions_provision_import_text"),
        {"file": upload, "instrument": str(record.pk), "_preview": "1"},
    )
    assert "the text of 2 provisions would change" in preview.content.decode()
