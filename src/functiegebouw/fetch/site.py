"""What fetch knows of the FGR site: its addresses, the catalogue of functiegroepen, which links on a
page lead to the same group's own pages, and robots.txt.

Addresses (../shared/reference/fgr-facts.md, "Page forms"): the kernprofiel page
``/functiegebouw-html/functiegroep/<id>``, the compare pages ``/functiegebouw-html/functietyperingvergelijken/<id>``
and ``/functiegebouw-html/kwaliteitenprofielvergelijken/<id>`` (which schalen they compare is in the
query), the family pages ``/functiegebouw/functiefamilies/<familie>/<groep>``. Which links a real page
carries could not be seen from here (the site was not reachable): fetch follows every link of the
group's kernprofiel page that has one of these forms with the group's own id, and nothing else.
"""
from __future__ import annotations

import csv
import difflib
import re
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit
from xml.etree.ElementTree import Element

from functiegebouw.errors import FgrError
from functiegebouw.fetch.http import same_site
from functiegebouw.source.text import slug

SITE = "https://www.functiegebouwrijksoverheid.nl"
GROUP_PAGE = "/functiegebouw-html/functiegroep/{id}"
_OWN = re.compile(r"^/functiegebouw-html/(functiegroep|functietyperingvergelijken|kwaliteitenprofielvergelijken)/"
                  r"(\d{1,9})/?$")
_PAGE_NAMES = {"functiegroep": "kernprofiel", "functietyperingvergelijken": "functietyperingen",
               "kwaliteitenprofielvergelijken": "kwaliteitenprofielen"}
CATALOGUE = Path("reference") / "fgr-catalogue.tsv"
_COLUMNS = ["familie_key", "familie", "functiegroep", "schaal_min", "schaal_max", "fgr_id", "site_uuid",
            "family_page_url"]


@dataclass(frozen=True)
class Group:
    """A functiegroep of the catalogue (or named on the command line by its id)."""
    name: str | None
    fgr_id: int | None
    family_page_url: str | None = None
    familie: str | None = None


def load_catalogue(path: str | Path) -> list[Group]:
    """The catalogue TSV (columns: familie_key familie functiegroep schaal_min schaal_max fgr_id site_uuid
    family_page_url); a bad row is an error naming its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FgrError(path, None, f"cannot read the catalogue: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FgrError(path, None, "the catalogue is not UTF-8 text") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    if not rows or rows[0] != _COLUMNS:
        raise FgrError(path, 1, f"expected the header {' '.join(_COLUMNS)}")
    out = []
    for number, row in enumerate(rows[1:], 2):
        if not any(row):
            continue
        if len(row) != len(_COLUMNS):
            raise FgrError(path, number, f"{len(row)} columns, expected {len(_COLUMNS)}")
        values = dict(zip(_COLUMNS, row, strict=True))
        ident = values["fgr_id"].strip()
        if ident and not ident.isdigit():
            raise FgrError(path, number, f"fgr_id {ident!r}: expected a number or nothing")
        url = values["family_page_url"].strip() or None
        if url and urlsplit(url).scheme != "https":
            raise FgrError(path, number, f"family_page_url {url[:80]!r}: expected an https address")
        out.append(Group(values["functiegroep"].strip(), int(ident) if ident else None, url,
                         values["familie"].strip() or None))
    return out


def find_catalogue(data_dir: str | Path) -> Path | None:
    path = Path(data_dir) / CATALOGUE
    return path if path.exists() else None


def on_base(url: str, base: str) -> str:
    """``url`` moved onto the base site (an address of the FGR site, fetched from a mirror or a test server)."""
    parts = urlsplit(url)
    return base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def resolve(target: str, catalogue: list[Group], base: str) -> tuple[Group, str]:
    """A command-line target (an id, a name from the catalogue, a family or group page URL) -> the group
    and the first address to fetch."""
    target = target.strip()
    if target.isdigit():
        ident = int(target)
        known = next((g for g in catalogue if g.fgr_id == ident), None)
        return known or Group(None, ident), base + GROUP_PAGE.format(id=ident)
    if "://" in target:
        parts = urlsplit(target)
        if parts.scheme != "https" and not same_site(target, base):
            raise FgrError(None, None, f"{target[:100]!r}: expected an https address of the FGR site")
        if not (same_site(target, base) or parts.hostname == urlsplit(SITE).hostname):
            raise FgrError(None, None, f"{target[:100]!r} is not on the FGR site ({SITE}) nor on --base-url")
        m = _OWN.match(parts.path)
        if m and m.group(1) == "functiegroep":
            return resolve(m.group(2), catalogue, base)
        known = next((g for g in catalogue if g.family_page_url and urlsplit(g.family_page_url).path == parts.path),
                     None)
        return known or Group(None, None, target), on_base(target, base)
    wanted = " ".join(target.casefold().split())
    for group in catalogue:
        if group.name and " ".join(group.name.casefold().split()) == wanted:
            return start(group, base)
    close = difflib.get_close_matches(target, [g.name for g in catalogue if g.name], n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise FgrError(None, None, f"no functiegroep {target[:80]!r} in the catalogue{hint}: give a name from it, "
                               "a numeric id or a page address")


def start(group: Group, base: str) -> tuple[Group, str]:
    if group.fgr_id is not None:
        return group, base + GROUP_PAGE.format(id=group.fgr_id)
    if group.family_page_url:
        return group, on_base(group.family_page_url, base)
    raise FgrError(None, None, f"{group.name}: the catalogue gives neither an id nor a family page")


def links(root: Element, page_url: str) -> list[str]:
    """Every <a href> of a parsed page, absolute, in page order, once each."""
    out: list[str] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "mailto:", "javascript:", "tel:")):
            url = urljoin(page_url, href).split("#", 1)[0]
            if url not in out:
                out.append(url)
    return out


def own_page(url: str, base: str, group_id: int) -> bool:
    """A page of the group itself (kernprofiel or compare page, by the group's id) on the base site."""
    if not same_site(url, base):
        return False
    m = _OWN.match(urlsplit(url).path)
    return m is not None and int(m.group(2)) == group_id


def group_id_in(url: str, base: str) -> int | None:
    """The id of a functiegroep page address on the base site (a family page's link to its group)."""
    if not same_site(url, base):
        return None
    m = _OWN.match(urlsplit(url).path)
    return int(m.group(2)) if m and m.group(1) == "functiegroep" else None


def canonical(url: str) -> str:
    """The same address however its query is written: parameters sorted, fragment dropped."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")


def page_name(url: str) -> str:
    """A file name for a page of a group, from its address alone ("functietyperingen-5-6"): letters,
    digits and hyphens only, whatever the query holds."""
    parts = urlsplit(url)
    m = _OWN.match(parts.path)
    name = _PAGE_NAMES[m.group(1)] if m else "pagina"
    values = [v for _k, v in sorted(parse_qsl(parts.query))]
    extra = slug("-".join(values), 40) if values else ""
    return name + (f"-{extra}" if extra else "")


class Robots:
    """robots.txt of the site, read once; everything allowed when the site has none (404)."""

    def __init__(self, text: str | None) -> None:
        self.parser = urllib.robotparser.RobotFileParser()
        self.parser.parse((text or "").splitlines())

    def allowed(self, url: str, agent: str) -> bool:
        return self.parser.can_fetch(agent, url)
