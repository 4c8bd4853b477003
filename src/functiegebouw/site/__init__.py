"""The graph as a static Linked Data site: ``build_site(store, out)`` (the ``fgr site`` command).

A page per resource at the path of its IRI under https://w3id.org/functiegebouw/, with the same
resource as Turtle and JSON-LD beside it; compare pages; indexes and a search box; ontology
documentation; the VoID/DCAT description with whole-graph downloads; the w3id.org redirects.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from functiegebouw.site.build import SiteSummary
    from functiegebouw.sparql.base import Store


def build_site(store: Store, out: str | os.PathLike[str] = "site", **kw: Any) -> SiteSummary:
    """Generate the site from ``store`` into ``out`` (see :func:`functiegebouw.site.build.build_site`)."""
    from functiegebouw.site.build import build_site as build

    return build(store, out, **kw)
