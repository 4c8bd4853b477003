"""RDF out and in: profile -> triples (graph), the Turtle/N-Triples writer (turtle), namespaces,
rdflib <-> pyoxigraph terms (terms), reading files (load) and writing them atomically (files)."""
