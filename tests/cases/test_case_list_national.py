"""A national account's case list (issue 11): pages across every province, newest reporting
day first, without sorting the whole register."""

from __future__ import annotations

import json

from sqlalchemy import event, text

from episurv.accounts.scope import SYSTEM
from episurv.cases.importer import import_cases
from episurv.cases.service import list_cases
from episurv.db import get_engine
from handmade import LINE_LIST


def test_national_pages_merge_the_provinces_in_order(session, write_csv):
    import_cases(session, scope=SYSTEM, path=write_csv(LINE_LIST))
    session.commit()
    seen, after = [], None
    while True:
        page, after = list_cases(session, scope=SYSTEM, limit=5, after=after)
        seen.append([c["case_id"] for c in page])
        if after is None:
            break
    # Reporting days (cut-off 18:00), newest first; within a day the later entry first: A4
    # (18:01) is 8/11; A5 (6/11 19:30) counts on 7/11 with B1 of Hải Phòng, entered last.
    assert seen == [["A4", "B1", "A11", "A10", "A6"], ["A5", "A3", "A2", "A1", "A7"],
                    ["A8", "A9"]]


def _rows_read_from_cases(plan: dict) -> int:
    """Rows the plan's scans of the cases table (its partitions) handed on."""
    read = 0
    if plan.get("Relation Name", "").startswith("cases"):
        read += plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1)
    return read + sum(_rows_read_from_cases(p) for p in plan.get("Plans", []))


def test_a_national_first_page_reads_a_page_per_province(session, db, write_csv):
    """Before, the first page sorted every case of the country; now each partition gives at
    most a page from its (report_day, id) index and the pages are merged. 600 cases in Hà Nội,
    2 in Hải Phòng: a page of 10 reads at most 11 + 2 rows (PostgreSQL's plan, measured)."""
    if get_engine(db).dialect.name != "postgresql":
        return  # SQLite plans are not measured in rows; the order is tested above for both
    rows = "".join(f"H{i},2021-11-{1 + i % 20:02d},Hà Nội,Ba Đình,community,screening,\n"
                   for i in range(600))
    import_cases(session, scope=SYSTEM, path=write_csv(
        "case_id,report_date,province,district,detected_in,source,cluster\n" + rows
        + "P1,2021-11-07,Hải Phòng,Lê Chân,community,screening,\n"
          "P2,2021-11-08,Hải Phòng,Lê Chân,community,screening,\n"))
    session.commit()
    session.execute(text("ANALYZE cases"))
    caught: list[tuple[str, object]] = []

    def catch(conn, cursor, statement, parameters, *args):
        if "FROM cases" in statement and not caught:
            caught.append((statement, parameters))
    engine = get_engine(db)
    event.listen(engine, "before_cursor_execute", catch)
    try:
        page, after = list_cases(session, scope=SYSTEM, limit=10)
    finally:
        event.remove(engine, "before_cursor_execute", catch)
    assert len(page) == 10 and after is not None
    assert [c["report_day"].isoformat() for c in page] == ["2021-11-20"] * 10
    statement, parameters = caught[0]
    cursor = session.connection().connection.driver_connection.cursor()
    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
    plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    assert _rows_read_from_cases(plan[0]["Plan"]) <= 13
