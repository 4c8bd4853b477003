"""Issue 28's validation and site goals for bench/issue28.py, with where the time goes.

- **validation**: ``fgr validate`` of the 1× and 10× sets (bench/generate.py profiles converted to
  Turtle, with the ontology, schemes and salary tables) in fresh processes, so the 1× run is the
  baseline of the linearity check; ``fgr validate --changed`` cold, with nothing changed and after
  one edit (bench/scale28.py's ``bench_validate``); and a profile of one process validating the 1×
  set with one worker: CPU in the SHACL engine (pyshacl-turbo's Rust ``validate``), per shape for
  the costliest ones, and in our Python around it (reading, the engine's report decoding, findings).
- **site**: ``fgr site --jobs 1`` and ``--jobs 2`` against the disk's floor, a plain loop writing
  the same files right after each build (scale28's ``bench_site``), with the page count per kind.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GOAL_VALIDATE_S, GOAL_CHANGED_S, GOAL_SITE = 10.0, 0.5, 2.0


def validation(work: Path, scales: tuple[int, ...], repeat: int) -> dict:
    """``fgr validate`` and ``--changed`` figures per scale, and the profile of the 1× set."""
    import scale28

    out: dict = {scale: scale28.bench_validate(data(work, scale), work / f"v{scale}", repeat) for scale in scales}
    out["profile"] = profile(work / f"data-{scales[0]}x")
    return out


def profile(data: Path) -> dict:
    """CPU of one process validating ``data`` with one worker, split by where it goes: timers around
    the engine's call (its Rust ``validate`` and the reading of its report: validation/turbo.py's
    ``Program.validate``, or pyshacl-turbo's public ``CompiledShapes.validate`` where that is used), around
    the findings (their texts and lines) and around the reading of the data files (``shacl._read``: a
    profile is read whole by the worker that validates it, the parent reads each file only up to its
    fgr:JobGroup statement). No profiler: its per-call cost would inflate the Python part."""
    code = (
        "import json, sys, time\n"
        "import pyshacl_turbo\n"
        "from functiegebouw.validation import shacl\n"
        "try:\n"
        "    from functiegebouw.validation import turbo\n"
        "except ImportError:  # sources before the engine was called directly (a --baseline)\n"
        "    turbo = None\n"
        "spent = {'engine': 0.0, 'findings': 0.0, 'reading': 0.0}\n"
        "def timed(key, fn):\n"
        "    def run(*a, **k):\n"
        "        start = time.process_time()\n"
        "        try:\n"
        "            return fn(*a, **k)\n"
        "        finally:\n"
        "            spent[key] += time.process_time() - start\n"
        "    return run\n"
        "pyshacl_turbo.CompiledShapes.validate = timed('engine', pyshacl_turbo.CompiledShapes.validate)\n"
        "if turbo is not None:  # the engine called without pyshacl-turbo's Python layer, its report read\n"
        "    turbo.Program.validate = timed('engine', turbo.Program.validate)\n"
        "shacl._findings = timed('findings', shacl._findings)\n"
        "shacl._read = timed('reading', shacl._read)\n"
        "start = time.process_time()\n"
        "shacl.validate([sys.argv[1]], jobs=1)\n"
        "spent['total'] = time.process_time() - start\n"
        "print(json.dumps(spent))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    spent = json.loads(subprocess.run([sys.executable, "-c", code, str(data)], env=env, check=True,
                                      capture_output=True, text=True).stdout)
    profiles = sum(1 for _ in data.glob("fg*.ttl"))
    return {"profiles": profiles, "total_s": spent["total"], "engine_s": spent["engine"],
            "findings_s": spent["findings"], "reading_s": spent["reading"], "shapes": shape_costs(data)}


def shape_costs(data: Path, sample: int = 5) -> list[tuple[str, float]]:
    """CPU ms per profile of the engine's fixed cost (one cheap shape) and of the costliest shapes
    on their own, over ``sample`` profiles of ``data``, each with the context as fgr validate has it."""
    sys.path.insert(0, str(ROOT / "src"))
    import pyoxigraph as ox
    import pyshacl_turbo
    from rdflib import RDF
    from rdflib.namespace import SH

    from functiegebouw.rdf import load
    from functiegebouw.validation import shacl

    shapes = shacl._shapes_graph()
    compiled = pyshacl_turbo.compile_shapes(shapes)
    context = [t for p in shacl.context_files() for t in load.read_triples(p)]
    files = sorted(data.glob("fg*.ttl"))[:sample]
    options = dict(allow_warnings=True, allow_infos=True, abort_on_first=False)
    # the engine's input as fgr validate gives it (shacl._TurboRun): the context and the profile's own
    # triples, of both only those the shapes can read (validation/reads.py), as the engine's terms
    # (validation/turbo.TermTable) given to its compiled shapes directly; where that path is unavailable,
    # the public API with the N-Quads text, or a Store
    text_input = shacl._text_input()
    run = shacl._TurboRun("none", context, ROOT / "bench" / "work" / "shapes-cache")
    context_text, known, reads = run.engine_text, run.context, getattr(run, "reads", None)
    native = run.program.compiled if run.program is not None else None
    stores = []
    for f in files:
        own = [t for t in dict.fromkeys(load.read_statements(f)) if t not in known]
        if native is not None:
            stores.append(run._engine_input(own))
            continue
        own = own if reads is None else [t for t in own if t.predicate.value in reads]
        if text_input is not None:
            stores.append(text_input((context_text + ox.serialize(own, format=ox.RdfFormat.N_TRIPLES)).decode()))
        else:
            one = ox.Store()
            one.extend([*run.context, *own])
            stores.append(one)
    node_shapes = sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) - set(shapes.objects(None, SH.property)))

    def cpu(use: list | None) -> float:
        best = []
        for _ in range(3):
            start = time.process_time()
            for store in stores:
                if native is not None:
                    native.validate(store, "terms" if isinstance(store, tuple) else "oxigraph-nquads", None, False,
                                    100, 15, False, True, True, False, [], [str(s) for s in use or []], [])
                else:
                    compiled.validate(store, **options, **({"use_shapes": use} if use else {}))
            best.append(time.process_time() - start)
        return min(best) / len(stores) * 1000

    whole = cpu(None)
    per_shape = sorted(((str(s).rsplit("#", 1)[-1], cpu([s])) for s in node_shapes), key=lambda x: -x[1])
    floor = min(ms for _, ms in per_shape)  # the cheapest shape: the engine's cost of taking the data in
    # (parsing the text; building it is the rest of fgr's part, as in shacl._TurboRun)
    return [("all shapes", whole), ("taking in the data (the cheapest shape alone)", floor),
            *[(name, ms - floor) for name, ms in per_shape[:3]]]


def site(work: Path, scales: tuple[int, ...], repeat: int) -> dict:
    """``repeat`` pairs of build and floor at 1x, one above it: a 10x step writes 693,000 files
    (3.4 GiB kept until every step is measured), and one repetition there takes over half an hour."""
    import scale28

    return {scale: scale28.bench_site(data(work, scale), work / f"s{scale}", repeat if scale == 1 else 1)
            for scale in scales}


def data(work: Path, scale: int) -> Path:
    """The ``scale`` set converted to Turtle in ``work`` (made once, kept between runs)."""
    import scale28

    folder = work / f"data-{scale}x"
    if not (folder / "done").exists():
        scale28.make_data(folder, scale28.REAL * scale)
        (folder / "done").write_text("")
    return folder


def _met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def rows(val: dict, sites: dict) -> list[str]:
    """The report's table rows for validation and the site."""
    lines = []
    scales = sorted(k for k in val if isinstance(k, int))
    if scales:
        first, last = scales[0], scales[-1]
        v1, vn = val[first], val[last]
        n = 61 * last
        linear = vn["validate_s"] / v1["validate_s"] / (last / first) if last != first else 1.0
        lines.append(f"| `fgr validate`, {last}× ({n:,} profiles, median of {len(vn['runs'])}) | {first}×: "
                     f"{v1['validate_s']:.1f} s | {vn['validate_s']:.1f} s | "
                     f"{vn['validate_s'] / v1['validate_s']:.1f}× "
                     f"for {last // first}× the profiles | ≤ {GOAL_VALIDATE_S:.0f} s "
                     f"{_met(vn['validate_s'] <= GOAL_VALIDATE_S)}; linear {_met(linear <= 1.25)} |")
        lines.append(f"| `fgr validate --changed` after one edit, {last}× | a full run {vn['validate_s']:.1f} s "
                     f"(cold cache {vn['changed_cold_s']:.1f} s) | {vn['changed_one_edit_s']:.2f} s (nothing "
                     f"changed: {vn['changed_warm_s']:.2f} s) | {vn['validate_s'] / vn['changed_one_edit_s']:.0f}× "
                     f"faster | ≤ {GOAL_CHANGED_S} s {_met(vn['changed_one_edit_s'] <= GOAL_CHANGED_S)} |")
    p = val.get("profile")
    if p:
        k = p["profiles"]
        reading = p.get("reading_s", 0.0)
        rest = p["total_s"] - p["engine_s"] - p["findings_s"] - reading
        lines.append(f"| where validation's time goes ({k} profiles, one worker) | | "
                     f"{p['total_s'] / k * 1000:.0f} ms CPU per profile: the SHACL engine "
                     f"{p['engine_s'] / k * 1000:.0f} ms (its input, its Rust validate, its report), our "
                     f"findings and their lines {p['findings_s'] / k * 1000:.0f} ms, reading the profiles "
                     f"{reading / k * 1000:.0f} ms, the rest (the engine's input, start-up) "
                     f"{rest / k * 1000:.0f} ms | | |")
        shapes = "; ".join(f"{name} {ms:.0f} ms" for name, ms in p["shapes"])
        lines.append(f"| the engine per profile, by shape (CPU) | | {shapes} | | |")
    for scale, s in sorted(sites.items()):
        for jobs in (1, 2):
            wall, floor = s[f"jobs{jobs}_s"], s[f"floor{jobs}_s"]
            lines.append(f"| `fgr site --jobs {jobs}`, {scale}× ({s['pages']:,} pages, {s['files']:,} files) | "
                         f"the disk's floor {floor:.1f} s | {wall:.1f} s | {wall / floor:.1f}× | "
                         f"≤ {GOAL_SITE:.0f}× {_met(wall / floor <= GOAL_SITE)}"
                         + (f"; jobs 1 = jobs 2 {_met(s['identical_jobs_1_2'])}" if jobs == 2 else "") + " |")
    if len(sites) > 1:
        (a, sa), (b, sb) = sorted(sites.items())[:2]
        growth = sb["pages"] / sa["pages"]
        lines.append(f"| site pages, {a}× → {b}× | {sa['pages']:,} | {sb['pages']:,} | {growth:.1f}× for "
                     f"{b // a}× the profiles | linear {_met(growth <= (b / a) * 1.1)} |")
    return lines

