"""The start page (functiefamilies → functiegroepen → schalen) and the search page with its index."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from functiegebouw.site.html import e, link, shell

if TYPE_CHECKING:
    from functiegebouw.site.model import Functiegroep, Referentiegroep
    from functiegebouw.site.pages import Site

SEARCH_PAGE = "zoeken/index.html"


def home(site: Site, counts: dict[str, int]) -> str:
    """The FGR as it is: the catalogue's families, each a ladder over schaal 1-19 with its groups beside it
    (those with a profile first, marked); then profiles and older names outside the catalogue."""
    file = "index.html"
    catalogus = site.data.catalogus
    in_catalogue = set(catalogus)
    with_profile = sum(1 for g in catalogus.values() if g.profiel)
    families = list(site.data.families)
    catalogue_families = [f for f, _ in families if any(g.familie == f for g in catalogus.values())]
    out = ["<h1>Functiegebouw Rijksoverheid</h1>",
           "<p>Het functiegebouw van de Rijksoverheid als kennisgraaf: elke functiegroep, functietypering, "
           "kwaliteitenprofiel en elke uitspraak daarin heeft een vaste IRI onder "
           "<code>https://w3id.org/functiegebouw/</code>, en die IRI leidt naar een pagina zoals deze, of naar "
           "Turtle of JSON-LD voor een programma.</p>"]
    if catalogus:
        out.append(f'<p class="catalogus-telling">Het FGR telt {len(catalogus)} functiegroepen in '
                   f"{len(catalogue_families)} functiefamilies (de catalogus van 2026-10-08); van {with_profile} "
                   f"is een profiel in het graaf geladen.</p>")
    out.append(f"<p>{counts['functiegroepen']} functiegroepen met een profiel, "
               f"{counts['pagina']:,} bronnen met een eigen pagina, "
               f"{counts['triples']:,} triples. ".replace(",", ".")
               + f"Zie ook de {link(file, 'id/competentie/index.html', 'competenties')}, de "
               f"{link(file, 'def/index.html', 'ontologie')} en de {link(file, 'dataset/index.html', 'downloads')}.</p>")
    out.append("<h2>Functiefamilies en functiegroepen</h2>")
    groups = list(site.data.groepen.values())
    older = [g for g in site.data.referentie if g.iri not in in_catalogue]
    for family, name in families:
        members = [g for g in catalogus.values() if g.familie == family]
        outside = [g for g in groups if g.familie == family and g.iri not in in_catalogue]
        ident = "familie-" + family.rstrip("/").rsplit("/", 1)[-1]
        out.append(f'<section class="familie" id="{e(ident)}" aria-labelledby="{e(ident)}-kop">')
        out.append(f'<h3 id="{e(ident)}-kop">{site.ref(file, family, name)}</h3>')
        if members:
            out.append(site.family_ladder(file, family, ident + "-ladder"))
            out.append(site.catalogue_items(file, members))
        elif not outside:
            out.append("<p>Geen functiegroepen in de catalogus.</p>")
        if outside:
            out.append("<p>Met een profiel, niet in de catalogus:</p>")
            out.append(site.group_list(file, outside))
        out.append(site.reference_list(file, [g for g in older if g.familie == family]))
        out.append("</section>")
    known = {f for f, _ in families}
    loose = [g for g in groups if (not g.familie or g.familie not in known) and g.iri not in in_catalogue]
    loose_known = [g for g in older if not g.familie or g.familie not in known]
    if loose or loose_known:
        out.append("<h3>Zonder functiefamilie</h3>")
        if loose:
            out.append("<p>De brontekst of de metadata noemt geen functiefamilie.</p>")
            out.append(site.group_list(file, loose))
        out.append(site.reference_list(file, loose_known))
    return shell(file, "Start", "\n".join(out),
                 description="Het Functiegebouw Rijksoverheid als Linked Data: functiegroepen, typeringen, competenties.")


def search_index(site: Site) -> dict[str, Any]:
    """The search index, small: ``teksten`` is ``[[text, [[path, group, schaal, kind], …]], …]``
    sorted by text, where path is the resource's folder (the page is ``../{path}/index.html``
    from the search page), group and kind number the sorted ``groepen`` and ``soorten``, and
    schaal may be null. Nothing depends on the order of the query's rows."""
    by_text: dict[str, set[tuple[str, str, int | None, str]]] = {}  # text -> (path, group, schaal, kind)
    for r in site.data.zoekteksten:
        path = site.resources.get(r["regel"])
        if path is None:
            continue
        g = site.groups_by_iri.get(r["groep"])
        where = f"{g.id} {g.naam}" if g else site.name(r["groep"])
        by_text.setdefault(str(r["tekst"]), set()).add((path, where, r["schaal"], str(r["soort"] or "tekst")))
    named: list[Functiegroep | Referentiegroep] = [*site.data.groepen.values(), *site.data.referentie]
    for group in named:  # with a profile, or only known by name
        if group.iri in site.resources:
            title = group.naam if group.id is None else f"{group.id} {group.naam}"
            by_text.setdefault(group.naam, set()).add((site.resources[group.iri], title, None, "functiegroep"))
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
            "<p>Zoek in alle teksten van het graaf: resultaten, gedragsindicatoren, typeringen, "
            "kwaliteitenprofielen, competenties en namen van functiegroepen. Alle woorden moeten voorkomen; "
            "hoofdletters en accenten tellen niet.</p>"
            '<form id="zoekformulier" role="search"><label for="zoekterm">Zoekterm</label> '
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
        SEARCH_PAGE: shell(SEARCH_PAGE, "Zoeken", body, crumbs=[("index.html", "Start")]),
    }
