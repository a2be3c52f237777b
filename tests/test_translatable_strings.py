"""Every string a person reads that comes from Python goes through gettext when it is read, in the reader's
language: choices, model and form labels, filters, table headers, page texts, messages and documents.

Two checks. A pseudo-language (tests/catalogues.py) wraps every message gettext returns in ⟦ ⟧: a label
that is not marked, or that was turned into a plain string when its module was imported (so that it would
stay English whatever the page's language), shows no ⟦. And a tiny real French catalogue, loaded by
Django from LOCALE_PATHS, shows messages, documents and the stance vocabulary in French at /fr/, while
English pages, exports and the importer's English words stay as they are.
"""

import csv
import io

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.http import QueryDict

from provisions.forms import ImportProvisionTextForm
from provisions.models import Provision
from review import filters, tables, views
from review.forms import ImportPositionsForm, PositionAdminForm, RecordPositionsForm
from review.models import Participant, stance_from_text, stance_names, tor_item_from_text, tor_item_names

from .catalogues import pseudo_language, translated, write_catalogue

OUR_APPS = ("review", "provisions")


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def untranslated(texts: dict) -> dict:
    """The entries of ``texts`` (where: text) that did not come through gettext."""
    return {where: str(text) for where, text in texts.items() if text and not translated(text)}


def test_every_choice_label_is_translated_when_read():
    with pseudo_language():
        labels = {
            f"{choices.__name__}.{member.name}": member.label
            for choices in subclasses(models.TextChoices)
            if choices.__module__.split(".")[0] in OUR_APPS
            for member in choices
        }
        assert len(labels) >= 30  # Stance, TorItem, Region, ParticipantKind, PositionState, PartKind, Relation...
        assert untranslated(labels) == {}


def test_every_model_name_field_label_and_help_text_is_translated_when_read():
    texts = {}
    with pseudo_language():
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
                continue
            texts[f"{model.__name__} verbose_name"] = model._meta.verbose_name
            texts[f"{model.__name__} verbose_name_plural"] = model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if field.auto_created:
                    continue
                texts[f"{model.__name__}.{field.name}"] = field.verbose_name
                texts[f"{model.__name__}.{field.name} help"] = field.help_text
        texts.update({f"app {config.label}": config.verbose_name for config in map(apps.get_app_config, OUR_APPS)})
        assert untranslated(texts) == {}


def form_texts(form: forms.BaseForm, name: str) -> dict:
    texts = {}
    for field_name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        texts[f"{name}.{field_name}"] = field.label
        texts[f"{name}.{field_name} help"] = field.help_text
    return texts


@pytest.mark.django_db
def test_every_filter_label_help_text_and_error_message_is_translated_when_read(record):
    texts = {}
    with pseudo_language():
        for filterset_class in subclasses(filters.ReviewFilterSet):
            filterset = filterset_class(QueryDict())
            texts.update(form_texts(filterset.form, filterset_class.__name__))
            for name, filter_ in filterset.filters.items():
                for code, message in filter_.extra.get("error_messages", {}).items():
                    texts[f"{filterset_class.__name__}.{name} {code}"] = message
                if "choices" in filter_.extra and name != "part":  # parts are named by their data
                    choices = filter_.extra["choices"]
                    for value, label in choices() if callable(choices) else choices:
                        texts[f"{filterset_class.__name__}.{name}={value}"] = label
        assert len(texts) > 100
        assert untranslated(texts) == {}
        # A message built when the form is checked is in the reader's language too.
        problems = filters.PositionFilter({"stance": "maybe", "meeting": "99"}).error_messages
        assert problems and all(translated(problem) for problem in problems)


@pytest.mark.django_db
def test_every_form_label_of_the_admin_is_translated_when_read(record, client):
    participants = Participant.objects.all()
    with pseudo_language():
        texts = {
            **form_texts(RecordPositionsForm(participants=participants, user=None), "RecordPositionsForm"),
            **form_texts(PositionAdminForm(), "PositionAdminForm"),
            **form_texts(ImportPositionsForm(session=client.session), "ImportPositionsForm"),
            **form_texts(ImportProvisionTextForm(session=client.session), "ImportProvisionTextForm"),
        }
        for model_admin in admin.site._registry.values():
            if model_admin.opts.app_label not in OUR_APPS:
                continue
            for name in model_admin.actions or []:
                texts[f"{model_admin} action {name}"] = getattr(model_admin, name).short_description
            for name in model_admin.list_display:
                if hasattr(display := getattr(model_admin, name, None), "short_description"):
                    texts[f"{model_admin} column {name}"] = display.short_description
        assert untranslated(texts) == {}


