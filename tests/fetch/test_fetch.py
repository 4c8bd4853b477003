"""fgr fetch against a small FGR site on loopback (fgr_server.py): the whole fixture FGR, revalidation,
resumption, back-off, robots.txt, caps, redirects and links to other hosts."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from rdflib import Graph

from content import content
from fgr_server import Behaviour, FgrSite
from functiegebouw.cli.main import main
from functiegebouw.errors import FgrError
from functiegebouw.fetch.http import USER_AGENT, Client, FetchError, Policy, check_base
from functiegebouw.fetch.run import Fetcher
from functiegebouw.fetch.site import load_catalogue, page_name, resolve
from support import FIXTURES

HTML = FIXTURES / "html"
CATALOGUE = HTML / "fgr-catalogue.tsv"
PAGES_900 = ["/functiegebouw-html/functiegroep/900",
             "/functiegebouw-html/functietyperingvergelijken/900?schalen=5-6",
             "/functiegebouw-html/functietyperingvergelijken/900?schalen=6-7",
             "/functiegebouw-html/kwaliteitenprofielvergelijken/900?schalen=5-6",
             "/functiegebouw-html/kwaliteitenprofielvergelijken/900?schalen=6-7"]


def fetch(site, data, *targets, extra=()):
    return main(["fetch", *targets, "--base-url", site.url, "--catalogue", str(CATALOGUE), "--delay", "0",
                 "--data", str(data), *extra])


def text_copies_build(folder):
    """fgr build of the text copies of the same pages (tests/fixtures/html/text/)."""
    from functiegebouw.convert import build

    (folder / "sources").mkdir(parents=True)
    for group in ("900", "901"):
        for path in (HTML / "text" / group).iterdir():
            shutil.copy(path, folder / "sources" / f"{group}-{path.name}")
    build(folder)
    return folder


def test_fetch_all_gives_the_graph_of_the_text_copies_and_it_conforms(tmp_path, capsys):
    from functiegebouw.validation.shacl import validate

    with FgrSite() as site:
        assert fetch(site, tmp_path / "data", "--all") == 0
    out = capsys.readouterr().out
    assert "2 of 2 functiegroep(en): 9 fetched, 0 unchanged" in out
    texts = text_copies_build(tmp_path / "texts")
    for group in (900, 901):
        fetched = Graph().parse(tmp_path / "data" / f"functiegroep-{group}.ttl")
        copied = Graph().parse(texts / f"functiegroep-{group}.ttl")
        assert content(fetched) == content(copied), group
    assert validate([tmp_path / "data" / "functiegroep-900.ttl", tmp_path / "data" / "functiegroep-901.ttl"]).passes
    provenance = json.loads((tmp_path / "data" / "readings" / "900").glob("*/provenance.json").__next__().read_text())
    page = provenance["pages"][0]
    assert page["url"].endswith("/functiegebouw-html/functiegroep/900") and len(page["sha256"]) == 64
    assert page["etag"] and page["last_modified"] == "Wed, 02 Dec 2026 10:00:00 GMT" and "T" in page["retrieved"]


def test_a_second_run_is_all_304s(tmp_path, capsys):
    with FgrSite() as site:
        assert fetch(site, tmp_path, "900") == 0
        first = len(site.log)
        assert fetch(site, tmp_path, "900") == 0
        again = site.log[first:]
    assert "0 fetched, 5 unchanged" in capsys.readouterr().out
    assert [p for p, _, _ in again] == ["/robots.txt", *PAGES_900]
    assert all(etag for path, etag, _ in again[1:])
    assert all(agent == USER_AGENT for _, _, agent in again)
    assert "functiegebouw/" in USER_AGENT and "https://" in USER_AGENT


def test_a_killed_fetch_resumes_without_asking_again(tmp_path):
    with FgrSite() as site:
        seen = []

        def interrupt(result):
            seen.append(result.url)
            if len(seen) == 3:
                raise KeyboardInterrupt

        fetcher = Fetcher(tmp_path, Client(site.url, Policy(delay=0)), on_page=interrupt)
        group, first = resolve("900", [], site.url)
        with pytest.raises(KeyboardInterrupt):
            fetcher.group("900", group, first)
        assert (tmp_path / "fetch-cache" / "run.json").exists()
        before = len(site.log)
        assert fetch(site, tmp_path, "900") == 0
        resumed = [p for p, _, _ in site.log[before:]]
    assert resumed == ["/robots.txt", *PAGES_900[3:]]
    assert not (tmp_path / "fetch-cache" / "run.json").exists()
    assert (tmp_path / "functiegroep-900.ttl").exists()


def test_a_page_that_changes_between_two_runs_gives_a_new_reading(tmp_path, capsys):
    page = PAGES_900[1]
    with FgrSite() as site:
        client = Client(site.url, Policy(delay=0))
        group, first = resolve("900", [], site.url)
        first_run = Fetcher(tmp_path, client, now=lambda: dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
        first_run.group("900", group, first)
        first_run.finish()
        changed = (HTML / "site" / "functiegebouw-html" / "functietyperingvergelijken" / "900-5-6.html").read_bytes()
        site.behaviour.bodies[page] = changed.replace(b"knelpunten gesignaleerd", b"knelpunten tijdig gesignaleerd", 1)
        result = Fetcher(tmp_path, client, now=lambda: dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)).group(
            "900", group, first)
    assert [r.status for r in result.pages] == ["unchanged", "fetched", "unchanged", "unchanged", "unchanged"]
    assert sorted(p.name for p in (tmp_path / "readings" / "900").iterdir()) == ["2026-12-01", "2026-12-03"]
    new = (tmp_path / "readings" / "900" / "2026-12-03" / "functietyperingen-5-6.html").read_bytes()
    assert b"knelpunten tijdig gesignaleerd" in new


def test_robots_txt_is_obeyed(tmp_path, capsys):
    rules = "User-agent: *\nDisallow: /functiegebouw-html/kwaliteitenprofielvergelijken/\n"
    with FgrSite(Behaviour(robots=rules)) as site:
        assert fetch(site, tmp_path, "900") == 1
        asked = site.paths()
    assert not any("kwaliteitenprofielvergelijken" in p for p in asked)
    assert "robots.txt disallows it" in capsys.readouterr().err
    assert not (tmp_path / "readings").exists()


def test_links_to_other_hosts_and_other_groups_are_not_followed(tmp_path):
    with FgrSite() as site:
        group, first = resolve("900", [], site.url)
        result = Fetcher(tmp_path, Client(site.url, Policy(delay=0))).group("900", group, first)
        asked = site.paths()
    assert not result.failed
    assert not any("/901" in p for p in asked)
    assert result.not_followed >= 2  # example.org and group 901 (and the site's own menu)


def test_redirects_on_the_site_are_followed_and_off_host_ones_refused():
    behaviour = Behaviour(redirects={"/oud": "/functiegebouw-html/functiegroep/900",
                                     "/weg": "https://www.example.org/functiegebouw-html/functiegroep/900"})
    with FgrSite(behaviour) as site:
        client = Client(site.url, Policy(delay=0))
        response = client.get(site.url + "/oud")
        assert response.status == 200 and response.url.endswith("/functiegroep/900")
        with pytest.raises(FetchError, match="not on http://127.0.0.1"):
            client.get(site.url + "/weg")
        with pytest.raises(FetchError, match="fetch talks to that site only"):
            client.get("https://www.example.org/")
        assert [p for p in site.paths()] == ["/oud", "/functiegebouw-html/functiegroep/900", "/weg"]


def test_429_waits_as_retry_after_says_then_succeeds_or_gives_up():
    waits = []
    with FgrSite(Behaviour(limited={PAGES_900[0]: 2}, retry_after="7")) as site:
        client = Client(site.url, Policy(delay=0, retries=3), sleep=waits.append)
        assert client.get(site.url + PAGES_900[0]).status == 200
        assert waits == [7.0, 7.0]
        site.behaviour.limited[PAGES_900[0]] = 5
        with pytest.raises(FetchError, match="HTTP 429 \\(after 2 attempt"):
            Client(site.url, Policy(delay=0, retries=1), sleep=waits.append).get(site.url + PAGES_900[0])
        site.behaviour.retry_after = "3600"
        with pytest.raises(FetchError, match="Retry-After 3600 s is more than"):
            Client(site.url, Policy(delay=0, max_wait=60), sleep=waits.append).get(site.url + PAGES_900[0])


def test_one_request_at_a_time_with_the_pause_between():
    waits, now = [], [100.0]
    with FgrSite() as site:
        client = Client(site.url, Policy(delay=1.5), sleep=lambda s: (waits.append(s), now.__setitem__(0, now[0] + s)),
                        clock=lambda: now[0])
        client.get(site.url + PAGES_900[0])
        now[0] += 0.5
        client.get(site.url + PAGES_900[1])
    assert waits == [pytest.approx(1.0)]


def test_a_slow_server_times_out(tmp_path, capsys):
    with FgrSite(Behaviour(slow={PAGES_900[2]: 5.0})) as site:
        assert fetch(site, tmp_path, "900", extra=["--timeout", "0.3", "--retries", "0"]) == 1
    assert "timed out" in capsys.readouterr().err


def test_a_page_over_the_size_cap_is_refused(tmp_path, capsys):
    with FgrSite(Behaviour(bodies={PAGES_900[1]: b"<html>" + b"x" * 50_000})) as site:
        assert fetch(site, tmp_path, "900", extra=["--max-bytes", "40000"]) == 1
    assert "more than the cap of 40,000" in capsys.readouterr().err


def test_a_page_that_is_not_an_fgr_page_is_reported_with_its_address(tmp_path, capsys):
    with FgrSite(Behaviour(bodies={PAGES_900[3]: b"<!DOCTYPE html><main><h1>Onderhoud</h1><p>Later.</p></main>"})) as site:
        assert fetch(site, tmp_path, "900") == 1
    err = capsys.readouterr().err
    assert f"{PAGES_900[3]}: not recognised as an FGR page: expected" in err and "found 'Onderhoud'" in err


def test_a_group_by_catalogue_name_without_an_id_is_found_through_its_family_page(tmp_path, capsys):
    with FgrSite() as site:
        assert fetch(site, tmp_path, "medewerker tweede proef", extra=["--no-build"]) == 0
        assert site.paths()[1] == "/functiegebouw/functiefamilies/uitvoering/medewerker-tweede-proef"
    assert (tmp_path / "readings" / "901").is_dir()
    assert (tmp_path / "sources" / "fgr-901-kernprofiel.toml").read_text(encoding="utf-8").count(
        'label = "Medewerker Tweede Proef"') == 1


def test_hostile_addresses_and_names_stay_confined(tmp_path):
    with pytest.raises(FgrError, match="plain http only for a loopback"):
        check_base("http://www.example.org")
    with pytest.raises(FgrError, match="not on the FGR site"):
        resolve("https://www.example.org/functiegebouw/functiefamilies/x", [], "https://www.functiegebouwrijksoverheid.nl")
    with pytest.raises(FgrError, match="no functiegroep 'Medewerker Proefwerkk' in the catalogue \\(did you mean"):
        resolve("Medewerker Proefwerkk", load_catalogue(CATALOGUE), "https://www.functiegebouwrijksoverheid.nl")
    name = page_name("https://x/functiegebouw-html/functietyperingvergelijken/9?schalen=../../etc/passwd%00")
    assert name.startswith("functietyperingen-") and "/" not in name and "." not in name


def test_a_fetch_killed_with_sigkill_resumes(tmp_path):
    """A real kill (no clean-up runs): the next run does not ask again for the pages the killed one had."""
    import os
    import subprocess
    import sys
    import threading

    from support import ROOT

    asked = threading.Event()
    with FgrSite(Behaviour(slow={PAGES_900[3]: 60.0})) as site:
        handler = site.server.RequestHandlerClass
        original = handler.do_GET

        def do_get(self):
            if self.path == PAGES_900[3]:
                asked.set()
            original(self)

        handler.do_GET = do_get
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen([sys.executable, "-m", "functiegebouw.cli", "fetch", "900", "--base-url", site.url,
                                 "--delay", "0", "--data", str(tmp_path)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert asked.wait(60), "the fetch never reached the fourth page"
        finally:
            proc.kill()
            proc.wait()
        del site.behaviour.slow[PAGES_900[3]]
        before = len(site.log)
        assert fetch(site, tmp_path, "900") == 0
        again = [p for p, _, _ in site.log[before:]]
    assert again == ["/robots.txt", *PAGES_900[3:]]


def test_progress_on_a_terminal_and_a_summary_at_the_end(tmp_path):
    import os

    from support import ROOT, in_terminal

    with FgrSite() as site:
        status, shown, out = in_terminal(["fetch", "--all", "--base-url", site.url, "--catalogue", CATALOGUE,
                                          "--delay", "0", "--data", tmp_path, "--no-build"], stream="stderr",
                                         env={"PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")})
    assert status == 0
    assert "\rfetching: 0/2 http://127.0.0.1" in shown
    assert out.splitlines()[-1] == "2 of 2 functiegroep(en): 9 fetched, 0 unchanged, 0 resumed, 0 skipped, 0 failed (10 request(s))"


def test_without_targets_or_catalogue_fetch_says_what_it_needs(tmp_path, capsys):
    assert main(["fetch", "--data", str(tmp_path)]) == 2
    assert "name the functiegroepen to fetch" in capsys.readouterr().err
    assert main(["fetch", "--all", "--data", str(tmp_path)]) == 2
    assert "--all needs the catalogue: no " in capsys.readouterr().err
    (tmp_path / "bad.tsv").write_text("familie_key\tfamilie\n", encoding="utf-8")
    assert main(["fetch", "--all", "--catalogue", str(tmp_path / "bad.tsv"), "--data", str(tmp_path)]) == 2
    assert "bad.tsv:1: expected the header familie_key familie functiegroep" in capsys.readouterr().err
    assert not (tmp_path / "readings").exists() and not (tmp_path / "fetch-cache").exists()


def test_a_family_page_address_of_the_fgr_site_is_fetched_from_the_base_url(tmp_path):
    address = "https://www.functiegebouwrijksoverheid.nl/functiegebouw/functiefamilies/uitvoering/medewerker-tweede-proef"
    with FgrSite() as site:
        assert fetch(site, tmp_path, address, extra=["--no-build"]) == 0
        assert site.paths()[1] == "/functiegebouw/functiefamilies/uitvoering/medewerker-tweede-proef"
    assert sorted(p.name for p in (tmp_path / "sources").glob("fgr-901-*.html")) == [
        "fgr-901-functietyperingen.html", "fgr-901-kernprofiel.html", "fgr-901-kwaliteitenprofielen-5-6.html"]
