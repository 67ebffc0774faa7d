"""What every layout hands on: the template as items in document order, each a label with the
blocks up to the next label; then what all layouts share: what each item is (question,
section, field, instruction), which labels are metadata fields, and the sections and question
ids by position.

A heading layout finds an item's kind from what follows it; a table layout knows it from the
table's structure and sets it (``preset``), with the item's rank in the outline and its slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docxmerge.answers.blocks import (
    answer_control,
    checkboxes,
    heading_rank,
    in_answer_box,
    inline_label,
    is_answer_label,
    is_slot_block,
    slot_start,
    typed_text,
)
from docxmerge.answers.normalize import clean_spaces, numbering_depth
from docxmerge.model import Block, Control, Placement, Section

MAX_FIELD_LABEL_CHARS = 60
MAX_WHO_CHARS = 40
Rank = tuple[int, int]  # (style rank, numbering depth): smaller is higher in the outline


@dataclass
class Item:
    """A label (heading, table cell, "Label:" line) and the blocks up to the next label."""

    heading: Block
    content: list[Block] = field(default_factory=list)
    kind: str = ""  # question | section | instruction | field | header (a table's column titles)
    rank: Rank = (20, 9)
    preset: bool = False  # kind, slot and placement set by a table layout
    placement: Placement = "below"
    slot: list[Block] | None = None  # the answer slot's blocks (None: found in ``content``)
    options: tuple[str, ...] | None = None  # a choice's labels known from the layout (grids)
    title: str | None = None  # the question's text when it is not the label's ("row – column")
    column: int | None = None  # a cell to fill in: how many cells right of its label

    @classmethod
    def from_heading(cls, heading: Block) -> Item:
        inline = bool(inline_label(heading))
        return cls(heading, rank=heading_rank(heading), placement="inline" if inline else "below")

    @property
    def inline(self) -> bool:
        """The slot starts in the label's own paragraph ("Nämnd: [field]")."""
        return self.placement == "inline" and slot_start(self.heading) is not None

    @property
    def slot_blocks(self) -> list[Block]:
        """The blocks that make up the answer slot in the template."""
        if self.slot is not None:
            return self.slot
        found = [self.heading] if self.inline else []
        return found + [b for b in self.content if is_slot_block(b) or checkboxes(b)]

    @property
    def control(self) -> Control | None:
        """The answer control of the slot (its tag and alias identify the answer)."""
        for block in self.slot_blocks:
            for control in reversed(block.controls):
                if control.level == "run" and control.kind not in ("checkbox",):
                    return control
            if in_answer_box(block):
                return answer_control(block)
        return None

    @property
    def has_slot(self) -> bool:
        return bool(self.slot_blocks)

    @property
    def prose(self) -> list[Block]:
        """Fixed template text among the content: never part of an answer."""
        slot = self.slot_blocks
        return [
            b
            for b in self.content
            if b.text.strip() and b not in slot and not (is_answer_label(b) and not b.table)
        ]

    @property
    def furniture(self) -> list[Block]:
        """ "Svar:" lines and other template text inside the slot area."""
        return [b for b in self.content if is_answer_label(b)]

    @property
    def label(self) -> str:
        """The label's text; for an inline slot, the text before it without a colon."""
        if self.title is not None:
            return self.title
        if self.inline:
            return clean_spaces(inline_label(self.heading)).rstrip(":").strip()
        return clean_spaces(typed_text(self.heading) or self.heading.text).rstrip(":").strip()


def at_or_above(item: Item, other: Item) -> bool:
    """True when ``item`` is at the same outline level as ``other`` or higher.

    Two real heading styles at one level are siblings whatever their typed numbers; between
    bold paragraphs the typed numbering decides ("1." above "Beskriv ...").
    """
    (style, depth), (other_style, other_depth) = item.rank, other.rank
    if style != other_style:
        return style < other_style
    return style < 20 or depth <= other_depth


# --------------------------------------------------------------------------- what items are


