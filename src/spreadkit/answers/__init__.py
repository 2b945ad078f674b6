"""The answers store: reading and writing answers files, overrides, blank files, the JSON schema."""
