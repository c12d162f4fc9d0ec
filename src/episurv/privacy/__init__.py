"""A person's rights over their personal data: erasure once the purpose ends."""
