"""An incremental store update gives what a fresh load gives, for every RDF format the store reads:
relative IRIs resolve against the data file (not the cache's copy of it), and the triples of a
`.trig`/`.nq` file stay in their named graphs (issue 22 items 4 and 5)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.rdf.load import RDF_SUFFIXES

EVERYTHING = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def dump(store) -> list:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in store.query(EVERYTHING).rows)


def body(suffix: str, value: str) -> str:
    """One file of ``suffix`` with relative IRIs (``<thing>``) and, where the format has them, a named graph."""
    value = f"{value} of {suffix}"  # each file its own value: only the edited file's may change
    if suffix in (".ttl", ".n3"):
        return f'<thing> <urn:p> "{value}" .\n<other> <urn:q> <thing> .\n'
    if suffix == ".nt":  # N-Triples has only absolute IRIs
        return f'<urn:thing-nt> <urn:p> "{value}" .\n'
    if suffix == ".nq":
        return f'<urn:thing-nq> <urn:p> "{value}" <urn:graph-nq> .\n<urn:thing-nq> <urn:q> "in the default graph" .\n'
    if suffix == ".trig":
        return (f'<thing> <urn:q> "default" .\n<graph-trig> {{ <thing> <urn:p> "{value}" .\n'
                f'<other> <urn:q> <thing> . }}\n')
    if suffix in (".jsonld", ".json"):
        return ('{"@context": {"p": "urn:p"}, "@graph": [{"@id": "thing", "p": "' + value + '"}, {"@id": "other", '
                '"urn:q": {"@id": "thing"}}]}\n')
    if suffix in (".rdf", ".owl"):
        return ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:u="urn:">\n <rdf:Description rdf:about="thing"><u:p>' + value + '</u:p></rdf:Description>\n'
                '</rdf:RDF>\n')
    raise AssertionError(f"no sample for {suffix}: add one when the store reads a new format")


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()  # a new mtime even within the file system's clock tick
    os.utime(path, ns=(st.st_atime_ns, time.time_ns() + 10**9))


@pytest.fixture
def folder(tmp_path) -> Path:
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    for suffix in sorted(RDF_SUFFIXES):
        write(data / "sub" / f"file{suffix}", body(suffix, "v1"))
    return data


@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_an_edit_updates_incrementally_to_what_a_fresh_load_holds(folder, tmp_path, suffix):
    cache = tmp_path / "cache"
    functiegebouw.open(folder, store_dir=cache, ontology=False).close()
    write(folder / "sub" / f"file{suffix}", body(suffix, "v2"))
    store = functiegebouw.open(folder, store_dir=cache, ontology=False)
    assert [p.name for p in store.updated] == [f"file{suffix}"]  # really the incremental way
    fresh = functiegebouw.open(folder, store_dir=tmp_path / "fresh", ontology=False)
    assert fresh.rebuilt and not fresh.updated
    assert dump(store) == dump(fresh)
    assert not [row for row in dump(store) if f"v1 of {suffix}" in row]
    assert [row for row in dump(store) if f"v2 of {suffix}" in row]
    # removing the file takes all of its triples, named graphs included
    (folder / "sub" / f"file{suffix}").unlink()
    gone = functiegebouw.open(folder, store_dir=cache, ontology=False)
    assert [p.name for p in gone.updated] == [f"file{suffix}"]
    assert dump(gone) == dump(functiegebouw.open(folder, store_dir=tmp_path / "fresh2", ontology=False))


def test_the_issue_s_relative_iri_edit_holds_one_value(tmp_path):
    """`<thing> <urn:p> "v1"` edited to "v2": the relative IRI resolves against the data file both
    times, so the old triple goes (it stayed, resolved against the cache's copy: 8 rows against 7)."""
    data = tmp_path / "data"
    data.mkdir()
    for n in range(6):
        write(data / f"f{n}.ttl", f'<urn:s{n}> <urn:p> "{n}" .\n')
    write(data / "thing.ttl", '<thing> <urn:p> "v1" .\n')
    cache = tmp_path / "cache"
    functiegebouw.open(data, store_dir=cache, ontology=False).close()
    write(data / "thing.ttl", '<thing> <urn:p> "v2" .\n')
    store = functiegebouw.open(data, store_dir=cache, ontology=False)
    assert store.updated
    thing = (data / "thing").as_uri()
    assert store.query(f"SELECT ?o WHERE {{ <{thing}> <urn:p> ?o }}").rows == [("v2",)]
    assert len(dump(store)) == 7


def test_named_graphs_survive_an_edit_of_a_trig_file(tmp_path):
    """The issue's sequence: 6 rows, then 7 after an edit (the edit went to the default graph), then
    6 again after deleting the cache. Now it is the same count at every step, in the same graphs."""
    data = tmp_path / "data"
    data.mkdir()
    for n in range(5):
        write(data / f"f{n}.nq", f'<urn:s{n}> <urn:p> "{n}" <urn:g{n}> .\n')
    write(data / "g.trig", '<urn:g> { <urn:s> <urn:p> "v1" . }\n')
    cache = tmp_path / "cache"
    first = dump(functiegebouw.open(data, store_dir=cache, ontology=False))
    write(data / "g.trig", '<urn:g> { <urn:s> <urn:p> "v2" . }\n')
    edited = functiegebouw.open(data, store_dir=cache, ontology=False)
    assert edited.updated and len(dump(edited)) == len(first) == 6
    assert ("urn:g", "urn:s", "urn:p", "v2") in dump(edited)
    assert edited.query('ASK { <urn:s> <urn:p> "v2" }') is False  # not in the default graph
