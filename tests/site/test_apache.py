"""Content negotiation under a real Apache httpd 2.4 (issue 26): the generated ``w3id/.htaccess``
served as w3id.org serves it, the site with its own ``.htaccess`` and type maps as a host serves
it, both by one ``apache2 -X`` on a free loopback port with a configuration written here. A table
of Accept headers gives the status, Content-Type and Vary of each answer.

Skipped only when the apache2 binary (Debian package apache2, installed by .ci/run) is missing,
and then not in CI (``CI`` set), where that is a failure."""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Graph as RGraph
from rdflib import URIRef

import functiegebouw
from functiegebouw.rdf.load import ontology_files
from functiegebouw.site.build import build_site

APACHE = shutil.which("apache2") or shutil.which("apache2", path="/usr/sbin:/usr/local/sbin")
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = ("mpm_prefork", "authz_core", "mime", "dir", "rewrite", "negotiation", "alias")
BASE = "https://w3id.org/functiegebouw/"
OWL = "http://www.w3.org/2002/07/owl#"

_MISSING = APACHE is None or not all((MODULES / f"mod_{m}.so").is_file() for m in NEEDED)
# skipped locally without Apache; in CI (CI set; .ci/run installs apache2) a missing Apache is a failure
pytestmark = pytest.mark.skipif(_MISSING and not os.environ.get("CI"),
                                reason="apache2 (Debian package apache2) is not installed: apt-get install apache2")

STATEMENT = "id/functiegroep/901/competentie/luisteren-3bc429"  # a line of 901's page (issue 25)
LONG = "id/functiegroep/901/bron/vergelijk-functietypering-" + "-".join(str(n) for n in range(1, 81))
DATA = f"""@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/functiegebouw/id/functiegroep/901> a fgr:JobGroup ; fgr:fgrId 901 ; rdfs:label "Proef"@nl ;
    fgr:competencyStatement <https://w3id.org/functiegebouw/{STATEMENT}> .
<https://w3id.org/functiegebouw/{STATEMENT}> <https://schema.org/position> 1 ; <https://schema.org/text> "Luisteren"@nl .
<https://w3id.org/functiegebouw/{LONG}> rdfs:label "bron met 80 schalen"@nl .
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Apache:
    """``apache2 -X`` (one process, in the foreground) serving ``/functiegebouw/`` from a folder
    holding only the w3id .htaccess, and ``/site/`` from the site."""

    def __init__(self, root: Path, site: Path, port: int):
        self.port = port
        self.host = f"http://127.0.0.1:{self.port}/site/"
        w3id = root / "w3id" / "functiegebouw"
        w3id.mkdir(parents=True)
        shutil.copy(site / "w3id" / ".htaccess", w3id / ".htaccess")
        modules = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in NEEDED)
        # As root, Apache serves as another user (it refuses to serve as root): nobody can read
        # the folders, which are 0755 here.
        user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
        conf = root / "httpd.conf"
        conf.write_text(f"""ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{self.port}
PidFile "{root}/httpd.pid"
DefaultRuntimeDir "{root}"
ErrorLog "{root}/error.log"
LogLevel warn
TypesConfig /dev/null
{modules}
{user}DocumentRoot "{site}"
Alias /functiegebouw/ "{w3id}/"
Alias /site/ "{site}/"
<Directory "{root}">
  AllowOverride FileInfo Indexes Options
  Options FollowSymLinks
  Require all granted
</Directory>
""", encoding="utf-8")
        self.root = root
        self.proc = subprocess.Popen([APACHE, "-X", "-f", str(conf), "-d", str(root)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:  # until it listens (or has died)
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError as err:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = (root / "error.log").read_text() if (root / "error.log").exists() else ""
                    raise RuntimeError(f"apache2 did not start: {self.proc.stderr.read().decode()} {log}") from err
                time.sleep(0.05)

    def get(self, path: str, accept: str | None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path, headers={"Accept": accept} if accept is not None else {})
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        return response

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def apache(tmp_path_factory):
    if _MISSING:
        pytest.fail("apache2 (Debian package apache2) is not installed; .ci/run installs it")
    root = Path(tempfile.mkdtemp(prefix="fgr-apache-"))
    try:
        os.chmod(root, 0o755)
        data = root / "data"
        data.mkdir()
        (data / "g.ttl").write_text(DATA, encoding="utf-8")
        for path in ontology_files():  # the ontology, for its version IRI
            shutil.copy(path, data / path.name)
        store = functiegebouw.open(data, store_dir=tmp_path_factory.mktemp("apache-store"), ontology=False)
        port = _free_port()  # the site's .htaccess names the host, so the port is chosen first
        site = root / "site"
        build_site(store, site, jobs=1, host=f"http://127.0.0.1:{port}/site/")
        server = Apache(root, site, port)
        yield server
        server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _version_path() -> str:
    """The ontology's owl:versionIRI, as a path under the base (``def/0.2.0``)."""
    g = RGraph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    (version,) = set(g.objects(URIRef(BASE + "def"), URIRef(OWL + "versionIRI")))
    return str(version)[len(BASE):]


