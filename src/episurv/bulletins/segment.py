"""Normalising bulletin text and cutting it into sentences whose figures can be accounted for.

Source: the published bulletins (the domain README §2). They arrive NFD or NFC,
with non-breaking spaces, with sentences glued together ("...24 giờ qua.Cụ thể, ...",
"...khi được điều độngTP Hà Nội ...") and with typos the press left in ("mỗi mơi", "Đưởng").
A figure is never cut: "4.998" and "89.6 triệu" keep their ".".
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from episurv.bulletins import places
from episurv.bulletins.numbers import NUMBER_WORD, read_number
from episurv.bulletins.unmarked import restore_marks, unmarked

# Typos seen in bulletins, corrected before reading (wrong -> right). Kept short and literal:
# a correction here changes what every later rule sees.
TYPOS = {
    "mỗi mơi": "mỗi nơi",
    "mồi nơi": "mỗi nơi",
    "mỗi nới": "mỗi nơi",
    "Đưởng": "Đường",
    "đưởng": "đường",
    "Đưòng": "Đường",
}
# Latin letters Vietnamese uses, split by case (the Unicode blocks interleave the cases, so a
# range like "à-ỹ" would hold capitals too).
_LETTERS = [chr(c) for r in ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00))
            for c in range(*r) if chr(c).isalpha()]
_UPPER = re.escape("".join(c for c in _LETTERS if c.isupper()))
_LOWER = re.escape("".join(c for c in _LETTERS if c.islower()))
UPPER = f"[{_UPPER}]"  # one upper-case letter, for other modules' patterns
NAME = rf"{UPPER}[^\s,.:;()]*(?:\s+{UPPER}[^\s,.:;()]*)"  # a capitalised name, append {0,n}
# Abbreviations whose "." does not end a sentence ("TP. Hồ Chí Minh", "Q. 7", "P. Cống Vị",
# "T.P Hồ Chí Minh").
ABBREVIATIONS = {"TP", "Tp", "tp", "Q", "P", "T", "TX", "TT", "H", "X", "BS", "ThS", "TS", "PGS",
                 "GS", "St"}
_ABBREV_LONGEST = max(map(len, ABBREVIATIONS))
# A sentence ends at ".", "!", "?", ";"-free ellipsis, or a newline; the next one starts with an
# upper-case letter, a digit, "-" or a quote. "4.998" (digit.digit) never matches.
# Stops and newlines are found by substring search and checked at each place (`_boundaries`,
# `_stop_ends`): a single pattern with look-behinds, tried at every character, was the slowest
# part of reading a long bulletin.
_STOP_RE = re.compile(rf"(?P<stop>\.{{1,3}}|…|[!?])\s*(?=[{_UPPER}\d\-–•\"“(])")
_NEWLINE_RE = re.compile(r"\n+\s*")
# Glued without any stop: a lower-case word running into an upper-case one ("độngTP"). The
# look-behind comes after the upper-case letter, so the engine skips to those letters.
_GLUED_RE = re.compile(rf"[{_UPPER}](?<=[{_LOWER}]{{2}}[{_UPPER}])(?=[{_UPPER}{_LOWER}])")
_STOPS = ".!?…"
_STOP_AFTER = frozenset(_LETTERS) | set(')%"”’')
_UPPER_SET = frozenset(c for c in _LETTERS if c.isupper())
# Digit tokens that are figures to account for. "F0", "Covid-19", "SARS-CoV-2" are names: a
# token right after a letter, digit, "_" or "-" is not one. The look-behind comes after the
# first digit, so the engine skips to the digits instead of testing every character.
# ASCII digits (re.ASCII): bulletins write no others, and the narrower class is faster to scan.
_DIGITS_RE = re.compile(r"\d(?<![\w\-]\d)\d*(?:[.,]\d+)*", re.ASCII)


_OTHER_SPACES = "\t\u00a0\u2007\u202f\u200b\ufeff"
_ODD_SPACES = ("  ", "\t", "\u00a0", "\u2007", "\u202f", "\u200b", "\ufeff")
# A substring every typo holds: most texts have none, and a substring test is much cheaper
# than running the typo pattern over the text.
_TYPO_HINTS = ("mơi", "mồi", "nới", "ưở", "ưò")


# HTML left in stored pages: tags and entities ("&nbsp;", "<br/>").
_TAG_RE = re.compile(r"<[a-zA-Z/!][^<>]*>")
# "trường hợp" (a case) after a count is the same noun as "ca": the readers' patterns are
# written with "ca", so it is read as "ca" ("Hà Nội ghi nhận 12 trường hợp mắc mới").
# In any case ("12 Trường Hợp" in a headline); looked for only in a text that holds "ợp" or
# "ỢP", and the count before it is checked in Python.
_CASE_NOUN = "trường hợp"
# "3.005 ca F0" (Bình Dương's and TP HCM's reports of 2021: a case that is an F0) is "3.005 ca":
# both nouns name one case.
# So is "Số ca F0 mới trong ngày là 2.870 ca" (Bình Dương, 30/8/2021).
_CA_F0_RE = re.compile(r"(?:(?<=\d)|(?<=số)|(?<=SỐ)) ca F0\b", re.IGNORECASE)
_CASE_NOUN_RE = re.compile(_CASE_NOUN, re.IGNORECASE)
# "Cần Thơ (8 )", "( 12)": stray spaces inside a count's brackets.
_SPACE_BEFORE_MARK_RE = re.compile(r"(?<=\S) ([,;:]|\.(?!\.))")
_PAREN_COUNT_RE = re.compile(r"\(\s*(\d[\d.,]*)\s*\)")
# "13,872 ca", "(1,204)", "1,550,200 liều": "," as the thousands mark (English style, in some
# news copies), where the figure is a count, which has no decimals: a count of cases, doses or
# samples, or a list's count in brackets. Written with the texts' own "." (length kept).
_COMMA_THOUSANDS_RE = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?=\s+(?:ca|trường hợp|F0|bệnh nhân|người|liều|mẫu)(?!\w)"
    r"|\s*\))")
# A "," before three digits, looked for first: a pattern that opens with a literal is searched
# for fast, where the one above is tried at every character (a twentieth of the reading).
_COMMA_GROUP_RE = re.compile(r",\d\d\d")
# "Quảng Trị (một)": a count in brackets written as a word, as news rewrites write small counts,
# is the figure every list reader reads in brackets; so is one with its noun, "Bắc Giang (hai
# ca)", "(một trường hợp)", as "Nghệ An (30 ca)" is read (the noun kept).
_PAREN_WORD_RE = re.compile(rf"\((?=[mhbtnsclMHBTNSCL])({NUMBER_WORD})(\s+(?:ca|trường hợp))?\)",
                            re.IGNORECASE)


def _paren_word_as_figure(m: re.Match[str]) -> str:
    return f"({read_number(m.group(1))}{m.group(2) or ''})"

# A line break is a soft wrap, not a boundary, when the line before it does not end a sentence
# and the next line does not start an item: page copies of the ministry's notice of 3/10/2021
# wrap mid-list ("Bà Rịa -\nVũng Tàu (13)", "Nghệ An\n(11)", "Thừa Thiên\nHuế (1)").
_SOFT_BREAK_RE = re.compile(r"(?<=[^\s.!?…;\n])[ \t]*\n[ \t]*(?=[^\s\-–+•*\n])")
# A blank line where a sentence cannot end, after "," or ":" or "tại", "ở", "gồm" (a list
# whose items a web page set in paragraphs of their own: "... ghi nhận trong nước tại\n\nTP. Hồ
# Chí Minh (1.628), Bình Dương (312),\n\nLong An (227)"), is a soft break too; not before a
# line that opens a bullet item.
_LIST_PARAGRAPH_RE = re.compile(r"(?:(?<=[,:])|(?<=\btại)|(?<=\bở)|(?<=\bgồm))[ \t]*\n"
                                r"(?:[ \t]*\n)+[ \t]*(?=[^\s\-–+•*])")
# A line broken after the "." of a unit's abbreviation ("TP.\nHồ Chí Minh", "Q.\n7") goes on:
# the "." ends no sentence. Abbreviations of one letter other than "Q" and "P" are left out
# ("H." may be an initial at a line's end).
_BREAK_ABBREVIATIONS = frozenset(a for a in ABBREVIATIONS if len(a) > 1 or a in "QP")
_DOT_BREAK_RE = re.compile(rf"\.[ \t]*\n[ \t]*(?={UPPER}|\d)")


def _join_abbreviation_breaks(text: str) -> str:
    """"TP.\nHồ Chí Minh" as "TP. Hồ Chí Minh"."""
    def join(m: re.Match[str]) -> str:
        return ". " if _word_before(text, m.start()) in _BREAK_ABBREVIATIONS else m.group(0)
    return _DOT_BREAK_RE.sub(join, text)


# A list of "Name (n)" items one a line, each closed by ";" ("TP. Hồ Chí Minh (1.800);\nBình
# Dương (900);"): the ";" separates items of one list, so the line goes on.
_ITEM_LINE_BREAK_RE = re.compile(r"(?<=\);)[ \t]*\n[ \t]*(?=[^\W\d_][^\n()]{0,40}\(\s*\d)")


# A list written one item a line, each behind a bullet or a number: "các quận:\n- Thanh Xuân
# 5;\n- Hoàng Mai 4", "1. Hà Nội: 5 ca\n2) Hà Nam - 3 ca" are lists. Only a line that is a name
# and a count is an item: a bullet line that states something ("- 205 ca ghi nhận trong nước
# tại: ...", the ministry's notices) stays a sentence of its own. A district of HCMC is named by
# its number ("- Quận 1: 12 ca", "- Q.3 8"); an item may put ":" or a dash before its count
# (read as ":"), and "trường hợp" for "ca" (made "ca" only later).
_BULLET_ITEM_RE = re.compile(
    r"^[ \t]*(?:[-–+•*]|\d{1,2}[.)])[ \t]+(?P<name>(?:(?i:quận|q\.|phường|p\.) ?\d{1,2}|"
    r"[^\W\d_][^\n:;,\d]{0,60}?))(?:[ \t]*(?P<dash>[-–])(?=[ \t]))?"
    r"(?P<count>:?(?:\s\d[\d.]*(?:\s+(?:ca|trường hợp))?|\s\(\d[\d.]*\)"
    r"|\s(?:mỗi \w+|đều) (?:\d+|một|hai|ba)))[ \t]*(?P<end>[;,.]?)[ \t]*$")
_BULLETS = "-–+•*0123456789"


# A table copied as text: one row a line, its cells split by tabs or "|" ("Bình Dương\t2.165",
# "| 3 | Bình Dương | 2.165 |"), a row's number first in some; the line of column names above
# the rows holds no figure ("Tỉnh/thành phố\tSố ca", "STT | Tỉnh | Số ca").
_CELL = r"[ \t]*[\t|][ \t]*"
_TABLE_ROW_RE = re.compile(rf"^[ \t]*\|?[ \t]*(?:\d{{1,3}}[.)]?{_CELL})?"
                           rf"(?P<name>[^\W\d_][^\t|\n\d]{{0,60}}?){_CELL}"
                           r"(?P<n>\d[\d.]*)[ \t]*\|?[ \t]*$")
_TABLE_HEAD_RE = re.compile(r"^\|?[^\t|\d\n]+(?:[\t|][^\t|\d\n]*)+$")


def _table_rows_as_items(text: str) -> str:
    """Rows of a table written as the bullet items of a list ("- Bình Dương 2.165"), its line
    of column names dropped, or made "Cụ thể:" where no sentence leads to the table: the list
    then reads as any bulleted list."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        row = _TABLE_ROW_RE.match(line)
        if row:
            out.append(f"- {row.group('name').strip()} {row.group('n')}")
        elif not (_TABLE_HEAD_RE.match(line.strip())
                  and i + 1 < len(lines) and _TABLE_ROW_RE.match(lines[i + 1])):
            out.append(line)
        elif not out or out[-1].rstrip()[-1:] in _STOPS:
            # Under a sentence that is done, the header introduces its rows as "như sau:"
            # would: the rows are its list.
            out.append("Cụ thể:")
    return "\n".join(out)


