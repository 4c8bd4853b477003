"""The fgr command as a user runs it."""
from __future__ import annotations

import subprocess
import sys
from support import FIXTURES, seed_ttl



def fgr(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "functiegebouw.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def test_help_lists_commands():
    proc = fgr("--help")
    assert proc.returncode == 0
    for name in ("build", "convert", "render"):
        assert name in proc.stdout


def test_help_does_not_import_rdflib():
    code = "import sys; from functiegebouw.cli import build_parser; build_parser(); print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_build_prints_a_summary_per_functiegroep(tmp_path):
    (tmp_path / "sources").mkdir()
    for name in ("base.txt", "one-schaal.txt"):
        (tmp_path / "sources" / name).write_bytes((FIXTURES / "variants" / name).read_bytes())
    (tmp_path / "sources" / "base.toml").write_text('functiegroep_id = 901\nlabel = "Proef A"\n')
    proc = fgr("build", "--data", tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("901 Proef A: schaal 9–10, 4 resultaten, 4 gedragsindicatoren, 2 competenties, "
                               "2 kwaliteitenprofielen, 2 functietyperingen")
    assert lines[1].startswith("? one-schaal: schaal 11–11")
    assert (tmp_path / "base.ttl").exists() and (tmp_path / "one-schaal.ttl").exists()


def test_build_writes_nothing_when_one_source_is_bad(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_bytes((FIXTURES / "variants" / "base.txt").read_bytes())
    (tmp_path / "sources" / "b.txt").write_bytes((FIXTURES / "bad" / "truncated.txt").read_bytes())
    proc = fgr("build", "--data", tmp_path)
    assert proc.returncode == 2 and "b.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert not list(tmp_path.glob("*.ttl"))


def test_render_cli(tmp_path):
    out = tmp_path / "527.txt"
    proc = fgr("render", seed_ttl(), "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Resultaten\n\nOpdracht(gever)(ambtelijk)\n")
    assert "\nFunctietypering\n\n32232 33222 22 22 (32)\n\nSchaal 6\n" in text


def test_render_bad_turtle_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"unterminated .\n")
    proc = fgr("render", bad)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr == f"fgr render: error: {bad}:3: not valid turtle: newline found in string literal\n"
    assert proc.stdout == ""


def test_render_graph_without_functiegroep(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    proc = fgr("render", empty)
    assert proc.returncode == 2 and "no functiegroep" in proc.stderr


def _undocumented(parser, path):
    import argparse

    missing = [] if parser.description else [f"{path}: no description"]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                missing += _undocumented(sub, f"{path} {name}")
        elif not action.help and not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}: no help")
    return missing


def test_every_command_sub_command_and_option_has_help():
    from functiegebouw.cli.main import COMMANDS, build_parser

    missing = []
    for command in COMMANDS:
        parser = build_parser(command)
        (sub,) = [a for a in parser._actions if a.dest == "command"]
        missing += _undocumented(sub.choices[command], f"fgr {command}")
    assert missing == []


def test_link_sub_command_help_says_what_it_does():
    proc = fgr("link", "suggest", "--help")
    words = " ".join(proc.stdout.split())
    assert proc.returncode == 0 and "candidate mappings (SSSOM/TSV; semapv:LexicalMatching, or " \
        "semapv:SemanticSimilarityThresholdMatching with the [embed] extra) for a person to review" in words
    proc = fgr("convert", "--help")
    assert "turtle (default), json-ld or nt (N-Triples)" in " ".join(proc.stdout.split())
