"""One exception root for everything the user can get wrong, and the exit codes it maps to.

Exit codes (documented in the README): 0 ok, 1 error, 2 usage.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class GenaiError(Exception):
    """An error with a message meant for the user; the CLI prints it without a traceback.

    `problems` holds one located line per problem (`FILE:LINE[:COLUMN]: FIELD: message`) when a
    file was at fault; the CLI prints them all under the message.
    """

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str | None = None, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = problems or []


class UsageError(GenaiError):
    """The command line itself is wrong (missing argument, bad option value)."""

    exit_code = EXIT_USAGE


class RoadmapError(GenaiError):
    """A roadmap file is missing, malformed or invalid."""


class StateError(GenaiError):
    """The progress state file cannot be read or written safely."""


class NotFoundError(GenaiError):
    """A roadmap, phase or item the user named does not exist (or is ambiguous)."""


class InvalidFileError(GenaiError):
    """A file the user handed us or edited (an export to import, the config file) cannot be used."""
