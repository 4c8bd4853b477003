"""functiegebouw: a knowledge graph of the Functiegebouw Rijksoverheid (FGR).

The public API, imported lazily so that ``import functiegebouw`` (and ``fgr --help``) stays cheap:

- ``convert(source)``, ``build(data_dir)``: FGR text -> graph -> file (``functiegebouw.convert``);
- ``render(graph)``: a graph back to FGR text (``functiegebouw.render``);
- ``validate(paths)``: the SHACL shapes (``functiegebouw.validation``);
- ``open(data | endpoint=...)`` -> ``Store``: named SPARQL queries, embedded or remote;
- ``compare(store, functiegroep, schalen)``: schalen side by side (``functiegebouw.compare``);
- ``load_graph(paths)``: the one way to read RDF files into an rdflib graph;
- ``FgrError``: what bad input raises (file, line, message).

``convert``, ``render`` and ``compare`` are modules that can be called as their main function, so
``functiegebouw.compare.compare_typeringen`` and ``functiegebouw.compare(...)`` both work, whatever
was imported first.
"""
from __future__ import annotations

# typing only for annotations: every `fgr` process imports this package (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_API = {
    "convert": ("functiegebouw.convert", None),
    "render": ("functiegebouw.render", None),
    "compare": ("functiegebouw.compare", None),
    "build": ("functiegebouw.convert", "build"),
    "load_graph": ("functiegebouw.rdf.load", "load_graph"),
    "validate": ("functiegebouw.validation", "validate"),
    "FgrError": ("functiegebouw.errors", "FgrError"),
    "open": ("functiegebouw.sparql.connect", "open"),
    "Store": ("functiegebouw.sparql.base", "Store"),
}


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        module, attr = _API[name]
        found = importlib.import_module(module)
        return found if attr is None else getattr(found, attr)
    raise AttributeError(f"module 'functiegebouw' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext functiegebouw``: enables the ``%%sparql`` cell magic (see functiegebouw.sparql.magic)."""
    from functiegebouw.sparql.magic import load_ipython_extension as load

    load(ipython)


__all__ = sorted(_API)