@pytest.mark.django_db
def test_every_column_header_empty_text_and_page_text_is_translated_when_read(record):
    texts = {}
    with pseudo_language():
        for table_class in subclasses(tables.ReviewTable):
            model = table_class._meta.model
            table = table_class(model.objects.none() if model else [])
            for column in table.columns:
                texts[f"{table_class.__name__}.{column.name}"] = column.header
            texts[f"{table_class.__name__} empty"] = table.empty_text
        for view in subclasses(views.FilteredListView):
            for attribute in ("heading", "caption", "introduction"):
                texts[f"{view.__name__}.{attribute}"] = getattr(view, attribute)
        assert len(texts) > 40
        # A stance count's header is the stance's symbol with its word: the word is the reader's.
        headers = [str(column.header) for column in tables.ProvisionTable(Provision.objects.none()).columns]
        assert '<abbr title="⟦Abrogate⟧">SUP</abbr>' in headers
        assert untranslated(texts) == {}


# --- A real catalogue ---------------------------------------------------------------------------------

FRENCH = {
    "Stance": "Position",
    "Abrogate": "Abroger",
    "a) New trends and emerging issues": "a) Tendances nouvelles et questions émergentes",
    "There is no stance '%(value)s': use abrogate, retain, revise or add (or SUP, NOC, MOD, ADD).": (
        "Aucune position « %(value)s » : écrivez abrogate, retain, revise ou add (ou SUP, NOC, MOD, ADD)."
    ),
    "%(label)s (%(parameter)s): %(problem)s": "%(label)s (%(parameter)s) : %(problem)s",
    "Preamble": "Préambule",
    "Appendix %(number)s": "Appendice %(number)s",
    "Editorial note": "Note éditoriale",
    "Option %(number)s": "Variante %(number)s",
}


@pytest.fixture
def french(settings, tmp_path):
    """A French catalogue of a few messages, loaded by Django as the real ones will be."""
    write_catalogue(tmp_path, "fr", FRENCH)
    settings.LOCALE_PATHS = [tmp_path]  # resets Django's translation caches (django.test.signals)
    stance_names.cache_clear()
    tor_item_names.cache_clear()
    yield
    stance_names.cache_clear()
    tor_item_names.cache_clear()


def test_a_message_made_at_run_time_is_in_the_pages_language(record, client, french):
    french_page = client.get("/fr/positions/?stance=maybe").content.decode()
    assert "Position (stance) : Aucune position « maybe » : écrivez abrogate" in french_page
    english_page = client.get("/positions/?stance=maybe").content.decode()
    assert "Stance (stance): There is no stance &#x27;maybe&#x27;: use abrogate" in english_page
    assert "Aucune position" not in english_page


def test_the_part_labels_are_translated_on_the_pages_and_stay_english_in_the_exports(record, client, french):
    page = client.get("/fr/positions/?per_page=500").content.decode()
    assert "Préambule" in page and "Appendice 1" in page
    export = client.get("/fr/positions/?_export=csv")
    parts = {row["part"] for row in csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()))}
    assert "Preamble" in parts and "Appendix 1" in parts
    assert not any(part.startswith(("Préambule", "Appendice")) for part in parts)


def test_the_compilation_comes_out_in_the_pages_language(record, client, french):
    from docx import Document

    document = Document(io.BytesIO(client.get("/fr/compilation/?_export=docx").content))
    assert document.core_properties.language == "fr"
    assert "Note éditoriale" in [paragraph.text for paragraph in document.paragraphs]
    assert document.tables[1].rows[1].cells[0].text == "Variante 1"
    english = Document(io.BytesIO(client.get("/compilation/?_export=docx").content))
    assert "Editorial note" in [paragraph.text for paragraph in english.paragraphs]
    assert english.tables[1].rows[1].cells[0].text == "Option 1"


def test_a_stance_is_read_in_english_whatever_the_language_and_in_the_sites_languages(french):
    from django.utils import translation

    for language in ("en", "fr", None):
        with translation.override(language):
            assert stance_from_text("Abrogate") == stance_from_text("ABROGER") == stance_from_text("sup") == "abrogate"
            assert tor_item_from_text("a) Tendances nouvelles et questions émergentes") == "a"
            assert tor_item_from_text("a) New trends and emerging issues") == "a"
