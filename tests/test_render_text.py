"""`fgr render` writes a page back as the site shows it, line for line and not only up to normalise():
the 'Opleiding' heading, the Schaal lines, the blank lines and the single final newline (issue 27: changes to
render.py that the normalised round trip of tests/test_pages.py cannot see)."""
from __future__ import annotations

import pytest
from rdflib import Graph

from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.render import normalise, render
from functiegebouw.source.model import Meta
from functiegebouw.source.text import decode
from support import FIXTURES

# pages whose layout the renderer reproduces byte for byte
EXACT = ["pages/kernprofiel", "pages/vergelijk-functietyperingen-6-7"]
# pages written in canonical spelling: every non-blank line comes back (render only adds blank lines)
SAME_LINES = ["variants/base", "variants/one-schaal", "variants/five-schalen", "variants/pm-without-bullet",
              "variants/qp-named-schaal", "variants/subheadings", "variants/variant-codes",
              "variants/lead-line-and-examples", "variants/plain-lines"]


def source(name: str) -> tuple[Graph, list[str]]:
    path = FIXTURES / f"{name}.txt"
    conv = convert(path) if path.parent.name == "pages" else convert(path, meta=Meta(functiegroep_id=801,
                                                                                   label="Testfunctie"))
    return conv.graph, decode(path.read_bytes(), path)


def lines(text: list[str] | str) -> list[str]:
    return [line for line in (text.split("\n") if isinstance(text, str) else text) if line]


@pytest.mark.parametrize("name", EXACT)
def test_page_renders_back_byte_for_byte(name):
    graph, src = source(name)
    text = render(graph)
    assert text == "\n".join(src).rstrip("\n") + "\n"
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("name", SAME_LINES)
def test_whole_page_gives_back_every_line(name):
    graph, src = source(name)
    assert lines(render(graph)) == lines(src)


def test_whole_page_keeps_headings_that_normalise_ignores():
    graph, src = source("variants/base")
    text = render(graph).split("\n")
    assert text.count("Opleiding") == lines(src).count("Opleiding") == 2
    assert text[-1] == "" and text[-2] != ""
    # each paragraph is followed by one blank line: a heading never runs into its lines
    at = text.index("Functietyperingen vergelijken")
    assert text[at - 1: at + 2] == ["", "Functietyperingen vergelijken", ""]


def test_compare_page_of_kwaliteitenprofielen():
    graph, src = source("pages/vergelijk-kwaliteitenprofielen-5-6")
    # the site's button under the title is not part of the profile
    assert lines(render(graph)) == [line for line in lines(src) if line != "Kwaliteitenprofielen vergelijken"]


def test_compare_page_title_names_both_schalen_and_normalises_them():
    graph, src = source("pages/vergelijk-functietyperingen-6-7")
    text = render(graph).split("\n")
    assert text[0] == "Vergelijk functietyperingen tussen schaal 6 en schaal 7 voor de functiegroep Medewerker Proefwerk"
    assert normalise(text)[:2] == ["# vergelijk functietyperingen 6 7 medewerker proefwerk", "# schalen 6 7"]


def test_choosing_a_functiegroep():
    graph, _ = source("variants/base")
    assert render(graph, "801") == render(graph) == render(graph, "https://w3id.org/functiegebouw/id/functiegroep/801")
    with pytest.raises(FgrError, match="no functiegroep '802' in the graph"):
        render(graph, 802)
    with pytest.raises(FgrError, match=r"no functiegroep \(fgr:JobGroup\) in the graph"):
        render(Graph())
    both = Graph()
    for triple in graph:
        both.add(triple)
    for triple in convert(FIXTURES / "variants/one-schaal.txt", meta=Meta(functiegroep_id=802, label="Ander")).graph:
        both.add(triple)
    with pytest.raises(FgrError, match=r"holds 2 functiegroepen \(801, 802\): choose one with --functiegroep"):
        render(both)
    assert lines(render(both, 802)) == lines(decode((FIXTURES / "variants/one-schaal.txt").read_bytes()))
