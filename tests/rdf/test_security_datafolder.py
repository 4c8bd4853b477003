"""A hostile or odd data folder (issue 22 item 14): one walk for every command that stays inside the
folder (a symlink loop gave a 40-level `loop/loop/…` path in query, site and load, and a link to
/etc was read); a functiefamilie outside the scheme keeps its name; line and paragraph separators
inside a statement are reported with file:line instead of silently becoming a space."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.convert import convert, write_graph
from functiegebouw.rdf.load import ontology_files, rdf_files, walk_files
from functiegebouw.source.model import Meta
from functiegebouw.source.text import decode_text
from functiegebouw.sparql.store import source_files
from functiegebouw.validation.shacl import input_files
from support import FIXTURES

TRIPLE = '<urn:{0}> <urn:p> "{0}" .\n'


@pytest.fixture
def folder(tmp_path) -> Path:
    """A data folder with loops, links out of it and links within it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.ttl").write_text(TRIPLE.format("secret"))
    data = tmp_path / "data"
    (data / "sub" / "deeper").mkdir(parents=True)
    (data / "a.ttl").write_text(TRIPLE.format("a"))
    (data / "sub" / "b.ttl").write_text(TRIPLE.format("b"))
    (data / "sub" / "deeper" / "c.ttl").write_text(TRIPLE.format("c"))
    (data / "loop").symlink_to("..")  # data/loop -> tmp_path: above the folder
    (data / "sub" / "up").symlink_to("..")  # data/sub/up -> data: a loop
    (data / "sub" / "self").symlink_to("self")  # a link to itself
    (data / "out").symlink_to(outside)  # a folder outside
    (data / "secret.ttl").symlink_to(outside / "secret.ttl")  # a file outside
    (data / "dangling.ttl").symlink_to(tmp_path / "nowhere.ttl")
    (data / "loopfile.ttl").symlink_to("loopfile.ttl")
    (data / "inside.ttl").symlink_to(data / "sub" / "b.ttl")  # a file inside: it counts
    return data


INSIDE = ["a.ttl", "inside.ttl", "sub/b.ttl", "sub/deeper/c.ttl"]


def relative(paths, root: Path) -> list[str]:
    return sorted(os.path.relpath(p, root) for p in paths)


def test_one_walk_stays_inside_the_folder(folder):
    assert relative((p for p, _st in walk_files(folder)), folder) == INSIDE
    assert relative(rdf_files([folder]), folder) == INSIDE  # load_graph (render, link suggest)
    assert relative(source_files(folder, ontology=False)[1], folder) == INSIDE  # query, serve, site, load
    # validate reads a file once under its first name: inside.ttl is sub/b.ttl
    assert relative(input_files([folder]), folder) == ["a.ttl", "inside.ttl", "sub/deeper/c.ttl"]


def test_the_store_over_a_folder_with_loops_answers_from_the_folder_alone(folder, tmp_path):
    """What query, serve, site and load open (they raised ELOOP on a path 40 links deep)."""
    store = functiegebouw.open(folder, store_dir=tmp_path / "store", ontology=False)
    rows = store.query("SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o").rows
    assert rows == [("a",), ("b",), ("c",)]  # not the secret outside


def test_a_functiefamilie_outside_the_scheme_keeps_its_name(tmp_path):
    """The site showed `fam-script-alert-fam-script`: the family node had no name but its slug."""
    name = "<script>alert('fam')</script> & Co"
    triples = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=901, functiefamilie=name)).triples
    (tmp_path / "data").mkdir()
    write_graph(triples, tmp_path / "data" / "p.ttl")
    store = functiegebouw.open(tmp_path / "data", store_dir=tmp_path / "store", ontology=False)
    rows = store.query("SELECT ?f ?label WHERE { ?g <https://w3id.org/functiegebouw/def#jobFamily> ?f . "
                       "?f <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }").rows
    assert [label for _f, label in rows] == [name]
    # a family of the scheme gets no second name: the scheme's is the one
    known = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=901, functiefamilie="uitvoering"))
    assert not [t for t in known.triples if "functiefamilie/uitvoering" in str(t[0]) and "prefLabel" in str(t[1])]


def test_the_site_shows_that_name_escaped(tmp_path):
    from functiegebouw.site.build import build_site

    data = tmp_path / "data"
    data.mkdir()
    name = "<script>alert('fam')</script>"
    write_graph(convert(FIXTURES / "variants" / "base.txt",
                        meta=Meta(functiegroep_id=901, label="Proef", functiefamilie=name)).triples, data / "p.ttl")
    # the ontology without the large vocabularies: the site needs the schemes, not ESCO
    store = functiegebouw.open([data, *ontology_files()], store_dir=tmp_path / "store", ontology=False)
    out = tmp_path / "site"
    build_site(store, out, host="https://fgr.example.org/site/", jobs=1)
    pages = [p for p in out.rglob("*.html") if "901" in str(p.relative_to(out))]
    assert pages
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    assert ">script-alert-fam-script<" not in html


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x0c", "\x0b", "\x85"])
def test_a_separator_inside_a_statement_is_reported_with_its_line(char):
    text = (FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(text, 1) if len(line.split()) > 4)
    words = text[number - 1].split(" ")
    text[number - 1] = " ".join(words[:2]) + char + " ".join(words[2:])
    decoded = decode_text("\n".join(text).encode("utf-8"), "p.txt")
    found = [w for w in decoded.warnings if f"U+{ord(char):04X}" in str(w)]
    assert len(found) == 1 and found[0].line == number and str(found[0]).startswith(f"p.txt:{number}:")
    assert decoded.lines[number - 1] == text[number - 1]  # the line itself as written
    # at either end of a line it is only space (a page break before a heading): nothing to report
    text[number - 1] = char + " ".join(words) + char
    assert not [w for w in decode_text("\n".join(text).encode("utf-8"), "p.txt").warnings
                if f"U+{ord(char):04X}" in str(w)]


def test_convert_prints_the_separator_warning(tmp_path):
    source = tmp_path / "p.txt"
    lines = (FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if len(line.split()) > 4)
    lines[number - 1] = lines[number - 1].replace("zijn ", "zijn\u2028", 1)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(source), "-o",
                           str(tmp_path / "p.ttl")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"p.txt:{number}: U+2028 (line separator)" in proc.stderr
