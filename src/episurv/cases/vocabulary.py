"""The closed vocabularies of a case record, and the words people use for them.

Pure data: the importer, the API schemas and the reports all read their allowed values here.
"""

from __future__ import annotations

DETECTED_IN = ("community", "quarantine", "lockdown")
SOURCES = ("screening", "contact", "travel", "cluster", "unknown")
SEVERITIES = ("asymptomatic", "mild", "moderate", "severe", "critical")
# "transferred": moved to a hospital or a higher level of care (from home care, an isolation
# facility or a field hospital), still an infection under treatment elsewhere.
OUTCOMES = ("active", "recovered", "died", "transferred")
SEXES = ("M", "F")
MAX_VACCINE_DOSES = 4

# Folded (no diacritics, lower case) words seen in Vietnamese line lists -> canonical value.
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "detected_in": {
        "cong dong": "community", "khu cach ly": "quarantine", "cach ly": "quarantine",
        "phong toa": "lockdown", "khu phong toa": "lockdown", "khu vuc phong toa": "lockdown",
        "trong khu phong toa": "lockdown", "trong khu cach ly": "quarantine",
        "da cach ly": "quarantine", "ngoai cong dong": "community",
        # Found where the sick come to be seen (screened at a hospital or a health station): a
        # community case, as the city bulletins count it ("sàng lọc tại bệnh viện").
        "co so y te": "community", "benh vien": "community", "tram y te": "community",
        # Found by screening ("sàng lọc": rapid-test rounds, fever clinics): in the community.
        "sang loc": "community",
        # Abbreviations clerks write: cộng đồng, khu cách ly, cách ly tập trung.
        "cd": "community", "kcl": "quarantine", "cltt": "quarantine",
        # Not yet isolated when found ("F1 chưa cách ly", as the source column says it too).
        "chua cach ly": "community",
    },
    "source": {
        "sang loc": "screening", "sang loc ho sot": "screening", "f1": "contact",
        "tiep xuc": "contact", "lien quan cac tinh co dich": "travel", "o dich": "cluster",
        "chua ro": "unknown", "khong ro": "unknown", "dang dieu tra": "unknown",
        "nhap canh": "travel", "lien quan o dich": "cluster",
        # Found by testing people who did not come for it: the 2021 rounds of rapid tests.
        "test nhanh": "screening", "xet nghiem sang loc": "screening",
        "kham sang loc": "screening",
        # Back from another province ("Về từ Bình Dương", "Đi về từ TP HCM"): the place after
        # the words is not kept (no column holds it).
        "ve tu": "travel", "di ve tu": "travel", "tro ve tu": "travel",
        # Linked to a confirmed case ("Liên quan F0 BN9999", "Liên quan BN 3051", "Liên quan
        # ca bệnh"): a contact of that case (the case is not kept; "Liên quan ổ dịch" is a
        # cluster's).
        "lien quan f0": "contact", "lien quan bn": "contact", "lien quan benh nhan": "contact",
        "lien quan ca benh": "contact", "lien quan ca duong tinh": "contact",
        # A contact's contact ("F2"), a cluster written as a group of cases ("Liên quan chùm
        # ca bệnh Chợ Long Biên"), a person back from where the virus spread ("Người về từ
        # vùng dịch").
        # "F0" (in an "F0/F1" column: found as a case, no contact known): no source said.
        "f0": "unknown",
        "f2": "contact", "chum ca benh": "cluster", "lien quan chum ca benh": "cluster",
        "lien quan chum": "cluster", "nguoi ve tu": "travel",
    },
    "sex": {"nam": "M", "nu": "F", "m": "M", "f": "F", "male": "M", "female": "F",
            # A child's, as children's lists write it: "bé trai" (boy), "bé gái" (girl).
            "trai": "M", "be trai": "M", "gai": "F", "be gai": "F"},
    "severity": {
        "khong trieu chung": "asymptomatic", "ktc": "asymptomatic",
        "khong co trieu chung": "asymptomatic", "nhe": "mild", "trung binh": "moderate",
        "nang": "severe", "nguy kich": "critical",
        # "Vừa" (middling), as the ministry's grading of 2021 also said moderate.
        "vua": "moderate",
    },
    "outcome": {
        "dang dieu tri": "active", "khoi": "recovered", "khoi benh": "recovered",
        "tu vong": "died", "chuyen vien": "transferred", "da chuyen vien": "transferred",
        "chuyen tuyen": "transferred", "da chuyen tuyen": "transferred",
        "chuyen tuyen tren": "transferred", "chuyen bv": "transferred",
        "chuyen benh vien": "transferred", "da chuyen bv": "transferred",
        "da khoi": "recovered", "da khoi benh": "recovered", "xuat vien": "recovered",
        "da xuat vien": "recovered", "da tu vong": "died",
        # Left hospital ("ra viện", as the Hà Nội lists said it beside "xuất viện").
        "ra vien": "recovered", "da ra vien": "recovered",
        # Where the patient is treated, which says the case is under treatment: at home
        # ("Điều trị tại nhà", "Cách ly tại nhà", as F0 were cared for at home from 2021).
        "dieu tri": "active", "cach ly tai nha": "active", "cach ly dieu tri": "active",
        # English, as the "Status" column of lists shared with partners says it.
        "under treatment": "active", "in treatment": "active", "treated at home": "active",
        "discharged": "recovered", "dead": "died", "deceased": "died", "death": "died",
    },
}

