"""Writes that matter for the provisions app: loading the reference structure of both ITRs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from loading.sync import LoadError, LoadReport, RecordRow, rows_sync

from . import history
from .models import Confidence, Correspondence, Instrument, Part, PartKind, Provision, part_label

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"

INSTRUMENTS = [
    {
        "slug": "itrs-2012",
        "year": 2012,
        "name": "International Telecommunication Regulations (Dubai, 2012)",
        "short_name": gettext_noop("2012 ITRs"),
        "conference": "World Conference on International Telecommunications (WCIT-12), Dubai",
        "file": "itrs-2012-provisions.tsv",
    },
    {
        "slug": "itrs-1988",
        "year": 1988,
        "name": "International Telecommunication Regulations (Melbourne, 1988)",
        "short_name": gettext_noop("1988 ITRs"),
        "conference": "World Administrative Telegraph and Telephone Conference (WATTC-88), Melbourne",
        "file": "itrs-1988-provisions.tsv",
    },
]
CORRESPONDENCE_FILE = "itrs-correspondence.tsv"

# "[FA 6.1]", "[FA Art. 5A]": the article number the 2012 Final Acts print, where it differs.
FINAL_ACTS_ARTICLE = re.compile(r"\[FA (?:Art\. )?(?P<article>[0-9]+[A-Z]?)")


class ReferenceDataError(LoadError):
    """The reference tables cannot be loaded as they are; the message says where and why."""


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def reference_margins(slug: str, directory: Path = REFERENCE_DIR) -> list[str]:
    """The margins of an instrument as its reference table gives them (whatever users deleted since)."""
    spec = next((spec for spec in INSTRUMENTS if spec["slug"] == slug), None)
    if spec is None:
        raise ReferenceDataError(f"There is no reference table of '{slug}'.")
    return [row["margin"] for row in read_tsv(directory / spec["file"])]


def _part_identity(row: dict[str, str]) -> tuple[str, str]:
    if row["part"] == "Preamble":
        return PartKind.PREAMBLE, ""
    if row["part"] == "Article":
        return PartKind.ARTICLE, row["article"]
    if row["part"].startswith("Appendix "):
        return PartKind.APPENDIX, row["part"].removeprefix("Appendix ")
    raise ReferenceDataError(f"Margin {row['margin']}: unknown part '{row['part']}'.")


def _is_unverified(row: dict[str, str]) -> bool:
    # The README of the reference tables: medium and low confidence, and a trailing '?' on a
    # margin or paragraph, mark structure that was inferred rather than seen.
    return row["confidence"] != Confidence.HIGH or "?" in row["final_acts_margin"] or "?" in row["paragraph"]


def _key(*parts) -> str:
    """A natural key as the ledger keeps it: ``itrs-2012|29``."""
    return "|".join(str(part) for part in parts)


def _instruments_load(report: LoadReport, reason: str) -> dict[str, Instrument]:
    rows = [
        RecordRow(
            key=spec["slug"],
            label=f"Instrument {spec['slug']}",
            lookup={"slug": spec["slug"]},
            values={key: spec[key] for key in ("year", "name", "short_name", "conference")},
        )
        for spec in INSTRUMENTS
    ]
    existing = {instrument.slug: instrument for instrument in Instrument.objects.all()}
    return rows_sync(Instrument, rows, existing=existing, report=report, reason=reason)


def _parts_load(
    tables: dict[str, list[dict]], instruments: dict[str, Instrument], report: LoadReport, reason: str
) -> dict[str, Part]:
    rows = []
    for slug, table in tables.items():
        instrument = instruments.get(slug)
        seen: set[tuple[str, str]] = set()
        for row in table:
            identity = _part_identity(row)
            if identity in seen:
                continue
            seen.add(identity)  # parts are numbered in the order the table first names them
            if instrument is None:
                report.note("parts", "orphaned")
                continue
            kind, number = identity
            final_acts = FINAL_ACTS_ARTICLE.search(row["paragraph"])
            final_acts_number = final_acts["article"].split(".")[0] if final_acts else ""
            rows.append(
                RecordRow(
                    key=_key(slug, kind, number),
                    label=f"Part {part_label(kind, number, translated=False)} of the {instrument.year} ITRs",
                    lookup={"instrument": instrument, "kind": kind, "number": number},
                    values={
                        "heading": row["article_title"],
                        "final_acts_number": final_acts_number if final_acts_number != number else "",
                        "order": len(seen),
                    },
                )
            )
    slugs = {instrument.pk: slug for slug, instrument in instruments.items()}
    existing = {
        _key(slugs[part.instrument_id], part.kind, part.number): part
        for part in Part.objects.filter(instrument__in=instruments.values())
    }
    return rows_sync(Part, rows, existing=existing, report=report, reason=reason)


def _provisions_load(
    tables: dict[str, list[dict]],
    instruments: dict[str, Instrument],
    parts: dict[str, Part],
    report: LoadReport,
    reason: str,
) -> dict[str, Provision]:
    rows = []
    for slug, table in tables.items():
        instrument = instruments.get(slug)
        for row in table:
            part = parts.get(_key(slug, *_part_identity(row)))
            if instrument is None or part is None:
                report.note("provisions", "orphaned")
                continue
            rows.append(
                RecordRow(
                    key=_key(slug, row["margin"]),
                    label=f"Provision {instrument.year} margin {row['margin']}",
                    lookup={"instrument": instrument, "margin": row["margin"]},
                    values={
                        "part": part,
                        "final_acts_margin": row["final_acts_margin"],
                        "paragraph": row["paragraph"],
                        "subject": row["subject"],
                        "confidence": row["confidence"],
                        "is_unverified": _is_unverified(row),
                    },
                )
            )
    slugs = {instrument.pk: slug for slug, instrument in instruments.items()}
    # With instrument and part: the model's clean() reads them (before an update, and for the
    # correspondence), which would otherwise cost a query per row.
    existing = {
        _key(slugs[provision.instrument_id], provision.margin): provision
        for provision in Provision.objects.filter(instrument__in=instruments.values()).select_related(
            "instrument", "part"
        )
    }

    def deleted_before_ledger() -> set[str]:
        deletions = Provision.history.filter(history_type="-", instrument_id__in=slugs)
        return {
            _key(slugs[instrument_id], margin)
            for instrument_id, margin in deletions.values_list("instrument_id", "margin")
        }

    return rows_sync(
        Provision, rows, existing=existing, report=report, reason=reason, deleted_before_ledger=deleted_before_ledger
    )


def _correspondence_load(
    directory: Path, tables: dict[str, list[dict]], provisions: dict[str, Provision], report: LoadReport, reason: str
) -> None:
    """The 2012 → 1988 correspondence; ``43+44`` gives one row per source."""
    known = {year: {row["margin"] for row in tables[f"itrs-{year}"]} for year in (2012, 1988)}
    rows = []
    for line_number, row in enumerate(read_tsv(directory / CORRESPONDENCE_FILE), start=2):
        if row["margin_2012"] not in known[2012]:
            raise ReferenceDataError(
                f"{CORRESPONDENCE_FILE} line {line_number}: unknown 2012 margin '{row['margin_2012']}'."
            )
        for source in [source for source in row["margin_1988"].split("+") if source] or [""]:
            margin_1988 = source.rstrip("?")
            if margin_1988 and margin_1988 not in known[1988]:
                raise ReferenceDataError(f"{CORRESPONDENCE_FILE} line {line_number}: unknown 1988 margin '{source}'.")
            provision_2012 = provisions.get(_key("itrs-2012", row["margin_2012"]))
            provision_1988 = provisions.get(_key("itrs-1988", margin_1988)) if margin_1988 else None
            if provision_2012 is None or (margin_1988 and provision_1988 is None):
                report.note("correspondences", "orphaned")
                continue
            counterpart = f"1988 margin {margin_1988}" if margin_1988 else "no 1988 margin"
            rows.append(
                RecordRow(
                    key=_key(row["margin_2012"], margin_1988),
                    label=f"Correspondence of 2012 margin {row['margin_2012']} to {counterpart}",
                    lookup={"provision_2012": provision_2012, "provision_1988": provision_1988},
                    values={"relation": row["relation"], "is_uncertain": source.endswith("?")},
                )
            )
    existing = {
        _key(link.provision_2012.margin, link.provision_1988.margin if link.provision_1988 else ""): link
        for link in Correspondence.objects.select_related("provision_2012", "provision_1988")
    }
    rows_sync(Correspondence, rows, existing=existing, report=report, reason=reason)


@transaction.atomic
def reference_load(*, report: LoadReport, directory: Path = REFERENCE_DIR) -> None:
    """Load both instruments, their parts and provisions, and the correspondence from the reference
    tables, under the contract of ``loading.sync``: what is missing is created, what users changed or
    deleted is left as it is. A second run changes nothing; a provision's imported text is never
    touched (it is not the record's)."""
    reason = history.change_reason(history.LOADED, user=None)
    tables = {spec["slug"]: read_tsv(directory / spec["file"]) for spec in INSTRUMENTS}
    instruments = _instruments_load(report, reason)
    parts = _parts_load(tables, instruments, report, reason)
    provisions = _provisions_load(tables, instruments, parts, report, reason)
    _correspondence_load(directory, tables, provisions, report, reason)