VERSION = _version_path()
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
# Accept -> (status, Content-Type of the answer, the file it is); the table of
# docs/how-to/publish-linked-data.md
TABLE = [
    (BROWSER, 200, "text/html", "index.html"),
    (None, 200, "text/html", "index.html"),
    ("*/*", 200, "text/html", "index.html"),
    ("text/turtle", 200, "text/turtle", "index.ttl"),
    ("text/turtle;q=0", 406, None, None),
    ("text/turtle;q=0, */*;q=0.1", 200, "text/html", "index.html"),
    ("text/html;q=0.9, text/turtle;q=0.1", 200, "text/html", "index.html"),
    ("text/html;q=0.1, text/turtle;q=0.9", 200, "text/turtle", "index.ttl"),
    ("text/turtle, application/ld+json;q=0.5", 200, "text/turtle", "index.ttl"),
    ("application/ld+json", 200, "application/ld+json", "index.jsonld"),
    ("application/json", 200, "application/ld+json", "index.jsonld"),  # served with its own type
    ("application/n-triples", 200, "application/n-triples", "index.nt"),
    ("application/rdf+xml", 406, None, None),
    ("application/rdf+xml, text/turtle;q=0.5", 200, "text/turtle", "index.ttl"),
]


@pytest.mark.parametrize("accept, status, media, file", TABLE)
@pytest.mark.parametrize("path", ["id/functiegroep/901", "def", VERSION, "dataset"])
def test_accept_table(apache, path, accept, status, media, file):
    redirect = apache.get(f"/functiegebouw/{path}", accept)
    # w3id's answer does not depend on Accept: the same 303 for every header, so a cache may share it
    assert redirect.status == 303 and redirect.getheader("Location") == apache.host + path + "/"
    answer = apache.get(f"/site/{path}/", accept)
    assert answer.status == status, answer.body[:300]
    assert "accept" in answer.getheader("Vary", "").lower().replace(" ", "").split(",")
    if status == 200:
        assert answer.getheader("Content-Type").split(";")[0] == media
        assert answer.getheader("Content-Location") == file
        site_file = apache.root / "site" / path / file
        assert answer.body == site_file.read_bytes()


def test_files_redirect_to_the_same_file(apache):
    for path in ("dataset/functiegebouw.nt", "id/functiegroep/901/index.ttl"):
        redirect = apache.get(f"/functiegebouw/{path}", "text/html")
        assert redirect.status == 302 and redirect.getheader("Location") == apache.host + path
        answer = apache.get(f"/site/{path}", "text/html")
        assert answer.status == 200 and answer.getheader("Content-Type").split(";")[0] == (
            "application/n-triples" if path.endswith(".nt") else "text/turtle")
    start = apache.get("/functiegebouw/", None)
    assert start.status == 302 and start.getheader("Location") == apache.host + "index.html"


def test_the_version_iri_resolves_to_that_version(apache):
    answer = apache.get(f"/site/{VERSION}/", "text/turtle")
    g = RGraph().parse(data=answer.body.decode("utf-8"), format="turtle")
    version = URIRef(BASE + VERSION)
    assert (URIRef(BASE + "def"), URIRef(OWL + "versionIRI"), version) in g
    assert (URIRef(BASE + "def"), URIRef(OWL + "versionInfo"), None) in g
    assert len(g) == len(RGraph().parse(apache.root / "site/def/index.ttl", format="turtle"))
    page = apache.get(f"/site/{VERSION}/", "text/html").body.decode("utf-8")
    assert f'<link rel="canonical" href="{version}">' in page and "Versie <code>" in page


def test_an_iri_whose_folder_was_shortened_still_resolves(apache):
    redirect = apache.get(f"/functiegebouw/{LONG}", "text/turtle")
    assert redirect.status == 303
    folder = redirect.getheader("Location")[len(apache.host):]
    assert folder != LONG + "/" and folder.startswith(LONG[:90]) and folder.endswith("/")
    answer = apache.get(f"/site/{folder}", "text/turtle")
    assert answer.status == 200 and answer.getheader("Content-Type").startswith("text/turtle")
    assert f"<{BASE}{LONG}>".encode() in answer.body or b"bron met 80 schalen" in answer.body


def test_a_statement_iri_resolves_to_its_line_and_keeps_its_data(apache):
    """A statement has no page to read of its own (issue 25): for a browser its IRI answers a page that
    sends it to the statement's line on its functiegroep's page; for a program, its Turtle as before."""
    for accept in (BROWSER, "text/turtle"):
        redirect = apache.get(f"/functiegebouw/{STATEMENT}", accept)
        assert redirect.status == 303 and redirect.getheader("Location") == apache.host + STATEMENT + "/"
    page = apache.get(f"/site/{STATEMENT}/", BROWSER)
    assert page.status == 200 and page.getheader("Content-Type").startswith("text/html")
    assert ('<meta http-equiv="refresh" content="0; url=../../index.html#competentie/luisteren-3bc429">'
            in page.body.decode("utf-8"))
    line = apache.get("/site/id/functiegroep/901/", BROWSER).body.decode("utf-8")
    assert '<li id="competentie/luisteren-3bc429">Luisteren</li>' in line
    data = apache.get(f"/site/{STATEMENT}/", "text/turtle")
    assert data.getheader("Content-Type").startswith("text/turtle") and b'"Luisteren"@nl' in data.body
