"""Importing line lists: upserts, all-or-nothing, named errors, rejects file, aliases."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case, CaseDailyCount
from episurv.clusters.models import Cluster
from episurv.errors import InvalidInput

HEADER = "case_id,report_date,report_time,province,district,ward,detected_in,source,cluster,age,sex"


def count(session, model=Case):
    return session.scalar(select(func.count()).select_from(model))


def test_reimport_is_idempotent_and_updates_bump_version(session, write_csv):
    first = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Thanh Xuân,,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,,quarantine,contact,,40,F""")
    assert import_cases(session, scope=SYSTEM, path=first)["new"] == 2
    again = import_cases(session, scope=SYSTEM, path=first)
    assert (again["new"], again["existing"]) == (0, 2)
    assert count(session) == 2
    assert set(session.scalars(select(Case.version))) == {1}

    updated = write_csv(f"""{HEADER}
BN1,2021-11-07,10:00,Hà Nội,Đống Đa,,community,screening,,30,M
BN2,2021-11-07,11:00,Hà Nội,Ba Đình,,quarantine,contact,,40,F
BN3,2021-11-07,12:00,Hà Nội,Ba Đình,,community,unknown,,50,F""", "updated.csv")
    result = import_cases(session, scope=SYSTEM, path=updated)
    assert (result["new"], result["existing"]) == (1, 2)
    versions = dict(session.execute(select(Case.case_id, Case.version)).all())
    assert versions == {"BN1": 2, "BN2": 1, "BN3": 1}
    # The count moved with the case: Thanh Xuân (9) has none left, Đống Đa (6) has one.
    per_district = dict(session.execute(
        select(CaseDailyCount.district_code, func.sum(CaseDailyCount.n))
        .group_by(CaseDailyCount.district_code)).all())
    assert per_district == {1: 2, 6: 1}


def test_a_bad_file_changes_nothing_and_names_row_column_value(session, write_csv):
    first = write_csv(f"{HEADER}\nBN1,2021-11-07,,Hà Nội,Ba Đình,,,,,,")
    import_cases(session, scope=SYSTEM, path=first)
    bad = write_csv(f"""{HEADER}
BN2,2021-11-07,10:00,Hà Nội,Thanh Xuân,,community,screening,,30,M
BN3,2021-13-07,10:00,Hà Nội,Thanh Xuân,,community,screening,,30,M
BN4,2021-11-07,10:00,Hà Nội,Thanh Xuan Moi,,community,screening,,30,M
BN5,2021-11-07,25:00,Hà Nội,Ba Đình,,hospital,screening,,130,X""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    message = str(exc.value)
    assert "3 row(s) invalid; nothing was imported" in message
    assert "row 3, column report_date, value '2021-13-07': not a date" in message
    assert "row 4, column district, value 'Thanh Xuan Moi': unknown district" in message
    assert "row 5, column report_time, value '25:00'" in message
    assert "row 5, column detected_in, value 'hospital': must be one of community" in message
    assert "row 5, column age, value '130': must be between 0 and 120" in message
    assert "row 5, column sex, value 'X'" in message
    assert count(session) == 1  # BN2, valid, was not imported either


def test_skip_invalid_imports_good_rows_and_writes_reasons(session, write_csv, tmp_path):
    bad = write_csv(f"""{HEADER}
BN2,2021-11-07,10:00,Hà Nội,Thanh Xuân,,community,screening,,30,M
BN3,2021-11-07,10:00,Hà Nội,Thanh Xuân,,community,screening,,abc,M
BN2,2021-11-08,10:00,Hà Nội,Thanh Xuân,,community,screening,,30,M""")
    rejects = tmp_path / "rejects.csv"
    result = import_cases(session, scope=SYSTEM, path=bad, rejects=rejects)
    assert (result["new"], result["rejected"]) == (1, 2)
    with open(rejects, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row"], r["case_id"]) for r in rows] == [("3", "BN3"), ("4", "BN2")]
    assert rows[0]["reason"] == "age 'abc': not a whole number"
    assert rows[1]["reason"] == "case_id 'BN2': appears again (first in row 2)"
    assert session.scalar(select(Case.report_date).where(Case.case_id == "BN2")).day == 7



def test_rejects_reasons_in_a_language_and_english_by_default(session, write_csv, tmp_path):
    """Issue 15: a row's reasons said in the language the import is given (an upload's page);
    without one, the command line's English, word for word as before."""
    bad = write_csv("case_id,report_date,province,age,outcome_date\n"
                    "BN7,2021-11-07,,34,\n"
                    "BN8,2021-11-07,Hà Nội,abc,2021-11-09\n")

    def reasons(**lang: str) -> list[str]:
        rejects = tmp_path / "rejects.csv"
        import_cases(session, scope=SYSTEM, path=bad, rejects=rejects, **lang)
        with open(rejects, encoding="utf-8") as fh:
            return [r["reason"] for r in csv.DictReader(fh)]

    assert reasons() == [
        "province '': required (or give --province)",
        "age 'abc': not a whole number; outcome_date '2021-11-09': given for an active case "
        "(outcome is recovered, died or transferred)"]
    assert reasons(lang="vi") == [
        "province '': bắt buộc (hoặc chọn --province)",
        "age 'abc': không phải số nguyên; outcome_date '2021-11-09': có ngày kết thúc nhưng ca "
        "bệnh đang điều trị (kết quả phải là recovered, died hoặc transferred)"]
    assert count(session) == 0