def _join_bullet_items(text: str) -> str:
    """Bulleted item lines joined into the list they continue; the last item closes it."""
    lines = text.split("\n")
    out: list[str] = []
    item_before = False  # whether the last line of `out` ends with an item joined to it
    for i, line in enumerate(lines):
        m = _BULLET_ITEM_RE.match(line) if line[:3].strip()[:1] in _BULLETS else None
        if m is None or not out or (not item_before and out[-1].rstrip()[-1:] in _STOPS):
            # A line that ends a sentence opens no list: "• Ghi nhận 170 ca tử vong tại ...
            # (20).\n• Số bệnh nhân nặng: 5.900 ca." are two statements, not a list and its item.
            out.append(line)
            item_before = False
            continue
        item_before = True
        last = lines[i + 1] if i + 1 < len(lines) else ""
        more = bool(_BULLET_ITEM_RE.match(last))
        joiner = " " if out[-1].rstrip()[-1:] in (":", ";", ",") else "; "
        item = m.group("name").rstrip() + (":" if m.group("dash") else "") + m.group("count")
        out[-1] = out[-1].rstrip() + joiner + item + (
            m.group("end") if more or m.group("end") else ".")
    return "\n".join(out)


# Words a line cannot end a heading with: they want the words after them ("ghi nhận 5 ca
# tại\nBắc Giang (3)" is one sentence wrapped), a unit's kind its name ("tại quận\nHoàng Mai").
_GOES_ON_WORDS = frozenset({"tại", "ở", "gồm", "là", "và", "có", "của", "với", "từ", "trong",
                            "đến", "cho", "nhận", "các", "như", "sau", "ngày", "quận",
                            "huyện", "thị", "xã", "phường", "tỉnh", "phố", "tp", "tp."})