# Folded words a detection cell may begin with before the place ("Phát hiện tại cộng đồng",
# "Qua sàng lọc", "Tại khu cách ly"): found at, in, through. The place after them is read.
DETECTED_IN_LEADS = ("phat hien tai", "phat hien o", "phat hien trong", "phat hien qua",
                     "phat hien", "qua", "tai", "o")

# Folded words a clerk writes in the cluster column of a case that belongs to no cluster: "Không"
# (none), "Không có", "Chưa rõ" / "Không rõ" (not known), "Chưa xác định" (not determined). No
# cluster is named by them; a row of source "cluster" that says one is a cluster not yet named.
# Any other word, "x" included (a clerk's code for a cluster), names a cluster.
NO_CLUSTER = frozenset({"khong", "khong co", "chua co", "chua ro", "khong ro", "chua xac dinh",
                        "khong xac dinh"})
# A cell of nothing but dashes ("-", "–", "—", "--") is empty, as clerks fill a cell they have
# nothing for: the hyphen-minus, the hyphen, the en and em dashes and the minus sign, written
# once to three times (a fixed set: looked up by hash in every cell, where a pattern would cost
# the whole column's reading again).
DASHES = "-\u2010\u2013\u2014\u2212"
EMPTY_CELLS = ("", *(dash * n for dash in DASHES for n in (1, 2, 3)))

# Folded words of an onset column saying the person had no symptoms: "Không triệu chứng", its
# abbreviation "KTC", "Không có triệu chứng", "Chưa có triệu chứng" (none yet). There is no
# onset date, and the case is asymptomatic where the row gives no severity.
NO_SYMPTOMS = frozenset({"khong trieu chung", "ktc", "khong co trieu chung", "khong tc",
                         "chua co trieu chung", "chua trieu chung"})

# The columns of a case line list, in file order. Personal fields (name, phone, address) are
# kept for the CDC's own work and never reach a public output.
COLUMNS = (
    "case_id", "report_date", "report_time", "province", "district", "ward", "detected_in",
    "source", "cluster", "age", "sex", "onset_date", "sample_date", "vaccine_doses", "severity",
    "outcome", "outcome_date", "name", "phone", "address",
)
PERSONAL_COLUMNS = ("name", "phone", "address")
# A column a file may give in place of `age`: many 2021 line lists wrote the year of birth
# ("Năm sinh"), as the patient's papers give it, or the date of birth ("Ngày sinh",
# "12/03/1986"). It is read into `age` (the year of the report less the year of birth; from a
# whole date, the age in whole years on the report date) and not kept.
BIRTH_YEAR = "birth_year"

# Columns a form may give in place of `sex`: one headed "Nam" (male), one "Nữ" (female), the
# person's sex marked ("x") in one of them; or, under a heading "Năm sinh" or "Tuổi" over the
# two, the year of birth or the age written in the column of the person's sex, as the ministry's
# reporting forms lay it out. Read into `sex` (and `age`), not kept.
SEX_MARKS = {"male_mark": "M", "female_mark": "F"}

