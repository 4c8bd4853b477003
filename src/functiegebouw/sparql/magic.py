"""IPython extension: ``%load_ext functiegebouw`` enables the ``%%sparql`` cell magic.

::

    %%sparql                      # runs on functiegebouw.open() (the project's data)
    SELECT ?s WHERE { ?s a <https://w3id.org/functiegebouw/def#JobGroup> }

    %sparql fuwasys-per-schaal functiegroep=527      # a named query with parameters (line magic)

Options: ``--data PATH``, ``--endpoint URL``, ``--out NAME`` (also store the DataFrame in the
user namespace), ``--allow-service`` (let SERVICE clauses reach other endpoints; refused by
default, also before anything is sent to a remote endpoint). The cell returns a pandas
DataFrame; one store per data/endpoint is kept open.
"""
from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from functiegebouw.sparql.base import Store

_STORES: dict[tuple[str | None, str | None, bool], Store] = {}


class Options(TypedDict):
    """The options of the magic's line (a dict, as parse_line has always given them)."""

    data: str | None
    endpoint: str | None
    out: str | None
    allow_service: bool


def _store(data: str | None, endpoint: str | None, allow_service: bool = False) -> Store:
    from functiegebouw.sparql.connect import open as open_store

    key = (data, endpoint, allow_service)
    if key not in _STORES:
        _STORES[key] = open_store(data, endpoint=endpoint, allow_service=allow_service)
    return _STORES[key]


def parse_line(line: str) -> tuple[Options, str | None, dict[str, str | list[str]]]:
    """``(options, query name or None, params)`` from the magic's line."""
    options: Options = {"data": None, "endpoint": None, "out": None, "allow_service": False}
    name: str | None = None
    params: dict[str, list[str]] = {}
    try:
        words = shlex.split(line)
    except ValueError as exc:  # an unbalanced quote
        raise ValueError(f"{exc}: close the quote, e.g. competentie=\"plannen en organiseren\"") from None
    i, last = 0, None
    while i < len(words):
        word = words[i]
        if word == "--allow-service":
            options["allow_service"] = True
            i += 1
            continue
        if word in ("--data", "--endpoint", "--out"):
            if i + 1 >= len(words):
                raise ValueError(f"{word} needs a value")
            value = words[i + 1]
            if word == "--data":
                options["data"] = value
            elif word == "--endpoint":
                options["endpoint"] = value
            else:
                options["out"] = value
            i += 2
            continue
        if "=" in word:
            key, value = word.split("=", 1)
            params.setdefault(key, []).append(value)
            last = (key, value)
        elif name is None:
            name = word
        elif last is not None:
            # ``competentie=plannen en organiseren``: the value was cut at the first space
            key, value = last
            raise ValueError(f"unexpected {word!r} after {key}={value}: quote a value with spaces, "
                             f"e.g. {key}=\"{value} {word} …\"")
        else:
            raise ValueError(f"unexpected {word!r}: give one query name and NAME=VALUE parameters")
        i += 1
    return options, name, {k: v[0] if len(v) == 1 else v for k, v in params.items()}


def sparql(line: str, cell: str | None = None) -> Any:  # a pandas DataFrame
    """Run the cell's SPARQL (or the named query on the line) and return a DataFrame."""
    from functiegebouw.errors import FgrError

    try:
        options, name, params = parse_line(line or "")
    except ValueError as exc:
        raise FgrError(None, None, f"%%sparql: {exc}") from None
    text = cell if cell and cell.strip() else name
    if not text:
        raise FgrError(None, None, "%%sparql: give SPARQL in the cell or a query name on the line")
    if cell and cell.strip() and name:
        raise FgrError(None, None, "%%sparql: give either a query name or SPARQL in the cell, not both")
    result = _store(options["data"], options["endpoint"], options["allow_service"]).query(text, params, lexical=True)
    frame = result.to_dataframe() if hasattr(result, "to_dataframe") else result
    if options["out"]:
        from IPython import get_ipython

        get_ipython().user_ns[options["out"]] = frame
    return frame


def load_ipython_extension(ipython: Any) -> None:
    ipython.register_magic_function(sparql, magic_kind="line_cell", magic_name="sparql")
