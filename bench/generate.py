"""Synthetic FGR profiles in the source text layout, for the benchmarks.

``generate(out_dir, groups, seed)`` writes ``groups`` profiles (``<name>.txt`` plus the ``.toml``
metadata the converter reads) in exactly the layout of ``data/sources/medewerker-communicatie.txt``:
kernprofiel, one kwaliteitenprofiel and one functietypering per schaal (1-6 consecutive schalen),
with the variations real pages have: heading spellings and typos, sub-headings and lead lines,
"P.M." with and without a bullet, named kwaliteitenprofielen, "vergelijken" buttons, FUWASYS codes
with double spaces and a few malformed ones (13 digits, or a stated total that is off).

Texts are Dutch-looking sentences composed from word lists; a schaal re-uses most statements of
the schaal below with small edits, so comparisons behave as on the real site. Profile ``i`` depends
only on ``(seed, i)`` (and, for its label, on the labels before it): the 1x set is the first 61 profiles of the 10x set, and re-running gives
byte-identical files. No fact here is taken from the FGR; only the layout is.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

#: functiegroepen in the real Functiegebouw (functiegebouwrijksoverheid.nl, "wat is een functiegroep").
REAL_GROUPS = 61
#: synthetic functiegroep ids start here, clear of the real ids (500-599), so the seed profile 527 can sit beside them.
FIRST_ID = 1001
B = " \u2022 "

FAMILIES = ["Uitvoering", "Advisering", "Bedrijfsvoering", "Toezicht", "Project-/Programmamanagement",
            "Lijnmanagement", "Kennis en Onderzoek", "Beleid"]
ROLES = {
    "Uitvoering": ["Medewerker", "Senior medewerker", "Behandelaar"],
    "Advisering": ["Adviseur", "Senior adviseur", "Medewerker advisering"],
    "Bedrijfsvoering": ["Medewerker", "Specialist", "Coördinator"],
    "Toezicht": ["Inspecteur", "Toezichthouder", "Controleur"],
    "Project-/Programmamanagement": ["Projectleider", "Programmamanager", "Projectmedewerker"],
    "Lijnmanagement": ["Teamleider", "Manager", "Afdelingshoofd"],
    "Kennis en Onderzoek": ["Onderzoeker", "Kennisspecialist", "Analist"],
    "Beleid": ["Beleidsmedewerker", "Beleidsadviseur", "Senior beleidsmedewerker"],
}
DOMAINS = ["communicatie", "financiën", "personeel en organisatie", "ICT", "huisvesting", "juridische zaken",
           "inkoop", "subsidies", "vergunningverlening", "informatievoorziening", "facilitaire dienstverlening",
           "archief en documentatie", "handhaving", "data-analyse", "belastingen", "internationale samenwerking",
           "veiligheid", "beveiliging", "gegevensbeheer", "klantcontact", "planning en control", "onderwijs",
           "infrastructuur", "natuur en milieu", "zorg en welzijn", "arbeidsmarkt", "wetgeving", "logistiek",
           "crisisbeheersing", "statistiek"]
#: ~30 competenties as FGR profiles name them.
COMPETENCIES = ["Aansturen", "Accuratesse", "Analyseren", "Besluitvaardigheid", "Coachen", "Creativiteit",
                "Delegeren", "Flexibiliteit", "Initiatief", "Inlevingsvermogen", "Integriteit", "Klantgerichtheid",
                "Kwaliteitsgerichtheid", "Leervermogen", "Luisteren", "Mondelinge communicatie", "Netwerken",
                "Omgevingsbewustzijn", "Onderhandelen", "Oordeelsvorming", "Organisatiesensitiviteit",
                "Overtuigingskracht", "Plannen en organiseren", "Probleemanalyse", "Resultaatgerichtheid",
                "Samenwerken", "Schriftelijke uitdrukkingsvaardigheid", "Stressbestendigheid", "Visie",
                "Voortgangscontrole", "Zelfontwikkeling"]
EXPERIENCE = ["Geen/enige relevante ervaring", "Enige relevante ervaring en succesvol", "Relevante ervaring",
              "Ruime relevante ervaring", "Ruime relevante ervaring en aantoonbaar succesvol",
              "Zeer ruime relevante ervaring", "Zeer ruime relevante ervaring op strategisch niveau"]

OBJECTS = ["werkzaamheden", "dossiers", "aanvragen", "adviezen", "rapportages", "producten", "stukken", "afspraken",
           "gegevens", "procedures", "beschikkingen", "overzichten", "notities", "plannen", "analyses", "verslagen",
           "voorstellen", "werkprocessen", "signalen", "klantvragen", "opdrachten", "begrotingen"]
PARTICIPLES = ["uitgevoerd", "afgehandeld", "opgesteld", "verwerkt", "beoordeeld", "voorbereid", "vastgelegd",
               "bewaakt", "gecontroleerd", "geleverd", "afgestemd", "geïnventariseerd", "geactualiseerd"]
NORMS = ["volgens opdracht / instructie", "conform de geldende kaders", "binnen de gestelde termijnen",
         "volgens de regelgeving / procedures", "conform afspraken met de klant", "op juiste en begrijpelijke wijze",
         "volgens de geldende regels en huisstijl", "tijdig en volledig", "binnen budget en planning",
         "in samenspraak met betrokkenen"]
VERBS3 = ["Stelt", "Bewaakt", "Bespreekt", "Signaleert", "Zoekt", "Deelt", "Vraagt", "Maakt", "Controleert",
          "Stemt af", "Onderhoudt", "Bevordert", "Toetst", "Formuleert", "Neemt"]
IND_OBJECTS = ["concrete doelen en prioriteiten", "realistische inschattingen van tijd en middelen",
               "de voortgang van de eigen werkzaamheden", "knelpunten in de uitvoering", "feedback op eigen werk",
               "kennis en ervaring met collega's", "relevante contacten binnen en buiten de organisatie",
               "de wensen en belangen van de klant", "afspraken met in- en externen", "verbetervoorstellen",
               "risico's en afhankelijkheden", "de kwaliteit van geleverde producten"]
QUALIFIERS = ["en stuurt zo nodig bij", "voor zichzelf en eventueel voor anderen", "op eigen initiatief",
              "en legt verantwoording af", "zonder dat daarom gevraagd wordt", "in overleg met de leidinggevende",
              "en houdt daarbij rekening met anderen", "en is daar transparant over", ""]
DEGREES = ["beperkte", "redelijke", "grote", "zeer grote"]
ADJ = ["reguliere en standaard", "verscheidene en uiteenlopende", "meer complexe", "complexe en samenhangende",
       "zeer complexe en strategische"]
NATURE = ["administratief en logistiek van aard", "uitvoerend van aard", "adviserend van aard",
          "beleidsvoorbereidend van aard", "coördinerend van aard"]
SUBHEADS = ["Ondersteuning ten behoeve van {d}", "Advisering over {d}", "Uitvoering en behandeling",
            "Voorbereiding en ondersteuning", "Coördinatie van {d}", "Kwaliteitszorg"]
FRAMES = ["algemene werkafspraken, regels en voorschriften", "wet- en regelgeving, procedures, werkprocessen en afspraken",
          "het beleid van de organisatie en de geldende kaders", "vakinhoudelijke normen en methoden",
          "keuzemogelijkheden in aanpak en werkwijze, na beoordeling van ter beschikking staande gegevens",
          "keuzemogelijkheden in aanpak en werkwijze, waarbij eigen inzicht en interpretatie een belangrijke rol speelt",
          "beoordeling op aanpak, voortgang, volledigheid en juistheid en op de naleving van regels en afspraken",
          "beoordeling op de bijdrage aan de doelen van de organisatie"]
KNOW = ["vaktechnische kennis op het gebied van {d}", "kennis van en inzicht in de toepassing van methoden en technieken",
        "inzicht in de organisatorische en functionele verhoudingen", "kennis van wet- en regelgeving op het gebied van {d}",
        "vaardigheid in het accuraat leveren van informatie/gegevens", "goede mondelinge en schriftelijke vaardigheden",
        "vaardigheid in het adviseren en overtuigen van anderen", "kennis van de werkprocessen van de organisatie",
        "analytische vaardigheden", "inzicht in bestuurlijke en politieke verhoudingen"]
CONTACTS = ["verstrekken van informatie en beantwoorden van vragen over {d}",
            "uitwisselen van informatie t.b.v. toelichting van gegevens aan derden",
            "maken van afspraken over {d} waarbij sprake is van verschillende belangen",
            "verkrijgen van afstemming over de toe te passen werkwijze",
            "overtuigen van in- en externe partijen van de noodzaak van maatregelen",
            "daarbij is sprake van onderling verschillende verhoudingen",
            "onderhandelen met externe partijen over {d}"]
EDIT_WORDS = {"en": "of", "de": "een", "van": "voor", "informatie": "gegevens", "klant": "opdrachtgever",
              "werkzaamheden": "activiteiten", "organisatie": "eigen organisatie", "regels": "richtlijnen",
              "afspraken": "werkafspraken", "complexe": "meer complexe", "eenvoudige": "reguliere"}
LEVELS = [(4, "VMBO, MBO"), (6, "MBO"), (8, "MBO, HBO"), (10, "HBO"), (12, "HBO, WO"), (99, "WO")]
AREA_HEADINGS = ["Opdracht(gever)(ambtelijk)", "Omgeving", "Bedrijfsvoering", "Vernieuwen en verbeteren"]


def _sentence(rng: random.Random, kind: str, domain: str) -> str:
    """One statement of the given kind, composed from the word lists."""
    if kind == "result":
        obj = rng.choice(OBJECTS)
        text = f"{obj.capitalize()} over {domain} zijn {rng.choice(PARTICIPLES)} {rng.choice(NORMS)}"
    elif kind == "indicator":
        text = f"{rng.choice(VERBS3)} {rng.choice(IND_OBJECTS)} {rng.choice(QUALIFIERS)}"
    elif kind == "algemene-omschrijving":
        text = f"{rng.choice(['ondersteunt', 'verricht', 'coördineert', 'organiseert'])} {rng.choice(ADJ)} " \
               f"activiteiten op het gebied van {domain}, {rng.choice(NATURE)}"
    elif kind == "resultaten":
        text = f"{rng.choice(OBJECTS)} op het gebied van {domain} {rng.choice(PARTICIPLES)}" \
               + rng.choice(["", " en knelpunten gesignaleerd", " en oplossingen aangedragen", ", met in- en externe partijen afgestemd"])
    elif kind == "speelruimte-kaders":
        text = rng.choice(FRAMES)
    elif kind == "kennis-en-vaardigheden":
        text = rng.choice(KNOW).format(d=domain)
    else:
        text = rng.choice(CONTACTS).format(d=domain)
    return " ".join(text.split())


def _unique(rng, kind, domain, n, avoid=()) -> list[str]:
    out: list[str] = []
    for _ in range(n * 8):
        if len(out) == n:
            break
        s = _sentence(rng, kind, domain)
        if s not in out and s not in avoid:
            out.append(s)
    return out


def _edit(rng: random.Random, text: str) -> str:
    """A small edit, as between the schalen of one functiegroep: one word swapped or a phrase added."""
    words = text.split()
    swappable = [i for i, w in enumerate(words) if w in EDIT_WORDS]
    if swappable and rng.random() < 0.7:
        i = rng.choice(swappable)
        words[i] = EDIT_WORDS[words[i]]
        return " ".join(words)
    return text + rng.choice([" en bewaakt de kwaliteit", " (ook in complexe situaties)", ", zelfstandig",
                              " binnen het eigen aandachtsgebied"])


def _code(rng: random.Random, schaal: int) -> str:
    """A FUWASYS code whose total grows with the schaal (28 = 5, 32 = 6, ... as on FGR pages)."""
    total = min(14 * 9, max(14, round(21 + (schaal - 3) * 3.5) + rng.choice([0, 0, 0, 1])))
    digits = [total // 14] * 14
    for i in rng.sample(range(14), total % 14):
        digits[i] += 1
    for _ in range(rng.randint(0, 3)):  # uneven profiles: one characteristic up, another down
        up, down = rng.sample(range(14), 2)
        if digits[up] < 9 and digits[down] > 1:
            digits[up] += 1
            digits[down] -= 1
    stated = total
    r = rng.random()
    if r < 0.03:  # a digit lost, as in the real "322333222 22 22 (32)": 13 digits, total as stated
        del digits[rng.randrange(9)]
        groups = ["".join(map(str, digits[:9])), "".join(map(str, digits[9:11])), "".join(map(str, digits[11:]))]
        return f"{' '.join(groups)} ({stated})"
    if r < 0.05:
        stated += rng.choice([-1, 1])  # a stated total that does not match the digits
    s = "".join(map(str, digits))
    sep = "  " if r > 0.97 else " "  # double spaces, as on some pages
    return sep.join([s[:5], s[5:10], s[10:12], s[12:]]) + f" ({stated})"


def _block_lists(rng, domain, previous: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """The statements of one typering: the schaal below's, mostly kept, some edited, a few new."""
    sizes = {"algemene-omschrijving": (1, 2), "resultaten": (3, 6), "speelruimte-kaders": (2, 3),
             "kennis-en-vaardigheden": (3, 5), "contacten": (2, 3)}
    out = {}
    for block, (lo, hi) in sizes.items():
        if previous is None:
            items = _unique(rng, block, domain, rng.randint(lo, hi))
        else:
            items = []
            for text in previous[block]:
                r = rng.random()
                if r < 0.6:
                    items.append(text)
                elif r < 0.85:
                    items.append(_edit(rng, text))
            items += _unique(rng, block, domain, rng.randint(0, 2), avoid=items)
            items = list(dict.fromkeys(items)) or _unique(rng, block, domain, 1)
        if block == "algemene-omschrijving" and not any("zelfstandigheid" in t for t in items):
            items.append(f"{rng.choice(DEGREES)} mate van zelfstandigheid")
        out[block] = items
    return out


