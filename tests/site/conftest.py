"""Test data for the site: the seed profile and fixture variants converted into a temporary data
folder (never the project's data/), with the salary tables and a file of test links; and one
site built from it for the whole session."""
from __future__ import annotations

import shutil

import pytest

import functiegebouw
from functiegebouw.convert import build, convert, write_graph
from functiegebouw.rdf.load import resource_dir
from functiegebouw.site.build import build_site
from support import FIXTURES, ROOT

# (fixture, functiegroep id, name, functiefamilie): two families with several members, so that
# functiegroepen can be compared, and one functiegroep without a family (as the seed has none).
VARIANTS = (
    ("base.txt", 901, "Proefmedewerker Archief", "Uitvoering"),
    ("five-schalen.txt", 902, "Proefadviseur Vijf Schalen", "Advisering"),
    ("subheadings.txt", 903, "Proefmedewerker Tussenkoppen", "Uitvoering"),
    ("one-schaal.txt", 904, "Proefspecialist Eén Schaal", "Advisering"),
    ("code-malformed.txt", 905, "Proefcontroleur Foute Code", "Uitvoering"),
    ("pm-without-bullet.txt", 906, "Proefbeleidsmedewerker", None),
    ("variant-codes.txt", 907, "Proefbegeleider Varianten", "Uitvoering"),  # schaal 5: "Variant 1.", "Variant 2."
    ("qp-variants.txt", 908, "Proefadviseur Profielvarianten", None),
)
# The page forms of issue 12: functiegroep 900 from its kernprofiel page and three compare pages,
# merged by fgr build into one functiegroep.
PAGES = FIXTURES / "pages"


def make_data(folder):
    """Convert the seed and the variants into ``folder`` (Turtle beside a sources/ copy)."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    seed = ROOT / "data" / "sources" / "medewerker-communicatie.txt"
    shutil.copy(seed, sources / seed.name)
    shutil.copy(seed.with_suffix(".toml"), sources / seed.with_suffix(".toml").name)
    write_graph(convert(sources / seed.name).triples, folder / "medewerker-communicatie.ttl")
    for name, ident, label, family in VARIANTS:
        src = sources / name
        shutil.copy(FIXTURES / "variants" / name, src)
        meta = f'functiegroep_id = {ident}\nlabel = "{label}"\n'
        if family:
            meta += f'functiefamilie = "{family}"\n'
        src.with_suffix(".toml").write_text(meta, encoding="utf-8")
        write_graph(convert(src).triples, folder / f"{src.stem}.ttl")
    pages = folder.parent / "pages"
    shutil.copytree(PAGES, pages / "sources")
    (merged,) = build(pages, jobs=1)
    shutil.copy(merged.output, folder / merged.output.name)
    (folder / "reference").mkdir()
    for path in sorted(resource_dir("data/reference").glob("*.ttl")):
        shutil.copy(path, folder / "reference" / path.name)
    (folder / "links").mkdir()
    shutil.copy(FIXTURES / "site" / "links.ttl", folder / "links" / "links.ttl")
    return folder


@pytest.fixture(scope="session")
def site_data(tmp_path_factory):
    return make_data(tmp_path_factory.mktemp("site-data") / "data")


@pytest.fixture(scope="session")
def site_store(site_data, tmp_path_factory):
    return functiegebouw.open(site_data, store_dir=tmp_path_factory.mktemp("site-store"))


@pytest.fixture(scope="session")
def built_site(site_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("site-out") / "site"
    # two workers, also on a machine with one core: test_build_same.py compares a build with one
    summary = build_site(site_store, out, host="https://fgr.example.org/site/", jobs=2)
    return out, summary
