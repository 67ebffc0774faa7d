"""An answer's blocks held compactly from reading to the report.

A batch run keeps every answer's formatting until the report is written: as objects that is
tens of KB per form, as a compressed pickle a few KB (peak memory for 10,000 forms: 412 MB
with packing). :func:`pack_answers` is applied once, where a worker hands a response back
(``run.read_one``); everything downstream sees a plain ``Sequence[Block]``.
"""

from __future__ import annotations

import dataclasses
import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from docxmerge.model import Answer, Block


def pack_answers(answers: Iterable[Answer]) -> tuple[Answer, ...]:
    """The answers with their blocks packed (an answer without blocks stays as it is)."""
    return tuple(
        dataclasses.replace(a, blocks=PackedBlocks(a.blocks)) if a.blocks else a for a in answers
    )


_COMPRESS_FROM = 512  # bytes of pickle


class PackedBlocks(Sequence[Block]):
    """An answer's blocks held compactly until the report needs them.

    A batch run keeps every answer's formatting until the report is written: as objects that is
    tens of KB per form, as a compressed pickle a few KB. Each use decodes the whole sequence
    (the report reads it once). The bytes are only ever made by :meth:`__init__`, in this
    program, from blocks it read itself.
    """

    __slots__ = ("_compressed", "_count", "_data")

    def __init__(self, blocks: Sequence[Block]) -> None:
        data = pickle.dumps(tuple(blocks), pickle.HIGHEST_PROTOCOL)
        # zlib costs a fixed ~15 µs per call: below this size it saves too little to pay
        self._compressed = len(data) >= _COMPRESS_FROM
        self._data = zlib.compress(data, 1) if self._compressed else data
        self._count = len(blocks)

    def unpack(self) -> tuple[Block, ...]:
        data = zlib.decompress(self._data) if self._compressed else self._data
        blocks: tuple[Block, ...] = pickle.loads(data)
        return blocks

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Block, ...]: ...
    def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]:
        return self.unpack()[index]

    def __iter__(self) -> Iterator[Block]:
        return iter(self.unpack())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return self.unpack() == tuple(other)

    __hash__ = None  # type: ignore[assignment]  # like a list: compared by content

    def __repr__(self) -> str:
        return f"PackedBlocks({self._count} blocks, {len(self._data)} bytes)"
