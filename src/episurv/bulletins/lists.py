"""Reading "name count" lists, with the groupings bulletins use for equal counts.

Source: the bulletins (the domain README §2). Counts come descending, and
equal counts are grouped: "Ba Đình, Hà Đông mỗi nơi 3", "Bình Dương và An Giang 5",
"A và B đều 16", "Đăk Nông, ... và Sóc Trăng đều một"; the timeline writes "Long An (134)".
A running total is written with "lên" (risen to): "Bắc Giang lên 618, Bắc Ninh 361". A verb may
stand between a place and its count: "Hà Nội có 141 ca", "TP HCM ghi nhận 4.907 ca", "Liên
Chiểu phát hiện 35 ca", "riêng TP. Hồ Chí Minh là 220 ca".
A group of several names gives its count to each name: in both reference bulletins the lists
add up to their stated totals only when read that way (Hà Nội stations: 14; deaths: 61).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from episurv.bulletins.numbers import DIGITS, NUMBER_WORD, read_number
from episurv.bulletins.reading import Folded, original
from episurv.bulletins.segment import UPPER
from episurv.geo.names import fold

_COUNT_NOUN = r"(?:ca(?:\s+(?:nhiễm|mắc|bệnh|tử vong))?|người|trạm|F0|bệnh nhân|BN(?!\d))"
# "mỗi nơi" (each place), or each by its kind: "Gia Lâm, Đông Anh mỗi huyện 1".
EACH = r"(?:nơi|quận|huyện|phường|xã|thị xã|thị trấn|tỉnh|thành phố|địa phương|đơn vị)"
# One item of a list: a name and, when it closes a group, its count; a verb may come between
# ("Thuận An chiếm 1.200 ca": accounts for, in news rewrites of provinces' reports).
_ITEM_RE = Folded(
    rf"^(?P<name>.*?)\s*(?:"
    rf"\((?P<paren>{DIGITS})(?:\s*ca)?\)"
    rf"|(?:(?:^|\s)(?P<marker>mỗi\s+{EACH}|đều|cùng|có|là|thêm|ghi nhận|phát hiện|tăng|giảm"
    rf"|lên|chiếm)"
    rf"\s+)(?P<marked>{DIGITS}|{NUMBER_WORD})"
    rf"(?:\s+{_COUNT_NOUN})?"
    rf"|\s(?P<plain>{DIGITS})(?:\s+{_COUNT_NOUN})?"
    rf"|\s(?P<word>{NUMBER_WORD})(?P<noun>\s+{_COUNT_NOUN})?"
    rf")\s*$",
)
# Items are split at "," ";" "và" "cùng", and after a count in brackets followed by a name (one
# item a line, the lines joined: "TP. Hồ Chí Minh (1.000)\nBình Dương (150)"). Sentences are
# normalised (one plain space between words), so " ?" stands for "\s*". Every alternative
# starts with its own literal character (" ", "," or ";"; the bracket's look-behind comes after
# its space): the engine then skips to those characters, where a class or a look-behind first
# made it try every alternative at every character (twice the time of a list's split).
_SPLIT_RE = re.compile(rf" (?:[,;] ?|và |cùng (?=[A-ZĐ]))|, ?|; ?| (?<=\d\) )(?={UPPER})")
# A figure in an item that closes no count: the item is a clause, not a name; unless the
# figure is part of the name ("Quận 12", "Q.7", "Phường 3", its count coming later).
_CLAUSE_FIGURE_RE = re.compile(r"\d")
# A number right after one of these belongs to the name: "Quận 12", "Q.7", "Phường 3".
_NUMBERED_KINDS = r"(?:quận|q\.?|phường|p\.?)"
_NUMBERED_ITEM_RE = re.compile(rf"^{_NUMBERED_KINDS}\s?\d{{1,2}}$", re.IGNORECASE)
_NUMBERED_NAME_RE = re.compile(rf"^{_NUMBERED_KINDS}$", re.IGNORECASE)
# Longer names are not those words (tested first: nearly every name is longer); "$" also
# matches before a final newline.
_NUMBERED_NAME_LONGEST = len("phường\n")
_ONE_WORD_NOUNS = frozenset({"ca", "người", "trạm", "f0", "bn"})  # of _COUNT_NOUN, lower case
_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "438.624": read whole by DIGITS
# The words a marker of _ITEM_RE ends with ("mỗi nơi", "đều", ...), in lower case.
_MARKER_WORDS = frozenset({"nơi", "đều", "cùng", "có", "là", "thêm", "nhận", "hiện", "tăng", "giảm",
                           "lên", "chiếm", "quận", "huyện", "phường", "xã", "trấn", "tỉnh", "phố",
                           "phương", "vị"})
# The markers of _ITEM_RE that are one word ("tăng", "đều"), in lower case: an item "<name>
# <marker> <figure>" is read without the pattern (`_plain_count`).
_ONE_WORD_MARKERS = frozenset({"đều", "cùng", "có", "là", "thêm", "tăng", "giảm", "lên",
                               "chiếm"})
# The words an item that _ITEM_RE reads can end with, other than a figure or ")": a number word
# (its last syllable) or the last word of a count noun.
_CLOSING_WORDS = frozenset(
    {"mười", "mươi", "mốt", "trăm", "một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy",
     "bẩy", "tám", "chín",
     "ca", "nhiễm", "mắc", "bệnh", "vong", "người", "trạm", "nhân", "bn"})  # numbers._UNITS,
# _COUNT_NOUN


# An item that puts its count before its place: "12 ca tại Bắc Giang", "hai ca ở Hà Nam", "5 BN
# tại tỉnh Long An" (provincial offices' and news pages' lists of 2021: "ghi nhận 20 ca: 12 ca
# tại X, 2 ca tại Y và 6 ca tại Z"). The place holds no figure and no bracket.
_CASE_NOUN = r"(?:ca|trường hợp|bệnh nhân|người|F0|BN(?!\d))"
_COUNT_FIRST_ITEM_RE = re.compile(rf"^(?P<count>{DIGITS}|{NUMBER_WORD})\s+{_CASE_NOUN}\s+"
                                  rf"(?:tại|ở)\s+(?P<name>[^\d()]+)$", re.IGNORECASE)
# Two such items in a row: the start of a list of them (not a list's total before its places,
# "58 ca tại TP. Hồ Chí Minh (30), ...", whose place has a count of its own).
COUNT_FIRST_LIST_RE = re.compile(
    rf"(?:{DIGITS}|{NUMBER_WORD})\s+{_CASE_NOUN}\s+(?:tại|ở)\s+[^\d,;:()]+?(?:\s*[,;]\s*|\s+và\s+)"
    rf"(?:{DIGITS}|{NUMBER_WORD})\s+{_CASE_NOUN}\s+(?:tại|ở)\s", re.IGNORECASE)


# The rest of a list, closing it without a name: "..., Bình Dương 10 và các tỉnh khác", "... và
# 40 ca ở các tỉnh khác", "; các tỉnh, thành phố khác (40)", "..., các địa phương còn lại 40
# ca", "các quận huyện còn lại 900" (the ministry's reports, the cities' and the news rewrites
# of late 2021; the kinds joined by ",", "và" or a space). The named items are the
# list; the rest is no unit, and its count (when stated) is what the named ones leave of the
# total. Matched in lower case at the end of a list, after a separator (or as the whole list).
_PLACE_KINDS = r"(?:tỉnh(?:\s+thành)?|thành(?:\s+phố)?|địa phương|quận|huyện|thị xã|phường|xã|nơi)"
_REST_NOUN = r"(?:ca|trường hợp|bệnh nhân|người|f0)"


def rest_pattern(named: bool = True) -> str:
    """The words of a list's rest (lower case), its counts in groups n, n2, n3 when `named`
    (a pattern that has groups of those names takes it without)."""
    def g(name: str) -> str:
        return f"?P<{name}>" if named else "?:"
    kinds = rf"(?:(?:các|những)\s+)?{_PLACE_KINDS}(?:(?:\s*,\s*|\s+(?:và\s+)?){_PLACE_KINDS})*"
    return (rf"(?:(?:({g('n')}{DIGITS}|{NUMBER_WORD})\s+{_REST_NOUN}"
            rf"(?:\s+[^\W\d]+){{0,3}}?\s+(?:ở|tại)\s+)?{kinds}\s+(?:khác|còn lại)"
            # Or the rest said first, its places after: "còn lại rải rác ở các quận, huyện
            # khác" (Hà Nội's reports as news wrote them, 2021).
            rf"|(?:(?:các\s+)?{_REST_NOUN}\s+)?còn lại(?:\s+[^\W\d]+){{0,2}}?\s+(?:ở|tại)\s+"
            rf"{kinds}(?:\s+khác)?)"
            rf"(?:\s*(?::|có|ghi nhận|là)?\s*"
            rf"(?:\(({g('n2')}{DIGITS})(?:\s*{_REST_NOUN})?\)|({g('n3')}{DIGITS}|{NUMBER_WORD})"
            rf"(?:\s+{_REST_NOUN})?))?")


# A list's total stated after its items, closing it: "Bắc Giang (60), Bắc Ninh (28), tổng cộng
# 88 ca", up to the end of the list's clause ("...; trong đó 87 ca ..." goes on) or to a clause
# that says what its cases are (", tổng cộng 57 ca đều là các ca ...", "... 88 ca, trong đó
# ..."). The total is no
# item: "tổng cộng" names no place. Its count is group n.
CLOSING_TOTAL_RE = re.compile(
    rf"\s*[,;]?\s*(?:và\s+)?(?:tổng cộng|tổng số|tổng|cộng)\s*(?::|là|có)?\s*"
    rf"(?P<n>{DIGITS})(?:\s+(?:ca|trường hợp|bệnh nhân|người|F0))?"
    rf"(?:\s+(?:mắc|nhiễm)(?:\s+mới)?)?(?=\s*(?:[;.]|$)|,?\s+(?:đều|trong đó|gồm)\s)",
    re.IGNORECASE)
_REST_RE = re.compile(rf"(?:^|,|;|\s+và|\s+cùng)\s*{rest_pattern()}\s*$")


@dataclass
class Rest:
    """The rest of a list ("và 40 ca ở các tỉnh khác"): as written, and its count when stated."""

    written: str
    count: int | float | None


def split_rest(text: str) -> tuple[str, Rest | None]:
    """`text` without the rest that closes it, and that rest (None when it has none)."""
    low = text.rstrip(" .;:…").lower()
    if not ("khác" in low or "còn lại" in low) or len(low) != len(text.rstrip(" .;:…")):
        return text, None
    m = _REST_RE.search(low)
    if m is None:
        return text, None
    figure = m.group("n") or m.group("n2") or m.group("n3")
    written = text[m.start():m.end()].lstrip(" ,;").removeprefix("và ").removeprefix("cùng ")
    return text[:m.start()], Rest(written.strip(), read_number(figure) if figure else None)


# An item's detail in brackets after its count: "quận Đống Đa 10 ca (phường Văn Chương 6,
# phường Khâm Thiên 4)" (Hà Nội's district lists with their wards, 2021), "Gia Lâm 5 ca (đều đã
# cách ly)". It is no item, and its "," splits no list: left out of the items. A bracket that
# is a count ("Quận 7 (5 ca)", "(hai ca)") is the item's own.
_DETAIL_RE = re.compile(rf"(?<=\d)(?P<noun>\s+{_COUNT_NOUN})?\s*\("
                        rf"(?!\s*(?:{DIGITS}|{NUMBER_WORD})\s*(?:{_COUNT_NOUN}|trường hợp)?\s*\))"
                        r"[^()]*[^\W\d_][^()]*\)", re.IGNORECASE)


@dataclass
class Entry:
    """One name with its count; `grouped` says how many names shared the count."""

    name: str
    count: int | float
    grouped: int
    change: int = 0  # +1 "tăng", -1 "giảm", 0 a plain count


def read_counts(text: str, place: Callable[[str], str | None] | None = None
                ) -> tuple[list[Entry], list[str]]:
    """The entries of a list, and the names left without a count (a sign of a misread list).

    `place(name)`: the unit a name is (its short name), None for no unit. With it, an item that
    ends in a number word alone ("Lạng Sơn một") is a count only when the words before it are a
    place whose name does not end with that word ("Thủ Dầu Một" is a city, not "Thủ Dầu" 1)."""
    entries: list[Entry] = []
    pending: list[str] = []
    text = text.strip(" .;:…")
    if "(" in text:
        text = _DETAIL_RE.sub(lambda m: m.group("noun") or "", text)
    if "ổng" in text and (closing := CLOSING_TOTAL_RE.search(text)):
        text = text[:closing.start()]  # the list's total, no item (its readers take it)
    for item in _SPLIT_RE.split(text):
        item = item.strip(" .:…")
        if not item:
            continue
        if item[:1] in "tTởỞ" and (item[:4].lower() == "tại " or item[:2].lower() == "ở "):
            # "52 ca dương tính, đều ở khu cách ly hoặc phong tỏa, tại Bắc Giang 30, ...": the
            # list starts at "tại"; the words before it said what the cases are, no places.
            pending = []
            item = item.split(None, 1)[1] if " " in item else ""
            if not item:
                continue
        counted = _item_count(item)
        if counted is None or not (counted[0] or pending):
            pending.append(item)
            continue
        if pending and (" tại " in item or " ở " in item):
            # "43 ca tại cộng đồng; các ca bệnh tại quận Đống Đa (16 ca), ...": the list starts
            # at the item's own "tại"; the words before it were a clause, no names of it.
            pending = []
        if pending:
            pending = _names_only(pending)
        name, token, marker, bare = counted
        if bare and place is not None and not _counted_word(name, token, place):
            pending.append(item)
            continue
        change = 1 if marker == "tăng" else -1 if marker == "giảm" else 0
        name = name.strip().rstrip(":").rstrip()  # "Thanh Xuân: 5 ca"
        names = [*pending, name] if name else pending
        pending = []
        count = read_number(token)
        for name in names:
            entries.append(Entry(name, count, len(names), change))
    return entries, pending


def _names_only(pending: list[str]) -> list[str]:
    """The names that share the next count, after the last item holding a figure that closes
    no count: "Thêm 4.200 ca mắc COVID-19 trong nước, TP HCM 1.800 ca" (a headline) is a clause
    and a place, not two places of 1.800. A figure of a name ("Quận 12") is no clause."""
    for i in range(len(pending) - 1, -1, -1):
        if _CLAUSE_FIGURE_RE.search(pending[i]) and not _NUMBERED_ITEM_RE.match(pending[i]):
            return pending[i + 1:]
    return pending


def _counted_word(name: str, word: str, place: Callable[[str], str | None]) -> bool:
    unit = place(name.strip())
    return unit is not None and not fold(unit).endswith(" " + fold(word))


def last_item_counted(text: str) -> bool:
    """Whether the last item of the list `text` closes a count. When it does not, read_counts
    leaves it without one (in its names without a count): a reader that needs the whole list
    counted can stop here, before reading every item."""
    head, rest = split_rest(text)
    if rest is not None and head.strip(" ,;"):
        text = head  # a list closed by its rest ("... và các tỉnh khác"): its last named item
    for item in reversed(_SPLIT_RE.split(text.strip(" .;:…"))):
        item = item.strip(" .:…")
        if item:
            return _item_count(item) is not None
    return False


def _item_count(item: str) -> tuple[str, str, str, bool] | None:
    """The name, the count and the marker (lower case, "" for none) of an item that closes a
    count ("Thanh Xuân 8", "A đều 5"), as written; None for an item without a count.

    An item that `_may_close` rules out is none of the forms below (a bracket's figure, a
    plain figure and the pattern's closing words all end it so): told first, as most items of
    a list name a place whose count comes with a later one."""
    low = item.lower()
    if not _may_close(item, low):
        return _count_first(item, low)  # it ends with a name: its count may come first
    found = _bracket_count(item)
    if found is not None:
        return found
    found = _plain_count(item, low)
    if found is None:
        match = _ITEM_RE.match_str(item, low)
        if match is None:
            return None
        count = (match.group("paren") or match.group("marked") or match.group("plain")
                 or original(match, item, "word"))
        assert count is not None  # the pattern's four alternatives each hold a count
        found = (original(match, item, "name") or "", count,
                 (match.group("marker") or "").lower(),
                 bool(match.group("word")) and not match.group("noun"))
    if len(found[0]) <= _NUMBERED_NAME_LONGEST and _NUMBERED_NAME_RE.match(found[0]):
        return None  # "Quận 12" is a name, its count comes later
    return found


# The first words of the number words (numbers.NUMBER_WORD), in lower case, and their letters.
_WORD_INITIALS = frozenset("mhbtnsc")
_FIRST_NUMBER_WORDS = frozenset({"một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy",
                                 "bẩy", "tám", "chín", "mười"})


def _count_first(item: str, low: str) -> tuple[str, str, str, bool] | None:
    """An item whose count comes before its place ("12 ca tại Bắc Giang"), as _item_count
    gives it; None for any other."""
    if not (item[:1].isdigit() or (low[:1] in _WORD_INITIALS
                                   and low.split(" ", 1)[0] in _FIRST_NUMBER_WORDS)):
        return None
    first = _COUNT_FIRST_ITEM_RE.match(item)
    return (first.group("name").strip(), first.group("count"), "", False) if first else None


# A group's "each" before its bracketed count: "Trảng Bom, Long Thành mỗi nơi (6)" (a
# province's list as news wrote it, 2021), as "mỗi nơi 6" is written elsewhere.
_EACH_BEFORE_BRACKET_RE = re.compile(rf"\s*\bmỗi\s+{EACH}$", re.IGNORECASE)


def _bracket_count(item: str) -> tuple[str, str, str, bool] | None:
    """"TP. Hồ Chí Minh (2.461)", the ministry's item, read without _ITEM_RE and as it reads
    it (its `paren` form): a whole figure in the closing brackets, the rest the name."""
    if item[-1:] != ")" or "\n" in item:
        return None
    opening = item.rfind("(")
    figure = item[opening + 1:-1]
    if opening == -1 or not (figure.isdecimal() or _GROUPED_RE.fullmatch(figure)):
        return None
    name = item[:opening].rstrip()
    if "mỗi" in name and (each := _EACH_BEFORE_BRACKET_RE.search(name)):
        name = name[:each.start()]  # "Trảng Bom, Long Thành mỗi nơi (6)": each has 6
    if len(name) <= _NUMBERED_NAME_LONGEST and _NUMBERED_NAME_RE.match(name):
        return None
    return name, figure, "", False


def _plain_count(item: str, low: str) -> tuple[str, str, str, bool] | None:
    """The commonest items, a name and a figure, with or without a one-word count noun ("Thanh
    Xuân 8", "TP HCM 438.624 ca"), and those with a one-word marker before the figure ("Cà Mau
    giảm 134 ca", "A và B đều 16"), read without _ITEM_RE and as it reads them: no other form
    of the pattern ends so, and no shorter name than the words before the marker leaves a
    form of it (the marker is no count, nor a word of "mỗi nơi"). Anything else is left to the
    pattern (None)."""
    if len(low) != len(item) or "\n" in item:
        return None  # the pattern's name stops at a newline; see `Folded` for the length
    words = low.rsplit(None, 3)
    has_noun = bool(words) and words[-1] in _ONE_WORD_NOUNS
    if len(words) < 2 + has_noun:
        return None
    marker = words[-2 - has_noun]
    if marker not in _MARKER_WORDS:
        name, figure = item.rsplit(None, 1 + has_noun)[:2]
        marker = ""
    elif marker in _ONE_WORD_MARKERS and len(words) >= 3 + has_noun:
        name, _marker, figure = item.rsplit(None, 2 + has_noun)[:3]
    else:
        return None
    if not (figure.isdecimal() or _GROUPED_RE.fullmatch(figure)):
        return None
    return name, figure, marker, False


def _may_close(item: str, low: str) -> bool:
    """False when `item` cannot end in a count, told by its last word alone: _ITEM_RE, tried at
    every character of an item, is the slow part of the long items of sentences that are not
    lists ("... gồm: quản lý, theo dõi các ca nhiễm tại nhà"). Exact only for the lower-case
    pattern (`Folded`), so an item that changes length in lower case is left to the pattern."""
    if len(low) != len(item):
        return True
    words = low.rsplit(None, 1)
    if not words:
        return False
    last = words[-1]
    if last[-1] == ")":  # only "(12)", "(12 ca)" ends so: a figure right after the last "("
        opening = low.rfind("(")
        return opening != -1 and low[opening + 1:opening + 2].isdigit()
    return last[-1].isdigit() or last in _CLOSING_WORDS
