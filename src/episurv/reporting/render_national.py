"""The national report as text (vi, en) and as a printable HTML page.

The Vietnamese text reads like the Ministry of Health's evening report (7/11/2021, domain README
section 2), in its order, and is phrased in the shapes `episurv.bulletins` reads back (render ->
parse round-trip; tests/reporting/test_national_render.py). Every number comes from the report
dict and is written by `episurv.textfmt`. ``{n}`` is ``textfmt.number``; ``{dm}`` is
``textfmt.day_month``; ``{±}`` is "tăng {n} ca" or "giảm {n} ca" ("không đổi" for 0).

N1 ``Trong {new} ca nhiễm Bộ Y tế công bố tối {dm} có [{imported} ca nhập cảnh và ]{domestic} ca ở
   {k} tỉnh thành, {±} so với hôm qua[, trong đó {province} tăng cao]; {deaths} ca tử vong;
   {recovered} người khỏi bệnh.``
N2 ``24 giờ qua, {n} ca được phát hiện ở khu cách ly hoặc khu đã được phong tỏa ({±}), {n} ca đang
   điều tra dịch tễ ({±}).``
N3 ``{province} giảm {n} ca, ...; trong khi {province} tăng {n} ca, ...`` (largest falls, rises)
N4 ``Các ca nhiễm mới trong nước ghi nhận tại: {items}.`` (provinces by count, equal counts
   grouped as in N6)
N5 ``Trung bình số ca nhiễm mới trong nước ghi nhận trong 7 ngày qua: {n} ca/ngày.``
N6 ``Trong ngày ghi nhận {n} ca tử vong tại: TP HCM 31, Bạc Liêu 7, Bình Dương và An Giang 5,
   Cần Thơ, Quảng Ngãi và Sóc Trăng đều một.`` / ``Trong ngày không ghi nhận ca tử vong.``
N7 ``Trung bình số tử vong ghi nhận trong 7 ngày qua: {n} ca. Tổng số ca tử vong tại Việt Nam
   tính đến nay là {n} ca, chiếm tỷ lệ {x,y}% so với tổng số ca nhiễm.``
N8 ``Kể từ đầu dịch đến nay Việt Nam ghi nhận {n} ca nhiễm, bình quân cứ 1 triệu người có {n} ca
   nhiễm.``
N9 ``Đợt dịch thứ {w}, số ca nhiễm mới ghi nhận trong nước là {n}, trong đó {n} người đã được
   công bố khỏi bệnh.``
N10 ``{k} tỉnh, thành phố không có ca lây nhiễm thứ phát trên địa bàn trong 14 ngày qua: {names}.``
N11 ``{k} tỉnh thành dẫn đầu về tổng số ca nhiễm trong đợt dịch này là {p} {n} ca, {p} {n}, ...,
   {p} {n} ca.``
N12 ``Về điều trị, số người khỏi bệnh trong ngày là {n}, nâng tổng số ca được điều trị khỏi lên
   {n}. Số bệnh nhân nặng đang điều trị là {n} ca.``
N13 ``Về xét nghiệm, trong 24 giờ qua đã thực hiện {n} xét nghiệm cho {n} lượt người. Số lượng xét
   nghiệm từ {dm} đến nay đã thực hiện {n} mẫu cho {n} lượt người.``
N14 ``Về tiêm chủng, trong ngày {dm} có {n} liều vaccine được tiêm. Như vậy, tổng số liều đã được
   tiêm là {m} liều, trong đó tiêm 1 mũi là {m} liều, tiêm mũi 2 là {m} liều.`` ({m}: "89,6
   triệu" from a million on, else {n})
Notes, a second paragraph, for analysts: a line list that differs from the submitted figures,
and the provinces whose figures of the day have not arrived.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from episurv.reporting.charts import epi_curve_spec, to_svg
from episurv.reporting.charts_national import cases_by_province_spec, deaths_spec, rt_spec
from episurv.reporting.render_daily import ENGLISH_PROVINCE_NAMES
from episurv.textfmt import check_lang, count_word, day_month, decimal, full_date, number, percent

TEMPLATES = Path(__file__).parent / "templates"

# The names the ministry's report writes for provinces whose short name it does not use.
VI_PROVINCE_NAMES = {79: "TP HCM"}

REASONS = {
    "vi": {"no_patient_code": "{n} ca chưa có mã bệnh nhân",
           "confirmed_after_cutoff_day_before": "{n} ca xác nhận sau giờ chốt hôm trước",
           "confirmed_after_cutoff_counted_next_day": "{n} ca xác nhận sau giờ chốt, tính vào hôm "
                                                      "sau"},
    "en": {"no_patient_code": "{n} cases without a patient code yet",
           "confirmed_after_cutoff_day_before": "{n} cases confirmed after the cut-off the day "
                                                "before",
           "confirmed_after_cutoff_counted_next_day": "{n} cases confirmed after the cut-off, "
                                                      "counted the next day"},
}
MEASURE_NAMES = {"vi": {"new_cases": "ca mới", "community": "ca cộng đồng",
                        "quarantine": "ca ở khu cách ly"},
                 "en": {"new_cases": "new cases", "community": "community cases",
                        "quarantine": "cases in quarantine"}}


def province_name(entry: dict, lang: str) -> str:
    code = entry.get("province_code")
    names = VI_PROVINCE_NAMES if lang == "vi" else ENGLISH_PROVINCE_NAMES
    return names.get(code, entry["province"]) if code is not None else entry["province"]


def _change(n: int, lang: str) -> str:
    if lang == "vi":
        return "không đổi" if n == 0 else f"{'tăng' if n > 0 else 'giảm'} {number(abs(n))} ca"
    return "unchanged" if n == 0 else f"{'up' if n > 0 else 'down'} {number(abs(n), 'en')}"


def _millions(n: int, lang: str) -> str:
    if n >= 1_000_000:
        return f"{decimal(n / 1_000_000, 1, lang)} {'triệu' if lang == 'vi' else 'million'}"
    return number(n, lang)


def grouped(entries: list[tuple[str, int]], lang: str) -> str:
    """Names with counts, count descending, equal counts in one item: "TP HCM 31, Bình Dương
    và An Giang 5, Cần Thơ, Quảng Ngãi và Sóc Trăng đều một" (en: "Can Tho, ... 1 each")."""
    groups: list[tuple[list[str], int]] = []
    for name, n in entries:
        if groups and groups[-1][1] == n:
            groups[-1][0].append(name)
        else:
            groups.append(([name], n))
    items = []
    for names, n in groups:
        if len(names) == 1:
            items.append(f"{names[0]} {number(n, lang)}")
            continue
        joined = ", ".join(names[:-1]) + (" và " if lang == "vi" else " and ") + names[-1]
        if len(names) == 2:
            items.append(f"{joined} {number(n, lang)}" if lang == "vi"
                         else f"{joined} {number(n, lang)} each")
        else:
            items.append(f"{joined} đều {count_word(n, lang)}" if lang == "vi"
                         else f"{joined} {number(n, lang)} each")
    return ", ".join(items)


