"""A template's top-level tables as rows of cells, and what a cell holds: the shared ground of
the table layouts (``label_answer``, ``row_pairs``, ``grid``).

The reader flattens tables into blocks with a :class:`~docxmerge.model.TablePos`; here they are
put back together. A nested table's blocks belong to the cell it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docxmerge.answers.blocks import BOX_GLYPHS, checkboxes, is_slot_block, typed_text
from docxmerge.answers.normalize import clean_spaces, is_known_prompt
from docxmerge.model import Block, Document

# A prompt written as plain text in a cell: "[Skriv här]", "<Enter text>", "Skriv ditt svar här",
# "Click here to enter text", "Fyll i ..."
_PROMPT_WORDS = re.compile(
    r"^(?:skriv|ange|fyll i|beskriv här|svara här|klicka|enter|type|insert|click|tap|write|"
    r"fill in|add text|your answer|text here|svar här)\b",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"^[\[<(«{].*[\]>)»}]$", re.DOTALL)
# A row number column: "1", "1.2", "A1", "3a)", "No.", "#"
_ROW_NUMBER = re.compile(
    r"^(?:no\.?|nr\.?|#|item|id|\(?[a-z]{0,2}\d{1,3}(?:\.\d{1,3})*[a-z]?[.)]?|[a-z][.)])$",
    re.IGNORECASE,
)
MAX_PROMPT_CHARS = 200
# Outline ranks of table items: below every heading, section rows above question rows
SECTION_RANK = (25, 9)
QUESTION_RANK = (30, 9)


@dataclass
class Cell:
    index: int
    blocks: list[tuple[int, Block]] = field(default_factory=list)  # (index in document, block)

    @property
    def text(self) -> str:
        return clean_spaces(" ".join(b.text for _, b in self.blocks))

    @property
    def first_text(self) -> tuple[int, Block] | None:
        """The cell's first paragraph with text (its label, when it is one)."""
        return next(((i, b) for i, b in self.blocks if b.text.strip()), None)


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)

    @property
    def indexes(self) -> list[int]:
        return [i for cell in self.cells for i, _ in cell.blocks]

    @property
    def filled(self) -> list[Cell]:
        """The cells with text or a slot."""
        return [c for c in self.cells if c.text or any(is_slot_block(b) for _, b in c.blocks)]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    @property
    def indexes(self) -> list[int]:
        return [i for row in self.rows for i in row.indexes]


def top_level_tables(doc: Document) -> list[Table]:
    """Every table not nested in another, in document order."""
    tables: list[Table] = []
    current: tuple[int, int, int] | None = None  # (table, row, cell) of the depth-1 cell
    for i, block in enumerate(doc.blocks):
        pos = block.table
        if pos is None:
            current = None
            continue
        if pos.depth == 1:
            if current is None or current[0] != pos.table:
                tables.append(Table())
            if current is None or current[:2] != (pos.table, pos.row):
                tables[-1].rows.append(Row())
            row = tables[-1].rows[-1]
            if current != (pos.table, pos.row, pos.cell):
                row.cells.append(Cell(pos.cell))
            current = (pos.table, pos.row, pos.cell)
        if tables and tables[-1].rows:  # a nested table's blocks go to the enclosing cell
            tables[-1].rows[-1].cells[-1].blocks.append((i, block))
    return tables


# --------------------------------------------------------------------------- cell contents


def prompt_like(blocks: list[Block]) -> bool:
    """Text that asks to be replaced: Word's placeholder style, all in italics, bracketed, a
    known prompt, or an instruction to write ("Skriv ditt svar här", "Enter text")."""
    texts = [b for b in blocks if b.text.strip()]
    if not texts:
        return False
    text = clean_spaces(" ".join(b.text for b in texts))
    if len(text) > MAX_PROMPT_CHARS:
        return False
    runs = [r for b in texts for r in b.runs if r.text.strip()]
    if runs and all(r.placeholder or r.italic for r in runs):
        return True
    return bool(
        is_known_prompt(text) or _BRACKETED.match(text) or _PROMPT_WORDS.match(text.lstrip("[<( "))
    )


def is_slot_cell(cell: Cell) -> bool:
    """A cell to answer in: a control, form field or checkbox, nothing at all, or a prompt."""
    blocks = [b for _, b in cell.blocks]
    if any(is_slot_block(b) or checkboxes(b) for b in blocks):
        return True
    return not cell.text or prompt_like(blocks)


def is_label_cell(cell: Cell) -> bool:
    """A cell holding a label: text that is no prompt and no slot of its own."""
    return bool(cell.text) and not is_slot_cell(cell) and len(cell.text) <= 600


def is_number_cell(cell: Cell) -> bool:
    """A cell holding only a row number ("1", "A1", "No.")."""
    return len(cell.text) <= 6 and bool(_ROW_NUMBER.match(cell.text))


def label_at(row: Row) -> int | None:
    """Where a row's label stands: its first cell, or the second after a row number."""
    cells = row.cells
    if len(cells) > 1 and is_number_cell(cells[0]) and is_label_cell(cells[1]):
        return 1
    return 0 if cells and is_label_cell(cells[0]) else None


def cell_at(row: Row, index: int) -> Cell | None:
    return row.cells[index] if index < len(row.cells) else None


def box_count(cell: Cell) -> int:
    """Checkboxes in a cell: controls and legacy fields, else drawn glyphs."""
    boxes = sum(len(checkboxes(b)) for _, b in cell.blocks)
    if boxes:
        return boxes
    return sum(b.text.count(g) for _, b in cell.blocks for g in BOX_GLYPHS)


def only_boxes(cell: Cell) -> bool:
    """A cell holding one checkbox and no other text (a grid cell)."""
    rest = "".join(typed_text(b) for _, b in cell.blocks).strip(BOX_GLYPHS + " \t\u00a0")
    return box_count(cell) == 1 and not rest