def classify(items: list[Item]) -> None:
    """Decide each heading item's kind from what follows it (preset items keep theirs)."""
    for n, item in enumerate(items):
        if item.preset:
            continue
        nxt = items[n + 1] if n + 1 < len(items) else None
        has_empty = any(not b.text.strip() for b in item.content)
        if item.has_slot:
            item.kind = "question"
        elif item.rank[0] == 0:
            item.kind = "instruction"  # the document title
        elif nxt is not None and not at_or_above(nxt, item):
            item.kind = "section"
        elif item.prose and not _last_of_its_questions(items, n):
            item.kind = "instruction"
        elif has_empty or item.heading.text.rstrip().endswith("?"):
            item.kind = "question"
        elif _bare_label(item):
            item.kind, item.placement = "question", "inline"  # "Nämnd:" typed after the colon
        else:
            item.kind = "instruction"


def _last_of_its_questions(items: list[Item], n: int) -> bool:
    """The last item, one of a row of questions (the one before it at its rank is one), its
    answer lines first and then closing words ("Övriga synpunkter", two empty lines, "Tack för
    era svar!"): a question; the closing words are template text."""
    item = items[n]
    content = item.content
    if n + 1 < len(items) or not content or content[0].text.strip():
        return False
    before = next((i for i in reversed(items[:n]) if i.rank == item.rank), None)
    return before is not None and before.kind == "question"


def _bare_label(item: Item) -> bool:
    text = item.heading.text.strip()
    return text.endswith(":") and len(text) <= MAX_FIELD_LABEL_CHARS and not item.content


def _numbered(item: Item) -> bool:
    heading = item.heading
    return numbering_depth(heading.text) is not None or (
        heading.num_id is not None and heading.list_format not in (None, "bullet", "none")
    )


def _short_label(item: Item) -> bool:
    """A label a metadata field could have: short, no question, no number, no boxes."""
    return (
        len(item.label) <= MAX_FIELD_LABEL_CHARS
        and not item.label.endswith("?")
        and not _numbered(item)
        and not any(checkboxes(b) for b in item.slot_blocks)
    )


def _field_like(item: Item) -> bool:
    control = item.control
    plain = control is None or control.kind in ("text", "date", "comboBox", "dropDownList")
    return (plain or _rich_who(item)) and _short_label(item)


def _rich_who(item: Item) -> bool:
    """A rich text control (§17.5.2.26, Word's default) whose label names the respondent
    ("Full name", "University email"): a field like a plain text one."""
    control = item.control
    return control is not None and control.kind == "richText" and names_who(item)


def questions_under(items: list[Item], n: int) -> list[Item]:
    """The question items in section ``n`` (up to the next section or an item as high)."""
    found: list[Item] = []
    for item in items[n + 1 :]:
        if item.kind == "section" or at_or_above(item, items[n]):
            break
        if item.kind == "question":
            found.append(item)
    return found


def mark_fields(items: list[Item]) -> None:
    """Metadata fields: who answered (Nämnd, Kontaktperson, Company name, E-mail ...).

    - A leading section holding only short-label slots ("Uppgifter om nämnden") is the field
      block.
    - Short-label slots before the first section holding questions are fields; in a template
      with no section at all, the leading ones up to the last that names the respondent.
    - In the first table of questions, the slots of its leading block that says who answered
      (:func:`who_run`: "Country", "Name of institution", "Position/title") are fields, and
      so are its later slots that name the respondent ("Organisation name", "Sector",
      "Contact name").
    """
    first = _first_real_section(items)
    while first is not None and _field_block(items, first):
        for question in questions_under(items, first):
            question.kind = "field"
        items[first].kind = "instruction"
        first = _first_real_section(items)
    if first is not None:
        for item in items[:first]:
            if item.kind == "question" and _short_label(item):
                item.kind = "field"
    else:
        _leading_fields(items)
    _fields_in_first_table(items)


def _leading_fields(items: list[Item]) -> None:
    """With no section: the leading run of short label slots, up to the last that names the
    respondent ("Bibliotek:", "Kontaktperson:", "Telefon:"; not "Week ending" after them)."""
    run: list[Item] = []
    for item in items:
        if item.kind != "question":
            continue
        if not _field_like(item):
            break
        run.append(item)
    last = max((n for n, item in enumerate(run) if names_who(item)), default=None)
    for item in run[: last + 1 if last is not None else 0]:
        item.kind = "field"


# Labels of the fields that say who answered a form
_WHO = re.compile(
    r"\b(?:namn|nämnd|förvaltning|bolag|styrelse|kontaktperson|kontakt|telefon|"
    r"tel|mobil|e-?post|mejl|adress|befattning|organisation|name|company|organi[sz]ation|"
    r"contact|e-?mail|email|phone|telephone|mobile|address|employee|"
    r"respondent|applicant|supplier|vendor)\b",
    re.IGNORECASE,
)


