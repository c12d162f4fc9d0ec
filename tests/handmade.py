"""A hand-made Hà Nội line list whose every count in the daily report is worked by hand
(see reporting/test_daily_report.py)."""

LINE_LIST = """case_id,report_date,report_time,province,district,detected_in,source,cluster
A1,2021-11-07,08:00,Hà Nội,Thanh Xuân,community,screening,
A2,2021-11-07,17:59,Hà Nội,Thanh Xuân,community,cluster,Chợ Khương Trung
A3,2021-11-07,18:00,Hà Nội,Ba Đình,quarantine,contact,
A4,2021-11-07,18:01,Hà Nội,Ba Đình,community,screening,
A5,2021-11-06,19:30,Hà Nội,Hà Đông,lockdown,contact,
A6,2021-11-07,,Hà Nội,Hà Đông,community,travel,
A7,2021-11-06,10:00,Hà Nội,Thanh Xuân,community,cluster,Chợ Khương Trung
A8,2021-10-20,09:00,Hà Nội,Đông Anh,community,cluster,Bạch Trữ
A9,2021-04-26,,Hà Nội,Đông Anh,quarantine,contact,
A10,2021-11-07,07:00,Hà Nội,Đống Đa,community,,
A11,2021-11-07,,Hà Nội,Hà Đông,quarantine,contact,
B1,2021-11-07,09:00,Hải Phòng,Lê Chân,community,screening,
"""
