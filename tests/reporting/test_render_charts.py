"""The epi curve chart: Vega-Lite spec and its SVG, rendered in process."""

import re

import pytest

from episurv.errors import InvalidInput
from episurv.reporting.charts import epi_curve_spec, to_svg

CURVE = [
    {"date": "2021-11-01", "community": 1000, "quarantine": 200},
    {"date": "2021-11-02", "community": 2000, "quarantine": 200},
    {"date": "2021-11-03", "community": 3000, "quarantine": 200},
    {"date": "2021-11-04", "community": 4000, "quarantine": 200},
]


def _layers(spec):
    bars, line = spec["layer"]
    return bars, line


def test_spec_stacks_community_and_quarantine_per_day():
    spec = epi_curve_spec(CURVE, "vi")
    bars, _ = _layers(spec)
    assert bars["mark"]["type"] == "bar"
    values = bars["data"]["values"]
    assert len(values) == 8  # two bars per day
    assert values[:2] == [
        {"date": "2021-11-01", "where": "Cộng đồng", "rank": 0, "cases": 1000},
        {"date": "2021-11-01", "where": "Khu cách ly, phong tỏa", "rank": 1, "cases": 200},
    ]
    assert bars["encoding"]["y"]["stack"] == "zero"


def test_average_line_is_a_trailing_7_day_mean_shown_from_3_days():
    _, line = _layers(epi_curve_spec(CURVE, "vi"))
    assert line["data"]["values"][3] == {"date": "2021-11-04", "total": 4200}
    window = line["transform"][0]
    assert window["frame"] == [-6, 0]
    assert {"op": "mean", "field": "total", "as": "average"} in window["window"]
    assert line["transform"][1] == {"filter": "datum.days >= 3"}


def test_titles_are_translated():
    assert epi_curve_spec(CURVE, "vi")["title"]["text"] == "Số ca mắc mới theo ngày"
    assert epi_curve_spec(CURVE, "en")["title"]["text"] == "New cases per day"
    # The subtitle a part a line: in one line the Vietnamese was cut at the chart's edge.
    assert epi_curve_spec(CURVE, "vi")["title"]["subtitle"] == [
        "Cột: ca cộng đồng và ca ở khu cách ly, phong tỏa", "đường: trung bình 7 ngày"]
    with pytest.raises(InvalidInput):
        epi_curve_spec(CURVE, "fr")


def _labels(svg):
    return re.findall(r">([^<>]+)</text>", svg)


def test_svg_writes_vietnamese_numbers_and_dates():
    svg = to_svg(epi_curve_spec(CURVE, "vi"))
    assert svg.startswith("<svg")
    labels = _labels(svg)
    assert "4.000" in labels  # y axis, thousands with "."
    assert "2/11" in labels  # x axis, d/m
    assert "Cộng đồng" in labels and "Trung bình 7 ngày" in labels


def test_svg_in_english():
    labels = _labels(to_svg(epi_curve_spec(CURVE, "en")))
    assert "4,000" in labels
    assert "2 Nov" in labels
    assert "7-day average" in labels


def test_svg_refuses_external_data():
    spec = epi_curve_spec(CURVE, "en")
    spec["layer"][0]["data"] = {"url": "https://example.org/cases.json"}
    with pytest.raises(ValueError, match="not allowed"):
        to_svg(spec)


def _axis_labels(svg: str) -> tuple[list[str], list[str]]:
    """The x labels and the y labels (the texts between the x title and the y title)."""
    labels = _labels(svg)
    x_title, y_title = labels.index("Ngày"), labels.index("Số ca")
    return labels[:x_title], labels[x_title + 1:y_title]


@pytest.mark.parametrize(("curve", "xs", "ys"), [
    # No case at all: a zero baseline and one whole unit above it (was -0,5 to 0,5).
    ([("2021-11-01", 0, 0), ("2021-11-02", 0, 0)], ["1/11", "2/11"], ["0", "1"]),
    # Days of 1, 1 and 2 cases: whole numbers only (was 0; 0,5; 1; 1,5; 2).
    ([("2021-11-01", 1, 0), ("2021-11-02", 0, 1), ("2021-11-03", 1, 1)],
     ["1/11", "2/11", "3/11", "4/11"], ["0", "1", "2"]),
    # A peak of 9: every second whole number up to it.
    ([(f"2021-11-0{d}", d, 1) for d in range(1, 9)],
     [f"{d}/11" for d in range(1, 10)], ["0", "2", "4", "6", "8"]),
])
def test_a_curve_of_few_cases_has_whole_ticks_from_zero(curve, xs, ys):
    rows = [{"date": d, "community": c, "quarantine": q} for d, c, q in curve]
    assert _axis_labels(to_svg(epi_curve_spec(rows, "vi"))) == (xs, ys)


def test_a_large_curve_keeps_vegas_own_ticks_grouped_in_thousands():
    assert _axis_labels(to_svg(epi_curve_spec(CURVE, "vi")))[1] == [
        "0", "1.000", "2.000", "3.000", "4.000"]
