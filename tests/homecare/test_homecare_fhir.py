"""A case cared for at home exports its stretch of care as a home-health Encounter and its
check-ins as FHIR vital-sign Observations (LOINC SpO2 59408-5, respiratory rate 9279-1, pulse
8867-4, temperature 8310-5, blood pressure panel 85354-9), the re-measured SpO2 being the one
that counts, validated by fhir.resources."""

from __future__ import annotations

import uuid
from datetime import datetime

from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.observation import Observation

from episurv.accounts.scope import SYSTEM
from episurv.core.time import LOCAL
from episurv.homecare import service as hc
from episurv.homecare.schemas import CheckInIn
from episurv.interop.service import export_fhir


def test_check_ins_travel_with_their_case(session, at_home):
    pid = at_home["f0"].id
    hc.staff_checkin(session, scope=SYSTEM, province_code=1, person_id=pid, values=CheckInIn(
        client_id=uuid.uuid4(), measured_at=datetime(2021, 11, 12, 8, 5, tzinfo=LOCAL),
        spo2=95, spo2_recheck=97, pulse=88, resp_rate=18, temperature=37.6, systolic=118,
        diastolic=76))
    resources, counts = export_fhir(session, scope=SYSTEM, case_id="BN900001")
    observations = [r for r in resources if r["resourceType"] == "Observation"
                    and r["category"][0]["coding"][0]["code"] == "vital-signs"]
    by_code = {o["code"]["coding"][0]["code"]: o for o in observations}
    assert sorted(by_code) == ["59408-5", "8310-5", "85354-9", "8867-4", "9279-1"]
    assert by_code["59408-5"]["valueQuantity"]["value"] == 97
    assert by_code["8867-4"]["valueQuantity"]["value"] == 88
    assert by_code["8310-5"]["valueQuantity"]["value"] == 37.6
    panel = {c["code"]["coding"][0]["code"]: c["valueQuantity"]["value"]
             for c in by_code["85354-9"]["component"]}
    assert panel == {"8480-6": 118, "8462-4": 76}
    for o in observations:
        Observation.model_validate(o)
    encounter = next(r for r in resources if r["resourceType"] == "Encounter")
    assert encounter["class"]["code"] == "HH" and encounter["status"] == "in-progress"
    assert encounter["period"] == {"start": "2021-11-10"}
    Encounter.model_validate(encounter)
    # Pseudonymised by default: the subject is the case's keyed hash, not its code.
    assert "BN900001" not in str(observations)
    assert counts["patients"] == 1
