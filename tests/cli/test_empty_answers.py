"""No silent empty answers: a parameter value that names nothing in the graph, a predicate or class
of one's own query that the graph never uses, a mistyped query name."""
from __future__ import annotations

import pytest

from functiegebouw.cli import main
from functiegebouw.sparql.empty import NoMatch, predicates_and_classes
from support import GROUPS

FGR = "https://w3id.org/functiegebouw/def#"


@pytest.fixture(autouse=True, scope="module")
def private_cache(fgr_store):
    # the session's store folder: each command opens the store over fgr_data that fgr_store built
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FGR_STORE_DIR", str(fgr_store.cache.parent))
        patch.delenv("FGR_LANG", raising=False)
        yield


@pytest.fixture(scope="module")
def store(fgr_data, private_cache):
    import functiegebouw

    with functiegebouw.open(fgr_data) as opened:
        yield opened


def query(capsys, data, *args):
    status = main(["query", *args, "--data", str(data)])
    out, err = capsys.readouterr()
    return status, out, err


def nearest_groups(value: int) -> list[str]:
    return [str(g) for g in sorted(GROUPS, key=lambda g: (abs(g - value), g))[:5]]


def test_a_functiegroep_that_does_not_exist_is_an_error_with_the_nearest(capsys, fgr_data):
    status, out, err = query(capsys, fgr_data, "fuwasys-per-schaal", "-p", "functiegroep=600")
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert "functiegroep=600" in err and "nearest: " + ", ".join(nearest_groups(600)) in err
    assert "--allow-empty" in err


def test_allow_empty_gives_the_empty_table(capsys, fgr_data):
    status, out, err = query(capsys, fgr_data, "fuwasys-per-schaal", "-p", "functiegroep=600", "--allow-empty")
    assert status == 0 and err == ""
    assert out.rstrip().endswith("(0 rijen)")


def test_a_competentie_that_does_not_exist_names_the_closest_label(capsys, fgr_data):
    status, _, err = query(capsys, fgr_data, "functiegroepen-met-competentie", "-p", "competentie=klantgericht")
    assert status == 2 and len(err.splitlines()) == 1
    assert "competentie=klantgericht" in err and "Klantgerichtheid" in err.split("nearest:")[1]


def test_an_existing_value_in_another_case_is_no_error(capsys, fgr_data):
    status, out, err = query(capsys, fgr_data, "functiegroepen-met-competentie", "-p", "competentie=KLANTGERICHTHEID",
                             "-f", "csv")
    assert status == 0 and err == "" and len(out.splitlines()) > 1


def test_only_the_values_that_name_nothing_are_reported(capsys, fgr_data):
    status, _, err = query(capsys, fgr_data, "schalen-per-functiegroep", "-p", "functiegroep=527",
                           "-p", "functiegroep=1527")
    # 527 matches: the answer has rows, nothing to report
    assert status == 0 and err == ""
    status, _, err = query(capsys, fgr_data, "functietyperingen", "-p", "functiegroep=527", "-p", "schaal=40")
    assert status == 2 and "schaal=40 names nothing" in err and "functiegroep=" not in err


def test_every_value_that_names_nothing_is_listed(store):
    with pytest.raises(NoMatch) as caught:
        store.query("schalen-per-functiegroep", {"functiegroep": [1527, 598]})
    assert [(m.param, m.value) for m in caught.value.unmatched] == [("functiegroep", "1527"), ("functiegroep", "598")]
    assert caught.value.unmatched[1].nearest[:2] == ("601", "602")


def test_the_python_api_raises_with_the_nearest_values(store):
    with pytest.raises(NoMatch) as caught:
        store.query("functiegroepen-met-competentie", {"competentie": "klantgericht"})
    [miss] = caught.value.unmatched
    assert miss.param == "competentie" and miss.value == "klantgericht" and "Klantgerichtheid" in miss.nearest
    assert len(store.query("functiegroepen-met-competentie", {"competentie": "klantgericht"},
                               allow_empty=True).rows) == 0


def test_a_mistyped_query_name_gets_did_you_mean(capsys, fgr_data):
    status, _, err = query(capsys, fgr_data, "fuwasys-per-schal")
    assert status == 2 and len(err.splitlines()) == 1
    assert "did you mean fuwasys-per-schaal" in err
    # a name like none of them still lists what exists
    status, _, err = query(capsys, fgr_data, "zzzzqqqq")
    assert status == 2 and "known: " in err and "salaris-per-schaal" in err


