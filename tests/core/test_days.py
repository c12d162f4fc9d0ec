"""One reading of a written day: the line list's column reader (cases.validation.read_days)
and the one-text reader of the contact list, the other imports, the pages and the command line
(core.days.typed_day) read every form alike. The days below are checked by hand; 44507 is 7
November 2021 counted from Excel's day zero, 30 December 1899 (44,507 days on)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from episurv.cases.validation import read_days
from episurv.core.days import title_day, typed_day

FORMS = [
    ("2021-11-07", date(2021, 11, 7)),
    ("2021-11-7", date(2021, 11, 7)),
    ("2021-11-07 00:00:00", date(2021, 11, 7)),
    ("2021-11-07T14:30", date(2021, 11, 7)),
    ("7/11/2021", date(2021, 11, 7)),
    ("07/11/2021", date(2021, 11, 7)),
    ("7-11-21", date(2021, 11, 7)),
    ("07.11.2021", date(2021, 11, 7)),
    ("07.11.2021.", date(2021, 11, 7)),
    ("ngày 8/11/2021", date(2021, 11, 8)),
    ("Ngay 8/11/2021", date(2021, 11, 8)),
    ("09 tháng 11 năm 2021", date(2021, 11, 9)),
    ("9 thang 11, 2021", date(2021, 11, 9)),
    ("10 / 11 / 2021", date(2021, 11, 10)),
    ("2021/11/12", date(2021, 11, 12)),
    ("07/11/2021 14:30", date(2021, 11, 7)),
    ("44507", date(2021, 11, 7)),
    ("44508.75", date(2021, 11, 8)),
    ("29/2/2020", date(2020, 2, 29)),
    # No day: none that is real, a time that is no time, marks that differ, a year of three
    # digits, something after the day, a serial past 2099, no year.
    ("29/2/2021", None),
    ("31/6/2021", None),
    ("2021-13-01", None),
    ("07/11/2021 25:00", None),
    ("7/11-2021", None),
    ("7/11/211", None),
    ("2021-11-10garbage", None),
    ("73051", None),
    ("6/11", None),
    ("hôm qua", None),
]


@pytest.mark.parametrize(("written", "day"), FORMS)
def test_both_readers_give_the_same_day(written, day):
    assert typed_day(written) == day
    assert read_days(pl.Series("d", [written]))[0][0] == day


def test_the_column_reader_reads_a_mixed_column_as_each_cell_alone():
    """A column of several forms is read as each of its cells is (the column reader reads
    the ISO cells first and the others after)."""
    column = pl.Series("d", [w for w, _ in FORMS])
    assert read_days(column)[0].to_list() == [d for _, d in FORMS]


NEAR = [  # (written, the full day it is written beside, the day it is)
    ("6/11", date(2021, 11, 7), date(2021, 11, 6)),
    ("6-11", date(2021, 11, 7), date(2021, 11, 6)),
    ("30/12", date(2022, 1, 2), date(2021, 12, 30)),
    ("5/1", date(2021, 12, 20), date(2022, 1, 5)),
    ("29/2", date(2020, 3, 1), date(2020, 2, 29)),
    ("29/2", date(2021, 3, 1), None),  # 29/2/2020 is 366 days before
    ("1/6", date(2021, 12, 1), date(2022, 6, 1)),  # 182 days after, 183 before
    ("1/7", date(2021, 12, 1), date(2021, 7, 1)),  # 153 days before, 212 after
    ("6/11/", date(2021, 11, 7), None),
    # Written as the full day is: after "ngày", in the form's words, spaced, with a full stop.
    ("ngày 6/11", date(2021, 11, 7), date(2021, 11, 6)),
    ("6 tháng 11", date(2021, 11, 7), date(2021, 11, 6)),
    ("Ngày 30 tháng 12", date(2022, 1, 2), date(2021, 12, 30)),
    ("6 / 11", date(2021, 11, 7), date(2021, 11, 6)),
    ("6.11.", date(2021, 11, 7), date(2021, 11, 6)),
    ("6 11", date(2021, 11, 7), None),
]


@pytest.mark.parametrize(("written", "beside", "day"), NEAR)
def test_a_day_without_its_year_is_read_alike_beside_a_full_day(written, beside, day):
    """The contact list's reading (day_near) and the line list's, of an onset day beside the
    report date, give one day."""
    from datetime import time

    from episurv.cases.validation import one_row, validate_frame
    from episurv.core.days import day_near

    assert day_near(written, beside) == day
    typed, _problems = validate_frame(
        one_row({"report_date": beside.isoformat(), "onset_date": written}),
        cutoff=time(18, 0), today=date(2022, 6, 1))
    assert typed["onset_date"][0] == day


@pytest.mark.parametrize(("title", "day"), [
    (("DANH SÁCH CA BỆNH NĂM 2021",), date(2021, 7, 2)),  # the middle of the year it names
    (("DANH SÁCH F0 CẬP NHẬT ĐẾN NGÀY 08/11/2021",), date(2021, 11, 8)),
    (("TỪ 01.11.2021 ĐẾN 07.11.2021",), date(2021, 11, 7)),  # the last day it writes
    (("UBND QUẬN 8 Cộng hòa xã hội chủ nghĩa Việt Nam",
      "Số: 41/DS-YT Quận 8, ngày 9 tháng 8 năm 2021"), date(2021, 8, 9)),
    (("DANH SÁCH F1 CỦA BN9999",), None),
    (("Ca bệnh năm 2020 và 2021",), None),  # two years and no day: neither
    (("Kế hoạch 2021/KH-UBND",), None),  # a document's number, no year
    (("Ngày 31/11/2021 2021",), date(2021, 7, 2)),  # no such day: the year
])
def test_the_day_a_lists_title_gives(title, day):
    assert title_day(title) == day
