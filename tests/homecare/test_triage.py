"""The warning signs of 261/QĐ-BYT at every threshold, on both sides."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episurv.homecare.triage import (
    GREEN,
    RED,
    RED_SYMPTOMS,
    SYMPTOMS,
    YELLOW,
    Reading,
    resp_rate_limit,
    triage,
    worst,
)


@pytest.mark.parametrize("age,rate,colour", [
    (30, 19, GREEN), (30, 20, RED), (12, 19, GREEN), (12, 20, RED),
    (11, 29, GREEN), (11, 30, RED), (5, 29, GREEN), (5, 30, RED),
    (4, 39, GREEN), (4, 40, RED), (1, 39, GREEN), (1, 40, RED),
    (0, 49, GREEN), (0, 50, RED), (None, 19, GREEN), (None, 20, RED),
])
def test_respiratory_rate_by_age(age, rate, colour):
    assert triage(Reading(age=age, resp_rate=rate)).colour == colour


@pytest.mark.parametrize("spo2,recheck,colour,reason", [
    (96, None, RED, "SpO2 96% ≤ 96% (not re-measured)"),
    (95, 96, RED, "SpO2 96% ≤ 96% (re-measured)"),
    (96, 97, YELLOW, "SpO2 96% ≤ 96%, re-measured 97%"),
    (97, None, YELLOW, "SpO2 97%"),
    (98, None, GREEN, None),
    (98, 96, RED, "SpO2 96% ≤ 96% (re-measured)"),
])
def test_spo2_with_re_measure(spo2, recheck, colour, reason):
    result = triage(Reading(spo2=spo2, spo2_recheck=recheck))
    assert result.colour == colour
    assert result.reasons == ((reason,) if reason else ())


@pytest.mark.parametrize("pulse,colour", [(120, GREEN), (121, RED), (50, GREEN), (49, RED)])
def test_pulse(pulse, colour):
    assert triage(Reading(pulse=pulse)).colour == colour


@pytest.mark.parametrize("systolic,diastolic,colour", [
    (90, 60, GREEN), (89, 60, RED), (90, 59, RED), (120, 80, GREEN)])
def test_blood_pressure(systolic, diastolic, colour):
    assert triage(Reading(systolic=systolic, diastolic=diastolic)).colour == colour


@pytest.mark.parametrize("temperature,colour", [(38.4, GREEN), (38.5, YELLOW)])
def test_high_fever_is_a_call(temperature, colour):
    assert triage(Reading(temperature=temperature)).colour == colour


def test_listed_symptoms_are_red_and_reasons_come_red_first():
    result = triage(Reading(temperature=39.0, pulse=130, symptoms=frozenset({"dyspnoea",
                                                                             "cough"})))
    assert result.colour == RED and result.policy == "261/QĐ-BYT"
    assert result.reasons == ("pulse 130/min > 120", "shortness of breath",
                              "temperature 39 °C ≥ 38.5")
    assert triage(Reading(symptoms=frozenset({"cough", "fever"}))).colour == GREEN
    assert triage(Reading(symptoms=frozenset({"vomiting"}))).reasons == ("vomiting or diarrhoea",)
    with pytest.raises(ValueError, match="unknown symptoms: sneezing"):
        triage(Reading(symptoms=frozenset({"sneezing"})))


def test_worst_colour():
    assert worst([GREEN, YELLOW]) == YELLOW and worst([YELLOW, RED, GREEN]) == RED
    assert worst([]) == GREEN


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(age=st.integers(0, 110), rate=st.integers(5, 80), spo2=st.integers(97, 100),
       pulse=st.integers(50, 120), systolic=st.integers(90, 200), diastolic=st.integers(60, 120))
def test_red_exactly_when_a_warning_sign_is_present(age, rate, spo2, pulse, systolic,
                                                   diastolic):
    result = triage(Reading(age=age, resp_rate=rate, spo2=spo2, pulse=pulse, systolic=systolic,
                            diastolic=diastolic))
    assert (result.colour == RED) == (rate >= resp_rate_limit(age))
    assert (result.colour == YELLOW) == (rate < resp_rate_limit(age) and spo2 == 97)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(symptoms=st.sets(st.sampled_from(sorted(SYMPTOMS))), spo2=st.integers(50, 100))
def test_any_listed_symptom_or_low_oxygen_is_red(symptoms, spo2):
    result = triage(Reading(spo2=spo2, symptoms=frozenset(symptoms)))
    assert (result.colour == RED) == (bool(symptoms & set(RED_SYMPTOMS)) or spo2 <= 96)
    assert len(result.reasons) >= (result.colour != GREEN)