# Folded Vietnamese (and common English) headers -> column; looked up by `geo.names.header_key`,
# which reads "/", "-", "." and "_" as spaces.
HEADER_ALIASES = {
    "ma bn": "case_id", "ma benh nhan": "case_id", "ma ca benh": "case_id", "bn": "case_id",
    "ma so bn": "case_id", "ma so benh nhan": "case_id",
    "ngay bao cao": "report_date", "ngay cong bo": "report_date", "ngay xac dinh": "report_date",
    "gio bao cao": "report_time", "gio cong bo": "report_time", "gio": "report_time",
    "thoi gian bao cao": "report_time", "ngay phat hien": "report_date",
    "tinh": "province", "tinh thanh pho": "province", "tinh/thanh pho": "province",
    "thanh pho": "province", "tinh/tp": "province", "tinh/thanh": "province",
    "quan huyen": "district", "quan/huyen": "district", "quan": "district", "huyen": "district",
    "quan/huyen/thi xa": "district", "quan/huyen/tx": "district",
    "phuong xa": "ward", "phuong/xa": "ward", "phuong": "ward", "xa": "ward",
    "phuong/xa/thi tran": "ward", "phuong/xa/tt": "ward",
    "noi phat hien": "detected_in", "phat hien tai": "detected_in",
    "nguon lay": "source", "nguon lay nhiem": "source",
    "o dich": "cluster", "chum ca benh": "cluster",
    "tuoi": "age", "nam sinh": BIRTH_YEAR, "ns": BIRTH_YEAR, "phai": "sex",
    # One column for either, as lists wrote it: the age column reads a year as one of birth.
    "tuoi nam sinh": "age", "nam sinh tuoi": "age",
    "ngay sinh": BIRTH_YEAR, "ngay thang nam sinh": BIRTH_YEAR, "gioi tinh": "sex", "gioi": "sex",
    "ngay khoi phat": "onset_date", "ngay lay mau": "sample_date",
    "so mui vac xin": "vaccine_doses", "so mui vaccine": "vaccine_doses", "so mui": "vaccine_doses",
    "muc do": "severity", "tinh trang": "outcome", "ket cuc": "outcome",
    "ngay ket cuc": "outcome_date", "ho ten": "name", "ho va ten": "name",
    "so dien thoai": "phone", "dien thoai": "phone", "sdt": "phone", "dia chi": "address",
    # Headers of 2021 city lists ("Mã F0": a confirmed case was an F0; KPTC: khởi phát triệu
    # chứng, onset of symptoms).
    "ma f0": "case_id", "ma so f0": "case_id", "so bn": "case_id", "so benh nhan": "case_id",
    "ngay ghi nhan": "report_date",
    # The report date of the case ("Ngày công bố ca bệnh", "Ngày báo cáo ca bệnh").
    "ngay cong bo ca benh": "report_date", "ngay bao cao ca benh": "report_date",
    "ngay xac dinh ca benh": "report_date", "ngay duoc cong bo": "report_date",
    # The day the case left hospital ("Ngày xuất viện", "Ngày ra viện"): its outcome's day.
    "ngay xuat vien": "outcome_date", "ngay ra vien": "outcome_date",
    "ngay lay mau xn": "sample_date", "ngay lay mau xet nghiem": "sample_date",
    "ngay khoi phat trieu chung": "onset_date", "ngay kptc": "onset_date",
    "ngay co trieu chung": "onset_date",
    "so mui tiem": "vaccine_doses", "so mui da tiem": "vaccine_doses",
    "tinh trang tiem chung": "vaccine_doses", "tiem chung": "vaccine_doses",
    "tinh trang hien tai": "outcome", "ket qua dieu tri": "outcome",
    "dien thoai lien he": "phone", "so dien thoai lien he": "phone", "sdt lien he": "phone",
    "so dt": "phone", "dt": "phone", "dt lien he": "phone",
    "nam": "male_mark", "nu": "female_mark", "nam gioi": "male_mark", "nu gioi": "female_mark",
    # The sex column headed by its two values ("Nam/Nữ"), or "GT" (giới tính); the district
    # and ward columns by their initials ("Q/H": quận/huyện, "P/X": phường/xã).
    "nam nu": "sex", "gt": "sex", "q h": "district", "p x": "ward",
    # English headers, as lists shared with partners were written (HCDC's, the WHO office's):
    # the report as "Date of report" or "Date confirmed", the patient's code as "Patient ID",
    # the sex as "Gender", the outcome as "Status".
    "patient id": "case_id", "patient code": "case_id", "patient no": "case_id",
    "case code": "case_id", "case no": "case_id", "case number": "case_id",
    "date of report": "report_date", "reported on": "report_date", "date reported": "report_date",
    "reporting date": "report_date", "date confirmed": "report_date",
    "confirmed date": "report_date", "date of confirmation": "report_date",
    "confirmation date": "report_date", "time of report": "report_time",
    "province city": "province", "city": "province", "gender": "sex",
    "year of birth": BIRTH_YEAR, "birth year": BIRTH_YEAR, "date of birth": BIRTH_YEAR,
    "dob": BIRTH_YEAR, "date of onset": "onset_date", "onset": "onset_date",
    "symptom onset": "onset_date", "date of symptom onset": "onset_date",
    "date of sampling": "sample_date", "sampling date": "sample_date",
    "date of sample collection": "sample_date", "sample collection date": "sample_date",
    "source of infection": "source", "transmission": "source", "place of detection": "detected_in",
    "detected": "detected_in", "detection": "detected_in", "status": "outcome",
    "date of outcome": "outcome_date", "doses": "vaccine_doses", "number of doses": "vaccine_doses",
    "vaccination status": "vaccine_doses", "vaccine doses received": "vaccine_doses",
    "full name": "name", "phone number": "phone", "telephone": "phone", "mobile": "phone",
}
# Headers of 2021 district lists that name a column only in a list without a header of its own
# for it (a list giving both keeps its own, and this one is ignored, as a report date's stand-in
# is): the test's day ("Ngày XN", the sample's), where the person lives ("Nơi cư trú", "Địa chỉ
# thường trú"), the patient's name, the case's code ("Mã ca"), the illness's degree ("Mức độ
# bệnh", "Mức độ lâm sàng"), the doses ("Tiêm vắc xin", "Tình trạng tiêm"), onset ("Ngày KP"),
# year of birth ("Năm SN").
HEADER_STAND_INS = {
    "ngay xet nghiem": "sample_date", "noi cu tru": "address", "dia chi cu tru": "address",
    "dia chi thuong tru": "address", "dia chi noi o": "address", "noi o": "address",
    "noi o hien nay": "address", "cho o hien nay": "address",
    "ho va ten benh nhan": "name", "ho ten benh nhan": "name", "ho ten bn": "name",
    "ma ca": "case_id", "muc do benh": "severity", "muc do lam sang": "severity",
    "tiem vac xin": "vaccine_doses", "tinh trang tiem": "vaccine_doses",
    "tinh trang tiem vac xin": "vaccine_doses", "ngay kp": "onset_date",
    "ngay khoi phat benh": "onset_date", "nam sn": BIRTH_YEAR,
    # "F0/F1": whether the case was a known contact (an F1) when found, or not (an F0 found
    # as such): the source, in a list that has no source column.
    "f0 f1": "source",
}
# The day of the positive test's result names the report date only in a list that has no report
# date of its own: a case was announced the day its confirming result came back, and a list
# that gives both keeps them apart (its report date is the announcement).
# Had, received, returned ("có", "nhận", "trả"): the three verbs of the result's day.
REPORT_DATE_STAND_INS = (
    "ngay co ket qua", "ngay co ket qua xet nghiem", "ngay nhan ket qua",
    "ngay nhan ket qua xet nghiem", "ngay tra ket qua", "ngay tra ket qua xet nghiem",
    "ngay xet nghiem duong tinh", "ngay duong tinh",
)
# Headers whose words name a column of words, or of days where days are written under them:
# "Phát hiện" (found) heads where a case was found ("Cộng đồng", "Khu cách ly", "Phong tỏa") in
# most 2021 lists, and in some the day it was found, "Ngày phát hiện" shortened. Over days it
# is read as that header is: the report date of a list that gives none of its own.
HEADERS_OF_WORDS_OR_DAYS = {"phat hien": "detected_in"}
# Words of a header as clerks shorten them, read spelled out before a header is looked up:
# "KQ" (kết quả, result), "XN" (xét nghiệm, test), "KQXN" ("Ngày có KQ", "Ngày lấy mẫu XN").
# "BC" (báo cáo, report) and "CB" (công bố, announced): "Ngày BC", "Ngày CB".
HEADER_ABBREVIATIONS = {"kq": "ket qua", "xn": "xet nghiem", "kqxn": "ket qua xet nghiem",
                        "bc": "bao cao", "cb": "cong bo"}
# Beyond these, any day header that says the result was positive ("Ngày có kết quả XN dương
# tính", "Ngày XN PCR dương tính") is one: a header beginning with this and holding that.
REPORT_DATE_STAND_IN_WORDS = ("ngay", "duong tinh")
