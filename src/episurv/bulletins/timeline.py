"""The ministry's short timeline notices of early 2021.

Source: the form of those notices (docs: /work/shared/domain/README.md §2), invented example:
"- 1.234 ca ghi nhận trong nước tại: TP. Hồ Chí Minh (800), Bình Dương (300), Long An (134);
trong đó 900 ca được phát hiện trong khu cách ly hoặc khu đã được phong toả."
"""

from __future__ import annotations

import re

from episurv.bulletins.breakdown import resolved_entries
from episurv.bulletins.numbers import NUM
from episurv.bulletins.reading import Reading, finditer_num, take, taken
from episurv.bulletins.segment import Sentence

_I = re.IGNORECASE
_LINE_RE = re.compile(
    rf"(?P<n>{NUM})\s+ca\s+(?:mắc\s+mới\s+)?(?:\([^)]*\)\s+)?(?:ghi nhận\s+)?(?P<where>trong nước|"
    rf"nhập cảnh|cộng đồng)?\s*(?:tại|ở)\s*:?\s*(?P<list>(?:[^;.]|(?<=TP)\.|(?<=Tp)\.|(?<=\d)\."
    rf"(?=\d))+?\(\s*\d[^;]*?\))\s*(?=;|\.|$)",
    _I,
)
_QUARANTINE_RE = re.compile(
    rf"(?P<n>{NUM})\s+ca\s+(?:được\s+)?(?:phát hiện|ghi nhận)\s+(?:trong|ở|tại)\s+(?:các\s+)?"
    rf"khu\s+(?:cách ly|phong toả|phong tỏa)", _I)
_IMPORTED_RE = re.compile(rf"(?P<n>{NUM})\s+ca\s+(?:là\s+)?nhập cảnh", _I)
_COMMUNITY_RE = re.compile(rf"(?P<n>{NUM})\s+ca\s+(?:được\s+)?(?:phát hiện|ghi nhận)\s+(?:trong"
                           rf"|tại|ở)\s+"
                           rf"cộng đồng", _I)


def read_timeline(s: Sentence, r: Reading) -> None:
    for m in finditer_num(_LINE_RE, s):
        entries, pending = resolved_entries(m.group("list"), r)
        if pending:
            r.check("list_complete", False, "names without a count: " + ", ".join(pending))
        items = [{"unit": e["unit"], "code": e["code"], "name": e["name"], "new_cases": e["count"]}
                 for e in entries]
        where = (m.group("where") or "trong nước").lower()
        n = take(s, m, "n")
        s.use(*m.span("list"))
        unknown = [e["written"] for e in entries if e["code"] is None]
        if unknown:
            r.check("units_resolved", False, "not in the register: " + ", ".join(unknown))
        if where == "nhập cảnh":
            r.put("imported", n)
            r.put("imported_by_unit", items)
        else:
            r.fields["domestic"] = r.fields.get("domestic", 0) + n
            r.fields.setdefault("by_unit", []).extend(items)
            r.context.setdefault("timeline_lines", []).append((n, sum(e["count"] for e in entries)))
    for m in finditer_num(_IMPORTED_RE, s):
        if not taken(s, m, "n"):
            r.put("imported", take(s, m, "n"))
    for m in finditer_num(_QUARANTINE_RE, s):
        if not taken(s, m, "n"):
            r.put("quarantine", take(s, m, "n"))
    for m in finditer_num(_COMMUNITY_RE, s):
        if not taken(s, m, "n"):
            r.put("community", take(s, m, "n"))
