"""The shape of the code: dependencies point down, and one rule lives in one place."""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> dict[str, set[str]]:
    """Every module each file of ``package`` imports (absolute names)."""
    found = {}
    for path in (PROJECT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(PROJECT))] = names
    return found


def test_provisions_and_the_shared_infrastructure_know_nothing_of_the_review():
    for package in ("provisions", "common", "loading"):
        for path, names in imported_modules(package).items():
            assert not {name for name in names if name == "review" or name.startswith("review.")}, path


def python_sources():
    for package in ("provisions", "review", "common", "loading", "itrs_site"):
        yield from (PROJECT / package).rglob("*.py")


def occurrences(text: str) -> list[str]:
    return [str(path.relative_to(PROJECT)) for path in python_sources() if text in path.read_text(encoding="utf-8")]


def test_one_rule_one_place():
    # Who may act for a participant, the stale-edit message, the stance vocabulary: defined once.
    assert occurrences("def may_act_for(") == ["review/permissions.py"]
    assert occurrences("Someone else saved this position after you opened it") == ["review/position_services.py"]
    assert occurrences("def stance_names(") == ["review/models.py"]
    assert occurrences('STANCE_SYMBOLS = {"') == ["review/models.py"]
    assert occurrences("def is_secretariat(") == ["common/permissions.py"]


def test_write_modules_are_named_for_what_they_hold():
    assert not (PROJECT / "review" / "services.py").exists()
    assert not (PROJECT / "provisions" / "services.py").exists()
    for name in ("record.py", "participants.py", "position_services.py", "imports.py"):
        assert (PROJECT / "review" / name).exists(), name
    assert (PROJECT / "provisions" / "reference.py").exists()
