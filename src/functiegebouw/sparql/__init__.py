"""SPARQL: named queries and binding (query), backends (base, store, remote) behind ``connect.open``,
SELECT results (results) and the notebook magic (magic)."""
