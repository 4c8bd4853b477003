"""Hypothesis strategies for FGR profiles in the site's text layout, and mutations of real ones.

``profiles()`` draws a *specification* (what the profile says) and a *presentation* (how the page
happened to spell and format it: heading variants, buttons, blank lines, bullets, P.M. with or
without a bullet, CRLF/CR, BOM, non-breaking spaces, Windows-1252), and returns both the encoded
bytes and the statements the converter must find. Statement texts are drawn so that each is an
ordinary line (not a heading, "Schaal N" line, FUWASYS code, bullet or P.M.), which is the
converter's own definition of content; everything else is free, including quotes, backslashes,
``<``/``>``, accents and characters outside the BMP.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from functiegebouw.source.model import AREAS, BLOCKS, QP_SECTIONS, is_placeholder
from functiegebouw.source.model import CONNECTIVE, LEAD, OPTIONAL_BLOCKS
from functiegebouw.source.parse import line_kind, tokenize
from functiegebouw.source.text import clean

AREA_SPELLINGS = {
    "opdracht": ["Opdracht(gever)(ambtelijk)", "Opdracht(gever) (ambtelijk)", "Opdracht (gever) (ambtelijk)",
                 "Opdracht(gever) (politiek/ambtelijk)"],
    "omgeving": ["Omgeving", "omgeving"],
    "bedrijfsvoering": ["Bedrijfsvoering"],
    "vernieuwen-en-verbeteren": ["Vernieuwen en verbeteren", "Vernieuwen en Verbeteren"],
}
QP_SPELLINGS = {
    "ervaring": ["Ervaring", "Werkervaring"],
    "werk-en-denkniveau": ["Werk- en denkniveau", "Werk en denkniveau"],
    "opleidingsrichting": ["Opleidingsrichting en/of vakkennis", "Opleidingsrichting en/of Vakkennis"],
    "overige-kennis-en-vaardigheden": ["Overige kennis en vaardigheden"],
    "opleiding-departementsspecifiek": ["Opleiding departementsspecifiek", "Opleiding departementspecifiek"],
    "competenties": ["Competenties", "Competenties uit het kernprofiel"],
    "competenties-departementsspecifiek": ["Competenties departementsspecifiek", "Competenties departements specifiek",
                                           "Departementsspecifieke competenties (eventueel)"],
}
BLOCK_SPELLINGS = {
    "algemene-omschrijving": ["Algemene omschrijving", "Algemene Omschrijving", "Algemene beschrijving"],
    "varianten": ["Varianten", "Varianten binnen deze schaal"],
    "resultaten": ["Resultaten", "resultaten"],
    "speelruimte-kaders": ["Speelruimte/Kaders", "Speelruimte/kaders", "Speelruimte/ kaders", "Speelruimte/ Kaders",
                           "Speelruimte / kaders", "Speelruimte"],
    "kennis-en-vaardigheden": ["Kennis en vaardigheden", "Kennis & vaardigheid", "Kennis & Vaardigheid",
                               "Kennis en vaardigheid"],
    "contacten": ["Contacten", "Contacten:"],
}
TYPERING_SPELLINGS = ["Functietypering", "Funtietypering", "FUNCTIETYPERING", "Functietypering:"]
BULLETS = [" \u2022 ", "\u2022 ", "\u2022", " \u00b7 ", "- ", "* ", "\u2013 ", "\uf0b7 ", "\u25aa "]
PM_SPELLINGS = ["P.M.", "P.M", "PM", "p.m.", "P. M."]

_WORDS = ["werkzaamheden", "uitgevoerd", "volgens", "afspraak", "de", "het", "klant", "(eigen)", "beleid",
          "advies/rapportage", "t.b.v.", "e.d.", "geïnformeerd", "coördinatie", "ca.", "50%", "€", "5", "2024",
          "\"kwaliteit\"", "'t", "a\\b", "<iri>", "x>y", "} ; DROP ALL ; {", "@nl", "^^xsd:int", "#", "ëü", "ĳ", "😀",
          "–", "...", ":", "&", "en/of", "Omgeving:", "schaal", "Schaal", "niveau", "MBO", "HBO+", "WO"]
_word = st.one_of(st.sampled_from(_WORDS),
                  st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Co", "Cn")),
                          min_size=1, max_size=8))


def is_plain(text: str) -> bool:
    """True when ``text`` is read back as itself both as a plain line and as a bullet."""
    if not text or text != clean(text) or is_placeholder(text) or len(text) > 200:
        return False
    plain, bullet = tokenize([text]), tokenize([" \u2022 " + text])
    return ([(t.kind, t.text) for t in plain] == [("text", text)]
            and [(t.kind, t.text) for t in bullet] == [("bullet", text)])


texts = st.lists(_word, min_size=1, max_size=7).map(" ".join).filter(is_plain)
# a line that can head the bullets after it: no lead line, connective or sentence (source.parse.line_kind)
headings = texts.filter(lambda t: line_kind(t) is None)


@dataclass
class Spec:
    """What a generated profile says, in the terms of functiegebouw.source.model."""
    results: list[tuple[str, list[tuple[str, bool]]]] = field(default_factory=list)
    indicators: list[tuple[str, list[tuple[str, bool]]]] = field(default_factory=list)
    competencies: list[tuple[str, bool]] = field(default_factory=list)
    quality_profiles: list[dict[str, list[tuple[str, bool]]]] = field(default_factory=list)
    qp_scales: list[int] | None = None  # named with "Schaal N" (else assigned by position)
    typifications: list[tuple[int, str | None, dict[str, list[tuple[str, bool, str | None]]]]] = \
        field(default_factory=list)


@st.composite
def _items(draw, min_size=0, max_size=4, unbulleted=True):
    out = []
    for text in draw(st.lists(texts, min_size=min_size, max_size=max_size)):
        out.append((text, draw(st.booleans()) if unbulleted else True))
    return out


@st.composite
def _pm_items(draw):
    """A departmental section: usually P.M., with or without a bullet; sometimes real text or nothing."""
    kind = draw(st.sampled_from(["pm", "pm", "text", "empty"]))
    if kind == "pm":
        return [(draw(st.sampled_from(PM_SPELLINGS)), draw(st.booleans()))]
    return draw(_items(max_size=2)) if kind == "text" else []


@st.composite
def specs(draw) -> Spec:
    spec = Spec()
    for target in (spec.results, spec.indicators):
        for area in AREAS:
            if draw(st.integers(0, 9)) > 0:  # now and then an area is left out
                target.append((area, draw(_items(min_size=1))))
    spec.competencies = draw(_items(min_size=1, max_size=5, unbulleted=False))
    n = draw(st.integers(1, 6))
    scales = draw(st.lists(st.integers(0, 999), min_size=n, max_size=n, unique=True))
    for _ in range(n):
        qp = {s: draw(_items(max_size=3)) for s in QP_SECTIONS}
        qp["opleiding-departementsspecifiek"] = draw(_pm_items())
        qp["competenties-departementsspecifiek"] = draw(_pm_items())
        spec.quality_profiles.append(qp)
    if draw(st.booleans()):
        spec.qp_scales = draw(st.permutations(scales))
    for scale in scales:
        code = None
        if draw(st.integers(0, 5)):
            groups = draw(st.lists(st.text("0123456789", min_size=1, max_size=9), min_size=1, max_size=5))
            if sum(map(len, groups)) < 5:
                groups.append("33333")
            code = draw(st.sampled_from([" ", "  "])).join(groups)
            if draw(st.booleans()):
                code += f" ({draw(st.integers(0, 99))})"
        blocks: dict[str, list[tuple[str, bool, str | None]]] = {}
        for block in BLOCKS:
            if block in OPTIONAL_BLOCKS and draw(st.integers(0, 3)):
                blocks[block] = []
                continue
            if block in ("resultaten", "varianten"):
                items: list[tuple[str, bool, str | None]] = []
                sub = None
                for number, (sub, bullets) in enumerate(draw(st.lists(
                        st.tuples(st.one_of(st.none(), headings), st.lists(texts, min_size=1, max_size=3)),
                        max_size=3))):
                    sub = sub if sub is not None or number == 0 else draw(headings)  # later groups need a heading
                    items += [(b, True, sub) for b in bullets]
                # "Voorbeelden ...": a lead line or connective stays under the sub-heading above it
                items += [(t, False, sub if line_kind(t) in (LEAD, CONNECTIVE) else None)
                          for t in draw(st.lists(texts, max_size=1))]
            elif block == "algemene-omschrijving":
                lead = [(t + ":", False, None) for t in draw(st.lists(texts, max_size=1)) if is_plain(t + ":")]
                items = lead + [(t, True, None) for t in draw(st.lists(texts, max_size=3))]
            else:
                items = [(t, b, None) for t, b in draw(_items(max_size=3))]
            blocks[block] = items
        spec.typifications.append((scale, code, blocks))
    return spec


def _line_of(draw, text: str, bulleted: bool) -> str:
    return (draw(st.sampled_from(BULLETS)) + text) if bulleted else text


def spec_lines(draw, spec: Spec, nbsp: bool, buttons: bool, grouping: bool) -> list[str]:
    out: list[str] = []

    def emit(*lines):
        for line in lines:
            if nbsp and " " in line and draw(st.booleans()):
                line = line.replace(" ", "\u00a0", 1)
            out.append(line)
        out.extend(draw(st.sampled_from([[], [""], ["", ""], [" "], ["\u00a0"]])))

    def items(lst):
        after_bullet = False
        for text, bulleted, *_ in lst:
            if after_bullet and not bulleted and out and out[-1].strip(" \u00a0"):
                out.append("")  # right below a bullet, a line in lower case continues it (source.parse)
            emit(_line_of(draw, text, bulleted))
            after_bullet = bulleted

    for title, areas in (("Resultaten", spec.results), ("Gedragsindicatoren", spec.indicators)):
        emit(title)
        for area, lst in areas:
            emit(draw(st.sampled_from(AREA_SPELLINGS[area])))
            items(lst)
    emit("Competenties")
    items(spec.competencies)
    emit("Kwaliteitenprofielen")
    if buttons:
        emit("Kwaliteitenprofielen vergelijken")
    for n, qp in enumerate(spec.quality_profiles):
        if spec.qp_scales is not None:
            emit(draw(st.sampled_from(["Schaal {}", "schaal {}", "Kwaliteitenprofiel schaal {}"]))
                 .format(spec.qp_scales[n]))
        for section in QP_SECTIONS:
            if section == "werk-en-denkniveau" and grouping:
                emit("Opleiding")
            emit(draw(st.sampled_from(QP_SPELLINGS[section])))
            items(qp[section])
    emit("Functietyperingen")
    if buttons:
        emit("Functietyperingen vergelijken")
    for scale, code, blocks in spec.typifications:
        head = [] if code is None and not draw(st.integers(0, 4)) else [draw(st.sampled_from(TYPERING_SPELLINGS))]
        schaal = draw(st.sampled_from(["Schaal {}", "schaal {}", "Schaal {:03d}"])).format(scale)
        emit(*head)
        for line in ([code, schaal] if code is None or draw(st.booleans()) else [schaal, code]):
            if line is not None:
                emit(line)
        for block in BLOCKS:
            if block in OPTIONAL_BLOCKS and not blocks[block]:
                continue
            emit(draw(st.sampled_from(BLOCK_SPELLINGS[block])))
            sub, after_bullet = None, False
            for text, bulleted, heading in blocks[block]:
                if after_bullet and ((heading is not None and heading != sub) or not bulleted) \
                        and out and out[-1].strip(" \u00a0"):
                    out.append("")  # as in items(): not the continuation of the bullet above
                if heading is not None and heading != sub:
                    emit(heading)
                sub = heading
                emit(_line_of(draw, text, bulleted))
                after_bullet = bulleted
    return out


def encode(lines: list[str], newline: str, encoding: str) -> bytes:
    text = newline.join(lines)
    if encoding == "cp1252":
        try:
            data = text.encode("cp1252")
            data.decode("utf-8")  # bytes that are also valid UTF-8 are read as UTF-8: not this case
        except UnicodeEncodeError:
            return text.encode("utf-8")
        except UnicodeDecodeError:
            return data
        return text.encode("utf-8")
    return text.encode(encoding)


@st.composite
def profiles(draw) -> tuple[bytes, Spec]:
    """(file bytes, specification) of a well-formed FGR profile in a random presentation."""
    spec = draw(specs())
    lines = spec_lines(draw, spec, nbsp=draw(st.booleans()), buttons=draw(st.booleans()),
                       grouping=draw(st.booleans()))
    return encode(lines, draw(st.sampled_from(["\n", "\r\n", "\r"])),
                  draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))), spec


# ------------------------------------------------------------------ mutations of real profiles

MISSPELL = st.sampled_from(["drop", "swap", "double", "case", "insert"])


@st.composite
def misspelt(draw, heading: str) -> str:
    kind = draw(MISSPELL)
    i = draw(st.integers(0, max(len(heading) - 1, 0)))
    if kind == "drop":
        return heading[:i] + heading[i + 1:]
    if kind == "swap" and i + 1 < len(heading):
        return heading[:i] + heading[i + 1] + heading[i] + heading[i + 2:]
    if kind == "double":
        return heading[:i] + heading[i] + heading[i:]
    if kind == "insert":
        return heading[:i] + draw(st.sampled_from("aeiouxz /&")) + heading[i:]
    return heading.upper()


@st.composite
def mutated(draw, sources: list[list[str]]) -> list[str]:
    """A real profile with lines dropped, duplicated, swapped, truncated or headings misspelt."""
    lines = list(draw(st.sampled_from(sources)))
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        op = draw(st.sampled_from(["drop", "duplicate", "swap", "truncate", "misspell", "cut-line", "move-block"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[j])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[:i]
        elif op == "misspell":
            heads = [k for k, line in enumerate(lines) if tokenize([line]) and tokenize([line])[0].kind == "head"]
            if heads:
                k = draw(st.sampled_from(heads))
                lines[k] = draw(misspelt(lines[k].strip()))
        elif op == "cut-line":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            a, b = sorted((i, j))
            block = lines[a:b]
            del lines[a:b]
            k = draw(st.integers(0, len(lines)))
            lines[k:k] = block
    return lines


# ------------------------------------------------------------------ inputs that cost (issue 15: 2, 3, 5)

#: how far the cost-shaped inputs go: `make test` stays quick, `make fuzz` raises it
SCALE = int(__import__("os").environ.get("FGR_FUZZ_SCALE", "1"))


@st.composite
def repeated_lines(draw) -> tuple[bytes, int]:
    """A real profile with one of its content lines repeated many times right after itself
    (the quadratic IRI naming once took 230 s for 10,000 copies); (bytes, copies)."""
    lines = list(draw(st.sampled_from(_REAL_SOURCES())))
    content = [i for i, line in enumerate(lines) if line.strip().startswith(("•", "\u2022"))]
    i = draw(st.sampled_from(content))
    copies = draw(st.integers(1, 400 * SCALE))
    line = draw(st.sampled_from([lines[i], " • x", " • P.M.", lines[i].upper()]))
    lines[i + 1:i + 1] = [line] * copies
    return "\n".join(lines).encode("utf-8"), copies


@st.composite
def long_codes(draw) -> bytes:
    """A real profile whose FUWASYS codes are replaced by digit strings of any length, with or
    without spaces and a stated total (once 525 MB of Turtle for a 2 MB input)."""
    from functiegebouw.source.parse import tokenize

    lines = list(draw(st.sampled_from(_REAL_SOURCES())))
    codes = [i for i, line in enumerate(lines) if tokenize([line]) and tokenize([line])[0].kind == "code"]
    for i in codes:
        if not draw(st.booleans()):
            continue
        digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=5, max_size=40 * SCALE)))
        digits *= draw(st.integers(1, 100 * SCALE))
        if draw(st.booleans()):
            digits = " ".join(digits[k:k + 5] for k in range(0, len(digits), 5))
        total = draw(st.one_of(st.just(""), st.integers(0, 10 ** 40).map(lambda n: f" ({n})")))
        lines[i] = digits[:90_000] + total
    return "\n".join(lines).encode("utf-8")


@st.composite
def stray_bytes(draw) -> bytes:
    """A UTF-8 profile with a few bytes that are not UTF-8 (0x80-0xFF) put anywhere: a pasted
    Windows-1252 character, a cut multi-byte sequence."""
    data = bytearray("\n".join(draw(st.sampled_from(_REAL_SOURCES()))).encode("utf-8"))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = bytes([draw(st.integers(0x80, 0xFF))])
    return bytes(data)


def _REAL_SOURCES() -> list[list[str]]:
    from functiegebouw.source.text import decode
    from support import FIXTURES, ROOT

    if not _REAL:
        for path in [ROOT / "data" / "sources" / "medewerker-communicatie.txt",
                     *sorted((FIXTURES / "variants").glob("*.txt"))]:
            _REAL.append(decode(path.read_bytes(), path))
    return _REAL


_REAL: list[list[str]] = []