# What opens a report's first sentence, its dateline or its source: "Tối 3/12, CDC ...", "Ngày
# 10/9, Sở Y tế ...", "Theo CDC Hà Nội, ...". A first line before it is a headline even when it
# ends on a word that wants more ("Hà Nội thêm 300 ca, nhiều nhất tại" cut short on a news page).
_OPENS_REPORT_RE = re.compile(r"(?:(?:Sáng|Trưa|Chiều|Tối|Đêm|Ngày|Hôm nay)(?:\s+nay)?\s*"
                              r"(?:\(|,)?\s*(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}\b|Theo\s+(?:"
                              r"CDC|Sở Y tế|Bộ Y tế|Trung tâm|Ban chỉ đạo|thông tin|thông báo"
                              r"|bản tin)"
                              r"|(?:CDC|Sở Y tế|Bộ Y tế)\s)")


# A line of a list, whatever its case: an item's count in brackets and the separator after
# it, or a line that stops on a separator or a name's hyphen. No heading reads so ("THÔNG
# BÁO VỀ 34 CA MẮC MỚI (BN3538-3571)"): a list copied in capitals goes on at its line breaks.
_LIST_LINE_RE = re.compile(r"\(\d[\d.]*\)\s*[,;]|[,\-–]\s*$")


def _join_wrapped(text: str) -> str:
    """Soft line breaks joined with a space; a break after a heading (a line with capitals and
    no lower-case letter) or before a line that opens with a d/m date or an hour stays a
    boundary. A break after a list item's ";" before the next item is soft too."""
    def join(m: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start:m.start()]
        if not any(c.islower() for c in line) and any(c.isupper() for c in line) \
                and not _LIST_LINE_RE.search(line):
            return m.group(0)  # a heading; a line of no letter ("(11),", a wrapped item's
            # count) goes on, as does a list in capitals ("BÌNH DƯƠNG (30), BÀ RỊA -")
        last = line.rsplit(None, 1)[-1]
        if line_start == 0 and text[m.end():m.end() + 1] in _UPPER_SET and line[-1].isalnum() \
                and ((last.lower() not in _GOES_ON_WORDS and not last[:1].isupper())
                     or _OPENS_REPORT_RE.match(text, m.end())):
            return m.group(0)  # the first line is a headline when a capital opens the next:
            # "Đà Nẵng: phát hiện 12 ca dương tính\nTheo Sở Y tế ..." (news pages, 2021); not
            # when it ends in a name cut by the break ("tại TP. Hồ\nChí Minh")
        return " "
    if ");\n" in text:
        text = _ITEM_LINE_BREAK_RE.sub(" ", text)
    if "\n\n" in text or "\n \n" in text:
        text = _LIST_PARAGRAPH_RE.sub(" ", text)
    return _SOFT_BREAK_RE.sub(join, text)


