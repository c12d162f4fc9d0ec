"""`export cases` reads its rows by one streamed query, however many there are: the rows and
their order are those of the case list (newest reporting day first), the cluster named."""

from __future__ import annotations

import csv
import io

from sqlalchemy import event

from episurv.accounts.scope import SYSTEM
from episurv.cases.export import export_cases
from episurv.cases.importer import import_cases
from episurv.cases.service import CaseFilter
from episurv.geo.units import PROVINCE, register

HEADER = "case_id,report_date,report_time,province,district,ward,detected_in,source,cluster,age,sex"


def test_an_export_of_2500_cases_reads_them_by_one_query(session, write_csv):
    # 2,500 cases over five days, 500 a day; every tenth in the cluster "Chợ Long Biên".
    lines = [HEADER]
    for n in range(2500):
        day = 3 + n // 500
        cluster = "Chợ Long Biên" if n % 10 == 0 else ""
        lines.append(f"BN{n:05d},2021-11-0{day},10:00,Hà Nội,Long Biên,,community,"
                     f"{'cluster' if cluster else 'screening'},{cluster},30,F")
    import_cases(session, write_csv("\n".join(lines)), scope=SYSTEM)
    session.commit()

    reads: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        if "FROM cases" in statement:
            reads.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        out = io.StringIO()
        written = export_cases(session, out, scope=SYSTEM, filters=CaseFilter(
            province_code=register().resolve("Hà Nội", PROVINCE).code))
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows) == 2500
    # Newest day first, and within a day the case entered last first (the case list's order).
    assert [r["case_id"] for r in rows[:2]] == ["BN02499", "BN02498"]
    assert rows[499]["case_id"] == "BN02000" and rows[500]["case_id"] == "BN01999"
    assert rows[-1]["case_id"] == "BN00000"
    assert rows[-1]["cluster"] == "Chợ Long Biên" and rows[-2]["cluster"] == ""
    assert rows[0]["report_date"] == "2021-11-07" and rows[0]["district"] == "Quận Long Biên"
    assert sum(r["cluster"] == "Chợ Long Biên" for r in rows) == 250
    # One query of the cases, however many rows (paging ran one per 1,000 rows, and one for
    # the clusters' names of each page).
    assert len(reads) == 1
