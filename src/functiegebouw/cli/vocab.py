"""``fgr vocab`` (import ESCO, CBS BRC 2014, EQF/NLQF) and ``fgr link`` (build, check, suggest, evaluate).

Thin layer over functiegebouw.links.vocab, functiegebouw.links.sssom and functiegebouw.links.suggest.
"""
from __future__ import annotations

import argparse
import sys


def _action(sub, name: str, help: str):
    """A sub-command whose own --help says what it does (help= alone shows only in the parent's list)."""
    return sub.add_parser(name, help=help, description=help)


def configure_vocab(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    esco = _action(sub, "import-esco", help="ESCO CSV export folder -> esco-isco/-occupations/-skills.ttl")
    esco.add_argument("dir", help="folder with ISCOGroups_en.csv, occupations_en.csv, occupations_nl.csv, "
                      "skills_en-us.csv, skillGroups_en.csv, transversalSkillsCollection_en.csv")
    brc = _action(sub, "import-brc", help="CBS BRC 2014 table (CSV export) -> brc2014.ttl")
    brc.add_argument("file", help="CSV export of the sheet 'BRC 2014 variabelen' of brc2014.xls")
    _action(sub, "eqf", help="EQF and NLQF levels -> eqf.ttl")
    for q in sub.choices.values():
        q.add_argument("-o", "--out", default="data/vocab", help="output folder (default: data/vocab)")


def run_vocab(args) -> int:
    from functiegebouw.links import vocab

    if args.action == "import-esco":
        written = vocab.import_esco(args.dir, args.out)
    elif args.action == "import-brc":
        written = vocab.import_brc(args.file, args.out, vocab.isco_codes_of(args.out))
    else:
        written = vocab.write_eqf(args.out)
    print(written.summary())
    return 0


def configure_link(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = _action(sub, "build", help="data/mappings/*.sssom.tsv -> SKOS Turtle with SSSOM metadata, and link-targets.ttl")
    check = _action(sub, "check", help="every target exists in data/vocab with the right kind, every subject in the "
                           "FGR data, chains hold, built files are current; exit 1 on a problem")
    suggest = _action(sub, "suggest", help="candidate mappings (SSSOM/TSV) by lexical similarity, for a person to review")
    evaluate = _action(sub, "evaluate", help="precision and recall at k of `suggest` against the curated mappings")
    for q in (build, check, suggest, evaluate):
        q.add_argument("--mappings", default="data/mappings", help="folder of *.sssom.tsv (default: data/mappings)")
        q.add_argument("--vocab-dir", default="data/vocab", help="imported vocabularies (default: data/vocab)")
    check.add_argument("--data", nargs="+", default=["data"], help="FGR data files or folders (default: data)")
    for q in (suggest, evaluate):
        q.add_argument("--source", nargs="+", default=["data"],
                       help="FGR profile Turtle files or folders (default: data/*.ttl)")
        q.add_argument("--vocab", choices=["esco"], default="esco", help="vocabulary to search (default: esco)")
    suggest.add_argument("--top", type=int, default=5, help="candidates per FGR item (default: 5)")
    suggest.add_argument("--kind", action="append", choices=["functiegroep", "competentie", "resultaat"],
                         help="only these kinds of FGR item (repeatable; default: all)")
    suggest.add_argument("-o", "--output", help="write the SSSOM/TSV here instead of standard output")
    evaluate.add_argument("-k", type=int, action="append", help="k to report (repeatable; default 1, 3, 5, 10)")


def _profiles(paths):
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


def run_link(args) -> int:
    from functiegebouw.links import sssom as link

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

    if getattr(args, "top", 1) < 1:
        from functiegebouw.errors import FgrError

        raise FgrError("--top", None, "must be at least 1")
    graph = _profiles(args.source)
    store = link.open_vocab(args.vocab_dir)
    if args.action == "suggest":
        kinds = tuple(args.kind) if args.kind else ("functiegroep", "competentie", "resultaat")
        results = sg.suggest(graph, store, top=args.top, kinds=kinds)
        text = link.write_sssom(args.output, suggestion_metadata(), suggestion_rows(results))
        if not args.output:
            sys.stdout.write(text)
        return 0
    ks = tuple(sorted(set(args.k))) if args.k else (1, 3, 5, 10)
    results = sg.suggest(graph, store, top=max(ks))
    report = sg.evaluate(results, reference(args.mappings), ks)
    print(format_evaluation(report))
    return 0


def suggestion_metadata() -> dict:
    from functiegebouw.links import sssom as link

    return {"curie_map": {"fgrid": link.ID, "ISCO08": "http://data.europa.eu/esco/isco/C",
                          "ESCO.occupation": "http://data.europa.eu/esco/occupation/",
                          "ESCO.skill": "http://data.europa.eu/esco/skill/", "skos": link.SKOS, "semapv": link.SEMAPV},
            "mapping_set_id": "https://w3id.org/functiegebouw/mappings/suggestions",
            "mapping_set_description": "Candidates from `fgr link suggest` for a person to accept (move the row to a "
                                       "curated data/mappings/*.sssom.tsv, set predicate and justification) or reject.",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "mapping_tool": "fgr link suggest (src/functiegebouw/suggest.py)"}


def suggestion_rows(results) -> list:
    from functiegebouw.links import sssom as link

    rows = []
    for source, candidates in results:
        for concept, score in candidates:
            rows.append(link.Mapping(
                subject=source.iri, predicate=link.SKOS + "closeMatch", object=concept.iri,
                justification=link.SEMAPV + "LexicalSimilarityThresholdMatching", line=0,
                subject_label=source.label, object_label=concept.label, confidence=round(score, 3),
                comment="candidate; not reviewed",
                extra={"similarity_score": f"{score:.3f}",
                       "similarity_measure": "0.6 cosine(char 4-gram TF-IDF of labels) + 0.4 cosine(5-letter word "
                                             "stem TF-IDF of labels and descriptions)"}))
    return rows


def reference(mappings_dir) -> dict[str, set[str]]:
    """Curated targets per FGR item, limited to what the suggester searches (ESCO skills/occupations, ISCO)."""
    from functiegebouw.links import sssom as link

    out: dict[str, set[str]] = {}
    for s in link.read_all(mappings_dir):
        for m in s.mappings:
            if m.object.startswith(("http://data.europa.eu/esco/skill/", "http://data.europa.eu/esco/occupation/",
                                    "http://data.europa.eu/esco/isco/C")) and link.subject_kind(m.subject) in (
                                        "functiegroep", "competentie", "resultaat"):
                out.setdefault(m.subject, set()).add(m.object)
    return out


def format_evaluation(report: dict) -> str:
    lines = ["k   precision@k  recall@k  success@k  (hits / reference mappings, sources)"]
    for k, r in report.items():
        lines.append(f"{k:<3} {r['precision']:>11.3f}  {r['recall']:>8.3f}  {r['success']:>9.3f}  "
                     f"({r['hits']} / {r['reference']}, {r['sources']})")
    return "\n".join(lines)
