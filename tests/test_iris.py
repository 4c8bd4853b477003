"""One module spells out the namespace IRIs (functiegebouw/rdf/iris.py): every other module takes them
from there, so that no two modules can disagree on one. A string in src/ that starts with one of its
namespaces (a namespace, or a term written out in full) fails here."""
from __future__ import annotations

import ast

from functiegebouw.rdf import iris, namespaces
from support import ROOT

PACKAGE = ROOT / "src" / "functiegebouw"


def namespace_iris() -> dict[str, str]:
    """iris.py's namespaces (its constants that end in # or /): name -> IRI."""
    return {name: value for name, value in vars(iris).items()
            if name.isupper() and isinstance(value, str) and value.endswith(("#", "/"))}


def spelled_out(source: str, filename: str, spaces: tuple[str, ...]) -> list[str]:
    """'file:line: string' for each string constant (f-string parts included) that starts with one of ``spaces``."""
    return [f"{filename}:{node.lineno}: {node.value[:80]!r}" for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(spaces)]


def test_no_module_but_iris_spells_out_a_namespace_iri():
    spaces = tuple(namespace_iris().values())
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != PACKAGE / "rdf" / "iris.py":
            found += spelled_out(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), spaces)
    assert not found, "take these from functiegebouw.rdf.iris:\n" + "\n".join(found)


def test_the_check_finds_a_redeclared_namespace_and_a_term_written_out():
    spaces = tuple(namespace_iris().values())
    source = ('SKOS = "http://www.w3.org/2004/02/skos/core#"\n'
              'TYPE = f"{x}" + "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"\n'
              'Q = f"<https://w3id.org/functiegebouw/def#{c}>"\n'  # inside a query text: the query's business
              'OK = iris.SKOS + "prefLabel"\n')
    assert spelled_out(source, "m.py", spaces) == [
        "m.py:1: 'http://www.w3.org/2004/02/skos/core#'",
        "m.py:2: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'"]


def test_the_rdflib_namespaces_are_the_same_iris():
    given = namespace_iris()
    for prefix, namespace in namespaces.PREFIXES.items():
        name = {"dct": "DCT", "id": "ID"}.get(prefix, prefix.upper())
        if name in given:
            assert str(namespace) == given[name], prefix
    assert {"FGR", "ID", "RDF", "RDFS", "OWL", "XSD", "SKOS", "SH", "DCT", "ESCO", "SCHEMA"} <= set(given)