def find_all(text: str, words: tuple[str, ...], start: int = 0) -> list[int]:
    """Every position at which one of `words` occurs in `text` from `start` (substring search,
    overlapping occurrences included), ascending."""
    out = []
    for word in words:
        p = text.find(word, start)
        while p != -1:
            out.append(p)
            p = text.find(word, p + 1)
    return sorted(out)


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end]


def _case_nouns(text: str) -> list[tuple[int, int]]:
    """The spans of _CASE_NOUN_RE's matches: found by substring search in the text's lower
    case when that keeps its length (the same places: no letter of "trường hợp" has another
    upper case than its own, and a pattern in any case tests every character of a long text,
    several times the cost), else by the pattern."""
    low = text.lower()
    if len(low) != len(text):
        return [m.span() for m in _CASE_NOUN_RE.finditer(text)]
    size = len(_CASE_NOUN)  # the word never overlaps itself: find_all's places are the matches
    return [(at, at + size) for at in find_all(low, (_CASE_NOUN,))]


def _case_noun_as_ca(text: str) -> str:
    """ "12 trường hợp", "hai trường hợp" written "12 ca", "hai ca"."""
    out, last = [], 0
    for at, end in _case_nouns(text):
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue  # not the whole word
        before = at
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if before == at or before == 0:
            continue
        if not (text[before - 1].isdigit() or _word_before(text, before).lower() in _COUNT_WORDS):
            continue
        out.append(text[last:at])
        out.append("ca")
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# A day written "03.10", "3-10" or "3-10-2021" after the word that makes it a day ("ngày",
# a part of day): the "/" every other date is written with, so one pattern reads them all.
# Never a range of counts ("3-5 ngày") nor a figure ("3.100"): two digits at most each side.
_DAY_WORDS = ("ngày ", "hôm nay ", "sáng ", "trưa ", "chiều ", "tối ", "đêm ")
_OTHER_DATE_RE = re.compile(r"\d{1,2}(?P<sep>[.-])\d{1,2}(?:(?P<sep2>(?P=sep))(?:19|20)\d\d)?"
                            r"(?![\d]|[.,-]\d)")


# A day written in words: "ngày 3 tháng 10 năm 2021", "ngày 12 tháng 5" (official letters and
# provincial offices' notices). Only after "ngày": "trong 2 tháng qua" is no date.
_MONTH_WORDS_DATE_RE = re.compile(r"(?<![^\W\d_])([Nn]gày\s+)(\d{1,2})\s+tháng\s+(\d{1,2})"
                                  r"(?:\s*,?\s+năm\s+((?:19|20)\d\d))?(?![\d])")
