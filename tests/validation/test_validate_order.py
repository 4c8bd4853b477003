"""The findings shown do not depend on the order in which the engine gives its results: of two that differ
only in their value's datatype ("28" as an integer and as a decimal, from a SPARQL constraint's arithmetic), the
one kept was the first, and `fgr validate --format json` of tests/fixtures/shapes differed from run to run."""
from __future__ import annotations

import pytest

from functiegebouw.validation import shacl
from support import FIXTURES

# a profile with two files without a functiegroep that every profile given with them is validated with
FILES = [FIXTURES / "shapes" / name for name in ("TypificationTotalOrderShape.pass.ttl",
                                                 "TypificationStatedTotalShape.fail.ttl", "FuwasysScoreValueShape.fail.ttl")]


def test_the_fixture_has_findings_that_differ_only_in_a_datatype(monkeypatch):
    run_units = shacl._run_units
    pairs = []

    def spy(job, units, jobs):
        out = run_units(job, units, jobs)
        for _unit, found in out:
            types: dict[tuple[str | None, ...], set[str | None]] = {}
            for f in found:
                types.setdefault(shacl._key(f), set()).add(f.value_datatype)
            pairs.extend(key for key, kinds in types.items() if len(kinds) > 1)
        return out

    monkeypatch.setattr(shacl, "_run_units", spy)
    shacl.validate(FILES, lang="nl", jobs=1)
    assert pairs


@pytest.mark.parametrize("order", [reversed, sorted])
def test_the_engines_order_of_results_does_not_change_the_findings(monkeypatch, order):
    expected = shacl.validate(FILES, lang="nl", jobs=1).findings
    run_units = shacl._run_units

    def reordered(job, units, jobs):
        return [(unit, list(order(found, key=repr) if order is sorted else order(found)))
                for unit, found in run_units(job, units, jobs)]

    monkeypatch.setattr(shacl, "_run_units", reordered)
    assert shacl.validate(FILES, lang="nl", jobs=1).findings == expected
