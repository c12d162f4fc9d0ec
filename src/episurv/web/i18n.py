"""Page labels in Vietnamese (the default) and English."""

from __future__ import annotations

LANGS = ("vi", "en")

_LABELS = {
    "title": {"vi": "Tình hình dịch COVID-19", "en": "COVID-19 situation"},
    "report_of": {"vi": "Báo cáo ngày", "en": "Report of"},
    "new_cases": {"vi": "Ca mới", "en": "New cases"},
    "community": {"vi": "Cộng đồng", "en": "Community"},
    "quarantine": {"vi": "Khu cách ly, phong tỏa", "en": "Quarantine or lockdown"},
    "cumulative": {"vi": "Cộng dồn từ", "en": "Cumulative since"},
    "district": {"vi": "Quận, huyện", "en": "District"},
    "districts": {"vi": "Ca mới theo quận, huyện", "en": "New cases by district"},
    "clusters": {"vi": "Ổ dịch đang diễn biến phức tạp", "en": "Developing clusters"},
    "cluster": {"vi": "Ổ dịch", "en": "Cluster"},
    "first_case": {"vi": "Ca đầu tiên", "en": "First case"},
    "total": {"vi": "Tổng", "en": "Total"},
    "curve": {"vi": "Số ca mới theo ngày báo cáo", "en": "New cases by report date"},
    "bulletin": {"vi": "Bản tin", "en": "Bulletin"},
    "no_data": {"vi": "Chưa có dữ liệu ca bệnh.", "en": "No cases recorded yet."},
    "api": {"vi": "API", "en": "API"},
    "cutoff": {"vi": "Chốt số liệu lúc", "en": "Figures to"},
}


def labels(lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in _LABELS.items()}
