"""Python API of the converter: one source text -> triples -> file; and the whole data folder."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from functiegebouw.errors import FgrError, FgrWarning
from functiegebouw.rdf.files import write_atomic
from functiegebouw.rdf.graph import FORMATS, group_slug, profile_triples, serialize, to_graph
from functiegebouw.source.merge import group_profiles, merge_profiles, name_key
from functiegebouw.source.meta import key_line, meta_path, source_meta
from functiegebouw.source.model import Meta, Profile
from functiegebouw.source.parse import parse_file
from functiegebouw.source.text import clean
from functiegebouw.sparql.query import iri_term
from functiegebouw.rdf.turtle import Triples

EXTENSIONS = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt"}


@dataclass
class Conversion:
    source: Path
    profile: Profile
    triples: Triples

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, built on first use (it costs more than the conversion)."""
        return to_graph(self.triples)

    def serialize(self, fmt: str = "turtle") -> bytes:
        return serialize(self.triples, fmt)

    @property
    def warnings(self) -> list[FgrWarning]:
        """What a person should look at (stray characters, a guessed encoding, no name): never fatal."""
        return self.profile.warnings


def convert(source: str | Path, *, functiegroep_id: int | None = None, label: str | None = None,
            meta: Meta | None = None, max_bytes: int | None = None, max_lines: int | None = None,
            max_line_chars: int | None = None) -> Conversion:
    """Convert one FGR profile text. Metadata comes from ``meta``, else the ``.toml`` beside the source;
    ``functiegroep_id`` and ``label`` override either."""
    source = Path(source)
    meta_file = meta is None
    meta = replace(meta) if meta is not None else source_meta(source)
    if functiegroep_id is not None:
        meta.functiegroep_id = functiegroep_id
    if label is not None:
        meta.label = label
        label_origin = "--label"
    elif meta_file and meta.label is not None:
        path = meta_path(source)
        line = key_line(path, "label")
        label_origin = f"{path}:{line}" if line else str(path)
    else:
        label_origin = "the metadata"
    if meta.source_url:
        # checked here, not when writing: an IRI that cannot be written must not stop a build half-way
        try:
            iri_term(meta.source_url)
        except FgrError:
            raise FgrError(meta_path(source) if meta_file else source, None,
                           f"'source_url' must be an absolute IRI without spaces, got {meta.source_url!r}") from None
    profile = parse_file(source, meta, max_bytes=max_bytes, max_lines=max_lines, max_line_chars=max_line_chars)
    _name_from_title(profile, source, label_origin)
    if not profile.meta.label:
        toml = meta_path(source)
        why = f"{toml} gives no 'label'" if meta_file and toml.exists() else f"no metadata file ({toml.name})"
        profile.warnings.append(FgrWarning(source, None, f"the functiegroep has no name: {why} and no --label, so "
                                f"the graph will fail validation; write {toml} beside the source "
                                "(label = \"…\", see data/sources/README.md) or pass --label", "no-name"))
    return Conversion(source, profile, profile_triples(profile, fallback_name=source.stem))


def _name_from_title(profile: Profile, source: Path, origin: str) -> None:
    """The title line of a compare page names the functiegroep: it gives the name when no metadata
    does, and a different name in the metadata is an error naming both."""
    src = profile.sources[0]
    if not src.title:
        return
    title = clean(src.title)
    if profile.meta.label is None:
        profile.meta.label = title
    elif name_key(profile.meta.label) != name_key(title):
        raise FgrError(source, src.title_line, f"the title line names the functiegroep '{title}', but {origin} "
                       f"says '{profile.meta.label}': expected the same name")


def write_graph(graph: Graph | Triples, out: str | Path, fmt: str = "turtle") -> None:
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
    sources: list[Path] | None = None  # all texts of a functiegroep merged from several

    def line(self) -> str:
        p = self.profile
        ident = p.meta.functiegroep_id if p.meta.functiegroep_id is not None else "?"
        scales = sorted({t.scale for t in p.typifications} | {q.scale for q in p.quality_profiles})
        span = f"schaal {min(scales)}–{max(scales)}" if scales else "no schalen"
        if self.sources and len(self.sources) > 1:
            span = f"{len(self.sources)} texts ({', '.join(s.name for s in self.sources)}), {span}"
        res = sum(len(v) for v in p.results.values())
        ind = sum(len(v) for v in p.indicators.values())
        return (f"{ident} {p.meta.label or self.source.stem}: {span}, {res} resultaten, {ind} gedragsindicatoren, "
                f"{len(p.competencies)} competenties, {len(p.quality_profiles)} kwaliteitenprofielen, "
                f"{len(p.typifications)} functietyperingen -> {self.output} ({self.triples} triples)")


def build(data_dir: str | Path = "data", fmt: str = "turtle") -> list[Summary]:
    """Convert every ``data_dir/sources/*.txt`` to ``data_dir/<name>.ttl``.

    Texts of one functiegroep (the same ``functiegroep_id`` in their metadata, or the same name) become
    one functiegroep in ``data_dir/functiegroep-<id>.ttl`` (see source/merge.py); a text of its own keeps
    its name. Everything is converted and serialised before anything is written, so one bad source
    leaves all outputs untouched. One process: two worker processes measured no faster on the shared
    2-core machine (bench/analysis.md, Conversion). The warnings of every text are in
    ``summary.profile.warnings``.
    """
    data_dir = Path(data_dir)
    if FORMATS.get(fmt) is None:
        raise FgrError(None, None, f"unknown format '{fmt}': expected turtle, json-ld or nt")
    sources = sorted((data_dir / "sources").glob("*.txt"))
    if not sources:
        raise FgrError(data_dir / "sources", None, "no *.txt profile sources found")
    from functiegebouw.progress import track

    convs = [convert(src) for src in track(sources, "converting")]
    groups = group_profiles([c.profile for c in convs],
                            [meta_path(c.source) if meta_path(c.source).exists() else None for c in convs])
    done, outputs = [], {}
    for members in groups:
        group = [convs[i] for i in members]
        if len(group) == 1:
            profile, triples, name = group[0].profile, group[0].triples, group[0].source.stem
        else:
            profile = merge_profiles([c.profile for c in group])
            triples = profile_triples(profile, fallback_name=group[0].source.stem)
            name = f"functiegroep-{group_slug(profile, group[0].source.stem)}"
        out = data_dir / f"{name}{EXTENSIONS[FORMATS[fmt]]}"
        if out in outputs:
            raise FgrError(out, None, f"both {outputs[out]} and {', '.join(c.source.name for c in group)} would "
                           "be written here: rename one of the texts")
        outputs[out] = ", ".join(c.source.name for c in group)
        # bytes, not the triples: ~3 times smaller to hold until everything has converted
        done.append((group[0].source, out, profile, len(triples), serialize(triples, fmt), [c.source for c in group]))
    summaries = []
    for src, out, profile, count, data, texts in done:
        write_atomic(out, data)
        summaries.append(Summary(src, out, profile, count, texts))
    return summaries


from functiegebouw._callable import make_callable  # noqa: E402 - after the function it exports

make_callable(__name__, "convert")
