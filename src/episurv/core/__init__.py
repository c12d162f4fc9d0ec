"""What every layer shares and nothing else: column types, local time, settings. Imported by all,
importing nothing of episurv."""
