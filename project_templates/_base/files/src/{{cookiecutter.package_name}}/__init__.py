"""The project's package; README.md says what it does and how to run it."""

__version__ = "0.1.0"
