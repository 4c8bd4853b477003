"""Compare pages: schalen of a functiegroep side by side, and two functiegroepen of one
functiefamilie side by side, both made by :mod:`functiegebouw.compare` (``compare(…)`` and
``compare_functiegroepen(…)``, rendered with ``render(…, "html", lang="nl")``), so the site shows
what ``fgr compare`` prints."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from functiegebouw import compare as cmp
from functiegebouw.errors import FgrError
from functiegebouw.site.html import link, shell
from functiegebouw.site.pages import compare_file, compare_sets, pair_file
from functiegebouw.sparql.results import Result

if TYPE_CHECKING:
    from functiegebouw.site.model import Functiegroep
    from functiegebouw.site.pages import Site
    from functiegebouw.sparql.base import Store

# The named queries compare.py runs per functiegroep. Their parameters are projected columns that
# the binding only restricts (no value depends on which rows are bound), so one run over the whole
# graph, filtered per call, gives the same rows: a site of 61 functiegroepen then runs each once,
# not once per comparison (tests/site/test_build.py holds that the rows are equal).
FILTERABLE = ("schalen-per-functiegroep", "functietyperingen", "kwaliteitenprofielen",
              "salaris-per-schaal", "fuwasys-per-schaal", "resultaten-per-gebied", "competenties")


class Prefetched:
    """A store that answers the FILTERABLE queries from one unbound run each, its rows grouped by
    functiegroep (every call names one or several). After :meth:`prefetch` it answers without the
    store, so forked workers of the site build never touch it."""

    def __init__(self, store: Store) -> None:
        self.store: Store | None = store
        # query name -> (its columns, {functiegroep: [(row, terms)]})
        self._cache: dict[str, tuple[list[str], dict[Any, list[tuple[Any, Any]]]]] = {}

    def prefetch(self) -> Prefetched:
        """Run every FILTERABLE query now; afterwards a query outside them is an error."""
        for name in FILTERABLE:
            self._fetch(name)
        self.store = None
        return self

    def _fetch(self, name: str) -> tuple[list[str], dict[Any, list[tuple[Any, Any]]]]:
        if name not in self._cache:
            if self.store is None:
                raise RuntimeError(f"query {name!r} was not prefetched for the site")
            whole = self.store.query(name)
            column = whole.columns.index("functiegroep")
            groups: dict[Any, list[tuple[Any, Any]]] = {}
            for row, terms in zip(whole.rows, whole.terms, strict=True):
                groups.setdefault(row[column], []).append((row, terms))
            self._cache[name] = (whole.columns, groups)
        return self._cache[name]

    def query(self, query: str, params: dict[str, Any] | None = None, **kw: Any) -> Result:
        params = dict(params or {})
        wanted = params.get("functiegroep")
        wanted = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        if query not in FILTERABLE or kw or not all(isinstance(g, int) for g in wanted):
            if self.store is None:
                raise RuntimeError(f"query {query!r} {params} was not prefetched for the site")
            answer: Result = self.store.query(query, params, **kw)
            return answer
        columns, groups = self._fetch(query)
        del params["functiegroep"]
        rows = [r for g in sorted(set(wanted)) for r in groups.get(g, [])]
        tests = []
        for name, value in params.items():
            values = set(value) if isinstance(value, (list, tuple, set)) else {value}
            tests.append((columns.index(name), {int(v) if isinstance(v, str) and v.isdigit() else v for v in values}))
        return Result(columns, [terms for row, terms in rows if all(row[i] in vs for i, vs in tests)])


def _page(site: Site, iri: str) -> str:
    """The site file of a functiegroep (every functiegroep the site compares has its page)."""
    file = site.file_of(iri)
    if file is None:
        raise FgrError(None, None, f"{iri} has no page on the site")
    return file


def _body(comparison: cmp.Comparison, intro: str) -> str:
    """The body of the page that ``compare.render`` writes, with ``intro`` below its heading."""
    document = cmp.render(comparison, "html", lang="nl")
    body = document[document.index("<body>") + len("<body>"):document.rindex("</body>")].strip()
    cut = body.index("</h1>") + len("</h1>")
    return body[:cut] + "\n" + intro + body[cut:]


def schaal_pages(site: Site, store: Store | Prefetched, groepen: Iterable[int] | None = None) -> dict[str, str]:
    """{site file: HTML} of every comparison of adjacent schalen and of the whole range (of the
    functiegroepen ``groepen``, FGR ids; default all). ``store``: best a :class:`Prefetched` one."""
    out = {}
    fast = store if isinstance(store, Prefetched) else Prefetched(store)
    for g in (site.data.groepen[i] for i in (groepen or site.data.groepen)):
        for kind, have in (("functietyperingen", sorted(g.typeringen)), ("kwaliteitenprofielen", sorted(g.profielen))):
            for schalen in compare_sets(have):
                file = compare_file(g.id, schalen, kind)
                comparison = cmp.compare(fast, g.id, schalen, kind)
                intro = f"<p>Terug naar {link(file, _page(site, g.iri), f'{g.id} {g.naam}')}.</p>"
                title = f"{g.naam}: {kind} schaal " + ", ".join(map(str, schalen))
                out[file] = shell(file, title, _body(comparison, intro), crumbs=[
                    ("index.html", "Start"), (_page(site, g.iri), g.naam)])
    return out


def pairs(site: Site) -> list[tuple[Functiegroep, Functiegroep]]:
    """The pairs of functiegroepen the site compares: neighbours on a family's ladder
    (:mod:`functiegebouw.site.neighbours`), in FGR order; linear in the number of groups."""
    return site.pairs


def pair_pages(site: Site, store: Store | Prefetched, groepen: Iterable[int] | None = None) -> dict[str, str]:
    """{site file: HTML} of two neighbouring functiegroepen of one functiefamilie side by side (the pairs whose
    first member is in ``groepen``, FGR ids; default all): ``compare_functiegroepen``, kernprofiel
    per resultaatgebied, competenties and the functietyperingen of the schalen both have."""
    out = {}
    fast = store if isinstance(store, Prefetched) else Prefetched(store)
    wanted = set(groepen or site.data.groepen)
    for a, b in pairs(site):
        if a.id not in wanted:
            continue
        file = pair_file(a.id, b.id)
        comparison = cmp.compare_functiegroepen(fast, [a.id, b.id])
        intro = (f"<p>{link(file, _page(site, a.iri), f'{a.id} {a.naam}')} en "
                 f"{link(file, _page(site, b.iri), f'{b.id} {b.naam}')}, beide in functiefamilie "
                 f"{site.ref(file, a.familie or '')}. Uitspraken die bijna gelijk zijn, staan op één regel; "
                 "de verschillende woorden zijn gemarkeerd.</p>")
        out[file] = shell(file, f"{a.naam} en {b.naam}", _body(comparison, intro), crumbs=[
            ("index.html", "Start"), (_page(site, a.iri), a.naam)])
    return out
