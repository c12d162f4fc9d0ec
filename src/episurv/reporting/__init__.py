"""City daily report, national report, their renderers (vi, en) and charts."""
