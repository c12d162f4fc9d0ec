"""The line list of infected people (F0)."""