def _vi(r: dict) -> tuple[list[str], list[str]]:
    n = number
    day = date.fromisoformat(r["date"])
    out: list[str] = []
    name = partial(province_name, lang="vi")
    imported = f"{n(r['imported'])} ca nhập cảnh và " if r["imported"] else ""
    rise = r["largest_rises"][0] if r["largest_rises"] else None
    out.append(f"Trong {n(r['new_cases'])} ca nhiễm Bộ Y tế công bố tối {day_month(day)} có "
               f"{imported}{n(r['domestic'])} ca ở {n(r['provinces_with_cases'])} tỉnh thành, "
               f"{_change(r['change_vs_yesterday'], 'vi')} so với hôm qua"
               + (f", trong đó {name(rise)} tăng cao" if rise else "")
               + f"; {n(r['deaths'])} ca tử vong; {n(r['recovered'])} người khỏi bệnh.")
    out.append(f"24 giờ qua, {n(r['quarantine'])} ca được phát hiện ở khu cách ly hoặc khu đã "
               f"được phong tỏa ({_change(r['quarantine_change'], 'vi')}), {n(r['community'])} ca "
               f"đang điều tra dịch tễ ({_change(r['community_change'], 'vi')}).")
    falls = [f"{name(e)} giảm {n(-e['change'])} ca" for e in r["largest_falls"]]
    rises = [f"{name(e)} tăng {n(e['change'])} ca" for e in r["largest_rises"]]
    if falls and rises:
        out.append(", ".join(falls) + "; trong khi " + ", ".join(rises) + ".")
    elif falls or rises:
        out.append(", ".join(falls or rises) + ".")
    cases = [(name(e), e["domestic"]) for e in r["by_province"] if e["domestic"]]
    if cases:
        out.append("Các ca nhiễm mới trong nước ghi nhận tại: " + grouped(cases, "vi") + ".")
    if r["avg7_cases"] is not None:
        out.append("Trung bình số ca nhiễm mới trong nước ghi nhận trong 7 ngày qua: "
                   f"{n(round(r['avg7_cases']))} ca/ngày.")
    deaths = [(name(e), e["deaths"]) for e in r["deaths_by_province"]]
    out.append(f"Trong ngày ghi nhận {n(r['deaths'])} ca tử vong tại: {grouped(deaths, 'vi')}."
               if deaths else "Trong ngày không ghi nhận ca tử vong.")
    if r["avg7_deaths"] is not None:
        out.append(f"Trung bình số tử vong ghi nhận trong 7 ngày qua: "
                   f"{n(round(r['avg7_deaths']))} ca.")
    cfr = (f", chiếm tỷ lệ {percent(r['cfr'], 1)} so với tổng số ca nhiễm"
           if r["cfr"] is not None else "")
    out.append(f"Tổng số ca tử vong tại Việt Nam tính đến nay là {n(r['total_deaths'])} ca{cfr}.")
    out.append(f"Kể từ đầu dịch đến nay Việt Nam ghi nhận {n(r['total_cases'])} ca nhiễm, bình "
               f"quân cứ 1 triệu người có {n(round(r['cases_per_million']))} ca nhiễm.")
    wave = r["wave"]
    if wave["number"]:
        lead = f"Đợt dịch thứ {wave['number']}"
    else:
        lead = f"Từ ngày {full_date(date.fromisoformat(wave['since']))}"
    out.append(f"{lead}, số ca nhiễm mới ghi nhận trong nước là {n(wave['cases'])}, trong đó "
               f"{n(wave['recovered'])} người đã được công bố khỏi bệnh.")
    free = r["no_secondary_transmission"]
    if free["provinces"]:
        out.append(f"{n(len(free['provinces']))} tỉnh, thành phố không có ca lây nhiễm thứ phát "
                   f"trên địa bàn trong {free['days']} ngày qua: "
                   + ", ".join(name(e) for e in free["provinces"]) + ".")
    top = r["top_provinces"]
    if top:
        items = [f"{name(e)} {n(e['wave_cases'])}" for e in top]
        items[0] += " ca"
        if len(items) > 1:
            items[-1] += " ca"
        out.append(f"{n(len(top))} tỉnh thành dẫn đầu về tổng số ca nhiễm trong đợt dịch này là "
                   + ", ".join(items) + ".")
    out.append(f"Về điều trị, số người khỏi bệnh trong ngày là {n(r['recovered'])}, nâng tổng số "
               f"ca được điều trị khỏi lên {n(r['recovered_total'])}. Số bệnh nhân nặng đang "
               f"điều trị là {n(r['severe'])} ca.")
    t = r["tests"]
    out.append(f"Về xét nghiệm, trong 24 giờ qua đã thực hiện {n(t['samples'])} xét nghiệm cho "
               f"{n(t['people'])} lượt người. Số lượng xét nghiệm từ "
               f"{day_month(date.fromisoformat(t['since']))} đến nay đã thực hiện "
               f"{n(t['samples_total'])} mẫu cho {n(t['people_total'])} lượt người.")
    d = r["doses"]
    out.append(f"Về tiêm chủng, trong ngày {day_month(date.fromisoformat(d['date']))} có "
               f"{n(d['day'])} liều vaccine được tiêm. Như vậy, tổng số liều đã được tiêm là "
               f"{_millions(d['total'], 'vi')} liều, trong đó tiêm 1 mũi là "
               f"{_millions(d['first_total'], 'vi')} liều, tiêm mũi 2 là "
               f"{_millions(d['second_total'], 'vi')} liều.")
    notes = []
    for diff in r["differences"]:
        parts = [f"{MEASURE_NAMES['vi'][m]} theo danh sách ca bệnh là {n(v['line_list'])}, "
                 f"số liệu báo cáo là {n(v['submitted'])}" for m, v in diff["measures"].items()]
        why = [REASONS["vi"][x["reason"]].format(n=n(x["cases"])) for x in diff["reasons"]]
        notes.append(f"Riêng {name(diff)}, " + "; ".join(parts)
                     + (" (" + ", ".join(why) + ")" if why else " (chưa rõ nguyên nhân)") + ".")
    if r["missing"]:
        notes.append("Chưa nhận được số liệu trong ngày của: "
                     + ", ".join(name(m) for m in r["missing"]) + ".")
    return out, notes


