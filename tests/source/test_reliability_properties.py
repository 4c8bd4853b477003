"""Property-based tests of the converter: generated FGR profiles, arbitrary text and bytes, mutated real profiles.

The invariants, and why they are the fair ones:

* A generated profile is read back as exactly the statements it was generated from (text, bullet,
  sub-heading, schaal, FUWASYS code as written): the converter's oracle is the specification, not
  the converter itself.
* convert -> render -> convert gives an isomorphic graph *modulo the two facts that describe the
  bytes rather than the profile*: the SPDX checksum value of the source and ``fgr:sourceLine`` of each node.
  Rendering changes the bytes (canonical headings, one bullet style, no buttons) so those must
  change; every other triple, IRIs included, must survive. In the rendered generation the line
  numbers are checked separately: each still points at the line that holds the statement.
* Rendering is a fixed point after one generation: render(convert(render(convert(x)))) is
  byte-identical to render(convert(x)), so the second and third generation graphs are identical.
* Any input whatever either converts (and the graph serialises and renders) or raises FgrError
  naming the file and a line; no other exception, and no example may take longer than a hang guard.

``make fuzz`` runs the same properties with far more examples (fuzz/run.py).
"""
from __future__ import annotations

import hashlib
import os
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from functiegebouw.errors import FgrError
from functiegebouw.rdf.graph import profile_to_graph, serialize
from functiegebouw.source.model import Meta
from functiegebouw.source.parse import parse_lines
from functiegebouw.render import render
from functiegebouw.source.text import decode

import strategies as S
from support import FIXTURES, SEED_TXT

REAL = [SEED_TXT, *sorted((FIXTURES / "variants").glob("*.txt"))]
REAL_LINES = [decode(p.read_bytes(), p) for p in REAL]
NAME = "profiel.txt"
META = Meta(functiegroep_id=4711, label="Proeffunctie")
FGR = "https://w3id.org/functiegebouw/def#"
BYTES_FACTS = {URIRef("http://spdx.org/rdf/terms#checksumValue"), URIRef(FGR + "sourceLine")}

# Moderate in `make test`; fuzz/run.py raises it through the environment.
# ``heavy`` examples build, render and re-parse graphs (~0.1 s each); ``light`` ones mostly fail fast.
EXAMPLES = int(os.environ.get("FGR_HYPOTHESIS_EXAMPLES", "25"))
HANG_SECONDS = 20
_checks = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
heavy = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FGR_FUZZ"),
                 suppress_health_check=_checks)
light = settings(heavy, max_examples=EXAMPLES * 6)


class Hang(Exception):
    pass


