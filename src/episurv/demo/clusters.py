"""The invented outbreak clusters (ổ dịch) of the synthetic Hà Nội wave.

Each cluster sits in a real 2021 ward and has a kind that sets who its cases are (a school's are
mostly children, a hospital's older and sicker). Some names echo places reported in Hà Nội's
2021 bulletins (Chợ Ninh Hiệp, Bạch Trữ, Sài Sơn, Phú La, Đường Bưởi, the warehouse in KCN Đài
Tư, Phú Đô: Hà Nội CDC bulletins, Oct–Nov 2021); their start dates and sizes here are invented,
as are all the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

KINDS = ("market", "workplace", "hospital", "residential", "school")


@dataclass(frozen=True)
class DemoCluster:
    name: str
    kind: str
    district: str  # short name as the 2021 register writes it
    ward: str
    start: date  # report date of its first case
    size: float  # expected cases over its whole course, at the default scale
    peak: int  # days from start to its busiest day


def _c(name: str, kind: str, district: str, ward: str, start: str, size: float,
       peak: int) -> DemoCluster:
    return DemoCluster(name, kind, district, ward, date.fromisoformat(start), size, peak)


CLUSTERS: tuple[DemoCluster, ...] = (
    # May-June: hospitals and industrial zones.
    _c("Bệnh viện Bệnh Nhiệt đới Trung ương cơ sở 2", "hospital", "Đông Anh", "Kim Chung",
       "2021-05-04", 70, 6),
    _c("Bệnh viện K cơ sở Tân Triều", "hospital", "Thanh Trì", "Tân Triều", "2021-05-11", 45, 6),
    _c("Khu đô thị Times City", "residential", "Hai Bà Trưng", "Vĩnh Tuy", "2021-05-07", 25, 5),
    _c("Thôn Thượng Hội", "residential", "Đan Phượng", "Tân Hội", "2021-05-08", 50, 7),
    _c("Trường THCS Thụy Lâm", "school", "Đông Anh", "Thuỵ Lâm", "2021-05-06", 15, 4),
    _c("Chung cư HH Linh Đàm", "residential", "Hoàng Mai", "Hoàng Liệt", "2021-05-14", 30, 6),
    _c("Kho hàng KCN Thăng Long", "workplace", "Đông Anh", "Võng La", "2021-05-18", 40, 8),
    _c("Công ty điện tử KCN Quang Minh", "workplace", "Mê Linh", "Quang Minh", "2021-05-28",
       35, 7),
    _c("Bệnh viện Đa khoa Đức Giang", "hospital", "Long Biên", "Đức Giang", "2021-06-02", 20, 5),
    # Late July-September: the big wave, residential and market chains.
    _c("Chợ đầu mối phía Nam", "market", "Hoàng Mai", "Hoàng Văn Thụ", "2021-07-23", 140, 10),
    _c("Phố Văn Chương", "residential", "Đống Đa", "Văn Chương", "2021-07-29", 220, 12),
    _c("Phố Đội Cấn", "residential", "Ba Đình", "Đội Cấn", "2021-07-30", 60, 8),
    _c("Xóm Thanh Liệt", "residential", "Thanh Trì", "Thanh Liệt", "2021-08-01", 70, 9),
    _c("Chợ Long Biên", "market", "Ba Đình", "Phúc Xá", "2021-08-02", 90, 9),
    _c("Kho hàng KCN Sài Đồng B", "workplace", "Long Biên", "Thạch Bàn", "2021-08-05", 80, 10),
    _c("Ngõ 328 Lê Trọng Tấn", "residential", "Thanh Xuân", "Khương Mai", "2021-08-08", 160, 10),
    _c("Chợ Phùng Khoang", "market", "Nam Từ Liêm", "Trung Văn", "2021-08-10", 70, 8),
    _c("Công ty may Hà Hồi", "workplace", "Thường Tín", "Hà Hồi", "2021-08-12", 60, 9),
    _c("Khu tập thể Thành Công", "residential", "Ba Đình", "Thành Công", "2021-08-16", 90, 8),
    _c("Kho hàng Văn Quán", "workplace", "Hà Đông", "Văn Quán", "2021-08-20", 50, 8),
    _c("Phường Thanh Xuân Trung", "residential", "Thanh Xuân", "Thanh Xuân Trung", "2021-08-24",
       420, 12),
    _c("Thôn Đông Mỹ", "residential", "Thanh Trì", "Đông Mỹ", "2021-08-28", 50, 8),
    _c("Bệnh viện Hữu nghị Việt Đức", "hospital", "Hoàn Kiếm", "Hàng Bông", "2021-09-03", 100, 6),
    _c("Kho hàng KCN Phú Nghĩa", "workplace", "Chương Mỹ", "Phú Nghĩa", "2021-09-06", 35, 7),
    _c("Chợ Ngọc Hồi", "market", "Thanh Trì", "Ngọc Hồi", "2021-09-08", 25, 6),
    _c("Bệnh viện Đa khoa Xanh Pôn", "hospital", "Ba Đình", "Điện Biên", "2021-09-10", 30, 5),
    # October-November: the low, then the rise.
    _c("Phố Trần Quang Diệu", "residential", "Đống Đa", "Ô Chợ Dừa", "2021-10-22", 45, 6),
    _c("Sài Sơn", "residential", "Quốc Oai", "Sài Sơn", "2021-10-23", 200, 9),
    _c("Bạch Trữ", "residential", "Mê Linh", "Tiến Thắng", "2021-10-26", 230, 10),
    _c("Trường THCS Tiến Thịnh", "school", "Mê Linh", "Tiến Thịnh", "2021-10-28", 25, 5),
    _c("Nam Dư", "residential", "Hoàng Mai", "Lĩnh Nam", "2021-10-29", 45, 7),
    _c("Chợ Ninh Hiệp", "market", "Gia Lâm", "Ninh Hiệp", "2021-10-30", 190, 10),
    _c("Xóm Phú Vinh", "residential", "Hoài Đức", "An Khánh", "2021-10-31", 40, 8),
    _c("Khu chung cư Trần Duy Hưng", "residential", "Cầu Giấy", "Trung Hoà", "2021-11-01", 35, 8),
    _c("Đường Bưởi", "residential", "Ba Đình", "Cống Vị", "2021-11-02", 90, 10),
    _c("Phố Thủ Lệ", "residential", "Ba Đình", "Ngọc Khánh", "2021-11-02", 45, 8),
    _c("Phú La", "residential", "Hà Đông", "Phú La", "2021-11-03", 90, 9),
    _c("Kho hàng KCN Đài Tư", "workplace", "Long Biên", "Sài Đồng", "2021-11-04", 80, 7),
    _c("Thôn Yên Xá", "residential", "Thanh Trì", "Tân Triều", "2021-11-05", 60, 9),
    _c("Phú Đô", "residential", "Nam Từ Liêm", "Phú Đô", "2021-11-08", 180, 12),
    _c("Chợ Hôm", "market", "Hai Bà Trưng", "Phố Huế", "2021-11-09", 40, 7),
    _c("Bệnh viện Đa khoa Hà Đông", "hospital", "Hà Đông", "Nguyễn Trãi", "2021-11-10", 50, 8),
    _c("Trường Tiểu học Tản Hồng", "school", "Ba Vì", "Tản Hồng", "2021-11-12", 30, 6),
)

# Cases per day follow a gamma-like bump: growth to the peak, then a longer decline.
_SHAPE = 3.0
_SPAN = 120  # days after the start at which a cluster is certainly over


def profile(peak: int) -> np.ndarray:
    """Share of a cluster's cases reported on each day from its start (sums to 1 over _SPAN).

    Gamma density of shape 3 with its mode at `peak`, evaluated at t + 1 so day 0 is not zero.
    """
    theta = (peak + 1) / (_SHAPE - 1)
    t = np.arange(_SPAN, dtype=float) + 1.0
    w = t ** (_SHAPE - 1) * np.exp(-t / theta)
    return w / w.sum()


def intensities(first_day: date, n_days: int) -> np.ndarray:
    """Expected cases per day (rows: days from `first_day`) for each cluster (columns)."""
    out = np.zeros((n_days, len(CLUSTERS)))
    for j, c in enumerate(CLUSTERS):
        offset = (c.start - first_day).days
        prof = c.size * profile(c.peak)
        stop = min(n_days, offset + _SPAN)
        if stop > offset:
            out[offset:stop, j] = prof[: stop - offset]
    return out
