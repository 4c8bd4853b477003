"""The %sparql / %%sparql magic: its line, quoting, and values typed as on the command line."""
from __future__ import annotations

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.sparql.magic import parse_line, sparql


def test_line_with_options_and_params():
    assert parse_line('fuwasys-per-schaal --data d functiegroep=527 schaal=6 schaal=7') == (
        {"data": "d", "endpoint": None, "out": None, "allow_service": False}, "fuwasys-per-schaal", {"functiegroep": "527", "schaal": ["6", "7"]})
    assert parse_line('functiegroepen-met-competentie competentie="plannen en organiseren"')[2] == {
        "competentie": "plannen en organiseren"}
    assert parse_line("--endpoint http://127.0.0.1:1/query --allow-service")[0]["allow_service"] is True


def test_a_value_with_spaces_gets_a_quoting_hint():
    with pytest.raises(ValueError) as err:
        parse_line("functiegroepen-met-competentie competentie=plannen en organiseren")
    assert str(err.value) == ("unexpected 'en' after competentie=plannen: quote a value with spaces, "
                              'e.g. competentie="plannen en …"')
    with pytest.raises(ValueError, match="close the quote"):
        parse_line('functiegroepen-met-competentie competentie="plannen en')
    with pytest.raises(FgrError, match="quote a value with spaces"):
        sparql("functiegroepen-met-competentie competentie=plannen en organiseren")


def test_named_query_and_cell_return_dataframes(fgr_data):
    frame = sparql(f'functiegroepen-met-competentie --data {fgr_data} competentie="plannen en organiseren"')
    loaded = frame[frame["opmerking"].isna()]  # the catalogue's groups without a profile follow with a remark
    assert sorted(set(loaded["functiegroep"])) == [527, 602, 603, 604]
    assert set(frame.loc[frame["opmerking"].notna(), "opmerking"]) == {"geen profiel geladen"}
    # undeclared values are typed from their form, as with fgr query -p
    cell = "PREFIX fgr: <https://w3id.org/functiegebouw/def#> SELECT DISTINCT ?n WHERE { ?s fgr:scaleNumber ?n }"
    assert list(sparql(f"--data {fgr_data} n=6", cell)["n"]) == [6]
