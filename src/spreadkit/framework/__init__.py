"""The framework: the typed content model, answer values, conditions, and loading and checking
content and packs.
"""
