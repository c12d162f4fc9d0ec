"""Every answer of the API is described in its OpenAPI: each 2xx response of each /api
operation names a component schema (or a list of one), or declares a content type that is not
JSON (CSV, NDJSON). An untyped answer (`{"type": "object", "additionalProperties": true}`, or
`{}`) is what a client generator cannot use and what drifts unseen from the JSON."""

from __future__ import annotations

from episurv.web.app import create_app


def _is_json(content_type: str) -> bool:
    # application/json and FHIR's application/fhir+json; not application/fhir+ndjson (lines)
    return content_type == "application/json" or content_type.endswith("+json")


def _named(schema: dict) -> bool:
    if "$ref" in schema:
        return True
    return schema.get("type") == "array" and "$ref" in schema.get("items", {})


def _untyped(spec: dict) -> list[str]:
    found = []
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    continue
                content = response.get("content") or {}
                if not content:
                    found.append(f"{method.upper()} {path} {status}: no content declared")
                for kind, body in content.items():
                    if _is_json(kind) and not _named(body.get("schema", {})):
                        found.append(f"{method.upper()} {path} {status} {kind}: "
                                     f"{body.get('schema')}")
    return found


def test_every_api_answer_names_its_schema():
    spec = create_app().openapi()
    assert _untyped(spec) == []
    operations = {(m.upper(), p) for p, ops in spec["paths"].items() if p.startswith("/api/")
                  for m in ops}
    # The check saw every operation: 66, counted from the routers when it was written (21 of
    # them home care's: 18 under /stations, the staff check-in, the personal link's two).
    assert len(operations) == 66
    home_care = ("/api/v1/stations", "/api/v1/checkins", "/api/v1/public/checkins")
    assert len([o for o in operations if o[1].startswith(home_care)]) == 21


def test_every_named_component_lists_its_fields():
    # A named object lists its fields; a named map (StationActivity) types its values.
    spec = create_app().openapi()
    bare = [name for name, component in spec["components"]["schemas"].items()
            if component.get("type", "object") == "object" and "properties" not in component
            and not isinstance(component.get("additionalProperties"), dict)
            and "enum" not in component and "anyOf" not in component and "oneOf" not in component]
    assert bare == []


def test_the_answers_named_here_and_their_content_types():
    spec = create_app().openapi()

    def ok(path: str, method: str = "get") -> dict:
        responses = spec["paths"][path][method]["responses"]
        return next(r for s, r in responses.items() if s.startswith("2"))["content"]

    def ref(content: dict, kind: str = "application/json") -> str:
        schema = content[kind]["schema"]
        return (schema.get("items", schema))["$ref"].rsplit("/", 1)[1]

    assert ref(ok("/api/v1/clusters/suggestions/run", "post")) == "SuggestRun"
    assert ref(ok("/api/v1/clusters/{cluster_id}/reopen", "post")) == "ClusterSummary"
    assert ref(ok("/api/v1/reports/daily/as-published")) == "DailyReport"
    assert ref(ok("/api/v1/contacts/{contact_code}")) == "ContactOut"
    assert ref(ok("/api/v1/contacts/{contact_code}/checks", "post")) == "CheckRecorded"
    assert ref(ok("/api/v1/public/exposures/declarations", "post")) == "DeclarationResult"
    assert ref(ok("/api/v1/bulletins/store", "post")) == "BulletinStored"
    assert ref(ok("/api/v1/people/erase", "post")) == "ErasedPerson"
    assert ref(ok("/api/v1/audit/verify")) == "AuditCheck"
    assert ref(ok("/api/v1/aggregates")) == "AggregateDay"
    fhir = ok("/api/fhir/Patient")
    assert ref(fhir, "application/fhir+json") == "Bundle"
    assert fhir["application/fhir+ndjson"]["schema"] == {"type": "string"}
    assert ref(ok("/api/fhir/Bundle", "post"), "application/fhir+json") == "Bundle"
    refused = spec["paths"]["/api/fhir/Bundle"]["post"]["responses"]["422"]["content"]
    assert ref(refused, "application/fhir+json") == "OperationOutcome"
    assert set(ok("/api/v1/exports/owid")) == {"text/csv"}


def test_no_two_schemas_share_a_name():
    # Two models of one name (a bulletin's ClusterCount and a report's) are published under
    # generated module paths, which a client generator turns into unreadable type names.
    spec = create_app().openapi()
    assert [name for name in spec["components"]["schemas"] if "__" in name] == []


def test_every_typed_day_in_a_query_says_the_forms_it_is_read_in():
    # The API's days and moments in a query are read as the pages' (core.days.read_day,
    # national.parse_moment: "7/11/2021" as well as ISO); its document said "YYYY-MM-DD", or
    # nothing. A parameter typed date or date-time by its schema (FHIR's) is ISO by contract.
    spec = create_app().openapi()
    said = {}
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for p in operation.get("parameters", []):
                if (p["in"] == "query" and p["name"] in ("date", "since", "until", "as_of")
                        and "format" not in str(p["schema"])):
                    said[(path, p["name"])] = p.get("description", "")
    assert ("/api/v1/reports/daily", "date") in said and ("/api/v1/levels", "date") in said
    assert len(said) == 15
    assert [k for k, text in said.items() if "7/11/2021" not in text or "YYYY" in text] == []
    assert said[("/api/v1/reports/national", "as_of")] == (
        "As it stood then. A date and time: 2021-11-07T18:00 or 7/11/2021 18:00 in Vietnam's "
        "time (UTC+7) unless a zone is given; a day alone is its end")