_DAY_BEFORE_MONTH = len("ngày 12 ")  # the most a day takes before " tháng "


def _dates_in_words_as_slashes(text: str) -> str:
    """"ngày 3 tháng 10 năm 2021" as "ngày 3/10/2021", the form every reader reads: tried
    only just before each " tháng " (found by substring search, not a scan of the text)."""
    out, last = [], 0
    at = text.find(" tháng ")
    while at != -1:
        start = max(last, at - _DAY_BEFORE_MONTH)
        m = _MONTH_WORDS_DATE_RE.search(text, start, at + 20)
        if m is not None and m.start() <= at:
            year = f"/{m.group(4)}" if m.group(4) else ""
            out.append(text[last:m.start()])
            out.append(f"{m.group(1)}{m.group(2)}/{m.group(3)}{year}")
            last = m.end()
        at = text.find(" tháng ", max(at + 1, last))
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _slash_dates(text: str) -> str:
    """"ngày 03.10" as "ngày 03/10": the day words are found by substring search and the
    pattern tried after them only (a pattern scanned over every text was a twentieth of the
    reading's time). The separators become "/" in place: the text keeps its length. A text
    that changes length in lower case (no Vietnamese one does) is left as it is."""
    low = text.lower()
    if len(low) != len(text):
        return text
    seps: list[int] = []
    for word in _DAY_WORDS:
        at = low.find(word)
        while at != -1:
            if at == 0 or not (low[at - 1].isalnum() or low[at - 1] == "_"):
                m = _OTHER_DATE_RE.match(text, at + len(word))
                if m:
                    seps.append(m.start("sep"))
                    if m.group("sep2"):
                        seps.append(m.start("sep2"))
            at = low.find(word, at + 1)
    if not seps:
        return text
    chars = list(text)
    for i in seps:
        chars[i] = "/"
    return "".join(chars)


# A place's count as a sentence of its own ("Tỉnh Bình Dương ghi nhận 1.283 ca.", "TP. Hồ Chí
# Minh có 2.461 ca mắc mới.", "Tại Hà Nam có thêm 3 ca."), as provincial offices and news
# rewrites write a list. Tried at a sentence's start only; "trường hợp" is "ca" by then.
_PLACE_SENTENCE_RE = re.compile(
    rf"(?:Tại\s+)?(?P<name>(?:(?:TP|Tp|T\.P)\.?\s*)?{UPPER}[^\s,.:;()\d]*"
    r"(?: (?:[-–] )?[^\s,.:;()\d]+){0,6}?),? (?:đã )?(?:ghi nhận|có)(?: thêm)? (?P<n>\d[\d.]*) ca"
    r"(?: (?:mắc|nhiễm)(?: mới)?| mới)?\.")
_SENTENCE_START_RE = re.compile(r"[.:;!?]\s+|\n\s*")
# A unit's kind before its name: a district or ward is known so without its province.
_UNIT_KIND_RE = re.compile(r"(?i)^(?:tại\s+)?(?:quận|huyện|thị xã|thành phố|tp\b|phường|xã|"
                           r"thị trấn)")


# The most a place's sentence takes ("Tỉnh Bà Rịa - Vũng Tàu đã ghi nhận thêm 1.283 ca mắc mới.").
_PLACE_SENTENCE_MAX = 100


def _place_sentence_starts(text: str) -> list[int]:
    """Where a sentence starts that may be one of a run of place sentences: only before the
    second of two sentence ends ("ca.", "mới.") close enough together to hold one such sentence
    (found by substring search), not at every sentence of a long text."""
    ends = find_all(text, ("ca.", "mới."))
    windows: list[tuple[int, int]] = []
    for a, b in zip(ends, ends[1:], strict=False):
        if b - a > _PLACE_SENTENCE_MAX:
            continue
        lo = max(0, a - _PLACE_SENTENCE_MAX)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((lo, b))
    starts: list[int] = []
    for lo, hi in windows:
        if lo == 0:
            starts.append(0)
        starts.extend(m.end() for m in _SENTENCE_START_RE.finditer(text, lo, hi))
    return starts


