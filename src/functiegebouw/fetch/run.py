"""One run of ``fgr fetch``: per functiegroep, its pages from the site (politely, see http.py), each
checked to be an FGR page the converter reads, kept as a dated reading, and copied into the sources
that ``fgr build`` converts (the graph holds the latest reading)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.fetch.http import USER_AGENT, Client, FetchError
from functiegebouw.fetch.readings import Cache, Entry, Page, read_reading, reading_dates, write_reading
from functiegebouw.fetch.site import Group, Robots, canonical, group_id_in, links, own_page, page_name
from functiegebouw.rdf.files import write_atomic
from functiegebouw.source.html import html_text
from functiegebouw.source.parse import parse_lines

FETCHED, UNCHANGED, RESUMED, FAILED, SKIPPED = "fetched", "unchanged", "resumed", "failed", "skipped"


@dataclass
class PageResult:
    url: str
    status: str  # fetched (200), unchanged (304), resumed (this run had it before an interruption), failed
    why: str = ""


@dataclass
class GroupResult:
    target: str
    group_id: int | None = None
    label: str | None = None
    pages: list[PageResult] = field(default_factory=list)
    reading: Path | None = None
    failed: str | None = None  # why the group has no new reading
    not_followed: int = 0  # links on the group page to other hosts or other groups


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Fetcher:
    """Fetch functiegroepen into ``data_dir`` with ``client``. ``now`` gives the reading's time (UTC);
    ``on_page`` is called after every page (progress)."""

    def __init__(self, data_dir: str | Path, client: Client, *, now: Callable[[], dt.datetime] = _now,
                 on_page: Callable[[PageResult], object] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.client, self.now, self.on_page = client, now, on_page
        self.cache = Cache(self.data_dir)
        self.robots: Robots | None = None

    def _robots(self) -> Robots:
        if self.robots is None:
            response = self.client.get(self.client.base + "/robots.txt")
            if response.status == 200:
                self.robots = Robots(response.body.decode("utf-8", "replace"))
            elif 400 <= response.status < 500:
                self.robots = Robots(None)  # no robots.txt: everything allowed (RFC 9309, 2.3.1.3)
            else:
                raise FetchError(self.client.base + "/robots.txt", f"HTTP {response.status}: robots.txt unreadable, "
                                 "so nothing is fetched (RFC 9309: a server error disallows all)")
        return self.robots

    def page(self, url: str) -> tuple[PageResult, bytes | None, Entry | None]:
        """One page: from this run's journal, or by a (conditional) request; never fails by exception."""
        if not self._robots().allowed(url, USER_AGENT):
            return PageResult(url, SKIPPED, "robots.txt disallows it"), None, None
        entry = self.cache.entry(url)
        if entry is not None and url in self.cache.done:
            return PageResult(url, RESUMED), self.cache.body(entry), entry
        try:
            response = self.client.get(url, etag=(entry or {}).get("etag"),
                                       last_modified=(entry or {}).get("last_modified"))
        except FetchError as exc:
            return PageResult(url, FAILED, exc.message), None, None
        if response.status == 304 and entry is not None:
            result, body = PageResult(url, UNCHANGED), self.cache.body(entry)
        elif response.status == 200:
            kind = response.headers.get("content-type", "text/html").split(";")[0].strip().lower()
            if kind not in ("text/html", "application/xhtml+xml"):
                return PageResult(url, FAILED, f"served as {kind[:60]!r}, expected text/html"), None, None
            body = response.body
            entry = self.cache.store(url, body, etag=response.etag, last_modified=response.last_modified,
                                     charset=response.charset, retrieved=self.now().isoformat(timespec="seconds"))
            result = PageResult(url, FETCHED)
        else:
            return PageResult(url, FAILED, f"HTTP {response.status}"), None, None
        self.cache.mark_done(url)
        return result, body, entry

    def group(self, target: str, group: Group, start: str) -> GroupResult:
        out = GroupResult(target, group.fgr_id, group.name)
        try:
            self._group(out, group, start)
        except FetchError as exc:
            out.failed = f"{exc.url}: {exc.message}"
        except FgrError as exc:
            out.failed = str(exc)
        return out

    def _group(self, out: GroupResult, group: Group, start: str) -> None:
        import html5rdf

        base = self.client.base
        if out.group_id is None:  # a family page: it links to the group's kernprofiel page
            result, body, _entry = self.page(start)
            self._report(out, result)
            if body is None:
                raise FetchError(start, result.why)
            root = html5rdf.parse(body, namespaceHTMLElements=False)
            ids = sorted({i for i in (group_id_in(u, base) for u in links(root, start)) if i is not None})
            if len(ids) != 1:
                raise FetchError(start, f"not recognised as a family page: expected one link to a page "
                                        f"/functiegebouw-html/functiegroep/<id>, found {len(ids)}")
            out.group_id = ids[0]
            start = f"{base}/functiegebouw-html/functiegroep/{out.group_id}"
        queue, seen = [canonical(start)], set()
        pages: list[tuple[Page, bytes]] = []
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            result, body, entry = self.page(url)
            self._report(out, result)
            if body is None or entry is None:  # no entry without a body: a page skipped or failed
                raise FetchError(url, result.why)
            page = html_text(body, url, transport_encoding=(entry or {}).get("charset"))
            try:
                parse_lines(page.lines, path=url)
            except FgrError as exc:
                raise FetchError(url, f"not recognised as an FGR page: {exc.message}"
                                      + (f" (line {exc.line} of the page's text)" if exc.line else "")) from None
            if not pages:  # the kernprofiel page: its links lead to the group's other pages
                out.label = out.label or page.title
                for link in links(html5rdf.parse(body, namespaceHTMLElements=False), url):
                    if own_page(link, base, out.group_id):
                        queue.append(canonical(link))
                    else:
                        out.not_followed += 1
            pages.append((Page(page_name(url), url, entry.get("retrieved", ""), entry["sha256"], entry.get("etag"),
                               entry.get("last_modified"), entry.get("charset")), body))
        names = [p.name for p, _ in pages]
        if len(set(names)) != len(names):
            raise FgrError(None, None, f"functiegroep {out.group_id}: two pages would have the same name "
                                       f"({', '.join(sorted(n for n in names if names.count(n) > 1))})")
        out.reading = write_reading(self.data_dir, out.group_id, self.now().date().isoformat(), pages, out.label)

    def _report(self, out: GroupResult, result: PageResult) -> None:
        out.pages.append(result)
        if self.on_page is not None:
            self.on_page(result)

    def finish(self) -> None:
        self.cache.finish()


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def update_sources(data_dir: str | Path, group_id: int, label: str | None, date: str | None = None) -> list[Path]:
    """Make the sources of ``group_id`` its reading of ``date`` (default: the latest): its pages as
    ``sources/fgr-<id>-<page>.html`` with their metadata, the group's older pages removed."""
    data_dir = Path(data_dir)
    dates = reading_dates(data_dir, group_id)
    if not dates:
        raise FgrError(data_dir / "readings", None, f"no reading of functiegroep {group_id}")
    date = date or dates[-1]
    from functiegebouw.terminal import control_character

    if label and control_character(label):  # a name from a page: never a metadata file build refuses
        label = None
    sources = data_dir / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    written = []
    for page, path in read_reading(data_dir, group_id, date):
        target = sources / f"fgr-{group_id}-{page.name}.html"
        write_atomic(target, path.read_bytes())
        meta = [f"# fgr fetch: reading {date} of {page.url} (readings/{group_id}/{date}/provenance.json)",
                f"functiegroep_id = {group_id}"]
        if label:
            meta.append(f"label = {_toml_string(label)}")
        meta += [f"source_url = {_toml_string(page.url)}", f"retrieved = {(page.retrieved or date)[:10]}"]
        write_atomic(target.with_suffix(".toml"), "\n".join(meta) + "\n")
        written.append(target)
    keep = {p.name for p in written} | {p.with_suffix(".toml").name for p in written}
    for old in sources.glob(f"fgr-{group_id}-*"):
        if old.name not in keep and old.suffix in (".html", ".toml"):
            old.unlink()
    return written
