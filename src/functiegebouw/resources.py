"""Where the project's own files are: the repository's folders in a checkout, else the copies shipped
inside the installed package (``functiegebouw/_resources/``, read with importlib.resources).

Names are the repository's paths: ``ontology``, ``queries``, ``data``, ``data/reference``,
``data/vocab``, ``data/mappings``.
"""
from __future__ import annotations

import os

from functiegebouw.records import cached

# pathlib (with urllib.parse, ipaddress, fnmatch: ~5 ms) only for annotations and where a Path is handed
# out: `fgr query` finds its folders as text (resource_path) (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# the checkout's root as text: Path(__file__).resolve().parents[2]
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def __getattr__(name: str) -> Path:
    """``PROJECT_ROOT`` (the checkout's root, a Path), made on first use."""
    if name == "PROJECT_ROOT":
        from pathlib import Path

        return Path(_ROOT)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cached(maxsize=1)  # three stats: once per process, not once per query
def in_checkout() -> bool:
    """True when running from the repository (an editable install or ``PYTHONPATH=src``)."""
    return os.path.isfile(os.path.join(_ROOT, "pyproject.toml")) and os.path.isdir(os.path.join(_ROOT, "ontology")) \
        and os.path.isdir(os.path.join(_ROOT, "src", "functiegebouw"))


@cached(maxsize=64)
def resource_path(name: str) -> str:
    """The folder ``name`` of the project (``ontology``, ``data/vocab``, …) as text: ``str(resource(name))``."""
    if in_checkout():
        return os.path.join(_ROOT, *name.split("/"))
    from importlib.resources import files

    # a wheel installs as plain files, so the Traversable is a real path
    return os.path.join(str(files("functiegebouw._resources")), *name.split("/"))


def resource(name: str) -> Path:
    """The folder ``name`` of the project (``ontology``, ``data/vocab``, …)."""
    from pathlib import Path

    return Path(resource_path(name))


def data_path(name: str = "data") -> Path:
    """``name`` (``data``, ``data/vocab``, ``data/mappings``) of the working folder when it has one,
    else the project's own: the default of every command that reads the project's data, so that
    ``fgr validate`` or ``fgr link check`` work from an empty folder with the wheel installed."""
    from pathlib import Path

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
