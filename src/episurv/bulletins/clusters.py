"""Cases by cluster, new clusters, how the other community cases were found, and the running
list of clusters "đang diễn biến phức tạp" with first-case date and total.

Source: the Hà Nội CDC bulletins (the domain README §1-2): "có 9 người liên
quan ổ dịch ở kho hàng X, Long Biên và hai liên quan ổ dịch Y", "7 ổ dịch cũ ... gồm 7 ở A,
xã B, huyện C; chợ D, Gia Lâm 7; ...", "Còn lại 14 ca phát hiện qua sàng lọc ho sốt ...",
"Thủ Lệ, Ngọc Khánh, ghi nhận từ 3/11, có 10 ca." A cluster is written as its name followed by
its place (ward, district); the place is resolved here, the cluster itself is matched to stored
clusters later by a service.
"""

from __future__ import annotations

import re
from functools import lru_cache

from episurv.bulletins import places
from episurv.bulletins.numbers import DATE, DIGITS, NUM, NUMBER_WORD, read_number
from episurv.bulletins.reading import (
    Folded,
    Reading,
    all_counts_read,
    finditer_num,
    has_any,
    original,
    search_num,
    take,
    taken,
)
from episurv.bulletins.segment import Sentence
from episurv.geo.names import fold

_I = re.IGNORECASE
_CLUSTER_WORD = r"(?:ổ dịch|chùm ca bệnh|chùm ca|chùm|điểm nóng)"
CLUSTER_WORDS = ("ổ dịch", "chùm", "điểm nóng")  # one is in every _CLUSTER_WORD
# The cluster may be named by what its people share, without "ổ dịch": "28 trường hợp liên quan
# nhóm truyền giáo Phục Hưng", "liên quan công ty X", "liên quan chợ Y" (HCDC's reports of May
# and June 2021); the name then keeps its noun. A count after a comma is the next clause's.
_RELATED_RE = Folded(
    rf"(?P<n>{NUM})\s+(?:người|ca|trường hợp|F0)?\s*(?:mới\s+)?liên quan\s+(?:đến\s+|tới\s+)?"
    rf"(?:{_CLUSTER_WORD}\s+|(?=(?:nhóm|hội thánh|công ty|chợ|bệnh viện|khu công nghiệp)\s))"
    rf"(?P<c>.+?)(?=\s+và\s+(?:{NUM})\s+(?:người\s+|ca\s+)?liên quan|\s*;|\s*$"
    rf"|\s*,\s*(?:{NUM})\s+(?:người|ca|trường hợp|F0)\b)")
# "Ổ dịch X (ghi nhận|có) thêm 12 ca", or without "thêm" ("Ổ dịch chợ Hòa Cường ghi nhận 12
# ca dương tính"): the day's cases of a cluster, in a daily report, unless the sentence says the
# count runs from before (_RUNNING_WORDS).
# The sentence may open with a word that sets it apart ("Đáng chú ý, ổ dịch ...", "Ngoài ra").
_SINGLE_RE = Folded(
    rf"^(?:(?:Riêng|Đáng chú ý|Ngoài ra|Bên cạnh đó|Đặc biệt)\s*,?\s+)?{_CLUSTER_WORD}"
    rf"\s+(?P<c>.+?)\s+(?:(?:ghi nhận\s+|có\s+)?(?P<more>thêm)\s+"
    rf"|(?:ghi nhận|có)\s+)(?P<n>{NUM})\s+ca(?:\s+(?:mắc|nhiễm)(?:\s+mới)?)?(?P<tail>.*)$")
_RUNNING_WORDS_RE = re.compile(r"tổng|đến nay|lũy kế|luỹ kế|nâng|\btừ\s+(?:ngày\s+)?\d"
                               r"|tính đến|kể từ")
