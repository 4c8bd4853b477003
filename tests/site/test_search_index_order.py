"""The search index is written in a fixed order (texts, the groups and kinds they number, and each text's
hits), so the same data gives the same bytes and the search page lists results in a stable order (issue 27:
an unsorted index survived the suite)."""
from __future__ import annotations

import json


def test_the_search_index_is_sorted_at_every_level(built_site):
    out, _ = built_site
    index = json.loads((out / "zoeken/index.json").read_text(encoding="utf-8"))
    texts = [text for text, _ in index["teksten"]]
    assert len(texts) > 50 and texts == sorted(texts) and len(set(texts)) == len(texts)
    assert index["groepen"] == sorted(set(index["groepen"]))
    assert index["soorten"] == sorted(set(index["soorten"]))
    for text, hits in index["teksten"]:
        keys = [(h[0], h[1], -1 if h[2] is None else h[2], h[3]) for h in hits]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), text
    # the script copy holds the same index
    script = (out / "zoeken/index.js").read_text(encoding="utf-8")
    assert json.loads(script.removeprefix("window.FGR_ZOEKINDEX = ").removesuffix(";\n")) == index


def test_a_group_is_found_by_the_labels_of_the_occupations_it_is_linked_to(built_site):
    """tests/fixtures/site/links.ttl links 527 to ISCO-08 4419, whose Dutch and English labels then lead to
    527's page in the search index, as words people use (issue 25)."""
    out, _ = built_site
    index = json.loads((out / "zoeken/index.json").read_text(encoding="utf-8"))
    texts = dict(index["teksten"])
    for label in ("Administratief assistenten n.e.g.", "Clerical support workers not elsewhere classified"):
        hits = texts[label]
        assert [(h[0], index["groepen"][h[1]]) for h in hits] == [("id/functiegroep/527", "527 Medewerker Communicatie")]
        assert index["soorten"][hits[0][3]].startswith("zo heet het bij")
