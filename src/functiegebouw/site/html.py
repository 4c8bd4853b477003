"""The page shell (header, navigation, footer), relative links, and the site's CSS and script.

Every link is relative and names the file (``../schaal/6/index.html``, not ``../schaal/6/``), so
the site reads the same from a web server and from the disk (``file://``, where a folder link
would open a listing).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_SPECIAL = re.compile(r"[&<>\"']")


def e(text: str) -> str:
    """``html.escape``, but a text without special characters (most) is returned as it is: a site
    escapes ~10^6 texts."""
    return html.escape(text) if _SPECIAL.search(text) else text


SITE_NAME = "Functiegebouw Rijksoverheid als Linked Data"
SITE_TITLE = "Functiegebouw Rijksoverheid"  # in the header: the words people know
NAV = (("index.html", "Functiegroepen"), ("id/competentie/index.html", "Competenties"),
       ("zoeken/index.html", "Zoeken"), ("dataset/index.html", "Als data"))

# The footer's attribution: our own lines in Dutch; ESCO's and O*NET's are the licensors' required wording,
# quoted in English and marked so (lang="en": a screen reader reads them as English on a Dutch page).
ATTRIBUTION = (("Bron van de profielteksten: functiegebouwrijksoverheid.nl.", "nl"),
               ("This service uses the ESCO classification of the European Commission.", "en"),
               ("BRC 2014 en Nederlandse ISCO-08-namen: Bron: CBS.", "nl"),
               ("This product includes information from the O*NET Database by the U.S. Department of "
                "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.", "en"))


def in_language(text: str, lang: str, page_lang: str = "nl") -> str:
    """``text`` escaped, in a span that names its language where it is not the page's."""
    return e(text) if lang == page_lang else f'<span lang="{lang}">{e(text)}</span>'


def href(from_file: str, to_file: str) -> str:
    """The relative link from one site file to another (both relative to the site root).

    Plain string work, not posixpath.relpath: a site has ~10^5 links, and both paths are clean."""
    folder = from_file.rpartition("/")[0]
    if not folder:
        return to_file
    if to_file.startswith(folder) and to_file[len(folder):len(folder) + 1] == "/":  # below this page
        return to_file[len(folder) + 1:]
    here = folder.split("/")
    there = to_file.split("/")
    n = 0
    while n < len(here) and n < len(there) - 1 and here[n] == there[n]:
        n += 1
    return "../" * (len(here) - n) + "/".join(there[n:])


def page_file(path: str) -> str:
    """The HTML file of a resource folder."""
    return f"{path}/index.html" if path else "index.html"


# A scheme at the start of a link ("javascript:", "data:", "HTTP:"); and characters a browser
# strips or skips when it reads an href (so " java\tscript:" still runs): a link holding one is
# not written at all.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_HIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]")


def safe_href(target: str) -> str | None:
    """``target`` if a page may link to it, else None: an absolute ``http``/``https`` URL, a
    relative link within the site (no scheme, no ``//host``), or a ``#fragment``. Every href the
    site writes passes here, so a ``javascript:`` IRI in the data is shown, never linked."""
    if not target or _HIDDEN.search(target):
        return None
    scheme = _SCHEME.match(target)
    if scheme is None:
        return None if target.startswith(("//", "\\", "/\\", "\\/")) else target
    if scheme.group(0).lower() in ("http:", "https:") and target[scheme.end():scheme.end() + 2] == "//":
        return target
    return None


def anchor(target: str, inner: str, attrs: str = "") -> str:
    """``<a href="target"…>inner</a>`` (``inner`` is HTML), or ``inner`` alone when ``target`` is not
    one :func:`safe_href` allows."""
    url = safe_href(target)
    if url is None:
        return inner
    return f'<a href="{e(url)}"{attrs}>{inner}</a>'


def link(from_file: str, to_file: str, text: str, *, lang: str | None = None, cls: str | None = None) -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' lang="{e(lang)}"' if lang else ""
    return anchor(href(from_file, to_file), e(text), attrs)


