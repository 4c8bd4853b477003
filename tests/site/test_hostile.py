"""fgr site on hostile data and options (issue 22 items 3, 8 and 12): links that would run script,
a --host that would add lines to the .htaccess, IRIs under the base that map onto the site's own
files, long RDF lists, and path segments too long for a file name. Each site is built from a few
triples written here."""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import functiegebouw
from functiegebouw.cli import main
from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.site.build import build_site
from functiegebouw.site.describe import FILE_ENDINGS, OWN_FOLDERS, Graph, reserved
from functiegebouw.site.html import external, safe_href
from functiegebouw.site.negotiation import check_host
from functiegebouw.site.negotiation import w3id_htaccess as htaccess

BASE = "https://w3id.org/functiegebouw/"
PREFIXES = """@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix id: <https://w3id.org/functiegebouw/id/> .
"""
GROUP = """id:functiegroep\\/901 a fgr:JobGroup ; fgr:fgrId 901 ; rdfs:label "Proef"@nl .
"""


def site_from(tmp_path: Path, turtle: str, jobs: int = 1, name: str = "site") -> Path:
    data = tmp_path / f"data-{name}"
    data.mkdir()
    (data / "g.ttl").write_text(PREFIXES + turtle, encoding="utf-8")
    store = functiegebouw.open(data, store_dir=tmp_path / f"store-{name}", ontology=False)  # small and quick
    out = tmp_path / name
    build_site(store, out, jobs=jobs)
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- 3: javascript: links

@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:x", "//evil.example/x", "file:///etc/passwd", "http:evil", ""])
def test_no_href_but_http_https_and_relative(url):
    assert safe_href(url) is None
    assert "<a " not in external(url, "bron")


@pytest.mark.parametrize("url", ["https://www.functiegebouwrijksoverheid.nl/x?a=1&b=2", "HTTP://example.org/",
                                 "../id/x/index.html", "index.html", "#kernprofiel"])
def test_http_https_and_relative_links_kept(url):
    assert safe_href(url) == url


_HREF = re.compile(r'\shref="([^"]*)"')


def test_a_javascript_url_in_the_data_is_never_a_link(tmp_path):
    out = site_from(tmp_path, GROUP + """id:functiegroep\\/901 schema:url <javascript:alert(document.domain)> ;
        rdfs:seeAlso <javascript:alert(2)> , <data:text/html,x> .
        id:functiegroep\\/902 a fgr:JobGroup ; fgr:fgrId 902 ; schema:url <https://example.org/ok> .
        """)
    page = (out / "id/functiegroep/901/index.html").read_text(encoding="utf-8")
    assert "javascript:alert(document.domain)" in page  # shown as text
    other = (out / "id/functiegroep/902/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/ok"' in other  # a web link still is one
    # checked apart from safe_href: any scheme but http(s), after what a browser strips
    bad = [(p.name, h) for p in out.rglob("*.html") for h in _HREF.findall(p.read_text(encoding="utf-8"))
           if re.match(r"[a-z][a-z0-9+.\-]*:", re.sub(r"[\x00-\x20]", "", h).lower())
           and not h.lower().startswith(("http://", "https://"))]
    assert bad == []


def test_convert_refuses_a_source_url_that_is_not_http(tmp_path):
    src = tmp_path / "x.txt"
    src.write_text("irrelevant\n", encoding="utf-8")
    src.with_suffix(".toml").write_text('functiegroep_id = 901\nlabel = "Proef"\n'
                                        'source_url = "javascript:alert(document.domain)"\n', encoding="utf-8")
    with pytest.raises(FgrError, match=r"x\.toml:3: 'source_url' .*http:// or https://"):
        convert(src)


# --------------------------------------------------------------------------- 12: --host

@pytest.mark.parametrize("host", ["https://x.example/\nRewriteRule ^ https://evil.example/ [R=302,L]",
                                  "https://x.example/ [R]", "javascript:alert(1)", "ftp://x.example/",
                                  "https://x.example/$1", "https://x.example/%{HTTP_HOST}", "x.example/site/",
                                  "https://x.example/?q=1", "https://x.example/#f", "https://x.example/\r",
                                  "https://", ""])
def test_host_must_be_a_plain_http_url(host, tmp_path, capsys):
    with pytest.raises(FgrError, match="--host: expected an absolute http"):
        check_host(host)
    with pytest.raises(FgrError):
        htaccess(host)
    code = main(["site", str(tmp_path / "out"), "--data", str(tmp_path), "--host", host])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--host: expected" in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("host", ["https://fgr.example.org/site/", "http://127.0.0.1:8080/", "https://a-b.nl",
                                  "https://x.example/functie_gebouw/v~1/"])
def test_plain_hosts_are_accepted(host):
    rules = htaccess(host)
    assert host.rstrip("/") + "/" in rules
    assert not any(line.startswith("Rewrite") and "evil" in line for line in rules.splitlines())


# --------------------------------------------------------------------------- 8: the site's own paths, long lists

