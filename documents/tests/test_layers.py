"""documents never reaches up (issue 12): no import of a higher app, and no importlib to
get round that; higher apps register their steps and listen to events instead."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

DOCUMENTS = Path(__file__).resolve().parents[1]


def _sources():
    for path in sorted(DOCUMENTS.rglob("*.py")):
        if "tests" not in path.relative_to(DOCUMENTS).parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def test_documents_imports_no_app_above_it_and_never_through_importlib():
    above = settings.FIDU_APPS[settings.FIDU_APPS.index("documents") + 1 :]
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in above or name.split(".")[0] == "importlib":
                    found.append(f"{path.relative_to(DOCUMENTS)}:{node.lineno} {name}")
    assert found == []


def test_einvoice_sits_right_after_core():
    assert settings.FIDU_APPS[:2] == ["core", "einvoice"]
