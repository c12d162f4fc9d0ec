"""Contacts (F1, F2) of cases: quarantine, follow-up, transmission chains."""
