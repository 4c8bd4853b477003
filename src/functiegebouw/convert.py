"""Python API of the converter: one source text -> triples -> file; and the whole data folder."""
from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import overload

from rdflib import Graph

from functiegebouw.errors import FgrError, FgrWarning
from functiegebouw.rdf.files import Staging, write_atomic
from functiegebouw.rdf.graph import FORMATS, group_slug, profile_triples, serialize, to_graph
from functiegebouw.source.merge import group_profiles, merge_profiles, name_key
from functiegebouw.source.meta import meta_path, source_meta
from functiegebouw.source.model import Meta, Profile, Source
from functiegebouw.source.parse import parse_file
from functiegebouw.source.text import clean
from functiegebouw.sparql.query import iri_term
from functiegebouw.rdf.turtle import Triples, first_iri_problem, iri_problem

# what a worker of `fgr build` gives back per source: (source, profile, triple count, serialised bytes)
Converted = tuple[str, Profile, int, bytes]

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
        line = meta.lines.get("label")  # recorded when the TOML was read
        label_origin = f"{path}:{line}" if line else str(path)
    else:
        label_origin = "the metadata"
    where = (meta_path(source), meta.lines.get("source_url")) if meta_file else (source, None)
    if meta.source_url:
        # checked here, with the readers' own rules, not when writing: an IRI that the store or the
        # validator would refuse must not be written, nor stop a build half-way
        problem = iri_problem(meta.source_url)
        if problem is None and not meta.source_url.lower().startswith(("http://", "https://")):
            # the site links to it (schema:url): a javascript: or data: URL would run on click
            problem = "only an http:// or https:// URL is accepted"
        if problem is None:
            try:
                iri_term(meta.source_url)
            except FgrError as exc:
                problem = exc.message
        if problem:
            raise FgrError(*where, f"'source_url' is not an IRI the RDF readers accept ({problem}): "
                                   f"{meta.source_url[:100]!r}")
    profile = parse_file(source, meta, max_bytes=max_bytes, max_lines=max_lines, max_line_chars=max_line_chars)
    _name_from_title(profile, source, label_origin)
    if not profile.meta.label:
        toml = meta_path(source)
        why = f"{toml} gives no 'label'" if meta_file and toml.exists() else f"no metadata file ({toml.name})"
        profile.warnings.append(FgrWarning(source, None, f"the functiegroep has no name: {why} and no --label, so "
                                f"the graph will fail validation; write {toml} beside the source "
                                "(label = \"…\", see data/sources/README.md) or pass --label", "no-name"))
    triples = profile_triples(profile, fallback_name=source.stem)
    # Subjects and predicates are made of the id namespace, slugs and ontology terms (ASCII, valid
    # by construction; the fuzz properties check it); objects can come from the metadata.
    bad = first_iri_problem(triples.iris(subjects=False))
    if bad:
        value, problem = bad
        raise FgrError(source, None, f"would write the IRI {value[:100]!r}, which RDF readers refuse ({problem})")
    return Conversion(source, profile, triples)


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
class Outline:
    """What a build keeps of a converted text (the profile and its triples went to their file):
    enough to group the texts into functiegroepen and to print the summary line."""
    source: str
    meta: Meta
    sources: list[Source]
    warnings: list[FgrWarning]
    scales: list[int]  # of its functietyperingen and kwaliteitenprofielen
    results: int
    indicators: int
    competencies: int
    quality_profiles: int
    typifications: int

    @classmethod
    def of(cls, source: str | Path, profile: Profile) -> Outline:
        p = profile
        return cls(str(source), p.meta, p.sources, p.warnings,
                   sorted({t.scale for t in p.typifications if t.scale is not None}
                          | {q.scale for q in p.quality_profiles if q.scale is not None}),
                   sum(len(v) for v in p.results.values()), sum(len(v) for v in p.indicators.values()),
                   len(p.competencies), len(p.quality_profiles), len(p.typifications))