def test_vietnamese_headers_values_and_generated_ids_are_stable(session, write_csv):
    header = ("STT,Ngày báo cáo,Tỉnh/Thành phố,Quận/Huyện,Phường/Xã,Nơi phát hiện,Nguồn lây,"
              "Ổ dịch,Tuổi,Giới tính")
    path = write_csv(header + """
1,2021-11-07,Hà Nội,Q. Hoàng Mai,Lĩnh Nam,Cộng đồng,Ổ dịch,Nam Dư,33,Nam
2,07/11/2021,Hà Nội,H. Mê Linh,Tiến Thắng,Phong tỏa,F1,,60,Nữ
3,07/11/2021,Hà Nội,H. Mê Linh,Tiến Thắng,Phong tỏa,F1,,60,Nữ""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert result["ignored_columns"] == ["STT"]
    assert result["new"] == 3  # two identical rows are two people
    import_cases(session, scope=SYSTEM, path=path)
    assert count(session) == 3
    cases = session.scalars(select(Case).order_by(Case.case_id)).all()
    assert all(c.case_id.startswith("GEN-") for c in cases)
    lockdown = [c for c in cases if c.detected_in == "lockdown"]
    assert len(lockdown) == 2 and {c.sex for c in lockdown} == {"F"}
    assert {c.ward_code for c in lockdown} == {session.scalar(
        select(Case.ward_code).where(Case.detected_in == "lockdown"))}
    cluster = session.scalars(select(Cluster)).one()
    assert (cluster.name, cluster.district_code) == ("Nam Dư", 8)  # Hoàng Mai


def test_clusters_are_matched_by_name_as_written(session, write_csv):
    path = write_csv(f"""{HEADER}
BN1,2021-11-03,,Hà Nội,Ba Đình,Cống Vị,community,cluster,Đường Bưởi,,
BN2,2021-11-04,,Hà Nội,Ba Đình,Cống Vị,community,cluster,duong buoi,,
BN3,2021-11-04,,Hà Nội,Ba Đình,,community,cluster,ĐƯỜNG  BƯỞI,,""")
    import_cases(session, scope=SYSTEM, path=path)
    cluster = session.scalars(select(Cluster)).one()
    assert cluster.name == "Đường Bưởi" and cluster.ward_code is not None
    assert session.scalar(select(func.count()).where(Case.cluster_id == cluster.id)) == 3


def test_xlsx_line_list(session, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["BN9", "2021-11-07", "19:15", "Hà Nội", "Cầu Giấy", "", "quarantine",
                  "contact", "", 12, "F"])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    case = session.scalars(select(Case)).one()
    assert (case.report_day.isoformat(), case.age) == ("2021-11-08", 12)


def test_unreadable_and_headerless_files(session, tmp_path, write_csv):
    with pytest.raises(InvalidInput, match="no report_date column"):
        import_cases(session, scope=SYSTEM, path=write_csv("a,b\n1,2"))
    with pytest.raises(InvalidInput, match="unsupported file type '.pdf'"):
        import_cases(session, scope=SYSTEM, path=tmp_path / "x.pdf")


def test_order_of_events_is_checked(session, write_csv):
    path = write_csv("""case_id,report_date,province,onset_date,outcome,outcome_date
BN1,2021-11-07,Hà Nội,2021-11-09,active,2021-11-10""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert "onset_date, value '2021-11-09': is after report_date" in str(exc.value)
    assert "outcome_date, value '2021-11-10': given for an active case" in str(exc.value)


def test_xlsx_time_cells_are_times(session, tmp_path):
    """Excel stores 12:30 as a time (read back on its day zero, 1899-12-31 12:30) or as a
    datetime; both are the time of day (issue 11: the row was refused as 'not a time')."""
    from datetime import datetime, time

    book = Workbook()
    sheet = book.active
    sheet.append(["case_id", "report_date", "report_time", "province", "district"])
    sheet.append(["X1", "2021-11-07", time(12, 30), "Hà Nội", "Ba Đình"])
    sheet.append(["X2", "2021-11-07", datetime(1899, 12, 31, 18, 1), "Hà Nội", "Ba Đình"])
    sheet.append(["X3", "2021-11-07", "17:59", "Hà Nội", "Ba Đình"])
    path = tmp_path / "times.xlsx"
    book.save(path)
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    days = dict(session.execute(select(Case.case_id, Case.report_day)).all())
    # 18:01 is after the 18:00 cut-off: that case counts on the next day.
    assert {k: v.isoformat() for k, v in days.items()} == {
        "X1": "2021-11-07", "X2": "2021-11-08", "X3": "2021-11-07"}


def test_a_cluster_not_yet_named_is_imported_with_a_warning(session, write_csv):
    from datetime import date

    from episurv.reporting.daily import daily_report
    from episurv.reporting.render_daily import render_text

    path = write_csv(f"""{HEADER}
U1,2021-11-07,,Hà Nội,Ba Đình,,community,cluster,,,
U2,2021-11-07,,Hà Nội,Ba Đình,,community,cluster,Chợ Kim Mã,,
U3,2021-11-07,,Hà Nội,Ba Đình,,community,contact,,,""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["rejected"]) == (3, 0)
    assert result["warnings"] == [{"row": 2, "column": "cluster", "value": "", "message":
                                   "source is cluster but no cluster is named: counted as a "
                                   "cluster not yet named"}]
    report = daily_report(session, "Hà Nội", date(2021, 11, 7))
    assert [(c["cluster"], c["new_cases"]) for c in report["by_cluster"]] == [
        ("Chợ Kim Mã", 1), (None, 1)]
    text = render_text(report)
    assert ("có 1 ca liên quan ổ dịch Chợ Kim Mã, Ba Đình; 1 ca liên quan ổ dịch chưa đặt tên. "
            "Còn lại 1 ca là F1.") in text


def test_transferred_is_an_outcome_read_from_the_words_of_line_lists(session, write_csv):
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh/Thành phố,Tình trạng,Ngày kết cục
BN1,2021-11-07,Hà Nội,Chuyển viện,2021-11-09
BN2,2021-11-07,Hà Nội,chuyển tuyến,2021-11-10
BN3,2021-11-07,Hà Nội,Đang điều trị,
BN4,2021-11-07,Hà Nội,transferred,2021-11-08""")
    import_cases(session, scope=SYSTEM, path=path)
    got = {c.case_id: (c.outcome, c.outcome_date and c.outcome_date.isoformat())
           for c in session.scalars(select(Case))}
    assert got == {"BN1": ("transferred", "2021-11-09"), "BN2": ("transferred", "2021-11-10"),
                   "BN3": ("active", None), "BN4": ("transferred", "2021-11-08")}
    bad = write_csv("""case_id,report_date,province,outcome
BN5,2021-11-07,Hà Nội,chuyển""", name="bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert ("outcome, value 'chuyển': must be one of active, recovered, died, transferred"
            in str(exc.value))
    assert count(session) == 4


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
def test_a_semicolon_separated_line_list_is_read_as_excel_saves_it_in_vietnamese(
        session, tmp_path, bom):
    """Excel under Vietnamese regional settings writes decimals with a comma and separates a
    CSV's fields with ";". The file was refused before ("no report_date column"): its header
    was read as one column. A UTF-8 file without a mark is streamed, one with it is read whole:
    both paths read the separator from the header."""
    path = tmp_path / "ds.csv"
    path.write_bytes(bom + (
        "STT;Mã số BN;Ngày báo cáo;Tỉnh/Thành phố;Quận/Huyện;Nơi phát hiện;Địa chỉ\r\n"
        '1;BN71;07/11/2021;Hà Nội;Ba Đình;Cộng đồng;"Số 5; ngõ 12, phố Đội Cấn"\r\n'
        "2;BN72;7-11-2021;Hà Nội;Đống Đa;Khu cách ly;\r\n").encode())
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (2, ["STT"])
    rows = session.execute(select(Case.case_id, Case.district_code, Case.detected_in,
                                  Case.address).order_by(Case.case_id)).all()
    assert [tuple(r) for r in rows] == [
        ("BN71", 1, "community", "Số 5; ngõ 12, phố Đội Cấn"),  # Ba Đình; ";" inside quotes
        ("BN72", 6, "quarantine", None)]                        # Đống Đa


def test_a_tab_separated_line_list_and_days_written_with_dots_or_dashes(session, write_csv):
    path = write_csv("case_id\treport_date\tprovince\tdistrict\n"
                     "BN81\t07.11.2021\tHà Nội\tBa Đình\n"
                     "BN82\t8-11-2021\tHà Nội\tBa Đình\n", "ds.txt")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    days = session.execute(select(Case.case_id, Case.report_date).order_by(Case.case_id)).all()
    assert [(c, d.isoformat()) for c, d in days] == [("BN81", "2021-11-07"),
                                                     ("BN82", "2021-11-08")]
    # The day and month are split by one mark, the same twice: "7-11/2021" is no date.
    mixed = write_csv("case_id,report_date,province\nBN83,7-11/2021,Hà Nội", "mixed.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=mixed)
    assert "row 2, column report_date, value '7-11/2021': not a date" in str(exc.value)


def test_the_year_of_birth_gives_the_age_where_a_row_has_none(session, write_csv):
    """Line lists of 2021 often wrote "Năm sinh" and no age: the age is the report's year less
    the year of birth; an age given stays as given. The file was imported before with every
    age missing and "Năm sinh" named as an ignored column."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Năm sinh,Tuổi
BN91,07/11/2021,Hà Nội,1985,
BN92,07/11/2021,Hà Nội,2021,
BN93,07/11/2021,Hà Nội,1950,70
BN94,07/11/2021,Hà Nội,,""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (4, [])
    ages = dict(session.execute(select(Case.case_id, Case.age)).all())
    assert ages == {"BN91": 36, "BN92": 0, "BN93": 70, "BN94": None}
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Năm sinh
BN95,07/11/2021,Hà Nội,85
BN96,07/11/2021,Hà Nội,2030
BN97,07/11/2021,Hà Nội,1890""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    message = str(exc.value)
    assert "3 row(s) invalid; nothing was imported" in message
    assert ("row 2, column birth_year, value '85': a year of birth of two digits, 1985 or "
            "2085: write all four") in message
    assert "row 3, column birth_year, value '2030': not within the 120 years before the " \
           "report" in message
    assert "row 4, column birth_year, value '1890'" in message
    assert count(session) == 4


def test_headers_hours_and_values_as_2021_line_lists_wrote_them(session, write_csv):
    """Headers with other marks between their words ("Tỉnh/TP", "Quận - Huyện"), hours written
    "9h30" or "18H05", and values that add to the word they begin with ("Khu cách ly tập
    trung", "Tiếp xúc F0"): each refused the file before (no province read, "not a time",
    "must be one of")."""
    path = write_csv("""Mã BN,Ngày phát hiện,Giờ,Tỉnh/TP,Quận - Huyện,Nơi phát hiện,Nguồn lây
BN301,07/11/2021,9h30,TP.HCM,Quận 1,Khu cách ly tập trung,Tiếp xúc F0
BN302,07/11/2021,18H05,Hà Nội,Ba Đình,Cộng đồng,Sàng lọc ho sốt tại cơ sở y tế
BN303,07/11/2021,7h,Hà Nội,Ba Đình,Trong khu phong tỏa,Nhập cảnh""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    rows = session.execute(select(Case.case_id, Case.report_time, Case.province_code,
                                  Case.detected_in, Case.source).order_by(Case.case_id)).all()
    assert [(c, t.strftime("%H:%M"), p, d, s) for c, t, p, d, s in rows] == [
        ("BN301", "09:30", 79, "quarantine", "contact"),
        ("BN302", "18:05", 1, "community", "screening"),
        ("BN303", "07:00", 1, "lockdown", "travel")]
    # A word that only shares its first letters with a value names none of them.
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Nơi phát hiện
BN304,07/11/2021,Hà Nội,Cộng""", "bad.csv")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=bad)
    assert "row 2, column detected_in, value 'Cộng': must be one of" in str(exc.value)


def test_a_file_without_a_province_column_is_refused_once_for_the_file(session, write_csv):
    path = write_csv("""Mã BN,Ngày báo cáo,Nơi ở
BN401,07/11/2021,Hà Nội
BN402,07/11/2021,Hà Nội""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert str(exc.value) == ("cases.csv: no province column, and no province given for the "
                              "file (headers: Mã BN, Ngày báo cáo, Nơi ở)")
    assert import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")["new"] == 2


def _titled_rows():
    return [["DANH SÁCH CA BỆNH COVID-19"], ["Ngày 07/11/2021"], [],
            ["Mã BN", "Ngày báo cáo", "Tỉnh", "Quận/Huyện"],
            ["BN501", "07/11/2021", "Hà Nội", "Ba Đình"],
            ["BN502", "07/11/2021", "Hà Nội", "Quận Không Có"]]


@pytest.mark.parametrize("kind", ["xlsx", "csv", "csv-whole"])
def test_a_title_above_the_table_is_skipped_and_rows_keep_their_numbers(session, tmp_path,
                                                                        kind):
    """Office exports put a title, a date line and a blank row above the header. The file was
    refused before ("no report_date column", the title taken for the header); the rows a
    problem names are still the sheet's: the bad row is row 6 (three lines above the header).
    csv-whole: a CSV with a byte-order mark, read whole rather than streamed."""
    rows = _titled_rows()
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        sheet.merge_cells("A1:D1")
        path = tmp_path / "ds.xlsx"
        book.save(path)
    else:
        path = tmp_path / "ds.csv"
        text = "\r\n".join(",".join(r + [""] * (4 - len(r))) for r in rows) + "\r\n"
        path.write_bytes(text.encode("utf-8" if kind == "csv" else "utf-8-sig"))
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert "row 6, column district, value 'Quận Không Có'" in str(exc.value)
    assert "row 5" not in str(exc.value)
    rejects = tmp_path / "rejects.csv"
    result = import_cases(session, scope=SYSTEM, path=path, rejects=rejects)
    assert (result["new"], result["rejected"]) == (1, 1)
    assert session.scalars(select(Case.case_id)).all() == ["BN501"]
    with rejects.open(encoding="utf-8-sig") as fh:
        written = list(csv.reader(fh))
    assert written[1][:3] == ["6", "BN502", "07/11/2021"]


def test_ages_in_words_and_outcomes_said_in_the_past(session, write_csv):
    """"35 tuổi", a child's age in months ("6 tháng" is 0, "18 tháng tuổi" is 1), "Đã tử
    vong", "Xuất viện": each was refused before ("not a whole number", "must be one of")."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Tuổi,Tình trạng
BN601,07/11/2021,Hà Nội,35 tuổi,Đã tử vong
BN602,07/11/2021,Hà Nội,6 tháng,Xuất viện
BN603,07/11/2021,Hà Nội,18 tháng tuổi,Đã khỏi bệnh""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    rows = session.execute(select(Case.case_id, Case.age, Case.outcome)
                           .order_by(Case.case_id)).all()
    assert [tuple(r) for r in rows] == [("BN601", 35, "died"), ("BN602", 0, "recovered"),
                                        ("BN603", 1, "recovered")]
    bad = write_csv("Mã BN,Ngày báo cáo,Tỉnh,Tuổi\nBN604,07/11/2021,Hà Nội,30 năm", "bad.csv")
    with pytest.raises(InvalidInput, match="value '30 năm': not a whole number"):
        import_cases(session, scope=SYSTEM, path=bad)


def test_empty_rows_and_columns_a_spreadsheet_saves_past_the_table_are_left_aside(
        session, write_csv, tmp_path):
    """Rows of empty cells (",,,," below and inside the table) are skipped, not refused as rows
    without a report date; an empty column without a header goes unsaid, one with data is
    named by its place. Before, the file was refused: "row 3, column report_date, value '':
    required"."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,,
BN801,07/11/2021,Hà Nội,,
,,,,
 , ,,,
BN802,07/11/2021,Hà Nội,,ghi chú
BN803,07/11/2021,Nơi Không Có,,
,,,,""")
    with pytest.raises(InvalidInput) as exc:
        import_cases(session, scope=SYSTEM, path=path)
    assert "1 row(s) invalid" in str(exc.value)
    assert "row 6, column province, value 'Nơi Không Có'" in str(exc.value)
    result = import_cases(session, scope=SYSTEM, path=path, rejects=tmp_path / "r.csv")
    assert (result["new"], result["rejected"], result["ignored_columns"]) == (
        2, 1, ["column 5 (no header)"])
    assert sorted(session.scalars(select(Case.case_id))) == ["BN801", "BN802"]
