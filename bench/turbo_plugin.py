"""pyshacl-turbo in place of pyshacl, for the benchmark's engine comparison.

pyshacl-turbo 0.6 refuses a SPARQL constraint unless every SELECT, sub-selects included, projects
``?this`` literally: ``SELECT $this`` (the same variable in SPARQL) and the one sub-select of
ScaleInSalaryTableShape that computes the salary-table range are rejected. ``turbo_shapes()``
writes copies of ontology/shapes*.ttl with exactly those two rewrites (same meaning) to
bench/work/shapes-turbo/; ``use_turbo()`` makes ``import pyshacl`` give pyshacl_turbo and points
functiegebouw.validation at the rewritten shapes. The shapes in ontology/ are never changed.

As a pytest plugin (``python -m pytest -p turbo_plugin`` with bench/ on PYTHONPATH) it runs the
project's SHACL tests that way.
"""
import re
import sys
from pathlib import Path

WORK = Path(__file__).resolve().parent / "work" / "shapes-turbo"
SUB = "{ SELECT (MIN(?k) AS ?min) (MAX(?k) AS ?max) WHERE { ?known fgr:salaryRange ?r ; fgr:scaleNumber ?k } }"
NEW = ("{ SELECT ?this (MIN(?k) AS ?min) (MAX(?k) AS ?max) WHERE { ?this fgr:scale ?anyScale . "
       "?known fgr:salaryRange ?r ; fgr:scaleNumber ?k } GROUP BY ?this }")


def rewrite(text: str) -> str:
    return re.sub(r"SELECT \$this", "SELECT ?this", text).replace(SUB, NEW)


def turbo_shapes(originals) -> list[Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    out = []
    for path in originals:
        target = WORK / Path(path).name
        target.write_text(rewrite(Path(path).read_text(encoding="utf-8")), encoding="utf-8")
        out.append(target)
    return out


def use_rewritten_shapes() -> None:
    from functiegebouw import validation

    files = turbo_shapes(validation.shape_files())
    validation.shape_files = lambda: list(files)


def use_turbo(rewritten: bool = True) -> None:
    import pyshacl_turbo

    sys.modules["pyshacl"] = pyshacl_turbo  # validation._run imports pyshacl at call time
    if rewritten:
        use_rewritten_shapes()


if __name__ != "__main__" and "pytest" in sys.modules and not sys.modules.get("_fgr_bench_runner"):
    use_turbo()
