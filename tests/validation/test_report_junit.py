"""The JUnit report counts per file: each suite's failures are its own Violations (not a running total), the
root sums them, and every file without Violations has one passing test case, also when it has Warnings or
Info (issue 27: both mistakes survived the suite)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from functiegebouw.validation.report import Finding, ValidationResult


def finding(severity: str, data_file: str, n: int) -> Finding:
    return Finding(severity=severity, shape="https://w3id.org/functiegebouw/shapes#S", focus=f"urn:x{n}",
                   component="http://www.w3.org/ns/shacl#MinCountConstraintComponent", message=f"m{n}",
                   messages={"en": f"m{n}"}, data_file=data_file, source_file=data_file, source_line=n)


FILES = ["a.ttl", "b.ttl", "c.ttl", "d.ttl", "e.ttl"]
FINDINGS = [finding("Violation", "a.ttl", 1), finding("Violation", "a.ttl", 2),
            finding("Violation", "b.ttl", 3), finding("Warning", "b.ttl", 4),
            finding("Info", "c.ttl", 5), finding("Warning", "d.ttl", 6)]


def suites() -> dict[str, ET.Element]:
    root = ET.fromstring(ValidationResult(FINDINGS, FILES).to_junit())
    return {s.get("name"): s for s in root.iter("testsuite")}


def test_each_suite_counts_its_own_failures_and_the_root_sums_them():
    root = ET.fromstring(ValidationResult(FINDINGS, FILES).to_junit())
    by_name = {s.get("name"): s for s in root.iter("testsuite")}
    assert {n: s.get("failures") for n, s in by_name.items()} == {"a.ttl": "2", "b.ttl": "1", "c.ttl": "0",
                                                                   "d.ttl": "0", "e.ttl": "0"}
    for suite in by_name.values():
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
    assert root.get("failures") == "3"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in by_name.values()) == 5 + 4


def test_a_file_without_violations_has_one_passing_case_with_or_without_findings():
    by_name = suites()
    for name, kind in (("c.ttl", "passes"), ("d.ttl", "passes"), ("e.ttl", "conforms")):
        cases = [c for c in by_name[name].findall("testcase") if c.get("name") == name]
        assert [c.get("classname") for c in cases] == [kind], name
        assert cases[0].find("failure") is None
    for name in ("a.ttl", "b.ttl"):  # a file with a Violation has no passing summary case
        assert not [c for c in by_name[name].findall("testcase") if c.get("name") == name]
    # Warnings and Info are reported, not failed
    (info,) = [c for c in by_name["c.ttl"].findall("testcase") if c.get("classname") == "S"]
    assert info.find("failure") is None and "Info: m5" in info.find("system-out").text