OWN = ("PREFIX fgr: <https://w3id.org/functiegebouw/def#> SELECT * WHERE { ?g a fgr:JobGrop ; fgr:fgrid ?id ; "
       "fgr:fgrId ?x . FILTER(?x > 3 && ?id != fgr:nietInEenPatroon) OPTIONAL { ?g fgr:typification/fgr:scaleNumbr ?s } "
       "VALUES ?v { fgr:ookNiet } }")


def test_own_query_warns_per_unused_predicate_and_class(capsys, fgr_data):
    status, out, err = query(capsys, fgr_data, OWN)
    assert status == 0 and out.rstrip().endswith("(0 rijen)")
    lines = err.splitlines()
    assert len(lines) == 3, err
    assert f"<{FGR}JobGrop>" in lines[0] and "klasse" in lines[0]
    assert f"<{FGR}fgrid>" in lines[1] and f"<{FGR}scaleNumbr>" in lines[2]
    # the used ones, and IRIs outside triple patterns, are not named
    for iri in ("fgrId>", "typification>", "nietInEenPatroon", "ookNiet"):
        assert iri not in err


def test_own_query_with_rows_or_used_terms_warns_nothing(capsys, fgr_data):
    status, _, err = query(capsys, fgr_data, "PREFIX fgr: <https://w3id.org/functiegebouw/def#> "
                           "SELECT * WHERE { ?g a fgr:JobGroup ; fgr:fgrId 99999 }")
    assert status == 0 and err == ""


def test_the_scanner_finds_predicates_paths_and_classes():
    text = ("PREFIX s: <http://s/>\nSELECT ?a (COUNT(?b) AS ?n) WHERE { ?a s:p1 ?b ; a s:C1 , s:C2 ; "
            "s:p2/^s:p3 [ s:p4 ?x ] . GRAPH ?g { <http://s/o> <http://s/p5> \"v\" } "
            "BIND(s:f(?b) AS ?c) FILTER(?b = s:notme) } GROUP BY ?a")
    assert predicates_and_classes(text) == [
        ("predicate", "http://s/p1"),
        ("class", "http://s/C1"), ("class", "http://s/C2"), ("predicate", "http://s/p2"),
        ("predicate", "http://s/p3"), ("predicate", "http://s/p4"), ("predicate", "http://s/p5")]


def test_own_rq_file_with_a_required_parameter_warns_too(capsys, fgr_data, tmp_path):
    own = tmp_path / "eigen.rq"
    own.write_text("# param: id (integer, required) the functiegroep\n"
                   "PREFIX fgr: <https://w3id.org/functiegebouw/def#>\n"
                   "SELECT ?g WHERE { ?g fgr:fgrId ?id ; fgr:gelabeld ?x }\n", encoding="utf-8")
    status, out, err = query(capsys, fgr_data, str(own), "-p", "id=527")
    assert status == 0 and out.rstrip().endswith("(0 rijen)")
    assert err.splitlines() == [f"let op: de graaf gebruikt predicaat <{FGR}gelabeld> nergens"]


def test_a_named_query_says_which_data_it_needs_when_the_graph_lacks_it(capsys, fgr_data):
    """links-essentiele-vaardigheden needs ESCO's occupation-skill relations (a full ESCO download): the
    fixture graph has none, so the empty answer comes with one line saying what is missing and how to add it."""
    status, out, err = query(capsys, fgr_data, "links-essentiele-vaardigheden", "-p", "functiegroep=527")
    assert status == 0 and "(0 rijen)" in out
    assert err.splitlines() == [
        "let op: deze query heeft <http://data.europa.eu/esco/model#hasEssentialSkill> nodig en de graaf heeft "
        "dat niet; aan te vullen met: fgr vocab import-esco DIR, with DIR a full ESCO download "
        "(docs/how-to/link-vocabularies.md)"]


def test_needs_lines_are_read_with_the_querys_prefixes_and_checked_against_the_graph(tmp_path):
    import functiegebouw
    from functiegebouw.sparql.empty import missing_needs, needs

    text = ("# title: t\n# needs: ex:p run the importer\n# needs: <urn:c> load the classes\n# needs: zz:q nobody\n"
            "PREFIX ex: <urn:ex:>\nSELECT * WHERE { ?s ex:p ?o }\n")
    assert [(n.iri, n.hint) for n in needs(text)] == [("urn:ex:p", "run the importer"), ("urn:c", "load the classes")]
    data = tmp_path / "data"
    data.mkdir()
    (data / "g.ttl").write_text("<urn:s> <urn:ex:p> <urn:o> .\n", encoding="utf-8")
    with functiegebouw.open(data, store_dir=tmp_path / "store", ontology=False) as store:
        assert [n.iri for n in missing_needs(store, text)] == ["urn:c"]
