"""Where the project's own files are: the repository's folders in a checkout, else the copies shipped
inside the installed package (``functiegebouw/_resources/``, read with importlib.resources).

Names are the repository's paths: ``ontology``, ``queries``, ``data``, ``data/reference``,
``data/vocab``, ``data/mappings``.
"""
from __future__ import annotations

import functools
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@functools.lru_cache(maxsize=1)  # three stats: once per process, not once per query
def in_checkout() -> bool:
    """True when running from the repository (an editable install or ``PYTHONPATH=src``)."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "ontology").is_dir() \
        and (PROJECT_ROOT / "src" / "functiegebouw").is_dir()


@functools.lru_cache(maxsize=64)
def resource(name: str) -> Path:
    """The folder ``name`` of the project (``ontology``, ``data/vocab``, …)."""
    if in_checkout():
        return PROJECT_ROOT / name
    from importlib.resources import files

    # a wheel installs as plain files, so the Traversable is a real path
    return Path(str(files("functiegebouw._resources"))).joinpath(*Path(name).parts)


def data_path(name: str = "data") -> Path:
    """``name`` (``data``, ``data/vocab``, ``data/mappings``) of the working folder when it has one,
    else the project's own: the default of every command that reads the project's data, so that
    ``fgr validate`` or ``fgr link check`` work from an empty folder with the wheel installed."""
    here = Path(name)
    return here if here.exists() else resource(name)


def shipped_files() -> list[Path]:
    """What every store and every validation has besides the user's data: reference data and
    vocabularies (the ontology is added separately, as it can be switched off)."""
    out: list[Path] = []
    for name in ("data/reference", "data/vocab"):
        folder = resource(name)
        if folder.is_dir():
            out.extend(sorted(p for p in folder.glob("*.ttl") if p.is_file()))
    return out
