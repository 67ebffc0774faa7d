"""The data contract: PackedBlocks keeps an answer's blocks compactly and gives them back whole."""

from __future__ import annotations

import pickle

from docxmerge.model import Answer, Block, Control, FormField, Image, Run, TablePos
from docxmerge.speed.packed import PackedBlocks

BOX = Control("7", "s11", "Svar", "richText", "block", False, "DefaultPlaceholder", "Klicka här")
PICTURE = Image("image/png", b"\x89PNG", 9525, 19050, "Karta")
BLOCKS = (
    Block(0, "Vi har **gjort** det.", (Run("Vi har "), Run("gjort", bold=True), Run(" det."))),
    Block(1, "Punkt", (Run("Punkt"),), style="List Paragraph", list_level=0, num_id="3"),
    Block(2, "Cell", (Run("Cell", link="https://example.org/"),), table=TablePos(0, 1, 2)),
    Block(
        3, "☒", (Run("☒"),), controls=(BOX,), form_fields=(FormField("checkbox", "K1", "☒", True),)
    ),
    Block(4, "", (Run("", image=PICTURE),), in_textbox=True),
)


def test_packed_blocks_give_back_exactly_what_was_packed() -> None:
    packed = PackedBlocks(BLOCKS)
    assert len(packed) == 5
    assert tuple(packed) == BLOCKS
    assert packed[1] == BLOCKS[1] and packed[1:] == BLOCKS[1:]
    assert packed == BLOCKS and packed == list(BLOCKS)
    assert packed != BLOCKS[:2]
    assert PackedBlocks(BLOCKS * 20) == BLOCKS * 20  # large enough to be compressed


def test_an_answer_with_packed_blocks_equals_the_unpacked_one_and_survives_pickling() -> None:
    plain = Answer("1.1", "answered", "text", blocks=BLOCKS)
    packed = Answer("1.1", "answered", "text", blocks=PackedBlocks(BLOCKS))
    assert packed == plain
    assert pickle.loads(pickle.dumps(packed)) == plain  # sent from a worker process


def test_packed_blocks_are_smaller_than_the_objects() -> None:
    many = tuple(
        Block(i, "Förvaltningen har samverkat. " * 10, (Run("x" * 290),)) for i in range(50)
    )
    assert len(pickle.dumps(PackedBlocks(many))) < len(pickle.dumps(many)) / 5


class Tagged(Block):
    """A library user's subclass."""


def test_pickling_keeps_a_subclass_and_copies_equal() -> None:
    import copy

    tagged = Tagged(7, "Svar", (Run("Svar"),))
    for clone in (pickle.loads(pickle.dumps(tagged)), copy.deepcopy(tagged)):
        assert type(clone) is Tagged and clone == tagged
    assert type(pickle.loads(pickle.dumps(BLOCKS[0]))) is Block