def external(url: str, text: str, *, lang: str | None = None) -> str:
    """A link out of the site; a URL that is not http(s) is shown as code, not linked."""
    attrs = f' lang="{e(lang)}"' if lang else ""
    if safe_href(url) is None:
        return f"<code{attrs}>{e(text)}</code>"
    return anchor(url, e(text), ' rel="external"' + attrs)


DATA_NAMES = {"text/turtle": "Turtle", "application/ld+json": "JSON-LD", "application/n-triples": "N-Triples"}


def shell(file: str, title: str, body: str, *, iri: str | None = None, alternates: dict[str, str] | None = None,
          crumbs: list[tuple[str, str]] | None = None, description: str | None = None, data: str = "",
          data_intro: str = "", search: bool = True) -> str:
    """A whole HTML page. ``alternates``: {media type: site file} of the same resource.

    The page is for people: what a program needs (the IRI, the Turtle and JSON-LD files, ``data``:
    the properties table of the resource; ``data_intro``: text above it) is kept to one "Als data"
    section at the end of the page,
    so the words of RDF stay out of the text people read. ``search``: the search box in the header
    (the search page has its own)."""
    chrome = _chrome(file)
    head = ['<!DOCTYPE html>', '<html lang="nl">', '<head>', '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<title>{e(title)} · {e(SITE_NAME)}</title>', chrome.css]
    if description:
        head.append(f'<meta name="description" content="{e(description)}">')
    if iri and safe_href(iri):
        head.append(f'<link rel="canonical" href="{e(iri)}">')
    for media, target in (alternates or {}).items():
        if safe_href(href(file, target)):
            head.append(f'<link rel="alternate" type="{e(media)}" href="{e(href(file, target))}">')
    head.append("</head>")
    header = chrome.header if search else chrome.header_plain
    trail = ""
    if crumbs:
        items = "".join(f"<li>{link(file, target, text)}</li>" for target, text in crumbs)
        trail = f'<nav aria-label="Kruimelpad" class="kruimels"><ol>{items}</ol></nav>'
    section = ""
    if iri or alternates or data or data_intro:
        section = data_section(file, iri, alternates, data, data_intro)
    return "\n".join(head + ["<body>", header, f"<main id=\"inhoud\">{trail}", body, section, "</main>",
                             chrome.footer, "</body>", "</html>"]) + "\n"


@dataclass(frozen=True)
class _Chrome:
    """The parts of a page that link only to the site's fixed pages (the style sheet, the menu,
    the search page, the dataset and the ontology)."""
    css: str
    header: str  # with the search box
    header_plain: str
    footer: str
    whole: str  # the links to the dataset and the ontology in the "Als data" section


# The fixed pages lie at most two folders deep, so a link from a page to one of them depends only
# on how deep the page is and on its first two folders (href: the common part of the two paths is
# at most those two): the parts are made once per such key (a few dozen), not for each of the
# ~10^4 pages (a tenth of the site's CPU time went into these ~10 links per page).
_CHROMES: dict[tuple[int, str, str], _Chrome] = {}


def _chrome(file: str) -> _Chrome:
    folders = file.split("/")[:-1]
    key = (len(folders), folders[0] if folders else "", folders[1] if len(folders) > 1 else "")
    chrome = _CHROMES.get(key)
    if chrome is None:
        chrome = _CHROMES[key] = _make_chrome(file)
    return chrome


def _make_chrome(file: str) -> _Chrome:
    nav = "".join(f"<li>{link(file, target, text)}</li>" for target, text in NAV)
    # labelled (two search landmarks on one page must differ) and with a label people can see
    form = (f'<form class="zoek" role="search" aria-label="Zoeken op de hele site" '
            f'action="{e(href(file, "zoeken/index.html"))}" method="get">'
            f'<label for="zoek-kop">Zoek een functie of tekst</label> '
            f'<input id="zoek-kop" name="q" type="search"> <button type="submit">Zoek</button></form>')

    def header(form: str) -> str:
        return (f'<header><a class="skip" href="#inhoud">Naar de inhoud</a>'
                f'<p class="site">{link(file, "index.html", SITE_TITLE)}</p>'
                f'<nav aria-label="Hoofdmenu"><ul>{nav}</ul></nav>{form}</header>')

    footer = (f'<footer><p>{" ".join(in_language(text, lang) for text, lang in ATTRIBUTION)}</p>'
              f'<p>Gegevens en software: EUPL-1.2. '
              f'{link(file, "dataset/index.html", "Over deze gegevens, licenties en downloads")}.</p></footer>')
    whole = (f'De hele dataset, de ontologie en de licenties: {link(file, "dataset/index.html", "dataset")} · '
             f'{link(file, "def/index.html", "ontologie")}.')
    return _Chrome(f'<link rel="stylesheet" href="{e(href(file, "static/site.css"))}">', header(form), header(""),
                   footer, whole)


