"""The validation result: findings with their provenance, and their text, JSON and SHACL-Turtle forms."""
from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris
from functiegebouw.terminal import printable

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib import Graph

SH = iris.SH
SEVERITIES = ("Violation", "Warning", "Info")  # most serious first

# Headings of the text report; the messages themselves come from the shapes (sh:message @nl/@en).
WORDS = {
    "en": {"Violation": "VIOLATION", "Warning": "WARNING", "Info": "INFO", "value": "value", "focus": "focus",
           "no_group": "Outside any functiegroep", "no_scale": "no schaal", "conforms": "conforms",
           "fails": "does not conform", "passes": "no violations, but does not conform ({n} result(s))",
           "files": "file(s) checked", "files_ci": "file(s),", "summary": "{v} violation(s), {w} warning(s), {i} info",
           "unreadable": "{n} file(s) could not be read"},
    "nl": {"Violation": "FOUT", "Warning": "WAARSCHUWING", "Info": "INFO", "value": "waarde", "focus": "knoop",
           "no_group": "Buiten een functiegroep", "no_scale": "geen schaal", "conforms": "voldoet",
           "fails": "voldoet niet", "passes": "geen fouten, maar voldoet niet ({n} resultaat/resultaten)",
           "files": "bestand(en) gecontroleerd", "files_ci": "bestand(en),",
           "summary": "{v} fout(en), {w} waarschuwing(en), {i} info",
           "unreadable": "{n} bestand(en) niet te lezen"},
}
# What the summary adds when --severity leaves findings out.
SHOWN = {"en": {"Violation": "shown: violations only", "Warning": "shown: violations and warnings"},
         "nl": {"Violation": "getoond: alleen fouten", "Warning": "getoond: fouten en waarschuwingen"}}


@functools.cache
def real_path(path: str | Path) -> str:
    """The resolved path as text, once per path: a run looks a file up several times (its input, its
    cache entry and stamp, how it is shown), and each resolve is a system call per path component.
    ``real_path.cache_clear()`` starts a run afresh. A file that is no symlink resolves as its folder
    (resolved once for all its files) with its name: one ``lstat`` instead of one per component."""
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if not name or name in (".", "..") or not folder or os.path.islink(text):
        return os.path.realpath(text)
    return os.path.join(real_path(folder), name)


