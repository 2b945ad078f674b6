"""File safety: atomic writes, safe YAML with line numbers, the answers-file lock, plan stamps."""