_OLD_RE = Folded(rf"^(?P<k>{NUM})\s+{_CLUSTER_WORD}\s+(?:cũ|khác)")
# A list of clusters behind a plural heading and a colon ("Các ổ dịch: ...", "Trong đó, các
# chùm ca bệnh: ..."), its items split by "," too.
_PLURAL_HEAD_RE = Folded(rf"^(?:trong đó,?\s*)?các\s+{_CLUSTER_WORD}[^:;]*:")
_AFTER_COUNT_RE = re.compile(r"(?<=\d)(?:\s+ca)?\s*,\s+")
_BARE_COUNT_RE = re.compile(rf"\s*{NUM}(?:\s+ca)?\s*$", _I)
_ITEM_LEAD_RE = re.compile(rf"^{_CLUSTER_WORD}\s+", _I)
_LIST_START_RE = Folded(rf"{_CLUSTER_WORD}.*?(?:\s+gồm|:)\s*:?\s*")
_NEW_RE = Folded(
    rf"(?P<k>{NUM})\s+{_CLUSTER_WORD}\s+(?:này|mới)\b.*?đầu tiên\s+(?:vào\s+|từ\s+)?(?:ngày\s+)?"
    rf"(?P<dates>{DATE}(?:\s*(?:,|và)\s*(?:ngày\s+)?{DATE})*)")
# New clusters counted without their first cases' days: "Thành phố cũng ghi nhận 3 ổ dịch
# mới", "phát hiện thêm 2 chùm ca bệnh mới" (Hà Nội's reports of late 2021).
_NEW_COUNT_RE = Folded(rf"(?:ghi nhận|phát hiện|có|xuất hiện)\s+(?:thêm\s+)?(?P<k>{NUM})\s+"
                       rf"{_CLUSTER_WORD}\s+mới(?![^.;]*đầu tiên)")
_NEW_UNITS_RE = re.compile(rf"thêm\s+(?:(?:\d+|{NUMBER_WORD})\s+)?{_CLUSTER_WORD}(?:\s+mới)?\s+"
                           rf"(?:ở|tại)\s+(?P<u>[^,;.]+)", _I)
_SOURCES = (
    ("các ổ dịch", "cluster"),
    ("sàng lọc", "screening"),
    ("các tỉnh có dịch và F1", "travel_or_contact"),
    ("tỉnh có dịch", "travel"),
    ("F1", "contact"),
    ("chưa rõ", "unknown"),
    ("đang điều tra", "unknown"),
)
# Words that say the cases were found already isolated ("195 ca là F1 đã được cách ly"): those
# are the day's quarantine cases (the cities' reports split the day's cases into community and
# isolated), read as such by the day's totals, not a source of community cases.
_ISOLATED = ("đã được cách ly", "đã cách ly", "khu cách ly", "khu phong tỏa", "khu phong toả")
# A word every sentence that names a source holds (lower case): tested before the pattern.
_SOURCE_HINTS = ("sàng lọc", "tỉnh có dịch", "f1", "chưa rõ", "điều tra", "các ổ dịch")
_SOURCE_RE = Folded(
    rf"(?P<n>{NUM})\s+ca\s+(?:được\s+)?(?:phát hiện\s+)?(?:qua\s+|là\s+|liên quan\s+(?:đến\s+"
    rf"|tới\s+)?|"
    rf"(?=chưa rõ|đang điều tra))(?P<what>.*?)(?=\s+và\s+{NUM}\s+ca|[,;.]|$)")
_DATE_ONLY_RE = re.compile(DATE)