def data_section(file: str, iri: str | None, alternates: dict[str, str] | None, data: str = "", intro: str = "") -> str:
    """The one section of a page that speaks of RDF: the resource's IRI, its files for programs,
    and ``data`` (HTML: its properties as the graph holds them), folded."""
    parts = [intro] if intro else []
    if iri:
        parts.append(f"<p>IRI: <code>{e(iri)}</code></p>")
    files = [link(file, target, DATA_NAMES.get(media, media)) for media, target in (alternates or {}).items()]
    parts.append(f'<p class="iri">{"Deze pagina als RDF: " + " · ".join(files) + ". " if files else ""}'
                 f'{_chrome(file).whole}</p>')
    if data:
        parts.append(f"<details><summary>Alle eigenschappen en verwijzingen</summary>{data}</details>")
    return ('<section class="als-data" aria-labelledby="als-data"><h2 id="als-data">Als data</h2>'
            + "".join(parts) + "</section>")


def redirect_page(file: str, target: str, where: str, text: str, *, iri: str | None = None,
                  alternates: dict[str, str] | None = None) -> str:
    """The page of a resource that is shown on another page (a statement in its block on its
    functiegroep's page): the browser goes there at once (``target``: a site file with its
    ``#anchor``), from a server and from the disk alike; a person without that sees a link."""
    url = href(file, target)
    body = (f"<h1>{e(text)}</h1><p>Deze tekst staat op de pagina van functiegroep {link(file, target, where)}.</p>")
    page = shell(file, text, body, iri=iri, alternates=alternates)
    return page.replace('<meta charset="utf-8">',
                        f'<meta charset="utf-8">\n<meta http-equiv="refresh" content="0; url={e(url)}">', 1)


