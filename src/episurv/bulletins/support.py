"""The breathing support of the day's severe patients: oxygen by mask or high flow, ventilators
without and with intubation, ECMO, as rows of data.

Source: the ministry's evening reports of autumn 2021 state the severe patients under treatment
with how many of them need each kind of support (the domain README §2): the kinds are written
before their count ("thở máy xâm lấn: 700") or after it ("20 ca can thiệp ECMO"), in one
sentence with the severe count or in the next.
"""

from __future__ import annotations

from episurv.bulletins.lexicon import CASE
from episurv.bulletins.numbers import NUM
from episurv.bulletins.reading import Folded, Reading, finditer_num, has_any, take, taken
from episurv.bulletins.segment import Sentence

_OXYGEN = r"thở\s+(?:ô\s*xy|oxy|o\s*xy)"
# (key, words). The first row that matches wins: high flow before plain oxygen, ventilation
# without intubation before the one with it.
SUPPORTS: tuple[tuple[str, str], ...] = (
    ("high_flow_oxygen", rf"{_OXYGEN}\s+dòng cao(?:\s+\(?hfnc\)?)?"),
    ("oxygen_mask", rf"{_OXYGEN}(?:\s+qua\s+mặt nạ)?"),
    ("noninvasive_ventilation", r"thở máy không xâm lấn"),
    ("invasive_ventilation", r"thở máy(?:\s+xâm lấn)?"),
    ("ecmo", r"(?:can thiệp\s+)?ecmo"),
)
# Any kind of support, as words (lower case): a text that states it is the national report's
# (detect).
SUPPORT_WORDS = "|".join(words for _key, words in SUPPORTS)
_KINDS = "|".join(f"(?P<s{i}>{words})" for i, (_key, words) in enumerate(SUPPORTS))
_NAMES = {f"s{i}": key for i, (key, _words) in enumerate(SUPPORTS)}
# "thở máy xâm lấn: 700", or with "là" as the lexicon's measures named first ("Số bệnh nhân
# đang thở ô xy là 4.000 ca").
_NAMED_FIRST_RE = Folded(rf"(?:{_KINDS})\s*(?::|\s+là)?\s*(?P<n>{NUM})(?!\s*%)")
_COUNT_FIRST_RE = Folded(rf"(?P<n>{NUM})\s+{CASE}\s+(?:phải\s+|đang\s+)?(?:{_KINDS})")
_HINTS = ("thở", "ecmo")
# Oxygen and ventilators named together ("1.150 bệnh nhân thở oxy, thở máy", "Số bệnh nhân
# đang điều trị thở ô xy, thở máy là 6.200"): the patients on any support, who are the severe
# ones (the kinds of the ministry's reports add up to its severe count), not one kind's count.
_BOTH = rf"{_OXYGEN}\s*(?:,|và|hoặc)\s*thở máy(?!\s+(?:không\s+)?xâm lấn)"
_BOTH_RE = Folded(rf"(?P<n>{NUM})\s+{CASE}\s+(?:phải\s+|đang\s+)?{_BOTH}"
                  rf"|{_BOTH}\s*(?::|\s+là)?\s*(?P<n2>{NUM})(?!\s*%)")


def read_support(s: Sentence, r: Reading) -> None:
    """Each unread count of `s` of a kind of support, into `severe_support`."""
    if not has_any(s.low, _HINTS):
        return
    if "thở máy" in s.low:
        for m in _BOTH_RE.finditer(s):
            g = "n" if m.group("n") else "n2"
            if not taken(s, m, g):
                r.put("severe", take(s, m, g))
    found = r.fields.get("severe_support") or {}
    for m in [*finditer_num(_COUNT_FIRST_RE, s), *_NAMED_FIRST_RE.finditer(s)]:
        key = next(_NAMES[g] for g in _NAMES if m.group(g) is not None)
        if key in found or taken(s, m, "n"):
            continue
        found[key] = take(s, m, "n")
    if found:
        r.put("severe_support", found)
