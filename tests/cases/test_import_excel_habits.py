"""Line lists as 2021 clerks wrote them in Excel: two columns headed alike ("Ngày", "Ngày"),
told apart by a hint or by the heading over them where one says it; codes a header explains
written as Excel's numbers turned to text ("1.0"); a child's age in months shortened ("18 th");
a zero-width space pasted into a header; Ho Chi Minh City's wards written "F12". Each file is
written here, imported and read back; one that cannot be read is refused naming the columns as
the user sees them, and changes nothing."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.models import Case
from episurv.cases.validation import written_age
from episurv.contacts.importer import import_contacts
from episurv.contacts.models import Contact
from episurv.errors import InvalidInput
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register


def _cases(session, *columns):
    rows = session.execute(select(Case.case_id, *[getattr(Case, c) for c in columns])
                           .order_by(Case.case_id)).all()
    return [tuple(r) for r in rows]


def _count(session, model=Case):
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_two_columns_headed_alike_are_named_by_their_letters(session, write_csv, write_xlsx,
                                                              kind):
    """The readers name the second of two columns headed "Ngày" themselves ("Ngày_duplicated_0"
    in a CSV, "Ngày_1" in a workbook), and the refusal showed that name, which is no column of
    the file. Each is named by its header and its letter, as the spreadsheet shows it."""
    rows = [("Mã BN", "Quận/Huyện", "Ngày", "Ngày"),
            ("BN9501", "Ba Đình", "05/11/2021", "07/11/2021")]
    path = write_csv("\n".join(",".join(r) for r in rows)) if kind == "csv" \
        else write_xlsx(rows)
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    said = str(refused.value)
    assert said == (f"{path.name}: no report_date column (headers: Mã BN, Quận/Huyện, "
                    "Ngày (column C), Ngày (column D))")
    assert "duplicated" not in said and "Ngày_1" not in said
    assert _count(session) == 0


def test_two_columns_headed_alike_beside_the_list_are_ignored_by_their_letters(session,
                                                                                 write_csv):
    """Beside a report date, two "Ngày" columns that say no day of the list are left aside,
    each named as the user sees it."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Ngày,Ngày
BN9511,07/11/2021,Hà Nội,05/11/2021,06/11/2021""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (1, ["Ngày (column D)",
                                                               "Ngày (column E)"])


def test_one_column_written_twice_is_refused_naming_both(session, write_csv):
    """Two columns both headed "Ngày lấy mẫu": the second was left aside unsaid (its days
    lost) as a column the reader named itself. Which one holds the sample's day the file does
    not say: refused, naming both by their letters."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Ngày lấy mẫu,Ngày lấy mẫu
BN9521,07/11/2021,Hà Nội,05/11/2021,06/11/2021""")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    assert str(refused.value) == ("cases.csv: two headers name column 'sample_date': "
                                  "'Ngày lấy mẫu (column D)' and 'Ngày lấy mẫu (column E)'")
    assert _count(session) == 0


