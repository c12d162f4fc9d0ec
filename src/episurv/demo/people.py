"""Invented people: Vietnamese full names, phone numbers and home addresses.

None of these belong to anyone: names are drawn independently from short lists of common family,
middle and given names; numbers are random "09" + 8 digits; houses and alleys are random
numbers on a small list of street names. Every address carries `SYNTHETIC_MARK` so a demo
record cannot be taken for a real person's.
"""

from __future__ import annotations

import numpy as np

SYNTHETIC_MARK = "(dữ liệu mô phỏng)"

# Family names with rough shares (northern spellings: Hoàng and Vũ rather than Huỳnh and Võ).
FAMILY = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4),
          ("Vũ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1),
          ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Đào", 1), ("Mai", 1), ("Tạ", 1), ("Lương", 1))
MIDDLE_M = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Tuấn", "Thành", "Mạnh", "Trọng",
            "Công", "Ngọc", "Duy", "Hoàng", "Tiến")
MIDDLE_F = ("Thu", "Ngọc", "Thanh", "Phương", "Kim", "Hồng", "Minh", "Thùy", "Bích", "Mai",
            "Khánh", "Hải", "Diệu", "Lan", "Quỳnh")
GIVEN_M = ("Anh", "Hùng", "Dũng", "Tuấn", "Hải", "Hoàng", "Long", "Nam", "Sơn", "Thắng",
           "Trung", "Quân", "Minh", "Đức", "Cường", "Hiếu", "Huy", "Khánh", "Phong", "Tùng",
           "Việt", "Bình", "Thành", "Kiên", "Lâm", "Hưng", "Toàn", "Vinh", "Quý", "Đạt")
GIVEN_F = ("Anh", "Hà", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Phương", "Thảo",
           "Trang", "Hằng", "Hoa", "Huyền", "Thủy", "Vân", "Yến", "Hạnh", "Giang", "Dung",
           "Loan", "Oanh", "Quỳnh", "Nga", "Trâm", "Chi", "Nhi", "Hiền", "Liên", "Thư")
STREETS = ("Hoa Sữa", "Hoa Bằng Lăng", "Cây Gạo", "Cầu Tre", "Bờ Sông", "Đồng Xanh", "Lò Gạch",
           "Ao Sen", "Chợ Cũ", "Giếng Làng", "Nguyễn Trãi", "Lê Lợi", "Trần Phú", "Quang Trung",
           "Hoàng Hoa Thám", "Lạc Long Quân", "Nguyễn Văn Cừ", "Giải Phóng", "Kim Ngưu",
           "Tân Xuân", "Văn Cao", "Nguyễn Khánh Toàn")
HAMLETS = ("Đông", "Đoài", "Thượng", "Hạ", "Trung", "Nam", "Bắc", "Tiền", "Hậu", "Chùa")


def _pick(rng: np.random.Generator, values: tuple[str, ...], n: int) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]


def names(rng: np.random.Generator, male: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Full names "Family Middle Given"; most women over 30 carry the middle name Thị."""
    n = len(male)
    fam_names = np.asarray([f for f, _ in FAMILY], dtype=object)
    share = np.array([w for _, w in FAMILY], dtype=float)
    family = fam_names[rng.choice(len(FAMILY), n, p=share / share.sum())]
    middle = np.where(male, _pick(rng, MIDDLE_M, n), _pick(rng, MIDDLE_F, n))
    thi = ~male & (rng.random(n) < np.where(age >= 30, 0.75, 0.35))
    middle = np.where(thi, "Thị", middle)
    given = np.where(male, _pick(rng, GIVEN_M, n), _pick(rng, GIVEN_F, n))
    return family + " " + middle + " " + given


def phones(rng: np.random.Generator, n: int) -> list[str]:
    return [f"09{x:08d}" for x in rng.integers(0, 100_000_000, n).tolist()]


def addresses(rng: np.random.Generator, ward_full: np.ndarray, rural: np.ndarray) -> list[str]:
    """"Số 12 ngõ 34 phố Hoa Sữa, Phường X" in towns, "Xóm 3, thôn Đoài, Xã Y" in communes."""
    n = len(ward_full)
    house = rng.integers(1, 200, n).tolist()
    alley = rng.integers(1, 400, n).tolist()
    street = _pick(rng, STREETS, n).tolist()
    hamlet = _pick(rng, HAMLETS, n).tolist()
    group = rng.integers(1, 12, n).tolist()
    wards = ward_full.tolist()
    rural_l = rural.tolist()
    return [
        f"Xóm {group[i]}, thôn {hamlet[i]}, {wards[i]} {SYNTHETIC_MARK}" if rural_l[i]
        else f"Số {house[i]} ngõ {alley[i]} phố {street[i]}, {wards[i]} {SYNTHETIC_MARK}"
        for i in range(n)
    ]