def _en(r: dict) -> tuple[list[str], list[str]]:
    def n(x: int) -> str:
        return number(x, "en")

    day = date.fromisoformat(r["date"])
    name = partial(province_name, lang="en")
    out: list[str] = []
    imported = f" ({n(r['imported'])} imported)" if r["imported"] else ""
    out.append(f"The Ministry of Health reported {n(r['new_cases'])} new cases on the evening of "
               f"{day_month(day, 'en')}{imported}: {n(r['domestic'])} domestic cases in "
               f"{n(r['provinces_with_cases'])} "
               f"{'province' if r['provinces_with_cases'] == 1 else 'provinces'}, "
               f"{_change(r['change_vs_yesterday'], 'en')} on the day before; "
               f"{n(r['deaths'])} deaths; {n(r['recovered'])} recoveries.")
    out.append(f"{n(r['quarantine'])} cases were found in quarantine or lockdown areas "
               f"({_change(r['quarantine_change'], 'en')}) and {n(r['community'])} are under "
               f"investigation ({_change(r['community_change'], 'en')}).")
    changes = [f"{name(e)} down {n(-e['change'])}" for e in r["largest_falls"]] + [
        f"{name(e)} up {n(e['change'])}" for e in r["largest_rises"]]
    if changes:
        out.append("Largest changes: " + ", ".join(changes) + ".")
    cases = [(name(e), e["domestic"]) for e in r["by_province"] if e["domestic"]]
    if cases:
        out.append("Domestic cases by province: " + grouped(cases, "en") + ".")
    if r["avg7_cases"] is not None:
        out.append(f"7-day average of domestic cases: {n(round(r['avg7_cases']))} a day.")
    deaths = [(name(e), e["deaths"]) for e in r["deaths_by_province"]]
    out.append(f"{n(r['deaths'])} deaths: {grouped(deaths, 'en')}." if deaths
               else "No deaths were reported.")
    if r["avg7_deaths"] is not None:
        out.append(f"7-day average of deaths: {n(round(r['avg7_deaths']))}.")
    cfr = f", {percent(r['cfr'], 1, 'en')} of all cases" if r["cfr"] is not None else ""
    out.append(f"Deaths to date: {n(r['total_deaths'])}{cfr}.")
    out.append(f"Cases since the start of the epidemic: {n(r['total_cases'])}, "
               f"{n(round(r['cases_per_million']))} per million people.")
    wave = r["wave"]
    lead = (f"Wave {wave['number']}" if wave["number"]
            else f"Since {full_date(date.fromisoformat(wave['since']), 'en')}")
    out.append(f"{lead}: {n(wave['cases'])} domestic cases, {n(wave['recovered'])} recovered.")
    free = r["no_secondary_transmission"]
    if free["provinces"]:
        out.append(f"{n(len(free['provinces']))} provinces had no secondary transmission in the "
                   f"last {free['days']} days: " + ", ".join(name(e) for e in free["provinces"])
                   + ".")
    if r["top_provinces"]:
        out.append("Provinces with the most cases in the wave: " + ", ".join(
            f"{name(e)} {n(e['wave_cases'])}" for e in r["top_provinces"]) + ".")
    out.append(f"Recoveries to date: {n(r['recovered_total'])}. Severe patients under "
               f"treatment: {n(r['severe'])}.")
    t = r["tests"]
    out.append(f"Tests in 24 hours: {n(t['samples'])} samples for {n(t['people'])} people; since "
               f"{day_month(date.fromisoformat(t['since']), 'en')}: {n(t['samples_total'])} "
               f"samples for {n(t['people_total'])} people.")
    d = r["doses"]
    out.append(f"Vaccine doses given on {day_month(date.fromisoformat(d['date']), 'en')}: "
               f"{n(d['day'])}; in total {_millions(d['total'], 'en')}, of which "
               f"{_millions(d['first_total'], 'en')} first doses and "
               f"{_millions(d['second_total'], 'en')} second doses.")
    notes = []
    for diff in r["differences"]:
        parts = [f"{MEASURE_NAMES['en'][m]}: line list {n(v['line_list'])}, submitted "
                 f"{n(v['submitted'])}" for m, v in diff["measures"].items()]
        why = [REASONS["en"][x["reason"]].format(n=n(x["cases"])) for x in diff["reasons"]]
        notes.append(f"{name(diff)}: " + "; ".join(parts)
                     + (" (" + ", ".join(why) + ")" if why else " (no explanation found)") + ".")
    if r["missing"]:
        notes.append("No figures received yet for the day from: "
                     + ", ".join(name(m) for m in r["missing"]) + ".")
    return out, notes