@dataclass
class Summary:
    """One output of a build (or of ``fgr convert``) and what went into it."""
    source: Path
    output: Path
    outline: Outline
    triples: int
    sources: list[Path] | None = None  # all texts of a functiegroep merged from several
    merged: Profile | None = None  # the profile of several texts, merged by the build

    @classmethod
    def of(cls, source: Path, output: Path, profile: Profile, triples: int) -> Summary:
        return cls(source, output, Outline.of(source, profile), triples, merged=profile)

    @property
    def warnings(self) -> list[FgrWarning]:
        return self.outline.warnings

    @cached_property
    def profile(self) -> Profile:
        """The profile, read again from its source on first use: a build does not hold thousands of them."""
        return self.merged if self.merged is not None else convert(self.source).profile

    def line(self, lang: str | None = None) -> str:
        """One line a person reads (Dutch unless ``lang``/FGR_LANG says en; the FGR's own words stay)."""
        from functiegebouw.i18n import language

        nl = language(lang) == "nl"
        o = self.outline
        ident = o.meta.functiegroep_id if o.meta.functiegroep_id is not None else "?"
        span = f"schaal {min(o.scales)}–{max(o.scales)}" if o.scales else ("geen schalen" if nl else "no schalen")
        if self.sources and len(self.sources) > 1:
            texts = "teksten" if nl else "texts"
            span = f"{len(self.sources)} {texts} ({', '.join(s.name for s in self.sources)}), {span}"
        return (f"{ident} {o.meta.label or self.source.stem}: {span}, {o.results} resultaten, {o.indicators} "
                f"gedragsindicatoren, {o.competencies} competenties, {o.quality_profiles} kwaliteitenprofielen, "
                f"{o.typifications} functietyperingen -> {self.output} ({self.triples} triples)")


def _convert_chunk(work: list[tuple[str, str]], fmt: str) -> list[tuple[Outline, int]]:
    """Worker of :func:`build`: convert each (source, temporary file) and write the serialised
    graph to that file itself; only the outline and the triple count go back to the parent (a
    profile and its ~100 kB of Turtle, pickled to the parent and held there, cost it more than the
    conversion and 1 GB at 6,100 profiles)."""
    # A conversion makes ~3,000 short-lived containers (sets, dicts, tuples of the triples) and no
    # cycles: at the default threshold (700) the collector ran several times a profile, traversing
    # them (3 % of a worker's instructions). Refcounting frees them; the collector runs less often.
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
    try:
        out = [_convert_one(src, temp, fmt) for src, temp in work]
    finally:
        gc.set_threshold(*threshold)
    return out


def _convert_one(src: str, temp: str, fmt: str) -> tuple[Outline, int]:
    """One source of :func:`_convert_chunk`."""
    conv = convert(src)
    data = memoryview(conv.serialize(fmt))
    try:
        # O_EXCL | O_NOFOLLOW: a name nobody else may have made (Staging chose it under the build lock)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            while data:  # plain os.write: no buffered file object a profile
                data = data[os.write(fd, data):]
            os.fchmod(fd, 0o644)  # whatever the umask, as write_atomic
        finally:
            os.close(fd)
    except OSError as exc:
        raise FgrError(temp, None, f"cannot write: {exc.strerror or exc} (no output was changed)") from None
    return Outline.of(src, conv.profile), len(conv.triples)