@contextmanager
def hang_guard(seconds: float = HANG_SECONDS):
    """Fail (not wait forever) when one example runs away; not a speed assertion."""
    def alarm(signum, frame):
        raise Hang(f"converter still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def convert_bytes(data: bytes, name: str = NAME):
    """The whole pipeline of ``fgr convert`` without the file system: decode, parse, graph."""
    lines = decode(data, name)
    profile = parse_lines(lines, path=name, sha256=hashlib.sha256(data).hexdigest(), meta=META)
    return profile, profile_to_graph(profile, fallback_name="profiel")


def without_byte_facts(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        if triple[1] not in BYTES_FACTS:
            out.add(triple)
    return out


def survives_or_located_error(data: bytes) -> None:
    """The property every input must have."""
    with hang_guard():
        try:
            _, graph = convert_bytes(data)
        except FgrError as err:
            assert err.path == NAME
            assert err.line is not None or "empty" in err.message, str(err)
            assert err.message and "\n" not in err.message
            assert err.line is None or 1 <= err.line <= max(1, data.count(b"\n") + data.count(b"\r") + 1)
            return
        serialize(graph, "turtle")
        render(graph)


# ------------------------------------------------------------------ generated well-formed profiles

def expected_scales(spec: S.Spec) -> list[int]:
    return spec.qp_scales if spec.qp_scales is not None else [t[0] for t in spec.typifications]


@heavy
@given(S.profiles())
def test_generated_profile_reads_back_as_its_specification(case):
    data, spec = case
    with hang_guard():
        profile, _ = convert_bytes(data)
    assert {a: [(i.text, i.bulleted) for i in items] for a, items in profile.results.items()} == dict(spec.results)
    assert {a: [(i.text, i.bulleted) for i in items] for a, items in profile.indicators.items()} == \
        dict(spec.indicators)
    assert [(i.text, i.bulleted) for i in profile.competencies] == spec.competencies
    assert [q.scale for q in profile.quality_profiles] == expected_scales(spec)
    assert all(q.scale_by_heading == (spec.qp_scales is not None) for q in profile.quality_profiles)
    for got, want in zip(profile.quality_profiles, spec.quality_profiles, strict=True):
        assert {s: [(i.text, i.bulleted) for i in items] for s, items in got.sections.items()} == want
    for got, (scale, code, blocks) in zip(profile.typifications, spec.typifications, strict=True):
        assert (got.scale, got.code) == (scale, code)
        assert {b: [(i.text, i.bulleted, i.subheading) for i in items] for b, items in got.blocks.items()} == blocks


@heavy
@given(S.profiles())
def test_convert_render_convert_is_isomorphic(case):
    data, _ = case
    with hang_guard():
        _, first = convert_bytes(data)
        text = render(first)
        _, second = convert_bytes(text.encode("utf-8"))
        again = render(second)
        _, third = convert_bytes(again.encode("utf-8"))
    assert isomorphic(without_byte_facts(first), without_byte_facts(second))
    assert again == text  # the rendered layout is a fixed point
    assert isomorphic(second, third)
    # in the rendered generation every statement still points at its own line
    lines = text.split("\n")
    for statement, line in second.subject_objects(URIRef(FGR + "sourceLine")):
        body = second.value(statement, URIRef("https://schema.org/text"))
        if body is not None:
            assert str(body) in lines[int(line) - 1]


@heavy
@given(S.profiles(), st.sampled_from(["turtle", "nt", "json-ld"]))
def test_generated_graph_serialises_and_parses_back(case, fmt):
    data, _ = case
    _, graph = convert_bytes(data)
    blob = serialize(graph, fmt)
    assert blob == serialize(graph, fmt)
    assert isomorphic(Graph().parse(data=blob, format=fmt), graph)


# ------------------------------------------------------------------ anything at all

@light
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    survives_or_located_error(text.encode("utf-8", "surrogatepass"))


@light
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data):
    survives_or_located_error(data)


@light
@given(st.lists(st.one_of(st.sampled_from(sorted({line for lines in REAL_LINES for line in lines})),
                          st.text(max_size=40)), max_size=300))
def test_real_lines_in_random_order(lines):
    survives_or_located_error("\n".join(lines).encode("utf-8", "surrogatepass"))


@light
@given(S.mutated(REAL_LINES), st.sampled_from(["\n", "\r\n"]))
def test_mutated_real_profiles(lines, newline):
    survives_or_located_error(newline.join(lines).encode("utf-8"))


@heavy
@given(S.profiles(), st.data())
def test_mutated_generated_profiles(case, data):
    raw, _ = case
    lines = decode(raw, NAME)
    survives_or_located_error("\n".join(data.draw(S.mutated([lines]))).encode("utf-8"))


@pytest.mark.parametrize("mutation", ["drop-heading", "truncate-middle", "duplicate-typering-schaal",
                                      "swap-sections", "misspell-beyond-recognition"])
def test_named_mutations_of_the_seed_fail_with_a_location(mutation):
    """Concrete cases of the mutations above, each of which must be refused (not silently accepted)."""
    lines = list(REAL_LINES[0])
    if mutation == "drop-heading":
        lines.remove("Gedragsindicatoren")
    elif mutation == "truncate-middle":
        lines = lines[: lines.index("Speelruimte/Kaders") + 2]
    elif mutation == "duplicate-typering-schaal":
        lines[lines.index("Schaal 6")] = "Schaal 5"
    elif mutation == "swap-sections":
        i, j = lines.index("Competenties"), lines.index("Gedragsindicatoren")
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[lines.index("Kwaliteitenprofielen")] = "Kwlitetnprfln"
    with pytest.raises(FgrError) as info:
        convert_bytes("\n".join(lines).encode("utf-8"))
    assert info.value.path == NAME and info.value.line is not None


# ------------------------------------------------------------------ inputs that cost (issue 15)

def bounded(data: bytes) -> None:
    """Converts or fails with a location, and what it produces is bounded by the input: at most
    a few thousand bytes of Turtle per line (a statement is ~10 triples) plus a few times the
    bytes. Through the converter's own triples and writer (what ``fgr convert`` runs), not an
    rdflib Graph, so that inputs of thousands of lines stay quick."""
    from functiegebouw.rdf.graph import profile_triples

    try:
        lines = decode(data, NAME)
        profile = parse_lines(lines, path=NAME, sha256=hashlib.sha256(data).hexdigest(), meta=META)
    except FgrError as err:
        assert err.path == NAME and (err.line is not None or "empty" in err.message), str(err)
        return
    triples = profile_triples(profile, fallback_name="profiel")
    from functiegebouw.rdf.turtle import iri_problem

    assert [iri for iri in triples.iris() if iri_problem(iri)] == []  # what the readers accept
    turtle = serialize(triples, "turtle")
    assert len(turtle) <= 2000 * (data.count(b"\n") + 1) + 4 * len(data) + 50_000
    scores: dict[str, int] = {}
    for s, p, _o in triples:
        if p == FGR + "score":
            scores[s] = scores.get(s, 0) + 1
    assert max(scores.values(), default=0) <= 30


@heavy
@given(S.repeated_lines())
def test_repeated_lines_cost_work_linear_in_the_copies(case):
    from functiegebouw.rdf import graph as graph_module

    data, copies = case
    calls = []
    real = graph_module.text_key
    graph_module.text_key = lambda text: calls.append(1) or real(text)
    try:
        with hang_guard():
            bounded(data)
    finally:
        graph_module.text_key = real
    assert len(calls) <= copies + 1000  # one IRI per line: the copies, plus the rest of the profile


@heavy
@given(S.long_codes())
def test_long_fuwasys_codes_give_bounded_output(data):
    with hang_guard():
        bounded(data)


@heavy
@given(S.stray_bytes())
def test_stray_bytes_convert_or_fail_with_a_location(data):
    with hang_guard():
        survives_or_located_error(data)
