"""The model's hot dataclasses: cheap to build and to pickle.

The reader makes Block and Run by the hundred thousand, and a batch run pickles every answer
(worker results, :mod:`docxmerge.speed.packed`). Measured on the benchmark forms:

- :func:`hot_value`: frozen for the type checker, plain slots at run time: construction five
  times faster than ``frozen=True`` (reader 1.18 -> 1.05 ms per form); on Control, TablePos
  and FormField too, the table-layout forms' 55 controls and 60 cells each (reading them
  2.65 -> 2.38 ms per form);
- :func:`pickled_by_fields`: pickled as (class, field values) instead of dataclass
  ``__getstate__``/``__setstate__``: packing answers 0.48 -> 0.32 ms per form, unpacking
  0.20 -> 0.12 ms.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import SupportsIndex, TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def hot_value(cls: type[_T]) -> type[_T]:
    """A frozen dataclass to the type checker (mypy refuses any assignment to a field), built
    without frozen's per-field object.__setattr__ at run time: five times faster to construct.
    For the classes the reader and the report make by the hundred thousand (Block, Run,
    Control, TablePos, FormField)."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances as their class and field values.

    A dataclass with slots pickles its state field by field (frozen ones through
    __getstate__/__setstate__, which look up dataclasses.fields() and call object.__setattr__
    per field): four times slower than calling the class again. The answers of a batch run are
    pickled (PackedBlocks, worker results). A subclass keeps the standard way.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    getter = attrgetter(*names)
    values = getter if len(names) > 1 else (lambda obj: (getter(obj),))

    def reduce_ex(self: _T, protocol: SupportsIndex) -> str | tuple[object, ...]:
        if type(self) is cls:
            return cls, values(self)
        return object.__reduce_ex__(self, protocol)

    cls.__reduce_ex__ = reduce_ex  # type: ignore[assignment,method-assign]
    return cls
