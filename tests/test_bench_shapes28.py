"""bench/shapes28.py: every shape with a target is measured, beside the engine's floor, for this
checkout's shapes and a baseline's in the same rounds; a shape only one side has is shown as such."""
import shutil

from support import FIXTURES, ROOT, bench_module


def test_every_targeted_shape_is_measured_for_both_sides(tmp_path):
    shapes28 = bench_module("shapes28")
    data = tmp_path / "data"
    data.mkdir()
    for name in ("JobGroupInCatalogueShape.fail.ttl", "TypificationCharacteristicShape.fail.ttl"):
        shutil.copy(FIXTURES / "shapes" / name, data / name)
    baseline = tmp_path / "before"
    baseline.mkdir()
    for path in (ROOT / "ontology").glob("shapes*.ttl"):
        shutil.copy(path, baseline / path.name)
    links = baseline / "shapes-links.ttl"
    links.unlink()  # the baseline lacks the link shapes
    names = shapes28.targeted(shapes28.shapes_graph(None))
    assert "https://w3id.org/functiegebouw/shapes#JobGroupInCatalogueShape" in names
    assert "https://w3id.org/functiegebouw/shapes-links#MappingInSetShape" in names
    assert shapes28.FLOOR not in names
    out = shapes28.measure(data, sample=2, rounds=1, baseline=baseline)
    assert set(out["now"]) == {*names, "(floor)", "(all shapes)"}
    assert "https://w3id.org/functiegebouw/shapes-links#MappingInSetShape" not in out["before"]
    assert out["now"]["(floor)"] > 0
    table = shapes28.table(out).splitlines()
    assert table[0] == "| shape (CPU ms per profile) | before | now |"
    row = next(line for line in table if line.startswith("| MappingInSetShape |"))
    assert row.split(" | ")[1] == "—"
