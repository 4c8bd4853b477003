"""What fetch keeps on disk: a cache of pages for conditional requests, a journal that lets an
interrupted run resume, and dated readings with their provenance.

``DATA/fetch-cache/``: ``index.json`` (per address: ETag, Last-Modified, SHA-256, when) and the pages
by SHA-256. ``DATA/fetch-cache/run.json``: the addresses the current run has done, removed when it
ends; a run that finds it (after Ctrl-C, a kill, a crash) does not ask for those again.
``DATA/readings/<id>/<YYYY-MM-DD>/``: one reading of a functiegroep, its pages as served and
``provenance.json`` (per page: URL, retrieved date and time, Last-Modified, ETag, SHA-256).
Every file is replaced atomically (rdf.files.write_atomic): a kill leaves the old file or the new one.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import write_atomic

# an entry of the cache index (index.json): "sha256" of the body, and the validators it came with
# ("etag", "last_modified", "charset", "retrieved")
Entry = dict[str, str]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


@dataclass
class Page:
    """One page of a reading and where it came from."""
    name: str  # file stem in the reading: "kernprofiel", "functietyperingen-5-6"
    url: str
    retrieved: str  # ISO date and time, UTC
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None  # from the HTTP Content-Type


def _dump(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _load(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise FgrError(path, None, f"cannot read the {what}: {exc}; delete it to start afresh") from None


class Cache:
    """Pages by address, with the validators of their last answer."""

    def __init__(self, data_dir: str | Path) -> None:
        self.folder = Path(data_dir) / "fetch-cache"
        self.index: dict[str, Entry] = _load(self.folder / "index.json", "fetch cache index") or {}
        journal = _load(self.folder / "run.json", "fetch journal")
        self.resumed = journal is not None
        self.done: set[str] = set(journal.get("done", [])) if journal else set()

    def entry(self, url: str) -> Entry | None:
        entry = self.index.get(url)
        if entry and (self.folder / f"{entry['sha256']}.html").exists():
            return entry
        return None

    def body(self, entry: Entry) -> bytes:
        return (self.folder / f"{entry['sha256']}.html").read_bytes()

    def store(self, url: str, body: bytes, **validators: str | None) -> Entry:
        sha = hashlib.sha256(body).hexdigest()
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{sha}.html"
        if not target.exists():
            write_atomic(target, body)
        self.index[url] = {"sha256": sha, **{k: v for k, v in validators.items() if v is not None}}
        write_atomic(self.folder / "index.json", _dump(self.index))
        return self.index[url]

    def mark_done(self, url: str) -> None:
        """Record in the journal that this run has this page (so a resumed run does not ask again)."""
        self.done.add(url)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / "run.json", _dump({"done": sorted(self.done)}))

    def finish(self) -> None:
        """The run ended (with or without failures): the next one starts afresh."""
        try:
            (self.folder / "run.json").unlink()
        except FileNotFoundError:
            pass
        self.done = set()


def reading_folder(data_dir: str | Path, group_id: int, date: str) -> Path:
    if not _DATE.match(date):
        raise FgrError(None, None, f"reading date {date[:40]!r}: expected YYYY-MM-DD")
    return Path(data_dir) / "readings" / str(int(group_id)) / date


def write_reading(data_dir: str | Path, group_id: int, date: str, pages: list[tuple[Page, bytes]],
                  label: str | None = None) -> Path:
    """The reading of ``group_id`` on ``date``: its pages and provenance.json, replacing a reading of
    the same day as a whole (written beside it, then moved into place)."""
    folder = reading_folder(data_dir, group_id, date)
    for page, _body in pages:
        if not _NAME.match(page.name):  # names come from addresses: never a path of their own
            raise FgrError(None, None, f"page name {page.name[:60]!r}: expected letters, digits and hyphens")
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = folder.parent / f".{date}.new"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    for page, body in pages:
        write_atomic(temp / f"{page.name}.html", body)
    write_atomic(temp / "provenance.json", _dump({"functiegroep_id": group_id, "label": label, "date": date,
                                                  "pages": [asdict(p) for p, _ in pages]}))
    old = folder.parent / f".{date}.old"
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(temp, folder)
    shutil.rmtree(old, ignore_errors=True)
    return folder


def reading_dates(data_dir: str | Path, group_id: int) -> list[str]:
    """The dates of the readings of a functiegroep, oldest first."""
    folder = Path(data_dir) / "readings" / str(int(group_id))
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and _DATE.match(p.name)
                  and (p / "provenance.json").exists())


def reading_label(data_dir: str | Path, group_id: int, date: str) -> str | None:
    """The functiegroep's name as the reading recorded it (the catalogue's, or the page's heading)."""
    data = _load(reading_folder(data_dir, group_id, date) / "provenance.json", "reading's provenance") or {}
    label = data.get("label") if isinstance(data, dict) else None
    return label if isinstance(label, str) else None


def read_reading(data_dir: str | Path, group_id: int, date: str) -> list[tuple[Page, Path]]:
    """The pages of one reading and their files."""
    folder = reading_folder(data_dir, group_id, date)
    data = _load(folder / "provenance.json", "reading's provenance")
    if data is None:
        raise FgrError(folder, None, f"no reading of functiegroep {group_id} on {date}")
    out = []
    try:
        for item in data["pages"]:
            page = Page(**item)
            if not _NAME.match(page.name):
                raise FgrError(folder / "provenance.json", None, f"page name {page.name[:60]!r} is not a file name")
            out.append((page, folder / f"{page.name}.html"))
    except (KeyError, TypeError) as exc:
        raise FgrError(folder / "provenance.json", None, f"not a reading's provenance: {exc}") from None
    return out
