"""Errors a user can cause: each carries one line that names the file, line or parameter.

The CLI prints ``error: <message>`` and exits non-zero; it never shows a traceback for these.
"""

__all__ = ["CcpjError", "CorpusError", "InputError", "require"]


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


def require(value: object, kinds: type | tuple[type, ...], what: str, described: str) -> None:
    """Refuse ``value`` unless it is an instance of ``kinds``, with one :class:`InputError`:
    ``"<what> must be <described>, not <type>"``. A bool is taken for a number only when
    ``kinds`` names bool: ``year=True`` is not the year 1.

    Why: the Python API is called with whatever a notebook has at hand, and a value of another
    type failed deep inside with a bare TypeError (``kg.query(None)``) or, worse, was taken
    (``allow_network="no"`` is true).
    """
    allowed = kinds if isinstance(kinds, tuple) else (kinds,)
    if isinstance(value, allowed) and (bool in allowed or not isinstance(value, bool)):
        return
    raise InputError(f"{what} must be {described}, not {type(value).__name__}")
