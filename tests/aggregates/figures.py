"""Hand-made daily figures of four provinces over 16 days (23/10 to 7/11/2021), whose every
figure in the national report of 7/11 is worked by hand in tests/reporting/test_national.py.

Day k is 22/10 + k days (day 1 = 23/10, day 15 = 6/11, day 16 = 7/11).
- TP HCM: 100 new cases a day (community 40, quarantine 60), 10 deaths, 150 recovered, tests
  1.000 samples for 3.000 people, doses 10.000 first + 5.000 second. Day 15: 120 (50 + 70).
  Day 16: 95 = community 30 + quarantine 60 + imported 5; 7 deaths, 200 recovered, severe 300.
- Bình Dương: 50 a day (20 + 30), 2 deaths. Day 15: 60 (25 + 35), doses 2.000 (no split).
  Day 16: 80 (30 + 50), 2 deaths, severe 40, tests 500 samples for 700 people.
- Tây Ninh: 10 a day, all found in quarantine (quarantine 10, no community figure). Day 16: 40
  with quarantine 10 (so 30 under investigation), 2 deaths.
- Sơn La: 3 community cases on day 1, 2 on day 2, then 0 every day.
"""

from __future__ import annotations

from datetime import date, timedelta

HEADER = ("date,province,new_cases,community,quarantine,imported,deaths,recovered,severe,"
          "tests_samples,tests_people,doses,first_doses,second_doses")


def day(k: int) -> date:
    return date(2021, 10, 22) + timedelta(days=k)


def rows() -> list[str]:
    out = []
    for k in range(1, 17):
        d = day(k).isoformat()
        if k <= 14:
            hcm = f"{d},TP HCM,100,40,60,,10,150,,1000,3000,,10000,5000"
        elif k == 15:
            hcm = f"{d},TP HCM,120,50,70,,10,150,,1000,3000,,10000,5000"
        else:
            hcm = f"{d},TP HCM,95,30,60,5,7,200,300,1000,3000,,10000,5000"
        if k <= 14:
            bd = f"{d},Bình Dương,50,20,30,,2,,,,,,,"
        elif k == 15:
            bd = f"{d},Bình Dương,60,25,35,,2,,,,,2000,,"
        else:
            bd = f"{d},Bình Dương,80,30,50,,2,,40,500,700,,,"
        tn = f"{d},Tây Ninh,{40 if k == 16 else 10},,10,,{2 if k == 16 else ''},,,,,,,"
        sl = f"{d},Sơn La,{ {1: 3, 2: 2}.get(k, 0) },{ {1: 3, 2: 2}.get(k, 0) },,,,,,,,,,"
        out += [hcm, bd, tn, sl]
    return out


def csv_text() -> str:
    return HEADER + "\n" + "\n".join(rows()) + "\n"
