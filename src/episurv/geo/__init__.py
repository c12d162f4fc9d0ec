"""Administrative units of Vietnam (2021 structure), their population, and name matching."""