def names_who(item: Item) -> bool:
    """A short label that asks who is answering (a name, a contact, a phone, an address)."""
    return len(item.label) <= MAX_WHO_CHARS and bool(_WHO.search(item.label))


def _fields_in_first_table(items: list[Item]) -> None:
    """The first question's table: its short slots that name the respondent are fields
    ("Organisation name", "Contact name" among "Sector", "Country")."""
    questions = [i for i in items if i.kind == "question"]
    first = questions[0] if questions else None
    if first is None or first.heading.table is None:
        return
    if not any(_field_like(q) and names_who(q) for q in questions[:3]):
        return  # a table of questions that only later asks for a phone number
    table = first.heading.table.table
    in_table = [
        i for i in questions if i.heading.table is not None and i.heading.table.table == table
    ]
    for item in who_run(in_table):
        item.kind = "field"
    for item in in_table:
        if _field_like(item) and names_who(item):
            item.kind = "field"


def who_run(slots: list[Item]) -> list[Item]:
    """The slots of a block that says who answered: among its leading short slots, those that
    name the respondent, and the ones before the first of them (the respondent itself, in
    words the vocabulary cannot know: "Country", "Foreningens navn", "CVR-nummer"); none
    when no slot among the first three names the respondent. "Sector" or "Country of
    headquarters" after "Organisation name" stay questions."""
    run: list[Item] = []
    for item in slots:
        if not _field_like(item):
            break
        run.append(item)
    first = next((n for n, item in enumerate(run[:3]) if names_who(item)), None)
    if first is None:
        return []
    return [item for n, item in enumerate(run) if n < first or names_who(item)]


def _field_block(items: list[Item], n: int) -> bool:
    """True when section ``n``, the first holding slots, is a block of metadata fields.

    Never the only section; its slots must all say who answered (:func:`who_run`; under a
    numbered heading, :func:`_numbered_who_block`), and its heading must rank apart from the
    question sections after it, unless every slot is a table label cell or a label ending in
    ":".
    """
    later = _first_real_section(items, n + 1)
    slots = questions_under(items, n)
    if later is None or not slots:
        return False
    if _numbered(items[n]):
        if not _numbered_who_block(slots):
            return False
    elif who_run(slots) != slots:
        return False  # "Number of employees" among them: a section of questions
    if items[n].rank[0] != items[later].rank[0]:
        return True
    return all(q.heading.table is not None or typed_text(q.heading).endswith(":") for q in slots)


def _numbered_who_block(slots: list[Item]) -> bool:
    """A numbered section of fields ("1. Details of the person reporting"): short plain slots
    from one that names the respondent to the last that does ("Name", "Job title",
    "Telephone", "Email"); not "1. Growth" with "Turnover", nor "Name" then "Number of staff".
    """
    ends = names_who(slots[0]) and names_who(slots[-1])
    return ends and all(_field_like(q) for q in slots)


def _first_real_section(items: list[Item], start: int = 0) -> int | None:
    for n in range(start, len(items)):
        if items[n].kind == "section" and questions_under(items, n):
            return n
    return None


# --------------------------------------------------------------------------- numbering


def sections_and_questions(
    items: list[Item], title: str
) -> list[tuple[Section, list[tuple[str, Item]]]]:
    """Sections in order, each with its question items and their ids ("1.1", "1.2", ...).

    Questions with no section above them go under one section named ``title``; a question at
    section level after a section ("Övriga upplysningar" with its own box) starts its own.
    """
    result: list[tuple[Section, list[tuple[str, Item]]]] = []
    current: Item | None = None
    for n, item in enumerate(items):
        if item.kind == "section" and questions_under(items, n):
            result.append((Section(str(len(result) + 1), item.heading.text.strip()), []))
            current = item
            continue
        if item.kind != "question":
            continue
        if current is None and not result:
            result.append((Section("1", title, has_heading=False), []))
        elif current is not None and at_or_above(item, current):
            result.append((Section(str(len(result) + 1), item.label), []))
        section, questions = result[-1]
        questions.append((f"{section.id}.{len(questions) + 1}", item))
    return result
