"""Shared fixtures live once, in tests/conftest.py: no two test modules define the same fixture.

(A module may still override a conftest fixture by requesting it under the same name, as
test_delegate_admin's ``anna(anna)`` wraps Anna in a browser.)"""

import ast
from collections import defaultdict
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent


def is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "fixture"


def fixtures_by_name() -> dict[str, list[str]]:
    found = defaultdict(list)
    for path in sorted(TESTS_DIR.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(is_fixture(item) for item in node.decorator_list):
                overrides = node.name in {argument.arg for argument in node.args.args}
                if not overrides:
                    found[node.name].append(str(path.relative_to(TESTS_DIR)))
    return found


def test_no_fixture_is_defined_in_two_modules():
    repeated = {name: paths for name, paths in fixtures_by_name().items() if len(paths) > 1}
    assert repeated == {}, "move these to tests/conftest.py"
