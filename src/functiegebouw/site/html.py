"""The page shell (header, navigation, footer), relative links, and the site's CSS and script.

Every link is relative and names the file (``../schaal/6/index.html``, not ``../schaal/6/``), so
the site reads the same from a web server and from the disk (``file://``, where a folder link
would open a listing).
"""
from __future__ import annotations

import html
import re

_SPECIAL = re.compile(r"[&<>\"']")


def e(text: str) -> str:
    """``html.escape``, but a text without special characters (most) is returned as it is: a site
    escapes ~10^6 texts."""
    return html.escape(text) if _SPECIAL.search(text) else text


SITE_NAME = "Functiegebouw Rijksoverheid als Linked Data"
NAV = (("index.html", "Functiegroepen"), ("id/competentie/index.html", "Competenties"),
       ("zoeken/index.html", "Zoeken"), ("def/index.html", "Ontologie"), ("dataset/index.html", "Dataset"))

ATTRIBUTION = ("Bron van de profielteksten: functiegebouwrijksoverheid.nl. "
               "This service uses the ESCO classification of the European Commission. "
               "BRC 2014 en Nederlandse ISCO-08-namen: Bron: CBS. "
               "This product includes information from the O*NET Database by the U.S. Department of "
               "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.")


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


def shell(file: str, title: str, body: str, *, iri: str | None = None, alternates: dict[str, str] | None = None,
          crumbs: list[tuple[str, str]] | None = None, description: str | None = None) -> str:
    """A whole HTML page. ``alternates``: {media type: site file} of the same resource."""
    head = ['<!DOCTYPE html>', '<html lang="nl">', '<head>', '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<title>{e(title)} · {e(SITE_NAME)}</title>',
            f'<link rel="stylesheet" href="{e(href(file, "static/site.css"))}">']
    if description:
        head.append(f'<meta name="description" content="{e(description)}">')
    if iri and safe_href(iri):
        head.append(f'<link rel="canonical" href="{e(iri)}">')
    for media, target in (alternates or {}).items():
        if safe_href(href(file, target)):
            head.append(f'<link rel="alternate" type="{e(media)}" href="{e(href(file, target))}">')
    head.append("</head>")
    nav = "".join(f"<li>{link(file, target, text)}</li>" for target, text in NAV)
    header = (f'<header><a class="skip" href="#inhoud">Naar de inhoud</a>'
              f'<p class="site">{link(file, "index.html", SITE_NAME)}</p>'
              f'<nav aria-label="Hoofdmenu"><ul>{nav}</ul></nav>'
              f'<form class="zoek" role="search" action="{e(href(file, "zoeken/index.html"))}" method="get">'
              f'<label for="zoek-kop">Zoeken in alle teksten</label> '
              f'<input id="zoek-kop" name="q" type="search"> <button type="submit">Zoek</button></form>'
              f'</header>')
    trail = ""
    if crumbs:
        items = "".join(f"<li>{link(file, target, text)}</li>" for target, text in crumbs)
        trail = f'<nav aria-label="Kruimelpad" class="kruimels"><ol>{items}</ol></nav>'
    meta = ""
    if iri or alternates:
        parts = []
        if iri:
            parts.append(f'IRI: <code>{e(iri)}</code>')
        for media, target in (alternates or {}).items():
            name = {"text/turtle": "Turtle", "application/ld+json": "JSON-LD",
                    "application/n-triples": "N-Triples"}.get(media, media)
            parts.append(link(file, target, name))
        meta = f'<p class="iri">{" · ".join(parts)}</p>'
    footer = (f'<footer><p>{e(ATTRIBUTION)}</p><p>Gegevens en software: EUPL-1.2. '
              f'{link(file, "dataset/index.html", "Over deze dataset, licenties en downloads")}.</p></footer>')
    return "\n".join(head + ["<body>", header, f"<main id=\"inhoud\">{trail}", meta, body, "</main>",
                             footer, "</body>", "</html>"]) + "\n"


CSS = """:root{--tekst:#1b1b1b;--zacht:#4a4a4a;--lijn:#b8b8b8;--vlak:#f2f4f7;--link:#0b4f8a;--accent:#154273}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--tekst);background:#fff;margin:0;line-height:1.5}
header{background:var(--accent);color:#fff;padding:.6rem 1rem}
header a{color:#fff}
header .site{margin:0;font-weight:700;font-size:1.1rem}
header nav ul{list-style:none;margin:.3rem 0;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.zoek{margin:.3rem 0}.zoek label{position:absolute;left:-9999px}
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
.fuwasys{max-width:32rem;height:auto}.fuwasys .bar{fill:var(--accent)}.fuwasys text{font-size:11px;fill:var(--tekst)}
.fuwasys .as{stroke:var(--zacht)}
.schaal{border:1px solid var(--lijn);padding:.2rem 1rem 1rem;margin:1rem 0;border-radius:4px}
.lijst-kolommen{columns:2 20rem}
.zoekresultaten li{margin:.4rem 0}.zoekresultaten mark{background:#fff3b0}
code{font-size:.9em}
dl.feiten{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.feiten dt{font-weight:600}dl.feiten dd{margin:0}
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
        a.href = "../" + h[0] + "/index.html";
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
