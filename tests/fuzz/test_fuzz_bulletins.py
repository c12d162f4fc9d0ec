"""The bulletin reader on text it was never meant to read: words of bulletins, numbers, names,
punctuation and noise in any order. It answers a reading (or a clear InvalidInput), never a
crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from episurv.bulletins.parse import parse_bulletin
from episurv.bulletins.schemas import BulletinReading
from episurv.errors import InvalidInput
from fuzz.fuzzing import FUZZ

WORDS = ["ca", "mắc", "mới", "trường hợp", "cộng đồng", "khu cách ly", "khu phong tỏa",
         "nhập cảnh", "tử vong", "khỏi bệnh", "mỗi nơi", "đều", "một", "hai", "trong đó",
         "tại", "ngày", "tối", "17h", "Tính từ", "đến", "ghi nhận", "Hà Nội", "TP. Hồ Chí Minh",
         "Ba Đình", "quận", "huyện", "ổ dịch", "lũy kế", "tổng số", "Bộ Y tế", "THÔNG BÁO",
         "Các tỉnh, thành phố ghi nhận ca bệnh như sau:", "bệnh nhân nặng", "xét nghiệm",
         "liều vaccine", "(", ")", ":", ";", ",", ".", "-", "+", "\n", "\u00a0", "<br>",
         "&nbsp;", "\u0301", "%"]
NUMBERS = st.one_of(st.integers(0, 10**9).map(str),
                    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", ".")),
                    st.tuples(st.integers(1, 31), st.integers(1, 12)).map(
                        lambda d: f"{d[0]}/{d[1]}"),
                    st.floats(0, 100, allow_nan=False).map(lambda f: f"{f:.1f}".replace(
                        ".", ",")))
TOKENS = st.one_of(st.sampled_from(WORDS), NUMBERS, st.text(max_size=6))
TEXTS = st.lists(TOKENS, max_size=120).map(" ".join)


@FUZZ
@given(TEXTS)
def test_any_text_gets_a_reading_or_a_clear_refusal(text):
    try:
        result = parse_bulletin(text)
    except InvalidInput as exc:
        assert str(exc)
        return
    assert result["kind"] in ("city_daily", "national_daily", "moh_timeline", "unknown")
    assert result["status"] in ("ok", "needs_review")
    assert isinstance(result["checks"], list)
    # Whatever it read is the one documented model (the parse route answers it).
    BulletinReading.model_validate(result)