LIST_ITEMS = 3000  # ~1,000 raised RecursionError
LONG = "vergelijk-functietypering-" + "-".join(str(n) for n in range(1, 81))  # 80 schalen: 250 characters
OWN = {  # IRI path -> what the site writes there itself
    "static/site.css": b":root{", "index.html": b"<!DOCTYPE html>", "dataset/functiegebouw.ttl": b"@prefix",
    "zoeken": None, "vergelijk/901/schaal-6-7": None, "dataset": None, "id/x/index.ttl": None,
}
HOSTILE = GROUP + "".join(f'<{BASE}{path}> rdfs:label "kaper {n}"@nl .\n' for n, path in enumerate(OWN)) + f"""
id:x rdfs:label "x"@nl .
id:lijst rdfs:label "lijst"@nl ; fgr:items ( {" ".join(str(n) for n in range(LIST_ITEMS))} ) .
<{BASE}id/functiegroep/901/bron/{LONG}> rdfs:label "bron met 80 schalen"@nl .
"""


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory):
    """The hostile data built with one worker and with three."""
    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    data.mkdir()
    (data / "g.ttl").write_text(PREFIXES + HOSTILE, encoding="utf-8")
    store = functiegebouw.open(data, store_dir=tmp / "store", ontology=False)
    one = build_site(store, tmp / "one", jobs=1)
    three = build_site(store, tmp / "three", jobs=3)
    return one.out, three.out, one.skipped, three.skipped


def test_the_sites_own_files_win_over_iris_under_the_base(hostile_sites):
    one, _, skipped, _ = hostile_sites
    assert (one / "static/site.css").read_bytes().startswith(b":root{")
    assert (one / "index.html").read_text(encoding="utf-8").count("<h1>Functiegebouw Rijksoverheid</h1>") == 1
    assert b'<form id="zoekformulier"' in (one / "zoeken/index.html").read_bytes()
    assert b"<h1>Dataset</h1>" in (one / "dataset/index.html").read_bytes()
    assert (one / "dataset/functiegebouw.ttl").is_file() and (one / "id/x/index.ttl").is_file()
    assert not (one / "vergelijk").exists()  # 901 has no schalen: no compare page, and no hijacker's page
    for n, path in enumerate(OWN):  # no page of a hijacking IRI anywhere
        assert not [p for p in one.rglob("index.html") if f'"kaper {n}"'.encode() in p.read_bytes()], path
    # each hijacking IRI named once, with why (`fgr site` prints one warning line for each)
    assert sorted(iri for iri, _ in skipped) == sorted(BASE + path for path in OWN)
    assert all(why.startswith("its path ") for _, why in skipped)


def test_the_same_bytes_for_any_number_of_workers(hostile_sites):
    one, three, skipped, skipped_three = hostile_sites
    mine, theirs = files_of(one), files_of(three)
    assert sorted(mine) == sorted(theirs)
    assert [k for k in mine if mine[k] != theirs[k]] == []
    assert skipped == skipped_three


def test_a_list_of_thousands_and_a_segment_too_long_for_a_file_name(hostile_sites):
    one, *_ = hostile_sites
    from rdflib import Graph as RGraph
    from rdflib import URIRef
    from rdflib.collection import Collection

    g = RGraph().parse(one / "id/lijst/index.ttl", format="turtle")
    head = g.value(URIRef(BASE + "id/lijst"), URIRef("https://w3id.org/functiegebouw/def#items"))
    assert [int(x) for x in Collection(g, head)] == list(range(LIST_ITEMS))
    (folder,) = (one / "id/functiegroep/901/bron").iterdir()
    assert len(folder.name) <= 120 and folder.name.startswith(LONG[:60])
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f"{BASE}id/functiegroep/901/bron/{LONG}" in page and "bron met 80 schalen" in page


# --------------------------------------------------------------------------- property: placement from IRIs alone

# make test: a moderate number of examples; fuzz/run.py raises it (FGR_HYPOTHESIS_EXAMPLES, FGR_FUZZ)
_EXAMPLES = int(os.environ.get("FGR_HYPOTHESIS_EXAMPLES", "25")) * 4
# segments that hit the site's own files, case twins, file endings, long ones, and plain ones
_SEGMENTS = st.one_of(
    st.sampled_from([*OWN_FOLDERS, "index.html", "index.ttl", "site.css", "functiegebouw.ttl", "Zoeken", "ID", "id",
                     "x", "X", "schaal-6-7", "0.2.0", "..", ".", "", "a%2Fb", "x.var", "def"]),
    st.from_regex(r"[A-Za-z0-9][a-z0-9.\-]{0,6}(\.(" + "|".join(e[1:] for e in FILE_ENDINGS) + "))?", fullmatch=True),
    st.builds(lambda n, c: c * n, st.integers(100, 300), st.sampled_from(["a", "7-", "Bb"])),
)
_IRIS = st.lists(st.lists(_SEGMENTS, min_size=1, max_size=4).map(lambda s: BASE + "/".join(s)),
                 min_size=1, max_size=25).flatmap(  # with case twins of some
    lambda iris: st.lists(st.sampled_from(iris), max_size=3).map(
        lambda some: list(dict.fromkeys(iris + [BASE + i[len(BASE):].swapcase() for i in some]))))