# Items of a by-cluster list, each with words one of which an item it reads holds (lower case;
# None: any item): the lazy "^(?P<c>.+?)" forms are tried only on an item that may be theirs.
_ITEM_FORMS = (
    (Folded(rf"^(?P<n>{NUM})\s+(?:ca\s+)?(?:ở|tại|liên quan(?:\s+{_CLUSTER_WORD})?)\s+"
            rf"(?P<c>.+)$"), None),
    (Folded(rf"^(?P<c>.+?)\s+(?P<each>mỗi nơi|đều)\s+(?P<n>{NUM})(?:\s+ca)?$"), ("mỗi nơi", "đều")),
    (Folded(rf"^(?P<c>.+?)\s+(?:ghi nhận\s+)?(?:thêm|có)\s+(?P<n>{NUM})"
            rf"(?:\s+ca)?(?:\s+mới)?$"), ("thêm", "có")),
    (Folded(rf"^(?P<c>.+?)\s*(?:\(|:)?\s*(?P<n>{DIGITS})\)?(?:\s+ca)?$"), tuple("0123456789")),
    (Folded(rf"^(?P<c>.+?)\s+(?P<n>{NUMBER_WORD})\s+ca$"), ("ca",)),
)
# Items of the running list, each with the words one of which it holds (None: no test), as
# _ITEM_FORMS: the forms with a first-case date need its "/", which most parts of a long
# sentence read while the list runs have not.
_RUNNING_FORMS = (
    (Folded(
        rf"^(?P<c>.+?),?\s+(?:(?:ghi nhận|phát hiện|ca\s+(?:nhiễm|bệnh|mắc)\s+đầu tiên"
        rf"(?:\s+được)?(?:\s+(?:phát hiện|ghi nhận))?)\s+)?(?:từ ngày|từ|hôm|vào ngày|vào|ngày)\s+"
        rf"(?P<date>\d{{1,2}}/\d{{1,2}})\s*,?\s*(?:đến nay|tới nay|tổng cộng|tổng số|lũy kế"
        rf"|luỹ kế|hiện)?"
        rf"\s*(?:đã\s+)?(?:có\s+|là\s+|ghi nhận\s+)?(?P<total>{NUM})\s+(?:ca|F0|người|trường hợp)"
        rf"(?:\s+(?:nhiễm|mắc|bệnh))?$"), ("/",)),
    (Folded(
        rf"^(?P<c>.+?)\s*[:(]\s*(?P<total>{NUM})\s+ca(?:\s+(?:nhiễm|mắc))?\s*[,;]?\s*"
        rf"(?:ca đầu tiên\s+)?(?:ghi nhận\s+|phát hiện\s+)?(?:từ|kể từ)\s+(?:ngày\s+)?"
        rf"(?P<date>\d{{1,2}}/\d{{1,2}})\)?$"), ("/",)),
    # Without a first-case date (the renderer's form when the date is unknown).
    (Folded(rf"^(?P<c>.+?),\s+(?:tổng cộng|đến nay|đến nay có)\s+(?P<total>{NUM})\s+ca$"),
     None),
)
_NO_RUNNING_RE = Folded(r"không có (?:địa bàn|ổ dịch) nào (?:đang )?diễn biến phức tạp")
_RUNNING_HEAD_RE = Folded(
    r"^(?P<head>.*?(?:đang diễn biến phức tạp|đang hoạt động|còn hoạt động)[^:]*:)\s*(?P<rest>.*)$")
# Generic words that lead a cluster's name, folded ("kho hàng", "chợ", "đường").
_GENERIC_LEAD = re.compile(r"^(?:o dich|chum ca benh|chum|kho hang|cong ty|cho|duong|pho|thon|xom|"
                           r"ngo|khu|toa nha|benh vien)\s+")


_PLACE_TAIL_RE = re.compile(r"\s+o\s+")
_NOT_KEY_RE = re.compile(r"[^a-z0-9]")
_AT_LEAD_RE = re.compile(r"^(?:ở|tại)\s+", _I)
_WORD_LEAD_RE = re.compile(rf"^{_CLUSTER_WORD}\s+", _I)
_INNER_PLACE_RE = re.compile(r"^(?P<n>.+?)\s+(?:ở|tại)\s+(?P<p>[^,]+)$")


@lru_cache(maxsize=4096)
def cluster_key(name: str) -> str:
    """A comparison key for a cluster name: folded, without generic leading words and any
    "ở <place>" tail ("kho hàng Shopee ở khu công nghiệp Đài Tư" and "Shopee ở Long Biên"
    both give "shopee")."""
    text = fold(name)
    text = _PLACE_TAIL_RE.split(text)[0]
    previous = None
    while previous != text:
        previous = text
        text = _GENERIC_LEAD.sub("", text).strip()
    return _NOT_KEY_RE.sub("", text)


def split_cluster(text: str, r: Reading) -> dict:
    """Name and place of a cluster as written: "Bạch Trữ, xã Tiến Thắng, huyện Mê Linh"."""
    name, place, resolved = _split_cluster(text, (r.jurisdiction or {}).get("code"))
    return {"cluster": name, "place": place, "places": [dict(p) for p in resolved]}


