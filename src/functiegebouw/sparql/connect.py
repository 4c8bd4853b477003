"""``functiegebouw.open()``: the embedded store or a remote endpoint, behind one interface.

The factory lives here, above both backends, so that neither imports the other.
"""
from __future__ import annotations

import os

from functiegebouw.errors import FgrError
from functiegebouw.sparql.base import Data, Store


def open(data: Data = None, *, endpoint: str | None = None, update_endpoint: str | None = None,
         graph: str | None = None, timeout: float | tuple[float, float] = (10.0, 120.0),
         store_dir: str | os.PathLike[str] | None = None, ontology: bool = True,
         retries: int = 3, max_bytes: int | None = None, max_rows: int | None = None,
         allow_service: bool = False, memory: bool = False) -> Store:
    """Open the graph: embedded over ``data`` (default: the project's data/), or ``endpoint``.

    ``data`` is a folder, a file, or a list of them. ``endpoint`` is a SPARQL 1.1 query URL
    (an Oxigraph server's root URL also works); ``graph`` makes a named graph the default graph
    of every remote query. ``timeout`` is seconds, or (connect, total): the total covers the
    whole call, answer included. ``max_bytes`` caps a remote answer (default 1 GiB), ``max_rows``
    the rows a result holds (default 1,000,000). ``allow_service`` lets SERVICE clauses (and an
    update's LOAD) reach other endpoints: refused by default, in the embedded store and before
    anything is sent to a remote one (whose server would otherwise fetch them).
    """
    if endpoint:
        if data is not None:
            raise FgrError("open", None, "give either data or an endpoint, not both")
        from functiegebouw.sparql.remote import RemoteStore

        from functiegebouw.sparql.http import DEFAULT_MAX_BYTES

        return RemoteStore(endpoint, update_endpoint=update_endpoint, graph=graph, timeout=timeout, retries=retries,
                           max_bytes=max_bytes or DEFAULT_MAX_BYTES, max_rows=max_rows, allow_service=allow_service)
    if graph is not None:
        raise FgrError("open", None, "graph= is for remote endpoints; the embedded store uses the default graph")
    from functiegebouw.sparql.store import EmbeddedStore

    return EmbeddedStore(data, store_dir=store_dir, ontology=ontology, max_rows=max_rows,
                         allow_service=allow_service, memory=memory)
