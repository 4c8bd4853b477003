"""The start page (functiefamilies → functiegroepen → schalen) and the search page with its index."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from functiegebouw.site.html import e, href, link, shell
from functiegebouw.site.model import target_kind

if TYPE_CHECKING:
    from functiegebouw.site.model import Functiegroep, Referentiegroep
    from functiegebouw.site.pages import Site

SEARCH_PAGE = "zoeken/index.html"


def search_form(file: str) -> str:
    """The search box of the start page: the search page with ``?q=``."""
    return (f'<form class="zoek-groot" role="search" aria-label="Zoeken naar een functie" '
            f'action="{e(href(file, SEARCH_PAGE))}" method="get">'
            '<label for="zoek-start">Zoek een functie, een taak of een competentie</label><br>'
            '<input id="zoek-start" name="q" type="search"> <button type="submit">Zoek</button>'
            "<p>Bijvoorbeeld <q>communicatie</q>, <q>klantgerichtheid</q> of een beroep zoals ESCO of ISCO het "
            "noemt.</p></form>")


def home(site: Site, counts: dict[str, int]) -> str:
    """The FGR as an HR advisor looks for it: a search box, the families (each a list of its groups with
    their ranges, those with a profile first and marked, and a ladder over schaal 1-19), then the groups
    outside the catalogue; what the site holds as data last, in its own section."""
    file = "index.html"
    catalogus = site.data.catalogus
    in_catalogue = set(catalogus)
    with_profile = sum(1 for g in catalogus.values() if g.profiel)
    families = list(site.data.families)
    groups = list(site.data.groepen.values())
    outside = [g for g in groups if g.iri not in in_catalogue]
    catalogue_families = [f for f, _ in families if any(g.familie == f for g in catalogus.values())]
    out = ["<h1>Functiegebouw Rijksoverheid</h1>",
           "<p>Alle functiegroepen van het Functiegebouw Rijksoverheid (FGR), per functiefamilie: hun schalen en "
           "salarissen, en van de functiegroepen met een profiel het kernprofiel, de functietyperingen en de "
           "kwaliteitenprofielen.</p>", search_form(file)]
    if catalogus:
        out.append(f'<p class="catalogus-telling">Het FGR telt {len(catalogus)} functiegroepen in '
                   f"{len(catalogue_families)} functiefamilies (de catalogus van 2026-10-08). Van {with_profile} "
                   f"van deze {len(catalogus)} staat het hele profiel op deze site.</p>")
    if groups:
        text = (f"In totaal staan hier {len(groups)} functiegroepen met een profiel: "
                f"{len(groups) - len(outside)} uit de catalogus en {len(outside)} die niet in de catalogus staan "
                f"(oudere of nog niet opgenomen functiegroepen, onder hun functiefamilie of onder "
                f"<q>Zonder functiefamilie</q>).") if catalogus else f"{len(groups)} functiegroepen met een profiel."
        out.append(f'<p class="profiel-telling">{text}</p>')
    out.append("<h2>Functiefamilies en functiegroepen</h2>")
    older = [g for g in site.data.referentie if g.iri not in in_catalogue]
    known = {f for f, _ in families}
    loose = [g for g in groups if (not g.familie or g.familie not in known) and g.iri not in in_catalogue]
    loose_known = [g for g in older if not g.familie or g.familie not in known]
    idents = {family: "familie-" + family.rstrip("/").rsplit("/", 1)[-1] for family, _ in families}
    toc = []
    for family, name in families:
        n = sum(1 for g in catalogus.values() if g.familie == family)
        n += sum(1 for g in groups if g.familie == family and g.iri not in in_catalogue)
        toc.append(f'<li><a href="#{e(idents[family])}">{e(name)}</a> ({n})</li>')
    if loose or loose_known:
        toc.append(f'<li><a href="#zonder-familie">Zonder functiefamilie</a> ({len(loose) + len(loose_known)})</li>')
    out.append('<nav aria-label="Functiefamilies"><ul class="families">' + "".join(toc) + "</ul></nav>")
    for family, name in families:
        members = [g for g in catalogus.values() if g.familie == family]
        outside_family = [g for g in groups if g.familie == family and g.iri not in in_catalogue]
        ident = idents[family]
        out.append(f'<section class="familie" id="{e(ident)}" aria-labelledby="{e(ident)}-kop">')
        out.append(f'<h3 id="{e(ident)}-kop">{site.ref(file, family, name)}</h3>')
        if members:
            out.append(site.catalogue_items(file, members))
            out.append(f"<details><summary>De ladder van {e(name)}: de schaalbereiken als figuur</summary>"
                       f'{site.family_ladder(file, family, ident + "-ladder")}</details>')
        elif not outside_family:
            out.append("<p>Geen functiegroepen in de catalogus.</p>")
        if outside_family:
            out.append("<p>Met een profiel, niet in de catalogus:</p>")
            out.append(site.group_list(file, outside_family))
        out.append(site.reference_list(file, [g for g in older if g.familie == family]))
        out.append("</section>")
    if loose or loose_known:
        out.append('<section class="familie" id="zonder-familie" aria-labelledby="zonder-familie-kop">'
                   '<h3 id="zonder-familie-kop">Zonder functiefamilie</h3>')
        if loose:
            out.append("<p>De brontekst noemt geen functiefamilie.</p>")
            out.append(site.group_list(file, loose))
        out.append(site.reference_list(file, loose_known))
        out.append("</section>")
    out.append(f"<p>Zie ook de {link(file, 'id/competentie/index.html', 'competenties')} en welke "
               "functiegroepen ze vragen.</p>")
    data = (f"<p>Deze site is ook een kennisgraaf: {counts['pagina']:,} bronnen met een eigen pagina en een vaste "
            f"IRI onder <code>https://w3id.org/functiegebouw/</code>, {counts['triples']:,} triples. ".replace(",", ".")
            + "Elke IRI leidt naar een pagina zoals deze, of naar Turtle of JSON-LD voor een programma.</p>")
    return shell(file, "Start", "\n".join(out), data_intro=data,
                 description="Het Functiegebouw Rijksoverheid: functiefamilies, functiegroepen, schalen en profielen.")


def search_index(site: Site) -> dict[str, Any]:
    """The search index, small: ``teksten`` is ``[[text, [[path, group, schaal, kind], …]], …]``
    sorted by text, where path is the resource's folder (the page is ``../{path}/index.html``
    from the search page) or, for a statement, its functiegroep's folder and ``#`` the line's id, group and kind number the sorted ``groepen`` and ``soorten``, and
    schaal may be null. Nothing depends on the order of the query's rows."""
    by_text: dict[str, set[tuple[str, str, int | None, str]]] = {}  # text -> (path, group, schaal, kind)
    for r in site.data.zoekteksten:
        path = site.resources.get(r["regel"])
        if path is None:
            continue
        if r["regel"] in site.statements:  # shown on its functiegroep's page: straight to its line there
            owner, ident = site.statements[r["regel"]]
            path = site.resources.get(owner.iri, path) + "#" + ident if owner.iri in site.resources else path
        g = site.groups_by_iri.get(r["groep"])
        where = f"{g.id} {g.naam}" if g else site.name(r["groep"])
        by_text.setdefault(str(r["tekst"]), set()).add((path, where, r["schaal"], str(r["soort"] or "tekst")))
    known: list[Functiegroep | Referentiegroep] = [*site.data.groepen.values(), *site.data.referentie]
    for k in known:  # with a profile, or only known by name
        if k.iri in site.resources:
            title = k.naam if k.id is None else f"{k.id} {k.naam}"
            by_text.setdefault(k.naam, set()).add((site.resources[k.iri], title, None, "functiegroep"))
    # the labels of the occupations and groups a functiegroep is linked to: the words people use
    titles = {g.iri: g.titel for g in site.data.catalogus.values()}
    titles.update({g.iri: g.naam if g.id is None else f"{g.id} {g.naam}" for g in site.data.referentie})
    titles.update({g.iri: f"{g.id} {g.naam}" for g in site.data.groepen.values()})
    for group, target, label in site.data.zoeklabels:
        if group in site.resources:
            kind = target_kind(target, None, {})
            by_text.setdefault(label, set()).add((site.resources[group], titles.get(group) or site.name(group), None,
                                                  f"zo heet het bij {kind}" if kind != "andere koppeling" else kind))
    for concept in site.data.competentie_gebruik:
        if concept in site.resources:
            by_text.setdefault(site.name(concept), set()).add((site.resources[concept], "competentie", None, "begrip"))
    groups = sorted({h[1] for hits in by_text.values() for h in hits})
    kinds = sorted({h[3] for hits in by_text.values() for h in hits})
    gi, ki = {v: n for n, v in enumerate(groups)}, {v: n for n, v in enumerate(kinds)}
    return {"groepen": groups, "soorten": kinds,
            "teksten": [[text, sorted(([p, gi[g], s, ki[k]] for p, g, s, k in hits),
                                      key=lambda h: (h[0], h[1], -1 if h[2] is None else h[2], h[3]))]
                        for text, hits in sorted(by_text.items())]}