def display_path(path: Path | str) -> str:
    """A path relative to the working folder when it lies below it, else absolute."""
    return _display(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _display(path: str, cwd: str) -> str:  # realpath costs a system call per component: once per path
    resolved, here = real_path(path), real_path(cwd)
    if resolved.startswith(here.rstrip(os.sep) + os.sep):
        return resolved[len(here.rstrip(os.sep)) + 1:]
    return "." if resolved == here else resolved


@dataclass(frozen=True)
class ReadError:
    """A file that could not be validated because it could not be read (a Turtle or FGR text syntax error):
    reported with the findings of the other files, which are validated all the same."""

    file: str
    line: int | None
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def severity_name(text: str) -> str:
    """"violation", "Warning", … as one of SEVERITIES."""
    for name in SEVERITIES:
        if name.lower() == str(text).strip().lower():
            return name
    from functiegebouw.errors import FgrError

    raise FgrError(None, None, f"severity must be one of {', '.join(s.lower() for s in SEVERITIES)}, not {text!r}")


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, located in the functiegroep, schaal and source text it concerns."""

    severity: str                 # "Violation", "Warning" or "Info"
    shape: str                    # IRI of sh:sourceShape
    component: str                # IRI of sh:sourceConstraintComponent
    focus: str                    # IRI (or blank node label) of sh:focusNode
    message: str                  # in the chosen language
    messages: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # language tag -> message
    value: str | None = None      # sh:value as text (lexical form or IRI)
    value_kind: str | None = None  # "iri", "literal" or "bnode"
    value_datatype: str | None = None
    value_lang: str | None = None
    path: str | None = None       # sh:resultPath when it is a single property
    functiegroep: str | None = None
    functiegroep_label: str | None = None
    schaal: int | None = None
    source_file: str | None = None  # the FGR text the data came from (data/sources/… when present)
    source_line: int | None = None
    data_file: str | None = None    # the RDF file the focus node was loaded from

    @property
    def shape_name(self) -> str:
        return self.shape.rsplit("#", 1)[-1] if "#" in self.shape else self.shape

    @property
    def where(self) -> str:
        if self.source_file and self.source_line:
            return f"{self.source_file}:{self.source_line}"
        return self.source_file or self.data_file or "?"

    def sort_key(self) -> tuple[str, str, int, int, int, str, str, str, str, str, str]:
        return (self.functiegroep_label or "\uffff", self.functiegroep or "",
                self.schaal if self.schaal is not None else -1,
                SEVERITIES.index(self.severity), self.source_line or 0, self.shape, self.focus, self.value or "",
                self.message, self.component, self.path or "")


@dataclass
class ValidationResult:
    """What ``functiegebouw.validate`` returns.

    ``conforms`` is the SHACL ``sh:conforms``: True only when there are no results at all (Warnings and
    Info included, as Jena and pySHACL say); ``passes`` is True when there are no Violations, which is
    what the exit status of ``fgr validate`` follows."""

    findings: list[Finding]
    files: list[str]
    lang: str = "en"
    errors: list[ReadError] = field(default_factory=list)  # files that could not be read (and so not validated)
    severity: str = "Info"  # the least serious severity the reports show (the counts and verdict cover all)

    @property
    def conforms(self) -> bool:
        return not self.findings and not self.errors

    @property
    def passes(self) -> bool:
        return not self.violations and not self.errors

    @property
    def shown(self) -> list[Finding]:
        """The findings at ``severity`` or more serious, in report order."""
        limit = SEVERITIES.index(self.severity)
        return [f for f in self.findings if SEVERITIES.index(f.severity) <= limit]

    def only(self, severity: str) -> ValidationResult:
        """The same result, its reports showing only findings at ``severity`` ("violation", "warning",
        "info") or more serious."""
        from dataclasses import replace

        return replace(self, severity=severity_name(severity))

    def verdict(self, words: dict[str, str]) -> str:
        """"conforms", "no violations, but does not conform (n results)" or "does not conform"."""
        if self.conforms:
            return words["conforms"]
        return words["passes"].format(n=len(self.findings)) if self.passes else words["fails"]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Info"]

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    # ------------------------------------------------------------ text
    def to_text(self) -> str:
        """The report for people; every text from the data (labels, values, messages, IRIs, paths) has its
        control characters and line breaks escaped, so that data can neither drive a terminal nor forge lines."""
        w = WORDS.get(self.lang, WORDS["en"])
        out = [self.summary(w)]  # the files that could not be read: counted here, named on stderr (cli.validate)
        group = scale = object()
        for f in self.shown:
            if f.functiegroep != group:
                group, scale = f.functiegroep, object()
                if f.functiegroep:  # a functiegroep without a name (a finding of its own) by its IRI alone
                    label = f"{_line(f.functiegroep_label)} " if f.functiegroep_label else ""
                    title = f"Functiegroep {label}<{_line(f.functiegroep)}>"
                else:
                    title = w["no_group"]
                out += ["", title + (f"  ({_line(f.data_file)})" if f.data_file else "")]
            if f.schaal != scale:
                scale = f.schaal
                out.append(f"  schaal {f.schaal}" if f.schaal is not None else f"  ({w['no_scale']})")
            out.append(f"    {w[f.severity]:<12} {_line(f.where)}  {_line(f.shape_name)}")
            out.append(f"      {_line(f.message)}")
            if f.value is not None:
                out.append(f"      {w['value']}: {_line(f.value)}")
            out.append(f"      {w['focus']}: <{_line(f.focus)}>")
        return "\n".join(out) + "\n"

    def summary(self, w: dict[str, str], files: str | None = None) -> str:
        """The first line: files, the counts per severity (of all findings), unreadable files, the verdict."""
        c = self.counts()
        text = (f"{len(self.files)} {files or w['files'] + ':'} "
                + w["summary"].format(v=c["Violation"], w=c["Warning"], i=c["Info"])
                + (", " + w["unreadable"].format(n=len(self.errors)) if self.errors else "")
                + f" — {self.verdict(w)}")
        shown = SHOWN.get(self.lang, SHOWN["en"]).get(self.severity)
        return text + (f" ({shown})" if shown else "")

    # ------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        return {"conforms": self.conforms, "passes": self.passes, "counts": self.counts(), "files": list(self.files),
                "findings": [asdict(f) for f in self.shown], "errors": [asdict(e) for e in self.errors],
                "severity": self.severity}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    # ------------------------------------------------------------ CI formats
    def to_github(self) -> str:
        """GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding, at the
        source .txt line where the provenance has it, else at the Turtle file; a summary line last."""
        level = {"Violation": "error", "Warning": "warning", "Info": "notice"}
        out = []
        for e in self.errors:
            at = {"file": e.file, "line": str(e.line) if e.line else "", "title": "fgr validate: cannot be read"}
            fields = ",".join(f"{k}={_gh_property(v)}" for k, v in at.items() if v)
            out.append(f"::error {fields}::{_gh_data(printable(e.message))}")
        for f in self.shown:
            # the text only when it is on disk (provenance may name a file this checkout does not hold)
            at_source = bool(f.source_file and f.source_line and os.path.isfile(f.source_file))
            props = {"file": f.source_file if at_source else (f.data_file or f.source_file)}
            if at_source:
                props["line"] = str(f.source_line)
            props["title"] = f"{f.shape_name}" + (f" (schaal {f.schaal})" if f.schaal is not None else "")
            fields = ",".join(f"{k}={_gh_property(v)}" for k, v in props.items() if v)
            out.append(f"::{level[f.severity]} {fields}::{_gh_data(printable(f.message))}")
        w = WORDS.get(self.lang, WORDS["en"])
        out.append("fgr validate: " + self.summary(w, w["files_ci"]))
        return "\n".join(out) + "\n"

    def to_junit(self) -> str:
        """JUnit XML (GitLab, Jenkins): a test suite per checked file, a test case per finding (a Violation
        is a failure; Warnings and Info pass and say why in system-out) and one per file without Violations
        (classname "conforms" when the file has no finding at all, "passes" when it has only Warnings/Info)."""
        import xml.etree.ElementTree as ET

        by_file: dict[str, list[Finding]] = {path: [] for path in self.files}
        for f in self.shown:
            by_file.setdefault(f.data_file or "?", []).append(f)
        unreadable: dict[str, list[ReadError]] = {}
        for e in self.errors:
            unreadable.setdefault(e.file, []).append(e)
            by_file.setdefault(e.file, [])
        root = ET.Element("testsuites", name="fgr validate")
        total = failures = 0
        for path in sorted(by_file):
            findings = by_file[path]
            suite = ET.SubElement(root, "testsuite", name=_xml(path))
            cases = 0
            for e in unreadable.get(path, []):  # a file that cannot be read is a failing test case of its own
                case = ET.SubElement(suite, "testcase", classname="unreadable", name=_xml(e.where), file=_xml(e.file))
                if e.line:
                    case.set("line", str(e.line))
                failure = ET.SubElement(case, "failure", type="error", message=_xml(e.message))
                failure.text = _xml(f"{e.where}: {e.message}")
                cases += 1
                failures += 1
            for f in findings:
                case = ET.SubElement(suite, "testcase", classname=_xml(f.shape_name), name=_xml(f"{f.where} {f.focus}"),
                                     file=_xml(f.source_file or path))
                if f.source_line:
                    case.set("line", str(f.source_line))
                detail = f"{f.severity}: {f.message}" + (f"\nvalue: {f.value}" if f.value is not None else "") \
                    + f"\nfocus: <{f.focus}>"
                if f.severity == "Violation":
                    ET.SubElement(case, "failure", type=f.severity, message=_xml(f.message)).text = _xml(detail)
                    failures += 1
                else:
                    ET.SubElement(case, "system-out").text = _xml(detail)
                cases += 1
            if not any(f.severity == "Violation" for f in findings) and path not in unreadable:
                # "conforms" in the SHACL sense only without any result; Warnings and Info alone pass
                ET.SubElement(suite, "testcase", classname="passes" if findings else "conforms",
                              name=_xml(path), file=_xml(path))
                cases += 1
            suite.set("tests", str(cases))
            suite.set("failures", str(sum(f.severity == "Violation" for f in findings) + len(unreadable.get(path, []))))
            total += cases
        root.set("tests", str(total))
        root.set("failures", str(failures))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    # ------------------------------------------------------------ SHACL report graph
    def to_graph(self) -> Graph:
        """The standard SHACL validation report (sh:ValidationReport), blank nodes numbered in report order."""
        from rdflib import BNode, Graph, Literal, Namespace, URIRef
        from rdflib.namespace import RDF

        from functiegebouw.rdf.namespaces import bind_prefixes

        sh = Namespace(SH)
        g: Graph = bind_prefixes(Graph())
        g.bind("sh", sh)
        g.bind("fgr-sh", Namespace(iris.SHAPES))
        report = BNode("report")
        g.add((report, RDF.type, sh.ValidationReport))
        g.add((report, sh.conforms, Literal(self.conforms)))

        def node(text: str) -> BNode | URIRef:
            return BNode(text[2:]) if text.startswith("_:") else URIRef(text)

        for i, f in enumerate(self.shown, 1):
            r = BNode(f"r{i:05d}")
            g.add((report, sh.result, r))
            g.add((r, RDF.type, sh.ValidationResult))
            g.add((r, sh.resultSeverity, sh[f.severity]))
            g.add((r, sh.sourceShape, URIRef(f.shape)))
            g.add((r, sh.sourceConstraintComponent, URIRef(f.component)))
            g.add((r, sh.focusNode, node(f.focus)))
            for lang, text in sorted(f.messages.items()):
                g.add((r, sh.resultMessage, Literal(text, lang=lang or None)))
            if f.path:
                g.add((r, sh.resultPath, URIRef(f.path)))
            if f.value is not None:
                value: Literal | BNode | URIRef
                if f.value_kind == "literal":
                    value = Literal(f.value, lang=f.value_lang,
                                    datatype=URIRef(f.value_datatype) if f.value_datatype else None)
                else:
                    value = node(f.value)
                g.add((r, sh.value, value))
        return g

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")


def _gh_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """Escape a workflow command's property value (also ':' and ','); control characters made visible."""
    return _gh_data(printable(text)).replace(":", "%3A").replace(",", "%2C")


def _line(text: str) -> str:
    """A text from the data on one line of the text report: control characters and line breaks escaped."""
    return printable(text).replace("\n", "\\n")


# XML 1.0 allows tab, LF, CR and U+0020 and above, except surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """A text from the data as XML 1.0 character data: C0/C1 controls (which XML 1.0 forbids or
    discourages) and the characters XML cannot hold at all written as visible escapes."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", printable(text))
