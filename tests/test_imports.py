"""Imports point one way, down the data flow, and never in a circle; heavy libraries load only when needed.

The graph is read from the source with ``ast``: every ``import`` and ``from … import``, including those
inside functions, and every ``lazy_module("moneytrail.…")`` (an import deferred to first use, see
``moneytrail/lazy.py``). Nothing is imported to build it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "moneytrail"

# The layer order, lowest first: a module may import its own layer and the layers before it, never a later one.
# Within a layer, any import is allowed as long as it closes no cycle.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("shared", ("moneytrail.errors", "moneytrail.encoding", "moneytrail.lazy", "moneytrail.reference")),
    ("sources", ("moneytrail.sources",)),
    ("store", ("moneytrail.store",)),
    ("model", ("moneytrail.model",)),
    ("claims", ("moneytrail.claims",)),
    ("library", ("moneytrail.trail", "moneytrail.watch", "moneytrail.export", "moneytrail")),
    ("web", ("moneytrail.web",)),
    ("cli", ("moneytrail.cli",)),
]


def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    out = {}
    for f in package.rglob("*.py"):
        parts = f.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module a dotted name lands in (``moneytrail.model.keys.RaceKey`` -> ``moneytrail.model.keys``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The moneytrail modules ``module`` imports, wherever the import statement sits."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            names = [f"{origin}.{a.name}" for a in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        for name in names:
            if name.split(".")[0] == "moneytrail":
                target = _resolve(name, modules)
                if target and target != module:
                    found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {m: imports_of(m, p, modules) for m, p in modules.items()}


def layer_of(module: str) -> int | None:
    best = None
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if module == p or (p != "moneytrail" and module.startswith(p + ".")):
                best = i
    return best


def backward_imports(graph: dict[str, set[str]]) -> list[str]:
    out = []
    for a, targets in sorted(graph.items()):
        for b in sorted(targets):
            la, lb = layer_of(a), layer_of(b)
            if la is not None and lb is not None and lb > la:
                out.append(f"{a} ({LAYERS[la][0]}) imports {b} ({LAYERS[lb][0]})")
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
    return found


# -- the rules on the real package ---------------------------------------------------------------

def test_the_walker_sees_imports_in_functions_and_deferred_ones():
    graph = import_graph()
    assert len(graph) > 50
    assert "moneytrail.web.app" in graph["moneytrail.cli.serve"]  # imported inside the command function
    assert "moneytrail.model.candidates" in graph["moneytrail.trail"]  # lazy_module("moneytrail.model.candidates")
    assert "moneytrail.errors" in graph["moneytrail.sources.bulk"]  # from ..errors import FileFormatError


def test_every_module_has_a_layer():
    assert [m for m in import_graph() if layer_of(m) is None] == []


def test_no_import_points_up_the_data_flow():
    assert backward_imports(import_graph()) == []


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_no_reader_imports_another():
    """sources/: one module per format; only identify.py (what is this file?) knows them all."""
    readers = {"moneytrail.sources.bulk", "moneytrail.sources.efile", "moneytrail.sources.results"}
    graph = import_graph()
    assert {r: graph[r] & readers for r in readers} == {r: set() for r in readers}


# -- the checks catch what they claim to ------------------------------------------------------------

def test_a_cycle_and_a_backward_import_are_caught():
    graph = {
        "moneytrail.sources.bulk": {"moneytrail.sources.efile"},
        "moneytrail.sources.efile": {"moneytrail.sources.results"},
        "moneytrail.sources.results": {"moneytrail.sources.bulk", "moneytrail.model.keys"},
        "moneytrail.model.keys": set(),
        "moneytrail.model.engines": {"moneytrail.export.parquet"},
        "moneytrail.export.parquet": {"moneytrail.store.store"},
        "moneytrail.store.store": set(),
    }
    assert cycles(graph) == [["moneytrail.sources.bulk", "moneytrail.sources.efile", "moneytrail.sources.results"]]
    assert backward_imports(graph) == [
        "moneytrail.model.engines (model) imports moneytrail.export.parquet (library)",
        "moneytrail.sources.results (sources) imports moneytrail.model.keys (model)",
    ]


def test_relative_imports_resolve_to_modules(tmp_path):
    pkg = tmp_path / "moneytrail"
    (pkg / "model").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "errors.py").write_text("")
    (pkg / "model" / "__init__.py").write_text("from . import keys\n")
    (pkg / "model" / "keys.py").write_text("def f():\n    from ..errors import X\n    from .. import errors\n")
    modules = module_files(pkg)
    assert imports_of("moneytrail.model.keys", modules["moneytrail.model.keys"], modules) == {"moneytrail.errors"}
    assert imports_of("moneytrail.model", modules["moneytrail.model"], modules) == {"moneytrail.model.keys"}


# -- heavy libraries load only when a command needs them --------------------------------------------

HEAVY = ("ibis", "pyarrow", "sqlglot", "pandas", "fastapi", "splink", "httpx", "followthemoney", "vl_convert")


def _loaded_after(code: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """Run ``code`` in a fresh interpreter (this checkout's src first) and list the heavy modules it loaded."""
    probe = (f"import sys\n{code}\n"
             f"print('LOADED=' + __import__('json').dumps(sorted(m for m in {watched!r} if m in sys.modules)))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    line = [x for x in out.stdout.splitlines() if x.startswith("LOADED=")][-1]
    return json.loads(line.removeprefix("LOADED="))


def test_help_imports_no_heavy_library():
    code = ("from typer.testing import CliRunner\nfrom moneytrail.cli import app\n"
            "for args in (['--help'], ['race', '--help'], ['serve', '--help'], ['donors', 'resolve', '--help']):\n"
            "    assert CliRunner().invoke(app, args).exit_code == 0, args")
    assert _loaded_after(code, HEAVY + ("duckdb", "numpy")) == []


@pytest.mark.parametrize("relative", ["fec-parse/test/data/paper1.fec", "bulk-2024-early-sandeepk97/cn24_early.txt"])
def test_ingest_does_not_load_ibis(fec_dir, tmp_path, relative):
    """Loading a filing or a bulk file needs the readers and DuckDB, not the model (issue 17: quick start-up);
    the built model is refreshed after the load unless --no-build leaves it to the first question."""
    path = fec_dir / relative
    if not path.is_file():
        pytest.skip(f"{path} not in ../shared")
    db = tmp_path / "s.duckdb"
    code = ("from typer.testing import CliRunner\nfrom moneytrail.cli import app\n"
            f"r = CliRunner().invoke(app, ['ingest', '--no-build', {str(path)!r}, '--db', {str(db)!r}])\n"
            "assert r.exit_code == 0, r.output")
    loaded = _loaded_after(code)
    assert "ibis" not in loaded and "sqlglot" not in loaded and "splink" not in loaded, loaded


def test_a_lazy_module_imports_on_first_use_and_reads_as_the_module():
    from moneytrail.lazy import lazy_module
    from moneytrail.model import networks

    assert _loaded_after("from moneytrail.lazy import lazy_module\nm = lazy_module('httpx')") == []
    assert _loaded_after("from moneytrail.lazy import lazy_module\nm = lazy_module('httpx')\nm.Client") == ["httpx"]
    lazy = lazy_module("moneytrail.model.networks")
    assert lazy.__doc__ == networks.__doc__ and lazy.direct_contributions is networks.direct_contributions
