"""The one name matcher on any text: it resolves a unit or refuses with a message naming the
text (and suggestions), never a crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from episurv.errors import InvalidInput
from episurv.geo.names import name_keys, plain_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register
from fuzz.fuzzing import FUZZ

PARTS = st.sampled_from(["Hà Nội", "TP HCM", "TP.HCM", "Thành phố", "Quận", "Q.", "Q.1",
                         "Huyện", "Phường", "Xã", "Ba Đình", "Hoàn Kiếm", "Huế", "Sài Gòn",
                         "Khánh Hoà", "Khánh Hòa", "Đắk Lắk", "-", ".", ",", " ", "\u0300",
                         "\u00a0", "0", "12"])
NAMES = st.one_of(st.text(max_size=40), st.lists(PARTS, max_size=8).map(" ".join))


@FUZZ
@given(NAMES, st.sampled_from([PROVINCE, DISTRICT, WARD]))
def test_a_name_resolves_or_is_refused_by_name(text, level):
    assert isinstance(plain_key(text), str)
    assert isinstance(name_keys(text), tuple)
    reg = register()
    parent = reg.resolve("Hà Nội", PROVINCE).code if level == DISTRICT else None
    try:
        unit = reg.resolve(text, level, parent=parent)
    except InvalidInput as exc:
        assert level in str(exc)
        return
    assert unit.level == level
