"""functiegebouw: a knowledge graph of the Functiegebouw Rijksoverheid (FGR).

The public API is imported lazily so that ``import functiegebouw`` stays cheap.
"""
from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "convert": ("functiegebouw.convert", "convert"),
    "build": ("functiegebouw.convert", "build"),
    "render": ("functiegebouw.render", "render"),
    "load_graph": ("functiegebouw.load", "load_graph"),
    "validate": ("functiegebouw.validation", "validate"),
    "FgrError": ("functiegebouw.errors", "FgrError"),
    "open": ("functiegebouw.store", "open"),
}


def __getattr__(name):
    if name in _API:
        import importlib

        module, attr = _API[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'functiegebouw' has no attribute {name!r}")


def load_ipython_extension(ipython):
    """``%load_ext functiegebouw``: enables the ``%%sparql`` cell magic (see functiegebouw.magic)."""
    from .magic import load_ipython_extension as load

    load(ipython)


__all__ = sorted(_API)
