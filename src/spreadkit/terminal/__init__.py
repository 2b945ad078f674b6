"""The terminal display: everything printed with rich."""
