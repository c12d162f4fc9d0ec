"""A city clerk's line list sent through the web upload, as exported in 2021: the account's
province is the rows' province where the file names none (a city's own list seldom does)."""

from __future__ import annotations

import io
import re
import time
from datetime import date

from openpyxl import Workbook
from signing import sign_in
from sqlalchemy import select

from episurv.cases.models import Case


def _upload(client, name: str, content: bytes) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/import").text).group(1)
    started = client.post("/import", data={"csrf_token": token},
                          files={"file": (name, content, "application/octet-stream")},
                          follow_redirects=False)
    assert started.status_code == 303
    for _ in range(600):  # the import runs in a process of its own, started fresh
        status = client.get(started.headers["location"], headers={"HX-Request": "true"})
        if 'data-testid="import-result"' in status.text or "error" in status.text:
            return status.text
        time.sleep(0.05)
    raise AssertionError("the import did not end")


def test_a_citys_workbook_without_a_province_column(anonymous, make_user, session):
    """The upload gives no --province: such a file was refused whole ("no province column,
    and no province given for the file"), though the clerk's account is the city's."""
    email, password = make_user("province", "Hà Nội")
    assert sign_in(anonymous, email, password).status_code == 303
    book = Workbook()
    for row in [["DANH SÁCH CA BỆNH COVID-19 NGÀY 07/11/2021"],
                ["STT", "Mã BN", "Ngày công bố", "Quận/Huyện", "Phường/Xã", "Giới"],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
                [1, "BN7901", "07/11/2021", "Q. Đống Đa", "P. Láng Hạ", "Nữ"],
                [2, "BN7902", "7/11/21", "Hoàng Mai", "Phường Tương Mai", "NAM"],
                ["Tổng cộng", "2 ca"]]:
        book.active.append(row)
    book.active.merge_cells("A1:F1")
    buffer = io.BytesIO()
    book.save(buffer)
    page = _upload(anonymous, "Danh sách ca bệnh.xlsx", buffer.getvalue())
    assert "2 ca mới" in page and "0 dòng bị từ chối" in page
    rows = session.execute(select(Case.case_id, Case.province_code, Case.district_code,
                                  Case.sex).order_by(Case.case_id)).all()
    assert [tuple(r) for r in rows] == [("BN7901", 1, 6, "F"), ("BN7902", 1, 8, "M")]


def test_an_official_form_uploaded(anonymous, make_user, session):
    """Round 27's habits through the upload, which reads a file as the command line does: a
    letterhead above the table, report dates without their year under a place and date that
    gives it, a sex the header's key explains. The file was refused ("no report_date column")."""
    email, password = make_user("province", "Hà Nội")
    assert sign_in(anonymous, email, password).status_code == 303
    book = Workbook()
    for row in [["UBND QUẬN ĐỐNG ĐA", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["TRUNG TÂM Y TẾ", None, None, "Độc lập - Tự do - Hạnh phúc"],
                ["Số: 51/DS-TTYT", None, None, "Đống Đa, ngày 12 tháng 10 năm 2021"],
                [],
                ["Mã BN", "Ngày báo cáo", "Phường", "Giới tính (1: Nam; 2: Nữ)"],
                ["BN732201", "11/10", "Láng Hạ", 2],
                ["BN732202", "12/10", "Kim Liên", 1]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    page = _upload(anonymous, "DS F0 Đống Đa.xlsx", buffer.getvalue())
    assert "2 ca mới" in page and "0 dòng bị từ chối" in page
    rows = session.execute(select(Case.case_id, Case.report_date, Case.district_code,
                                  Case.sex).order_by(Case.case_id)).all()
    assert [tuple(r) for r in rows] == [("BN732201", date(2021, 10, 11), 6, "F"),
                                        ("BN732202", date(2021, 10, 12), 6, "M")]
