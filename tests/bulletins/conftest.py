"""Print the corpus score table at the end of the run, whether or not -s is given."""

from __future__ import annotations

import json


def pytest_terminal_summary(terminalreporter):
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
            "failed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "corpus_scores":
                scores = json.loads(value)
                terminalreporter.write_sep("-", "bulletin corpus F1 by field")
                terminalreporter.write_line(
                    "  ".join(f"{field}={f1:.3f}" for field, f1 in scores.items()))
