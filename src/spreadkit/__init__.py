"""spreadkit: plan the spread of a workforce innovation with HEE's five-step framework."""

__version__ = "0.1.0"
