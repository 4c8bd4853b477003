"""The ontology is OWL 2 DL, alone and with the data and links written with it (issue 26).

Checked by the OWL API's OWL2DLProfile (tests/owl/OwlProfileCheck.java, run with Java against the
jars of Debian's libowlapi-java), the reference implementation of the OWL 2 profiles. Compiled once
per run into a temporary folder; skipped, saying why, only when Java or the jars are missing.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import URIRef

from functiegebouw.rdf.load import load_graph, ontology_files
from functiegebouw.resources import resource
from support import ROOT

CHECKER = ROOT / "tests" / "owl" / "OwlProfileCheck.java"
JARS = Path("/usr/share/java")
# owlapi-distribution and the libraries it loads (Debian's libowlapi-java and its dependencies): its
# RDF parsers register rdf4j's formats, so the rdf4j model and Rio API jars are needed even for Turtle.
CLASS_PATH = ("owlapi-distribution", "guava", "caffeine", "commons-rdf-api", "commons-io", "commons-codec",
              "slf4j-api", "slf4j-nop", "jsr305", "atinject-jsr330-api", "hppcrt", "xz", "rdf4j-model-api",
              "rdf4j-model", "rdf4j-model-vocabulary", "rdf4j-rio-api", "rdf4j-rio-datatypes",
              "rdf4j-rio-languages", "rdf4j-util")
ONTOLOGY = ROOT / "ontology" / "functiegebouw.ttl"


@pytest.fixture(scope="module")
def check(tmp_path_factory):
    """check(file) -> (exit status, stdout lines, stderr) of the OWL 2 DL profile check."""
    missing = [tool for tool in ("java", "javac") if shutil.which(tool) is None]
    missing += [f"{JARS}/{jar}.jar" for jar in CLASS_PATH if not (JARS / f"{jar}.jar").exists()]
    if missing:
        pytest.skip("the OWL 2 DL check needs a JDK and Debian's libowlapi-java (apt-get install "
                    f"default-jdk-headless libowlapi-java); missing: {', '.join(missing)}")
    classes = tmp_path_factory.mktemp("owl-classes")
    class_path = ":".join(str(JARS / f"{jar}.jar") for jar in CLASS_PATH)
    subprocess.run(["javac", "-d", str(classes), "-cp", class_path, str(CHECKER)], check=True, timeout=120)

    def run(file: Path):
        done = subprocess.run(["java", "-cp", f"{class_path}:{classes}", "OwlProfileCheck", str(file)],
                              capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout.splitlines(), done.stderr
    return run


def test_ontology_alone_is_owl2_dl(check):
    status, lines, err = check(ONTOLOGY)
    assert (lines, err) == (["0 violations"], "") and status == 0


def description_turtle() -> str:
    """The VoID/DCAT-AP description `fgr site` writes (dataset/index.ttl) for a small site."""
    from types import SimpleNamespace

    from functiegebouw.site import dataset
    from functiegebouw.site.describe import PREFIXES, Graph as SiteGraph

    row = ({"type": "uri", "value": "https://w3id.org/functiegebouw/id/bron"},
           {"type": "uri", "value": "http://purl.org/pav/retrievedOn"},
           {"type": "literal", "value": "2026-11-30", "datatype": "http://www.w3.org/2001/XMLSchema#date"})
    group = "https://w3id.org/functiegebouw/id/functiegroep/527"
    site = SimpleNamespace(graph=SiteGraph([row]), data=SimpleNamespace(
        groepen={527: SimpleNamespace(iri=group)}, links_by_source={group: [("ESCO-vaardigheid", "x", "y", None)]}))
    files = {f"dataset/{name}": b"bytes" for name, *_ in dataset.DOWNLOADS}
    return dataset.description(site, files, {"triples": 1, "resources": 1, "subjects": 1}).to_turtle(PREFIXES)


def test_ontology_with_schemes_data_links_and_description_is_owl2_dl(check, fgr_data, tmp_path):
    """The five fixture profiles converted, their links built, with the schemes, the reference data and the
    dataset description: what the site's downloads hold. Without declarations schema:educationalLevel was
    punned (13 times with the seed alone)."""
    files = (ontology_files() + [resource("data/reference")] + sorted(fgr_data.glob("*.ttl"))
             + sorted((fgr_data / "mappings").glob("*.ttl")))
    graph = load_graph(files)
    graph.parse(data=description_turtle(), format="turtle")
    assert len(graph) > 5000 and (None, None, URIRef("http://www.w3.org/ns/dcat#Catalog")) in graph
    merged = tmp_path / "all.ttl"
    graph.serialize(merged, format="turtle", encoding="utf-8")
    status, lines, err = check(merged)
    # The one deliberate exception: the catalogue's identifiers are skos:notation literals of their own
    # datatypes (fgr:FgrNumber, fgr:SiteIdentifier), as SKOS recommends for notations; OWL 2 DL allows
    # only the datatype map's datatypes in literals. Everything else must be clean.
    notations = [line for line in lines if line.startswith("UseOfDefinedDatatypeInLiteral:")
                 and "skos/core#notation>" in line
                 and re.search(r"\^\^<https://w3id\.org/functiegebouw/def#(FgrNumber|SiteIdentifier)>", line)]
    rest = [line for line in lines if line not in notations]
    assert notations, "the catalogue's notations are expected among the findings (is the reference data loaded?)"
    assert (rest, err) == ([f"{len(notations)} violations"], ""), rest[:5]


def test_undeclared_terms_punning_and_dates_are_reported(check, tmp_path):
    """The check can fail: a term of another vocabulary used undeclared, an object property given a
    literal (punned as a data property), and a datatype outside the OWL 2 datatype map."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(ONTOLOGY.read_text(encoding="utf-8") + """
fgr:Extra a owl:Class ; rdfs:subClassOf <http://example.org/Undeclared> .
<https://w3id.org/functiegebouw/id/x> schema:educationalLevel "MBO" .
fgr:extraDate a owl:DatatypeProperty ; rdfs:range xsd:date .
""", encoding="utf-8")
    status, lines, _ = check(bad)
    assert status == 1 and lines[-1] == f"{len(lines) - 1} violations"
    kinds = {line.split(":", 1)[0] for line in lines[:-1]}
    assert {"UseOfUndeclaredClass", "IllegalPunning", "UseOfUndeclaredDatatype"} <= kinds
    assert any("http://example.org/Undeclared" in line for line in lines)
    assert any("educationalLevel" in line for line in lines if line.startswith("IllegalPunning"))


def test_a_file_that_does_not_parse_is_one_line(check, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix x: <http://example.org/> .\nx:a x:b \"unterminated .\n", encoding="utf-8")
    status, lines, err = check(bad)
    assert status == 2 and lines == []
    assert err.startswith(f"{bad}: not loaded by the OWL API: ") and "line 3" in err
    assert len(err.strip().splitlines()) == 1
