"""How pages write dates, times and audit entries: one Jinja filter each.

- `when`: a day or a moment as Vietnamese pages write them (vi "8/11/2021", "8/11/2021 14:05"
  in Vietnam's time; en "8 Nov 2021 14:05"), from a date, a datetime or its ISO text. The API
  keeps ISO; this is for reading.
- `field_label`: a stored field's name as a person says it ("outcome_date" -> "Ngày kết thúc").
- `audit_value`: a value of an audit entry: vocabulary translated, dates as `when`, none "—".
"""

from __future__ import annotations

from jinja2 import pass_context

from episurv.cases import vocabulary as V
from episurv.messages import DAY, MOMENT, written_when
from episurv.web.i18n import N_

FIELD_LABELS = {
    "report_date": N_("Report date"), "report_time": N_("Report time"),
    "report_day": N_("Reporting day"), "province_code": N_("Province"),
    "district_code": N_("District"), "ward_code": N_("Ward"), "detected_in": N_("Found in"),
    "source": N_("Source"), "cluster_id": N_("Cluster"), "age": N_("Age"), "sex": N_("Sex"),
    "onset_date": N_("Onset date"), "sample_date": N_("Sample date"),
    "vaccine_doses": N_("Vaccine doses"), "severity": N_("Severity"), "outcome": N_("Outcome"),
    "outcome_date": N_("Outcome date"), "name": N_("Full name"), "phone": N_("Phone"),
    "address": N_("Address"), "origin": N_("Origin"), "level": N_("Level"),
    "status": N_("Status"), "exposure_date": N_("Exposure date"),
    "quarantine_start": N_("Quarantine from"), "quarantine_end": N_("Quarantine until"),
    "monitoring_end": N_("Self-monitoring until"), "next_test_on": N_("Next test"),
    "last_call_on": N_("Last call"), "result": N_("Result"), "team": N_("Team"),
    "case": N_("Case"), "reason": N_("Reason"), "policy": N_("Rule"),
}
# Values shown through the catalog: the case vocabularies (their messages exist already).
_VOCABULARY = frozenset(V.DETECTED_IN + V.SOURCES + V.OUTCOMES + V.SEVERITIES)


@pass_context
def when(context, value: object) -> str:
    return written_when(value, context.get("lang", "vi"))


def label_of(name: str, _) -> str:
    """A field as a person says it, in the language of `_`: a stored name ("district_code") or
    the column of the line list and the form ("district")."""
    label = FIELD_LABELS.get(name) or FIELD_LABELS.get(f"{name}_code") or FIELD_LABELS.get(
        f"{name}_id")
    return _(label) if label else name.replace("_", " ")


@pass_context
def field_label(context, name: str) -> str:
    return label_of(name, context["_"])


@pass_context
def audit_value(context, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and value in _VOCABULARY:
        return context["_"](value)
    if isinstance(value, str) and (DAY.match(value) or MOMENT.match(value)):
        return when(context, value)
    return str(value)


FILTERS = {"when": when, "field_label": field_label, "audit_value": audit_value}
