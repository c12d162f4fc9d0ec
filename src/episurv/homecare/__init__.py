"""Care of F0 at home: mobile medical stations, households, daily check-ins, triage, release."""
