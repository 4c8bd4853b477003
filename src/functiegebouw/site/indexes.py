"""The start page (functiefamilies → functiegroepen → schalen) and the search page with its index."""
from __future__ import annotations

import json

from functiegebouw.site.html import e, link, shell

SEARCH_PAGE = "zoeken/index.html"


def home(site, counts: dict[str, int]) -> str:
    file = "index.html"
    out = ["<h1>Functiegebouw Rijksoverheid</h1>",
           "<p>Het functiegebouw van de Rijksoverheid als kennisgraaf: elke functiegroep, functietypering, "
           "kwaliteitenprofiel en elke uitspraak daarin heeft een vaste IRI onder "
           "<code>https://w3id.org/functiegebouw/</code>, en die IRI leidt naar een pagina zoals deze, of naar "
           "Turtle of JSON-LD voor een programma.</p>",
           f"<p>{counts['functiegroepen']} functiegroepen, {counts['pagina']:,} bronnen met een eigen pagina, "
           f"{counts['triples']:,} triples. ".replace(",", ".")
           + f"Zie ook de {link(file, 'id/competentie/index.html', 'competenties')}, de "
           f"{link(file, 'def/index.html', 'ontologie')} en de {link(file, 'dataset/index.html', 'downloads')}.</p>",
           "<h2>Functiefamilies en functiegroepen</h2>"]
    families = list(site.data.families)
    groups = list(site.data.groepen.values())
    for family, name in families:
        members = [g for g in groups if g.familie == family]
        out.append(f"<h3>{site.ref(file, family, name)}</h3>")
        out.append(site.group_list(file, members) if members else "<p>Nog geen functiegroepen in het graaf.</p>")
    known = {f for f, _ in families}
    loose = [g for g in groups if not g.familie or g.familie not in known]
    if loose:
        out.append("<h3>Zonder functiefamilie</h3>")
        out.append("<p>De brontekst of de metadata noemt geen functiefamilie.</p>")
        out.append(site.group_list(file, loose))
    return shell(file, "Start", "\n".join(out),
                 description="Het Functiegebouw Rijksoverheid als Linked Data: functiegroepen, typeringen, competenties.")


def search_index(site) -> dict:
    """{"teksten": [[text, [[link from the search page, what it is], …]], …]}, sorted by text."""
    by_text: dict[str, set] = {}
    for r in site.data.zoekteksten:
        target = site.file_of(r["regel"])
        if target is None:
            continue
        g = site.groups_by_iri.get(r["groep"])
        where = f"{g.id} {g.naam}" if g else site.name(r["groep"])
        if r["schaal"] is not None:
            where += f" · schaal {r['schaal']}"
        where += f" · {r['soort']}"
        by_text.setdefault(str(r["tekst"]), set()).add(("../" + target, where))
    for g in site.data.groepen.values():
        by_text.setdefault(g.naam, set()).add(("../" + site.file_of(g.iri), f"functiegroep {g.id}"))
    for concept in site.data.competentie_gebruik:
        target = site.file_of(concept)
        if target:
            by_text.setdefault(site.name(concept), set()).add(("../" + target, "competentie"))
    return {"teksten": [[text, sorted([list(h) for h in hits], key=lambda h: (h[1], h[0]))]
                        for text, hits in sorted(by_text.items())]}


def search_files(site) -> dict[str, str]:
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
