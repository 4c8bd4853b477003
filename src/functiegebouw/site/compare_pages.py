"""Compare pages: schalen of a functiegroep side by side (``compare.render(…, "html")``) and two
functiegroepen of one functiefamilie side by side."""
from __future__ import annotations

from functiegebouw import compare as cmp
from functiegebouw.site.html import e, link, shell
from functiegebouw.site.pages import compare_file, compare_sets, pair_file
from functiegebouw.sparql.results import Result

# The named queries compare.py runs per functiegroep. Their parameters are projected columns that
# the binding only restricts (no value depends on which rows are bound), so one run over the whole
# graph, filtered per call, gives the same rows: a site of 61 functiegroepen then runs each once,
# not once per comparison (tests/site/test_compare_pages.py holds that the rows are equal).
FILTERABLE = ("schalen-per-functiegroep", "functietyperingen", "kwaliteitenprofielen",
              "salaris-per-schaal", "fuwasys-per-schaal")


class Prefetched:
    """A store that answers the FILTERABLE queries from one unbound run each, its rows grouped by
    functiegroep (every call names one)."""

    def __init__(self, store):
        self.store = store
        self._cache: dict[str, tuple[list[str], dict]] = {}

    def query(self, query, params: dict | None = None, **kw):
        params = dict(params or {})
        if query not in FILTERABLE or kw or not isinstance(params.get("functiegroep"), int):
            return self.store.query(query, params, **kw)
        if query not in self._cache:
            whole = self.store.query(query)
            column = whole.columns.index("functiegroep")
            groups: dict = {}
            for row, terms in zip(whole.rows, whole.terms):
                groups.setdefault(row[column], []).append((row, terms))
            self._cache[query] = (whole.columns, groups)
        columns, groups = self._cache[query]
        rows = groups.get(params.pop("functiegroep"), [])
        tests = []
        for name, value in params.items():
            values = set(value) if isinstance(value, (list, tuple, set)) else {value}
            tests.append((columns.index(name), {int(v) if isinstance(v, str) and v.isdigit() else v for v in values}))
        return Result(columns, [terms for row, terms in rows if all(row[i] in vs for i, vs in tests)])


def _body(document: str) -> str:
    """The body of a whole HTML page that compare.render wrote."""
    start = document.index("<body>") + len("<body>")
    return document[start:document.rindex("</body>")].strip()


def schaal_pages(site, store) -> dict[str, str]:
    """{site file: HTML} of every comparison of adjacent schalen and of the whole range."""
    out = {}
    fast = Prefetched(store)
    for g in site.data.groepen.values():
        for kind, have in (("functietyperingen", sorted(g.typeringen)), ("kwaliteitenprofielen", sorted(g.profielen))):
            for schalen in compare_sets(have):
                file = compare_file(g.id, schalen, kind)
                comparison = cmp.compare(fast, g.id, schalen, kind)
                body = _body(cmp.render(comparison, "html", lang="nl"))
                intro = f"<p>Terug naar {link(file, site.file_of(g.iri), f'{g.id} {g.naam}')}.</p>"
                title = f"{g.naam}: {kind} schaal " + ", ".join(map(str, schalen))
                out[file] = shell(file, title, intro + "\n" + body, crumbs=[
                    ("index.html", "Start"), (site.file_of(g.iri), g.naam)])
    return out


def _marked(old: str, new: str) -> tuple[str, str]:
    """Both texts with the words the other lacks marked (<del> in the first, <ins> in the second)."""
    left, right = [], []
    for op, words in cmp.word_diff(old, new):
        if op == "=":
            left.append(e(words))
            right.append(e(words))
        elif op == "-":
            left.append(f"<del>{e(words)}</del>")
        else:
            right.append(f"<ins>{e(words)}</ins>")
    return " ".join(left), " ".join(right)


