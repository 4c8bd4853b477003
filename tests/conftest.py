"""Shared fixtures: a real Oxigraph SPARQL server on a free loopback port.

Each test session (each pytest-xdist worker) starts its own; ``FGR_TEST_ENDPOINT`` names one to
use instead, in a run without workers. Only loopback addresses are used.
"""
from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import pytest

from support import LOOPBACK, SEED_TXT, OxigraphServer, wait_until_up


@pytest.fixture(scope="session")
def fgr_data(tmp_path_factory):
    """The tests' data folder: five profiles (the seed 527 and the invented 601-604) converted, with the
    seed's curated mappings; built from tests/fixtures once per run, never read from data/."""
    from support import make_data_folder

    cached = os.environ.get("FGR_TEST_DATA_CACHE")  # make mutate: build once for all mutants of a target
    if cached and (Path(cached) / "data" / "mappings" / "link-targets.ttl").exists():
        return Path(cached) / "data"
    return make_data_folder((Path(cached) if cached else tmp_path_factory.mktemp("fgr-data")) / "data")


@pytest.fixture(scope="session")
def fgr_store(fgr_data, tmp_path_factory):
    """The embedded store over ``fgr_data`` (plus the shipped ontology, reference data and vocabularies)."""
    import functiegebouw

    cached = os.environ.get("FGR_TEST_DATA_CACHE")
    return functiegebouw.open(fgr_data, store_dir=Path(cached) / "store" if cached else tmp_path_factory.mktemp("fgr-store"))


@pytest.fixture(scope="session")
def project_store(tmp_path_factory):
    """The embedded store over the project's own data/ and ontology/, for the tests of the shipped
    queries and vocabularies: built once per run (four modules built one each, ~3 s of CPU apiece)."""
    import functiegebouw

    return functiegebouw.open(store_dir=tmp_path_factory.mktemp("project-store"))


@pytest.fixture(scope="session")
def seed_graph():
    """The seed profile converted once for the whole run (an rdflib Graph; do not modify it)."""
    from functiegebouw.convert import convert

    return convert(SEED_TXT).graph


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory):
    """Root URL of a running Oxigraph server (FGR_TEST_ENDPOINT, or one started here)."""
    given = os.environ.get("FGR_TEST_ENDPOINT")
    if given and os.environ.get("PYTEST_XDIST_WORKER"):
        given = None  # parallel workers each start their own: their loads would overwrite each other's
    if given:
        host = urllib.parse.urlsplit(given).hostname
        assert host in LOOPBACK, f"FGR_TEST_ENDPOINT must be a loopback address, not {host}"
        base = given[: -len("/query")] if given.rstrip("/").endswith("/query") else given.rstrip("/")
        wait_until_up(base)
        yield base
        return
    folder = tmp_path_factory.mktemp("oxigraph") / "db"
    folder.mkdir()
    server = OxigraphServer(folder).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def own_oxigraph(tmp_path):
    """A server of this test's own (it may be killed), started on demand: ``own_oxigraph()``."""
    servers = []

    def start(location=None, extra_args=()):
        folder = location or tmp_path / f"db{len(servers)}"
        os.makedirs(folder, exist_ok=True)
        server = OxigraphServer(folder, extra_args=extra_args).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def pytest_terminal_summary(terminalreporter, config):
    """The random order's seed once more at the end, where a failure is read (pytest -q hides the header
    in which pytest-randomly prints it): ``--randomly-seed=N`` runs the same order again."""
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.hasplugin("randomly") and isinstance(seed, int):
        terminalreporter.write_line(f"random order: --randomly-seed={seed} runs the same order again "
                                    "(file order: -p no:randomly)")
