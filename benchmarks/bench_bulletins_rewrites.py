"""The bulletin reader on meaning-preserving rewrites of the real texts of 2021.

The real texts (`reference/real`, read in place from the shared folder; never copied here) are
a development set: the reader is judged on other texts of the same kinds, written by the same
offices on other days. Those differ from the development texts as the rewrites below differ
from them: other figures, other provinces and other ways of writing their names, lists of
other lengths and separators, the slips of stored text, another order. Each rewrite changes
the text and its gold alike, so the reading of a rewritten text is scored against the
rewritten gold with the project's own scorer (`episurv.bulletins.gold`). Only texts read fully
right as they are get rewritten: a rewrite then fails only through what it changed.

Run: .venv/bin/python benchmarks/bench_bulletins_rewrites.py [-v]
(-v prints every failure with its differences; without it, three of each cause.)
"""

from __future__ import annotations

import copy
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from episurv.bulletins.gold import compare, load_gold, read_gold_text, text_is_wrong
from episurv.bulletins.places import province
from episurv.geo.units import PROVINCE, register

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(os.environ.get("EPISURV_SHARED_DIR") or ROOT.parent / "shared") / "reference" / "real"

Variant = tuple[str, str, dict]  # (label, text, gold)
# Scalars of a day that are counts of cases (scaled with the lists they sum).
DAILY = ("new_cases", "domestic", "imported", "community", "quarantine", "quarantine_only",
         "lockdown")
# Other ways the ministry and the press write a province's name (the ministry's notices of
# 2021 and their page copies: "TP. Hồ Chí Minh", "TP HCM", "Bà Rịa – Vũng Tàu", "Huế").
FORMS = {
    "Hồ Chí Minh": ("Thành phố Hồ Chí Minh", "TP. HCM", "TP.HCM", "Tp Hồ Chí Minh",
                    "TP Hồ Chí Minh", "TP HCM", "TP.Hồ Chí Minh", "Hồ Chí Minh", "TPHCM",
                    "Tp. Hồ Chí Minh", "T.P Hồ Chí Minh", "TP. Hồ Chí Minh", "Tp.HCM"),
    "Thừa Thiên Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế", "Huế", "Thừa Thiên-Huế",
                       "TT-Huế"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu",
                          "Bà Rịa — Vũng Tàu", "Bà Rịa -Vũng Tàu", "Bà Rịa Vũng Tàu",
                          "BR-VT", "Vũng Tàu"),
    "Đắk Lắk": ("Đắk Lắk", "Đăk Lăk", "Đắc Lắc", "Đắk Lăk", "Đăk Lắk"),
    "Đắk Nông": ("Đắk Nông", "Đăk Nông", "Đắc Nông"),
    "Kon Tum": ("Kon Tum", "Kontum"),
    "Hà Nội": ("Hà Nội", "TP. Hà Nội", "Thành phố Hà Nội", "Thủ đô Hà Nội", "TP Hà Nội"),
    "Đà Nẵng": ("TP. Đà Nẵng", "Thành phố Đà Nẵng", "TP Đà Nẵng"),
    "Hải Phòng": ("TP. Hải Phòng", "Thành phố Hải Phòng"),
    "Cần Thơ": ("TP. Cần Thơ", "TP Cần Thơ"),
    "Bắc Giang": ("tỉnh Bắc Giang", "Tỉnh Bắc Giang"),
    "Quảng Nam": ("tỉnh Quảng Nam",),
    "Khánh Hòa": ("Khánh Hòa", "Khánh Hoà"),
    "Thanh Hóa": ("Thanh Hóa", "Thanh Hoá"),
    "Hòa Bình": ("Hòa Bình", "Hoà Bình"),
}
_ITEM_RE = re.compile(r"\(\s*(\d[\d.]*)\s*\)")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fmt(n: int) -> str:
    """A count as the ministry writes it: thousands marked with "."."""
    return f"{n:,}".replace(",", ".")


def value(written: str) -> int:
    return int(written.replace(".", ""))


def province_code(name: str) -> int | None:
    unit = province(name)
    return unit["code"] if unit else None


def provinces() -> list[str]:
    """Every province of 2021 by the name the ministry's lists use."""
    out = []
    for unit in register().units(PROVINCE):
        out.append(unit.short_name)
    return sorted(out)


_WORD_COUNTS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5}


def _count_of(written: str) -> int:
    return _WORD_COUNTS.get(written.lower()) or value(written)


def items(text: str, gold: dict) -> list[tuple[int, int, str, int]] | None:
    """(start, end, name, count) of each item of the gold's by_unit in `text`, in the text's
    order, written "Name (n)" or "Name n" ("Lạng Sơn một"); None when one is written otherwise
    or the items are not one list."""
    found: list[tuple[int, int, str, int]] = []
    for name, count in (gold.get("by_unit") or {}).items():
        words = [re.escape(w) for w in nfc(name).split()]
        pattern = re.compile(r"\s+".join(words) + r"(?:\s*\(\s*(\d[\d.]*)\s*\)|\s+(\d[\d.]*|"
                             + "|".join(_WORD_COUNTS) + r")(?=[,;.]|\s+và\s|\s*$))")
        hit = next((m for m in pattern.finditer(text)
                    if _count_of(m.group(1) or m.group(2)) == count
                    and all(m.start() >= e or m.end() <= s for s, e, _, _ in found)), None)
        if hit is None:
            return None
        found.append((hit.start(), hit.end(), name, count))
    found.sort()
    # One list: only separators between the items.
    for (_, e, _, _), (s, _, _, _) in zip(found, found[1:], strict=False):
        if not re.fullmatch(r"\s*(?:[,;]|và)\s*", text[e:s]):
            return None
    return found or None


