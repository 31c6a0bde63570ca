"""The project's layers, read from the source with `ast` (nothing is imported).

Two rules hold for every Python file of the project:
- no import cycle between files through module-level imports (those run when a file is
  first imported, so a cycle makes the import order matter);
- no app imports an app above it in `settings.FIDU_APPS` order: not by an import
  statement (at module level, inside a function or under TYPE_CHECKING), not through
  a string handed to `importlib.import_module` / `import_string`, and not through a model
  named by string (`apps.get_model("booking", "Proposal")`, `ForeignKey("booking.X")`).
  Higher apps reach down, or register with `core.extensions`.

Left out of the layer rule, on purpose:
- tests/ folders: a lower app's tests may drive an upper app to check the whole path,
  and nothing imports a test module, so they cannot make the shipped code depend upwards;
- migrations/: they are history; a migration's dependencies and historical models are
  fixed once applied and are rewritten only by squashing.
Both are still parsed for the cycle rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", "data", "build", "dist", "__pycache__"}
DYNAMIC_IMPORTERS = {"import_module", "import_string"}
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}

# Cycles that exist only through imports made inside functions (they run after every
# module is loaded, so they work, but they hide a dependency the wrong way round). A
# cycle that is not inside one of these groups fails the test below; the groups may
# only shrink.
KNOWN_FUNCTION_LEVEL_CYCLES: list[frozenset[str]] = [
    # the converters register themselves on first use of the package
    frozenset(
        {
            "documents.conversions",
            *(
                f"documents.conversions.{m}"
                for m in ("html", "images", "mailfile", "office", "text", "xml")
            ),
        }
    ),
    # door, runner, claim, services and tasks call each other lazily (issue 12, intake
    # shape; claim is issue 10 point 3's claim by conditional update)
    frozenset(
        {
            "documents.intake",
            "documents.intake.claim",
            "documents.intake.door",
            "documents.intake.mail",
            "documents.intake.runner",
            "documents.services",
            "documents.tasks",
        }
    ),
    # base loads the built-in connectors on first lookup
    frozenset({"ledger.connectors.base", "ledger.connectors.builtin", "ledger.connectors.files"}),
    frozenset({"tenancy.models", "tenancy.policy"}),
]

# Upward dependencies allowed, by (file, target, how), each with the issue point that
# removes it. The test fails on any other, and on an entry here that is gone (delete it
# then, so the list only shrinks). Empty since the intake rework: einvoice sits right
# after core in FIDU_APPS and recognition registers its step in AppConfig.ready().
KNOWN_UPWARD: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Edge:
    source: str  # importing module
    target: str  # imported module, or "app.Model" for a model named by string
    line: int
    module_level: bool  # runs when the file is imported (not inside a def)
    runtime: bool  # False under `if TYPE_CHECKING:`
    how: str  # "import", "import_module", "get_model", "ForeignKey"...


def project_files() -> dict[str, Path]:
    """Module name -> file, for every Python file of the project."""
    out: dict[str, Path] = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            out[".".join(parts)] = path
    return out


def _is_package(module: str, files: dict[str, Path]) -> bool:
    path = files.get(module)
    return path is not None and path.name == "__init__.py"


def _resolve(module: str, level: int, current: str, files: dict[str, Path]) -> str:
    if not level:
        return module
    package = current if _is_package(current, files) else current.rpartition(".")[0]
    base = package.split(".")
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _known(name: str, files: dict[str, Path]) -> str | None:
    """The deepest project module that `name` (a.b.c) names or sits in."""
    while name:
        if name in files:
            return name
        name = name.rpartition(".")[0]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _strings(call: ast.Call) -> list[str]:
    return [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, files: dict[str, Path]) -> None:
        self.module, self.files = module, files
        self.edges: list[Edge] = []
        self.depth = 0  # inside how many function bodies
        self.typing_only = 0

    def _add(self, target: str, node: ast.AST, how: str) -> None:
        self.edges.append(
            Edge(
                self.module,
                target,
                getattr(node, "lineno", 0),
                self.depth == 0,
                self.typing_only == 0,
                how,
            )
        )

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self.typing_only += 1
            for child in node.body:
                self.visit(child)
            self.typing_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            target = _known(alias.name, self.files)
            if target:
                self._add(target, node, "import")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _resolve(node.module or "", node.level, self.module, self.files)
        for alias in node.names:
            # `from pkg import mod` imports the file pkg/mod.py; `from mod import name`
            # imports mod.
            target = _known(f"{base}.{alias.name}", self.files) or _known(base, self.files)
            if target:
                self._add(target, node, "import")

    def visit_Call(self, node: ast.Call) -> None:
        name, strings = _call_name(node), _strings(node)
        if name in DYNAMIC_IMPORTERS and strings:
            target = _known(strings[0], self.files)
            if target:
                self._add(target, node, name)
        elif name == "get_model" and strings:
            label = strings[0].partition(".")[0]
            self._add(f"{label}.{strings[1] if len(strings) > 1 else ''}", node, name)
        elif name in MODEL_FIELDS and strings and "." in strings[0]:
            self._add(strings[0], node, name)
        self.generic_visit(node)


def collect_edges(files: dict[str, Path] | None = None) -> list[Edge]:
    files = files or project_files()
    edges: list[Edge] = []
    for module, path in files.items():
        collector = _Collector(module, files)
        collector.visit(ast.parse(path.read_bytes(), filename=str(path)))
        edges += collector.edges
    return edges


def cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected groups of more than one file (Tarjan), plus self-imports."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so deep chains cannot hit the recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _app(module: str, order: list[str]) -> str | None:
    head = module.partition(".")[0]
    return head if head in order else None


def _exempt(module: str) -> bool:
    parts = module.split(".")
    return "tests" in parts or "migrations" in parts


def upward_edges(edges: list[Edge], order: list[str]) -> list[Edge]:
    rank = {app: i for i, app in enumerate(order)}
    out = []
    for e in edges:
        source, target = _app(e.source, order), _app(e.target, order)
        if source is None or target is None or _exempt(e.source):
            continue
        if rank[target] > rank[source]:
            out.append(e)
    return sorted(out, key=lambda e: (e.source, e.line, e.target))


def upward_imports(edges: list[Edge], order: list[str]) -> list[str]:
    return [
        f"{e.source}:{e.line} ({_app(e.source, order)}) -> {e.target} ({_app(e.target, order)})"
        f" by {e.how}"
        for e in upward_edges(edges, order)
    ]


@cache
def _project_edges() -> tuple[Edge, ...]:
    return tuple(collect_edges())


def private_names_imported(package: str) -> list[str]:
    """`from .other import _name` inside a package (tests aside): a name meant to stay
    in its file used from another one."""
    out = []
    files = project_files()
    for module, path in files.items():
        if not module.startswith(package + ".") or _exempt(module):
            continue
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        out.append(f"{module}:{node.lineno} imports {alias.name}")
    return out


# -- the rules ----------------------------------------------------------------------


def test_no_import_cycle_between_files_through_module_level_imports():
    edges = [e for e in _project_edges() if e.module_level and e.runtime and e.how == "import"]
    assert cycles(edges) == []


def test_no_new_import_cycle_through_imports_inside_functions():
    edges = [e for e in _project_edges() if e.runtime and e.how in ("import", *DYNAMIC_IMPORTERS)]
    new = [
        c
        for c in cycles(edges)
        if not any(set(c) <= known for known in KNOWN_FUNCTION_LEVEL_CYCLES)
    ]
    assert new == []


def test_no_app_imports_an_app_above_it_in_fidu_apps_order():
    order = list(settings.FIDU_APPS)
    found = upward_edges(list(_project_edges()), order)
    keys = {(e.source, e.target, e.how) for e in found}
    assert (
        upward_imports([e for e in found if (e.source, e.target, e.how) not in KNOWN_UPWARD], order)
        == []
    )
    assert sorted(set(KNOWN_UPWARD) - keys) == [], "gone: remove from KNOWN_UPWARD"


def test_the_recognition_engine_files_use_no_private_name_of_another():
    assert private_names_imported("recognition.engine") == []


# -- the checker itself, on a small made-up project ----------------------------------


def _fake_project(tmp_path: Path, sources: dict[str, str]) -> dict[str, Path]:
    files = {}
    for module, text in sources.items():
        path = tmp_path / (module.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        files[module.removesuffix(".__init__")] = path
    return files


def test_the_checker_finds_a_cycle_and_tells_module_level_from_function_level(tmp_path):
    files = _fake_project(
        tmp_path,
        {
            "low.__init__": "",
            "low.a": "from . import b\n",
            "low.b": "from .c import thing\n",
            "low.c": "def f():\n    from low.a import x\n",
            "low.d": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from low import e\n",
            "low.e": "import low.d\n",
        },
    )
    edges = collect_edges(files)
    module_level = [e for e in edges if e.module_level and e.runtime]
    assert cycles(module_level) == []
    assert cycles([e for e in edges if e.runtime]) == [["low.a", "low.b", "low.c"]]


def test_the_checker_finds_upward_imports_by_statement_string_and_model_name(tmp_path):
    files = _fake_project(
        tmp_path,
        {
            "low.__init__": "",
            "low.models": 'from django.db import models\nx = models.ForeignKey("high.Thing")\n',
            "low.services": (
                "import importlib\nfrom django.apps import apps\n"
                "def f():\n"
                '    importlib.import_module("high.steps")\n'
                '    apps.get_model("high", "Thing")\n'
                "    from high import steps\n"
            ),
            "low.tests.__init__": "",
            "low.tests.test_x": "import high.steps\n",
            "high.__init__": "",
            "high.steps": "from low import services\n",
        },
    )
    found = upward_imports(collect_edges(files), ["low", "high"])
    assert found == [
        "low.models:2 (low) -> high.Thing (high) by ForeignKey",
        "low.services:4 (low) -> high.steps (high) by import_module",
        "low.services:5 (low) -> high.Thing (high) by get_model",
        "low.services:6 (low) -> high.steps (high) by import",
    ]