def _place_sentences_as_list(text: str) -> str:
    """A run of two or more sentences that each give one place its count, written as the list
    they are ("Cụ thể: Bình Dương (1.283), Đồng Nai (824)."): every list reader reads it so.
    The places of a run are all provinces or all districts or wards named with their kind: a
    city's own total before its districts' ("Hà Nội ghi nhận 30 ca. Quận Hoàng Mai có 12
    ca.") is no list."""
    runs: list[list[re.Match[str]]] = []
    for at in _place_sentence_starts(text):
        if runs and at < runs[-1][-1].end():
            continue  # a "." inside the last match ("TP. Hồ Chí Minh") starts no sentence
        m = _PLACE_SENTENCE_RE.match(text, at)
        if m is None:
            continue
        if runs and not text[runs[-1][-1].end():at].strip():
            runs[-1].append(m)
        else:
            runs.append([m])
    out, last = [], 0
    for run in runs:
        names = [m.group("name") for m in run]
        provinces = {places.province(n) is not None for n in names}
        if len(run) < 2 or len(provinces) > 1 or (
                provinces == {False} and not all(_UNIT_KIND_RE.match(n) for n in names)):
            continue
        items = ", ".join(f"{m.group('name')} ({m.group('n')})" for m in run)
        out.append(f"{text[last:run[0].start()]}Cụ thể: {items}.")
        last = run[-1].end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def normalise(text: str) -> str:
    """NFC, one kind of space, typos corrected, HTML left-overs dropped, soft line breaks
    joined, "(8 )" as "(8)", "ngày 03.10" as "ngày 03/10". Sentence cutting and reading start
    from this."""
    text = unicodedata.normalize("NFC", text)
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if text.isascii() and unmarked(text):
        text = restore_marks(text)  # typed without diacritics: the lexicon's words marked
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        if "\t" in text or "|" in text:
            text = _table_rows_as_items(text)
        if "\n-" in text or "\n+" in text or "\n•" in text or "\n*" in text or "\n–" in text \
                or "\n1" in text:
            text = _join_bullet_items(text)
        if ".\n" in text:
            text = _join_abbreviation_breaks(text)
        text = _join_wrapped(text)
    if "ợp" in text or "ỢP" in text:
        text = _case_noun_as_ca(text)
    if "a F0" in text or "A F0" in text:
        text = _CA_F0_RE.sub(" ca", text)
    text = _slash_dates(text)
    if " tháng " in text:
        text = _dates_in_words_as_slashes(text)
    if any(c in text for c in _ODD_SPACES):
        # Every kind of space becomes " ", then runs of " " one: any run of spaces of any
        # kind becomes one " ", without a pattern scan of the whole text.
        for c in _OTHER_SPACES:  # str.replace, not str.translate: ten times faster here
            if c in text:
                text = text.replace(c, " ")
        while "  " in text:
            text = text.replace("  ", " ")
    if "ca." in text or "mới." in text:
        text = _place_sentences_as_list(text)
    # After the spaces: "(8\u00a0)" is "(8 )" once its space is plain.
    if "( " in text or " )" in text:
        text = _PAREN_COUNT_RE.sub(r"(\1)", text)
    if "(" in text and _PAREN_WORD_RE.search(text):
        text = _PAREN_WORD_RE.sub(_paren_word_as_figure, text)
    if _COMMA_GROUP_RE.search(text) and _COMMA_THOUSANDS_RE.search(text):
        text = _COMMA_THOUSANDS_RE.sub(lambda m: m.group(0).replace(",", "."), text)
    if " ," in text or " ;" in text or " :" in text or " ." in text:
        # "368 ca mắc mới , trong đó", "tại : Đống Đa 21 ,": a space typed before a mark is
        # not there in print, and a count before it would run on into the next clause.
        text = _SPACE_BEFORE_MARK_RE.sub(r"\1", text)
    if any(h in text for h in _TYPO_HINTS):
        for wrong, right in TYPOS.items():  # no typo holds another: the order does not matter
            if wrong in text:
                text = text.replace(wrong, right)
    return text


