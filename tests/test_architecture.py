"""The shape of the source tree: one stage per folder, data flowing one way.

read (``docx/``) -> answers (``answers/``) -> writers (``writers/``) -> ``run.py`` -> ``cli.py``;
``model.py`` and ``i18n.py`` are shared, ``speed/`` holds the speed tricks. These tests read the
source with ``ast`` and hold every module to the rules ARCHITECTURE.md states.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "docxmerge"

# What each stage may import from docxmerge (by module-name prefix). Standard library and
# third-party imports are not restricted here, except lxml and python-docx (below).
ALLOWED: dict[str, tuple[str, ...]] = {
    "docxmerge.speed": ("docxmerge.model", "docxmerge.speed"),
    "docxmerge.model": ("docxmerge.speed.frozen",),
    "docxmerge.i18n": ("docxmerge.model",),
    "docxmerge.docx": ("docxmerge.model", "docxmerge.docx"),
    "docxmerge.answers": ("docxmerge.model", "docxmerge.answers"),
    "docxmerge.writers": (
        "docxmerge.model",
        "docxmerge.i18n",
        "docxmerge.writers",
        "docxmerge.answers.tally",
        "docxmerge.answers.chase",  # whom to chase: the chase sheet and the reminder drafts
        "docxmerge.docx.package",  # the report opens the template through its safety checks
    ),
    "docxmerge.explain": ("docxmerge.model", "docxmerge.i18n"),
    "docxmerge.run": (
        "docxmerge.model",
        "docxmerge.i18n",
        "docxmerge.docx",
        "docxmerge.answers",
        "docxmerge.writers",
        "docxmerge.speed",
        "docxmerge.workers",
    ),
    "docxmerge.workers": (),  # the reader processes' lifetime: standard library only
    "docxmerge.console": ("docxmerge",),  # the command line's terminal output
    "docxmerge.cli": ("docxmerge",),
    "docxmerge.__main__": ("docxmerge.cli",),
    "docxmerge": (),  # __init__
}
# Only the reading stage (and the report writer, which builds on the template's styles) may
# work with XML libraries.
XML_LIBRARIES = ("lxml", "docx", "xml")
XML_ALLOWED = ("docxmerge.docx", "docxmerge.writers.report", "docxmerge.writers.report_parts")
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, ast.Module]:
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def imports(tree: ast.Module) -> list[tuple[str, int]]:
    """Every imported module name (absolute) with its line; relative imports as "."."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.append((".", node.lineno))
                continue
            base = node.module or ""
            # "from docxmerge.answers import tally" imports docxmerge.answers.tally, and of the
            # package only its (docstring-only) __init__
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            inside = [name for name in submodules if _is_module(name)]
            found += [(name, node.lineno) for name in inside]
            if len(inside) < len(submodules):
                found.append((base, node.lineno))
    return found


def _is_module(name: str) -> bool:
    path = SRC / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def stage_of(name: str) -> str:
    """The most specific key of ALLOWED that ``name`` falls under."""
    keys = [key for key in ALLOWED if name == key or name.startswith(key + ".")]
    return max(keys, key=len)


def is_within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_every_module_has_a_docstring() -> None:
    missing = [name for name, tree in modules().items() if not ast.get_docstring(tree)]
    assert missing == []


def test_one_import_style_absolute() -> None:
    relative = [
        f"{name}:{line}"
        for name, tree in modules().items()
        for imported, line in imports(tree)
        if imported == "."
    ]
    assert relative == []


def test_each_stage_imports_only_what_it_may() -> None:
    known = set(modules())
    wrong = []
    for name, tree in modules().items():
        allowed = ALLOWED[stage_of(name)]
        for imported, line in imports(tree):
            if not imported.startswith("docxmerge") or imported not in known:
                continue  # another package, or a name imported from a module
            if imported == name or is_within(imported, allowed):
                continue
            wrong.append(f"{name}:{line} imports {imported}")
    assert wrong == []


def test_only_the_reader_and_the_report_touch_xml() -> None:
    wrong = [
        f"{name}:{line} imports {imported}"
        for name, tree in modules().items()
        for imported, line in imports(tree)
        if imported.split(".")[0] in XML_LIBRARIES and not is_within(name, XML_ALLOWED)
    ]
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = {
        name: {i for i, _ in imports(tree) if i in modules() and i != name}
        for name, tree in modules().items()
    }
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def _only_docstring(tree: ast.Module) -> bool:
    body = [n for n in tree.body if not isinstance(n, ast.ImportFrom | ast.Import)]
    return (len(body) == 1 and isinstance(body[0], ast.Expr)) or not body


def test_stage_packages_hold_only_their_docstring() -> None:
    for name in ("docxmerge.docx", "docxmerge.answers", "docxmerge.writers", "docxmerge.speed"):
        tree = modules()[name]
        assert ast.get_docstring(tree)
        assert _only_docstring(tree), name


def test_library_code_never_prints() -> None:
    printing = [
        f"{name}:{node.lineno}"
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
        and name not in ("docxmerge.cli", "docxmerge.speed.quick_exit")
    ]
    assert printing == []


def test_functions_fit_on_one_screen() -> None:
    long = [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_the_checks_see_the_pipeline() -> None:
    """The rules above are checked on real imports: the run's own are found."""
    of_run = {name for name, _ in imports(modules()["docxmerge.run"])}
    assert {"docxmerge.answers.form", "docxmerge.docx.reader", "docxmerge.writers.report"} <= of_run
    assert "docxmerge.answers.respondents" in of_run  # from docxmerge.answers import respondents
    assert stage_of("docxmerge.writers.report") == "docxmerge.writers"
    assert stage_of("docxmerge.model") == "docxmerge.model"
