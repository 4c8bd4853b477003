"""The package's shape: dependencies run one way (cli -> API -> sparql/validation/links -> rdf -> source)
and no module imports itself back through others. Imports inside functions count too: a lazy import
is still a dependency."""
from __future__ import annotations

import ast
import pkgutil
import sys
import subprocess

import pytest

import functiegebouw
from support import ROOT

PACKAGE = ROOT / "src" / "functiegebouw"

# Lower number = lower layer. A module may import its own layer's package and any lower layer.
LAYERS = {
    "errors": 0, "records": 0, "_callable": 0, "i18n": 0, "resources": 0, "_resources": 0, "progress": 0, "terminal": 0, "process": 0,
    "source": 1,
    "rdf": 2,
    "sparql": 3, "validation": 3, "links": 3, "fetch": 3,
    "convert": 4, "render": 4, "compare": 4, "diff": 4, "catalogue": 4, "site": 4, "__init__": 4, "__main__": 5,
    "cli": 5,
}
# Peers in layer 3 do not import each other: each is usable without the others.
PEERS = {"sparql", "validation", "links"}


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(["functiegebouw", *parts])] = ast.parse(path.read_text(), str(path))
    return out


def imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """Modules of the package that ``name`` imports (absolute or relative, anywhere in the file)."""
    is_pkg = (PACKAGE / "/".join(name.split(".")[1:]) / "__init__.py").exists()
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for target in targets:
            # the longest known module that the target names (``from a.b import c`` may import a.b.c)
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, tree, set(mods)) for name, tree in mods.items()}


def test_every_module_has_a_layer(graph):
    assert {top(m) for m in graph} <= set(LAYERS), sorted({top(m) for m in graph} - set(LAYERS))


def test_dependencies_run_one_way(graph):
    wrong = []
    for module, targets in graph.items():
        for target in targets:
            a, b = top(module), top(target)
            if target == "functiegebouw" and a != "__init__":
                wrong.append(f"{module} imports the package itself (use the module that defines the name)")
            elif LAYERS[b] > LAYERS[a]:
                wrong.append(f"{module} (layer {LAYERS[a]}) imports {target} (layer {LAYERS[b]})")
            elif a in PEERS and b in PEERS and a != b:
                wrong.append(f"{module} imports its peer {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle(graph):
    # Tarjan-free: depth-first search with colours, reporting the first cycle found.
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(node):
        colour[node] = GREY
        stack.append(node)
        for nxt in sorted(graph[node]):
            # a package's __init__ importing its own submodules is not a cycle of the submodule
            if nxt not in graph:
                continue
            if colour[nxt] == GREY:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            if colour[nxt] == WHITE:
                visit(nxt)
        stack.pop()
        colour[node] = BLACK

    for node in sorted(graph):
        if colour[node] == WHITE:
            visit(node)


def test_layer_check_sees_a_planted_cycle():
    """The checker itself: a cycle and an upward import in a fake module tree are found."""
    fake = {"functiegebouw.rdf.a": {"functiegebouw.rdf.b"}, "functiegebouw.rdf.b": {"functiegebouw.rdf.a"}}
    with pytest.raises(AssertionError, match="import cycle"):
        test_no_import_cycle(fake)
    with pytest.raises(AssertionError, match="imports functiegebouw.cli.main"):
        test_dependencies_run_one_way({"functiegebouw.rdf.a": {"functiegebouw.cli.main"}, "functiegebouw.cli.main": set()})
    with pytest.raises(AssertionError, match="imports its peer"):
        test_dependencies_run_one_way({"functiegebouw.links.x": {"functiegebouw.sparql.y"}, "functiegebouw.sparql.y": set()})


def test_every_module_imports_on_its_own():
    """Each module imports in a fresh interpreter, without relying on another having been imported first."""
    names = sorted(m.name for m in pkgutil.walk_packages(functiegebouw.__path__, "functiegebouw.")
                   if not m.name.endswith("__main__"))
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    for name in names:
        proc = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True)
        assert proc.returncode == 0, f"{name}: {proc.stderr[-500:]}"


def test_public_api():
    """The names the README promises, whatever was imported first (a submodule bound on the package
    must not hide the function of the same name)."""
    code = """
import functiegebouw.convert, functiegebouw.render, functiegebouw.compare, functiegebouw.validation
import functiegebouw as f
assert set(f.__all__) >= {"convert", "render", "validate", "open", "compare", "Store", "FgrError"}
conv = f.convert(sys.argv[1])
assert type(conv).__name__ == "Conversion"
assert f.render(conv.graph).splitlines()[0] == "Resultaten"
assert f.convert.build is f.build and f.compare.compare_typeringen
assert f.validate is f.validation.shacl.validate
assert issubclass(f.FgrError, Exception) and isinstance(f.Store, type)
"""
    seed = ROOT / "tests" / "fixtures" / "variants" / "base.txt"
    proc = subprocess.run([sys.executable, "-c", "import sys\n" + code, str(seed)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-800:]


def test_readme_compare_call_after_a_plain_import(fgr_data, tmp_path):
    """Issue 14: ``import functiegebouw; functiegebouw.compare.compare_typeringen(...)`` (the README's call)
    raised AttributeError; in a fresh interpreter, with nothing else imported first, it works."""
    code = ("import sys, functiegebouw\n"
            "store = functiegebouw.open(sys.argv[1], store_dir=sys.argv[2])\n"
            "c = functiegebouw.compare.compare_typeringen(store, 527, [6, 7])\n"
            "print(c.functiegroep, c.schalen, type(functiegebouw.compare(store, 527, [6, 7])).__name__)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(fgr_data), str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-800:]
    assert proc.stdout == "527 [6, 7] Comparison\n"