def test_days_headed_alike_told_apart_by_their_hints(session, write_csv):
    """"Ngày (lấy mẫu)", "Ngày (có KQ)": the hint in brackets says whose day each is; the
    result's day stands in for a report date the list lacks."""
    path = write_csv("""Mã BN,Tỉnh,Ngày (lấy mẫu),Ngày (có KQ)
BN9531,Hà Nội,05/11/2021,07/11/2021""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (1, [])
    assert _cases(session, "sample_date", "report_date") == [
        ("BN9531", date(2021, 11, 5), date(2021, 11, 7))]


def test_days_headed_alike_under_headings_that_say_whose(session, write_csv, write_xlsx):
    """A header on two rows: "Ngày" under "Lấy mẫu" and under "Có kết quả" were both "Ngày",
    and the lower row was taken for data; read after the heading over each, as "Ngày lấy mẫu"
    and "Ngày có kết quả". And the other way round: two columns headed "Ngày" over "Lấy mẫu"
    and "Có KQ"."""
    path = write_csv("""Mã BN,Tỉnh,Lấy mẫu,Có kết quả
,,Ngày,Ngày
BN9541,Hà Nội,05/11/2021,07/11/2021""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    path = write_xlsx([("Mã BN", "Tỉnh", "Ngày", "Ngày"),
                       (None, None, "Lấy mẫu", "Có KQ"),
                       ("BN9542", "Hà Nội", "06/11/2021", "08/11/2021")])
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    assert _cases(session, "sample_date", "report_date") == [
        ("BN9541", date(2021, 11, 5), date(2021, 11, 7)),
        ("BN9542", date(2021, 11, 6), date(2021, 11, 8))]


def test_a_header_merged_down_over_two_rows_beside_days_headed_alike(session, write_xlsx):
    """A workbook's header on two rows: "Mã BN" and "Tỉnh" merged down over both, "Ngày"
    merged across the two days over "Lấy mẫu" and "Có KQ", and the header repeated where a
    second day's list was pasted below the first."""
    header = [("Mã BN", "Tỉnh", "Ngày", None), (None, None, "Lấy mẫu", "Có KQ")]
    path = write_xlsx([*header, ("BN9551", "Hà Nội", "05/11/2021", "07/11/2021"),
                       (None, None, None, None), *header,
                       ("BN9552", "Hà Nội", "06/11/2021", "08/11/2021")],
                      merged=("A1:A2", "B1:B2", "C1:D1", "A5:A6", "B5:B6", "C5:D5"))
    result = import_cases(session, scope=SYSTEM, path=path)
    assert result["new"] == 2
    assert result["rows_not_cases"] == [{"row": 5, "value": "Mã BN"},
                                        {"row": 6, "value": "Mã BN"}]
    assert _cases(session, "sample_date", "report_date") == [
        ("BN9551", date(2021, 11, 5), date(2021, 11, 7)),
        ("BN9552", date(2021, 11, 6), date(2021, 11, 8))]


def test_codes_written_as_numbers_turned_to_text(session, write_csv):
    """A sex cell "1.0" (a number cell Excel saved as text) was refused ("must be one of M,
    F") under a header whose key says 1 is Nam; read as its code, as are "2,0" and "02"."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Giới tính (1: Nam; 2: Nữ)
BN9561,07/11/2021,Hà Nội,1.0
BN9562,07/11/2021,Hà Nội,"2,0"
BN9563,07/11/2021,Hà Nội,02""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    assert _cases(session, "sex") == [("BN9561", "M"), ("BN9562", "F"), ("BN9563", "F")]


def test_a_number_turned_to_text_without_a_key_is_said_to_be_one(session, write_csv):
    """Without a key "1.0" is a number, refused as one (not "must be one of M, F")."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Giới tính
BN9571,07/11/2021,Hà Nội,1.0""")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=path)
    assert [(p["row"], p["column"], p["value"]) for p in refused.value.problems] == [
        (2, "sex", "1.0")]
    assert refused.value.problems[0]["message"].startswith("a number, which says no sex")
    assert _count(session) == 0


def test_a_contact_lists_codes_written_as_numbers_turned_to_text(session, write_csv):
    import_cases(session, write_csv("""case_id,report_date,province,district
BN9581,2021-11-07,Hà Nội,Ba Đình"""), scope=SYSTEM)
    path = write_csv("""Mã F1,Mã BN nguồn,Ngày tiếp xúc,Giới (Nam = 1; Nữ = 2)
F1-9581-1,BN9581,05/11/2021,2.0
F1-9581-2,BN9581,05/11/2021,1.0""", name="f1.csv")
    assert import_contacts(session, path, scope=SYSTEM)["new"] == 2
    rows = session.execute(select(Contact.contact_code, Contact.sex)
                           .order_by(Contact.contact_code)).all()
    assert [tuple(r) for r in rows] == [("F1-9581-1", "F"), ("F1-9581-2", "M")]


@pytest.mark.parametrize(("written", "age"), [
    ("18 th", 1), ("18th", 1), ("6 th", 0), ("11TH", 0), ("75t", 75), ("2 tháng", 0),
    ("18 th tuổi", 1), ("3 tuổi rưỡi", 3), ("1,5", None)])
def test_a_childs_age_in_months_shortened(written, age):
    """"th" is how clerks shorten tháng (months), as "t" shortens tuổi (years); a half year
    in words ("rưỡi") is no whole year more, in digits ("1,5") no age read."""
    assert written_age(written) == age


def test_a_zero_width_space_pasted_into_a_header(session, write_csv, write_xlsx):
    """A header copied from a chat or a web page carries zero-width spaces (U+200B), a word
    joiner (U+2060) or a non-breaking space: the file was refused for want of a report date."""
    path = write_csv("\ufeffMã\u00a0BN,Ngày\u200b báo cáo\u200b,Tỉnh\u2060\n"
                     "BN9591,07/11/2021,Hà Nội")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    path = write_xlsx([("Mã BN\u200b", "\u200bNgày báo cáo", "Tỉnh"),
                       ("BN9592", "07/11/2021", "Hà Nội")])
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (1, [])
    assert _cases(session, "report_date") == [("BN9591", date(2021, 11, 7)),
                                              ("BN9592", date(2021, 11, 7))]


def test_a_ward_of_ho_chi_minh_city_written_with_f(session, write_csv):
    """Saigon writes its numbered wards "F12", "F.12", "f 7" (phường): refused as unknown
    wards."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận,Phường
BN9601,07/11/2021,TP HCM,Q.3,F12
BN9602,07/11/2021,TP HCM,Q.3,F.9
BN9603,07/11/2021,TP HCM,Bình Thạnh,f 25""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    reg = register()
    hcm = reg.resolve("Hồ Chí Minh", PROVINCE).code
    q3 = reg.resolve("Quận 3", DISTRICT, hcm).code
    bt = reg.resolve("Bình Thạnh", DISTRICT, hcm).code
    assert _cases(session, "ward_code") == [
        ("BN9601", reg.resolve("Phường 12", WARD, q3).code),
        ("BN9602", reg.resolve("Phường 9", WARD, q3).code),
        ("BN9603", reg.resolve("Phường 25", WARD, bt).code)]


def test_a_year_of_birth_said_in_the_age_column(session, write_csv):
    """"SN 1956" (sinh năm, born in), "sinh năm 1990", "NS: 2019" in the age column were
    refused as "not a whole number": each is the year of birth, as "1956" alone is."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Tuổi
BN9611,07/11/2021,Hà Nội,SN 1956
BN9612,07/11/2021,Hà Nội,sinh năm 1990
BN9613,07/11/2021,Hà Nội,NS: 2019""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 3
    assert _cases(session, "age") == [("BN9611", 65), ("BN9612", 31), ("BN9613", 2)]


def test_a_code_of_a_number_cell_turned_to_text(session, write_csv):
    """A list whose codes are numbers ("Số BN": 9001), exported by a program that wrote each as
    a fraction ("9001.0"): kept as "9001.0", the case of the list writing 9001 was a second
    record of one person."""
    path = write_csv("""Số BN,Ngày báo cáo,Tỉnh
9621.0,07/11/2021,Hà Nội""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    again = write_csv("""Số BN,Ngày báo cáo,Tỉnh,Tuổi
9621,07/11/2021,Hà Nội,40""", name="again.csv")
    assert import_cases(session, scope=SYSTEM, path=again)["existing"] == 1
    assert _cases(session, "age") == [("9621", 40)]


def test_the_letters_of_a_table_right_of_column_a(session, write_xlsx):
    """A table begun in column B: its columns headed alike are named by the sheet's letters."""
    path = write_xlsx([(None, "Mã BN", "Ngày báo cáo", "Tỉnh", "Ngày", "Ngày"),
                       (None, "BN9631", "07/11/2021", "Hà Nội", "05/11/2021", "06/11/2021")])
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["ignored_columns"]) == (1, ["Ngày (column E)",
                                                               "Ngày (column F)"])


