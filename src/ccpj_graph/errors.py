"""Errors a user can cause: each carries one line that names the file, line or parameter.

The CLI prints ``error: <message>`` and exits non-zero; it never shows a traceback for these.
"""

__all__ = ["CcpjError", "CorpusError", "InputError"]


class CcpjError(Exception):
    """Base class for errors caused by input, with a one-line message for the user."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class CorpusError(CcpjError):
    """A source document or the manifest cannot be read as a report."""


class InputError(CcpjError):
    """A user-supplied file or option is malformed (could not run: exit 2)."""

    exit_code = 2
