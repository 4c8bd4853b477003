"""Screenshots of the site for the README: ``.venv/bin/python docs/screenshots/make.py``.

Builds the site from the project's data (data/ + ontology/) into a temporary folder, serves it on a
loopback port and takes three screenshots with Debian's headless Chromium (Selenium): the page of
functiegroep 527 at its first functietypering, the comparison of schaal 6 and 7, and the search
box with the results for "klantgerichtheid". PNGs are reduced to 64 colours to stay small.
"""
from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
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
        print(build_site(functiegebouw.open(), out).line())
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
                "functiegroep-527.png": (url + "id/functiegroep/527/index.html#typering-6", None, 0),
                "vergelijk-schaal-6-7.png": (url + "vergelijk/527/schaal-6-7/index.html", None, 330),
                "zoeken.png": (url + "zoeken/index.html?q=klantgerichtheid", "#zoekresultaten > li", 0),
            }
            for name, (page, wait_for, scroll) in shots.items():
                driver.get(page)
                if wait_for:
                    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, wait_for))
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
