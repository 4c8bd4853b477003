"""merge.merge_profiles: the texts of one functiegroep (a kernprofiel page and compare pages) as one
profile, whatever order the files sort in: the functiegroep's own address, schalen in order, every
line's own file, and how a schaal was assigned (issue 27's surviving mutants)."""
from __future__ import annotations

import copy
import shutil

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.rdf.graph import profile_to_graph
from functiegebouw.rdf.namespaces import FGR
from functiegebouw.source.merge import merge_profiles
from functiegebouw.source.meta import source_meta
from functiegebouw.source.model import Meta
from functiegebouw.source.parse import parse_file
from support import FIXTURES

PAGES = FIXTURES / "pages"
KERN_URL = "https://www.functiegebouwrijksoverheid.nl/functiegebouw-html/functiegroep/900"


def page(name: str, folder=PAGES):
    path = folder / f"{name}.txt"
    return parse_file(path, source_meta(path))


def pages(*names: str):
    return [page(n) for n in names]


def test_the_functiegroep_address_is_the_kernprofiel_page_even_when_a_compare_page_sorts_first():
    merged = merge_profiles(pages("vergelijk-functietyperingen-6-7", "vergelijk-kwaliteitenprofielen-5-6",
                                  "kernprofiel"))
    assert merged.meta.source_url == KERN_URL
    assert merge_profiles(pages("kernprofiel", "vergelijk-functietyperingen-6-7")).meta.source_url == KERN_URL
    # compare pages only: no address of the functiegroep's own page (a compare page's is not it)
    assert merge_profiles(pages("vergelijk-functietyperingen-6-7", "vergelijk-functietyperingen-5-6")
                          ).meta.source_url is None


def test_typeringen_and_kwaliteitenprofielen_come_in_schaal_order_whatever_the_file_order():
    for order in (("vergelijk-functietyperingen-6-7", "vergelijk-functietyperingen-5-6", "kernprofiel"),
                  ("kernprofiel", "vergelijk-functietyperingen-5-6", "vergelijk-functietyperingen-6-7")):
        merged = merge_profiles(pages(*order, "vergelijk-kwaliteitenprofielen-5-6"))
        assert [t.scale for t in merged.typifications] == [5, 6, 7]
        assert [q.scale for q in merged.quality_profiles] == [5, 6]
    merged = merge_profiles(pages("vergelijk-functietyperingen-6-7", "vergelijk-functietyperingen-5-6"))
    graph = profile_to_graph(merged)
    assert sorted(int(n) for node in graph.objects(None, FGR.typification)
                  for n in graph.objects(node, FGR.scale / FGR.scaleNumber)) == [5, 6, 7]


def test_every_line_keeps_its_own_file_and_a_copy_names_the_other():
    texts = pages("vergelijk-functietyperingen-6-7", "kernprofiel", "vergelijk-functietyperingen-5-6")
    merged = merge_profiles(texts)
    files = [s.name for s in merged.sources]
    assert files == ["vergelijk-functietyperingen-6-7.txt", "kernprofiel.txt", "vergelijk-functietyperingen-5-6.txt"]
    by_scale = {t.scale: t for t in merged.typifications}
    assert files[by_scale[7].source] == "vergelijk-functietyperingen-6-7.txt"
    assert files[by_scale[5].source] == "vergelijk-functietyperingen-5-6.txt"
    for item in (i for items in by_scale[5].blocks.values() for i in items):
        assert files[item.source] == "vergelijk-functietyperingen-5-6.txt"
    for item in (i for items in by_scale[7].blocks.values() for i in items):
        assert files[item.source] == "vergelijk-functietyperingen-6-7.txt"
    # schaal 6 is on both compare pages, word for word: one typering from the first, the second as a copy
    six = by_scale[6]
    assert files[six.source] == "vergelijk-functietyperingen-6-7.txt" and six.line == 5
    assert [(files[s], line) for s, line in six.also] == [("vergelijk-functietyperingen-5-6.txt", 38)]
    kern = [i for items in merged.results.values() for i in items] + merged.competencies
    assert kern and all(files[i.source] == "kernprofiel.txt" for i in kern)
    assert merged.meta.functiegroep_id == 900 and merged.meta.label == "Medewerker Proefwerk"


def test_a_kernprofiel_given_twice_is_one_with_both_places():
    merged = merge_profiles(pages("vergelijk-functietyperingen-5-6", "kernprofiel", "kernprofiel"))
    assert [s.name for s in merged.sources][1:] == ["kernprofiel.txt", "kernprofiel.txt"]
    assert merged.kernprofiel_also == [(2, 5)]  # the second text (source 2), its first kernprofiel line
    kern = [i for items in merged.results.values() for i in items]
    assert all(i.source == 1 for i in kern)


@pytest.mark.parametrize("name, old, new, where", [
    ("vergelijk-functietyperingen-5-6", "afstemmen met collega's over schaal 6", "afstemmen met iedereen", "typering"),
    ("kernprofiel", "De administratie is op orde", "De administratie is bijgewerkt", "kernprofiel"),
])
def test_two_different_copies_are_an_error_naming_both_places(tmp_path, name, old, new, where):
    shutil.copy(PAGES / f"{name}.toml", tmp_path / f"{name}.toml")
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / f"{name}.txt").write_text(text.replace(old, new), encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if old in s)
    other = "vergelijk-functietyperingen-6-7" if where == "typering" else "kernprofiel"
    with pytest.raises(FgrError) as err:
        merge_profiles([page(other), page(name, tmp_path)])
    assert err.value.path == str(tmp_path / f"{name}.txt") and err.value.line == line
    first = PAGES / f"{other}.txt"
    first_line = next(n for n, s in enumerate(first.read_text(encoding="utf-8").splitlines(), 1) if old in s)
    assert f"at {first}:{first_line}" in err.value.message and "given twice, differently" in err.value.message


