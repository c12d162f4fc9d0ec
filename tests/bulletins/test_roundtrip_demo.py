"""The city report episurv itself writes (reporting/render_daily.render_text) over the demo's
outbreak, read back by the bulletin reader: every check passes and the figures come back."""

from __future__ import annotations

from datetime import timedelta

from episurv.accounts.scope import SYSTEM
from episurv.bulletins import parse_bulletin
from episurv.cases.importer import import_cases
from episurv.demo.generator import generate, write_csv
from episurv.reporting.daily import daily_report, latest_data_day
from episurv.reporting.render_daily import render_text


def test_demo_reports_read_back_with_no_failed_check(session, tmp_path):
    path = tmp_path / "demo.csv"
    write_csv(generate(2500, 2021), path)
    import_cases(session, path, scope=SYSTEM)
    last = latest_data_day(session, 1)
    read_back, split_over_all = 0, 0
    for k in range(0, 100, 4):
        report = daily_report(session, 1, last - timedelta(days=k))
        if report["new_cases"] == 0:
            continue
        reading = parse_bulletin(render_text(report), year=int(report["date"][:4]))
        failed = [c for c in reading["checks"] if not c["ok"]]
        assert not failed, (report["date"], failed)
        assert reading["status"] == "ok"
        assert (reading["date"], reading["new_cases"], reading["community"],
                reading["quarantine"]) == (report["date"], report["new_cases"],
                                           report["community"], report["quarantine"])
        assert sum(c["new_cases"] for c in reading["by_cluster"]) == sum(
            c["new_cases"] for c in report["by_cluster"])
        read_back += 1
        # The report splits every case of the day by cluster and source, not only the
        # community's: the basis of the check (by_cluster_vs_total), which the community's
        # count alone fails.
        split = sum(c["new_cases"] for c in report["by_cluster"]) + sum(
            report["by_source"].values())
        split_over_all += split == report["new_cases"] != report["community"]
    assert read_back >= 15 and split_over_all >= 1
