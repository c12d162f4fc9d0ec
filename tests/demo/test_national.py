"""The national generator: every province, exact totals, chunks of bounded size, the same rows
for the same seed. That a build imports into every province is tested on the one build of
tests/demo/test_national_investigation.py."""

from __future__ import annotations

from episurv.demo.national import national_chunks, province_plan


def test_the_plan_covers_every_province_and_sums_exactly():
    plan = province_plan(250_000, 9)
    assert len(plan) == 63
    assert sum(int(days.sum()) for _code, days in plan) == 250_000
    assert all(int(days.sum()) > 0 for _code, days in plan)


def test_chunks_are_bounded_unique_and_repeatable():
    sizes, ids = [], set()
    for chunk in national_chunks(30_000, 4, size=4_000):
        sizes.append(len(chunk["case_id"]))
        assert len({chunk["province"][0]}) == 1 == len(set(chunk["province"]))
        ids.update(chunk["case_id"])
    assert sum(sizes) == 30_000 == len(ids)
    assert max(sizes) <= 4_000
    again = next(iter(national_chunks(30_000, 4, size=4_000)))
    first = next(iter(national_chunks(30_000, 4, size=4_000)))
    assert again == first
    other = next(iter(national_chunks(30_000, 5, size=4_000)))
    assert other["name"] != first["name"]