def render_text(report: dict, lang: str = "vi") -> str:
    """The report as bulletin text: one paragraph, then a paragraph of notes if any."""
    check_lang(lang)
    body, notes = _vi(report) if lang == "vi" else _en(report)
    out = " ".join(body) + ("\n\n" + " ".join(notes) if notes else "")
    return unicodedata.normalize("NFC", out)


LABELS = {
    "vi": {"title": "Báo cáo tình hình dịch COVID-19 toàn quốc ngày {date}",
           "as_of": "Số liệu như tại thời điểm {as_of}", "summary": "Tóm tắt",
           "new_cases": "Ca mới", "domestic": "Trong nước", "deaths": "Tử vong",
           "recovered": "Khỏi bệnh", "severe": "Đang điều trị nặng", "province": "Tỉnh, thành phố",
           "by_province": "Số ca theo tỉnh, thành phố", "yesterday": "Hôm qua",
           "change": "Thay đổi", "community": "Điều tra dịch tễ", "quarantine": "Khu cách ly",
           "wave": "Đợt dịch", "per_million": "Ca/1 triệu dân", "source": "Nguồn",
           "line list": "danh sách ca bệnh", "submitted": "báo cáo",
           "curve": "Diễn biến số ca theo ngày báo cáo", "deaths_chart": "Tử vong theo ngày",
           "rt": "Hệ số lây nhiễm Rt", "cases_chart": "Ca mới trong ngày theo tỉnh",
           "notes": "Ghi chú",
           "differences": "Chênh lệch giữa danh sách ca bệnh và số liệu báo cáo",
           "line_list": "Danh sách ca bệnh", "reported": "Báo cáo", "measure": "Chỉ số",
           "why": "Giải thích"},
    "en": {"title": "National COVID-19 situation report, {date}",
           "as_of": "Figures as they stood at {as_of}", "summary": "Summary",
           "new_cases": "New cases", "domestic": "Domestic", "deaths": "Deaths",
           "recovered": "Recovered", "severe": "Severe, under treatment",
           "province": "Province", "by_province": "Cases by province", "yesterday": "Yesterday",
           "change": "Change", "community": "Under investigation",
           "quarantine": "In quarantine", "wave": "Wave", "per_million": "Cases per million",
           "source": "Source", "line list": "line list", "submitted": "submitted",
           "curve": "Cases by report date", "deaths_chart": "Deaths per day",
           "rt": "Reproduction number Rt", "cases_chart": "New cases of the day by province",
           "notes": "Notes", "differences": "Line list and submitted figures that differ",
           "line_list": "Line list", "reported": "Submitted", "measure": "Measure",
           "why": "Explanation"},
}


