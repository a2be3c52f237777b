"""Writes that matter for the provisions app: loading the reference structure of both ITRs."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import history
from .models import Confidence, Correspondence, Instrument, Part, PartKind, Provision

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"

INSTRUMENTS = [
    {
        "slug": "itrs-2012",
        "year": 2012,
        "name": "International Telecommunication Regulations (Dubai, 2012)",
        "short_name": "2012 ITRs",
        "conference": "World Conference on International Telecommunications (WCIT-12), Dubai",
        "file": "itrs-2012-provisions.tsv",
    },
    {
        "slug": "itrs-1988",
        "year": 1988,
        "name": "International Telecommunication Regulations (Melbourne, 1988)",
        "short_name": "1988 ITRs",
        "conference": "World Administrative Telegraph and Telephone Conference (WATTC-88), Melbourne",
        "file": "itrs-1988-provisions.tsv",
    },
]
CORRESPONDENCE_FILE = "itrs-correspondence.tsv"

# "[FA 6.1]", "[FA Art. 5A]": the article number the 2012 Final Acts print, where it differs.
FINAL_ACTS_ARTICLE = re.compile(r"\[FA (?:Art\. )?(?P<article>[0-9]+[A-Z]?)")


class ReferenceDataError(Exception):
    """The reference tables cannot be loaded as they are; the message says where and why."""


@dataclass
class LoadReport:
    """What a load did, per model: created, updated, unchanged."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def note(self, model_name: str, outcome: str) -> None:
        self.counts.setdefault(model_name, Counter())[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(counter["created"] + counter["updated"] for counter in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{name}: {counter['created']} created, {counter['updated']} updated, {counter['unchanged']} unchanged"
            for name, counter in self.counts.items()
        ]


def sync_row(model, report: LoadReport, *, lookup: dict, values: dict):
    """Create the row, or bring its reference fields up to date; report which happened.

    Only the fields in ``values`` are compared and written, so anything users own on the row
    (a provision's imported text, for instance) is left alone.
    """
    instance = model.objects.filter(**lookup).first()
    # For the models that keep a history (provisions): say where the change came from.
    reason = history.change_reason(history.LOADED, user=None)
    if instance is None:
        instance = model(**lookup, **values)
        instance._change_reason = reason
        instance.full_clean()
        instance.save()
        report.note(model._meta.verbose_name_plural, "created")
        return instance
    changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance._change_reason = reason
        instance.full_clean()
        instance.save()
        report.note(model._meta.verbose_name_plural, "updated")
    else:
        report.note(model._meta.verbose_name_plural, "unchanged")
    return instance


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


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


def instrument_load(spec: dict, report: LoadReport, directory: Path) -> Instrument:
    """Load one instrument with its parts and every provision of its reference table."""
    rows = read_tsv(directory / spec["file"])
    instrument = sync_row(
        Instrument,
        report,
        lookup={"slug": spec["slug"]},
        values={key: spec[key] for key in ("year", "name", "short_name", "conference")},
    )
    parts: dict[tuple[str, str], Part] = {}
    for row in rows:
        identity = _part_identity(row)
        if identity in parts:
            continue
        final_acts = FINAL_ACTS_ARTICLE.search(row["paragraph"])
        final_acts_number = final_acts["article"].split(".")[0] if final_acts else ""
        parts[identity] = sync_row(
            Part,
            report,
            lookup={"instrument": instrument, "kind": identity[0], "number": identity[1]},
            values={
                "heading": row["article_title"],
                "final_acts_number": final_acts_number if final_acts_number != identity[1] else "",
                "order": len(parts) + 1,
            },
        )
    for row in rows:
        sync_row(
            Provision,
            report,
            lookup={"instrument": instrument, "margin": row["margin"]},
            values={
                "part": parts[_part_identity(row)],
                "final_acts_margin": row["final_acts_margin"],
                "paragraph": row["paragraph"],
                "subject": row["subject"],
                "confidence": row["confidence"],
                "is_unverified": _is_unverified(row),
            },
        )
    return instrument


def correspondence_load(report: LoadReport, directory: Path) -> None:
    """Load the 2012 → 1988 correspondence; ``43+44`` gives one row per source."""
    by_margin = {year: {p.margin: p for p in Provision.objects.filter(instrument__year=year)} for year in (2012, 1988)}
    for line_number, row in enumerate(read_tsv(directory / CORRESPONDENCE_FILE), start=2):
        provision_2012 = by_margin[2012].get(row["margin_2012"])
        if provision_2012 is None:
            raise ReferenceDataError(
                f"{CORRESPONDENCE_FILE} line {line_number}: unknown 2012 margin '{row['margin_2012']}'."
            )
        sources = [source for source in row["margin_1988"].split("+") if source] or [None]
        for source in sources:
            provision_1988 = None
            is_uncertain = False
            if source is not None:
                is_uncertain = source.endswith("?")
                provision_1988 = by_margin[1988].get(source.rstrip("?"))
                if provision_1988 is None:
                    raise ReferenceDataError(
                        f"{CORRESPONDENCE_FILE} line {line_number}: unknown 1988 margin '{source}'."
                    )
            sync_row(
                Correspondence,
                report,
                lookup={"provision_2012": provision_2012, "provision_1988": provision_1988},
                values={"relation": row["relation"], "is_uncertain": is_uncertain},
            )


@transaction.atomic
def reference_load(*, report: LoadReport, directory: Path = REFERENCE_DIR) -> None:
    """Load both instruments and their correspondence from the reference tables.

    Idempotent: a second run changes nothing. Never touches a provision's imported text.
    """
    for spec in INSTRUMENTS:
        instrument_load(spec, report, directory)
    correspondence_load(report, directory)
