"""Outbreak clusters (ổ dịch)."""
