"""Documentation of the ontology (``…/def``), its concept schemes, and the SHACL shapes.

Written from the graph rather than with pyLODE: pyLODE cannot choose or tag the language of labels
(it prints the Dutch and English ones mixed, RDFLib/pyLODE#213), would add a dependency and a page
layout of its own, and its documentation shows no way to list the SHACL shapes that apply to a term.
This page shows Dutch and English side by side, in the site's layout, with for each class and
property the shapes that check it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris
import functiegebouw.site.queries as q
from functiegebouw.site.describe import BASE, document
from functiegebouw.site.html import anchor as a_link, e, external, page_file, shell

if TYPE_CHECKING:
    from functiegebouw.site.describe import Description
    from functiegebouw.site.pages import Site
    from functiegebouw.sparql.base import Store

# {subject: {property: {language: [texts]}}}, as site.queries.texts reads them
Texts = dict[str, dict[str, dict[str, list[str]]]]

OWL, RDF, RDFS, SKOS, SH = iris.OWL, iris.RDF, iris.RDFS, iris.SKOS, iris.SH
DEF = BASE + "def"
KINDS = ((OWL + "Class", "Klassen", "klassen"), (OWL + "ObjectProperty", "Objecteigenschappen", "objecteigenschappen"),
         (OWL + "DatatypeProperty", "Datatype-eigenschappen", "datatype-eigenschappen"),
         (OWL + "AnnotationProperty", "Annotatie-eigenschappen", "annotatie-eigenschappen"),
         (RDF + "Property", "Andere eigenschappen", "eigenschappen"))
SEVERITY = {SH + "Violation": "fout", SH + "Warning": "waarschuwing", SH + "Info": "melding"}


class Ontology:
    """Reads the terms, schemes and shapes once; renders the def page."""

    def __init__(self, store: Store, shapes_store: Store | None) -> None:
        self.ontologies = q.records(store, q.ONTOLOGIE)
        self.terms = q.records(store, q.TERMEN)
        self.texts = q.texts(store, q.TEKSTEN)
        self.relations = q.records(store, q.TERM_RELATIES)
        self.schemes = [r["schema"] for r in q.records(store, q.SCHEMAS)]
        self.concepts = q.records(store, q.BEGRIPPEN)
        self.shapes = q.records(shapes_store, q.SHAPES) if shapes_store is not None else []
        self.shape_texts = q.texts(shapes_store, q.SHAPE_TEKSTEN) if shapes_store is not None else {}

    def text(self, iri: str, prop: str, lang: str, source: Texts | None = None) -> str:
        values = (source or self.texts).get(iri, {}).get(prop, {}).get(lang, [])
        return " ".join(values)

    def shapes_for(self, iri: str) -> list[dict[str, Any]]:
        """Shapes that target this class (or its instances' property) or constrain this property."""
        return [r for r in self.shapes if r["doel"] == iri or r["pad"] == iri]

    def page(self, site: Site, desc: Description) -> str:
        file = page_file(desc.path)
        ont = next((r for r in self.ontologies if r["ontologie"] == DEF), {})
        out = [f"<h1>{e(str(ont.get('titel') or 'Ontologie'))}</h1>",
               f'<p class="en" lang="en">{e(self.text(DEF, iris.DCT + "title", "en"))}</p>']
        if desc.iri != DEF:  # the copy at the version IRI
            out.append(f"<p>Versie <code>{e(desc.iri)}</code> van de ontologie: deze versie staat in deze uitgave "
                       f"van het graaf. De actuele versie: {site.ref(file, DEF, DEF)}.</p>")
        if ont.get("beschrijving"):
            out.append(f"<p>{e(str(ont['beschrijving']))}</p>")
        out.append('<dl class="feiten">')
        out.append(f"<dt>Namespace</dt><dd><code>{e(DEF)}#</code> (voorvoegsel <code>fgr:</code>)</dd>")
        if ont.get("versie"):
            out.append(f"<dt>Versie</dt><dd>{e(str(ont['versie']))}</dd>")
        for key, title in (("versieIri", "Versie-IRI"), ("vorigeVersie", "Vorige versie")):
            if ont.get(key):  # owl:versionIRI, owl:priorVersion (ontology 0.2.0)
                out.append(f"<dt>{title}</dt><dd>{site.ref(file, str(ont[key]), str(ont[key]))}</dd>")
        if ont.get("gewijzigd"):
            out.append(f"<dt>Gewijzigd</dt><dd>{e(str(ont['gewijzigd']))}</dd>")
        if ont.get("licentie"):
            out.append(f"<dt>Licentie</dt><dd>{external(ont['licentie'], ont['licentie'])}</dd>")
        out.append("</dl>")
        grouped: dict[str, list[str]] = {}
        for r in self.terms:
            if r["term"] not in [t for ts in grouped.values() for t in ts]:
                grouped.setdefault(r["soort"], []).append(r["term"])
        toc = [(anchor, title) for kind, title, anchor in KINDS if grouped.get(kind)]
        if any(x.startswith(DEF + "#") and x not in {r["term"] for r in self.terms} for x in desc.triples.subjects()):
            toc.append(("individuen", "Individuen"))
        toc += [("begrippenschemas", "Begrippenschema's"), ("controles", "Controles (SHACL)")]
        out.append('<nav aria-label="Inhoud"><ul>' + "".join(
            f"<li>{a_link('#' + a, e(t))}</li>" for a, t in toc) + "</ul></nav>")
        rel: dict[str, dict[str, list[str]]] = {}
        for r in self.relations:
            rel.setdefault(r["term"], {}).setdefault(r["relatie"], []).append(r["waarde"])
        for kind, title, anchor in KINDS:
            terms = sorted(grouped.get(kind, []), key=lambda t: site.name(t).lower())
            if not terms:
                continue
            out.append(f'<h2 id="{anchor}">{e(title)}</h2>')
            for term in terms:
                out.append(self.term_section(site, file, term, kind, rel))
        known = {r["term"] for r in self.terms} | {DEF}
        others = sorted((x for x in desc.triples.subjects() if x.startswith(DEF + "#") and x not in known),
                        key=lambda x: site.name(x).lower())
        if others:
            out.append('<h2 id="individuen">Individuen</h2>')
            for x in others:
                out.append(self.individual_section(site, file, x))
        out.append('<h2 id="begrippenschemas">Begrippenschema\'s</h2>')
        by_scheme: dict[str, list[dict[str, Any]]] = {}
        for r in self.concepts:
            by_scheme.setdefault(r["schema"], []).append(r)
        for scheme in self.schemes:
            out.append(self.scheme_section(site, file, scheme, by_scheme.get(scheme, [])))
        out.append('<h2 id="controles">Controles (SHACL)</h2>')
        docs = sorted({document(r["shape"]) for r in self.shapes})
        out.append("<p>De vormen (shapes) waarmee <code>fgr validate</code> het graaf controleert; bij elke klasse "
                   "en eigenschap hierboven staan de controles die erop van toepassing zijn.</p><ul>"
                   + "".join(f"<li>{site.ref(file, d)}</li>" for d in docs) + "</ul>")
        alternates = {"text/turtle": f"{desc.path}/index.ttl", "application/ld+json": f"{desc.path}/index.jsonld",
                      "application/n-triples": f"{desc.path}/index.nt"}
        return shell(file, "Ontologie", "\n".join(out), iri=desc.iri, alternates=alternates,
                     crumbs=[("index.html", "Start")])

    def term_section(self, site: Site, file: str, term: str, kind: str,
                     rel: dict[str, dict[str, list[str]]]) -> str:
        fragment = term.split("#", 1)[1] if "#" in term else term.rsplit("/", 1)[-1]
        nl = self.text(term, RDFS + "label", "nl") or fragment
        en = self.text(term, RDFS + "label", "en")
        out = [f'<section id="{e(fragment)}" class="term"><h3>{e(nl)}'
               + (f' <span class="en" lang="en">({e(en)})</span>' if en else "") + "</h3>",
               f"<p><code>fgr:{e(fragment)}</code> · <code>{e(term)}</code></p>", '<dl class="feiten">']
        for lang, name in (("nl", "Definitie"), ("en", "Definition")):
            d = self.text(term, SKOS + "definition", lang) or self.text(term, RDFS + "comment", lang)
            if d:
                attr = ' lang="en"' if lang == "en" else ""
                out.append(f"<dt>{name}</dt><dd{attr}>{e(d)}</dd>")
        names = {RDFS + "subClassOf": "Subklasse van", RDFS + "subPropertyOf": "Subeigenschap van",
                 RDFS + "domain": "Domein", RDFS + "range": "Bereik", OWL + "inverseOf": "Inverse van"}
        for prop, name in names.items():
            values = rel.get(term, {}).get(prop)
            if values:
                out.append(f"<dt>{name}</dt><dd>" + ", ".join(site.ref(file, v) for v in values) + "</dd>")
        if kind == OWL + "Class":
            for prop, name in ((RDFS + "domain", "Eigenschappen met dit domein"), (RDFS + "range", "Eigenschappen met dit bereik")):
                users = sorted(t for t, r in rel.items() if term in r.get(prop, []))
                if users:
                    out.append(f"<dt>{name}</dt><dd>" + ", ".join(site.ref(file, u) for u in users) + "</dd>")
            subs = sorted(t for t, r in rel.items() if term in r.get(RDFS + "subClassOf", []))
            if subs:
                out.append("<dt>Subklassen</dt><dd>" + ", ".join(site.ref(file, u) for u in subs) + "</dd>")
        shapes = self.shapes_for(term)
        if shapes:
            items = []
            for r in sorted({r["shape"]: r for r in shapes}.values(), key=lambda r: r["shape"]):
                label = self.text(r["shape"], RDFS + "label", "nl", self.shape_texts) or r["shape"].rsplit("#", 1)[-1]
                severity = SEVERITY.get(r["ernst"] or "", "")
                how = "doel" if r["doel"] == term else "pad"
                items.append(f"<li>{site.ref(file, r['shape'], label)}"
                             + (f" ({severity}, {how})" if severity else f" ({how})") + "</li>")
            out.append(f"<dt>Controles</dt><dd><ul>{''.join(items)}</ul></dd>")
        out.append("</dl></section>")
        return "\n".join(out)

    def individual_section(self, site: Site, file: str, x: str) -> str:
        """A named individual of the ontology (a fgr:ScaleAssignment value, say)."""
        fragment = x.split("#", 1)[1]
        types = ", ".join(site.ref(file, t) for t in site.types(x))
        nl = self.text(x, SKOS + "prefLabel", "nl") or self.text(x, RDFS + "label", "nl") or fragment
        en = self.text(x, SKOS + "prefLabel", "en") or self.text(x, RDFS + "label", "en")
        out = [f'<section id="{e(fragment)}" class="term"><h3>{e(nl)}'
               + (f' <span class="en" lang="en">({e(en)})</span>' if en else "") + "</h3>",
               f"<p><code>fgr:{e(fragment)}</code>" + (f" · soort: {types}" if types else "") + "</p>"]
        for lang in ("nl", "en"):
            d = self.text(x, SKOS + "definition", lang)
            if d:
                out.append(f'<p lang="{lang}">{e(d)}</p>')
        out.append("</section>")
        return "\n".join(out)

    def scheme_section(self, site: Site, file: str, scheme: str, concepts: list[dict[str, Any]]) -> str:
        nl = self.text(scheme, SKOS + "prefLabel", "nl") or site.name(scheme)
        en = self.text(scheme, SKOS + "prefLabel", "en")
        out = [f"<h3>{site.ref(file, scheme, nl)}" + (f' <span class="en" lang="en">({e(en)})</span>' if en else "")
               + "</h3>"]
        d = self.text(scheme, SKOS + "definition", "nl")
        if d:
            out.append(f"<p>{e(d)}</p>")
        seen, rows = set(), []
        for r in concepts:
            c = r["begrip"]
            if c in seen:
                continue
            seen.add(c)
            rows.append(f"<tr><td>{e(str(r['notatie'] or ''))}</td><td>{site.ref(file, c, self.text(c, SKOS + 'prefLabel', 'nl') or site.name(c))}</td>"
                        f"<td lang=\"en\">{e(self.text(c, SKOS + 'prefLabel', 'en'))}</td>"
                        f"<td>{e(self.text(c, SKOS + 'definition', 'nl'))}</td>"
                        f"<td lang=\"en\">{e(self.text(c, SKOS + 'definition', 'en'))}</td></tr>")
        if rows:
            out.append('<table><thead><tr><th scope="col">Code</th><th scope="col">Naam</th>'
                       '<th scope="col">Engels</th><th scope="col">Definitie</th><th scope="col">Definition</th>'
                       "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
        return "\n".join(out)


def hash_document_page(site: Site, desc: Description) -> str:
    """A document of hash IRIs (the shapes): one section per subject, anchored at its fragment."""
    file = page_file(desc.path)
    subjects = sorted({s for s in desc.triples.subjects() if not s.startswith("_:")},
                      key=lambda s: ("#" in s, site.name(s).lower(), s))
    out = [f"<h1>{e(site.name(desc.iri))}</h1>"]
    en = site.data.labels.get(desc.iri, {}).get("en")
    if en:
        out.append(f'<p class="en" lang="en">{e(en)}</p>')
    items = [s for s in subjects if "#" in s]
    out.append('<nav aria-label="Inhoud"><ul class="lijst-kolommen">' + "".join(
        f'<li>{a_link("#" + s.split("#", 1)[1], e(site.name(s)))}</li>' for s in items) + "</ul></nav>")
    for s in subjects:
        if "#" in s:
            fragment = s.split("#", 1)[1]
            out.append(f'<section id="{e(fragment)}"><h2>{e(site.name(s))}</h2><p><code>{e(s)}</code></p>')
        else:
            out.append("<section><h2>Over dit document</h2>")
        out.append(site.table(file, s))
        out.append("</section>")
    alternates = {"text/turtle": f"{desc.path}/index.ttl", "application/ld+json": f"{desc.path}/index.jsonld",
                      "application/n-triples": f"{desc.path}/index.nt"}
    return shell(file, site.name(desc.iri), "\n".join(out), iri=desc.iri, alternates=alternates,
                 crumbs=[("index.html", "Start"), ("def/index.html", "Ontologie")])