def _aligned_table(caption: str, a_name: str, b_name: str, a_texts: list[str], b_texts: list[str]) -> str:
    rows = cmp.align([[cmp.Cell(0, i, t) for i, t in enumerate(a_texts, 1)],
                      [cmp.Cell(1, i, t) for i, t in enumerate(b_texts, 1)]])
    labels = {"same": "gelijk", "changed": "gewijzigd"}
    out = [f"<table><caption>{e(caption)}</caption><thead><tr><th scope=\"col\">status</th>"
           f"<th scope=\"col\">{e(a_name)}</th><th scope=\"col\">{e(b_name)}</th></tr></thead><tbody>"]
    for row in rows:
        a, b = row.cells
        status = labels.get(row.status) or ("alleen " + (a_name if a is not None else b_name))
        if a is not None and b is not None and a.text != b.text:
            left, right = _marked(a.text, b.text)
        else:
            left = e(a.text) if a is not None else ""
            right = e(b.text) if b is not None else ""
        cls = {"same": "same", "changed": "changed"}.get(row.status, "only")
        out.append(f'<tr class="{cls}"><td class="status">{e(status)}</td>'
                   f'<td{" class=absent" if a is None else ""}>{left}</td>'
                   f'<td{" class=absent" if b is None else ""}>{right}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def pair_pages(site) -> dict[str, str]:
    """Two functiegroepen of one functiefamilie side by side: kernprofiel per resultaatgebied,
    competenties, and the functietyperingen of the schalen both have, with the same pairing and
    word diff as the schaal comparison."""
    out = {}
    groups = list(site.data.groepen.values())
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if not a.familie or a.familie != b.familie:
                continue
            file = pair_file(a.id, b.id)
            an, bn = f"{a.id} {a.naam}", f"{b.id} {b.naam}"
            body = [f"<h1>{e(a.naam)} en {e(b.naam)} naast elkaar</h1>",
                    f"<p>{link(file, site.file_of(a.iri), an)} en {link(file, site.file_of(b.iri), bn)}, "
                    f"beide in functiefamilie {site.ref(file, a.familie)}. Uitspraken die bijna gelijk zijn, "
                    "staan op één regel; de verschillende woorden zijn gemarkeerd.</p>", "<h2>Kernprofiel</h2>"]
            areas = {area: name for area, name, _ in a.kern + b.kern}
            for area in sorted(areas, key=lambda x: site._position(x)):
                for soort, title in (("resultaat", "resultaten"), ("gedragsindicator", "gedragsindicatoren")):
                    ta = [t for ar, _, items in a.kern if ar == area for k, _, t in items if k == soort]
                    tb = [t for ar, _, items in b.kern if ar == area for k, _, t in items if k == soort]
                    if ta or tb:
                        body.append(_aligned_table(f"{areas[area]}: {title}", an, bn, ta, tb))
            body.append("<h2>Competenties</h2>")
            body.append(_aligned_table("Competenties", an, bn, [t for _, t, _ in a.competenties],
                                       [t for _, t, _ in b.competenties]))
            shared = sorted(set(a.typeringen) & set(b.typeringen))
            body.append("<h2>Functietyperingen van de gedeelde schalen</h2>")
            if not shared:
                body.append("<p>Deze functiegroepen hebben geen schaal gemeen.</p>")
            for s in shared:
                ta, tb = a.typeringen[s], b.typeringen[s]
                body.append(f"<h3>Schaal {s}</h3><p>FUWASYS-code: {e(an)} <code>{e(ta.code or '')}</code>, "
                            f"{e(bn)} <code>{e(tb.code or '')}</code></p>")
                names = {blk: name for blk, name, _ in ta.blocks + tb.blocks}
                for blk in sorted(names, key=lambda x: site._position(x)):
                    la = [t for bl, _, lines in ta.blocks if bl == blk for _, _, t in lines]
                    lb = [t for bl, _, lines in tb.blocks if bl == blk for _, _, t in lines]
                    body.append(_aligned_table(f"Schaal {s}: {names[blk]}", an, bn, la, lb))
            out[file] = shell(file, f"{a.naam} en {b.naam}", "\n".join(body), crumbs=[("index.html", "Start")])
    return out
