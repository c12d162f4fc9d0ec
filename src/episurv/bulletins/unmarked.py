"""Bulletins typed without diacritics ("Tu 18h ngay 10/6 den 6h ngay 11/6 co 40 ca mac moi ghi
nhan trong nuoc tai Bac Giang (25), ..."), as forums, text messages and some provinces' pages
carried the ministry's and the cities' figures in 2021: the words the reader reads are given
their marks back, so that one lexicon reads both. Places need none: the gazetteer reads their
names without marks ("Bac Giang", "TP. Ho Chi Minh").

Only a text with no letter outside ASCII that reads as an unmarked bulletin is touched (a text
with marks keeps every word as typed). Each entry is a whole phrase of the bulletins' own
vocabulary, longest first, matched on word boundaries; a word that is two words unmarked is
restored only where its context decides it ("ngay" is "ngày" before a date, "ngay" (at once)
in "cach ly ngay"; "tu"/"den" are "từ"/"đến" before a time or date). Words that are also
part of a place's name are left out ("da": "Da Nang"; "mau": "Ca Mau"; "lieu": "Bac Lieu").
"""

from __future__ import annotations

import re

# Phrases as typed without marks (lower case) and as written.
_PHRASES = {
    "ca mac moi": "ca mắc mới", "ca nhiem moi": "ca nhiễm mới", "mac moi": "mắc mới",
    "nhiem moi": "nhiễm mới", "ca mac": "ca mắc", "ca nhiem": "ca nhiễm",
    "duong tinh": "dương tính", "trong do": "trong đó", "trong so do": "trong số đó",
    "nhap canh": "nhập cảnh", "trong nuoc": "trong nước", "ghi nhan": "ghi nhận",
    "cong dong": "cộng đồng", "cach ly ngay": "cách ly ngay", "cach ly": "cách ly",
    "phong toa": "phong tỏa", "khu vuc": "khu vực", "tu vong": "tử vong",
    "khoi benh": "khỏi bệnh", "benh nhan nang": "bệnh nhân nặng", "benh nhan": "bệnh nhân",
    "nguoi benh": "người bệnh", "truong hop": "trường hợp", "xet nghiem": "xét nghiệm",
    "sang loc": "sàng lọc", "phat hien": "phát hiện", "lieu vac xin": "liều vắc xin",
    "vac xin": "vắc xin", "trong ngay": "trong ngày", "hom nay": "hôm nay",
    "gio qua": "giờ qua", "ngay qua": "ngày qua", "trung binh": "trung bình",
    "tinh tu": "tính từ", "tinh den": "tính đến", "den nay": "đến nay", "tu dau": "từ đầu",
    "dot dich": "đợt dịch", "tong so": "tổng số", "cong don": "cộng dồn", "luy ke": "lũy kế",
    "nang tong so": "nâng tổng số", "len": "lên", "bo y te": "Bộ Y tế", "so y te": "Sở Y tế",
    "cho biet": "cho biết", "thong bao": "thông báo", "ca nuoc": "cả nước",
    "thanh pho": "thành phố", "cac tinh": "các tỉnh", "dia phuong": "địa phương",
    "nhu sau": "như sau", "da duoc": "đã được", "duoc": "được", "va": "và",
    "gom": "gồm", "them": "thêm", "so voi": "so với", "giam": "giảm", "tang": "tăng",
    "quan": "quận", "huyen": "huyện", "thi xa": "thị xã",
    "nhieu nhat la": "nhiều nhất là", "cao nhat la": "cao nhất là", "nhieu nhat": "nhiều nhất",
    "cao nhat": "cao nhất", "moi noi": "mỗi nơi", "moi": "mới",
    "he thong quoc gia": "Hệ thống Quốc gia",
    "quan ly ca benh": "quản lý ca bệnh", "tiem": "tiêm", "dang dieu tri": "đang điều trị",
    "so ca": "số ca", "so mac": "số mắc", "so f0": "số F0", "so benh nhan": "số bệnh nhân",
    "so nguoi": "số người", "so tu vong": "số tử vong", "ca/ngay": "ca/ngày",
    "moi ngay": "mỗi ngày", "tai": "tại", "cua": "của", "cac": "các",
    "tat ca deu": "tất cả đều", "deu": "đều",
    # The notice's heading and its "all are" ("THONG BAO VE 12 CA MAC MOI", "1 ca mac moi la ca
    # nhap canh"); a small count in words before its noun ("Ha Noi (mot ca)").
    "thong bao ve": "thông báo về", "la cac ca": "là các ca", "la ca": "là ca",
    "mot ca": "một ca",
}
# Words whose marks depend on what follows: before a time or a date ("Chieu 9/7", "tu 6h";
# not "Lien Chieu 8 ca", a district's count), "có" and "là" before a count ("Son La (5)" is a
# name), "ở" before a name.
_BEFORE_TIME = {"ngay": "ngày", "tu": "từ", "den": "đến", "toi": "tối", "sang": "sáng",
                "chieu": "chiều", "trua": "trưa", "dem": "đêm"}
_BEFORE_FIGURE = {**_BEFORE_TIME, "co": "có", "la": "là", "o": "ở"}

_PHRASE_RE = re.compile(r"\b(?:" + "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_PHRASES, key=len, reverse=True))
    + r")\b", re.IGNORECASE)
_BEFORE_FIGURE_RE = re.compile(
    r"\b(?:(?:" + "|".join(_BEFORE_TIME) + r")(?=\s+\d{1,2}(?:[/h:]|\s*gio\b))"
    r"|(?i:co|la)(?=\s+\d)|(?i:o)(?=\s+[A-Z]))", re.IGNORECASE)
# What an unmarked bulletin holds: a count of cases and one of its words without marks.
_COUNT_HINT_RE = re.compile(r"\d\s+(?:ca|F0|truong hop|benh nhan)\b", re.IGNORECASE)
_WORD_HINT_RE = re.compile(r"\b(?:mac|nhiem|ghi nhan|trong do|duong tinh|tu vong|cong dong"
                           r"|cach ly)\b", re.IGNORECASE)


def _as_typed(word: str, written: str) -> str:
    """`written` with the case of the first letter `word` was typed in."""
    if written[0].isupper() or not word[0].isupper():
        return written
    return written[0].upper() + written[1:]


def _phrase(m: re.Match[str]) -> str:
    return _as_typed(m.group(), _PHRASES[" ".join(m.group().lower().split())])


def _before_figure(m: re.Match[str]) -> str:
    return _as_typed(m.group(), _BEFORE_FIGURE[m.group().lower()])


def unmarked(text: str) -> bool:
    """Whether `text` is a bulletin typed without diacritics."""
    return text.isascii() and _COUNT_HINT_RE.search(text) is not None \
        and _WORD_HINT_RE.search(text) is not None


def restore_marks(text: str) -> str:
    """The bulletin's words with their marks (see the module's docstring)."""
    text = _BEFORE_FIGURE_RE.sub(_before_figure, text)
    return _PHRASE_RE.sub(_phrase, text)