@lru_cache(maxsize=4096)
def _split_cluster(text: str,
                   province_code: int | None) -> tuple[str, str | None, tuple[dict, ...]]:
    """`split_cluster`, cached: bulletins name the same clusters day after day, and resolving
    their places is the slow part. The places' dicts stay here; callers get copies."""
    text = _AT_LEAD_RE.sub("", text.strip(" ,.;"))
    text = _WORD_LEAD_RE.sub("", text)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    name, place_parts = parts[0], parts[1:]
    # "Shopee ở Long Biên": a trailing "ở <district>" is a place too.
    inner = _INNER_PLACE_RE.match(name) if " ở " in name or " tại " in name else None
    if inner and province_code and places.district(inner.group("p"), province_code):
        place_parts = [inner.group("p"), *place_parts]
        name = inner.group("n")
    resolved = places.place_parts(place_parts, province_code) if place_parts else []
    return name, ", ".join(place_parts) or None, tuple(
        {k: p[k] for k in ("unit", "code", "name", "level")} for p in resolved)


def _add_by_cluster(r: Reading, text: str, n: int | float) -> None:
    item = split_cluster(text, r)
    item["new_cases"] = n
    r.fields.setdefault("by_cluster", []).append(item)


def read_by_cluster(s: Sentence, r: Reading) -> None:
    """Cases by cluster, in the three forms the bulletins use."""
    text = s.text
    low = s.low
    related = "liên quan" in low
    if "ổ dịch" not in low and "chùm" not in low and "điểm nóng" not in low and not related:
        return  # every form names a cluster, or what its cases are related to
    if related:
        for m in finditer_num(_RELATED_RE, s, ("liên quan",)):
            if taken(s, m, "n"):
                continue
            _add_by_cluster(r, original(m, text, "c") or "", take(s, m, "n"))
            s.use_match(m)
    single = _SINGLE_RE.match(s)
    if single and single.group("more") is None \
            and _RUNNING_WORDS_RE.search(low):
        single = None  # "Ổ dịch X từ 3/11 đến nay có 120 ca": the cluster's total so far
    if single and not taken(s, single, "n"):
        _add_by_cluster(r, original(single, text, "c") or "", take(s, single, "n"))
        s.use(0, single.end("n"))
        return
    old = _OLD_RE.match(s)
    plural = _PLURAL_HEAD_RE.match(s) if ":" in text else None
    start = _LIST_START_RE.search(s) if old or plural or ";" in text else None
    if start and not _RUNNING_HEAD_RE.match(s):
        at = start.end()
        if ";" in text and start.start() == 0 and _BARE_COUNT_RE.match(text, at, text.find(";")):
            at = 0  # "Ổ dịch chợ Hòa Khánh: 9 ca; ổ dịch ...": the ":" was the first item's
        body = text[at:]
        # Items end at ";", or after a count and "," ("Các ổ dịch: chợ Hòa Khánh 9 ca, công ty
        # may Sơn Trà 6 ca"): a cluster's place after its name ("chợ Hôm, Hai Bà Trưng 9") is
        # not an item of its own.
        items = body.split(";") if ";" in body else _AFTER_COUNT_RE.split(body)
        count = 0
        for item in items:
            count += _read_item(s, r, item, at + body.find(item))
        if old:
            r.context["old_clusters"] = (take(s, old, "k"), count)


def _read_item(s: Sentence, r: Reading, item: str, offset: int) -> int:
    item = item.strip(" .")
    if lead := _ITEM_LEAD_RE.match(item):  # "ổ dịch công ty may Sơn Trà: 6 ca"
        item, offset = item[lead.end():], offset + lead.end()
    low = item.lower()
    for form, words in _ITEM_FORMS:
        m = form.match_str(item, low) if words is None or has_any(low, words) else None
        if not m:
            continue
        n = read_number(m.group("n"))
        s.use(offset, offset + len(item) + 1)
        cluster = original(m, item, "c") or ""
        if "each" in form.low.groupindex and m.group("each"):
            names = re.split(r"\s+và\s+", cluster)
            for name in names:
                _add_by_cluster(r, name, n)
            return len(names)
        _add_by_cluster(r, cluster, n)
        return 1
    return 0


