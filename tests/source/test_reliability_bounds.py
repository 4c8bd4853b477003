"""Resource bounds: huge files, huge lines and 100,000 repeated headings are refused or handled quickly.

Each run is a real ``fgr convert`` in a subprocess with a generous timeout and an address-space
limit, so a regression shows up as a hang or a MemoryError traceback rather than as a slow test.
The timeouts are hang guards, not speed targets (those live in bench/).
"""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from functiegebouw.source import text
from support import FIXTURES

MEMORY = 2 * 1024 ** 3  # address space of the child: ~4x what the largest case below needs


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def fgr_convert(source: Path, *options: str, timeout: float = 120) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(source), *options],
                              capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"fgr convert {source.name} {' '.join(options)} did not finish within {timeout} s")


def refused(proc, *words):
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.fixture(scope="module")
def hundred_mb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "100mb.txt"
    chunk = ("Resultaten\n" + " \u2022 tekst tekst tekst tekst\n" * 4000).encode("utf-8")
    with open(path, "wb") as fh:
        while fh.tell() < 100 * 1024 * 1024:
            fh.write(chunk)
    return path


def test_100_mb_input_is_refused_by_default(hundred_mb):
    proc = fgr_convert(hundred_mb)
    refused(proc, "100mb.txt:", "more than the limit of 20,971,520 bytes", "--max-bytes")


def test_100_mb_input_with_raised_byte_limit_hits_the_line_limit(hundred_mb):
    proc = fgr_convert(hundred_mb, "--max-bytes", str(200 * 1024 * 1024))
    refused(proc, f"100mb.txt:{text.MAX_LINES + 1}:", "more than the limit of 200,000", "--max-lines")


def test_100_mb_input_with_both_limits_raised_stops_at_the_first_bad_line(hundred_mb):
    """Memory stays under the child's limit and the parser stops at line 2, not after 3.6 million lines."""
    proc = fgr_convert(hundred_mb, "--max-bytes", str(200 * 1024 * 1024), "--max-lines", "10000000")
    refused(proc, "100mb.txt:2:", "expected a resultaatgebied heading")


def test_ten_mb_line(tmp_path):
    src = tmp_path / "line.txt"
    src.write_text("Resultaten\n" + "x" * 10_000_000 + "\n", encoding="utf-8")
    refused(fgr_convert(src), "line.txt:2:", "line of 10,000,000 characters", "--max-line-chars")
    refused(fgr_convert(src, "--max-line-chars", "20000000"), "line.txt:2:", "expected a resultaatgebied")


def test_ten_mb_line_of_digits_and_spaces(tmp_path):
    """The FUWASYS-code pattern on a huge line of digits must not backtrack quadratically."""
    src = tmp_path / "digits.txt"
    src.write_text("Resultaten\n" + "12345 " * 1_700_000 + "x\n", encoding="utf-8")
    refused(fgr_convert(src, "--max-line-chars", "20000000"), "digits.txt:2:")


@pytest.mark.parametrize("heading", ["Resultaten", "Funtietypering", "Omgeving", "Kennis & vaardigheid",
                                     "Kwaliteitenprofielen vergelijken"])
def test_100000_repeated_headings(tmp_path, heading):
    src = tmp_path / "heads.txt"
    src.write_text((heading + "\n") * 100_000, encoding="utf-8")
    proc = fgr_convert(src, timeout=60)
    refused(proc, "heads.txt:")


def test_100000_headings_inside_a_valid_start(tmp_path):
    """Well-formed up to a run of 100,000 'Opleiding' headings (exact and misspelt, each fuzzy-matched),
    which inside a resultaatgebied are ordinary lines: all are read, then the file ends too early."""
    lines = ["Resultaten", "Opdracht(gever)(ambtelijk)"] + [("Opleiding", "Opleidng", "0pleiding", "Oplieding")[i % 4]
                                                           for i in range(100_000)]
    src = tmp_path / "run.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    refused(fgr_convert(src, timeout=60), "run.txt:", "file ends too early")


def test_limits_must_be_positive(tmp_path):
    src = FIXTURES / "variants" / "base.txt"
    for option in ("--max-bytes", "--max-lines", "--max-line-chars"):
        refused(fgr_convert(src, option, "0"), option, "positive")


def test_limits_work_end_to_end(tmp_path):
    src = FIXTURES / "variants" / "base.txt"
    size, lines = src.stat().st_size, src.read_bytes().count(b"\n") + 1
    out = tmp_path / "out.ttl"
    assert fgr_convert(src, "--max-bytes", str(size), "--max-lines", str(lines), "-o", str(out)).returncode == 0
    assert out.exists()
    refused(fgr_convert(src, "--max-bytes", str(size - 1)), f"limit of {size - 1:,} bytes")
    refused(fgr_convert(src, "--max-lines", str(lines - 1)), f"base.txt:{lines}:", f"limit of {lines - 1:,}")
    longest = max(len(line) for line in src.read_text(encoding="utf-8").split("\n"))
    refused(fgr_convert(src, "--max-line-chars", str(longest - 1)), "more than")


def test_api_limits():
    from functiegebouw.errors import FgrError
    with pytest.raises(FgrError, match="more than the limit of 3"):
        text.decode(b"a\nb\r\nc\rd", "x.txt", max_lines=3)
    assert text.decode(b"a\nb\r\nc\rd", "x.txt", max_lines=4) == ["a", "b", "c", "d"]
