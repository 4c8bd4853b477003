"""What a graph says apart from provenance: for tests that read one profile from two forms of its pages
(a select-all copy and a clean copy, an HTML page and its text copy, a fetch and a build)."""
from __future__ import annotations

import re

_BRON = re.compile(r"/bron/[^/\s>]+")
# provenance: where a line was in which file, the file's name, bytes, format, retrieval and address
_PROVENANCE = ("def#sourceLine", "/terms/identifier", "/terms/format", "spdx.org/rdf/terms#checksumValue",
               "pav/retrievedOn", "pav/retrievedFrom", "schema.org/url")


def content(graph) -> set[tuple[str, str, str]]:
    """The triples of ``graph`` without provenance; source documents all called ``/bron/X``."""
    out = set()
    for s, p, o in graph:
        if any(p.endswith(x) or x in str(p) for x in _PROVENANCE):
            continue
        out.add((_BRON.sub("/bron/X", str(s)), str(p), _BRON.sub("/bron/X", str(o))))
    return out
