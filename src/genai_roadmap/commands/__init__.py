"""One module per command family; each exposes the use-case functions cli.py calls.

A use case loads what it needs, acts, and returns a plain result object (a dataclass) that a
renderer in render/ formats.
"""
