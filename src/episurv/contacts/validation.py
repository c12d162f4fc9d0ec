"""The rules a contact row must meet, shared by the importer, the API and the public form.

Pure apart from the place register: text values in, typed values and named problems out (row,
field, value, message, as for cases). Whether a source case exists is for the service to say.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from episurv.cases.validation import (
    EPIDEMIC_DAYS,
    FIRST_DAY,
    FRACTION_OF_A_NUMBER,
    SEX_AS_A_NUMBER,
    Problem,
    enum_value,
    written_age,
)
from episurv.cases.vocabulary import HEADER_ALIASES as CASE_HEADERS
from episurv.cases.vocabulary import MAX_VACCINE_DOSES, SEXES, VALUE_ALIASES
from episurv.contacts.models import LEVELS, RELATIONS
from episurv.contacts.quarantine import SETTINGS
from episurv.core.codes import patient_code
from episurv.core.days import day_near, typed_day, unread_day
from episurv.core.i18n import N_
from episurv.core.limits import limit_of
from episurv.core.time import local_today
from episurv.errors import InvalidInput
from episurv.geo.names import fold, header_key
from episurv.importing import HEADER_HINT
from episurv.safe_reading import as_written

COLUMNS = (
    "contact_code", "level", "source_case", "source_contact", "exposure_date", "exposure_place",
    "relation", "identified_on", "name", "phone", "age", "sex", "address", "province",
    "district", "ward", "team", "vaccine_doses", "last_dose_date", "recovered_on", "setting",
    "case",
)
PERSONAL_COLUMNS = ("name", "phone", "address")

HEADER_ALIASES = {
    **{k: v for k, v in CASE_HEADERS.items()
       if v in ("province", "district", "ward", "name", "phone", "address", "age", "sex",
                "vaccine_doses")},
    "ma f1": "contact_code", "ma tiep xuc": "contact_code", "ma nguoi tiep xuc": "contact_code",
    "phan loai": "level", "cap": "level", "f": "level",
    "ma bn nguon": "source_case", "ca nguon": "source_case", "f0": "source_case",
    # The case a list's F1 were exposed to, as contact lists headed it ("F0 liên quan", "Tiếp
    # xúc với F0"); "Ngày TX" (tiếp xúc) the exposure; "Năm sinh" the age column, which reads
    # a year as one of birth.
    "f0 lien quan": "source_case", "ma f0": "source_case", "tiep xuc voi f0": "source_case",
    "f0 nguon": "source_case", "ma f0 nguon": "source_case", "ngay tx": "exposure_date",
    "ngay tx cuoi": "exposure_date", "ngay tiep xuc cuoi cung": "exposure_date",
    "quan he voi f0": "relation", "moi quan he voi f0": "relation",
    "ma bn f0": "source_case", "la f1 cua": "source_case", "tiep xuc voi": "source_case",
    "ngay tiep xuc gan nhat": "exposure_date", "f1 f2": "level", "phan loai f": "level",
    "nguon": "source_case", "f1 nguon": "source_contact", "ma f1 nguon": "source_contact",
    "ngay tiep xuc": "exposure_date", "ngay tiep xuc cuoi": "exposure_date",
    "noi tiep xuc": "exposure_place", "dia diem tiep xuc": "exposure_place",
    "quan he": "relation", "moi quan he": "relation", "ngay phat hien": "identified_on",
    "ngay truy vet": "identified_on", "to": "team", "doi": "team", "to truy vet": "team",
    "ngay tiem mui cuoi": "last_dose_date", "ngay khoi benh": "recovered_on",
    "hinh thuc cach ly": "setting", "ma bn": "case",
    # English, as lists shared with partners (HCDC's) headed them.
    "tiep xuc voi ca benh": "source_case", "tiep xuc voi bn": "source_case",
    "contact id": "contact_code", "contact no": "contact_code", "source case id": "source_case",
    "index case": "source_case", "index case id": "source_case", "linked case": "source_case",
    "date of last contact": "exposure_date", "last contact date": "exposure_date",
    "date of last exposure": "exposure_date", "date of exposure": "exposure_date",
    "date of contact": "exposure_date", "place of exposure": "exposure_place",
    "place of contact": "exposure_place", "relationship": "relation",
    "relationship to case": "relation", "date identified": "identified_on",
    "date traced": "identified_on", "quarantine type": "setting",
    "quarantine setting": "setting", "tracing team": "team",
}
RELATION_ALIASES = {
    "ho gia dinh": "household", "gia dinh": "household", "cung nha": "household",
    "noi lam viec": "workplace", "cong ty": "workplace", "dong nghiep": "workplace",
    "truong hoc": "school", "benh vien": "healthcare", "co so y te": "healthcare",
    "xa hoi": "social", "ban be": "social", "hang xom": "social", "ban": "social",
    "phuong tien": "transport", "xe": "transport", "noi cong cong": "public_place",
    "cho": "public_place", "sieu thi": "public_place", "khac": "other",
    # English, as lists shared with partners wrote the relation.
    "family": "household", "family member": "household", "colleague": "workplace",
    "coworker": "workplace", "co worker": "workplace", "friend": "social",
    "neighbour": "social", "neighbor": "social", "classmate": "school",
    # Kin, as lists wrote who the F1 is to the case ("Vợ", "Con", "Mẹ"): of one household.
    **dict.fromkeys(("vo", "chong", "con", "bo", "me", "cha", "ong", "ba", "anh", "chi", "em",
                     "chau", "vo chong", "bo me", "cha me", "anh chi em", "con trai",
                     "con gai", "nguoi nha", "o cung nha"), "household"),
}
SETTING_ALIASES = {"tai nha": "home", "nha": "home", "tap trung": "facility",
                   "cach ly tai nha": "home", "cach ly tap trung": "facility",
                   "khu cach ly": "facility", "co so": "facility",
                   # English: "Home quarantine", "Centralised quarantine".
                   "home quarantine": "home", "centralised": "facility",
                   "centralized": "facility", "centralised quarantine": "facility",
                   "centralized quarantine": "facility", "quarantine facility": "facility"}

_RELATIONS = {**{r: r for r in RELATIONS}, **RELATION_ALIASES}
_SETTINGS = {**{s: s for s in SETTINGS}, **SETTING_ALIASES}
_SEXES = {**{fold(s): s for s in SEXES}, **VALUE_ALIASES["sex"]}

_PHONE_JUNK = re.compile(r"[\s.\-()]")


_FRACTION = re.compile(FRACTION_OF_A_NUMBER)
# A number cell drops the leading 0: 9 digits, or 10 beginning with 2 (a landline), lost it.
_LOST_ZERO = re.compile(r"[1-9]\d{8}|2\d{9}")


def normalize_phone(text: str | None) -> str | None:
    """A Vietnamese phone number as 10 or 11 digits starting with 0 ("+84 912.345.678" ->
    "0912345678"; "912345678" and "912345678.0", as number cells give it, too: the line list's
    rule, `cases.validation._phone`); None if it is not one."""
    if not text:
        return None
    digits = _PHONE_JUNK.sub("", _FRACTION.sub(r"\1", text.strip()))
    if _LOST_ZERO.fullmatch(digits):
        digits = "0" + digits
    elif digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
        return None
    return digits


# Headers that name a column only in a list without its own: "Năm sinh" (year of birth) is
# the age column, which reads a year as one of birth, where no "Tuổi" is given. "Nơi cách ly"
# says where the F1 is quarantined ("Tại nhà", "KTX ĐH Quốc gia"), "Hình thức cách ly" how
# (at home or in a facility, the column's two values): the setting is
# read from "Hình thức" where a list gives both, the place's words being no more than a
# reading of it, and from "Nơi cách ly" where it is the only one.
STAND_INS = {"nam sinh": "age", "noi cach ly": "setting", "dia diem cach ly": "setting"}

# Each column's own name and the words files use for it, keyed as `header_key` keys a header.
_HEADERS = {**{header_key(k): v for k, v in HEADER_ALIASES.items()},
            **{header_key(c): c for c in COLUMNS}}




# Whom a header's words are of, after them: "Ngày tiếp xúc cuối cùng với F0", "Mối quan hệ với
# ca bệnh" (with the case), "Họ và tên F1" (of the F1). The header says the same without them.
_OF_WHOM = re.compile(r"\s+(?:(?:voi|cua)\s+(?:f0|ca benh|benh nhan|bn|ca duong tinh)|f1)$")


def _key(header: str) -> str:
    """A header as the tables above key it: `header_key`'s, without a hint in brackets after
    it, nor the words saying whom it is of (`_OF_WHOM`), where its name says a column without
    them; else its word and its hint read as one name."""
    key = header_key(as_written(header))
    hint = HEADER_HINT.search(key)
    # The header's word and its hint as one name ("Ngày (tiếp xúc)" is "Ngày tiếp xúc").
    joined = header_key(f"{key[:hint.start()]} {hint.group(1)}") if hint else ""
    for bare in (HEADER_HINT.sub("", key), _OF_WHOM.sub("", HEADER_HINT.sub("", key)),
                 joined):
        if key in _HEADERS or key in STAND_INS or not bare:
            break
        key = bare
    return key


def names_a_column(header: str) -> bool:
    """Whether a header names a column of a contact list (`map_headers`)."""
    key = _key(header)
    return key in _HEADERS or key in STAND_INS


def map_headers(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        column = _HEADERS.get(_key(header))
        if column is None:
            unknown.append(header)
        elif column in mapping.values():
            raise InvalidInput(f"two headers name column {column!r}: {header!r} and "
                               + ", ".join(repr(h) for h, c in mapping.items() if c == column))
        else:
            mapping[header] = column
    for header in list(unknown):
        column = STAND_INS.get(_key(header))
        if column is not None and column not in mapping.values():
            mapping[header] = column
            unknown.remove(header)
    return mapping, unknown


# A contact list kept a list per case named its case in its title only, as tracing teams
# headed them ("DANH SÁCH F1 CỦA BN9999", "F1 liên quan BN 3051"): a patient code ("BN" and its
# number) in a line above the header.
_CASE_IN_TITLE = re.compile(r"(?<![0-9A-Za-z])BN\s*\d+(?![0-9A-Za-z])", re.IGNORECASE)


def case_in_title(title: tuple[str, ...] | list[str]) -> str | None:
    """The one case a list's title names (`safe_reading.Table.title`), as written; None when
    it names none, or several (a title over the F1 of two cases says not whose each row is)."""
    found = {patient_code(m.group()): m.group() for line in title
             for m in _CASE_IN_TITLE.finditer(line)}
    return next(iter(found.values())) if len(found) == 1 else None


# The days of a contact: the case list's days (cases.validation.EPIDEMIC_DAYS), as an exposure
# is to a case's infectious days and a contact's test or recovery is a case's day too.
DAY_COLUMNS = ("exposure_date", "identified_on", "last_dose_date", "recovered_on")

# A day written without its year ("6/11") is read beside the row's exposure day, the exposure
# beside the day the contact was found, as the line list reads one beside its report date.
_YEARLESS_BESIDE = {"exposure_date": "identified_on", "identified_on": "exposure_date",
                    "last_dose_date": "exposure_date", "recovered_on": "exposure_date"}

LEVEL_IS_F1_OR_F2 = N_("must be F1 or F2")
F1_NEEDS_ITS_CASE = N_("required: the case the F1 was exposed to")
F2_NEEDS_ITS_F1 = N_("required: the F1 the F2 was exposed to")
FOUND_BEFORE_EXPOSURE = N_("is before the exposure date")
SETTING_IS_HOME_OR_FACILITY = N_("must be home or facility")
SEX_IS_M_OR_F = N_("must be M or F")
NOT_A_PHONE = N_("not a phone number (10 or 11 digits starting with 0, or +84)")


@dataclass
class Row:
    """A checked contact row; places and sources still as written (the service resolves them)."""

    row: int
    values: dict


def check_row(row: int, raw: dict[str, object], *, today: date | None = None,
              titled: date | None = None) -> tuple[Row, list[Problem]]:
    """Types, vocabularies and the order of dates of one row. `today`: the local day its days
    may not pass by more than one (`EPIDEMIC_DAYS`), the real one unless given; `titled`: the
    day the list's title gives (`core.days.title_day`), beside which a day without its year
    is read where the row has no whole day to read it beside."""
    text = {c: (str(raw[c]).strip() if raw.get(c) is not None and str(raw[c]).strip() != ""
                else None) for c in COLUMNS}
    problems: list[Problem] = []
    values: dict[str, object] = dict(text)

    def bad(column: str, template: str, **params: object) -> None:
        problems.append(Problem.of(row, column, text[column] or "", template, **params))

    for column in COLUMNS:
        if text[column] is not None and len(text[column]) > (limit := limit_of(column)):
            bad(column, N_("longer than %(limit)s characters"), limit=limit)

    level = (text["level"] or "F1").upper()
    if level not in LEVELS:
        bad("level", LEVEL_IS_F1_OR_F2)
    values["level"] = level
    if level == "F1" and not text["source_case"] and not text["source_contact"]:
        bad("source_case", F1_NEEDS_ITS_CASE)
    if level == "F2" and not text["source_contact"]:
        bad("source_contact", F2_NEEDS_ITS_F1)
    last_day = (today or local_today()) + timedelta(days=1)
    whole = {c: typed_day(text[c]) if text[c] else None for c in DAY_COLUMNS}
    for column in DAY_COLUMNS:
        if text[column]:
            day, beside = whole[column], whole[_YEARLESS_BESIDE[column]] or titled
            if day is None and beside is not None:
                day = day_near(text[column], beside)
            values[column] = day
            if day is None:
                template, params = unread_day(text[column])
                bad(column, template, **params)
            elif not FIRST_DAY <= day <= last_day:
                bad(column, EPIDEMIC_DAYS, first=FIRST_DAY.isoformat(),
                    last=last_day.isoformat())
    if not text["exposure_date"]:
        bad("exposure_date", N_("required"))
    exposure, found = values.get("exposure_date"), values.get("identified_on")
    if isinstance(exposure, date) and isinstance(found, date) and found < exposure:
        bad("identified_on", FOUND_BEFORE_EXPOSURE)
    if text["age"] and (age := written_age(text["age"])) is not None:
        # As the line list reads its age column: "31t", "8 tháng"; a year of birth ("1990",
        # as "Năm sinh" columns give it) is the exposure's year less it.
        if 1000 <= age <= 9999 and isinstance(exposure, date):
            age = exposure.year - age
        text["age"] = str(age)
    for column, low, high in (("age", 0, 120), ("vaccine_doses", 0, MAX_VACCINE_DOSES)):
        if text[column]:
            try:
                number = float(text[column])
                if number != int(number):
                    raise ValueError
                values[column] = int(number)
                if not low <= int(number) <= high:
                    bad(column, N_("must be between %(low)s and %(high)s"), low=low, high=high)
            except ValueError:
                bad(column, N_("not a whole number"))
    # Each word as the line list reads its own (`enum_value`): the value, or the longest word
    # of the vocabulary the cell begins with ("Vợ BN9999", "Đồng nghiệp cùng phòng").
    values["relation"] = enum_value(fold(text["relation"] or "other"), _RELATIONS)
    if values["relation"] is None:
        bad("relation", N_("must be one of %(values)s"), values=", ".join(RELATIONS))
    if text["setting"]:
        values["setting"] = enum_value(fold(text["setting"]), _SETTINGS)
        if values["setting"] is None:
            bad("setting", SETTING_IS_HOME_OR_FACILITY)
    if text["sex"]:
        sex = enum_value(fold(text["sex"]), _SEXES)  # the line list's words ("Nữ giới")
        values["sex"] = sex
        if sex is None:
            bad("sex", SEX_AS_A_NUMBER if text["sex"].isdigit() else SEX_IS_M_OR_F)
    if text["phone"]:
        values["phone"] = normalize_phone(text["phone"])
        if values["phone"] is None:
            bad("phone", NOT_A_PHONE)
    return Row(row, values), problems


def generated_code(raw: dict[str, object], nth: int) -> str:
    """A stable code for a row without one: re-importing the same file gives the same codes."""
    content = "\x1f".join(str(raw.get(c) or "") for c in COLUMNS if c != "contact_code")
    return "C-" + hashlib.sha1(f"{content}\x1e{nth}".encode()).hexdigest()[:12].upper()
