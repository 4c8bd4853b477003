"""Every named query against its exact rows on the tests' data folder (five profiles, ``fgr_data``).

The expected rows are written from the seed text (tests/fixtures/profiles/medewerker-communicatie.txt)
and the other fixture profiles, not copied from query output: the FUWASYS codes, the salary table,
the statements of each schaal. Queries without a functiegroep see all five profiles.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import functiegebouw
from functiegebouw.sparql.query import catalogue
from support import GROUPS, NEEDS_FULL_ESCO, SEED_TXT

SOURCE = SEED_TXT.read_text(encoding="utf-8")
# the converter normalises white space (the source has non-breaking and doubled spaces)
SOURCE_WORDS = " ".join(SOURCE.replace("\xa0", " ").split())

# The codes exactly as the source prints them above each functietypering.
CODES = {5: "22222 22222 22 22 (28)", 6: "32232 33222 22 22 (32)",
         7: "32232 33223 32 32 (35)", 8: "32232 33233 33 33 (38)"}
KENMERKEN = ["Complexiteit van de werkzaamheden", "Doel van de werkzaamheden", "Effect van de werkzaamheden",
             "Aanpak van de werkzaamheden", "Dynamiek van de werkzaamheden", "Keuzevrijheid",
             "Complexiteit van de beslissingen", "Effect van de beslissingen", "Kader", "Controle",
             "Kennis en inzicht", "Vaardigheid", "Complexiteit van de contacten", "Doel van de contacten"]


@pytest.fixture(scope="module")
def store(fgr_store):
    return fgr_store


def rows(store, name, **params):
    return [tuple(r) for r in store.query(name, params).rows]


def test_codes_are_the_source_text():
    for code in CODES.values():
        assert code in SOURCE


def test_every_query_has_a_header_and_a_test():
    names = {q.name for q in catalogue()}
    tested = {"compare-typeringen", "functiegroepen-met-competentie", "functiegroepen-met-niveau",
              "functietyperingen", "fuwasys-per-schaal", "kwaliteitenprofielen", "nieuw-op-schaal",
              "resultaten-per-gebied", "salaris-per-schaal", "schalen-per-functiegroep", "competenties",
              "functiegroepen-per-schaal"}  # the last in tests/test_reference.py, on fixture-built data
    assert tested <= names
    for q in catalogue():
        assert q.title and q.title != q.name, q.name
        assert q.description, q.name


def test_fuwasys_per_schaal(store):
    digits = {s: [int(d) for d in code.split("(")[0].replace(" ", "")] for s, code in CODES.items()}
    expected = []
    for k in range(14):
        for s in (5, 6, 7, 8):
            diff = None if s == 5 else digits[s][k] - digits[s - 1][k]
            expected.append((527, k + 1, KENMERKEN[k], s, digits[s][k], diff, None))  # no variants
    assert rows(store, "fuwasys-per-schaal", functiegroep=527) == expected
    everything = rows(store, "fuwasys-per-schaal")
    assert [r for r in everything if r[0] == 527] == expected
    assert sorted({(r[0], r[3]) for r in everything}) == sorted((g, s) for g, (_, ss) in GROUPS.items() for s in ss)
    assert len(everything) == 14 * sum(len(ss) for _, ss in GROUPS.values())
    # a functiegroep that is not there: empty only when asked for (issue 25: no silent empty answers)
    assert store.query("fuwasys-per-schaal", {"functiegroep": 1}, allow_empty=True).rows == []


def test_salaris_per_schaal(store):
    # CAO Rijk per 1 januari 2024 (data/reference/salarisschalen.ttl)
    salary = {5: ("2506.92", "3091.60"), 6: ("2595.43", "3238.72"),
              7: ("2734.10", "3529.72"), 8: ("2945.77", "3954.44")}
    expected = [(527, s, CODES[s], int(CODES[s][-3:-1]), int(CODES[s][-3:-1]),
                 Decimal(salary[s][0]), Decimal(salary[s][1]), "EUR", date(2024, 1, 1)) for s in (5, 6, 7, 8)]
    assert rows(store, "salaris-per-schaal", functiegroep=527) == expected


PROFIEL_5_6 = [("Ervaring", "Geen/enige relevante ervaring", False),
               ("Werk- en denkniveau", "VMBO, MBO", False),
               ("Opleidingsrichting en/of vakkennis", "VMBO: relevant voor het aandachtsgebied / de deeldiscipline", False),
               ("Opleidingsrichting en/of vakkennis", "MBO: relevant voor het aandachtsgebied / de deeldiscipline", False),
               ("Opleiding departementsspecifiek", "P.M.", True)]
PROFIEL_7_8 = [("Ervaring", "Enige relevante ervaring en succesvol", False),
               ("Werk- en denkniveau", "MBO", False),
               ("Opleidingsrichting en/of vakkennis", "MBO: relevant voor het aandachtsgebied / de deeldiscipline", False),
               ("Opleiding departementsspecifiek", "P.M.", True)]
COMPETENTIES = ["Plannen en organiseren", "Flexibiliteit", "Luisteren", "Klantgerichtheid",
                "Voortgangscontrole", "Zelfontwikkeling"]


def test_kwaliteitenprofielen(store):
    expected = []
    for s in (5, 6, 7, 8):
        lines = (PROFIEL_5_6 if s < 7 else PROFIEL_7_8) + [("Competenties", c, False) for c in COMPETENTIES]
        lines.append(("Competenties departementsspecifiek", "P.M.", True))
        positions: dict[str, int] = {}
        for onderdeel, tekst, pm in lines:
            positions[onderdeel] = positions.get(onderdeel, 0) + 1
            expected.append((527, s, onderdeel, positions[onderdeel], tekst, pm))
    assert rows(store, "kwaliteitenprofielen", functiegroep=527) == expected
    seven = rows(store, "kwaliteitenprofielen", schaal=7)
    assert [r for r in seven if r[0] == 527] == [r for r in expected if r[1] == 7]
    assert {(r[0], r[1]) for r in seven} == {(g, 7) for g, (_, ss) in GROUPS.items() if 7 in ss}


@pytest.mark.parametrize("label", ["plannen en organiseren", "PLANNEN EN ORGANISEREN", "Plannen en organiseren"])
def test_functiegroepen_met_competentie(store, label):
    # the seed and three of the invented profiles ask for it
    # (the catalogue's groups without a profile follow, marked; tests/test_catalogue_queries.py checks them)
    assert [r[:4] for r in rows(store, "functiegroepen-met-competentie", competentie=label) if r[4] is None] == [
        (g, GROUPS[g][0], s, "Plannen en organiseren") for g in (527, 602, 603, 604) for s in GROUPS[g][1]]


def test_functiegroepen_met_competentie_unknown(store):
    # a label that names no competentie is not a silent empty answer (issue 25): the nearest are named
    from functiegebouw.sparql.empty import NoMatch

    with pytest.raises(NoMatch, match="competentie=plannen names nothing in the graph; nearest: Plannen en organiseren"):
        rows(store, "functiegroepen-met-competentie", competentie="plannen")
    # the catalogue's groups without a profile still follow, so the answer is not empty: the check does
    # not wait for an empty answer where the query says where its values live (# values:)
    answer = store.query("functiegroepen-met-competentie", {"competentie": "plannen"}, allow_empty=True)
    assert [r for r in answer.rows if r[4] is None] == []


@pytest.mark.parametrize("niveau, schalen, label", [
    ("MBO", [(g, s) for g, (_, ss) in GROUPS.items() for s in ss], "MBO"),  # every schaal of every profile
    ("vmbo", [(527, 5), (527, 6), (601, 5)], "VMBO"),
    ("HBO", [(602, 8), (603, 8), (604, 7)], "HBO"),
    ("WO", [], "WO")])
def test_functiegroepen_met_niveau(store, niveau, schalen, label):
    assert [r[:4] for r in rows(store, "functiegroepen-met-niveau", niveau=niveau) if r[4] is None] == [
        (g, GROUPS[g][0], s, label) for g, s in schalen]


KERNPROFIEL = {
    "Opdracht(gever)(ambtelijk)": (
        ["Ondersteunende communicatiewerkzaamheden zijn uitgevoerd volgens opdracht / instructie",
         "Procescoördinatie (traffic) van communicatieproducten is verricht volgens (klant) aanvraag",
         "Publieksvragen en/of interne communicatieopdrachten zijn afgehandeld volgens de regelgeving / procedures",
         "Informatie/stukken zijn op de juiste media geplaatst volgens de geldende regels en huisstijl"],
        ["Stelt concrete doelen, prioriteiten en acties voor zichzelf en eventueel voor anderen",
         "Maakt realistische inschattingen van benodigde tijd, capaciteit en middelen",
         "Stemt eigen planning af op relevante werkzaamheden van anderen",
         "Realiseert de randvoorwaarden om de gewenste producten/diensten te kunnen leveren",
         "Kiest een aanpak en gedragsstijl die bij de situatie past",
         "Beweegt mee met de wensen van de klant en stelt daarin ook zijn/haar grenzen"]),
    "Omgeving": (
        ["Producten zijn gerealiseerd conform afspraken met de klant en de leveranciers.",
         "Informatie aan in- en externen is op juiste wijze en begrijpelijke wijze verstrekt",
         "Signalen zijn tijdig en juist opgepakt"],
        ["Probeert de vraag van de klant en de mogelijkheden van de leverancier scherp te krijgen",
         "Gaat na of hij/zij de vraag van de ander goed heeft begrepen",
         "Houdt in de uitvoering zoveel mogelijk rekening met de wensen en belangen van de klant",
         "Is helder in wat wel en wat niet kan",
         "Biedt de klant alternatieven als een bepaalde vraag/wens niet direct kan worden beantwoord/gehonoreerd",
         "Vraagt na afronding of de klant tevreden is"]),
    "Bedrijfsvoering": (
        ["De huisstijl binnen de eigen organisatie is correct toegepast.",
         "Werkzaamheden zijn uitgevoerd conform de geldende kaders, procedures en afspraken",
         "De administratie is op orde"],
        ["Bewaakt de gemaakte afspraken en zorgt dat deze worden nagekomen",
         "Geeft tijdig aan als een bepaalde afspraak niet kan worden nagekomen",
         "Is transparant over de voortgang van de activiteiten"]),
    "Vernieuwen en verbeteren": (
        ["input is geleverd aan de verbetering van de (eigen) werkprocessen binnen de organisatie",
         "Kennisdeling is geborgd"],
        ["Leert van eigen ervaring en fouten",
         "Weet nieuwe kennis en inzichten snel eigen te maken",
         "Vraagt actief feedback op geleverde producten en diensten"]),
}


def test_competenties(store):
    # the kernprofiel lists them in lower case; the concept's label is capitalised
    listed = ["flexibiliteit", "klantgerichtheid", "luisteren", "plannen en organiseren", "voortgangscontrole",
              "zelfontwikkeling"]
    assert rows(store, "competenties", functiegroep=527) == [
        (527, n, text, text[0].upper() + text[1:]) for n, text in enumerate(listed, 1)]


def test_resultaten_per_gebied(store):
    expected = []
    for gebied, (resultaten, indicatoren) in KERNPROFIEL.items():
        expected += [(527, gebied, "resultaat", i, t) for i, t in enumerate(resultaten, 1)]
        expected += [(527, gebied, "gedragsindicator", i, t) for i, t in enumerate(indicatoren, 1)]
    for *_, text in expected:
        assert text in SOURCE_WORDS
    assert rows(store, "resultaten-per-gebied", functiegroep=527) == expected


# Statements of the functietyperingen of schaal 6 and 7, block by block, from the source text.
TYPERING_6 = {
    "Algemene omschrijving": [
        "ondersteunt naar aard en inhoud verscheidene en uiteenlopendecommunicatie activiteiten administratief en logistiek van aard",
        "redelijke mate van zelfstandigheid"],
    "Resultaten": [
        "logistiek ondersteunende communicatie activiteiten uitgevoerd, knelpunten gesignaleerd en oplossingen aangedragen",
        "informatie verstrekt uit (digitale) informatiebronnen",
        "(detail)vragen verzameld en doorgeleid naar betreffende (beleids)afdelingen of andere instanties",
        "(inhoudelijke) bijdragen aan de totstandkoming/aanpassing van voorlichtingsmiddelen, publicaties, infobulletins etc.",
        "diverse administraties/bestanden bijgehouden"],
    "Speelruimte/Kaders": [
        "algemene werkafspraken, regels en voorschriften",
        "keuzemogelijkheden in aanpak en werkwijze, waarbij eigen inzicht en interpretatie t.a.v. een gevarieerdheid van gegevens een belangrijke rol speelt",
        "beoordeling op aanpak, voortgang, volledigheid en juistheid, en op de naleving van regels en afspraken"],
    "Kennis en vaardigheden": [
        "vaktechnische kennis op het gebied van communicatie",
        "kennis van en inzicht in de toepassing van de voorlichtingsmiddelen (methoden en technieken).",
        "inzicht in de organisatorische en functionele verhoudingen",
        "vaardigheid in het accuraat leveren van informatie/gegevens en in het klantgericht te woord staan van derden",
        "goede mondelinge en schriftelijke vaardigheden"],
    "Contacten": [
        "verstrekken van informatie en beantwoorden van eenvoudige procedure inhoudelijke vragen in het kader van voorlichting en/of aangaande voortgang, standaard procedures e.d.",
        "uitwisselen van informatie t.b.v. toelichting van gegevens aan derden",
        "daarbij is sprake van onderling verschillende verhoudingen"],
}
TYPERING_7 = {
    "Algemene omschrijving": [
        "ondersteunt naar aard en inhoud verscheidene en uiteenlopende communicatie activiteiten",
        "redelijke mate van zelfstandigheid"],
    "Resultaten": [
        "informatie aan gebruikers, burgers, bedrijven en instellingen verstrekt",
        "(detail)vragen verzameld en doorgeleid naar betreffende (beleids)afdelingen of andere instanties",
        "(inhoudelijke) bijdragen aan de totstandkoming/aanpassing van voorlichtingsmiddelen, publicaties, infobulletins etc.",
        "organisatorisch ondersteunende werkzaamheden uitgevoerd bij de uitvoering van (grootschalige) communicatie activiteiten",
        "knelpunten en informatiebehoeften gesignaleerd en daarvoor oplossingen aangedragen"],
    "Speelruimte/Kaders": [
        "algemene werkafspraken, regels en voorschriften",
        "keuzemogelijkheden in aanpak en werkwijze, waarbij eigen inzicht en interpretatie t.a.v. een gevarieerdheid van gegevens en gebruikerswensen een belangrijke rol speelt",
        "beoordeling van ondersteunende organisatorische communicatie activiteiten op overeenstemming op vooraf gestelde normen, criteria of specificaties"],
    "Kennis en vaardigheden": [
        "vaktechnische kennis op het gebied van communicatie",
        "kennis van en inzicht in de toepassing van de voorlichtingsmiddelen (methoden en technieken).",
        "inzicht in organisatorische en functionele verhoudingen",
        "vaardigheid in het interpreteren en het schriftelijk en mondeling beantwoorden van vragen"],
    "Contacten": [
        "maken van afspraken over communicatie activiteiten waarbij sprake is van verschillende belangen",
        "uitwisselen van informatie ten behoeve van de voortgang van de werkzaamheden of het toelichten van gegevens aan derden"],
}
SUBKOP = "Ondersteuning ten behoeve van communicatie"


def test_typering_texts_are_in_the_source():
    for typering in (TYPERING_6, TYPERING_7):
        for texts in typering.values():
            for text in texts:
                assert text in SOURCE_WORDS


def test_functietyperingen(store):
    expected = [(527, s, blok, SUBKOP if blok == "Resultaten" else None, i, t)
                for s, typering in ((6, TYPERING_6), (7, TYPERING_7))
                for blok, texts in typering.items() for i, t in enumerate(texts, 1)]
    assert rows(store, "functietyperingen", functiegroep=527, schaal=[6, 7]) == expected
    seed = [r for r in rows(store, "functietyperingen") if r[0] == 527]
    assert len(seed) == 19 + 17 + len(expected)  # schaal 5 has 19, 8 has 17
    assert [r for r in seed if r[1] in (6, 7)] == expected


def test_compare_typeringen(store):
    expected = []
    for blok in TYPERING_6:
        a, b = TYPERING_6[blok], TYPERING_7[blok]
        block = [(527, 6, 7, blok, "same" if t in b else "only in a", i, b.index(t) + 1 if t in b else None, t)
                 for i, t in enumerate(a, 1)]
        block += [(527, 6, 7, blok, "only in b", None, j, t) for j, t in enumerate(b, 1) if t not in a]
        expected += block
    assert rows(store, "compare-typeringen", functiegroep=527, schaal_a=6, schaal_b=7) == expected
    # 4 + 2 + 2 + 1 + 0 statements in both: same wording in 6 and 7
    assert sum(1 for r in expected if r[4] == "same") == 6


def test_compare_typeringen_is_symmetric(store):
    ab = rows(store, "compare-typeringen", schaal_a=6, schaal_b=7)
    ba = rows(store, "compare-typeringen", schaal_a=7, schaal_b=6)
    # every functiegroep with both schalen: 527, 602 and 604
    assert sorted({r[:3] for r in ab}) == [(527, 6, 7), (602, 6, 7), (604, 6, 7)]
    swap = {"same": "same", "only in a": "only in b", "only in b": "only in a"}
    assert sorted((r[3], swap[r[4]], r[7]) for r in ab) == sorted((r[3], r[4], r[7]) for r in ba)


def test_nieuw_op_schaal(store):
    expected = [(527, 7, 6, blok, i, t) for blok, texts in TYPERING_7.items()
                for i, t in enumerate(texts, 1) if t not in TYPERING_6[blok]]
    assert rows(store, "nieuw-op-schaal", functiegroep=527, schaal=7) == expected
    # the lowest schaal has nothing below it
    assert rows(store, "nieuw-op-schaal", schaal=5) == []
    got = rows(store, "nieuw-op-schaal")
    assert {r[:3] for r in got} == {(g, s, s - 1) for g, (_, ss) in GROUPS.items() for s in ss[1:]}
    got = [r for r in got if r[0] == 527]
    # 6 over 5: Contacten identical, the hyphen in voorlichtings-middelen removed
    six = [(r[3], r[5]) for r in got if r[1] == 6]
    assert not any(b == "Contacten" for b, _ in six)
    assert ("Kennis en vaardigheden", TYPERING_6["Kennis en vaardigheden"][1]) in six


def test_schalen_per_functiegroep(store):
    assert rows(store, "schalen-per-functiegroep") == [
        (g, name, s, True, True) for g, (name, ss) in GROUPS.items() for s in ss]


def test_required_parameter_is_enforced(store):
    with pytest.raises(functiegebouw.FgrError, match="required"):
        store.query("functiegroepen-met-competentie", {})


def test_queries_run_with_their_examples(store):
    """Every query finds something with its documented example parameters (speed is measured in bench/)."""
    for q in catalogue():
        result = store.query(q.name, q.example_params)
        if q.name in NEEDS_FULL_ESCO:
            assert not result.rows, q.name
            continue
        assert result.rows, q.name
        assert len(result.columns) == len(result.rows[0]), q.name
