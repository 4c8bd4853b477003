"""One page per resource: a generic page for any resource (its properties and what refers to it),
and richer pages for functiegroepen, functietyperingen, kwaliteitenprofielen, concept schemes,
competenties and functiefamilies."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from functiegebouw.compare import _euro as euro
from functiegebouw.rdf import iris
from functiegebouw.rdf.turtle import Term
from functiegebouw.site.chart import fuwasys_svg
from functiegebouw.site.describe import BASE, Description, Graph, document
from functiegebouw.site.html import anchor as a_link, e, external, href, link, page_file, shell
from functiegebouw.site.html import redirect_page
from functiegebouw.site.ladder import ladder_svg
from functiegebouw.site.model import (RELATIONS, Catalogusgroep, Functiegroep, Profiel, Referentiegroep, SiteData,
                                      Typering)
import functiegebouw.site.neighbours as neighbours

RDF_TYPE, FGR, SKOS = iris.RDF_TYPE, iris.FGR, iris.SKOS
# A concept referred to by thousands of nodes (a FUWASYS kenmerk by every score) lists this many
# referrers per property; the rest is in the Turtle downloads.
MAX_INCOMING = 100
ONET_SOC = BASE + "id/onet-soc"
ONET_ONLINE = "https://www.onetonline.org/link/summary/"


def statement_anchor(group: str, statement: str) -> str:
    """The id of a statement's line on its functiegroep's page: the statement's path below the
    group's (``resultaat/opdracht/ondersteunende-…-e28d6b``), unique on the page and the same in
    every build; a statement elsewhere gets ``regel-`` and a digest of its IRI."""
    if statement.startswith(group + "/"):
        return statement[len(group) + 1:]
    import hashlib

    return "regel-" + hashlib.sha256(statement.encode("utf-8")).hexdigest()[:16]


def external_site(target: str, notation: str | None) -> tuple[str, str] | None:
    """(URL, name) of the page of a link target on its own site: O*NET OnLine for an O*NET-SOC
    code, the ESCO portal (where an ESCO IRI resolves) for an ESCO or ISCO concept."""
    if target.startswith(ONET_SOC + "/") or target.startswith(ONET_ONLINE):
        code = notation or target.rsplit("/", 1)[-1]
        return ONET_ONLINE + code, "O*NET OnLine"
    if target.startswith(iris.ESCO_BASE):
        return target, "ESCO-portaal"
    return None


def compare_file(groep: int, schalen: list[int], kind: str = "functietyperingen") -> str:
    # first and last schaal: unique, as a pair is always of adjacent schalen and a range has more
    span = f"schaal-{schalen[0]}-{schalen[-1]}"
    middle = "" if kind == "functietyperingen" else "kwaliteitenprofielen/"
    return f"vergelijk/{groep}/{middle}{span}/index.html"


def compare_sets(schalen: list[int]) -> list[list[int]]:
    """The comparisons a functiegroep gets: each pair of adjacent schalen, and the whole range."""
    out = [[a, b] for a, b in zip(schalen, schalen[1:], strict=False)]
    if len(schalen) > 2:
        out.append(list(schalen))
    return out


class Site:
    """What every page needs: the graph, the data read for the pages, and how to link."""

    def __init__(self, graph: Graph, data: SiteData, resources: dict[str, str]) -> None:
        self.graph = graph
        self.data = data
        self.resources = resources  # document IRI -> site folder
        self.groups_by_iri = data.group_by_iri()
        # (kind, IRI) -> (functiegroep, its Profiel or Typering)
        self.parts: dict[tuple[str, str], tuple[Functiegroep, Profiel | Typering]] = {
            ("profielen", part.iri): (g, part) for g in data.groepen.values() for part in g.profielen.values()}
        self.parts.update({("typeringen", t.iri): (g, t) for g in data.groepen.values()
                           for variants in g.varianten.values() for t in variants})
        # statement IRI -> (functiegroep, the id of its line on the functiegroep's page)
        self.statements: dict[str, tuple[Functiegroep, str]] = {}
        for g in data.groepen.values():
            lines = [s for _a, _n, items in g.kern for _k, s, _t in items] + [s for s, _t, _c in g.competenties]
            lines += [s for variants in g.varianten.values() for t in variants for _b, _n, ls in t.blocks
                      for _h, s, _t in ls]
            lines += [s for p in g.profielen.values() for _part, ls in p.parts for s, _t, _pm, _c in ls]
            for s in lines:
                self.statements.setdefault(s, (g, statement_anchor(g.iri, s)))
        self._names: dict[str, str] = {}
        self._refs: dict[str, tuple[str | None, str]] = {}  # IRI -> (site file or None, HTML of the text or of the whole reference)
        self._prop_labels: dict[str, tuple[str, str]] = {}
        self.pairs = neighbours.pairs(data)  # the functiegroepen compared on the site: ladder neighbours
        self.partners = neighbours.partners(self.pairs)

    # ----------------------------------------------------------------- names and links

    def name(self, iri: str) -> str:
        found = self._names.get(iri)
        if found is None:
            found = self.data.label(iri)
            if not found:
                tail = iri.rstrip("/#").rsplit("#", 1)[-1]
                found = tail.rsplit("/", 1)[-1] if "#" not in iri else iri.rsplit("#", 1)[-1]
            self._names[iri] = found
        return found

    def file_of(self, iri: str) -> str | None:
        path = self.resources.get(document(iri))
        if path is None:
            return None
        fragment = iri.split("#", 1)[1] if "#" in iri else ""
        return page_file(path) + (f"#{fragment}" if fragment else "")

    def ref(self, file: str, iri: str, text: str | None = None, *, lang: str | None = None) -> str:
        if text is None and lang is None:  # by its name: the same on every page but for the href
            found = self._refs.get(iri)
            if found is None:
                target = self.file_of(iri)
                found = self._refs[iri] = (target, e(self.name(iri)) if target is not None else self.ref(file, iri, self.name(iri)))
            target, html_ = found
            if target is None:
                return html_
            return a_link(href(file, target), html_)
        text = text if text is not None else self.name(iri)
        target = self.file_of(iri)
        if target is not None:
            return link(file, target, text, lang=lang)
        if iri.startswith(("http://", "https://")) and not iri.startswith(BASE):
            return external(iri, text, lang=lang)
        return f"<code>{e(text)}</code>"

    def value(self, file: str, obj: Term, depth: int = 0) -> str:
        kind = obj[0]
        if kind == "iri":
            return self.ref(file, obj[1])
        if kind == "bnode":
            if depth > 6:
                return "<code>[…]</code>"
            return self.table(file, "_:" + obj[1], depth + 1)
        if kind == "lit":
            lang = f' lang="{e(obj[2])}"' if obj[2] else ""
            return f"<span{lang}>{e(obj[1])}</span>"
        datatype = obj[2].rsplit("#", 1)[-1]
        return f'<span title="{e(datatype)}">{e(obj[1])}</span>'

    def prop_label(self, file: str, iri: str) -> str:
        found = self._prop_labels.get(iri)
        if found is None:
            nl = self.data.label(iri, "nl")
            en = self.data.labels.get(iri, {}).get("en")
            found = self._prop_labels[iri] = (nl or self.name(iri),
                                              f' <span class="en" lang="en">({e(en)})</span>' if en and en != nl else "")
        return self.ref(file, iri, found[0]) + found[1]

    def table(self, file: str, subject: str, depth: int = 0) -> str:
        preds = self.graph.data.get(subject, {})
        if not preds:
            return "<p>Over deze bron zelf staat niets in de gegevens; andere bronnen verwijzen ernaar.</p>" if depth == 0 else "<code>[ ]</code>"
        rows = []
        for p in sorted(preds, key=lambda p: (p != RDF_TYPE, self.name(p).lower(), p)):
            values = self.graph.objects(subject, p)
            cell = "<br>".join(self.value(file, o, depth) for o in values)
            rows.append(f'<tr><th scope="row">{self.prop_label(file, p)}</th><td>{cell}</td></tr>')
        caption = "" if depth else "<caption>Alle eigenschappen in de gegevens</caption>"
        head = "" if depth else '<thead><tr><th scope="col">Eigenschap</th><th scope="col">Waarde</th></tr></thead>'
        return f'<table class="eigenschappen">{caption}{head}<tbody>{"".join(rows)}</tbody></table>'

    def incoming(self, file: str, iri: str) -> str:
        refs = self.graph.incoming.get(iri, set())
        refs = {(s, p) for s, p in refs if not s.startswith("_:") and document(s) != document(iri)}
        if not refs:
            return ""
        by_pred: dict[str, list[str]] = {}
        for s, p in refs:
            by_pred.setdefault(p, []).append(s)
        out = ["<h3>Verwijzingen naar deze bron</h3>"]
        for p in sorted(by_pred, key=lambda p: (self.name(p).lower(), p)):
            subjects = sorted(by_pred[p], key=lambda s: (self.name(s).lower(), s))
            items = "".join(f"<li>{self.ref(file, s)}</li>" for s in subjects[:MAX_INCOMING])
            more = ""
            if len(subjects) > MAX_INCOMING:
                more = (f"<p>… en nog {len(subjects) - MAX_INCOMING:,} andere (alle staan in de "
                        f"Turtle-download van de dataset).</p>").replace(",", ".")
            out.append(f"<h4>{self.prop_label(file, p)} van</h4><ul class=\"lijst-kolommen\">{items}</ul>{more}")
        return "\n".join(out)

    def types(self, iri: str) -> list[str]:
        return [o[1] for o in self.graph.objects(iri, RDF_TYPE) if o[0] == "iri"]

    def crumbs(self, iri: str) -> list[tuple[str, str]]:
        """Home, then every resource whose IRI is a prefix of this one (functiegroep › typering)."""
        out = [("index.html", "Start")]
        path = self.resources.get(document(iri), "")
        parts = path.split("/")
        for n in range(1, len(parts)):
            parent = BASE + "/".join(parts[:n])
            if parent in self.resources and self.graph.data.get(parent):
                out.append((page_file(self.resources[parent]), self.name(parent)))
        return out

    # ----------------------------------------------------------------- pages

    def resource_page(self, desc: Description) -> str:
        iri, file = desc.iri, page_file(desc.path)
        alternates = {"text/turtle": f"{desc.path}/index.ttl", "application/ld+json": f"{desc.path}/index.jsonld",
                      "application/n-triples": f"{desc.path}/index.nt"}
        if iri in self.statements:  # shown in its block on its functiegroep's page: the page leads there
            g, ident = self.statements[iri]
            target = self.file_of(g.iri)
            if target is not None:
                return redirect_page(file, target + "#" + ident, f"{g.id} {g.naam}", self.name(iri),
                                     iri=iri, alternates=alternates)
        types = set(self.types(iri))
        if FGR + "JobGroup" in types and iri in self.groups_by_iri:
            body = self.functiegroep_body(file, self.groups_by_iri[iri])
        elif FGR + "Typification" in types:
            body = self.typering_body(file, iri)
        elif FGR + "QualityProfile" in types:
            body = self.profiel_body(file, iri)
        else:
            body = self.generic_body(file, iri, types)
        title = self.name(iri)
        data = self.table(file, iri) + self.incoming(file, iri)
        return shell(file, title, body, iri=iri, alternates=alternates, crumbs=self.crumbs(iri), data=data)

    def heading(self, file: str, iri: str, types: Collection[str]) -> str:
        # the kinds our ontology names in Dutch ("Functiegroep"); RDF's and SKOS's own are data
        kinds = ", ".join(self.ref(file, t) for t in sorted(types) if t.startswith(FGR) and self.data.label(t, "nl"))
        en = self.data.labels.get(iri, {}).get("en")
        nl = self.name(iri)
        out = f"<h1>{e(nl)}</h1>"
        if en and en != nl:
            out += f'<p class="en" lang="en">{e(en)}</p>'
        if kinds:
            out += f"<p>Soort: {kinds}</p>"
        return out

    def generic_body(self, file: str, iri: str, types: Collection[str]) -> str:
        parts = [self.heading(file, iri, types), self.summary(file, iri)]
        if SKOS + "ConceptScheme" in types:
            parts.append(self.scheme_members(file, iri))
        if FGR + "Competency" in types:
            parts.append(self.competentie_use(file, iri))
        if FGR + "JobFamily" in types:
            parts.append(self.family_groups(file, iri))
        if iri in self.data.catalogus:
            parts.append(self.catalogue_section(file, self.data.catalogus[iri]))
        return "\n".join(p for p in parts if p)

    def summary(self, file: str, iri: str) -> str:
        """What a person reads first about a term of a vocabulary: its code, its definition or
        description (Dutch, else English), the scheme it is in, and its page on its own site."""
        out = []
        notation = " ".join(o[1] for o in self.graph.objects(iri, SKOS + "notation"))
        facts = []
        if notation:
            facts.append(f"<dt>Code</dt><dd>{e(notation)}</dd>")
        for o in self.graph.objects(iri, SKOS + "inScheme"):
            if o[0] == "iri":
                facts.append(f"<dt>Onderdeel van</dt><dd>{self.ref(file, o[1])}</dd>")
        own = external_site(iri, notation or None)
        if own is not None:
            facts.append(f"<dt>Op {e(own[1])}</dt><dd>{external(own[0], own[0])}</dd>")
        if facts:
            out.append('<dl class="feiten">' + "".join(facts) + "</dl>")
        for p in (SKOS + "definition", iris.DCT + "description"):
            texts = [o for o in self.graph.objects(iri, p) if o[0] == "lit"]
            chosen = [o for o in texts if (o[2] or "").lower() == "nl"] or [o for o in texts if (o[2] or "").lower().startswith("en")]
            for o in chosen[:1]:
                lang = f' lang="{e(o[2])}"' if o[2] and not o[2].lower().startswith("nl") else ""
                out.append(f"<p{lang}>{e(o[1])}</p>")
            if chosen:
                break
        return "\n".join(out)

    def scheme_members(self, file: str, scheme: str) -> str:
        members = sorted((s for s, p in self.graph.incoming.get(scheme, set()) if p == SKOS + "inScheme"),
                         key=lambda s: (self._position(s), self.name(s).lower(), s))
        if not members:
            return ""
        if scheme == BASE + "id/competentie":
            return self.competentie_index(file, members)
        rows = []
        for m in members:
            labels = self.data.labels.get(m, {})
            notation = " ".join(o[1] for o in self.graph.objects(m, SKOS + "notation"))
            definition = " ".join(o[1] for o in self.graph.objects(m, SKOS + "definition") if o[0] == "lit" and (o[2] or "").lower() == "nl")
            en = labels.get("en", "")
            rows.append(f"<tr><td>{e(notation)}</td><td>{self.ref(file, m)}</td><td lang=\"en\">{e(en)}</td>"
                        f"<td>{e(definition)}</td></tr>")
        return ('<h2>Begrippen</h2><table><thead><tr><th scope="col">Code</th><th scope="col">Naam</th>'
                '<th scope="col">Engels</th><th scope="col">Definitie</th></tr></thead><tbody>'
                + "".join(rows) + "</tbody></table>")

    def _position(self, iri: str) -> int:
        for o in self.graph.objects(iri, iris.SCHEMA + "position"):
            try:
                return int(o[1])
            except ValueError:
                pass
        return 10**9

    def competentie_index(self, file: str, members: list[str]) -> str:
        out = ['<h2>Competenties en de functiegroepen die ze vragen</h2><table><thead><tr>'
               '<th scope="col">Competentie</th><th scope="col">Functiegroepen (schalen in het kwaliteitenprofiel)</th>'
               '</tr></thead><tbody>']
        for m in sorted(members, key=lambda s: (self.name(s).lower(), s)):
            out.append(f'<tr><th scope="row">{self.ref(file, m)}</th><td>{self._users(file, m)}</td></tr>')
        out.append("</tbody></table>")
        return "".join(out)

    def _users(self, file: str, concept: str) -> str:
        groups: dict[str, set[int]] = {}
        for group, schaal in self.data.competentie_gebruik.get(concept, []):
            groups.setdefault(group, set())
            if schaal is not None:
                groups[group].add(schaal)
        items = []
        for group in sorted(groups, key=lambda g: (self.groups_by_iri[g].id if g in self.groups_by_iri else 0, g)):
            g = self.groups_by_iri.get(group)
            text = f"{g.id} {g.naam}" if g else self.name(group)
            schalen = ", ".join(map(str, sorted(groups[group])))
            items.append(f"<li>{self.ref(file, group, text)}" + (f" (schaal {schalen})" if schalen else "") + "</li>")
        return f"<ul>{''.join(items)}</ul>" if items else "—"

    def competentie_use(self, file: str, concept: str) -> str:
        return f"<h2>Gevraagd door</h2>{self._users(file, concept)}"

    def family_groups(self, file: str, family: str) -> str:
        groups = [g for g in self.data.groepen.values() if g.familie == family]
        known = [g for g in self.data.referentie if g.familie == family]
        if not groups:
            return ("<h2>Functiegroepen</h2><p>Nog geen functiegroep van deze familie met een profiel op deze site.</p>"
                    + self.reference_list(file, known))
        return "<h2>Functiegroepen</h2>" + self.group_list(file, groups) + self.reference_list(file, known)

    def reference_list(self, file: str, groups: list[Referentiegroep]) -> str:
        """Functiegroepen of the reference list that have no profile in the graph yet."""
        if not groups:
            return ""
        items = []
        for g in groups:
            extra = [f"schaal {g.bereik}"] if g.bereik else []
            if g.vermoed:
                extra.append("familie vermoed uit de naam")
            title = g.naam if g.id is None else f"{g.id} {g.naam}"
            items.append(f"<li>{self.ref(file, g.iri, title)}"
                         + (f" — {', '.join(extra)}" if extra else "") + "</li>")
        return ('<p class="referentie">Bekend uit de referentielijst, nog zonder profiel op deze site:</p>'
                f'<ul class="referentie">{"".join(items)}</ul>')

    def group_list(self, file: str, groups: Iterable[Functiegroep]) -> str:
        items = []
        for g in groups:
            schalen = " ".join(self.ref(file, g.typeringen[s].iri, str(s)) if s in g.typeringen else str(s)
                               for s in g.schalen)
            items.append(f"<li>{self.ref(file, g.iri, f'{g.id} {g.naam}')}"
                         + (f" — schaal {schalen}" if schalen else "") + "</li>")
        return f"<ul>{''.join(items)}</ul>"

    # ----------------------------------------------------------------- the catalogue

    def salary_range(self, g: Catalogusgroep) -> str:
        """The CAO Rijk salary range of a catalogue group: the minimum of its lowest schaal, the maximum of its
        highest; "ten minste" where only a minimum is known, "onbekend" where no figure is."""
        low: list[Any] = [x.minimum for x in self.data.salarissen.get(g.laagste, []) if x.minimum is not None]
        high: list[Any] = [x.maximum for x in self.data.salarissen.get(g.hoogste, []) if x.maximum is not None]
        if not low:
            return "onbekend"
        if not high:
            return f"ten minste {euro(min(low))}"
        return f"{euro(min(low))} – {euro(max(high))}"

    def family_members(self, family: str | None) -> list[Catalogusgroep]:
        return [g for g in self.data.catalogus.values() if g.familie == family]

    def catalogue_items(self, file: str, groups: Iterable[Catalogusgroep]) -> str:
        """The text alternative of a ladder: every group with its range, those with a profile first, marked."""
        ordered = sorted(groups, key=lambda g: (not g.profiel, g.laagste, g.hoogste, g.naam, g.iri))
        items = []
        for g in ordered:
            extra = ""
            if g.profiel and g.iri in self.groups_by_iri:
                p = self.groups_by_iri[g.iri]
                schalen = " ".join(self.ref(file, p.typeringen[s].iri, str(s)) if s in p.typeringen else str(s)
                                   for s in p.schalen)
                extra = f" — <strong>profiel</strong>: schaal {schalen}" if schalen else " — <strong>profiel</strong>"
            cls = ' class="met-profiel"' if g.profiel else ""
            items.append(f"<li{cls}>{self.ref(file, g.iri, g.titel)} — schaal {e(g.bereik)}{extra}</li>")
        return f'<ul class="catalogus">{"".join(items)}</ul>'

    def family_ladder(self, file: str, family: str, ident: str, highlight: str | None = None) -> str:
        members = self.family_members(family)
        if not members:
            return ""
        name = self.name(family)
        return (f'<figure class="ladder">{ladder_svg(ident, name, members, highlight)}'
                f"<figcaption>De schaalbereiken van de functiegroepen van {e(name)} (catalogus van het FGR, "
                f"2026-10-08); donkerblauw: met een profiel op deze site.</figcaption></figure>")

    def catalogue_section(self, file: str, g: Catalogusgroep) -> str:
        """A group's page: its facts in the catalogue, its neighbours on the ladder (derived) and the ladder."""
        out = ['<h2 id="catalogus">In de catalogus van het FGR</h2>', '<dl class="feiten">']
        if g.familie:
            out.append(f"<dt>Functiefamilie</dt><dd>{self.ref(file, g.familie)}</dd>")
        out.append(f"<dt>Schaalbereik</dt><dd>schaal {e(g.bereik)}</dd>")
        out.append(f"<dt>Salaris per maand</dt><dd>{self.salary_range(g)} (CAO Rijk, minimum van de laagste en "
                   f"maximum van de hoogste schaal)</dd>")
        out.append(f"<dt>FGR-nummer</dt><dd>{g.nummer if g.nummer is not None else 'niet bekend'}</dd>")
        if g.pagina:
            out.append(f"<dt>Pagina op de FGR-site</dt><dd>{external(g.pagina, g.pagina)}</dd>")
        out.append(f"<dt>Profiel</dt><dd>{'op deze site' if g.profiel else 'nog niet op deze site'}</dd>")
        out.append("</dl>")
        out.append('<h3 id="ladder">Plaats op de ladder van de familie</h3>')
        out.append("<p>Afgeleid uit de schaalbereiken (een volgende stap begint en eindigt hoger en sluit aan of "
                   "overlapt), geen uitspraak van het FGR.</p>")
        for title, steps in (("Vorige stap", g.vorige), ("Volgende stap", g.volgende)):
            names = [self.data.catalogus[i] for i in steps]
            text = ", ".join(f"{self.ref(file, n.iri, n.titel)} (schaal {e(n.bereik)})" for n in names) or "geen"
            out.append(f"<p>{title}: {text}</p>")
        if g.familie:
            out.append(self.family_ladder(file, g.familie, "ladder-groep", highlight=g.iri))
        return "\n".join(out)

    # ----------------------------------------------------------------- functiegroep

    def functiegroep_body(self, file: str, g: Functiegroep) -> str:
        out = [f"<h1>{e(g.naam)}</h1>", f"<p>Functiegroep {g.id} van het Functiegebouw Rijksoverheid.</p>",
               '<dl class="feiten">', f"<dt>FGR-nummer</dt><dd>{g.id}</dd>"]
        if g.familie:
            out.append(f"<dt>Functiefamilie</dt><dd>{self.ref(file, g.familie)}</dd>")
        if g.schalen:
            out.append(f"<dt>Schalen</dt><dd>{g.schalen[0]}–{g.schalen[-1]}</dd>")
        if g.url:
            out.append(f"<dt>Bron</dt><dd>{external(g.url, g.url)}</dd>")
        out.append("</dl>")
        toc = [("schalen", "Schalen en salarissen"), ("kernprofiel", "Kernprofiel"),
               ("functietyperingen", "Functietyperingen"), ("kwaliteitenprofielen", "Kwaliteitenprofielen"),
               ("koppelingen", "Koppelingen"), ("vergelijken", "Vergelijken")]
        entry = self.data.catalogus.get(g.iri)
        if entry is not None:
            toc.insert(2, ("catalogus", "In de catalogus"))
        out.append('<nav class="op-pagina" aria-label="Op deze pagina"><ul>' + "".join(
            f"<li>{a_link('#' + k, t)}</li>" for k, t in toc) + "</ul></nav>")
        out.append("<p>Elk blok hieronder gaat open met een klik op zijn titel.</p>")
        out.append('<h2 id="schalen">Schalen en salarissen</h2>')
        out.append(self.scale_table(file, g))
        out.append('<h2 id="kernprofiel">Kernprofiel</h2>')
        for _area, name, items in g.kern:
            counts = []
            for soort, title, one, many in (("resultaat", "Resultaten", "resultaat", "resultaten"),
                                            ("gedragsindicator", "Gedragsindicatoren", "gedragsindicator",
                                             "gedragsindicatoren")):
                lines = [(st, t) for k, st, t in items if k == soort]
                if lines:
                    counts.append((title, f"{len(lines)} {one if len(lines) == 1 else many}", lines))
            out.append(f'<details class="blok"><summary>{e(name)} '
                       f'({", ".join(c[1] for c in counts)})</summary>')
            for title, _n, lines in counts:
                out.append(f"<h3>{title}</h3><ul>" + "".join(
                    f'<li id="{e(statement_anchor(g.iri, st))}">{e(t)}</li>' for st, t in lines) + "</ul>")
            out.append("</details>")
        if g.competenties:
            out.append('<details class="blok"><summary>Competenties '
                       f'({len(g.competenties)})</summary><ul>' + "".join(
                           f'<li id="{e(statement_anchor(g.iri, st))}">'
                           + (self.ref(file, c, t) if c else e(t)) + "</li>"
                           for st, t, c in g.competenties) + "</ul></details>")
        if entry is not None:
            out.append(self.catalogue_section(file, entry))
        by_schaal: tuple[dict[int, list[Typering]], dict[int, list[Profiel]]] = (
            g.varianten, {s: [p] for s, p in g.profielen.items()})
        for anchor, cls, parts, name in (
                ("functietyperingen", "typering", by_schaal[0], "Functietypering"),
                ("kwaliteitenprofielen", "profiel", by_schaal[1], "Kwaliteitenprofiel")):
            out.append(f'<h2 id="{anchor}">{name}en</h2>')
            if not parts:
                out.append(f"<p>Geen {anchor} op deze site.</p>")
            for s in sorted(parts):
                for part in parts[s]:
                    variant = getattr(part, "variant", None)
                    ident = f"{cls}-{s}" + (f"-variant-{variant}" if variant is not None else "")
                    title = f"{name} schaal {s}" + (f", variant {variant}" if variant is not None else "")
                    # folded: the heading is the summary (no link in it: a summary is itself a control)
                    code = f" · FUWASYS {e(part.code)}" if isinstance(part, Typering) and part.code else ""
                    count = sum(len(lines) for _p, lines in part.parts) if isinstance(part, Profiel) else 0
                    extra = f" · {count} eisen" if count else code
                    out.append(f'<section class="schaal {cls}" id="{ident}" aria-labelledby="{ident}-kop">'
                               f'<details class="blok"><summary><h3 id="{ident}-kop">{e(title)}'
                               f'<span class="samenvatting">{extra}</span></h3></summary>')
                    out.append(self.typering_content(file, part, level=4, group=g) if isinstance(part, Typering)
                               else self.profiel_content(file, part, level=4, group=g))
                    out.append(f"<p>{self.ref(file, part.iri, f'De {name.lower()} op een eigen pagina')}</p>")
                    out.append("</details></section>")
        out.append('<h2 id="koppelingen">Koppelingen naar andere classificaties</h2>')
        out.append(self.links_table(file, g.links + self.level_links(g)))
        out.append('<h2 id="vergelijken">Vergelijken</h2>')
        out.append(self.compare_links(file, g))
        return "\n".join(out)

    def scale_table(self, file: str, g: Functiegroep) -> str:
        rows = []
        for s in g.schalen:
            t = g.typeringen.get(s)
            variants = g.varianten.get(s, [])
            salaries = self.data.salarissen.get(s, [])
            salary = "<br>".join(
                (f"{euro(x.minimum)} – {euro(x.maximum)}" if x.maximum is not None else f"ten minste {euro(x.minimum)}")
                + (f" {e(x.eenheid)}" if x.eenheid else "")
                + (f" (vanaf {x.vanaf})" if x.vanaf else "") for x in salaries) or "onbekend"
            scale_iri = t.schaal_iri if t else None
            schaal = self.ref(file, scale_iri, str(s)) if scale_iri else str(s)
            parts = []
            for v in variants:
                parts.append(self.ref(file, v.iri, "functietypering" + (f" variant {v.variant}" if v.variant is not None else "")))
            if s in g.profielen:
                parts.append(self.ref(file, g.profielen[s].iri, "kwaliteitenprofiel"))
            codes = "<br>".join(f"<code>{e(v.code or '')}</code>" for v in variants) or "<code></code>"
            totals = "<br>".join(str(v.totaal) for v in variants if v.totaal is not None)
            rows.append(f'<tr><th scope="row">{schaal}</th><td>{codes}</td>'
                        f'<td>{totals}</td><td>{salary}</td>'
                        f'<td>{" · ".join(parts)}</td></tr>')
        return ('<table><caption>Schalen van deze functiegroep, met de FUWASYS-code en het bruto '
                'maandsalaris volgens de CAO Rijk</caption><thead><tr><th scope="col">Schaal</th>'
                '<th scope="col">FUWASYS-code</th><th scope="col">Totaal</th><th scope="col">Salaris per maand</th>'
                '<th scope="col">Onderdelen</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")

    def _line(self, g: Functiegroep | None, iri: str, text: str, extra: str = "", cls: str = "") -> str:
        """A statement's line: on its functiegroep's page with the id its IRI leads to."""
        ident = f' id="{e(statement_anchor(g.iri, iri))}"' if g is not None else ""
        return f"<li{ident}{cls}>{e(text)}{extra}</li>"

    def typering_content(self, file: str, t: Typering, level: int = 2, group: Functiegroep | None = None) -> str:
        h = f"h{level}"
        out = [f'<p>FUWASYS-code: <code>{e(t.code or "onbekend")}</code>'
               + (f", opgegeven totaal {t.totaal}" if t.totaal is not None else "")
               + (f", som van de scores {sum(s for _, s, _ in t.scores)}" if t.scores else "") + "</p>"]
        if t.scores:
            # unique on the functiegroep page, which shows every typering (and each variant)
            ident = f"fuwasys-{t.schaal}" + (f"-variant-{t.variant}" if t.variant is not None else "")
            caption = f"FUWASYS-scores schaal {t.schaal}" + (f", variant {t.variant}" if t.variant is not None else "")
            out.append(f'<figure class="fuwasys-grafiek">{fuwasys_svg(t.scores, caption, ident)}'
                       f"<figcaption>{e(caption)}: de score per kenmerk</figcaption></figure>"
                       "<details><summary>Scores als tabel</summary><table><thead><tr>"
                       '<th scope="col">Kenmerk</th><th scope="col">Naam</th><th scope="col">Score</th></tr></thead>'
                       "<tbody>" + "".join(f"<tr><td>{k}</td><td>{e(n)}</td><td>{v}</td></tr>" for k, v, n in t.scores)
                       + "</tbody></table></details>")
        for _block, name, lines in t.blocks:
            out.append(f"<{h}>{e(name)}</{h}>")
            sub = None
            items: list[str] = []
            for subheading, iri, text in lines:
                if subheading != sub and subheading:
                    if items:
                        out.append("<ul>" + "".join(items) + "</ul>")
                        items = []
                    out.append(f'<p class="sub">{e(subheading)}</p>')
                sub = subheading
                items.append(self._line(group, iri, text))
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
        return "\n".join(out)

    def profiel_content(self, file: str, p: Profiel, level: int = 2, group: Functiegroep | None = None) -> str:
        h = f"h{level}"
        out = []
        for part, lines in p.parts:
            out.append(f"<{h}>{e(part)}</{h}><ul>")
            for iri, text, pm, concepts in lines:
                extra = "".join(f" ({self.ref(file, c)})" for c in concepts if self.name(c).lower() != text.lower())
                cls = ' class="pm"' if pm else ""
                note = " — nog niet ingevuld" if pm else ""
                out.append(self._line(group, iri, text, extra + note, cls))
            out.append("</ul>")
        return "\n".join(out)

    def level_links(self, g: Functiegroep) -> list[tuple[str, str, str, str | None]]:
        """The links of the werk- en denkniveaus the kwaliteitenprofielen ask for (EQF, NLQF),
        as rows of the functiegroep's links table: kind "EQF (schaal 5–8, via MBO)"."""
        schalen: dict[tuple[str, str, str, str | None, str], set[int]] = {}
        for s, p in g.profielen.items():
            for _part, lines in p.parts:
                for _iri, _text, _pm, concepts in lines:
                    for c in concepts:
                        for kind, relation, target, notation in self.data.links_by_source.get(c, []):
                            schalen.setdefault((kind, relation, target, notation, c), set()).add(s)
        rows = []
        for (kind, relation, target, notation, c), have in sorted(schalen.items(), key=lambda x: (x[0][0], x[0][3] or "", x[0][2])):
            ordered = sorted(have)
            contiguous = ordered == [n for n in sorted(g.profielen) if ordered[0] <= n <= ordered[-1]]
            span = ("schaal " + (f"{ordered[0]}–{ordered[-1]}" if contiguous and len(ordered) > 2
                                 else ", ".join(map(str, ordered))))
            rows.append((f"{kind} ({span}, via {self.name(c)})", relation, target, notation))
        return rows

    def links_table(self, file: str, links: list[tuple[str, str, str, str | None]]) -> str:
        if not links:
            return "<p>Nog geen koppelingen.</p>"
        rows = []
        for kind, relation, target, notation in links:
            label = self.data.label(target, "nl") or self.name(target)
            en = self.data.labels.get(target, {}).get("en") or self.data.labels.get(target, {}).get("en-us")
            text = label + (f" ({en})" if en and en != label else "")
            own = external_site(target, notation)
            elsewhere = external(own[0], own[1]) if own else ""
            rows.append(f"<tr><td>{e(kind)}</td><td>{e(notation or '')}</td><td>{self.ref(file, target, text)}</td>"
                        f"<td>{e(RELATIONS.get(relation, relation))}</td><td>{elsewhere}</td></tr>")
        return ('<table><thead><tr><th scope="col">Classificatie</th><th scope="col">Code</th>'
                '<th scope="col">Doel</th><th scope="col">Relatie</th><th scope="col">Op de eigen site</th>'
                '</tr></thead><tbody>' + "".join(rows) + "</tbody></table>")

    def compare_links(self, file: str, g: Functiegroep) -> str:
        out = []
        schalen = sorted(g.typeringen)
        items = [link(file, compare_file(g.id, s), "schaal " + (f"{s[0]} en {s[1]}" if len(s) == 2
                                                                else f"{s[0]} tot en met {s[-1]}"))
                 for s in compare_sets(schalen)]
        if items:
            out.append("<h3>Functietyperingen</h3><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        schalen = sorted(g.profielen)
        items = [link(file, compare_file(g.id, s, "kwaliteitenprofielen"),
                      "schaal " + (f"{s[0]} en {s[1]}" if len(s) == 2 else f"{s[0]} tot en met {s[-1]}"))
                 for s in compare_sets(schalen)]
        if items:
            out.append("<h3>Kwaliteitenprofielen</h3><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        others = self.partners.get(g.id, [])
        if others:
            out.append("<h3>Naast een buur op de ladder van de familie</h3><ul>" + "".join(
                f"<li>{link(file, pair_file(g.id, o.id), f'{o.id} {o.naam}')}</li>" for o in others) + "</ul>"
                + "<p>Een andere functiegroep ernaast: <code>fgr compare --functiegroepen "
                f"{g.id} NUMMER</code>.</p>")
        return "\n".join(out) or "<p>Er is niets te vergelijken: deze functiegroep heeft één schaal.</p>"

    # ----------------------------------------------------------------- parts

    def _group_of(self, iri: str, attr: str) -> tuple[Any, Any]:  # the part is the kind attr names
        return self.parts.get((attr, iri), (None, None))

    def typering_body(self, file: str, iri: str) -> str:
        g, t = self._group_of(iri, "typeringen")
        parts = [self.heading(file, iri, self.types(iri))]
        if t is not None:
            parts.append(f"<p>Van functiegroep {self.ref(file, g.iri, f'{g.id} {g.naam}')}.</p>")
            parts.append(self.typering_content(file, t))
        return "\n".join(p for p in parts if p)

    def profiel_body(self, file: str, iri: str) -> str:
        g, p = self._group_of(iri, "profielen")
        parts = [self.heading(file, iri, self.types(iri))]
        if p is not None:
            parts.append(f"<p>Van functiegroep {self.ref(file, g.iri, f'{g.id} {g.naam}')}.</p>")
            parts.append(self.profiel_content(file, p))
        return "\n".join(x for x in parts if x)


def pair_file(a: int, b: int) -> str:
    lo, hi = sorted((a, b))
    return f"vergelijk/functiegroepen/{lo}-{hi}/index.html"