STYLES = {"brackets": "{n} ({c})", "plain": "{n} {c}", "colon": "{n}: {c} ca",
          "noun": "{n} {c} ca", "verb": "{n} có {c} ca", "bracket noun": "{n} ({c} ca)"}


def with_items(text: str, found: list, new: list[tuple[str, int]], sep: str = ", ",
               last_sep: str | None = None, style: str = "brackets") -> str:
    """The text with its list replaced by `new` (name, count) pairs, each in `style`."""
    parts = [STYLES[style].format(n=n, c=fmt(c)) for n, c in new]
    if last_sep is not None and len(parts) > 1:
        body = sep.join(parts[:-1]) + last_sep + parts[-1]
    else:
        body = sep.join(parts)
    return text[:found[0][0]] + body + text[found[-1][1]:]


def replace_totals(text: str, gold: dict, changes: dict[str, int], list_span: tuple[int, int]
                   ) -> str | None:
    """`text` with each daily figure of the gold that `changes` names written anew, outside
    the list; None when one cannot be found (written in words, or not followed by a noun)."""
    out = text
    for field, new in changes.items():
        old = gold.get(field)
        if old is None or old == new:
            continue
        pattern = re.compile(r"(?<![\d./])0*" + re.escape(fmt(old)).replace(r"\.", r"\.?")
                             + r"(?=\s+(?:ca|trường hợp|người|bệnh nhân)\b)", re.IGNORECASE)
        hits = [m for m in pattern.finditer(out)
                if not (list_span[0] <= m.start() < list_span[1])]
        if not hits:
            return None
        for m in reversed(hits):
            out = out[:m.start()] + fmt(new) + out[m.end():]
            shift = len(fmt(new)) - (m.end() - m.start())
            if m.start() < list_span[0]:
                list_span = (list_span[0] + shift, list_span[1] + shift)
    return out


def _recount(gold: dict, new_items: list[tuple[str, int]], scale: int = 1) -> dict | None:
    """The gold of a text whose list became `new_items`: the figure the list sums (domestic,
    or the day's total) follows it, the total follows its parts, other parts are scaled."""
    g = copy.deepcopy(gold)
    old_sum = sum(gold["by_unit"].values())
    new_sum = sum(c for _, c in new_items)
    g["by_unit"] = dict(new_items)
    whole = "domestic" if gold.get("domestic") is not None else "new_cases"
    if gold.get(whole) != old_sum:
        return None
    g[whole] = new_sum
    if whole == "domestic" and gold.get("new_cases") is not None:
        g["new_cases"] = gold["new_cases"] - old_sum + new_sum
    for f in ("community", "quarantine", "quarantine_only", "lockdown"):
        if gold.get(f) is not None:
            g[f] = gold[f] * scale
            if g[f] > new_sum:
                return None
    if gold.get("imported") is not None and scale != 1:
        return None
    return g


def _changed(gold: dict, g: dict) -> dict[str, int]:
    return {f: g[f] for f in DAILY if gold.get(f) is not None and g.get(f) != gold.get(f)}


# --- the rewrites: each yields (label, text, gold) variants of one text -----------------------

def slips(text: str, gold: dict) -> Iterator[Variant]:
    """The slips of stored text: NFD, odd spaces, HTML left-overs, "(8 )", no space after a
    comma, a line break inside a name, a capitalised count noun."""
    yield "nfd", unicodedata.normalize("NFD", text), gold
    yield "double spaces", text.replace(" ", "  "), gold
    yield "non-breaking spaces", text.replace(" ", "\u00a0"), gold
    yield "html end", text.rstrip() + "&nbsp;<br>", gold
    yield "html lines", text.replace("\n", "<br />\n").replace(", ", ",&nbsp;"), gold
    yield "space in brackets", _ITEM_RE.sub(lambda m: f"({m.group(1)} )", text), gold
    yield "spaces around count", _ITEM_RE.sub(lambda m: f"( {m.group(1)} )", text), gold
    yield "capitalised noun", re.sub(r"(\d) ca\b", r"\1 Ca", text), gold
    yield "upper-case opening", re.sub(r"(\d) ca ghi nhận trong nước",
                                       lambda m: m.group(0).upper(), text), gold
    found = items(text, gold)
    if not found:
        return
    span = (found[0][0], found[-1][1])
    body = text[span[0]:span[1]]
    yield "no space after comma", text[:span[0]] + re.sub(r"\), ", "),", body) + text[span[1]:], \
        gold
    two_words = [(s, e, n) for s, e, n, _ in found if " " in nfc(n).strip()]
    if two_words:
        s, e, n = two_words[-1]
        piece = nfc(text[s:e])
        broken = piece.replace(" ", "\n", 1)
        yield "line break inside a name", text[:s] + broken + text[e:], gold


def figures(text: str, gold: dict) -> Iterator[Variant]:
    """Other figures: counts without thousands marks, zero-padded, and every count scaled (so
    the totals stay the sums of their lists)."""
    yield "no thousands marks", re.sub(r"(?<![\d/.])(\d{1,3})\.(\d{3})(?=\s*\)|\s+ca\b)",
                                       r"\1\2", text), gold
    yield "zero-padded", re.sub(r"\((\d)\)", r"(0\1)", text), gold
    found = items(text, gold)
    if not found:
        return
    for k in (3, 17, 1000):
        new = [(n, c * k) for _, _, n, c in found]
        g = _recount(gold, new, scale=k)
        if g is None:
            continue
        rewritten = with_items(text, found, new)
        span = (found[0][0], found[-1][1] + len(rewritten) - len(text))
        out = replace_totals(rewritten, gold, _changed(gold, g), span)
        if out is not None:
            yield f"counts x{k}", out, g


