"""A schaal with variants ("Variant 1. …", "Variant 2. …"): one functietypering per variant, each with
its own code split into 14 scores and its own stated total, whatever the case of "variant"; the
order-of-totals check compares the totals per variant (issue 27's variant survivors)."""
from __future__ import annotations

import shutil

import pytest
from rdflib import URIRef

from functiegebouw.convert import convert
from functiegebouw.rdf.namespaces import FGR
from functiegebouw.validation.shacl import validate
from support import FIXTURES

SOURCE = FIXTURES / "variants" / "variant-codes.txt"  # schaal 4, schaal 5 with two variants, schaal 6
GROUP = "https://w3id.org/functiegebouw/id/functiegroep/"


def converted(tmp_path, replacements=()):
    text = SOURCE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "variant-codes.txt"
    path.write_text(text, encoding="utf-8")
    if SOURCE.with_suffix(".toml").exists():
        shutil.copy(SOURCE.with_suffix(".toml"), tmp_path / "variant-codes.toml")
    return convert(path, functiegroep_id=907, label="Proefbegeleider Varianten").graph


def typerings(graph):
    """{(schaal, variant or None): node} of the functietyperingen."""
    out = {}
    for node in graph.objects(None, FGR.typification):
        scale = int(graph.value(graph.value(node, FGR.scale), FGR.scaleNumber))
        variant = graph.value(node, FGR.variantNumber)
        out[(scale, int(variant) if variant is not None else None)] = node
    return out


def scores(graph, node) -> list[tuple[int, int, str | None]]:
    out = []
    for score in graph.objects(node, FGR.score):
        position = int(graph.value(score, URIRef("https://schema.org/position")))
        kenmerk = graph.value(score, FGR.characteristic)
        out.append((position, int(graph.value(score, FGR.scoreValue)), str(kenmerk)[-2:] if kenmerk else None))
    return sorted(out)


