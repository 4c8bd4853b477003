"""fgr diff on two readings of the loopback FGR site: a revision lands."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from fgr_server import FgrSite
from functiegebouw.cli.main import main
from functiegebouw.diff import diff_readings, render
from functiegebouw.errors import FgrError
from functiegebouw.fetch.http import Client, Policy
from functiegebouw.fetch.run import Fetcher
from functiegebouw.fetch.site import resolve
from support import FIXTURES

SITE = FIXTURES / "html" / "site" / "functiegebouw-html"
KERN, T56 = "/functiegebouw-html/functiegroep/900", "/functiegebouw-html/functietyperingvergelijken/900?schalen=5-6"


def _reading(data, site, day: int) -> None:
    fetcher = Fetcher(data, Client(site.url, Policy(delay=0)),
                      now=lambda: dt.datetime(2026, 12, day, 9, tzinfo=dt.UTC))
    group, first = resolve("900", [], site.url)
    assert not fetcher.group("900", group, first).failed
    fetcher.finish()


@pytest.fixture(scope="module")
def readings(tmp_path_factory):
    """Two readings of group 900: the revision rewords, adds and removes lines of schaal 5, raises one
    FUWASYS score, and drops schaal 7 (its compare pages are no longer linked)."""
    data = tmp_path_factory.mktemp("readings")
    with FgrSite() as site:
        _reading(data, site, 1)
        page = (SITE / "functietyperingvergelijken" / "900-5-6.html").read_text(encoding="utf-8")
        page = (page.replace("knelpunten gesignaleerd", "knelpunten tijdig gesignaleerd", 1)
                    .replace("<li>wet- en regelgeving</li>", "<li>wet- en regelgeving</li><li>rapportages opgesteld</li>", 1)
                    .replace("<li>schriftelijke vaardigheden</li>", "", 1)
                    .replace("22222 22222 22 22 (28)", "22222 22322 22 22 (29)"))
        kern = (SITE / "functiegroep" / "900.html").read_text(encoding="utf-8")
        kern = kern.replace("900?schalen=6-7", "900?schalen=5-6")
        site.behaviour.bodies.update({T56: page.encode(), KERN: kern.encode()})
        _reading(data, site, 3)
    return data


def test_diff_of_two_readings(readings):
    d = diff_readings(readings, 900, lang="en")
    assert (d.old, d.new) == ("2026-12-01", "2026-12-03")
    assert d.schalen_dropped == [7] and d.schalen_added == []
    assert [(s.schaal, s.old, s.new, s.kenmerken) for s in d.scores] == [
        (5, "22222 22222 22 22 (28)", "22222 22322 22 22 (29)", [(8, "Effect van de beslissingen", "2", "3")])]
    five = [(c.part, c.status, c.old, c.new) for c in d.changes if "schaal 5" in c.part]
    assert five == [
        ("Typification schaal 5 — Resultaten", "reworded", "knelpunten gesignaleerd", "knelpunten tijdig gesignaleerd"),
        ("Typification schaal 5 — Speelruimte/Kaders", "added", None, "rapportages opgesteld"),
        ("Typification schaal 5 — Kennis en vaardigheden", "removed", "schriftelijke vaardigheden", None)]
    reworded = next(c for c in d.changes if c.status == "reworded")
    assert reworded.diff == [("=", "knelpunten"), ("+", "tijdig"), ("=", "gesignaleerd")]
    # schaal 7 dropped: its statements are removed, nothing of schalen 5 and 6 else changed
    assert {c.status for c in d.changes if "schaal 7" in c.part} == {"removed"}
    assert not [c for c in d.changes if "schaal 6" in c.part]


def test_diff_formats_from_the_command_line(readings, capsys):
    assert main(["diff", "900", "--data", str(readings)]) == 0
    text = capsys.readouterr().out
    assert "Functiegroep 900 Medewerker Proefwerk: wat veranderde tussen 2026-12-01 en 2026-12-03" in text
    assert "anders geformuleerd: knelpunten {+tijdig+} gesignaleerd" in text
    assert "schalen vervallen: 7" in text and "kenmerk 8 (Effect van de beslissingen) 2 -> 3" in text
    assert main(["diff", "900", "2026-12-01", "2026-12-03", "--data", str(readings), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schalen_dropped"] == [7] and data["counts"]["reworded"] == 1
    assert main(["diff", "900", "--data", str(readings), "-f", "markdown", "--lang", "en"]) == 0
    assert "knelpunten **tijdig** gesignaleerd" in capsys.readouterr().out
    assert main(["diff", "900", "--data", str(readings), "-f", "html"]) == 0
    assert "knelpunten <ins>tijdig</ins> gesignaleerd" in capsys.readouterr().out


def test_the_same_reading_twice_has_no_differences(readings):
    d = diff_readings(readings, 900, "2026-12-01", "2026-12-01")
    assert d.changes == [] and d.scores == [] and "Geen verschillen." in render(d)


def test_unknown_dates_and_groups_are_refused_naming_what_exists(readings, capsys):
    with pytest.raises(FgrError, match="no reading of functiegroep 900 on 2026-12-02 \\(readings: 2026-12-01, 2026-12-03\\)"):
        diff_readings(readings, 900, "2026-12-01", "2026-12-02")
    with pytest.raises(FgrError, match="no reading of functiegroep 900 on ../../etc"):
        diff_readings(readings, 900, "../../etc", "2026-12-01")
    assert main(["diff", "901", "--data", str(readings)]) == 2
    assert "has 0 reading(s): fgr diff needs two" in capsys.readouterr().err
