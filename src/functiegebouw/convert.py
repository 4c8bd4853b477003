"""Python API of the converter: one source text -> graph -> file; and the whole data folder."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph

from .errors import FgrError
from .files import write_atomic
from .graph import FORMATS, profile_to_graph, serialize
from .meta import source_meta
from .model import Meta, Profile
from .parse import parse_file

EXTENSIONS = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt"}


@dataclass
class Conversion:
    source: Path
    profile: Profile
    graph: Graph


def convert(source: str | Path, *, functiegroep_id: int | None = None, label: str | None = None,
            meta: Meta | None = None, max_bytes: int | None = None, max_lines: int | None = None,
            max_line_chars: int | None = None) -> Conversion:
    """Convert one FGR profile text. Metadata comes from ``meta``, else the ``.toml`` beside the source;
    ``functiegroep_id`` and ``label`` override either."""
    source = Path(source)
    meta = replace(meta) if meta is not None else source_meta(source)
    if functiegroep_id is not None:
        meta.functiegroep_id = functiegroep_id
    if label is not None:
        meta.label = label
    profile = parse_file(source, meta, max_bytes=max_bytes, max_lines=max_lines, max_line_chars=max_line_chars)
    return Conversion(source, profile, profile_to_graph(profile, fallback_name=source.stem))


def write_graph(graph: Graph, out: str | Path, fmt: str = "turtle") -> None:
    """Serialise deterministically and replace ``out`` atomically."""
    if FORMATS.get(fmt) is None:
        raise FgrError(out, None, f"unknown format '{fmt}': expected turtle, json-ld or nt")
    write_atomic(out, serialize(graph, fmt))


@dataclass
class Summary:
    source: Path
    output: Path
    profile: Profile
    triples: int

    def line(self) -> str:
        p = self.profile
        ident = p.meta.functiegroep_id if p.meta.functiegroep_id is not None else "?"
        scales = [t.scale for t in p.typifications]
        span = f"schaal {min(scales)}–{max(scales)}" if scales else "no schalen"
        res = sum(len(v) for v in p.results.values())
        ind = sum(len(v) for v in p.indicators.values())
        return (f"{ident} {p.meta.label or self.source.stem}: {span}, {res} resultaten, {ind} gedragsindicatoren, "
                f"{len(p.competencies)} competenties, {len(p.quality_profiles)} kwaliteitenprofielen, "
                f"{len(p.typifications)} functietyperingen -> {self.output} ({self.triples} triples)")


def build(data_dir: str | Path = "data", fmt: str = "turtle") -> list[Summary]:
    """Convert every ``data_dir/sources/*.txt`` to ``data_dir/<name>.ttl``.

    Everything is parsed before anything is written, so one bad source leaves all outputs untouched.
    """
    data_dir = Path(data_dir)
    sources = sorted((data_dir / "sources").glob("*.txt"))
    if not sources:
        raise FgrError(data_dir / "sources", None, "no *.txt profile sources found")
    done = [convert(src) for src in sources]
    summaries = []
    for conv in done:
        out = data_dir / f"{conv.source.stem}{EXTENSIONS[FORMATS[fmt]]}"
        write_graph(conv.graph, out, fmt)
        summaries.append(Summary(conv.source, out, conv.profile, len(conv.graph)))
    return summaries