def read_new_clusters(s: Sentence, r: Reading) -> None:
    low = s.low
    # Every match names a cluster after its count: a sentence without one is not searched.
    m = search_num(_NEW_RE, s, CLUSTER_WORDS) if "đầu tiên" in low else None
    if m:
        dates = [r.date(d) for d in _DATE_ONLY_RE.findall(m.group("dates"))]
        r.put("new_clusters", {"count": take(s, m, "k"), "first_case_dates": dates})
        s.use(*m.span("dates"))
    elif "mới" in low and (m := _NEW_COUNT_RE.search(s)) and not taken(s, m, "k"):
        r.put("new_clusters", {"count": take(s, m, "k"), "first_case_dates": []})
    u = _NEW_UNITS_RE.search(s.text) if "thêm" in low and (
        "ổ dịch" in low or "chùm" in low or "điểm nóng" in low) else None
    if u and r.jurisdiction and r.jurisdiction.get("code"):
        names = re.split(r"\s*,\s*|\s+và\s+", u.group("u"))
        units = [places.unit_in(n, r.jurisdiction) for n in names if n.strip()]
        r.put("new_cluster_units", [{k: x[k] for k in ("unit", "code", "name")} for x in units])


def read_sources(s: Sentence, r: Reading) -> None:
    """Community cases found otherwise than in a cluster: screening, travel, F1, unknown."""
    low = s.low
    if not has_any(low, _SOURCE_HINTS) or all_counts_read(s):
        return  # _SOURCE_RE reads "<count> ca" if not taken (see all_counts_read)
    for m in finditer_num(_SOURCE_RE, s, ("ca",)):
        if taken(s, m, "n"):
            continue
        what = m.group("what")
        # The "và F1" of "13 ca liên quan các tỉnh có dịch và F1" sits past the regex window.
        tail = s.text[m.end():m.end() + 8]
        if has_any(what.lower(), _ISOLATED):
            continue
        if "cộng đồng" in what.lower() and has_any(low, _ISOLATED) \
                and low.count("cộng đồng") == 1 and r.fields.get("community") is None:
            # "402 ca đã được cách ly và 108 ca phát hiện qua sàng lọc cộng đồng" (provinces'
            # reports of August 2021): the day's split into isolated cases and the community's,
            # read by the lexicon's rows, not a source of community cases stated apart.
            continue
        for word, key in _SOURCES:
            if word.lower() in (what + tail).lower():
                sources = r.fields.setdefault("by_source", {})
                sources[key] = sources.get(key, 0) + take(s, m, "n")
                break


def read_running_list(s: Sentence, r: Reading) -> None:
    """The running list: a header sentence, then one cluster per sentence (or per ";")."""
    text = s.text
    low = s.low
    if "phức tạp" in low and _NO_RUNNING_RE.search(s):
        r.fields.setdefault("clusters", [])
        r.context["running"] = False
        return
    head = _RUNNING_HEAD_RE.match(s) if (
        "đang diễn biến phức tạp" in low or "hoạt động" in low) else None
    if head:
        r.context["running"] = True
        r.fields.setdefault("clusters", [])
        text = original(head, text, "rest") or ""
        offset = head.start("rest")
    elif r.context.get("running"):
        offset = 0
    else:
        return
    read_any = False
    for part in text.split(";"):
        part_offset = offset + text.find(part)
        part = part.strip(" .")
        if not part:
            continue
        low = part.lower()  # once for every form below, not once each
        for form, words in _RUNNING_FORMS:
            m = form.match_str(part, low) if words is None or has_any(low, words) else None
            if m:
                item = split_cluster(original(m, part, "c") or "", r)
                written = m.groupdict().get("date")
                item["first_case_date"] = r.date(written) if written else None
                if written and item["first_case_date"] is None:
                    item["first_case_date_as_written"] = written
                item["total_cases"] = read_number(m.group("total"))
                r.fields["clusters"].append(item)
                s.use(part_offset, part_offset + len(part) + 1)
                read_any = True
                break
    if not read_any and not head:
        r.context["running"] = False