CSS = """:root{--tekst:#1b1b1b;--zacht:#4a4a4a;--lijn:#b8b8b8;--vlak:#f2f4f7;--link:#0b4f8a;--accent:#154273}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--tekst);background:#fff;margin:0;line-height:1.5}
header{background:var(--accent);color:#fff;padding:.6rem 1rem}
header a{color:#fff}
header .site{margin:0;font-weight:700;font-size:1.1rem}
header nav ul{list-style:none;margin:.3rem 0;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.zoek{margin:.3rem 0}.zoek label{margin-right:.3rem}
.zoek input{padding:.2rem .4rem;border:1px solid #fff;min-width:14rem}
.skip{position:absolute;left:-9999px}.skip:focus{position:static}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer{max-width:72rem;margin:2rem auto;padding:1rem;border-top:1px solid var(--lijn);color:var(--zacht);font-size:.9rem}
a{color:var(--link)}a:focus,button:focus,input:focus{outline:3px solid #f5a623;outline-offset:1px}
h1{font-size:1.8rem;margin:.5rem 0}h2{margin-top:2rem;border-bottom:2px solid var(--accent)}h3{margin-top:1.4rem}
.kruimels ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem;font-size:.9rem}
.kruimels li+li::before{content:"›";margin-right:.4rem;color:var(--zacht)}
.iri{font-size:.85rem;color:var(--zacht);word-break:break-all}
.en{color:var(--zacht)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem}
th,td{border:1px solid var(--lijn);padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:var(--vlak)}
td.absent{background:#fafafa}td.status{white-space:nowrap;color:var(--zacht)}tr.same td{color:var(--zacht)}
del{background:#fdd;color:#8a0000}ins{background:#d7f5d7;color:#054d05;text-decoration:none;font-weight:600}
.sub{font-style:italic;background:#f9f9f9}
.pm{color:var(--zacht);font-style:italic}
.fuwasys{max-width:100%;height:auto}.fuwasys .bar{fill:var(--accent)}.fuwasys text{font-size:11px;fill:var(--tekst)}
.fuwasys .as{stroke:var(--zacht)}.fuwasys .raster{stroke:#d0d0d0}
.schaal{border:1px solid var(--lijn);padding:.2rem 1rem 1rem;margin:1rem 0;border-radius:4px}
.lijst-kolommen{columns:2 20rem}
.zoekresultaten li{margin:.4rem 0}.zoekresultaten mark{background:#fff3b0}
code{font-size:.9em}
dl.feiten{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.feiten dt{font-weight:600}dl.feiten dd{margin:0}
details{margin:.4rem 0}summary{cursor:pointer}summary h3,summary h4{display:inline;margin:0}
details.blok{border:1px solid var(--lijn);border-radius:4px;padding:.3rem .8rem;margin:.5rem 0}
details.blok[open]{padding-bottom:.8rem}details.blok>summary{font-weight:600;padding:.2rem 0}
.als-data{margin-top:3rem;font-size:.9rem;color:var(--zacht)}.als-data h2{font-size:1.2rem}
.zoek-groot{margin:1rem 0;padding:1rem;background:var(--vlak);border-radius:4px}.zoek-groot input{min-width:20rem;padding:.3rem .5rem}
.families{columns:2 18rem}.families li{margin:.2rem 0}
li:target{background:#fff3b0}
.op-pagina ul{display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;list-style:none;padding:0;margin:.8rem 0}.samenvatting{font-weight:400;font-size:1rem;color:var(--zacht)}
"""

# The search box: the only script of the site. The index is a plain JSON file; it is loaded with
# a <script> tag of its own (zoeken/index.js assigns the same JSON), because a browser refuses
# fetch() from file:// pages.
SEARCH_JS = """(function () {
  "use strict";
  var data = window.FGR_ZOEKINDEX || {teksten: []};
  var form = document.getElementById("zoekformulier");
  var input = document.getElementById("zoekterm");
  var out = document.getElementById("zoekresultaten");
  var status = document.getElementById("zoekstatus");
  var MAX = 200;
  function norm(s) { return s.toLocaleLowerCase("nl").normalize("NFD").replace(/[\\u0300-\\u036f]/g, ""); }
  var prepared = data.teksten.map(function (t) { return [norm(t[0]), t]; });
  function show(q) {
    out.textContent = "";
    var words = norm(q).split(/\\s+/).filter(Boolean);
    if (!words.length) { status.textContent = ""; return; }
    var hits = prepared.filter(function (p) { return words.every(function (w) { return p[0].indexOf(w) >= 0; }); });
    status.textContent = hits.length + (hits.length === 1 ? " tekst gevonden" : " teksten gevonden") +
      (hits.length > MAX ? "; de eerste " + MAX + " staan hieronder" : "");
    hits.slice(0, MAX).forEach(function (p) {
      var t = p[1], li = document.createElement("li"), q = document.createElement("q");
      q.textContent = t[0];
      li.appendChild(q);
      var ul = document.createElement("ul");
      t[1].forEach(function (h) {  // [folder, group, schaal or null, kind]
        var item = document.createElement("li"), a = document.createElement("a");
        var cut = h[0].indexOf("#");  // a statement: its line on its functiegroep's page
        a.href = "../" + (cut < 0 ? h[0] + "/index.html" : h[0].slice(0, cut) + "/index.html" + h[0].slice(cut));
        a.textContent = data.groepen[h[1]] + (h[2] === null ? "" : " · schaal " + h[2]) + " · " + data.soorten[h[3]];
        item.appendChild(a); ul.appendChild(item);
      });
      li.appendChild(ul);
      out.appendChild(li);
    });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); });
  input.addEventListener("input", function () { show(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
"""
