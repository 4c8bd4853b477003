"""CPU of every SHACL constraint per profile, in pyshacl-turbo, as ``fgr validate`` runs it (issue 28).
``PYTHONPATH=src .venv/bin/python bench/shapes28.py [DATA] [--sample 12] [--rounds 3]
[--baseline DIR]``.

For every shape with a target (node shapes and top-level property shapes of
``ontology/shapes*.ttl``) the engine validates ``--sample`` profiles of DATA (Turtle of
bench/generate.py profiles, e.g. made by bench/scale28.py's ``make_data``; default: the 1× set made
in a temporary folder) with that shape alone, right after a run with a shape that targets nothing
(the engine's floor: taking in the data, the report); the shape's cost is the difference of the
pair. The engine's input is the one fgr validate gives it (the context's N-Quads with the profile's
own triples after them, ``shacl._TurboRun``). Runs are interleaved: every round runs each pair once,
in a shuffled order, and the figure is the median over rounds of CPU seconds
(``time.process_time``), so that load from other processes shifts all configurations alike.
"(all shapes)" is the whole set minus the floor.

``--baseline DIR`` measures the shapes files of DIR (e.g. a copy of ``ontology/shapes*.ttl`` before a
change) in the same rounds, beside this checkout's. Prints a Markdown table, costliest first.
Not part of ``make test``.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "src"))

FLOOR = "urn:x-bench:floor"


def shapes_graph(folder: Path | None):  # type: ignore[no-untyped-def]
    """The shapes of ``folder`` (default: this checkout's) with the floor shape added."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SH

    from functiegebouw.rdf.load import parse_into, shape_files

    graph = Graph()
    for path in sorted(folder.glob("shapes*.ttl")) if folder else shape_files():
        parse_into(graph, path)
    floor = URIRef(FLOOR)
    graph.add((floor, RDF.type, SH.NodeShape))
    graph.add((floor, SH.targetNode, URIRef("urn:x-bench:nothing")))
    return graph


def targeted(graph) -> list[str]:  # type: ignore[no-untyped-def]
    """Every shape with a target of its own, by IRI."""
    from rdflib.namespace import SH

    out = set()
    for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        out.update(str(s) for s in graph.subjects(target, None))
    return sorted(out - {FLOOR})


def inputs(data: Path, sample: int) -> list:  # type: ignore[type-arg]
    """The engine's input for ``sample`` profiles spread over ``data``, as shacl._TurboRun makes it."""
    import pyoxigraph as ox

    from functiegebouw.rdf import load
    from functiegebouw.validation import shacl

    context = [t for p in shacl.context_files() for t in load.read_triples(p)]
    files = sorted(data.glob("*.ttl"))
    files = files[:: max(1, len(files) // sample)][:sample]
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in context)
    context_text, known = store.dump(format=ox.RdfFormat.N_QUADS), set(context)
    text_input = shacl._text_input()
    if text_input is None:
        raise SystemExit("this pyshacl-turbo has no text Input; the figures would not be fgr validate's")
    out = []
    for f in files:
        own = [t for t in dict.fromkeys(load.read_triples(f)) if t not in known]
        out.append((context_text + ox.serialize(own, format=ox.RdfFormat.N_TRIPLES)).decode())
    return out


def measure(data: Path, sample: int, rounds: int, baseline: Path | None) -> dict[str, dict[str, float]]:
    """CPU ms per profile: {variant: {shape: ms}} with "(floor)" and "(all shapes)"."""
    import pyshacl_turbo

    from functiegebouw.validation import shacl

    variants = {"now": shapes_graph(None)}
    if baseline is not None:
        variants = {"before": shapes_graph(baseline), **variants}
    compiled = {name: pyshacl_turbo.compile_shapes(g) for name, g in variants.items()}
    names = {name: targeted(g) for name, g in variants.items()}
    texts = inputs(data, sample)
    text_input = shacl._text_input()
    assert text_input is not None
    options = dict(allow_warnings=True, allow_infos=True, abort_on_first=False)
    configs = [(name, shape) for name in variants for shape in ["(all shapes)", *names[name]]]

    def cpu(name: str, use: list[str] | None) -> float:
        start = time.process_time()
        for text in texts:
            compiled[name].validate(text_input(text), **options, use_shapes=use)
        return (time.process_time() - start) / len(texts) * 1000

    for name in variants:  # warm up: the first runs pay for caches and allocations
        cpu(name, None)
    runs: dict[tuple[str, str], list[float]] = {}
    floors: dict[str, list[float]] = {}
    shuffle = random.Random(28)
    for _ in range(rounds):
        shuffle.shuffle(configs)
        for name, shape in configs:
            # each shape right after a floor run of the same variant: the difference of the pair
            # cancels what the load does to both in the same second
            floor = cpu(name, [FLOOR])
            floors.setdefault(name, []).append(floor)
            alone = cpu(name, None if shape == "(all shapes)" else [shape])
            runs.setdefault((name, shape), []).append(alone - floor)
    out: dict[str, dict[str, float]] = {name: {} for name in variants}  # the baseline first
    for (name, shape), ms in runs.items():
        out[name][shape] = statistics.median(ms)
    for name, ms in floors.items():
        out[name]["(floor)"] = statistics.median(ms)
    return out


def table(out: dict[str, dict[str, float]]) -> str:
    variants = list(out)
    shapes = sorted({s for costs in out.values() for s in costs},
                    key=lambda s: (not s.startswith("("), -out[variants[-1]].get(s, 0.0), s))
    head = "| shape (CPU ms per profile) | " + " | ".join(variants) + " |"
    lines = [head, "|---" * (len(variants) + 1) + "|"]
    for s in shapes:
        label = s.rsplit("#", 1)[-1] if not s.startswith("(") else s
        cells = [f"{out[v][s]:.1f}" if s in out[v] else "—" for v in variants]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path)
    parser.add_argument("--sample", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args()
    data = args.data
    if data is None:
        import scale28

        data = scale28.make_data(Path(tempfile.mkdtemp()) / "data-1x", scale28.REAL)
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    out = measure(data, args.sample, args.rounds, args.baseline)
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    print(table(out))


if __name__ == "__main__":
    main()