def render_html(report: dict, lang: str = "vi") -> str:
    """The report as a self-contained printable page: headline figures, the text, charts as
    inline SVG (epi curve with 7-day average, cases by province, deaths, Rt), the table by
    province and the differences between line lists and submitted figures."""
    check_lang(lang)
    t = LABELS[lang]

    def fmt(x: int) -> str:
        return number(x, lang)

    day = date.fromisoformat(report["date"])
    curve = report.get("epi_curve") or []
    # Our own SVG, from numbers and our labels only: safe to inline unescaped.
    charts = []
    if curve:
        charts.append((t["curve"], Markup(to_svg(epi_curve_spec(curve, lang)))))
        charts.append((t["deaths_chart"], Markup(to_svg(deaths_spec(curve, lang)))))
    if report["by_province"]:
        charts.append((t["cases_chart"], Markup(to_svg(cases_by_province_spec(
            [{**e, "province": province_name(e, lang)} for e in report["by_province"]], lang)))))
    if report["rt"]["series"]:
        charts.append((t["rt"], Markup(to_svg(rt_spec(report["rt"]["series"], lang)))))
    rows = [{"name": province_name(e, lang), "domestic": fmt(e["domestic"]),
             "community": fmt(e["community"]), "quarantine": fmt(e["quarantine"]),
             "yesterday": fmt(e["yesterday"]),
             "change": ("+" if e["change"] > 0 else "") + fmt(e["change"]),
             "deaths": fmt(e["deaths"]), "wave": fmt(e["wave_cases"]),
             "per_million": fmt(e["cases_per_million"]) if e["cases_per_million"] is not None
             else "", "source": t[e["source"]]} for e in report["by_province"]]
    diffs = [{"name": province_name(d, lang), "measure": MEASURE_NAMES[lang][m],
              "line_list": fmt(v["line_list"]), "submitted": fmt(v["submitted"]),
              "why": ", ".join(REASONS[lang][x["reason"]].format(n=fmt(x["cases"]))
                               for x in d["reasons"])}
             for d in report["differences"] for m, v in d["measures"].items()]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("national.html").render(
        lang=lang, t=t, title=t["title"].format(date=full_date(day, lang)),
        as_of=t["as_of"].format(as_of=report["as_of"]) if report.get("as_of") else None,
        figures=[(t["new_cases"], fmt(report["new_cases"])),
                 (t["domestic"], fmt(report["domestic"])),
                 (t["deaths"], fmt(report["deaths"])),
                 (t["recovered"], fmt(report["recovered"])),
                 (t["severe"], fmt(report["severe"]))],
        text=render_text(report, lang), charts=charts, rows=rows, diffs=diffs)


def write_charts(report: dict, directory: Path, lang: str = "vi",
                 fmt: str = "svg") -> list[Path]:
    """Write the report's charts as SVG or PNG files (no browser: vl-convert)."""
    from episurv.reporting.charts_national import to_png

    check_lang(lang)
    directory.mkdir(parents=True, exist_ok=True)
    specs = {"epi_curve": epi_curve_spec(report["epi_curve"], lang),
             "deaths": deaths_spec(report["epi_curve"], lang),
             "cases_by_province": cases_by_province_spec(
                 [{**e, "province": province_name(e, lang)} for e in report["by_province"]],
                 lang)}
    if report["rt"]["series"]:
        specs["rt"] = rt_spec(report["rt"]["series"], lang)
    written = []
    for name, spec in specs.items():
        path = directory / f"{name}.{fmt}"
        if fmt == "png":
            path.write_bytes(to_png(spec))
        else:
            path.write_text(to_svg(spec), encoding="utf-8")
        written.append(path)
    return written
