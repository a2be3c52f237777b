"""The facts of the draft final report that tests/test_fixture_fidelity.py checks the record against.

Parsed from the report (../shared/source/) independently of fixtures/eg_itrs_record.toml, and committed
as tests/report_facts.json (facts only: symbols, titles, submitters as written, the Annex's margin
lists), so that the checks run on a clone with nothing beside it. Where the report is beside the clone,
a test checks the committed facts against it. After a change of the report:
``python -m tests.report_facts`` writes them again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

REPORT = "source/000_d139c0fac23d053a.txt"
REPORT_FACTS = Path(__file__).resolve().parent / "report_facts.json"
DOCUMENT_LINE = re.compile(
    r"^[\t ]*[–-]\s*(?P<title>.*?)\s*\(Doc\. (?P<symbol>EG-ITRs-\d+/\d+)\)(?::\s*Contribution by (?P<by>[^\n]*))?",
    re.MULTILINE,
)


def report_text(shared_dir: Path) -> str:
    return (shared_dir / REPORT).read_text(encoding="utf-8")


def submitter_names(by: str) -> list[str]:
    names = [name.strip() for name in re.split(r",\s*|\s+and\s+", by.strip().rstrip(".")) if name.strip()]
    return [name.removeprefix("the ") for name in names]


def expand(margin_list: str) -> list[str]:
    """Expand the Annex's lists by hand (only n-m ranges inside one division occur there)."""
    margins = []
    for item in margin_list.split(","):
        item = item.strip()
        if "-" in item:
            start, end = item.split("-")
            prefix = start.rsplit("/", 1)[0] + "/" if "/" in start else ""
            low, high = int(start.rsplit("/", 1)[-1]), int(end.rsplit("/", 1)[-1])
            margins += [f"{prefix}{n}" for n in range(low, high + 1)]
        else:
            margins.append(item)
    return margins


def annex_lists(text: str) -> dict[str, list[str]]:
    annex = text.split("Statement by Hill: provision by provision review")[-1]
    revise = re.search(r"should be revised: ([0-9, /-]+)\. Specifically", annex)[1]
    abrogate = re.search(r"should be abrogated: ([0-9, /-]+) \(that is", annex)[1]
    abrogate += ", " + re.search(r"all of Appendix 1\), ([0-9, /-]+)\.", annex)[1]
    retain = re.search(r"should remain unchanged: ([0-9, /-]+)\.", annex)[1]
    return {"revise": expand(revise), "abrogate": expand(abrogate), "retain": expand(retain)}


def report_facts(text: str) -> dict:
    """What the fidelity checks need from the report: its documents and the Annex's lists."""
    documents = [
        {
            "symbol": document["symbol"],
            "title": document["title"],
            "submitters": submitter_names(document["by"]) if document["by"] else [],
        }
        for document in DOCUMENT_LINE.finditer(text)
    ]
    return {"documents": documents, "annex": annex_lists(text)}


def facts_json(facts: dict) -> str:
    """The facts as JSON with one document or list per line, so that a change reads well in a diff."""

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    documents = ",\n".join(f"  {dump(document)}" for document in facts["documents"])
    annex = ",\n".join(f"  {dump(stance)}: {dump(margins)}" for stance, margins in facts["annex"].items())
    return f'{{\n "documents": [\n{documents}\n ],\n "annex": {{\n{annex}\n }}\n}}\n'


def committed_facts() -> dict:
    return json.loads(REPORT_FACTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    import sys

    # The shared folder beside the repository, or the one given.
    shared_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent.parent / "shared"
    facts = report_facts(report_text(shared_dir))
    REPORT_FACTS.write_text(facts_json(facts), encoding="utf-8")
    print(f"Wrote {REPORT_FACTS}: {len(facts['documents'])} documents, the Annex's {len(facts['annex'])} lists.")