@pytest.mark.parametrize("batch_rows", [20_000, 1])
def test_rows_longer_than_the_header_by_empty_cells(session, write_csv, batch_rows):
    """Rows ending in separators past the header's last column (a sheet's used range wider
    than the table): the whole file was refused with the reader's "found more fields than
    defined in 'Schema'", naming no row. Empty cells past the header are no cells; a row
    writing a value there is refused naming it, since its column has no header to say what it
    is, and nothing is imported."""
    path = write_csv("""DANH SÁCH CA BỆNH
Mã BN,Ngày báo cáo,Tỉnh
BN9641,07/11/2021,Hà Nội,,
BN9642,07/11/2021,Hà Nội
"BN9643",07/11/2021,Hà Nội,""")
    result = import_cases(session, scope=SYSTEM, path=path, batch_rows=batch_rows)
    assert result["new"] == 3
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh
BN9644,07/11/2021,Hà Nội
BN9645,07/11/2021,Hà Nội,,Ba Đình""", name="bad.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=bad, batch_rows=batch_rows)
    assert str(refused.value) == ("bad.csv: row 3 writes 'Ba Đình' in column E, past the "
                                  "header's last column (C); give it a header, or move it")
    assert _count(session) == 3


def test_cells_written_as_excels_text_formula(session, write_csv):
    """Programs export a cell that must stay text for Excel as a formula, ="0912345678" (so
    the 0 is kept), and a day the same way: the day was refused as "not a date" and the phone
    kept with its marks."""
    path = write_csv('''Mã BN,Ngày báo cáo,Tỉnh,SĐT
BN9651,="07/11/2021",Hà Nội,="0912345678"
BN9652,"=""07/11/2021""",Hà Nội,"=""0912345679"""''')
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    assert _cases(session, "report_date", "phone") == [
        ("BN9651", date(2021, 11, 7), "0912345678"), ("BN9652", date(2021, 11, 7), "0912345679")]


def test_a_contact_lists_days_headed_alike_told_apart_by_their_hints(session, write_csv):
    """"Ngày (tiếp xúc)", "Ngày (phát hiện)": the contact's exposure and the day it was
    found, as the line list reads "Ngày (lấy mẫu)"; the file was refused for want of an
    exposure date."""
    import_cases(session, write_csv("""case_id,report_date,province,district
BN9661,2021-11-07,Hà Nội,Ba Đình"""), scope=SYSTEM)
    path = write_csv("""Mã F1,Mã BN nguồn,Ngày (tiếp xúc),Ngày (phát hiện)
F1-9661-1,BN9661,04/11/2021,06/11/2021""", name="f1.csv")
    result = import_contacts(session, path, scope=SYSTEM)
    assert (result["new"], result["ignored_columns"]) == (1, [])
    rows = session.execute(select(Contact.contact_code, Contact.exposure_date,
                                  Contact.identified_on)).all()
    assert [tuple(r) for r in rows] == [("F1-9661-1", date(2021, 11, 4), date(2021, 11, 6))]


def test_excels_day_numbers_with_a_decimal_comma(session, tmp_path):
    """A semicolon CSV of Vietnamese settings writes the day number of a date cell that lost
    its format with a decimal comma ("44505,0"; "44507,75" is 18:00 on 7/11/2021): refused as
    "not a date", where "44505.0" was read."""
    path = tmp_path / "ds.csv"
    path.write_text("Mã BN;Ngày báo cáo;Tỉnh;Ngày lấy mẫu\n"
                    "BN9671;44507,75;Hà Nội;44505,0\n", encoding="utf-8")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 1
    rows = session.execute(select(Case.report_date, Case.report_time, Case.sample_date)).all()
    assert [tuple(r) for r in rows] == [(date(2021, 11, 7), time(18, 0), date(2021, 11, 5))]


def test_a_ward_with_its_district_after_a_slash_or_in_brackets(session, write_csv):
    """"Láng Hạ (Đống Đa)", "Láng Hạ/Đống Đa" were refused as unknown wards, where "Láng Hạ,
    Đống Đa" was read; a district in brackets that the ward is not in is still refused."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Phường
BN9681,07/11/2021,Hà Nội,Láng Hạ (Đống Đa)
BN9682,07/11/2021,Hà Nội,P.Láng Hạ / Q.Đống Đa""")
    assert import_cases(session, scope=SYSTEM, path=path)["new"] == 2
    reg = register()
    hanoi = reg.resolve("Hà Nội", PROVINCE).code
    dong_da = reg.resolve("Đống Đa", DISTRICT, hanoi).code
    lang_ha = reg.resolve("Láng Hạ", WARD, dong_da).code
    assert _cases(session, "district_code", "ward_code") == [
        ("BN9681", dong_da, lang_ha), ("BN9682", dong_da, lang_ha)]
    bad = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Phường
BN9683,07/11/2021,Hà Nội,Láng Hạ (Ba Đình)""", name="bad.csv")
    with pytest.raises(InvalidInput) as refused:
        import_cases(session, scope=SYSTEM, path=bad)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "ward")]
    assert _count(session) == 2


def test_two_exports_joined_each_with_its_byte_order_mark(session, tmp_path):
    """Two days' exports joined into one file, each beginning with its byte-order mark: the
    second header, its first cell carrying the mark, was refused as a case ("not a date")."""
    day = "Mã BN,Ngày báo cáo,Tỉnh\r\n{code},{day}/11/2021,Hà Nội\r\n"
    path = tmp_path / "ds.csv"
    path.write_bytes(b"".join(b"\xef\xbb\xbf" + day.format(code=f"BN969{d}", day=d).encode()
                             for d in (7, 8)))
    result = import_cases(session, scope=SYSTEM, path=path)
    # Its cell is said as written, the mark unseen in it.
    assert (result["new"], result["rows_not_cases"]) == (
        2, [{"row": 3, "value": "\ufeffMã BN"}])


def test_a_district_written_once_over_a_block_is_not_copied_down(session, write_csv):
    """A CSV saved from a sheet whose district was merged over a block of rows keeps the
    district on the block's first row only. The rows below are imported as written, without a
    district (an empty cell is as often "not known" as "as above"), and each is warned about,
    so the clerk sees the block; a list giving no district at all is not."""
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận/Huyện
BN9701,07/11/2021,Hà Nội,Đống Đa
BN9702,07/11/2021,Hà Nội,
BN9703,07/11/2021,Hà Nội,
BN9704,07/11/2021,Hà Nội,Hoàng Mai""")
    result = import_cases(session, scope=SYSTEM, path=path)
    assert (result["new"], result["warnings_total"]) == (4, 2)
    assert [(w["row"], w["column"]) for w in result["warnings"]] == [(3, "district"),
                                                                     (4, "district")]
    assert result["warnings"][0]["message"].startswith(
        "no district, below a row that gives one: a district written once over a block of "
        "rows is not copied down")
    dong_da = register().resolve("Đống Đa", DISTRICT, register().resolve("Hà Nội",
                                                                         PROVINCE).code).code
    assert [d for _c, d in _cases(session, "district_code")][:3] == [dong_da, None, None]
    path = write_csv("""Mã BN,Ngày báo cáo,Tỉnh,Quận/Huyện
BN9705,07/11/2021,Hà Nội,
BN9706,07/11/2021,Hà Nội,""", name="none.csv")
    assert import_cases(session, scope=SYSTEM, path=path)["warnings_total"] == 0


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_excels_unicode_text_and_a_vietnamese_code_page(session, tmp_path, encoding):
    """Excel's "Unicode Text" (UTF-16 with its byte-order mark, fields parted by tabs, lines
    ending in CR LF) and a CSV in Windows-1258, whose tone marks are letters of their own
    after the vowel (decomposed, as Mac Excel writes Vietnamese too): read as the same list."""
    import unicodedata

    text = ("Mã BN\tNgày báo cáo\tQuận/Huyện\tPhường/Xã\tGiới tính\r\n"
            "BN9711\t07/11/2021\tQuận Hoàng Mai\tP. Tương Mai\tNữ\r\n")
    path = tmp_path / "ds.txt"
    if encoding == "utf-16":
        path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-16"))
    else:  # cp1258 composes no tone mark with its vowel: each is written after it
        path.write_bytes("".join(_cp1258(ch) for ch in text).encode("cp1258"))
    result = import_cases(session, scope=SYSTEM, path=path, province="Hà Nội")
    assert (result["new"], result["encoding"]) == (1, encoding.replace("-", "_"))
    reg = register()
    hanoi = reg.resolve("Hà Nội", PROVINCE).code
    hoang_mai = reg.resolve("Hoàng Mai", DISTRICT, hanoi).code
    assert _cases(session, "district_code", "ward_code", "sex") == [
        ("BN9711", hoang_mai, reg.resolve("Tương Mai", WARD, hoang_mai).code, "F")]


def _cp1258(ch: str) -> str:
    """A letter as Windows-1258 writes it: precomposed where the code page has it, else its
    base (with the marks it has, â, ơ, ư...) followed by its tone mark."""
    import unicodedata

    try:
        ch.encode("cp1258")
        return ch
    except UnicodeEncodeError:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", parts[0] + "".join(
            m for m in parts[1:] if m not in tones))
        return base + tones