def build(data_dir: str | Path = "data", fmt: str = "turtle", jobs: int | None = None) -> list[Summary]:
    """Convert every ``data_dir/sources/*.txt`` to ``data_dir/<name>.ttl``.

    Texts of one functiegroep (the same ``functiegroep_id`` in their metadata, or the same name) become
    one functiegroep in ``data_dir/functiegroep-<id>.ttl`` (see source/merge.py); a text of its own keeps
    its name. The sources are converted by ``jobs`` processes (default: one per core), each writing
    its outputs to temporary files itself; each output depends on its sources alone, so the files
    are byte-identical whatever the number of workers. Nothing replaces an old output until every
    source has converted, so one bad source leaves all outputs untouched (the error of the first bad
    source in name order is raised); then all outputs replace the old ones together
    (:class:`~functiegebouw.rdf.files.Staging`): a kill, a full disk or Ctrl-C leaves either the old
    files or the new ones, never a mix. The warnings of every text are in ``summary.warnings``.
    """
    data_dir = Path(data_dir)
    if FORMATS.get(fmt) is None:
        raise FgrError(None, None, f"unknown format '{fmt}': expected turtle, json-ld or nt")
    # texts, and pages kept as HTML (fgr fetch writes the latest reading of a group as sources/fgr-*.html)
    sources = sorted([*(data_dir / "sources").glob("*.txt"), *(data_dir / "sources").glob("*.html")])
    if not sources:
        raise FgrError(data_dir / "sources", None, "no *.txt or *.html profile sources found")
    from functiegebouw.process import worker_count

    jobs = min(worker_count(jobs), max(1, len(sources) // 8))  # a worker costs a fork: not for a handful of files
    ext = EXTENSIONS[FORMATS[fmt]]
    names = [str(src) for src in sources]
    with Staging(data_dir, [src.stem + ext for src in sources]) as stage:
        work = [(name, str(stage.path(i))) for i, name in enumerate(names)]
        if jobs <= 1:
            from functiegebouw.progress import track

            done = [one for item in track(work, "converting") for one in _convert_chunk([item], fmt)]
        else:
            done = _in_parallel(work, fmt, jobs)
        outlines = [outline for outline, _count in done]
        groups = group_profiles(outlines, _MetaFiles(outlines))
        chosen: dict[str, int] = {}
        extra: dict[str, bytes] = {}
        made_from: dict[str, str] = {}
        summaries = []
        for members in groups:
            texts = [sources[i] for i in members]
            merged = None
            if len(members) == 1:
                outline, count = done[members[0]]
                out = texts[0].stem + ext
            else:
                # texts of one functiegroep: merged here (rare, and it needs all their profiles, read again)
                merged = merge_profiles([convert(t).profile for t in texts])
                triples = profile_triples(merged, fallback_name=texts[0].stem)
                count, outline = len(triples), Outline.of(texts[0], merged)
                out = f"functiegroep-{group_slug(merged, texts[0].stem)}{ext}"
            if out in made_from:
                raise FgrError(data_dir / out, None, f"both {made_from[out]} and {', '.join(t.name for t in texts)} "
                               "would be written here: rename one of the texts")
            made_from[out] = ", ".join(t.name for t in texts)
            if merged is None:
                chosen[out] = members[0]
            else:
                extra[out] = serialize(triples, fmt)
            summaries.append(Summary(texts[0], data_dir / out, outline, count, texts, merged))
        stage.commit(chosen, extra)  # all or none, never a mix of two builds
    return summaries


class _MetaFiles(Sequence[Path | None]):
    """The metadata file beside each outline's source, or None: looked up only when grouping
    names one in an error (a ``stat`` each, 6,100 of them at 100x, for a build that has none)."""

    def __init__(self, outlines: list[Outline]) -> None:
        self.outlines = outlines

    def __len__(self) -> int:
        return len(self.outlines)

    @overload
    def __getitem__(self, index: int) -> Path | None: ...
    @overload
    def __getitem__(self, index: slice) -> list[Path | None]: ...
    def __getitem__(self, index: int | slice) -> Path | None | list[Path | None]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        toml = meta_path(Path(self.outlines[index].source))
        return toml if toml.exists() else None


def _in_parallel(work: list[tuple[str, str]], fmt: str, jobs: int) -> list[tuple[Outline, int]]:
    """Chunks of the sources over ``jobs`` worker processes; results in source order. The first
    error in source order wins, as in a serial run."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # several chunks per worker, so that a slow one does not hold up the rest, and small ones (at
    # most 24 texts, ~0.15 s): the last chunk keeps one worker busy while the other has none left
    size = max(1, min(24, len(work) // (jobs * 4)))
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    from functiegebouw.process import worker_init

    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=worker_init) as pool:
        futures = [pool.submit(_convert_chunk, chunk, fmt) for chunk in chunks]
        try:
            results = []
            for future in futures:
                results.extend(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results


from functiegebouw._callable import make_callable  # noqa: E402 - after the function it exports

make_callable(__name__, "convert")
