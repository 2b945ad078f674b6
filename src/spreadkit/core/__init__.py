"""The base layer: the error type and exit codes, the injected environment, names needed at start-
up, the cache folder, signals.
"""
