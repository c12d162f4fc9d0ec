"""Every message of the pages has its Vietnamese translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from episurv.cases import vocabulary as V
from episurv.web.i18n import gettext_for

ROOT = Path(__file__).parents[2]


def test_every_message_is_translated():
    # The files babel.cfg names: the pages and the services whose errors pages say.
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = {msg for _f, _l, msg, _c, _ctx in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map) if isinstance(msg, str)}
    # Values shown through _(value): the case vocabularies and audit actions.
    found |= set(V.DETECTED_IN + V.SOURCES + V.OUTCOMES + V.SEVERITIES)
    found |= {"create", "update", "export", "undo"}
    assert len(found) > 80
    vi = gettext_for("vi")
    missing = sorted(m for m in found if vi(m) == m and m not in ("Email",))
    assert missing == []


def test_english_is_the_source_and_vietnamese_the_default():
    assert gettext_for("en")("New cases") == "New cases"
    assert gettext_for("vi")("New cases") == "Ca mới"
    assert gettext_for("fr")("New cases") == "Ca mới"