@dataclass
class Sentence:
    """One sentence and which of its figures a rule has read.

    `offset` is where the sentence starts in the normalised text; `pending` holds the spans
    read since the last `Reading.claim`, which gives them the field they fed."""

    text: str
    index: int
    numbers: list[tuple[int, int]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    offset: int = 0
    pending: list[tuple[int, int]] = field(default_factory=list)
    low: str = ""  # the text in lower case, for the rules' keyword tests
    # Whether `low` keeps the text's length (and so its offsets): Vietnamese does; the rules'
    # lower-case patterns (reading.Folded) run on `low` only then.
    folds: bool = False
    _starts: list[int] | None = None
    # The number-word starts of the whole text, shared by its sentences (`split_sentences`).
    _words: _WordStarts | None = None
    # Whether every place a count can start is a figure's (no number word): set when first
    # asked (`reading.all_counts_read`).
    no_number_words: bool | None = None

    def num_starts(self) -> list[int] | None:
        """Where a count (a figure or a number word) can start, ascending; None when the text
        changes length in lower case (then rules search it the slow way)."""
        if self._starts is None:
            low = self.low
            if not self.folds:
                return None
            words = self._words
            if words is None:
                self._starts = sorted({a for a, _ in self.numbers} | set(_word_starts(low)))
                return self._starts
            end = self.offset + len(low)
            if self.text[:1].isdigit():
                # Its figures were read on their own (`split_sentences`): not the whole text's.
                starts = {a for a, _ in self.numbers}
                starts.update(words.between(self.offset, end))
            else:
                # Its figures are the whole text's between its ends: the text's count starts
                # there are its own, already in order.
                found = words.counts_between(self.offset, end)
                if not (low.startswith(_NUMBER_WORD_STARTS) and (not found or found[0] != 0)):
                    self._starts = found
                    return found
                starts = set(found)
            if low.startswith(_NUMBER_WORD_STARTS) and 0 not in starts:
                # The sentence's own start, whatever the character before it (a glued
                # sentence).
                starts.update(_word_starts(low[:6]))
            self._starts = sorted(starts)
        return self._starts

    def use(self, start: int, end: int) -> None:
        """Mark every figure inside text[start:end] as read."""
        if end > start:
            self.pending.append((start, end))
        self.used.update(self.within(start, end))

    def within(self, start: int, end: int) -> range:
        """The indices of the figures inside text[start:end]. Figures are in text order and
        never overlap: those from the first that starts at `start` or after, up to the first
        that ends after `end`."""
        numbers = self.numbers
        i = j = bisect_left(numbers, (start,))
        size = len(numbers)
        while j < size and numbers[j][1] <= end:
            j += 1
        return range(i, j)

    def use_match(self, match: re.Match[str], *groups: int | str) -> None:
        if not groups:
            self.use(*match.span())
        for g in groups:
            if match.start(g) >= 0:
                self.use(*match.span(g))

    @property
    def unread(self) -> list[str]:
        """The figures no rule read, but ages and the days of events: "Bệnh nhân nữ, 59 tuổi",
        "Kết quả xét nghiệm ngày 12/5/2021 dương tính" in a case's details (the ministry's
        notices of May 2021 list every case so) are no figures of the bulletin."""
        if len(self.used) == len(self.numbers):
            return []  # every figure read, the common case: nothing to look for
        text = self.text
        days = [m.span(1) for m in _DAY_OF_EVENT_RE.finditer(text)] if "/" in text else []
        return [text[a:b] for i, (a, b) in enumerate(self.numbers) if i not in self.used
                and not _AGE_AFTER_RE.match(text, b)
                and not any(start <= a and b <= end for start, end in days)]


# What follows a person's age: "59 tuổi", "8 tuổi".
_AGE_AFTER_RE = re.compile(r"\s*tuổi\b")
# A day written after "ngày": "ngày 12/5/2021", "ngày 21/4" (and the text's own slips, "ngày
# 11/12/5/2021").
_DAY_OF_EVENT_RE = re.compile(r"\b[Nn]gày\s+(\d{1,2}(?:/\d{1,4}){1,3})")
_STRIP = " \n-–•"
# The first syllable of every number word (numbers.NUMBER_WORD), in lower case.
_NUMBER_WORD_STARTS = ("mười", "một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy",
                       "bẩy", "tám", "chín")
# The last word of a count written in words before the noun ("hai trường hợp", "mười trường
# hợp", "hai mươi trường hợp").
_COUNT_WORDS = frozenset((*_NUMBER_WORD_STARTS, "mươi", "trăm"))


def abbrev_before(text: str, pos: int) -> bool:
    """Whether the "." at `pos` closes an abbreviation ("TP. Hồ Chí Minh"), not a sentence."""
    start = pos
    # The word before the stop, looked at no further back than the longest abbreviation plus
    # one letter: a longer word is no abbreviation, however long it is.
    while start > 0 and text[start - 1].isalpha() and pos - start <= _ABBREV_LONGEST:
        start -= 1
    return text[start:pos] in ABBREVIATIONS and (start == 0 or not text[start - 1].isalnum())


def _stop_ends(text: str, match: re.Match[str]) -> bool:
    """Whether a stop matched by _STOP_RE ends a sentence: after a letter, ")", "%" or a
    quote any stop does; after a digit only "..", "...", "…", "!", "?", or a "." followed by an
    upper-case letter ("ca 12. Trong đó" ends, "4.998" does not)."""
    start = match.start()
    before = text[start - 1] if start else ""
    if before in _STOP_AFTER:
        return True
    if not before.isdigit():
        return False
    if match.group("stop") != ".":
        return True
    after = match.end()
    return after < len(text) and text[after] in _UPPER_SET


def number_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the digit tokens of `text` that are figures (not part of a name)."""
    return [m.span() for m in _DIGITS_RE.finditer(text)]


def _boundaries(text: str) -> list[tuple[int, str]]:
    """Where a boundary can start, ascending, with its kind: a stop, a newline, a glued pair.
    Stops and newlines are found by substring search (much faster than a pattern scan)."""
    found = [(m.start(), "glued") for m in _GLUED_RE.finditer(text)]
    for ch in _STOPS:
        i = text.find(ch)
        while i != -1:
            # "4.998": a thousands mark between digits is never a stop; left out here, it is
            # not looked at again.
            if not (ch == "." and text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()):
                found.append((i, "stop"))
            i = text.find(ch, i + 1)
    i = text.find("\n")
    while i != -1:
        found.append((i, "newline"))
        i = text.find("\n", i + 1)
    found.sort()
    return found


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of normalised text, each with the spans of the figures it contains and
    where it starts in `text`."""
    pieces: list[tuple[int, str]] = []
    last = 0
    pos = 0
    for at, kind in _boundaries(text):
        if at < pos:
            continue
        if kind == "stop":
            match = _STOP_RE.match(text, at)
            if match is None or not _stop_ends(text, match) or (
                    text[at] == "." and abbrev_before(text, at)):
                pos = at + 1
                continue
            end, cut = at + 1, match.end()
        elif kind == "newline":
            newline = _NEWLINE_RE.match(text, at)
            assert newline is not None  # text[at] is "\n"
            end, cut = at, newline.end()
        else:  # glued: the boundary is before the upper-case letter
            end = cut = at
        pieces.append((last, text[last:end]))
        last, pos = cut, max(cut, at + 1)
    pieces.append((last, text[last:]))
    # The figures of the whole text at once; a sentence takes those inside it. A figure never
    # spans a boundary, and only a sentence that starts with one (after a stripped "-") can
    # see it differently from the whole text: that sentence is read on its own.
    tokens = number_spans(text)
    starts = [a for a, _ in tokens]
    # Likewise the places a number word can start (`Sentence.num_starts`), found once in the
    # whole text in lower case, when a sentence first asks, if it keeps its length so (else each
    # sentence finds its own).
    low_text = text.lower()
    words = _WordStarts(low_text, starts) if len(low_text) == len(text) else None
    sentences: list[Sentence] = []
    for start, raw in pieces:
        piece = raw.lstrip(_STRIP)
        offset = start + len(raw) - len(piece)
        piece = piece.rstrip(_STRIP)
        if not piece:
            continue
        end = offset + len(piece)
        if piece[0].isdigit():
            numbers = number_spans(piece)
        else:
            first, stop = bisect_left(starts, offset), bisect_left(starts, end)
            numbers = [(a - offset, b - offset) for a, b in tokens[first:stop]]
        low = piece.lower() if words is None else low_text[offset:end]
        sentences.append(Sentence(piece, len(sentences), numbers, offset=offset, low=low,
                                  folds=len(low) == len(piece), _words=words))
    return sentences


def text_low(sentences: list[Sentence]) -> str:
    """The lower case of the text `sentences` were cut from, for a test of the whole text: the
    one `split_sentences` made, when the text keeps its length so; else their own joined."""
    if sentences and sentences[0]._words is not None:
        return sentences[0]._words.low
    return "\n".join(s.low for s in sentences)


class _WordStarts:
    """The places a number word can start in a whole text, found when first asked, and with
    them the places a count can: those and where the text's figures start (`figures`)."""

    def __init__(self, low: str, figures: list[int]) -> None:
        self.low = low
        self.figures = figures
        self.starts: list[int] | None = None
        self.counts: list[int] | None = None

    def between(self, start: int, end: int) -> list[int]:
        """The number words' in [start, end), as offsets from `start`."""
        if self.starts is None:
            self.starts = _word_starts(self.low)
        starts = self.starts
        return [p - start for p in starts[bisect_left(starts, start):bisect_left(starts, end)]]

    def counts_between(self, start: int, end: int) -> list[int]:
        """The counts' in [start, end), as offsets from `start`, ascending: merged once for the
        whole text rather than sorted again for every sentence (a figure starts with a digit,
        a number word with a letter: no place is both)."""
        if self.counts is None:
            if self.starts is None:
                self.starts = _word_starts(self.low)
            self.counts = sorted(self.figures + self.starts)
        counts = self.counts
        return [p - start for p in counts[bisect_left(counts, start):bisect_left(counts, end)]]


def _word_starts(low: str) -> list[int]:
    """Where a number word can start in lower-case text, ascending: one of its first syllables
    as a whole word, after and before no letter, digit or "_" (NUM's look-arounds: the "ba" of
    "bác" starts no count, that of "Ba Đình" may). Found by substring search, faster than a
    pattern here."""
    out = []
    size = len(low)
    for word in _NUMBER_WORD_STARTS:
        p = low.find(word)
        n = len(word)
        while p != -1:
            q = p + n
            if (p == 0 or not (low[p - 1].isalnum() or low[p - 1] == "_")) and (
                    q == size or not (low[q].isalnum() or low[q] == "_")):
                out.append(p)
            p = low.find(word, q)
    out.sort()
    return out
