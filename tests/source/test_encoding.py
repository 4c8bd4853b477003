"""The encoding of a source text is decided on evidence and never silently (issue 15, item 5)."""
from __future__ import annotations

import pytest

from functiegebouw.convert import convert
from support import FIXTURES, ROOT

SEED = ROOT / "data" / "sources" / "medewerker-communicatie.txt"


def test_one_stray_byte_in_utf8_keeps_the_rest_utf8(tmp_path):
    """The regression: one \\xe9 made the whole seed Windows-1252 ("ProcescoÃ¶rdinatie"), silently."""
    data = SEED.read_bytes()
    lines = data.split(b"\n")
    at = next(n for n, line in enumerate(lines) if b"Signalen zijn tijdig" in line)
    lines[at] = lines[at].replace(b"tijdig", b"tijd\xe9g")
    src = tmp_path / "seed.txt"
    src.write_bytes(b"\n".join(lines))
    conv = convert(src, label="Medewerker Communicatie")
    texts = {str(t) for t in conv.graph.objects(None, __import__("rdflib").URIRef("https://schema.org/text"))}
    assert "Procescoördinatie (traffic) van communicatieproducten is verricht volgens (klant) aanvraag" in texts
    assert "Signalen zijn tijd\ufffdg en juist opgepakt" in texts
    assert not any("Ã" in t for t in texts)
    (warning,) = conv.warnings
    assert warning.line == at + 1 and warning.kind == "encoding"
    assert "0xE9" in warning.message and "read as UTF-8" in warning.message


def decode_text(data, path):
    from functiegebouw.source.text import decode_text  # here, so that the regression above runs on any version

    return decode_text(data, path)


def test_windows_1252_text_is_read_as_such_and_said_so():
    decoded = decode_text((FIXTURES / "variants" / "windows-1252.txt").read_bytes(), "w.txt")
    assert decoded.encoding == "windows-1252"
    assert "Klanten zijn tijdig geïnformeerd" in " ".join(decoded.lines)
    (warning,) = decoded.warnings
    assert "read as Windows-1252" in warning.message and warning.line == 5


def test_clean_utf8_gives_no_warning():
    decoded = decode_text(SEED.read_bytes(), "seed.txt")
    assert (decoded.encoding, decoded.warnings) == ("utf-8", [])


def test_mostly_windows_1252_with_one_utf8_pair_is_windows_1252():
    text = "é ë ï ö ü à è ".encode("cp1252") * 3 + "ö".encode()
    decoded = decode_text(b"Resultaten\n" + text + b"\n", "m.txt")
    assert decoded.encoding == "windows-1252"


def test_a_byte_neither_encoding_knows_is_refused_with_its_line():
    from functiegebouw.errors import FgrError

    with pytest.raises(FgrError) as info:
        decode_text(b"Resultaten\n\nab\x81cd\n", "x.txt")
    assert info.value.line == 3 and "undecodable" in info.value.message


def test_stray_characters_are_reported_per_line_and_bounded():
    from functiegebouw.source.text import MAX_WARNINGS

    lines = [f"regel {n} \ufffd" for n in range(MAX_WARNINGS + 5)]
    decoded = decode_text("\n".join(lines).encode("utf-8"), "s.txt")
    assert [w.line for w in decoded.warnings[:-1]] == list(range(1, MAX_WARNINGS + 1))
    assert "5 more line(s)" in decoded.warnings[-1].message


def test_a_byte_order_mark_in_the_middle_does_not_hide_a_heading(tmp_path):
    data = (FIXTURES / "variants" / "base.txt").read_bytes().replace(b"\nGedragsindicatoren", "\n\ufeffGedragsindicatoren".encode())
    src = tmp_path / "b.txt"
    src.write_bytes(data)
    conv = convert(src, label="X")
    assert [w.message.split(" at ")[0] for w in conv.warnings] == [
        "stray character U+FEFF (byte order mark, left over from joining two texts; ignored in headings)"]
    assert len(conv.profile.indicators) == 4