def places(text: str, gold: dict) -> Iterator[Variant]:
    """Other provinces in the list, and other forms of the names that have several."""
    found = items(text, gold)
    if not found:
        return
    listed = {nfc(n) for _, _, n, _ in found}
    others = [p for p in provinces() if p not in listed and not any(p in n for n in listed)]
    names = [(n, c) for _, _, n, c in found]
    for i, pos in enumerate((0, len(found) // 2, len(found) - 1)):
        for j in range(3):
            other = others[(7 * i + 13 * j + len(text)) % len(others)]
            new = list(names)
            new[pos] = (other, names[pos][1])
            g = copy.deepcopy(gold)
            g["by_unit"] = dict(new)
            yield f"other province ({other})", with_items(text, found, new), g
    for base, forms in FORMS.items():
        code = province_code(base)
        at = next((k for k, (n, _) in enumerate(names) if province_code(nfc(n)) == code), None)
        if at is None and any(province_code(n) == code for n in others):
            at = len(names) // 2
        if at is None:
            continue
        for form in forms:
            if form == nfc(names[at][0]):
                continue
            new = list(names)
            new[at] = (form, new[at][1])
            g = copy.deepcopy(gold)
            g["by_unit"] = dict(new)
            yield f"name form {form}", with_items(text, found, new), g


def wraps(text: str, gold: dict) -> Iterator[Variant]:
    """Page copies' line breaks: before an item's count, after a list's comma; names in
    capitals."""
    found = items(text, gold)
    if not found:
        return
    s, e, name, count = found[len(found) // 2]
    piece = text[s:e]
    at = piece.rfind("(")
    if at > 0:
        yield "line break before a count", text[:s] + piece[:at].rstrip() + "\n" + piece[at:] \
            + text[e:], gold
    upper = text[:found[0][0]] + text[found[0][0]:found[-1][1]].upper() + text[found[-1][1]:]
    yield "names in capitals", upper, gold


def lengths(text: str, gold: dict) -> Iterator[Variant]:
    """Other list lengths and separators: one item, two joined by "và", several with "và"
    before the last, ";" between items, one item a line, the list's end closed otherwise."""
    found = items(text, gold)
    if not found:
        return
    names = [(n, c) for _, _, n, c in found]
    span = (found[0][0], found[-1][1])
    for keep in (names[:1], names[:2], names[:3]):
        g = _recount(gold, keep)
        if g is None:
            continue
        for label, last in (("", None), (" joined by và", " và ")):
            if last and len(keep) < 2:
                continue
            rewritten = with_items(text, found, keep, last_sep=last)
            out = replace_totals(rewritten, gold, _changed(gold, g), span)
            if out is not None:
                yield f"{len(keep)} item(s){label}", out, g
    if len(names) > 1:
        yield "và before the last", with_items(text, found, names, last_sep=" và "), gold
    yield "; between items", with_items(text, found, names, sep="; "), gold
    yield "one item a line", with_items(text, found, names, sep=",\n"), gold
    yield "one item a line, no comma", with_items(text, found, names, sep="\n"), gold
    after = text[span[1]:]
    if after.strip() in ("", ".", ". Cụ thể:"):
        yield "list ends with nothing", text[:span[1]], gold
        yield "list ends with '.'", text[:span[1]] + ".", gold
        yield "list ends with ';'", text[:span[1]] + ";", gold


# A clause after a list that says what all its cases are ("... (1) đều là các ca được phát
# hiện trong khu cách ly"). Written right after a total, it states that total as the count of
# its measure, which the text as it is does not: the gold would change, so the total is not
# moved before it.
_ALL_OF_THEM_RE = re.compile(r"^\s*,?\s*(?:đều|tất cả)\s")


def order(text: str, gold: dict) -> Iterator[Variant]:
    """"trường hợp" for "ca"; the total stated after the list of a notice's line."""
    yield "trường hợp for ca", re.sub(r"(\d) ca\b", r"\1 trường hợp", text), gold
    m = re.match(r"^([-+]?\s*)(\d[\d.]*) ca ghi nhận trong nước tại:?\s*", text)
    found = items(text, gold)
    if m and found and found[0][0] == m.end() and not _ALL_OF_THEM_RE.match(text[found[-1][1]:]):
        span_end = found[-1][1]
        listed = text[m.end():span_end]
        rest = text[span_end:]
        yield "total after the list", (f"{m.group(1)}Ghi nhận trong nước tại {listed}, tổng cộng "
                                       f"{m.group(2)} ca{rest}"), gold


def styles(text: str, gold: dict) -> Iterator[Variant]:
    """The list written in the other ways the press pairs a place with its count ("X n", "X: n
    ca", "X có n ca"), and equal counts grouped ("X, Y mỗi nơi n", "X và Y đều n")."""
    found = items(text, gold)
    if not found:
        return
    names = [(n, c) for _, _, n, c in found]
    for style in STYLES:
        yield f"style {style}", with_items(text, found, names, style=style), gold
    # The last run of equal counts, grouped.
    run = len(names) - 1
    while run > 0 and names[run - 1][1] == names[-1][1]:
        run -= 1
    if len(names) - run >= 2:
        head = [STYLES["brackets"].format(n=n, c=fmt(c)) for n, c in names[:run]]
        group = [n for n, _ in names[run:]]
        count = fmt(names[-1][1])
        for label, tail in (("mỗi nơi", f"{', '.join(group)} mỗi nơi {count}"),
                            ("đều", f"{', '.join(group[:-1])} và {group[-1]} đều {count}")):
            body = ", ".join([*head, tail])
            yield f"grouped {label}", text[:found[0][0]] + body + text[found[-1][1]:], gold


_DATE_RE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(2021))?(?![\d/])")


def dates(text: str, gold: dict) -> Iterator[Variant]:
    """Another day: every day/month of the text moved by the same number of days, the date of
    the gold with them (a notice told its publication date is moved with it)."""
    import datetime as dt
    day = gold.get("date")
    if not day:
        return
    when = dt.date.fromisoformat(day)
    for shift in (-9, 23, 61, 150):
        new = when + dt.timedelta(days=shift)
        if new.year != 2021:
            continue

        def move(m: re.Match[str]) -> str:
            try:
                d = dt.date(2021, int(m.group(2)), int(m.group(1)))
            except ValueError:
                return m.group(0)
            if not dt.timedelta(0) <= when - d <= dt.timedelta(days=3):
                return m.group(0)  # a date of the past ("từ ngày 27/4", wave 4's start)
            d += dt.timedelta(days=shift)  # noqa: B023 - used at once
            width = len(m.group(1))
            out = f"{d.day:0{width}d}/{d.month:0{len(m.group(2))}d}"
            return out + (f"/{m.group(3)}" if m.group(3) else "")

        g = copy.deepcopy(gold)
        g["date"] = new.isoformat()
        if "source_date" in g:
            g["source_date"] = g["date"]
        yield f"date moved {shift:+d} days", _DATE_RE.sub(move, text), g


_CITIES = ("Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "TP HCM")


def cities(text: str, gold: dict) -> Iterator[Variant]:
    """A city's report of another city: its name changed everywhere."""
    if gold.get("kind") != "city_daily" or not gold.get("province"):
        return
    own = gold["province"]
    for other in _CITIES:
        if other == own:
            continue
        g = copy.deepcopy(gold)
        g["province"] = other
        yield f"city {other}", text.replace(own, other), g


_PARTS_RE = re.compile(r"(\d[\d.]*) ca ([^,.;]+?)(?:, | và )(\d[\d.]*) ca ([^,.;]+?) và "
                       r"(\d[\d.]*) ca ([^,.;]+?)(?=[.,;])")


# Two parts of a day's count ("trong đó 09 ca nhập cảnh và 5.367 ca ghi nhận trong nước"), not
# followed by the list of the second (swapped, the list would follow the first).
_TWO_PARTS_RE = re.compile(r"(?<=trong đó )(?:có )?(\d[\d.]*) ca ((?:[^\W\d]+ ){0,3}?(?:nhập cảnh|"
                           r"trong nước|cộng đồng)) và (\d[\d.]*) ca ((?:[^\W\d]+ ){0,3}?"
                           r"(?:nhập cảnh|trong nước|cộng đồng))(?!\s*(?:tại|ở)\b)")


def parts(text: str, gold: dict) -> Iterator[Variant]:
    """The parts of a day's total in another order ("a ca X, b ca Y và c ca Z"), and the
    opening sentence's time and date put first ("Sở Y tế Hà Nội tối 28/11" -> "Tối 28/11, Sở
    Y tế Hà Nội")."""
    m = _PARTS_RE.search(text)
    if m:
        p = [(m.group(1), m.group(2)), (m.group(3), m.group(4)), (m.group(5), m.group(6))]
        for order_ in ((2, 0, 1), (1, 2, 0)):
            q = [p[i] for i in order_]
            body = f"{q[0][0]} ca {q[0][1]}, {q[1][0]} ca {q[1][1]} và {q[2][0]} ca {q[2][1]}"
            yield "parts reordered", text[:m.start()] + body + text[m.end():], gold
    two = _TWO_PARTS_RE.search(text)
    if two and not m:
        yield "two parts swapped", (text[:two.start()] + f"{two.group(3)} ca {two.group(4)} và "
                                    f"{two.group(1)} ca {two.group(2)}" + text[two.end():]), gold
    o = re.search(r"((?:Sở Y tế|Bộ Y tế|CDC) [^\d,]*?) (sáng|trưa|chiều|tối) (\d{1,2}/\d{1,2}) ",
                  text)
    if o:
        yield "dateline first", (text[:o.start()] + f"{o.group(2).capitalize()} {o.group(3)}, "
                                 f"{o.group(1)} " + text[o.end():]), gold


def scaled(text: str, gold: dict) -> Iterator[Variant]:
    """A text without a list of its figures: its daily counts scaled."""
    if gold.get("by_unit"):
        return
    for k in (2, 7):
        g = copy.deepcopy(gold)
        for f in DAILY:
            if g.get(f) is not None:
                g[f] *= k
        out = replace_totals(text, gold, _changed(gold, g), (0, 0))
        if out is not None:
            yield f"counts x{k} (no list)", out, g


_LINE_RE = re.compile(r"^([-+]\s*)?(\d[\d.]*) ca ghi nhận trong nước tại:?\s*")
_QUARANTINE_RE = re.compile(r"(?P<lead>;?\s*trong đó) (?P<n>\d[\d.]*) ca được phát hiện trong "
                            r"khu cách ly hoặc khu đã được phong toả(?=\.|$)")


def notices(text: str, gold: dict) -> Iterator[Variant]:
    """A notice's line as the ministry wrote it on other days: under its heading, after or
    before a line of imported cases, after a dateline; its quarantined cases said otherwise,
    the rest of the day's cases said to be in the community; its total in a sentence after its
    list."""
    m = _LINE_RE.match(text)
    if not m or gold.get("kind") != "moh_timeline" or "domestic" in gold:
        return
    n = value(m.group(2))
    g = copy.deepcopy(gold)
    g["domestic"] = n
    yield "under its heading", f"THÔNG BÁO VỀ {fmt(n)} CA MẮC MỚI\n{text}", g
    g = copy.deepcopy(gold)
    g.update(new_cases=n + 3, domestic=n, imported=3,
             imported_by_unit={"Kiên Giang": 2, "Quảng Nam": 1})
    yield "after imported cases", (f"THÔNG BÁO VỀ {fmt(n + 3)} CA MẮC MỚI\n+ 3 ca nhập cảnh được "
                                   f"cách ly ngay tại Kiên Giang (2), Quảng Nam (1).\n{text}"), g
    yield "before imported cases", (f"THÔNG BÁO VỀ {fmt(n + 3)} CA MẮC MỚI\n{text.rstrip()}\n"
                                    f"+ 3 ca nhập cảnh được cách ly ngay tại Kiên Giang (2), "
                                    f"Quảng Nam (1)."), g
    day = gold["date"]
    yield "after a dateline", (f"Sáng {int(day[8:])}/{int(day[5:7])}, Bộ Y tế thông báo:\n"
                               f"{text}"), gold
    q = _QUARANTINE_RE.search(text)
    if q:
        said = (f"{q.group('lead')} {q.group('n')} ca trong khu cách ly, khu phong tỏa",
                f"{q.group('lead')} có {q.group('n')} ca được phát hiện trong khu cách ly hoặc "
                f"khu đã được phong tỏa",
                f"{q.group('lead')} {q.group('n')} ca đã được cách ly từ trước")
        for i, words in enumerate(said):
            yield f"quarantined said otherwise {i}", text[:q.start()] + words + text[q.end():], \
                gold
        rest = n - value(q.group("n"))
        if rest > 0:
            g = copy.deepcopy(gold)
            g["community"] = rest
            yield "with the community's", (text[:q.end()] + f" và {fmt(rest)} ca trong cộng đồng"
                                           + text[q.end():]), g
    found = items(text, gold)
    if found and found[0][0] == m.end() and not _ALL_OF_THEM_RE.match(text[found[-1][1]:]):
        end = found[-1][1]
        yield "total in a sentence after the list", (
            f"Các tỉnh, thành phố ghi nhận ca bệnh như sau: {text[m.end():end]}.\n"
            f"Tổng cộng {m.group(2)} ca ghi nhận trong nước{text[end:]}"), gold


# Small counts as news rewrites and provincial offices write them.
_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám",
          9: "chín", 10: "mười"}
# The kind a province's name is written with ("tỉnh Bắc Giang", "thành phố Cần Thơ"): the five
# cities under the centre are "thành phố", every other province "tỉnh".
_CITIES_UNDER_CENTRE = {1, 31, 48, 79, 92}


def _in_words(c: int) -> str:
    return _WORDS.get(c) or fmt(c)


def _with_kind(name: str) -> str:
    """The province `name` with its kind before it, as it is written without its short form."""
    code = province_code(nfc(name))
    if code is None or re.match(r"(?i)(?:tp\b|t\.p|thành phố|tỉnh)", name):
        return name
    if code == 79:
        return "Thành phố Hồ Chí Minh"
    return ("thành phố " if code in _CITIES_UNDER_CENTRE else "tỉnh ") + name


_MONTH_DATE_RE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(2021)(?![\d/])")
_LINE_COUNT_RE = re.compile(r"^([-+]\s*)(\d[\d.]*) ca ghi nhận trong nước tại:?\s*")


def provinces_written(text: str, gold: dict) -> Iterator[Variant]:
    """What provincial offices and news rewrites write otherwise: small counts in words ("Lạng
    Sơn hai ca", "ba trường hợp"), "bệnh nhân" or "BN" for the case noun, the province's kind
    before its name ("tỉnh Bắc Giang (19)"), the count before the place ("19 ca tại Bắc Giang"),
    "và" before the last of the count-first items, a full date ("ngày 3 tháng 10 năm 2021"),
    the list one item a line behind "+" or "•"."""
    full = _MONTH_DATE_RE.sub(lambda m: f"ngày {int(m.group(1))} tháng {int(m.group(2))} năm "
                              f"{m.group(3)}", text)
    if full != text:
        yield "date in words", full.replace("ngày ngày", "ngày"), gold
    # The day's counts only: running totals are of cases ("ca nhiễm"), not of patients.
    daily = {fmt(gold[f]) for f in DAILY if isinstance(gold.get(f), int)}
    daily |= {fmt(c) for f in ("by_unit", "imported_by_unit") for c in (gold.get(f) or {}).values()}
    patients = re.sub(r"(?<![\d.])0*(\d[\d.]*) ca\b", lambda m: f"{m.group(1)} bệnh nhân"
                      if m.group(1) in daily else m.group(0), text)
    yield "bệnh nhân for ca", patients, gold
    found = items(text, gold)
    if not found:
        return
    names = [(n, c) for _, _, n, c in found]
    if any(c <= 10 for _, c in names):
        body = [f"{n} {_in_words(c)} ca" for n, c in names]
        yield "small counts in words", text[:found[0][0]] + ", ".join(body) \
            + text[found[-1][1]:], gold
        body = [f"{n} có {_in_words(c)} trường hợp" for n, c in names]
        yield "small counts in words, verb", text[:found[0][0]] + ", ".join(body) \
            + text[found[-1][1]:], gold
    kinds = [(_with_kind(n), c) for n, c in names]
    if kinds != names:
        g = copy.deepcopy(gold)
        g["by_unit"] = dict(kinds)
        yield "kind before the name", with_items(text, found, kinds), g
    first = [f"{fmt(c)} ca tại {n}" for n, c in names]
    if len(first) > 1:
        # The "tại" that led the places leads each of them now: the list opens after ":".
        head = re.sub(r"\s+(?:tại|ở)\s*:?\s*$", ": ", text[:found[0][0]])
        yield "count before the place", head + ", ".join(first[:-1]) + " và " + first[-1] \
            + text[found[-1][1]:], gold
        first_bn = [f"{fmt(c)} BN ở {n}" for n, c in names]
        yield "BN before the place", head + "; ".join(first_bn) + text[found[-1][1]:], gold
    line = _LINE_COUNT_RE.match(text)
    if line and found[0][0] == line.end() and text[found[-1][1]:].strip() in ("", "."):
        for mark in ("+", "•"):
            body = "\n".join(f"{mark} {n}: {fmt(c)} ca" for n, c in names)
            yield f"bulleted with {mark}", (f"{line.group(1)}{line.group(2)} ca ghi nhận trong "
                                             f"nước tại:\n{body}"), gold


# --- round 2: sentence order, one sentence per place, page copies, approximate figures --------

# A sentence or paragraph that opens so refers back to the one before it ("Trong đó ...", "Tại
# các tỉnh, thành phố khác: ...", "Như vậy ..."): moved, it would change what it says.
_LEANS_BACK_RE = re.compile(r"(?i)^\s*(?:[-+•]\s*)?(?:trong đó|tại các|như vậy|đây là|số ca nhiễm "
                            r"mới đưa|các ca|ca\s+\d|ca bệnh|hiện|kết quả|bệnh nhân|cụ thể|gồm|"
                            r"[a-z]\.\s|các địa phương|có \d+ tỉnh|trong khi|theo|"
                            r"đồng thời|ngoài ra|bên cạnh)")
# A sentence's end: a stop after a lower-case word or a closing bracket ("TP. Hồ Chí Minh" is
# no end), a capital after it.
_SENTENCE_END_RE = re.compile(r"(?<=[a-zà-ỹđ)%][.!?])\s+(?=[A-ZÀ-Ỹ\u0110])")


def _independent(piece: str, before: str) -> bool:
    """`piece` stands alone: it does not refer to `before`, nor `before` announce it."""
    return not _LEANS_BACK_RE.match(piece) and not before.rstrip().endswith(":")


def order_of_sentences(text: str, gold: dict) -> Iterator[Variant]:
    """Independent sentences in another order: two paragraphs of the body swapped (the
    recoveries before the new cases), two sentences of one paragraph swapped (the totals'
    sentence first), a notice's lines in another order (the imported line after the domestic
    one). The title and its first line stay first: they carry the day."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    body = list(range(1, len(paragraphs)))
    for i, j in zip(body, body[1:], strict=False):
        a, b = paragraphs[i], paragraphs[j]
        if _independent(b, a) and _independent(a, paragraphs[i - 1]) and \
                (j + 1 >= len(paragraphs) or _independent(paragraphs[j + 1], a)):
            new = [*paragraphs[:i], b, a, *paragraphs[j + 1:]]
            yield "paragraphs swapped", "\n\n".join(new), gold
    for k, paragraph in enumerate(paragraphs):
        sentences = _SENTENCE_END_RE.split(paragraph)
        for i in range(len(sentences) - 1):
            a, b = sentences[i], sentences[i + 1]
            if i == 0 and k == 0:
                continue  # the opening sentence carries the day
            rest = sentences[i + 2] if i + 2 < len(sentences) else ""
            if not (_independent(b, a) and _independent(a, "") and
                    (not rest or _independent(rest, a))):
                continue
            new_par = " ".join([*sentences[:i], b, a, *sentences[i + 2:]])
            yield "sentences swapped", "\n\n".join(
                [*paragraphs[:k], new_par, *paragraphs[k + 1:]]), gold
    yield from _list_first(text, gold)
    yield from _total_first(text, gold)
    lines = text.strip().split("\n")
    marked = [i for i, line in enumerate(lines) if re.match(r"\s*[-+]\s*\d", line)]
    if len(marked) == 2 and marked[1] == marked[0] + 1:
        i = marked[0]
        yield "notice lines swapped", "\n".join([*lines[:i], lines[i + 1], lines[i],
                                                  *lines[i + 2:]]), gold


def _total_first(text: str, gold: dict) -> Iterator[Variant]:
    """A notice's line as two sentences: its total first, then its list, or its quarantined
    cases said before its list."""
    m = _LINE_RE.match(text)
    found = items(text, gold)
    if not (m and found and found[0][0] == m.end()) or _ALL_OF_THEM_RE.match(
            text[found[-1][1]:]):
        return
    listed, rest = text[m.end():found[-1][1]], text[found[-1][1]:]
    bullet = m.group(1) or ""
    yield "total first, its list after", (f"{bullet}Ghi nhận {m.group(2)} ca trong nước.\nCác "
                                          f"tỉnh, thành phố ghi nhận ca bệnh như sau: {listed}"
                                          f"{rest}"), gold
    q = _QUARANTINE_RE.search(rest)
    if q and not rest[q.end():].strip(" ."):
        yield "quarantined before the list", (
            f"{bullet}{m.group(2)} ca ghi nhận trong nước, trong đó {q.group('n')} ca được phát "
            f"hiện trong khu cách ly hoặc khu đã được phong toả. Các ca bệnh ghi nhận tại: "
            f"{listed}."), gold


# The sentence that introduces the day's list of provinces ("Các tỉnh, thành phố ghi nhận ca
# bệnh như sau: ..."), to its end.
_LIST_SENTENCE_RE = re.compile(r"Các tỉnh, thành phố ghi nhận ca bệnh như sau:.*?\)\.(?=\s|$)",
                               re.DOTALL)


def _list_first(text: str, gold: dict) -> Iterator[Variant]:
    """The day's list of provinces before the sentences of its totals, in place of after them
    (the title stays first)."""
    m = _LIST_SENTENCE_RE.search(text)
    before = text[:m.start()] if m else ""
    head_end = before.find("\n") + 1  # the title stays first: it carries the day
    if m and head_end and before[head_end:].strip():
        yield "list before its totals", (text[:head_end] + m.group(0) + "\n"
                                         + before[head_end:].rstrip() + text[m.end():]), gold


_AFTER_LIST_RE = re.compile(r"^\s*(?:[;,]\s*(?P<clause>trong đó[^.\n]*?))?\s*\.?\s*$")


def _around_list(text: str, found: list) -> tuple[str, str] | None:
    """The text before a list without the word that leads to it ("tại", "như sau:"), and the
    clause after it ("; trong đó 40 ca ... khu cách ly"); None when more follows the list."""
    after = _AFTER_LIST_RE.match(text[found[-1][1]:])
    if after is None:
        return None
    head = re.sub(r"(?:\s+(?:tại|ở)|\s*,?\s*(?:cụ thể\s+)?như sau)?\s*:?\s*$", "",
                  text[:found[0][0]])
    if not head or head.endswith("\n"):
        return None
    clause = after.group("clause")
    return head, (f", {clause}" if clause else "")


def _list_parts(text: str, gold: dict) -> tuple[str, str, list[tuple[str, int]]] | None:
    """The text before a notice's list, the clause after it and its (name, count) items; None
    when it has no list or more than a clause follows it."""
    found = items(text, gold)
    around = _around_list(text, found) if found else None
    if around is None:
        return None
    return around[0], around[1], [(n, c) for _, _, n, c in found]


_OWN_SENTENCE = ("{kind} ghi nhận {c} ca.", "{kind} có {c} ca mắc mới.",
                 "Tại {n} có thêm {c} trường hợp.")


def one_place_a_sentence(text: str, gold: dict) -> Iterator[Variant]:
    """A province's count as a sentence of its own ("Tỉnh Bình Dương ghi nhận 1.283 ca."), and
    the list one item a line behind "-", "+" or a number ("1. Hà Nội: 5 ca")."""
    listed = _list_parts(text, gold)
    if listed is None:
        return
    head, clause, names = listed
    for form in _OWN_SENTENCE:
        body = [form.format(kind=_capital(_with_kind(n)), n=n, c=fmt(c)) for n, c in names]
        for sep in (" ", "\n"):
            yield f"a sentence a place ({form.split()[1]}, {sep!r})", \
                f"{head}{clause}.\n{sep.join(body)}", gold
    body = [f"{_capital(_with_kind(n))}&nbsp;ghi nhận {fmt(c)} ca.<br>" for n, c in names]
    yield "a sentence a place, as a page", f"{head}{clause}.<br>\r\n" + "\r\n".join(body), gold
    two_words = [k for k, (n, _) in enumerate(names) if " " in n]
    if two_words:
        k = two_words[0]
        body = [f"{n} có {fmt(c)} ca mắc mới." for n, c in names]
        body[k] = body[k].replace(" ", "\n", 1)
        yield "a sentence a place, a name broken", f"{head}{clause}.\n" + " ".join(body), gold
    for label, mark in (("-", "- {n}: {c} ca"), ("+", "+ {n} ({c})"),
                        ("numbered", "{i}. {n}: {c} ca"), ("numbered )", "{i}) {n} - {c} ca")):
        lines = [mark.format(i=i, n=n, c=fmt(c)) for i, (n, c) in enumerate(names, 1)]
        yield f"one item a line behind {label}", \
            f"{head}{clause}. Cụ thể như sau:\n" + "\n".join(lines), gold


_SPEAKERS = ("Bộ Y tế cho biết: ", "Bộ Y tế thông báo: ", "Theo Bộ Y tế, ")


def said_and_detailed(text: str, gold: dict) -> Iterator[Variant]:
    """A notice's line after a speaker's clause ("Bộ Y tế cho biết: 2.807 ca ..."); its list
    after its quarantined cases and "cụ thể như sau:" ("N ca ..., trong đó M ca ... khu cách
    ly, cụ thể như sau: X (n), ..."); its places after "trong đó", each count first ("trong đó
    2.310 ca tại TP. Hồ Chí Minh, 72 ca tại Đồng Nai, ...")."""
    m = _LINE_RE.match(text)
    if not m or gold.get("kind") != "moh_timeline":
        return
    line = text[len(m.group(1) or ""):]
    for said in _SPEAKERS:
        yield f"after '{said.strip()}'", f"{said}{line[:1].lower()}{line[1:]}", gold
    listed = _list_parts(text, gold)
    if listed is None:
        return
    head, clause, names = listed
    brackets = ", ".join(f"{n} ({fmt(c)})" for n, c in names)
    if clause:
        yield "list after its quarantined cases", f"{head}{clause}, cụ thể như sau: {brackets}.", \
            gold
        yield "list after its quarantined cases, said first", \
            f"Bộ Y tế cho biết: {head.lstrip('+- ')}{clause}, cụ thể như sau: {brackets}.", gold
    elif len(names) >= 2:
        counts_first = ", ".join(f"{fmt(c)} ca tại {n}" for n, c in names)
        yield "places after 'trong đó', counts first", f"{head}, trong đó {counts_first}.", gold


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


_ENTITIES = {"\u00a0": "&nbsp;", "–": "&ndash;", "&": "&amp;", "\n": "<br>\n"}


def page_copies(text: str, gold: dict) -> Iterator[Variant]:
    """Text pasted from a web page: tabs and runs of spaces, HTML entities (named and numeric,
    the letters of a name among them), the list as a table, a row a place with its cells split
    by a tab or "|"."""
    yield "tabs", re.sub(r"(?<=\S) (?=\S)", lambda m: "\t" if m.start() % 3 == 0 else " ",
                         text), gold
    yield "runs of spaces and tabs", text.replace(" ", " \t  "), gold
    yield "entities", re.sub(r"[\u00a0–&\n]", lambda m: _ENTITIES[m.group(0)], text).replace(
        ", ", ",&nbsp;"), gold
    yield "numeric entities", re.sub(r"[^\x00-\x7f]", lambda m: f"&#{ord(m.group(0))};",
                                     unicodedata.normalize("NFC", text)), gold
    yield "hex entities", re.sub(r"[ạ-ỹ]", lambda m: f"&#x{ord(m.group(0)):x};", text), gold
    yield "tags", "<p>" + re.sub(r"\n+", "</p>\n<p>", text.strip()) + "</p>", gold
    yield "windows line ends", text.replace("\n", "\r\n"), gold
    listed = _list_parts(text, gold)
    if listed is None:
        return
    head, clause, names = listed
    for label, cell in (("tab", "\t"), ("|", " | ")):
        rows = [f"{i}{cell}{n}{cell}{fmt(c)}" for i, (n, c) in enumerate(names, 1)]
        yield f"table split by {label}", (f"{head}{clause}. Cụ thể như sau:\nSTT{cell}Tỉnh, "
                                          f"thành phố{cell}Số ca\n" + "\n".join(rows)), gold
        rows = [f"| {n} | {fmt(c)} |" if label == "|" else f"{n}\t{fmt(c)}" for n, c in names]
        yield f"table after a full stop, split by {label}", (
            f"{head}{clause}.\nTỉnh, thành phố{cell}Số ca mắc mới\n" + "\n".join(rows)), gold
        yield f"table without numbers split by {label}", (
            f"{head}{clause}. Cụ thể như sau:\nTỉnh{cell}Số ca\n" + "\n".join(rows)), gold


_LIST_OF = {"deaths": "deaths_by_unit"}


def approximate(text: str, gold: dict) -> Iterator[Variant]:
    """A day's count given as approximate ("khoảng", "gần", "hơn"): no count is stated, so the
    gold loses that field and those it equals. A list under it still gives its sum, as a
    derived figure: the deaths' list under "khoảng 200 ca tử vong" sums to the day's deaths."""
    for field in ("new_cases", "recovered", "severe", "deaths"):
        n = gold.get(field)
        if not isinstance(n, int) or n < 20:
            continue
        hits = list(re.finditer(r"(?<![\d./])0*" + re.escape(fmt(n)).replace(r"\.", r"\.?")
                                + r"(?=\s+(?:ca|trường hợp|người|bệnh nhân)\b)", text))
        # Only a figure written once: another place would state it exactly.
        anywhere = re.findall(rf"(?<![\d.])0*{re.escape(fmt(n))}(?![\d.])", text)
        if len(hits) != 1 or len(anywhere) != 1:
            continue
        hit = hits[0]
        rounded = n - n % (10 ** (len(str(n)) - 1))
        for word, figure in (("khoảng", rounded), ("hơn", rounded), ("gần", rounded + 10 ** (
                len(str(n)) - 1))):
            g = copy.deepcopy(gold)
            # With it go the figures the gold takes to equal it ("30 ca ..., đều ở khu cách
            # ly": the quarantined are all of them).
            listed = sum((gold.get(_LIST_OF.get(field, "")) or {}).values())
            for f in (field, *DAILY):
                if g.get(f) == n and listed != n:
                    del g[f]
            yield f"{field} approximate ({word})", (text[:hit.start()] + f"{word} {fmt(figure)}"
                                                     + text[hit.end():]), g


REWRITES: dict[str, Callable[[str, dict], Iterator[Variant]]] = {
    "notices": notices, "wraps": wraps,
    "slips": slips, "figures": figures, "places": places, "lengths": lengths, "order": order,
    "styles": styles, "dates": dates, "cities": cities, "parts": parts, "scaled": scaled,
    "provinces written": provinces_written, "sentence order": order_of_sentences,
    "a sentence a place": one_place_a_sentence, "page copies": page_copies,
    "approximate": approximate, "said and detailed": said_and_detailed}


def differences(text: str, gold: dict) -> list[tuple[str, list, list]]:
    result = read_gold_text(text, gold)
    diffs = [(f, sorted(map(str, (got - want).elements())),
              sorted(map(str, (want - got).elements())))
             for f, (got, want) in compare(result, gold).items() if got != want]
    if text_is_wrong(gold) and result.get("status") != "needs_review":
        diffs.append(("status", [str(result.get("status"))], ["needs_review"]))
    return diffs


def main() -> None:
    verbose = "-v" in sys.argv
    golds = load_gold(REAL)
    if not golds:
        print(f"no real texts at {REAL}")
        return
    total, failures, tried = 0, defaultdict(list), defaultdict(int)
    skipped = []
    for path, text, gold in golds:
        if differences(text, gold):
            skipped.append(path.stem)
            continue
        for family, rewrite in REWRITES.items():
            # The text as it is for its slips; NFC for the others, whose patterns are written
            # so (many real texts are not: their own form is what "slips" rewrites).
            source = text if family == "slips" else nfc(text)
            for label, new_text, new_gold in rewrite(source, gold):
                if new_text == text and new_gold == gold:
                    continue
                total += 1
                tried[family] += 1
                diffs = differences(new_text, new_gold)
                if diffs:
                    cause = re.sub(r" \(.*\)$", "", label)
                    failures[(family, cause)].append((path.stem, label, diffs))
    failed = sum(map(len, failures.values()))
    print(f"texts rewritten: {len(golds) - len(skipped)} (not read right as they are, left "
          f"out: {', '.join(skipped) or 'none'})")
    print(f"rewrites: {total}; failures: {failed}")
    print("  by kind: " + ", ".join(f"{family} {n}" for family, n in tried.items()))
    for (family, cause), cases in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(cases):4} {family}: {cause}")
        for stem, label, diffs in cases if verbose else cases[:3]:
            print(f"        {stem} [{label}]")
            for f, extra, missing in diffs:
                print(f"          {f}: read {extra[:4] or '-'}; missed {missing[:4] or '-'}")


if __name__ == "__main__":
    main()
