"""The 0.2.0 model (issue 13) changed properties, not meanings: every named query of 0.1.0 gives the
rows it gave then (tests/fixtures/answers-0.1.0/, made at commit 8e952d8), on the same fixture data."""
from __future__ import annotations

import csv
import io

import pytest

import functiegebouw
from functiegebouw.sparql.query import resolve
from support import FIXTURES, SEED_TXT, make_data_folder

ANSWERS = FIXTURES / "answers-0.1.0"
QUERIES = sorted(p.stem for p in ANSWERS.glob("*.csv"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data = make_data_folder(tmp_path_factory.mktemp("answers") / "data", profiles=[SEED_TXT.stem])
    with functiegebouw.open(data, store_dir=tmp_path_factory.mktemp("store")) as s:
        yield s


def test_every_query_of_0_1_0_is_still_there():
    assert len(QUERIES) == 18 and all(resolve(name) for name in QUERIES)


# Deliberate changes since 0.1.0: query -> (column dropped, why). The 0.1.0 rows without that column,
# each once, are the rows now.
DROPPED = {"links-functiegroep-classificaties": ("schaal", "issue 25: one row per link, not one per schaal")}
# Rows added since 0.1.0: query -> (column, value, why). The rows with that value are left out.
ADDED = {name: ("opmerking", "geen profiel geladen",
                "issue 23: the catalogue's groups without a loaded profile follow, rather than being left out")
         for name in ("functiegroepen-met-competentie", "functiegroepen-met-niveau")}


@pytest.mark.parametrize("name", QUERIES)
def test_the_rows_of_0_1_0(store, name):
    old = list(csv.reader(io.StringIO((ANSWERS / f"{name}.csv").read_text(encoding="utf-8"))))
    if name in DROPPED:
        drop = old[0].index(DROPPED[name][0])
        old = list(dict.fromkeys(tuple(r[:drop] + r[drop + 1:]) for r in old))
        old = [list(r) for r in old]
    nq = resolve(name)
    params = {k: (v[0] if len(v) == 1 else list(v)) for k, v in nq.examples.items()}
    new = list(csv.reader(io.StringIO(store.query(name, params, lexical=True).to_csv())))
    header = new[0]
    if name in ADDED:
        column, value, _ = ADDED[name]
        added = [row for row in new[1:] if row[header.index(column)] == value]
        assert added, f"{name}: no rows with {column}={value}, the deliberate addition is gone"
        new = [header] + [row for row in new[1:] if row[header.index(column)] != value]
    assert set(old[0]) <= set(header), f"{name} lost columns: {set(old[0]) - set(header)}"
    keep = [header.index(c) for c in old[0]]
    assert old[1:], f"{name}: the 0.1.0 answer is empty, it proves nothing"
    assert [[row[i] for i in keep] for row in new[1:]] == old[1:]