def test_texts_of_one_functiegroep_must_agree_on_its_name_but_not_its_spelling():
    a, b = pages("kernprofiel", "vergelijk-functietyperingen-5-6")
    b.meta = Meta(functiegroep_id=900, label="medewerker  PROEFWERK")
    assert merge_profiles([a, b]).meta.label == "Medewerker Proefwerk"  # the first text's spelling
    a, b = pages("kernprofiel", "vergelijk-functietyperingen-5-6")
    b.meta = Meta(functiegroep_id=900, label="Medewerker Anders")
    with pytest.raises(FgrError, match="the name is 'Medewerker Anders' here but 'Medewerker Proefwerk' in"):
        merge_profiles([a, b])
    a, b = pages("kernprofiel", "vergelijk-functietyperingen-5-6")
    b.meta = Meta(functiegroep_id=901)
    with pytest.raises(FgrError, match="functiegroep_id is 901 here but 900"):
        merge_profiles([a, b])
    a, b = pages("vergelijk-functietyperingen-5-6", "kernprofiel")
    a.meta = Meta()  # only the second names the functiefamilie: it is kept
    assert merge_profiles([a, b]).meta.functiefamilie == "Uitvoering"


def _assignment(profile, scale):
    graph = profile_to_graph(profile)
    return {str(a).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            for node in graph.objects(None, FGR.qualityProfile)
            if int(graph.value(node, FGR.scale / FGR.scaleNumber)) == scale
            for a in graph.objects(node, FGR.scaleAssignment)}


def _stated_copy(profile, *, heading: bool, header: bool = False):
    """The same kwaliteitenprofielen on a page of its own whose headings state (or do not state) the schaal."""
    other = copy.deepcopy(profile)
    for qp in other.quality_profiles:
        qp.scale_by_heading, qp.scale_by_header = heading, header
    return other


def test_a_stated_heading_beats_the_compare_pages_header():
    compare = page("vergelijk-kwaliteitenprofielen-5-6")
    assert _assignment(merge_profiles([compare]), 5) == {"assignedByPageHeader"}
    merged = merge_profiles([compare, _stated_copy(compare, heading=True)])
    assert [(q.scale_by_heading, q.scale_by_header) for q in merged.quality_profiles] == [(True, False)] * 2
    assert _assignment(merged, 5) == {"assignedByHeading"}
    # the other way round: the heading kept, the header does not override it
    merged = merge_profiles([_stated_copy(compare, heading=True), page("vergelijk-kwaliteitenprofielen-5-6")])
    assert _assignment(merged, 6) == {"assignedByHeading"}
    # a part placed by position only learns its schaal from a compare page's header
    merged = merge_profiles([_stated_copy(compare, heading=False), page("vergelijk-kwaliteitenprofielen-5-6")])
    assert _assignment(merged, 5) == {"assignedByPageHeader"}
    merged = merge_profiles([_stated_copy(compare, heading=False), _stated_copy(compare, heading=False)])
    assert _assignment(merged, 5) == {"assignedByPosition"}


@pytest.mark.parametrize("longer_first", [True, False])
def test_a_copy_that_stops_early_is_an_error_at_the_first_extra_line(tmp_path, longer_first):
    """One copy of schaal 6 has a bullet more at its end: the error names that bullet's line in the
    longer copy, and the shorter copy's typering (no line of its own differs)."""
    name = "vergelijk-functietyperingen-5-6"
    shutil.copy(PAGES / f"{name}.toml", tmp_path / f"{name}.toml")
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    last = "afstemmen met collega's over schaal 6"
    (tmp_path / f"{name}.txt").write_text(text.replace(last, last + "\n • een extra contact"), encoding="utf-8")
    extra = next(n for n, s in enumerate((tmp_path / f"{name}.txt").read_text(encoding="utf-8").splitlines(), 1)
                 if "een extra contact" in s)
    short, long_ = page("vergelijk-functietyperingen-6-7"), page(name, tmp_path)
    with pytest.raises(FgrError) as err:
        merge_profiles([long_, short] if longer_first else [short, long_])
    if longer_first:  # reported at the shorter copy's typering, pointing at the extra line
        assert err.value.line == 5 and f"{tmp_path / name}.txt:{extra}" in err.value.message
    else:
        assert err.value.line == extra and f"{PAGES / 'vergelijk-functietyperingen-6-7.txt'}:5" in err.value.message


def test_a_no_name_warning_goes_when_another_text_names_the_functiegroep():
    from functiegebouw.errors import FgrWarning

    named, unnamed = pages("kernprofiel", "vergelijk-functietyperingen-6-7")
    unnamed.meta = Meta(functiegroep_id=900)
    unnamed.warnings = [FgrWarning("x.txt", None, "the functiegroep has no name", "no-name"),
                        FgrWarning("x.txt", 3, "a line to look at", "text")]
    merged = merge_profiles([unnamed, named])
    assert [w.message for w in merged.warnings] == ["a line to look at"]
    named.meta = Meta(functiegroep_id=900)  # no text names it: the warning stays
    merged = merge_profiles([unnamed, named])
    assert [w.kind for w in merged.warnings] == ["no-name", "text"]
