"""Line lists in the words a district clerk wrote them with in 2021: "Không" in the cluster
column, where a case was found written in the source column, "KQ" and "XN" in headers, dashes
for nothing, "KTC" for no symptoms, a ward under the wrong district. Each file is written here,
imported, and its values read back; a bad one is refused naming what was wrong, in English and
in Vietnamese, and changes nothing."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.validation import map_headers
from episurv.clusters.models import Cluster
from episurv.errors import InvalidInput


def _cases(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def _reasons(session, path, tmp_path, lang=None):
    """The reasons the rejects file gives, row by row (in `lang`, English by default)."""
    rejects = tmp_path / "rejects.csv"
    import_cases(session, scope=SYSTEM, path=path, rejects=rejects, lang=lang)
    with open(rejects, encoding="utf-8") as fh:
        return [(r["row"], r["reason"]) for r in csv.DictReader(fh)]


def test_no_cluster_written_in_words_is_no_cluster(session, write_csv):
    """"Không" (none), "Chưa rõ" (not known), "Không có", "Chưa xác định" and a dash in the
    cluster column made clusters of those names, which then collected every such case of the
    city. They name no cluster; "x" still names one (a clerk's code for a cluster); a row of
    source "Ổ dịch" whose cluster says "Không" is a cluster not yet named (a warning)."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nguồn lây,Ổ dịch
BN8001,07/11/2021,Hà Nội,F1,Không
BN8002,07/11/2021,Hà Nội,F1,Chưa rõ
BN8003,07/11/2021,Hà Nội,F1,-
BN8004,07/11/2021,Hà Nội,F1,không có
BN8005,07/11/2021,Hà Nội,F1,Chưa xác định
BN8006,07/11/2021,Hà Nội,Ổ dịch,Không
BN8007,07/11/2021,Hà Nội,Ổ dịch,x""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert result["new"] == 7
    assert [w["row"] for w in result["warnings"]] == [7]
    assert session.scalars(select(Cluster.name)).all() == ["x"]
    named = session.scalar(select(Cluster.id))
    assert _cases(session, "cluster_id", "source") == [
        ("BN8001", None, "contact"), ("BN8002", None, "contact"), ("BN8003", None, "contact"),
        ("BN8004", None, "contact"), ("BN8005", None, "contact"), ("BN8006", None, "cluster"),
        ("BN8007", named, "cluster")]


def test_where_a_case_was_found_written_in_the_source_column(session, write_csv):
    """Lists that keep one column for how a case came about wrote where it was found there
    ("Cộng đồng", "Khu cách ly", "Phong tỏa"), each refused as no source; "F1 đã cách ly" (a
    contact already isolated) and "F1 chưa cách ly" (not yet) say both; "Về từ Bình Dương"
    (back from another province) is a travel case. A row's own detection column wins over
    what its source says."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nơi phát hiện,Nguồn lây
BN8101,07/11/2021,Hà Nội,,Cộng đồng
BN8102,07/11/2021,Hà Nội,,Khu cách ly
BN8103,07/11/2021,Hà Nội,,khu phong tỏa
BN8104,07/11/2021,Hà Nội,,Nhập cảnh
BN8105,07/11/2021,Hà Nội,,F1 đã cách ly
BN8106,07/11/2021,Hà Nội,,F1 chưa cách ly
BN8107,07/11/2021,Hà Nội,,Về từ Bình Dương
BN8108,07/11/2021,Hà Nội,Phong tỏa,Khu cách ly
BN8109,07/11/2021,Hà Nội,Cộng đồng,F1 đã cách ly
BN8110,07/11/2021,Hà Nội,,về từ TP. HCM""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 10
    assert _cases(session, "detected_in", "source") == [
        ("BN8101", "community", "unknown"), ("BN8102", "quarantine", "unknown"),
        ("BN8103", "lockdown", "unknown"), ("BN8104", "community", "travel"),
        ("BN8105", "quarantine", "contact"), ("BN8106", "community", "contact"),
        ("BN8107", "community", "travel"), ("BN8108", "lockdown", "unknown"),
        ("BN8109", "community", "contact"), ("BN8110", "community", "travel")]


def test_a_source_that_says_nothing_known_is_still_refused(session, write_csv, tmp_path):
    """What the source column reads is a closed list: a word neither a source nor a place of
    detection ("Hàng xóm", a neighbour) is refused as before, naming the values."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nguồn lây
BN8151,07/11/2021,Hà Nội,Hàng xóm
BN8152,07/11/2021,Hà Nội,Về""")
    assert _reasons(session, path, tmp_path) == [
        ("2", "source 'Hàng xóm': must be one of screening, contact, travel, cluster, unknown"),
        ("3", "source 'Về': must be one of screening, contact, travel, cluster, unknown")]
    assert session.scalar(select(func.count()).select_from(Case)) == 0


@pytest.mark.parametrize(("header", "column"), [
    ("Ngày có KQ", "report_date"), ("Ngày nhận KQ", "report_date"),
    ("Ngày trả kết quả", "report_date"), ("Ngày trả KQ XN", "report_date"),
    ("Ngày có KQXN", "report_date"), ("Ngày nhận kết quả xét nghiệm", "report_date"),
    ("Ngày có KQ XN dương tính", "report_date"),
    ("Địa chỉ (phường/xã)", "ward"), ("Địa chỉ (Quận/Huyện)", "district"),
    ("Địa chỉ (số nhà, đường)", "address"), ("Ngày lấy mẫu XN", "sample_date"),
    ("Ngày có KQ âm tính", None), ("Tuổi (năm)", "age"), ("Ổ dịch (phường)", "cluster"),
])
def test_abbreviated_headers(header, column):
    """"KQ" (kết quả, result) and "XN" (xét nghiệm, test) as clerks shorten them; the day the
    result came back ("có", "nhận", "trả": had, received, returned) is the report date of a
    list without one; an address column whose hint names a level of unit is that unit's. A
    negative result's day is no report date."""
    mapping, _ignored = map_headers(["Mã BN", header])
    assert mapping.get(header) == column


def test_a_result_day_stands_in_only_where_no_report_date_is_given():
    mapping, ignored = map_headers(["Mã BN", "Ngày nhận KQ", "Ngày báo cáo"])
    assert mapping == {"Mã BN": "case_id", "Ngày báo cáo": "report_date"}
    assert ignored == ["Ngày nhận KQ"]


def test_a_list_headed_with_abbreviations_imports(session, write_csv):
    path = write_csv("""Mã BN,Ngày có KQ,Tỉnh,Quận/Huyện,Địa chỉ (phường/xã),Địa chỉ
BN8201,07/11/2021,Hà Nội,Ba Đình,Phúc Xá,"12 ngõ 3, Phúc Xá\"""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    assert _cases(session, "report_date", "district_code", "ward_code", "address") == [
        ("BN8201", date(2021, 11, 7), 1, 1, "12 ngõ 3, Phúc Xá")]


def test_a_dash_is_an_empty_cell(session, write_csv):
    """A dash ("-", "–", "—", "--") is how a clerk leaves a cell empty: each was refused as no
    date, no number, no place of detection, no district."""
    header = ("Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường,Nơi phát hiện,Tuổi,Ngày khởi phát,"
              "Số mũi tiêm,Mức độ")
    path = write_csv(header + """
BN8301,07/11/2021,Hà Nội,-,–,—,--,-,-,-
BN8302,07/11/2021,Hà Nội,Ba Đình,-,Cộng đồng,-5,,,""")
    with pytest.raises(InvalidInput) as refused:  # a minus sign before a number is no dash
        import_cases(session, scope=SYSTEM, path=path)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(3, "age")]
    path = write_csv(header + """
BN8301,07/11/2021,Hà Nội,-,–,—,--,-,-,-
BN8302,07/11/2021,Hà Nội,Ba Đình,-,Cộng đồng,35,,,""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _cases(session, "district_code", "ward_code", "detected_in", "age", "onset_date",
                  "vaccine_doses", "severity") == [
        ("BN8301", None, None, "community", None, None, None, None),
        ("BN8302", 1, None, "community", 35, None, None, None)]


def test_no_symptoms_and_full_doses(session, write_csv):
    """"Không triệu chứng" or "KTC" in the onset column says there was no onset (an
    asymptomatic case, recorded so where the row gives no severity), not a bad date; "Đủ 2
    mũi" (the full two doses) is 2. "KTC" in the severity column is asymptomatic too."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Tuổi,Ngày khởi phát,Số mũi tiêm,Mức độ
BN8302,07/11/2021,Hà Nội,40,Không triệu chứng,Đủ 2 mũi,
BN8303,07/11/2021,Hà Nội,41,KTC,Đã tiêm đủ 2 mũi,Nhẹ
BN8304,07/11/2021,Hà Nội,42,không có triệu chứng,đủ 1 mũi,
BN8305,07/11/2021,Hà Nội,43,05/11/2021,Tiêm đủ 2 mũi,
BN8306,07/11/2021,Hà Nội,44,,,KTC""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 5
    assert _cases(session, "age", "onset_date", "vaccine_doses", "severity") == [
        ("BN8302", 40, None, 2, "asymptomatic"), ("BN8303", 41, None, 2, "mild"),
        ("BN8304", 42, None, 1, "asymptomatic"),
        ("BN8305", 43, date(2021, 11, 5), 2, None), ("BN8306", 44, None, None, "asymptomatic")]


def test_a_ward_under_another_district_names_the_district_it_is_in(session, write_csv,
                                                                    tmp_path):
    """Phúc Xá is a ward of Ba Đình: written under Hoàn Kiếm, the refusal suggested Hoàn
    Kiếm's wards of a like spelling ("Phúc Tân"), sending the clerk to change the ward. It
    says where the ward is. A numbered ward is suggested by its whole name ("Phường 09", not
    "09")."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường
BN8401,07/11/2021,Hà Nội,Hoàn Kiếm,Phúc Xá
BN8402,07/11/2021,Hồ Chí Minh,Quận 3,Phường 99
BN8403,07/11/2021,Hà Nội,Ba Đình,Phúc Xá""")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    assert [p["message"] for p in refused.value.problems] == [
        "ward 'Phúc Xá' is not in Quận Hoàn Kiếm but in Quận Ba Đình",
        "unknown ward 'Phường 99' in Quận 3; did you mean 'Phường 09', 'Phường 14', "
        "'Phường 12'?"]
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert _reasons(session, path, tmp_path, lang="vi") == [
        ("2", "ward 'Phúc Xá': phường, xã 'Phúc Xá' không thuộc Quận Hoàn Kiếm mà thuộc "
              "Quận Ba Đình"),
        ("3", "ward 'Phường 99': không có phường, xã 'Phường 99' ở Quận 3; có phải là "
              "'Phường 09', 'Phường 14', 'Phường 12'?")]


def test_a_ward_name_several_districts_share_names_them_all(session, write_csv, tmp_path):
    """Quận 1 has no "Phường 12"; nine districts of the city have one: each is named, in the
    register's order."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường
BN8501,07/11/2021,Hồ Chí Minh,Quận 1,Phường 12""")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    districts = ("Quận Gò Vấp, Quận Bình Thạnh, Quận Tân Bình, Quận 3, Quận 10, Quận 11, "
                 "Quận 5, Quận 6, Quận 8")
    assert [p["message"] for p in refused.value.problems] == [
        f"ward 'Phường 12' is not in Quận 1; wards of that name are in {districts}"]
    assert _reasons(session, path, tmp_path, lang="vi") == [
        ("2", f"ward 'Phường 12': phường, xã 'Phường 12' không thuộc Quận 1; các phường, xã "
              f"cùng tên thuộc {districts}")]


def test_a_day_no_calendar_has_is_named_as_such(session, write_csv, tmp_path):
    """"31/11/2021" was refused as not a date, listing the forms a day is written in, which it
    is written in: it is a day November has not, and said so. A day no form reads ("32/10",
    month first) is refused as before."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Ngày khởi phát,Ngày lấy mẫu
BN8601,31/11/2021,Hà Nội,,
BN8602,07/03/2021,Hà Nội,29/02/2021,2021-02-30
BN8603,07/11/2021,Hà Nội,32/10/2021,11/25/2021""")
    not_a_date = ("not a date (day, month and year: 7/11/2021, 07-11-21, 7.11.2021, "
                  "7 tháng 11 năm 2021 or 2021-11-07)")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    assert [(p["row"], p["column"], p["message"]) for p in refused.value.problems] == [
        (2, "report_date", "no such day: month 11 of 2021 has 30 days"),
        (3, "onset_date", "no such day: month 2 of 2021 has 28 days"),
        (3, "sample_date", "no such day: month 2 of 2021 has 28 days"),
        (4, "onset_date", not_a_date), (4, "sample_date", not_a_date)]
    assert _reasons(session, path, tmp_path, lang="vi")[:2] == [
        ("2", "report_date '31/11/2021': không có ngày này: tháng 11 năm 2021 chỉ có 30 ngày"),
        ("3", "onset_date '29/02/2021': không có ngày này: tháng 2 năm 2021 chỉ có 28 ngày; "
              "sample_date '2021-02-30': không có ngày này: tháng 2 năm 2021 chỉ có 28 ngày")]
    assert session.scalar(select(func.count()).select_from(Case)) == 0


@pytest.mark.parametrize(("written", "month"), [
    ("31/11/2021", (11, 2021, 30)), ("29.2.21", (2, 2021, 28)), ("2021-04-31", (4, 2021, 30)),
    ("ngày 31 tháng 6 năm 2021", (6, 2021, 30)), ("31/11/2021 10:00", (11, 2021, 30)),
    ("29/02/2020", None), ("32/10/2021", None), ("11/25/2021", None), ("31/11", None),
    ("0/11/2021", None), ("Không rõ", None)])
def test_the_month_of_a_day_no_calendar_has(written, month):
    from episurv.core.days import no_such_day

    assert no_such_day(written) == month


def test_a_ward_cell_that_names_its_district_too(session, write_csv):
    """Lists without a district column wrote it after the ward, as an address is written
    ("Phường Phúc Xá, Ba Đình", "P. Cống Vị - Q. Ba Đình", and the city after that): each was
    refused as no ward of the city. The district read there must agree with the district
    column where the row has one."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường
BN8701,07/11/2021,Hà Nội,,"Phường Phúc Xá, Ba Đình"
BN8702,07/11/2021,Hà Nội,,P. Cống Vị - Q. Ba Đình
BN8703,07/11/2021,Hà Nội,,"Phúc Tân, Hoàn Kiếm, Hà Nội"
BN8704,07/11/2021,Hồ Chí Minh,,"Phường 12, Quận 3"
BN8705,07/11/2021,Hà Nội,Ba Đình,"Phúc Xá, Ba Đình\"""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 5
    # The General Statistics Office's codes: Cống Vị 00007 of Ba Đình (001), Phúc Tân 00037
    # of Hoàn Kiếm (002), Phường 12 of Quận 3 (770) 27130.
    assert _cases(session, "province_code", "district_code", "ward_code") == [
        ("BN8701", 1, 1, 1), ("BN8702", 1, 1, 7), ("BN8703", 1, 2, 37),
        ("BN8704", 79, 770, 27130), ("BN8705", 1, 1, 1)]
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường
BN8706,07/11/2021,Hà Nội,Hoàn Kiếm,"Phúc Xá, Ba Đình"
BN8707,07/11/2021,Hà Nội,,"Phúc Xá, Đà Nẵng\"""", "bad.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=bad)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "ward"), (3, "ward")]


def test_a_ward_by_its_name_before_the_merger_of_2021(session, write_csv):
    """Quận 3's Phường 6, 7 and 8 became Phường Võ Thị Sáu (27139) on 1/1/2021 (Resolution
    1111/NQ-UBTVQH14); lists of 2021 still wrote the old wards, each refused as no ward of
    Quận 3. Phường 9 of Quận 3 was no part of it and stays its own ward."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường
BN8801,07/11/2021,Hồ Chí Minh,Quận 3,Phường 6
BN8802,07/11/2021,Hồ Chí Minh,Quận 3,P.7
BN8803,07/11/2021,Hồ Chí Minh,Quận 3,Phường 08
BN8804,07/11/2021,Hồ Chí Minh,Quận 3,Phường 9""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 4
    ward_9 = 27142  # Phường 09 of Quận 3, the General Statistics Office's code
    assert _cases(session, "district_code", "ward_code") == [
        ("BN8801", 770, 27139), ("BN8802", 770, 27139), ("BN8803", 770, 27139),
        ("BN8804", 770, ward_9)]
