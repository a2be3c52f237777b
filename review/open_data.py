"""Open data: every public table as CSV in one ZIP, described by a Frictionless ``datapackage.json``.

``RESOURCES`` says, once, which tables and which columns are public: the reference tables of both ITRs,
the participants, meetings and documents, and the *published* positions. Never drafts, user accounts,
delegates, history (it holds drafts and who changed what), nor the treaty text (``provisions.text``: ITU's
text, imported by users from their copy of the Final Acts, not ours to license; the provision pages show
it where imported). Column types, required columns, allowed values, primary and foreign keys are read from
the models, so that the descriptor cannot drift from the data.

The package is rebuilt for each data version: the views below are cached whole, keyed by the data version
(dataversion.middleware), and the ZIP is the same bytes for the same data in every process (its dates are
the data's last change, not the time of building) and in every language of the site: it is written in
English, as the exports are; the /open-data/ page describes it in the page's language.

Cells are neutralised against formula injection as in every CSV this site serves (review.exports): a
leading ``=``, ``+``, ``-``, ``@``, tab, carriage return or ``'`` gets a ``'`` before it; the descriptor
says so.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dataversion.models import DataState, DataVersion
from provisions.models import Correspondence, Instrument, Part, Provision

from .exports import neutralise
from .models import Contribution, ContributionSubmitter, Meeting, Participant, Position

PACKAGE_NAME = "itrs-review-tracker"
FILENAME = f"{PACKAGE_NAME}.zip"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
PROVENANCE = _(
    "The record of the Expert Group on the International Telecommunication Regulations (EG-ITRs): its meetings, "
    "documents and their submitters, and the provision-by-provision review annexed to its draft final report to "
    "ITU Council 2026, as loaded by the ITRs Review Tracker; the structure of the 2012 and 1988 ITRs by margin "
    "number; and the positions the group's members have since recorded and published in the tracker. Subjects "
    "are the tracker's own short paraphrases, never treaty text."
)
NEUTRALISING_NOTE = _(
    "Text cells that begin with =, +, -, @, a tab, a carriage return or ' carry one ' before them, so that no "
    "spreadsheet runs them as formulas; remove that first ' to get the text as entered."
)


@dataclass(frozen=True)
class Resource:
    """One table of the package: a CSV of ``fields`` of ``model``, rows from ``rows()``, in id order."""

    name: str
    title: str
    model: type[models.Model]
    fields: tuple[str, ...]
    rows: Callable[[], models.QuerySet]
    description: str = ""

    def schema(self, resources_by_model: dict) -> dict:
        schema = {"fields": [field_descriptor(self.model._meta.get_field(name)) for name in self.fields]}
        schema["primaryKey"] = ["id"]
        foreign_keys = []
        for name in self.fields:
            field = self.model._meta.get_field(name)
            if field.is_relation:
                target = resources_by_model[field.related_model]
                foreign_keys.append(
                    {"fields": [field.attname], "reference": {"resource": target.name, "fields": ["id"]}}
                )
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        schema["missingValues"] = [""]
        return schema

    def column_names(self) -> list[str]:
        return [self.model._meta.get_field(name).attname for name in self.fields]


def field_descriptor(field: models.Field) -> dict:
    """A Frictionless Table Schema field for a model field (a foreign key is its id column)."""
    if field.is_relation:
        field_type = "integer"
    elif isinstance(field, models.BooleanField):
        field_type = "boolean"
    elif isinstance(field, models.DateTimeField):
        field_type = "datetime"
    elif isinstance(field, models.DateField):
        field_type = "date"
    elif isinstance(field, models.IntegerField | models.AutoField):
        field_type = "integer"
    else:
        field_type = "string"
    descriptor = {"name": field.attname, "type": field_type}
    if isinstance(field, models.URLField):
        descriptor["format"] = "uri"
    description = str(field.help_text or field.verbose_name)
    if field.is_relation:
        description = gettext("The id of the %(model)s (see its table).") % {
            "model": field.related_model._meta.verbose_name
        }
    descriptor["description"] = description
    constraints = {}
    if not (field.null or field.blank):
        constraints["required"] = True
    if field.primary_key:
        constraints["unique"] = True
    if field.choices:
        constraints["enum"] = [str(value) for value, _ in field.flatchoices if value != ""]
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        constraints["minimum"] = 0
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


RESOURCES = (
    Resource(
        "instruments",
        _("Instruments: the 2012 ITRs (Dubai) and the 1988 ITRs (Melbourne)"),
        Instrument,
        ("id", "slug", "name", "short_name", "year", "conference"),
        lambda: Instrument.objects.all(),
    ),
    Resource(
        "parts",
        _("Parts of each instrument: the Preamble, Articles and Appendices, with their headings"),
        Part,
        ("id", "instrument", "kind", "number", "heading", "final_acts_number", "order"),
        lambda: Part.objects.all(),
    ),
    Resource(
        "provisions",
        _("Provisions by margin number (and provisions proposed by ADD statements)"),
        Provision,
        (
            "id",
            "instrument",
            "part",
            "margin",
            "final_acts_margin",
            "paragraph",
            "subject",
            "confidence",
            "is_unverified",
            "is_proposed",
        ),
        lambda: Provision.objects.all(),
    ),
    Resource(
        "correspondences",
        _("Which 1988 provision each 2012 provision comes from"),
        Correspondence,
        ("id", "provision_2012", "provision_1988", "relation", "is_uncertain"),
        lambda: Correspondence.objects.all(),
    ),
    Resource(
        "participants",
        _("Participants: Member States, Sector Members, regional organizations and others"),
        Participant,
        ("id", "name", "slug", "kind", "region", "aliases"),
        lambda: Participant.objects.all(),
    ),
    Resource(
        "meetings",
        _("The meetings of the EG-ITRs"),
        Meeting,
        ("id", "number", "start_date", "end_date"),
        lambda: Meeting.objects.all(),
    ),
    Resource(
        "contributions",
        _("The documents of the group's meetings"),
        Contribution,
        ("id", "symbol", "meeting", "number", "title", "is_late", "url"),
        lambda: Contribution.objects.all(),
    ),
    Resource(
        "contribution_submitters",
        _("Who submitted each document, in the order the record lists them"),
        ContributionSubmitter,
        ("id", "contribution", "participant", "order"),
        lambda: ContributionSubmitter.objects.all(),
    ),
    Resource(
        "positions",
        _(
            "Published statements: a participant's stance on a provision, as stated in a document or entered "
            "without one"
        ),
        Position,
        (
            "id",
            "provision",
            "participant",
            "stance",
            "tor_item",
            "rationale",
            "proposed_text",
            "contribution",
            "published_at",
            "updated_at",
        ),
        lambda: Position.objects.published(),
        description=_("Published statements only; drafts are never in the package."),
    ),
)


def descriptor(state: DataState, *, homepage: str = "") -> dict:
    """The ``datapackage.json`` of the package at ``state``."""
    by_model = {resource.model: resource for resource in RESOURCES}
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": gettext("ITRs Review Tracker: positions on the International Telecommunication Regulations"),
        "description": f"{PROVENANCE}\n\n{NEUTRALISING_NOTE}",
        "created": _datetime_text(state.changed_at),
        "data_version": state.number,
        "licenses": [LICENSE],
        "sources": [
            {"title": gettext("Draft final report of the EG-ITRs to ITU Council 2026, with its Annex (the record)")},
            {
                "title": gettext(
                    "Positions recorded and published by the members of the EG-ITRs in the ITRs Review Tracker"
                )
            },
        ],
        "contributors": [{"title": "ITRs Review Tracker", "role": "publisher"}],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": resource.name,
                "title": str(resource.title),
                **({"description": str(resource.description)} if resource.description else {}),
                "path": f"data/{resource.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": resource.schema(by_model),
            }
            for resource in RESOURCES
        ],
    }
    if homepage:
        package["homepage"] = homepage
    return package


def _datetime_text(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return _datetime_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def resource_csv(resource: Resource) -> Iterator[str]:
    """The CSV text of one resource, header first, a few hundred rows at a time (one query)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = resource.column_names()
    writer.writerow(columns)
    rows = resource.rows().order_by("pk").values_list(*columns)
    for count, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        writer.writerow([_cell(value) for value in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def build_package(state: DataState, *, homepage: str = "") -> bytes:
    """The ZIP: ``datapackage.json`` and ``data/<resource>.csv``, the same bytes for the same data."""
    stamp = state.changed_at.astimezone(datetime.UTC).timetuple()[:6]
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def entry(name: str) -> zipfile.ZipInfo:
            info = zipfile.ZipInfo(f"{PACKAGE_NAME}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            return info

        with translation.override(None):  # in English whatever the page's language (see the module docstring)
            package = descriptor(state, homepage=homepage)
        archive.writestr(entry("datapackage.json"), json.dumps(package, indent=2, ensure_ascii=False))
        for resource in RESOURCES:
            with archive.open(entry(f"data/{resource.name}.csv"), "w") as handle:
                for text in resource_csv(resource):
                    handle.write(text.encode("utf-8"))
    return content.getvalue()


# --- Views -------------------------------------------------------------------------------------------
# Two thin views here rather than in views.py: they serve nothing but this package.


def current_state(request) -> DataState:
    """The data state the response cache read for this request (one query saved), else read now."""
    state = getattr(request, "data_state", None) or DataVersion.objects.current()
    return state or DataState(number=0, changed_at=timezone.now())


def open_data_page(request):
    """/open-data/: what the package holds, its licence and provenance, and the download."""
    state = current_state(request)
    package = descriptor(state, homepage=request.build_absolute_uri())
    counts = {resource.name: resource.rows().count() for resource in RESOURCES}
    context = {
        "package": package,
        "resources": [{**item, "rows": counts[item["name"]]} for item in package["resources"]],
        "state": state,
        "download_url": reverse("review:open-data-package"),
        "neutralising_note": NEUTRALISING_NOTE,
    }
    return render(request, "review/open_data.html", context)


def open_data_package(request):
    """The ZIP, built for the current data version (and cached with it by the response cache)."""
    state = current_state(request)
    homepage = request.build_absolute_uri(reverse("review:open-data"))
    response = HttpResponse(build_package(state, homepage=homepage), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
