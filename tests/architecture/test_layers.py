"""Imports run one way down, in the order the README's layout gives.

Every module of an app may import the apps before it in ``LAYERS`` and its own app, nothing after:
no circle, and no inline import to dodge one (ruff's PLC0415 refuses imports inside functions).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Bottom first. Apps on one line share a level and may not import each other.
LAYERS = [
    ("common",),
    ("accounts",),
    ("cycles",),
    ("register",),
    ("applications",),
    ("publicity",),
    ("reviews",),
    ("awards",),
    ("pipeline",),
    ("operations", "demo"),
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_apps(path):
    """The project apps a module imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".", 1)[0]
            if top in LEVEL:
                yield top, node.lineno


def test_the_layers_name_every_app_of_the_project():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "qualityaward", "tools"}
    assert apps <= set(LEVEL) and packages <= set(LEVEL), sorted((apps | packages) - set(LEVEL))


@pytest.mark.parametrize("app", sorted(LEVEL))
def test_an_app_imports_only_the_apps_below_it(app):
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in modules(app)
        for other, line in imported_apps(path)
        if other != app and LEVEL[other] >= LEVEL[app]
    ]
    assert upward == []


@pytest.mark.parametrize("app", sorted(LEVEL))
def test_no_app_guards_an_import_of_another_as_if_it_might_be_missing(app):
    guarded = []
    for path in modules(app):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            handler = isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name)
            if handler and node.type.id in ("ImportError", "ModuleNotFoundError"):
                guarded.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert guarded == []
