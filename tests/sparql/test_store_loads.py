"""The store reads its manifest and file lists with `_loads`, the C scanner of `json` without the
package (issue 28): it must give what `json.loads` gives, and refuse (ValueError) what it refuses."""
from __future__ import annotations

import json
import math

import pytest

from functiegebouw.sparql import store as st

GOOD = [
    '{"version": "format 3", "generation": "gen-000001", "files": {"/a b/é.txt": [1, 2, 3, "ab"]}}',
    '  \n{\n "folders": {"/x": [1, 2, 0]},\n "blank": []\n}\n\n',  # as write_manifest indents it
    '[\n"/d/a.ttl",\n"/d/b.ttl"\n]\n',
    "[]", "{}", '"text \\u00e9 \\n"', "12", "-1.5e3", "true", "null", '{"a": {"a": [[], {}]}}',
    '{"k": 1, "k": 2}',  # the last one wins, as in json.loads
]
BAD = ["", " ", "{", '{"a": 1,}', "[1] [2]", "[1] x", "{'a': 1}", '"\x01"', "\ufeff{}", "01", "[1,]",
       '{"a" 1}', "tru", '"\\x"', '{"a": 1}\n}']


@pytest.mark.parametrize("text", GOOD)
def test_it_reads_what_json_reads(text):
    value = st._loads(text)
    assert value == json.loads(text) and type(value) is type(json.loads(text))


@pytest.mark.parametrize("text", BAD)
def test_it_refuses_what_json_refuses(text):
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        st._loads(text)


def test_the_constants_and_large_numbers_are_json_s():
    text = "[NaN, Infinity, -Infinity, 12345678901234567890, 1.25]"
    got, want = st._loads(text), json.loads(text)
    assert math.isnan(got[0]) and got[1:] == want[1:] and type(got[3]) is int


def test_a_manifest_round_trip(tmp_path):
    cache = st._Cache(tmp_path)
    data = {"version": st._version(), "generation": "gen-000002", "files": {"/p/ä.txt": [10, 20, 30, 40]},
            "folders": {"/p": [1, 2, 3]}, "blank": ["/p/ä.txt"]}
    cache.write_manifest(data)
    assert cache.manifest() == data
    (tmp_path / "manifest.json").write_text(json.dumps(data)[:-1], encoding="utf-8")  # cut short
    assert cache.manifest() is None
