"""RDF that does not parse, given to fgr render, validate, query and compare: file and line in the message.

render and validate read files through load.parse_into (rdflib); query and compare load them into
the embedded Oxigraph store (store._bulk_load). Both paths must name the file and the bad line.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

SELECT = "SELECT * WHERE { ?s ?p ?o }"
MALFORMED = {  # name: (content, bad line)
    "unterminated-string.ttl": ('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n\nex:a ex:b "open .\n', 4),
    "missing-object.ttl": ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", 3),
    "unbound-prefix.ttl": ("# comment\nex:a ex:b ex:c .\n", 2),
    "hostile-literal.ttl": ('@prefix ex: <http://example.org/> .\nex:a ex:b "} ; DROP ALL ; {" .\nex:a ex:b ex:c\n'
                            'ex:d ex:e ex:f .\n', 4),
    "truncated.jsonld": ('{\n  "@id": "http://example.org/a",\n  "http://example.org/p": [1, 2,\n', 4),
    "not-json.jsonld": ("[\n{\n\"@id\": 'single quotes'\n}\n]\n", 3),
    "unterminated.nt": ('<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n'
                        '<http://example.org/a> <http://example.org/b> "x\n', 2),
    "missing-object.nt": ("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
                          "# fine\n_:x <http://example.org/b> .\n", 3),
    "relative-iri.nt": ("<a> <http://example.org/b> <http://example.org/c> .\n", 1),
}
COMMANDS = {
    "render": lambda f: ["render", f],
    "validate": lambda f: ["validate", f],
    "query": lambda f: ["query", SELECT, "--data", f],
    "compare": lambda f: ["compare", "6", "7", "--data", f],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_rdf_names_file_and_line(tmp_path, command, name):
    content, line = MALFORMED[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", *COMMANDS[command](str(path))],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{name}:{line}:" in proc.stderr, proc.stderr
