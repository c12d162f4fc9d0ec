"""Epidemic levels (cấp độ dịch) per ward, district and province: policies (4800/QĐ-BYT,
218/QĐ-BYT) as data, the assessment with its explanations, decisions and history."""
