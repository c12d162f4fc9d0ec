"""Report texts are gettext messages (domain "reports"): every message has its Vietnamese
translation with the same placeholders, and a further language is a catalog, not code."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from episurv import textfmt
from episurv.exposures.render import Notice, render_notices
from episurv.levels.assess import Capacity, Coverage, UnitFigures, assess
from episurv.levels.policy import QD_4800_2021
from episurv.maps.spec import tile_spec
from episurv.reporting.charts import chart_locale
from episurv.reporting.render_daily import render_text

ROOT = Path(__file__).parents[2]
SRC = ROOT / "src" / "episurv"
PO = SRC / "locale" / "vi" / "LC_MESSAGES" / "reports.po"

REPORT = {"province": "Hà Nội", "province_code": 1, "date": "2021-11-07", "cutoff": "18:00",
          "community": 1, "quarantine": 2, "by_district": [], "by_cluster": [],
          "by_source": {}, "active_clusters": [], "cumulative": None, "record": None}


def _extracted() -> set[str]:
    """The messages of every file babel-reports.cfg names (the extraction's one list)."""
    with open(ROOT / "babel-reports.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    return {msg[0] if isinstance(msg, tuple) else msg
            for _f, _l, msg, _c, _ctx in extract_from_dir(str(ROOT), method_map=method_map,
                                                          options_map=options_map)}


def test_every_report_message_has_its_vietnamese_translation():
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="vi", domain="reports")
    translated = {(m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog
                  if m.id and (m.string[0] if isinstance(m.string, tuple) else m.string)}
    assert len(_extracted()) > 25
    assert sorted(_extracted() - translated) == []
    # Placeholders of a translation are checked against the message (python-format); beyond the
    # message's own, a translation may use the values the renderers offer every language: the
    # part of day ("tối 7/11"), a count as a word ("mỗi nơi một"), the count a lead repeats
    # (community, k, recovered), a place written with its unnamed cluster, the largest rise.
    # Only messages with named placeholders are %-formatted: a label ("Rt (95% credible
    # interval)", a date format "%-d %b") merely looks like one to Babel.
    # A unit's division type is offered as written ("đặc khu") beside its capitalised form.
    offered = {"part", "word", "community", "place", "rise", "recovered", "k", "kind"}
    problems = [(m.id, str(e)) for m, errors in catalog.check() for e in errors
                if "%(" in str(m.id)
                and not any(str(e) == f"unknown named placeholder {name!r}" for name in offered)]
    assert problems == []


def test_a_third_language_is_a_catalog(tmp_path, monkeypatch):
    _french(tmp_path, monkeypatch)
    assert textfmt.LANGS == ("fr", "en")
    text = render_text(REPORT, "fr")
    assert text.startswith("Le CDC de Hanoi a enregistré 1 cas, 2 en quarantaine, le 7 nov.")
    # A message the catalog lacks stays English.
    assert text.endswith("No cluster is still developing.")


# A test-only French catalog: the daily report's headline, two of its HTML labels and its
# chart's title. Messages it lacks stay English.
FRENCH = {
    "New cases": "Nouveaux cas",
    "Cases by district": "Cas par district",
    "New cases per day": "Nouveaux cas par jour",
    "Places visited by people infected with COVID-19": "Lieux fréquentés par des personnes "
                                                       "infectées par la COVID-19",
    "%(hour)s:%(minute)s": "%(hour)s h %(minute)s",
    # A unit's level explained (levels.assess) and the map of levels (maps.spec).
    "{rate} community cases per 100,000 in 7 days ({n} {cases}{source}, population {pop}) "
    "{band} → level {level}{mark}": "{rate} cas communautaires pour 100 000 habitants en 7 "
                                    "jours ({n} {cases}{source}, population {pop}) {band} → "
                                    "niveau {level}{mark}",
    " and ": " et ",
    " (UNCONFIRMED default)": " (valeur par défaut NON CONFIRMÉE)",
    "18+ with ≥1 dose": "18 ans et plus avec au moins 1 dose",
    " (as of {date})": " (au {date})",
    "met": "atteint",
    "treatment capacity met{mark}": "capacité de traitement suffisante{mark}",
    "Epidemic level": "Niveau épidémique",
    "Unit": "Unité",
    "Level 3 – high risk": "Niveau 3 – risque élevé",
}


def _french(tmp_path, monkeypatch) -> None:
    catalog = Catalog(locale="fr", domain="reports")
    english = [f"%(province)s CDC recorded %(community)s community {case} and %(quarantine)s in "
               "quarantine or lockdown areas in the 24 hours to %(cutoff)s on %(date)s."
               for case in ("case", "cases")]
    # As many forms as French has in Babel's CLDR data (one, many, other).
    catalog.add(tuple(english), ("Le CDC de %(province)s a enregistré %(community)s cas, "
                                 "%(quarantine)s en quarantaine, le %(date)s.",)
                * catalog.num_plurals)
    for message, french in FRENCH.items():
        catalog.add(message, french)
    catalog.add(("case", "cases"), ("cas",) * catalog.num_plurals)
    po = tmp_path / "fr" / "LC_MESSAGES" / "reports.po"
    po.parent.mkdir(parents=True)
    with open(po, "wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setattr(textfmt, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(textfmt, "LANGS", textfmt.languages(tmp_path, "reports"))


def test_a_french_catalog_gives_the_command_its_language_labels_and_chart(db, session,
                                                                           write_csv, tmp_path,
                                                                           monkeypatch):
    from typer.testing import CliRunner

    from episurv.accounts.scope import SYSTEM
    from episurv.cases.importer import import_cases
    from episurv.cli import app
    from episurv.reporting.charts import epi_curve_spec
    from handmade import LINE_LIST

    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    runner = CliRunner()
    args = ["report", "daily", "--province", "Hà Nội", "--date", "2021-11-07", "--lang", "fr"]
    # Before the catalog: not a language episurv writes, and nothing is printed.
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "'fr' is not a language episurv writes" in refused.output

    _french(tmp_path, monkeypatch)
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.output
    # 7/11 of the hand-made line list: 4 community cases and 3 in quarantine (test_daily_report).
    # Every language but Vietnamese writes the province's English name.
    assert text.stdout.startswith("Le CDC de Hanoi a enregistré 4 cas, 3 en quarantaine, "
                                  "le 7 nov.")
    html = runner.invoke(app, [*args, "--format", "html"]).stdout
    assert "Nouveaux cas" in html and "Cas par district" in html
    assert "Cases by district" not in html and "New cases per day" not in html
    # The chart drawn into the page, and its spec, carry the French title.
    assert "Nouveaux cas par jour" in html
    spec = epi_curve_spec([{"date": "2021-11-07", "community": 4, "quarantine": 3}], "fr")
    assert spec["title"]["text"] == "Nouveaux cas par jour"
    # A word the catalog lacks stays English: the x axis' "Date".
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Date"
    # The exposure notices too (`episurv exposures list --lang fr`).
    notice = Notice(day=date(2021, 11, 7), place="Chợ Hôm", start=time(8, 30))
    assert render_notices([notice], "fr", hotline="1900 9095").splitlines()[:2] == [
        "Lieux fréquentés par des personnes infectées par la COVID-19:", "7 nov.: 8 h 30 Chợ Hôm."]
    # A unit's level explained, with French numbers from Babel's CLDR data (a narrow no-break
    # space between thousands, the decimal comma): 82 cases in 123,456 people are 66.42 per
    # 100,000, level 3 under 4800/QĐ-BYT (50 to 150); 95% of adults have a first dose (target
    # 70%, an unconfirmed default).
    figures = UnitFigures("ward", 9619, "Phường Phú Đô", date(2021, 11, 13), 123_456, 82,
                          coverage=Coverage(date(2021, 11, 1), adult_dose1_pct=95,
                                            elderly_full_pct=85),
                          capacity=Capacity(date(2021, 10, 1), oxygen_at_station=True,
                                            mobile_station_plan=True))
    lines = assess(figures, QD_4800_2021, lang="fr").explanation("fr")
    assert lines[:2] == [
        "66,4 cas communautaires pour 100 000 habitants en 7 jours (82 cas, population "
        "123\u202f456) ≥ 50 et < 150 → niveau 3 (valeur par défaut NON CONFIRMÉE)",
        "18 ans et plus avec au moins 1 dose 95% ≥ 70% (au 01/11/2021) → atteint (valeur par "
        "défaut NON CONFIRMÉE)"]
    # Sentences the catalog lacks stay English.
    assert lines[2].startswith("65+ full coverage 85% ≥ 80%")
    # The map of levels: its title, tooltip, legend and figures in French.
    map_spec = tile_spec([{"code": 1, "name": "Ba Đình", "cases": 1_524, "rate": 1_234.56,
                           "level": 3}], chart_locale("fr"), "fr", layer="level")
    assert map_spec["title"]["text"] == "Niveau épidémique"
    row = map_spec["data"]["values"][0]
    assert (row["rate_text"], row["level_text"]) == ("1\u202f234,6", "Niveau 3 – risque élevé")
    assert map_spec["layer"][0]["encoding"]["tooltip"][0]["title"] == "Unité"
    # Not in the catalog: the level of an unassessed unit stays English.
    assert "Not assessable" in map_spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert map_spec["config"]["locale"]["number"] == {
        "decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", ""]}
    assert map_spec["config"]["locale"]["time"]["date"] == "%d/%m/%Y"