def search_files(site: Site) -> dict[str, str]:
    index = search_index(site)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    body = ("<h1>Zoeken</h1>"
            "<p>Zoek in alle teksten van deze site: namen van functiegroepen, resultaten, gedragsindicatoren, "
            "functietyperingen, kwaliteitenprofielen en competenties, en de namen van de beroepen waaraan een "
            "functiegroep gekoppeld is (ESCO, ISCO, BRC, O*NET, in het Nederlands en het Engels). Alle woorden "
            "moeten voorkomen, ook als deel van een woord; hoofdletters en accenten tellen niet.</p>"
            '<form id="zoekformulier" role="search" aria-label="Zoeken"><label for="zoekterm">Zoekterm</label> '
            '<input id="zoekterm" name="q" type="search" autocomplete="off"> <button type="submit">Zoek</button></form>'
            '<p id="zoekstatus" role="status" aria-live="polite"></p>'
            '<ol id="zoekresultaten" class="zoekresultaten"></ol>'
            "<noscript><p>Zoeken werkt met JavaScript. Zonder JavaScript staat de hele index in "
            f'{link(SEARCH_PAGE, "zoeken/index.json", "index.json")}; alle pagina\'s zijn ook via de '
            f'{link(SEARCH_PAGE, "index.html", "startpagina")} te bereiken.</p></noscript>'
            f'<script src="index.js"></script><script src="{e("../static/zoeken.js")}"></script>')
    return {
        "zoeken/index.json": text + "\n",
        "zoeken/index.js": "window.FGR_ZOEKINDEX = " + text + ";\n",
        SEARCH_PAGE: shell(SEARCH_PAGE, "Zoeken", body, crumbs=[("index.html", "Start")], search=False),
    }
