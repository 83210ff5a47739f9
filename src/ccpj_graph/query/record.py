"""Frozen value records for the query path: what ``@dataclass(frozen=True, slots=True)``
gives, without importing :mod:`dataclasses`.

Why: ``dataclasses`` imports :mod:`inspect` (with ``ast``, ``dis`` and ``tokenize``), and every
dataclass compiles its generated methods when its module is imported; for the nine records
``ccpj query`` loads that was about a fifth of the instructions of answering the flagship
question (issue 13, item 4). A record subclass lists its fields in ``__slots__`` (in order)
and sets them in its own ``__init__`` with :meth:`Record._set`; ``__match_args__`` lists
the same fields in their order (``__slots__ = __match_args__``), which is the order of
positional arguments, ``repr``, ordering and pickling; equality, hashing, ordering,
``repr`` and pickling go by the fields, as a dataclass's do, and assigning to a field raises
:class:`FrozenRecordError` (an ``AttributeError``, as ``dataclasses.FrozenInstanceError`` is).
"""

from __future__ import annotations

__all__ = ["FrozenRecordError", "OrderedRecord", "Record"]

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from typing import Any


class FrozenRecordError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Record:
    """Base of a frozen record whose fields are its ``__slots__``."""

    __slots__: tuple[str, ...] = ()
    __match_args__: tuple[str, ...] = ()

    def _set(self, **fields: Any) -> None:
        """Set the fields (only ``__init__`` does this)."""
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__match_args__)
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._values())


class OrderedRecord(Record):
    """A record that also orders by its fields, in order (``order=True``)."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return bool(self._values() < other._values())
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return bool(self._values() <= other._values())
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return bool(self._values() > other._values())
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return bool(self._values() >= other._values())
        return NotImplemented
