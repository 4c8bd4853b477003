"""The suggester's evaluation figures as `fgr link evaluate` prints them: P@1, recall at 1, 5 and 10 and MRR
per kind, worked out by hand for invented rankings (issue 27: mutants of the metrics must change a figure)."""
from __future__ import annotations

from functiegebouw.links.suggest import Concept, Figures, Source, Suggestion, evaluate, format_figures


def suggestion(source: str, kind: str, target: str, ranked: list[str]) -> Suggestion:
    return Suggestion(Source(source, source, kind, []), target, [(Concept(c, c), 1.0 - i / 100)
                                                                for i, c in enumerate(ranked)])


def figures() -> list[Figures]:
    suggestions = [
        suggestion("a", "competentie", "skill", [f"x{i}" for i in range(1, 8)]),   # curated at ranks 3 and 6
        suggestion("b", "competentie", "skill", []),                               # nothing suggested
        suggestion("c", "competentie", "skill", [f"q{i}" for i in range(1, 12)]),  # curated at ranks 1 and 11
        suggestion("d", "functiegroep", "occupation", ["o1", "o2", "o3"]),         # curated at rank 3
        suggestion("e", "functiegroep", "occupation", ["o9"]),                     # no curated mapping: not counted
    ]
    reference = {("a", "skill"): {"x3", "x6"}, ("b", "skill"): {"z"}, ("c", "skill"): {"q1", "q11"},
                 ("d", "occupation"): {"o3"}}
    return evaluate(suggestions, reference)


def test_figures_per_kind_at_the_default_cut_offs():
    skill, occupation = figures()
    # 5 curated targets for 3 items: x3 (rank 3), x6 (rank 6), q1 (rank 1), q11 (rank 11), z (never suggested)
    assert (skill.kind, skill.sources, skill.reference) == ("competentie -> skill", 3, 5)
    assert skill.recall == {1: 1 / 5, 5: 2 / 5, 10: 3 / 5}
    assert skill.p1 == 1 / 3  # only c's first candidate is curated; b (no candidates) counts as a miss
    assert skill.mrr == (1 / 3 + 0 + 1) / 3
    assert (occupation.kind, occupation.sources, occupation.reference) == ("functiegroep -> occupation", 1, 1)
    assert occupation.recall == {1: 0.0, 5: 1.0, 10: 1.0}
    assert (occupation.p1, occupation.mrr) == (0.0, 1 / 3)


def test_the_printed_table_groups_methods_under_each_kind():
    skill, occupation = figures()
    lexical_skill = Figures(skill.kind, 3, 5, 0.0, {1: 0.0, 5: 0.2, 10: 0.4}, 0.125)
    table = format_figures([("mix", skill), ("lexical", lexical_skill), ("mix", occupation),
                            ("lexical", occupation)])
    assert table.splitlines() == [
        "kind                         method    items curated    P@1    R@1    R@5   R@10    MRR",
        "competentie -> skill         mix           3       5  0.333  0.200  0.400  0.600  0.444",
        "competentie -> skill         lexical       3       5  0.000  0.000  0.200  0.400  0.125",
        "functiegroep -> occupation   mix           1       1  0.000  0.000  1.000  1.000  0.333",
        "functiegroep -> occupation   lexical       1       1  0.000  0.000  1.000  1.000  0.333",
    ]


def test_one_kind_and_no_figures():
    (skill, _) = figures()
    assert format_figures([("mix", skill)]).splitlines()[1].split() == [
        "competentie", "->", "skill", "mix", "3", "5", "0.333", "0.200", "0.400", "0.600", "0.444"]
    # nothing to evaluate: the header alone, with the default cut-offs
    assert format_figures([]).split() == ["kind", "method", "items", "curated", "P@1", "R@1", "R@5", "R@10", "MRR"]
