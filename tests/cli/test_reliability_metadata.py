"""Metadata and text that reach a terminal: every IRI `fgr build` writes is one its readers accept
(errors name the TOML file and line), control characters in metadata are refused, and control
characters from data are escaped wherever fgr prints to a terminal."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.errors import FgrError
from functiegebouw.terminal import printable
from support import FIXTURES, run_fgr

TOML = '''functiegroep_id = 900
label = "Testgroep"
source_url = "{url}"
retrieved = 2026-01-01
'''


fgr = run_fgr


def data_folder(tmp_path, toml: str) -> Path:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    shutil.copy(FIXTURES / "variants" / "base.txt", data / "sources" / "testgroep.txt")
    (data / "sources" / "testgroep.toml").write_text(toml, encoding="utf-8")
    return data


@pytest.mark.parametrize("url", ["http://example.org/a%zz", "http://example.org/a%2", "http://exa mple.org/",
                                 "http://[example.org/x", "example.org/no-scheme", "http://example.org/a|b",
                                 "http://example.org/\\\\x"])
def test_build_refuses_an_iri_its_readers_reject_naming_the_toml_line(tmp_path, url):
    data = data_folder(tmp_path, TOML.format(url=url))
    proc = fgr("build", "--data", str(data))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{data / 'sources' / 'testgroep.toml'}:3:" in proc.stderr and "source_url" in proc.stderr
    assert not list(data.glob("*.ttl"))


def test_every_iri_written_is_accepted_by_the_strict_reader(tmp_path):
    """Whatever the metadata, what build writes loads in the store and validates."""
    data = data_folder(tmp_path, TOML.format(url="https://example.org/ok/%C3%A9?q=1#frag"))
    proc = fgr("build", "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    store = functiegebouw.open(data, store_dir=tmp_path / "store")
    assert store.query("ASK { ?s <https://schema.org/url> ?u }") is True


@pytest.mark.parametrize("key,value", [("label", "Red\\u001b[31mAlarm"), ("label", "bell\\u0007"),
                                       ("functiefamilie", "a\\u009bb"), ("label", "tab\\there"),
                                       ("source_url", "https://example.org/\\u001b[2J")])
def test_control_characters_in_metadata_are_refused(tmp_path, key, value):
    toml = f'functiegroep_id = 900\n\n{key} = "{value}"\n'
    data = data_folder(tmp_path, toml)
    proc = fgr("build", "--data", str(data))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "testgroep.toml:3:" in proc.stderr and "control character" in proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "\x9b" not in proc.stderr


def test_metadata_errors_name_the_line(tmp_path):
    data = data_folder(tmp_path, 'functiegroep_id = 900\n\nbogus = 1\n')
    with pytest.raises(FgrError) as err:
        functiegebouw.convert(data / "sources" / "testgroep.txt")
    assert err.value.line == 3 and err.value.path.endswith("testgroep.toml")
    (data / "sources" / "testgroep.toml").write_text('functiegroep_id = 900\nlabel = 5\n')
    with pytest.raises(FgrError) as err:
        functiegebouw.convert(data / "sources" / "testgroep.txt")
    assert err.value.line == 2


def test_printable_escapes_what_a_terminal_would_obey():
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("x\x9by\x07z\x7f") == "x\\x9by\\x07z\\x7f"
    assert printable("trojan\u202esource") == "trojan\\u202esource"
    assert printable("line\nnext\ttab") == "line\nnext\ttab"
    assert printable("één € ✓") == "één € ✓"


ESC_TTL = '''@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/g> a fgr:JobGroup ; fgr:fgrId 901 ; rdfs:label "Evil\\u001b]0;owned\\u0007\\u001b[2J" .
'''


def test_query_table_and_build_summary_escape_control_characters(tmp_path):
    data = tmp_path / "esc"
    data.mkdir()
    (data / "g.ttl").write_text(ESC_TTL)
    proc = fgr("query", "SELECT ?l WHERE { ?g <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
               "--data", str(data), env={"FGR_STORE_DIR": str(tmp_path / "store")})
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout and "\\x1b" in proc.stdout
    # a label from the command line reaches the build summary escaped
    src = tmp_path / "one.txt"
    shutil.copy(FIXTURES / "variants" / "base.txt", src)
    proc = fgr("convert", str(src), "--label", "A\x1b[31mB", "-o", str(tmp_path / "one.ttl"))
    assert "\x1b" not in proc.stderr + proc.stdout


def test_compare_text_escapes_control_characters_from_the_data(tmp_path):
    """A statement text with ESC, read from someone else's Turtle, is printed escaped; the
    colours compare adds itself stay."""
    src = tmp_path / "sources" / "g.txt"
    src.parent.mkdir()
    text = (FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8")
    src.write_text(text, encoding="utf-8")
    conv = functiegebouw.convert(src, functiegroep_id=902, label="Esc")
    ttl = conv.serialize("turtle").decode().replace("voert werkzaamheden uit op niveau 9",
                                                    "voert \\u001b[2J werkzaamheden uit op niveau 9")
    (tmp_path / "g.ttl").write_text(ttl)
    for color in ("always", "never"):
        proc = fgr("compare", "9", "10", "--data", str(tmp_path / "g.ttl"), "--color", color,
                   env={"FGR_STORE_DIR": str(tmp_path / "store")})
        assert proc.returncode == 0, proc.stderr
        assert "\x1b[2J" not in proc.stdout and "\\x1b[2J" in proc.stdout
        assert ("\x1b[1m" in proc.stdout) == (color == "always")
