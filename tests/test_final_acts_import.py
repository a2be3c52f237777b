"""import_provision_text --layout final-acts: a copy of the Final Acts as printed (their margins,
paragraph numbers and headings) lands on our margins through the reference table.

The texts are made up here; the treaty's own sentences never enter the repository.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from provisions.final_acts import printed_paragraph_keys, read_final_acts
from provisions.models import Provision

from .admin_client import AdminUser
from .test_delegate_admin import forms_of

# Article 3 as printed: Final Acts margins 28 to 31E are our margins 27 to 33.
ARTICLE_3 = """ARTICLE 3
International network

28  3.1  Invented words for the first paragraph.

29  3.2  Invented words for the second paragraph,
on two lines.

30  3.3  Invented words for the third paragraph.

31A 3.5 Invented words for a lettered margin.
"""


def texts():
    return dict(Provision.objects.filter(instrument__slug="itrs-2012").values_list("margin", "text"))


def run(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_provision_text", "itrs-2012", str(path), "--layout", "final-acts", *options, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def fails(path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="no text was imported"):
        call_command(
            "import_provision_text",
            "itrs-2012",
            str(path),
            "--layout",
            "final-acts",
            stdout=io.StringIO(),
            stderr=err,
        )
    return err.getvalue()


def test_printed_margins_land_on_our_margins(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text(ARTICLE_3)
    out, _ = run(path)
    assert "the text of 4 provisions changed" in out
    loaded = texts()
    assert loaded["27"] == "Invented words for the first paragraph."
    assert loaded["28"] == "Invented words for the second paragraph,\non two lines."
    assert loaded["29"] == "Invented words for the third paragraph."
    assert loaded["31"] == "Invented words for a lettered margin."
    # Our margin 30 is printed 31 and was not in the file: untouched, as is every other.
    assert loaded["30"] == ""
    assert sum(1 for text in loaded.values() if text) == 4


def test_the_dry_run_shows_which_text_goes_to_which_margin_and_writes_nothing(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text(ARTICLE_3)
    out, _ = run(path, "--dry-run")
    assert "margin 27 <- Final Acts 28, paragraph 3.1: Invented words for the first paragraph." in out
    assert "margin 29 <- Final Acts 30, paragraph 3.3: Invented words for the third paragraph." in out
    assert "margin 31 <- Final Acts 31A, paragraph 3.5: Invented words for a lettered margin." in out
    assert "Dry run: itrs-2012: the text of 4 provisions would change" in out
    assert set(texts().values()) == {""}


def test_one_printed_margin_for_several_provisions_takes_its_paragraphs_in_order(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text(
        "PREAMBLE\n\n1  1) Made-up first preamble words.\n\n2) Made-up second preamble words.\n\n"
        "3) Made-up third preamble words.\n\nARTICLE 5B\n\n41C Made-up first part.\n\nMade-up second part.\n"
    )
    run(path)
    loaded = texts()
    assert (loaded["1"], loaded["2"], loaded["3"]) == (
        "Made-up first preamble words.",
        "Made-up second preamble words.",
        "Made-up third preamble words.",
    )
    assert (loaded["50"], loaded["51"]) == ("Made-up first part.", "Made-up second part.")


def test_an_ambiguous_printed_margin_is_refused_named(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text("41C Only one paragraph for two provisions.\n\n28 3.1 Fine.\n")
    messages = fails(path)
    assert "line 1, column margin '41C': Ambiguous: Final Acts margin 41C is our margins 50, 51" in messages
    assert set(texts().values()) == {""}


def test_unknown_margin_and_wrong_paragraph_number_are_refused_named(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    # "29 3.3" is the slip the layout exists to catch: our margin with the printed paragraph number.
    path.write_text("28 3.1 Fine.\n\n29 3.3 Our numbering by mistake.\n\n99Z Nothing here.\n")
    messages = fails(path)
    assert (
        "line 3, column paragraph '3.3': The Final Acts print margin 29 as paragraph 3.2 (our margin 28); "
        "check the margin." in messages
    )
    assert "line 5, column margin '99Z': No provision has this margin in the Final Acts." in messages
    assert set(texts().values()) == {""}


def test_headings_are_understood_appendix_margins_and_article_numbers(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text(
        "ARTICLE 6\nSome title\n\n42B  6.1  Made-up words under the printed Article 6.\n\n"
        "APPENDIX 1\n\nGeneral provisions\n\n2  1.1  Made-up appendix words.\n"
    )
    run(path)
    loaded = texts()
    assert loaded["53"] == "Made-up words under the printed Article 6."
    assert loaded["1/2"] == "Made-up appendix words."

    wrong = tmp_path / "wrong-article.txt"
    wrong.write_text("ARTICLE 3\n\n42B 6.1 Made-up words under the wrong article.\n")
    assert "line 3, column margin '42B': The Final Acts print margin 42B in Article 6, not under Article 3" in fails(
        wrong
    )


def test_a_paragraph_under_no_margin_and_no_heading_is_refused(record, tmp_path):
    path = tmp_path / "final-acts.txt"
    path.write_text("Words with no margin.\n\n28 3.1 Fine.\n")
    assert "line 1, column margin 'Words': A paragraph that is neither a heading" in fails(path)


def test_reading_keeps_headings_apart_from_texts():
    copy = read_final_acts("ARTICLE 3\n\nInternational network\n\n28 3.1 Words.\n\nMore words.\n")
    assert copy.headings == ["ARTICLE 3 International network"]
    assert [(p.printed_margin, p.paragraph, p.text, p.margin_given) for p in copy.paragraphs] == [
        ("28", "3.1", "Words.", True),
        ("28", "", "More words.", False),
    ]


@pytest.mark.parametrize(
    ("paragraph", "keys"),
    [
        ("3.3", {"3.3"}),
        ("8.1 [FA 6.1]", {"6.1"}),
        ("1.1 abis)", {"1.1 abis)", "abis)"}),
        ("para. 2", {"2)", "2"}),
        ("(unnumbered) para. 1 [FA Art. 5B]", {"1)", "1"}),
        ("8.2.3? [FA 6.2.2]", set()),
        ("heading [FA Art. 6]", set()),
        ("2 (heading)", {"2"}),
    ],
)
def test_printed_paragraph_numbers_from_the_reference(paragraph, keys):
    assert printed_paragraph_keys(paragraph) == keys


def test_the_admin_import_page_maps_a_copy_of_the_final_acts(record):
    secretariat = AdminUser(get_user_model().objects.create_superuser("sam", "sam@example.org", "a-long-password-1"))
    import_url = reverse("admin:provisions_provision_import_text")
    upload = SimpleUploadedFile("final-acts.txt", ARTICLE_3.encode())
    preview = secretariat.post(
        import_url, {"file": upload, "instrument": str(record.pk), "layout": "final-acts", "_preview": "1"}
    )
    page = preview.content.decode()
    assert "the text of 4 provisions would change" in page
    assert "Final Acts 28, paragraph 3.1" in page
    assert texts()["27"] == ""
    confirmed = secretariat.post(import_url, {**forms_of(preview)[-1], "_confirm": "1"})
    assert confirmed.status_code == 302
    assert texts()["27"] == "Invented words for the first paragraph."

    ambiguous = SimpleUploadedFile("final-acts.txt", b"41C One paragraph.\n")
    response = secretariat.post(
        import_url, {"file": ambiguous, "instrument": str(record.pk), "layout": "final-acts", "_confirm": "1"}
    )
    assert "Ambiguous: Final Acts margin 41C is our margins 50, 51" in response.content.decode()
