"""Screenshots of the site for the README: ``.venv/bin/python docs/screenshots/make.py``.

Builds the site from the test fixtures (``tests/site/conftest.py``'s ``make_data``: the seed profile
527, the fixture variants and the full FGR catalogue of data/reference) into a temporary folder, so
the pictures do not change with whatever data/ holds; serves it on a loopback port and takes five
screenshots with Debian's headless Chromium (Selenium): the start page, the page of functiegroep 527
(its top, and its functietypering of schaal 6 opened), the comparison of schaal 6 and 7, and the search box
with the results for "klantgerichtheid". PNGs are reduced to 64 colours to stay small.
"""
from __future__ import annotations

import functools
import http.server
import importlib.util
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _fixture_data(folder: Path) -> Path:
    """The site tests' data folder (tests/site/conftest.py), made in ``folder``."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    spec = importlib.util.spec_from_file_location("site_fixtures", ROOT / "tests" / "site" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_data(folder / "data")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1100,820", "--hide-scrollbars")


def main() -> int:
    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    import functiegebouw
    from functiegebouw.site.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        data = _fixture_data(Path(tmp))
        print(build_site(functiegebouw.open(data, store_dir=Path(tmp) / "store"), out).line())
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in FLAGS + (f"--user-data-dir={tmp}/profile",):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        try:
            shots = {
                "start.png": (url + "index.html", None, 0),
                "functiegroep-527.png": (url + "id/functiegroep/527/index.html", None, 0),
                "functiegroep-527-fuwasys.png": (url + "id/functiegroep/527/index.html#typering-6", "open", 0),
                "vergelijk-schaal-6-7.png": (url + "vergelijk/527/schaal-6-7/index.html", None, 330),
                "zoeken.png": (url + "zoeken/index.html?q=klantgerichtheid", "#zoekresultaten > li", 0),
            }
            for name, (page, wait_for, scroll) in shots.items():
                driver.get(page)
                if wait_for == "open":  # the functietypering folded on the page: opened, as a reader does
                    driver.find_element(By.CSS_SELECTOR, "#typering-6 summary").click()
                    driver.execute_script("document.getElementById('typering-6').scrollIntoView()")
                elif wait_for:
                    WebDriverWait(driver, 20).until(lambda d, css=wait_for: d.find_elements(By.CSS_SELECTOR, css))
                if scroll:
                    driver.execute_script(f"window.scrollBy(0, {scroll})")
                path = HERE / name
                driver.save_screenshot(str(path))
                Image.open(path).convert("RGB").quantize(64).save(path, optimize=True)
                print(f"{path.relative_to(HERE.parent.parent)}: {path.stat().st_size:,} bytes")
        finally:
            driver.quit()
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
