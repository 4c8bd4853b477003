"""``fgr vocab`` (import ESCO, CBS BRC 2014, EQF/NLQF, O*NET-SOC) and ``fgr link`` (build, check, suggest, evaluate).

Thin layer over functiegebouw.links.vocab, functiegebouw.links.mappings and functiegebouw.links.suggest.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib import Graph

    from functiegebouw.links.sssom import Mapping, Metadata
    from functiegebouw.links.suggest import Figures, Suggestion


def _action(sub: Any, name: str, help: str) -> argparse.ArgumentParser:  # sub: argparse's private _SubParsersAction
    """A sub-command whose own --help says what it does (help= alone shows only in the parent's list)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help)
    return parser


def configure_vocab(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    esco = _action(sub, "import-esco", help="ESCO CSV export folder -> esco-isco/-occupations/-skills.ttl")
    esco.add_argument("dir", help="folder of ESCO's CSV download: ISCOGroups_<lang>.csv, occupations_<lang>.csv, "
                      "skills_<lang>.csv, skillGroups_<lang>.csv, broaderRelationsSkillPillar[_<lang>].csv or "
                      "skillsHierarchy_<lang>.csv; when present also transversalSkillsCollection_<lang>.csv and "
                      "occupationSkillRelations[_<lang>].csv (every language present is taken)")
    esco.add_argument("--release", metavar="VERSION",
                      help="the ESCO version of the download, e.g. v1.2.0, stated in the schemes' owl:versionInfo "
                      "(default: the versions of the tables shipped with the project)")
    brc = _action(sub, "import-brc", help="CBS BRC 2014 table (CSV export) -> brc2014.ttl")
    brc.add_argument("file", help="CSV export of the sheet 'BRC 2014 variabelen' of brc2014.xls")
    _action(sub, "eqf", help="EQF and NLQF levels -> eqf.ttl")
    onet = _action(sub, "import-onet", help="O*NET-SOC occupations and the BLS ISCO-08 -> SOC crosswalk -> onet-soc.ttl")
    onet.add_argument("dir", help="folder with isco08_soc2010_crosswalk.csv and onet_occupation_data.csv")
    _action(sub, "learn-translations", help="Dutch -> English word table from ESCO's bilingual occupations "
                   "in data/vocab -> nl-en-words.tsv (about a minute)")
    _action(sub, "embed", help="e5 passage vectors of the suggester's ESCO candidates in data/vocab -> e5-vectors.bin "
                   "(needs the [embed] extra; ~30 minutes on 2 cores)")
    for q in sub.choices.values():
        q.add_argument("-o", "--out", default="data/vocab", help="output folder (default: data/vocab)")


def run_vocab(args: argparse.Namespace) -> int:
    from functiegebouw.links import vocab

    if args.action == "import-esco":
        written = vocab.import_esco(args.dir, args.out, args.release)
    elif args.action == "import-brc":
        written = vocab.import_brc(args.file, args.out, vocab.isco_codes_of(args.out))
    elif args.action == "import-onet":
        written = vocab.import_onet(args.dir, args.out, vocab.isco_codes_of(args.out))
    elif args.action == "learn-translations":
        from functiegebouw.links.translate import learn_translations

        path, pairs, n = learn_translations(args.out)
        print(f"{path}: {n:,} Dutch words from {pairs:,} Dutch/English pairs")
        return 0
    elif args.action == "embed":
        from pathlib import Path

        from functiegebouw.links.embed import KINDS, VECTORS, build_vectors
        from functiegebouw.links.mappings import open_vocab
        from functiegebouw.links.suggest import vocab_concepts

        def progress(kind: str, done: int, total: int) -> None:
            print(f"\r{kind}: {done:,}/{total:,}", end="\n" if done == total else "", file=sys.stderr, flush=True)

        store = open_vocab(args.out)
        concepts = {kind: vocab_concepts(store, kind) for kind in KINDS}
        path, n, fresh = build_vectors(concepts, Path(args.out) / VECTORS, progress=progress)
        print(f"{path}: {n:,} vectors ({fresh:,} embedded now, the others still current)")
        return 0
    else:
        written = vocab.write_eqf(args.out)
    print(written.summary())
    return 0


def configure_link(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = _action(sub, "build", help="data/mappings/*.sssom.tsv -> SKOS Turtle with SSSOM metadata, and link-targets.ttl")
    check = _action(sub, "check", help="every target exists in data/vocab with the right kind, every subject in the "
                           "FGR data, chains hold, built files are current; exit 1 on a problem")
    suggest = _action(sub, "suggest", help="candidate mappings (SSSOM/TSV; semapv:LexicalMatching, or "
                             "semapv:SemanticSimilarityThresholdMatching with the [embed] extra) for a person to review")
    evaluate = _action(sub, "evaluate", help="P@1, R@1/5/10 and MRR of `suggest` per kind and method, against the curated mappings")
    for q in (build, check, suggest, evaluate):
        # default None: data/… of the working folder, else the project's own (the shipped copy of a wheel)
        q.add_argument("--mappings", default=None, help="folder of *.sssom.tsv (default: data/mappings)")
        q.add_argument("--vocab-dir", default=None, help="imported vocabularies (default: data/vocab)")
    check.add_argument("--data", nargs="+", default=None, help="FGR data files or folders (default: data)")
    for q in (suggest, evaluate):
        q.add_argument("--source", nargs="+", default=None,
                       help="FGR profile Turtle files or folders (default: data/*.ttl)")
    suggest.add_argument("--top", type=int, default=5, help="candidates per FGR item and vocabulary (default: 5)")
    suggest.add_argument("--kind", action="append", choices=["functiegroep", "competentie", "resultaat", "opleidingsrichting"],
                         help="only these kinds of FGR item (repeatable; default: all)")
    suggest.add_argument("--functiegroep", action="append", metavar="ID",
                         help="only this functiegroep and its competenties, resultaten and opleidingsrichtingen "
                         "(repeatable; FGR id, e.g. 527)")
    suggest.add_argument("--format", "-f", choices=["table", "sssom"], default=None,
                         help="table: per FGR item its candidates by vocabulary and rank, for reading (the default "
                         "on standard output); sssom: SSSOM/TSV for review (the default with -o)")
    suggest.add_argument("-o", "--output", help="write here instead of standard output")
    suggest.add_argument("--method", choices=["lexical", "embedding", "mix"],
                         help="lexical (pure Python), embedding (multilingual-e5-small, the [embed] extra) or mix "
                         "(default: mix when the extra is installed, else lexical)")
    evaluate.add_argument("--method", action="append", choices=["lexical", "embedding", "mix"],
                          help="only these methods (repeatable; default: lexical, and embedding and mix when the "
                          "[embed] extra is installed)")
    evaluate.add_argument("--alpha", type=float, nargs="+", metavar="A",
                          help="lexical share(s) of the mix to measure (default: the built-in one)")


def _profiles(paths: Iterable[str]) -> Graph:
    from pathlib import Path

    from functiegebouw.errors import FgrError
    from functiegebouw.rdf.load import load_graph

    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.ttl")))
        elif p.exists():
            files.append(p)
        else:
            raise FgrError(p, None, "no such file or folder")
    return load_graph(files, ontology=True)


def run_link(args: argparse.Namespace) -> int:
    from functiegebouw.links import mappings as link
    from functiegebouw.resources import data_path

    for attr, name in (("mappings", "data/mappings"), ("vocab_dir", "data/vocab")):
        if getattr(args, attr, "") is None:
            setattr(args, attr, str(data_path(name)))
    for attr in ("data", "source"):
        if getattr(args, attr, "") is None:
            setattr(args, attr, [str(data_path("data"))])

    if args.action == "build":
        for path in link.build(args.mappings, args.vocab_dir):
            print(path)
        return 0
    if args.action == "check":
        problems = link.check(args.mappings, args.vocab_dir, args.data)
        for problem in problems:
            print(problem)
        errors = [p for p in problems if p.severity == "error"]
        warnings = len(problems) - len(errors)
        sets = link.read_all(args.mappings)
        print(f"{sum(len(s.mappings) for s in sets)} mappings in {len(sets)} set(s): "
              + ("all targets exist and fit" if not errors else f"{len(errors)} problem(s)")
              + (f", {warnings} warning(s)" if warnings else ""))
        return 1 if errors else 0
    from functiegebouw.links import suggest as sg
    from functiegebouw.links.translate import TABLE, Translator, read_table

    if getattr(args, "top", 1) < 1:
        from functiegebouw.errors import FgrError

        raise FgrError("--top", None, "must be at least 1")
    from functiegebouw.links import embed

    wanted = [args.method] if isinstance(args.method, str) else (args.method or [])
    if any(m != "lexical" for m in wanted) and not embed.available():
        embed.model()   # the one-line error naming the extra, before any work
    graph = _profiles(args.source)
    translator = Translator(read_table(f"{args.vocab_dir}/{TABLE}"))
    if args.action == "suggest":
        from functiegebouw.links.index_cache import cache_dir

        kinds = tuple(args.kind) if args.kind else sg.KINDS
        method = args.method or ("mix" if embed.available() else "lexical")
        only = _selected(graph, args.functiegroep) if args.functiegroep else None
        # the vocabulary store is opened only for what the cache does not hold (cache_dir: index_cache)
        results = sg.suggest(graph, lambda: link.open_vocab(args.vocab_dir), translator, top=args.top, kinds=kinds,
                             method=method, vocab_dir=args.vocab_dir, only=only, cache_dir=cache_dir())
        if not results:  # no silent empty answer: say why nothing follows
            from functiegebouw.i18n import language
            from functiegebouw.links.review import NO_ITEMS

            print(NO_ITEMS[language()], file=sys.stderr)
        fmt = args.format or ("sssom" if args.output else "table")
        if fmt == "sssom":
            text = write_sssom(args.output, suggestion_metadata(), suggestion_rows(results))
        else:
            from functiegebouw.links.review import render

            text = render(results)
            if args.output:
                from functiegebouw.rdf.files import write_atomic

                write_atomic(args.output, text.encode("utf-8"))
        if not args.output:
            from functiegebouw.terminal import for_terminal

            for_terminal(sys.stdout).write(text)
        return 0
    methods = args.method or (list(sg.METHODS) if embed.available() else ["lexical"])
    if not args.method and not embed.available():
        print(f"(embedding and mix not measured: the [embed] extra is not installed; {embed.INSTALL})", file=sys.stderr)
    alphas = args.alpha or [sg.MIX]
    if any(not 0 <= a <= 1 for a in alphas):
        from functiegebouw.errors import FgrError

        raise FgrError("--alpha", None, "must be between 0 and 1")
    from functiegebouw.links.index_cache import cache_dir

    ref = reference(args.mappings)
    figures: list[tuple[str, Figures]] = []
    # the stored indexes as for `suggest`: the same rankings, without rebuilding them
    rankers = sg.Rankers(lambda: link.open_vocab(args.vocab_dir), translator, args.vocab_dir, cache_dir=cache_dir())
    store = None
    for method in methods:
        for a in (alphas if method == "mix" else alphas[:1]):
            rankers.alpha = a
            results = sg.suggest(graph, store, translator, top=10, kinds=("competentie", "resultaat", "functiegroep"),
                                 method=method, rankers=rankers)
            name = f"mix {a:g}" if method == "mix" and len(alphas) > 1 else method
            figures.extend((name, f) for f in sg.evaluate(results, ref, ks=(1, 5, 10)))
    print(sg.format_figures(figures))
    return 0


def _selected(graph: Graph, numbers: list[str]) -> set[str]:
    """The IRIs of the chosen functiegroepen and their items; an id the graph does not have is refused
    with the nearest ids that exist."""
    import difflib

    from functiegebouw.errors import FgrError
    from functiegebouw.links import suggest as sg

    known = sg.functiegroepen(graph)
    out: set[str] = set()
    for number in numbers:
        wanted = number.strip()
        if wanted not in known:
            nearest = difflib.get_close_matches(wanted, sorted(known), n=5, cutoff=0.0) if known else []
            raise FgrError("--functiegroep", None, f"{wanted[:40]!r} is not a functiegroep of the data"
                           + (f"; nearest: {', '.join(nearest)}" if nearest else "; the data has no functiegroep"))
        out |= sg.items_of(graph, known[wanted])
    return out


def write_sssom(path: str | Path | None, metadata: Metadata, rows: list[Mapping]) -> str:
    from functiegebouw.links.sssom import write_sssom as write

    return write(path, metadata, rows)


def suggestion_metadata() -> dict[str, Any]:
    from functiegebouw.links import sssom

    from functiegebouw.links.review import PREFIXES

    return {"curie_map": {**PREFIXES, "skos": sssom.SKOS, "semapv": sssom.SEMAPV, "sssom": sssom.SSSOM},
            "mapping_set_id": iris.MAPPINGS + "suggestions",
            "mapping_set_description": "Candidates from `fgr link suggest` for a person to accept (move the row to a "
                                       "curated data/mappings/*.sssom.tsv, set predicate and justification) or reject.",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "mapping_tool": "fgr link suggest (functiegebouw.links.suggest)"}


def suggestion_rows(results: Iterable[Suggestion]) -> list[Mapping]:
    from functiegebouw.links import sssom
    from functiegebouw.links.suggest import method_description

    rows = []
    for s in results:
        semantic = s.method in ("embedding", "mix")
        justification = "SemanticSimilarityThresholdMatching" if semantic else "LexicalMatching"
        measure = method_description(s.method)
        tag = f", {s.method}" if semantic else ""
        for rank, (concept, score) in enumerate(s.candidates, 1):
            predicate = sssom.REQUIRES_SKILL if s.source.kind == "resultaat" else sssom.SKOS + "closeMatch"
            rows.append(sssom.Mapping(
                subject=s.source.iri, predicate=predicate, object=concept.iri,
                justification=sssom.SEMAPV + justification, subject_label=s.source.label,
                object_label=concept.label, confidence=round(min(max(score, 0.0), 1.0), 3),
                comment=f"candidate {rank} of {len(s.candidates)} ({s.target}{tag}); not reviewed",
                extra={"similarity_score": f"{score:.4f}", "similarity_measure": measure}))
    return rows


def reference(mappings_dir: str | Path) -> dict[tuple[str, str], set[str]]:
    """Curated targets per (FGR item, vocabulary searched): skills and skill groups, occupations, ISCO-08
    unit groups (the chained and the NoTermFound rows are not curated targets of the suggester)."""
    from functiegebouw.links import mappings as link

    out: dict[tuple[str, str], set[str]] = {}
    for s in link.curated(link.read_all(mappings_dir)):
        for m in s.mappings:
            kind = link.subject_kind(m.subject)
            if m.object.startswith(iris.ESCO_SKILL) and kind in ("competentie", "resultaat"):
                target = "skill"
            elif m.object.startswith(iris.ESCO_OCCUPATION) and kind == "functiegroep":
                target = "occupation"
            elif re.fullmatch(r"http://data\.europa\.eu/esco/isco/C\d{4}", m.object) and kind == "functiegroep":
                target = "isco"
            else:
                continue
            out.setdefault((m.subject, target), set()).add(m.object)
    return out