def _graph(iris: list[str], seed: int) -> Graph:
    rows = [({"type": "uri", "value": i}, {"type": "uri", "value": "urn:p"}, {"type": "literal", "value": str(n)})
            for n, i in enumerate(iris)]
    random.Random(seed).shuffle(rows)
    return Graph(rows)


@settings(max_examples=_EXAMPLES, deadline=None, derandomize=not os.environ.get("FGR_FUZZ"),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_IRIS, st.integers(0, 2**32))
def test_every_iri_gets_one_safe_folder_or_a_reason(iris, seed):
    """Whatever IRIs the data holds, in any order: each folder is taken once (also ignoring case),
    never by the site's own files, never longer than a file name; every other IRI is named."""
    g = _graph(iris, seed)
    placed, skipped = g.resources(), g.unpublishable()
    assert (placed, skipped) == (_graph(iris, seed + 1).resources(), _graph(iris, seed + 1).unpublishable())
    assert set(placed) | {i for i, _ in skipped} == set(iris)
    assert len({p.lower() for p in placed.values()}) == len(placed)
    files = {f"{p}/index{ext}".lower() for p in placed.values() for ext in (".html", ".ttl", ".jsonld", ".nt", ".var")}
    for path in placed.values():
        assert reserved(path) is None and path.lower() not in files
        assert path.split("/", 1)[0].lower() not in OWN_FOLDERS
        assert all(0 < len(seg.encode()) <= 120 for seg in path.split("/"))


RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
# short lists and one long one (FGR_FUZZ_SCALE: 10 times longer in fuzz/run.py)
_CHAINS = st.lists(st.integers(0, 40), min_size=1, max_size=6).map(lambda ns: ns + [int(os.environ.get("FGR_FUZZ_SCALE", "1")) * 1500])


@settings(max_examples=max(5, _EXAMPLES // 10), deadline=None, derandomize=not os.environ.get("FGR_FUZZ"),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_CHAINS, st.integers(0, 2**32))
def test_long_lists_get_the_same_labels_whatever_the_store_calls_their_nodes(lengths, seed):
    """RDF lists (chains of blank nodes), one of them long, twins among them: every node labelled
    from its content, so two stores naming the nodes differently give the same triples."""
    def rows(rename: int) -> list:
        rnd = random.Random(rename)
        names = iter(rnd.sample(range(10**7), sum(lengths) + len(lengths)))
        out = []
        for n, length in enumerate(lengths):
            nodes = [f"b{next(names)}" for _ in range(length)]
            head = {"type": "bnode", "value": nodes[0]} if nodes else {"type": "uri", "value": RDF_NIL}
            out.append(({"type": "uri", "value": f"{BASE}id/lijst/{n}"}, {"type": "uri", "value": "urn:items"}, head))
            for i, node in enumerate(nodes):
                s = {"type": "bnode", "value": node}
                out.append((s, {"type": "uri", "value": RDF_FIRST}, {"type": "literal", "value": str(i % 3)}))
                rest = {"type": "bnode", "value": nodes[i + 1]} if i + 1 < length else {"type": "uri", "value": RDF_NIL}
                out.append((s, {"type": "uri", "value": RDF_REST}, rest))
        rnd.shuffle(out)
        return out

    one, other = Graph(rows(seed)), Graph(rows(seed + 1))
    assert one.data == other.data
    described = one.describe_all()
    assert sum(len(d.triples) for d in described.values()) == len(one) == len(lengths) + 2 * sum(lengths)



def test_the_cli_names_each_iri_without_a_page_in_one_line(tmp_path, capsys, monkeypatch):
    import functiegebouw.sparql.connect as connect

    real_open = connect.open
    # without the shipped vocabularies (thousands of pages that are not what this test is about)
    monkeypatch.setattr(connect, "open", lambda *a, **k: real_open(*a, **{"ontology": False, **k}))
    data = tmp_path / "data"
    data.mkdir()
    (data / "g.ttl").write_text(PREFIXES + GROUP + f'<{BASE}zoeken> rdfs:label "kaper"@nl .\n'
                                f'<{BASE}id/x/index.html> rdfs:label "kaper"@nl .\n', encoding="utf-8")
    code = main(["site", str(tmp_path / "out"), "--data", str(data), "--jobs", "1",
                 "--host", "https://fgr.example.org/site/"])
    err = capsys.readouterr().err.splitlines()
    assert code == 0
    assert f"fgr site: warning: no page for {BASE}id/x/index.html: its path ends like a file of the site (.html)" in err
    assert f"fgr site: warning: no page for {BASE}zoeken: its path is in the site's own folder zoeken/" in err