def _levels(schaal: int) -> str:
    return next(label for upto, label in LEVELS if schaal <= upto)


def profile(i: int, seed: int = 1, taken: set[str] | None = None) -> tuple[str, str, str]:
    """Profile number ``i``: (file stem, source text, TOML metadata). ``taken``: the labels of the
    profiles before it; a label already taken gets the id added, because ``fgr build`` merges the
    texts of one name into one functiegroep (names are unique in the FGR, too)."""
    rng = random.Random(seed * 1_000_003 + i)
    family = FAMILIES[i % len(FAMILIES)]
    domain = rng.choice(DOMAINS)
    role = rng.choice(ROLES[family])
    fid = FIRST_ID + i
    label = f"{role} {domain[0].upper()}{domain[1:]}"
    if i >= REAL_GROUPS:
        label += f" {i // REAL_GROUPS + 1}"
    if taken is not None:
        if label in taken:
            label += f" ({fid})"
        taken.add(label)
    count = rng.choices([1, 2, 3, 4, 5, 6], weights=[10, 35, 20, 20, 10, 5])[0]
    weights = [1, 2, 4, 6, 8, 9, 9, 9, 9, 8, 7, 6, 4, 3, 2][:18 - count]  # the last schaal is at most 18
    first = rng.choices(range(1, len(weights) + 1), weights=weights)[0]
    schalen = list(range(first, first + count))

    opdracht = rng.choice(["Opdracht(gever)(ambtelijk)"] * 3 + ["Opdracht(gever) (ambtelijk)"])
    areas = [opdracht] + AREA_HEADINGS[1:]
    lines = ["Resultaten", ""]
    for area in areas:
        lines += [area, ""] + [B + s for s in _unique(rng, "result", domain, rng.randint(2, 5))] + [""]
    lines += ["Gedragsindicatoren", ""]
    for area in areas:
        lines += [area, ""] + [B + s for s in _unique(rng, "indicator", domain, rng.randint(2, 6))] + [""]
    competencies = rng.sample(COMPETENCIES, rng.randint(4, 8))
    lines += ["Competenties", ""] + [B + c.lower() for c in sorted(competencies)] + [""]

    buttons = rng.random() < 0.9
    named = count > 1 and rng.random() < 0.1
    lines += ["Kwaliteitenprofielen", ""] + (["Kwaliteitenprofielen vergelijken", ""] if buttons else [])
    for n, schaal in enumerate(schalen):
        if named:
            lines += [f"Schaal {schaal}", ""]
        pm = B + "P.M." if rng.random() < 0.6 else "P.M."
        levels = _levels(schaal)
        qp_comps = list(competencies)
        rng.shuffle(qp_comps)
        if rng.random() < 0.1:  # a kwaliteitenprofiel that differs from the kernprofiel (a Warning)
            qp_comps[-1] = rng.choice([c for c in COMPETENCIES if c not in competencies])
        dept = pm if rng.random() < 0.85 else B + f"Kennis van het beleidsterrein {domain}"
        lines += ["Ervaring", "", B + EXPERIENCE[min(n + (schaal > 9), len(EXPERIENCE) - 1)], "",
                  "Opleiding", "", "Werk- en denkniveau", B + levels, ""]
        if rng.random() < 0.5:
            lines += ["\u00a0", ""]
        lines += ["Opleidingsrichting en/of vakkennis"]
        lines += [B + f"{lvl.strip()}: relevant voor het aandachtsgebied / de deeldiscipline" for lvl in levels.split(",")]
        lines += ["", "Opleiding departementsspecifiek", "", pm, "", "Competenties", ""]
        lines += [B + c for c in qp_comps] + ["", "Competenties departementsspecifiek", "", dept, ""]

    lines += ["Functietyperingen", ""] + (["Functietyperingen vergelijken", ""] if buttons else [])
    blocks = None
    heading_typo = rng.random() < 0.1
    for n, schaal in enumerate(schalen):
        blocks = _block_lists(rng, domain, blocks)
        heading = "Funtietypering" if heading_typo and n == 1 else "Functietypering"
        speel = rng.choice(["Speelruimte/Kaders", "Speelruimte/kaders", "Speelruimte/ kaders", "Speelruimte/ Kaders"])
        kennis = rng.choice(["Kennis en vaardigheden"] * 8 + ["Kennis & Vaardigheid", "Kennis en vaardigheid"])
        lines += [heading, "", _code(rng, schaal), "", f"Schaal {schaal}", "", "Algemene omschrijving", ""]
        if rng.random() < 0.1:
            lines.append("De medewerker:")
        lines += [B + s for s in blocks["algemene-omschrijving"]] + ["", "Resultaten", ""]
        res = blocks["resultaten"]
        if rng.random() < 0.4:  # one or two sub-headings over the resultaten
            cut = rng.randint(1, len(res) - 1) if len(res) > 2 and rng.random() < 0.5 else len(res)
            heads = rng.sample(SUBHEADS, 2)
            lines += [heads[0].format(d=domain)] + [B + s for s in res[:cut]]
            if cut < len(res):
                lines += ["", heads[1].format(d=domain)] + [B + s for s in res[cut:]]
        else:
            lines += [B + s for s in res]
        if rng.random() < 0.1:
            lines += ["", f"Voorbeelden producten en/of diensten: adviezen, rapportages en notities over {domain}."]
        for title, block in ((speel, "speelruimte-kaders"), (kennis, "kennis-en-vaardigheden"), ("Contacten", "contacten")):
            lines += ["", title, ""] + [B + s for s in blocks[block]]
        lines.append("")
    stem = f"fg{fid:05d}"
    meta = (f"# Synthetic profile for the benchmarks (bench/generate.py, seed {seed}); not an FGR page.\n"
            f"functiegroep_id = {fid}\nlabel = \"{label}\"\nfunctiefamilie = \"{family}\"\n"
            f"source_url = \"https://example.org/synthetic/functiegroep/{fid}\"\nretrieved = 2026-01-01\n")
    return stem, "\n".join(lines).rstrip() + "\n", meta


def generate(out_dir: str | Path, groups: int = REAL_GROUPS, seed: int = 1) -> list[Path]:
    """Write ``groups`` profiles (``.txt`` + ``.toml``) into ``out_dir``; returns the ``.txt`` paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths, taken = [], set()
    for i in range(groups):
        stem, text, meta = profile(i, seed, taken)
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out / f"{stem}.toml").write_text(meta, encoding="utf-8")
        paths.append(out / f"{stem}.txt")
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="folder for the .txt and .toml files")
    ap.add_argument("--scale", type=float, default=1.0, help=f"multiple of the {REAL_GROUPS} real functiegroepen")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    paths = generate(args.out, max(1, round(REAL_GROUPS * args.scale)), args.seed)
    print(f"{len(paths)} profiles in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