@pytest.mark.parametrize("spelling", ["Variant {}.", "variant {}.", "VARIANT {}:", "variant{})"])
def test_each_variant_is_a_typering_with_its_own_14_scores_and_total(tmp_path, spelling):
    graph = converted(tmp_path, [("Variant 1.", spelling.format(1)), ("Variant 2.", spelling.format(2))])
    nodes = typerings(graph)
    assert sorted(nodes, key=str) == sorted([(4, None), (5, 1), (5, 2), (6, None)], key=str)
    v1, v2 = nodes[(5, 1)], nodes[(5, 2)]
    assert str(v1) == f"{GROUP}907/functietypering/schaal-5/variant-1"
    assert str(graph.value(v2, FGR.fuwasysCode)) == f"{spelling.format(2)} 32222 23222 22 22 (30)"
    assert (int(graph.value(v1, FGR.statedTotal)), int(graph.value(v2, FGR.statedTotal))) == (28, 30)
    assert scores(graph, v1) == [(n, 2, f"{n:02d}") for n in range(1, 15)]
    assert [value for _, value, _ in scores(graph, v2)] == [3, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 2]
    assert len(scores(graph, nodes[(4, None)])) == 14
    labels = {str(graph.value(n, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for n in (v1, v2)}
    assert labels == {"Functietypering Proefbegeleider Varianten schaal 5 variant 1",
                      "Functietypering Proefbegeleider Varianten schaal 5 variant 2"}


def test_a_line_marked_for_one_variant_belongs_to_that_variant_only(tmp_path):
    graph = converted(tmp_path)
    nodes = typerings(graph)

    def texts(node):
        return {str(graph.value(st, URIRef("https://schema.org/text")))
                for st in graph.objects(node, FGR.typificationStatement)}

    one, two = texts(nodes[(5, 1)]), texts(nodes[(5, 2)])
    assert any("bewoners begeleid naar activiteiten" in t for t in two)
    assert not any("bewoners begeleid naar activiteiten" in t for t in one)
    assert any("rondes gelopen" in t for t in one) and any("rondes gelopen" in t for t in two)
    assert one < two  # the lines that name no variant are shared


def _order_findings(graph, tmp_path):
    path = tmp_path / "graph.ttl"
    graph.serialize(path, format="turtle")
    result = validate([path])
    return sorted(f.focus.rsplit("/functietypering/", 1)[-1] for f in result.findings
                  if f.shape_name == "TypificationTotalOrderShape")


def test_the_order_of_totals_is_checked_per_variant(tmp_path):
    """Schaal 6 gets variants too; schaal 5 variant 2 (33) above schaal 6 variant 1 (32) is no error,
    as variants of different numbers are not compared; schaal 5 variant 1 above schaal 6 variant 1 is."""
    six = ("32232 33222 22 22 (32)", "Variant 1. 32232 33222 22 22 (32)\n\nVariant 2. 33332 33232 32 22 (36)")
    fine = converted(tmp_path, [("Variant 2. 32222 23222 22 22 (30)", "Variant 2. 33332 33222 22 22 (33)"), six])
    assert _order_findings(fine, tmp_path) == []
    wrong = converted(tmp_path, [("Variant 1. 22222 22222 22 22 (28)", "Variant 1. 33332 33222 22 22 (33)"), six])
    assert _order_findings(wrong, tmp_path) == ["schaal-6/variant-1"]  # the higher schaal is reported
    # a typering without variants is compared with every variant
    low = converted(tmp_path, [("22222 12212 22 22 (26)", "32222 22222 22 22 (29)")])
    assert _order_findings(low, tmp_path) == ["schaal-5/variant-1"]


def typering_graph(code: str, *, also=(), blocks=None):
    from functiegebouw.rdf.graph import profile_to_graph
    from functiegebouw.source.model import Code, Item, Meta, Profile, Source, Typification

    typ = Typification(line=10, scale=5, codes=[Code(code, 12)], also=list(also))
    for block, texts in (blocks or {}).items():
        typ.blocks[block] = [Item(t, 20 + n) for n, t in enumerate(texts)]
    sources = [Source("a.txt", "1"), Source("b.txt", "2")]
    profile = Profile("a.txt", "1", Meta(functiegroep_id=1, label="T"), typifications=[typ], sources=sources)
    graph = profile_to_graph(profile)
    return graph, next(graph.objects(None, FGR.typification))


def test_score_nodes_characteristics_and_totals_at_their_bounds():
    graph, node = typering_graph("22222 22222 22 22 2 (29)")  # a 15th digit: no characteristic of its own
    got = scores(graph, node)
    assert len(got) == 15 and got[13] == (14, 2, "14") and got[14] == (15, 2, None)
    assert int(graph.value(node, FGR.statedTotal)) == 29
    graph, node = typering_graph("2" * 30 + " (" + "1" * 30 + ")")  # 30 digits and a 30-digit total: split, stated
    assert len(scores(graph, node)) == 30 and int(graph.value(node, FGR.statedTotal)) == int("1" * 30)
    graph, node = typering_graph("2" * 31 + " (" + "1" * 31 + ")")  # longer: kept as written only
    assert scores(graph, node) == [] and graph.value(node, FGR.statedTotal) is None
    assert str(graph.value(node, FGR.fuwasysCode)) == "2" * 31 + " (" + "1" * 31 + ")"
    graph, node = typering_graph("22222 22222 22 22 (2x)")  # a total that is no number: none stated
    assert len(scores(graph, node)) == 14 and graph.value(node, FGR.statedTotal) is None


def test_a_typering_in_two_texts_has_a_numbered_derivation_per_text():
    from rdflib.namespace import PROV

    graph, node = typering_graph("22222 22222 22 22 (28)", also=[(1, 40)])
    derivations = sorted(graph.objects(node, PROV.qualifiedDerivation))
    assert [str(d).rsplit("/", 2)[-2:] for d in derivations] == [["herkomst", "1"], ["herkomst", "2"]]
    assert [int(graph.value(d, FGR.sourceLine)) for d in derivations] == [10, 40]
    graph, node = typering_graph("22222 22222 22 22 (28)")  # one text: no qualified derivation
    assert list(graph.objects(node, PROV.qualifiedDerivation)) == []


def test_statements_are_numbered_from_1_in_their_block():
    graph, node = typering_graph("22222 22222 22 22 (28)", blocks={"resultaten": ["eerste", "tweede"]})
    position = URIRef("https://schema.org/position")
    got = sorted((int(graph.value(st, position)), str(graph.value(st, URIRef("https://schema.org/text"))))
                 for st in graph.objects(node, FGR.typificationStatement))
    assert got == [(1, "eerste"), (2, "tweede")]
