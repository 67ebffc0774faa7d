"""derive_template on Documents built from the model dataclasses (a blank form's shape)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_match import bold, heading, number, para

from docxmerge.answers.template import derive_template, held_answers, template_rows
from docxmerge.docx.reader import read_docx
from docxmerge.model import Block, Control, Document, Run, TablePos

PROMPT = "Klicka här för att ange text."


def box(kind: str = "richText", tag: str | None = None, cid: str = "1") -> Block:
    control = Control(cid, tag, None, kind, "block", True, "DefaultPlaceholder", PROMPT)
    return Block(0, PROMPT, (Run(PROMPT, placeholder=True),), controls=(control,))


def blank_template() -> Document:
    """The shape of the real form: fields, intro, three focus areas, Övriga upplysningar."""
    return number(
        Block(0, "UPPFÖLJNINGSRAPPORT NÄRINGSLIV", style="Title"),
        para("För att nå resultat och sammanhållet kunna kommunicera ..."),
        bold("Nämnd"),
        box("text", cid="10"),
        bold("Kontaktperson för eventuella frågor"),
        box("text", cid="11"),
        bold("Telefon"),
        box("text", cid="12"),
        bold("E-post"),
        box("text", cid="13"),
        heading("Uppföljning av direktiv och aktiviteter med näringslivskoppling", 1),
        heading("Beskrivning (mål och syfte)", 2),
        para("Detta underlag utgör ett komplement till ordinarie uppföljningen i ILS."),
        heading("1. Stimulera tillväxt och företagsamhet"),
        bold("Beskriv samverkan med det lokala näringslivet."),
        box(cid="20"),
        bold('Beskriv nämndens arbete med "Växla upp Stockholm"'),
        box(cid="21"),
        heading("2. Förbättra service, tillgänglighet och myndighetsutövning"),
        bold("Hur sker samverkan mot den svarta ekonomin?"),
        box(cid="22"),
        heading("3. Attraktivare miljöer och bättre framkomlighet"),
        bold("Beskriv arbetet med renodlade verksamhetsområden."),
        box(cid="23"),
        bold("Hur samverkar nämnden för kultur i det offentliga rummet?"),
        box(cid="24"),
        heading("Övriga upplysningar"),
        box(cid="25"),
    )


def test_questions_sections_and_ids() -> None:
    template = derive_template(blank_template())
    assert [(q.id, q.section_id, q.text) for q in template.questions] == [
        ("1.1", "1", "Beskriv samverkan med det lokala näringslivet."),
        ("1.2", "1", 'Beskriv nämndens arbete med "Växla upp Stockholm"'),
        ("2.1", "2", "Hur sker samverkan mot den svarta ekonomin?"),
        ("3.1", "3", "Beskriv arbetet med renodlade verksamhetsområden."),
        ("3.2", "3", "Hur samverkar nämnden för kultur i det offentliga rummet?"),
        ("4.1", "4", "Övriga upplysningar"),
    ]
    assert [s.title for s in template.sections] == [
        "1. Stimulera tillväxt och företagsamhet",
        "2. Förbättra service, tillgänglighet och myndighetsutövning",
        "3. Attraktivare miljöer och bättre framkomlighet",
        "Övriga upplysningar",
    ]
    assert {q.slot for q in template.questions} == {"control"}
    assert template.questions[0].prompt == PROMPT


def test_fields_instructions_title_prompts() -> None:
    template = derive_template(blank_template())
    assert [f.label for f in template.fields] == [
        "Nämnd",
        "Kontaktperson för eventuella frågor",
        "Telefon",
        "E-post",
    ]
    assert template.title == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV"
    assert template.instructions == (
        "UPPFÖLJNINGSRAPPORT NÄRINGSLIV",
        "För att nå resultat och sammanhållet kunna kommunicera ...",
        "Uppföljning av direktiv och aktiviteter med näringslivskoppling",
        "Beskrivning (mål och syfte)",
        "Detta underlag utgör ett komplement till ordinarie uppföljningen i ILS.",
    )
    assert template.prompts == (PROMPT,)


def test_glossary_prompts_and_tags_are_kept() -> None:
    doc = number(
        heading("1. Område"),
        bold("Fråga ett?"),
        box(tag="q1"),
    )
    doc = dataclasses.replace(doc, glossary={"DefaultPlaceholder": "Skriv ditt svar här."})
    template = derive_template(doc)
    assert template.questions[0].control_tag == "q1"
    assert template.prompts == (PROMPT, "Skriv ditt svar här.")


def test_empty_paragraph_slots_and_bold_numbered_sections() -> None:
    doc = number(
        bold("1. Första området"),
        bold("1.1 Vad har ni gjort?"),
        para(""),
        para(""),
        bold("1.2 Vad planerar ni?"),
        para(""),
        bold("2. Andra området"),
        bold("2.1 Hur gick det?"),
        para(""),
    )
    template = derive_template(doc)
    assert [(q.id, q.text, q.slot) for q in template.questions] == [
        ("1.1", "1.1 Vad har ni gjort?", "paragraphs"),
        ("1.2", "1.2 Vad planerar ni?", "paragraphs"),
        ("2.1", "2.1 Hur gick det?", "paragraphs"),
    ]
    assert [s.title for s in template.sections] == ["1. Första området", "2. Andra området"]
    assert template.fields == ()


def test_fields_in_a_table_and_inline_label() -> None:
    cell = Control("5", None, None, "text", "block", True, None, PROMPT)
    inline = Control("6", None, None, "text", "run", True, None, PROMPT)
    doc = number(
        Block(0, "Nämnd", (Run("Nämnd"),), table=TablePos(0, 0, 0)),
        Block(
            0, PROMPT, (Run(PROMPT, placeholder=True),), table=TablePos(0, 0, 1), controls=(cell,)
        ),
        Block(
            0,
            "Telefon: " + PROMPT,
            (Run("Telefon: "), Run(PROMPT, placeholder=True)),
            controls=(inline,),
        ),
        heading("1. Område"),
        bold("Fråga?"),
        box(),
    )
    template = derive_template(doc)
    assert [f.label for f in template.fields] == ["Nämnd", "Telefon"]
    assert [q.id for q in template.questions] == ["1.1"]


def test_template_rows() -> None:
    rows = template_rows(derive_template(blank_template()))
    assert rows[1] == {
        "id": "1.2",
        "section": "1. Stimulera tillväxt och företagsamhet",
        "text": 'Beskriv nämndens arbete med "Växla upp Stockholm"',
        "slot": "control",
        "kind": "text",
        "options": [],
        "multiple": False,
        "placement": "below",
        "optional": False,
    }
    assert len(rows) == 6


def test_run_level_control_alone_in_its_paragraph_is_a_slot() -> None:
    inline = Control("7", None, None, "richText", "run", True, None, PROMPT)
    doc = number(
        heading("1. Område"),
        bold("Vad har ni gjort?"),
        Block(0, PROMPT, (Run(PROMPT, placeholder=True),), controls=(inline,)),
        bold("Vad planerar ni?"),
        box(cid="8"),
    )
    template = derive_template(doc)
    assert [(q.id, q.text, q.slot) for q in template.questions] == [
        ("1.1", "Vad har ni gjort?", "control"),
        ("1.2", "Vad planerar ni?", "control"),
    ]


def test_flat_questionnaire_without_sections() -> None:
    doc = number(
        Block(0, "Enkät om service", style="Title"),
        bold("Namn"),
        box("text", cid="1"),
        bold("Vad tycker du om servicen?"),
        para(""),
        bold("Övrigt"),
        para(""),
    )
    template = derive_template(doc)
    assert [f.label for f in template.fields] == ["Namn"]
    assert [(q.id, q.section, q.text, q.slot) for q in template.questions] == [
        ("1.1", "Enkät om service", "Vad tycker du om servicen?", "paragraphs"),
        ("1.2", "Enkät om service", "Övrigt", "paragraphs"),
    ]


def test_word_numbered_questions_and_heading_levels() -> None:
    def numbered(text: str) -> Block:
        return Block(
            0,
            text,
            (Run(text),),
            style="List Paragraph",
            list_level=0,
            num_id="4",
            list_format="decimal",
        )

    doc = number(
        heading("Service", 2),
        numbered("Hur många ärenden?"),
        box(cid="1"),
        numbered("Hur lång handläggningstid?"),
        box(cid="2"),
        heading("Miljö", 2),
        heading("Hur arbetar ni med miljön?", 3),
        box(cid="3"),
        heading("Vad planeras?", 3),
        para(""),
    )
    template = derive_template(doc)
    assert [(q.id, q.section, q.text, q.slot) for q in template.questions] == [
        ("1.1", "Service", "Hur många ärenden?", "control"),
        ("1.2", "Service", "Hur lång handläggningstid?", "control"),
        ("2.1", "Miljö", "Hur arbetar ni med miljön?", "control"),
        ("2.2", "Miljö", "Vad planeras?", "paragraphs"),
    ]


def _sections_questions_fields(doc: Document) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    template = derive_template(doc)
    return (
        [s.title for s in template.sections],
        [(q.id, q.text) for q in template.questions],
        [f.label for f in template.fields],
    )


def test_a_numbered_first_section_of_short_questions_stays_a_section() -> None:
    doc = number(
        Block(0, "Business survey", style="Title"),
        heading("1. Growth"),
        bold("Turnover"),
        box("text", cid="1"),
        bold("Employees"),
        box("text", cid="2"),
        heading("2. Service"),
        bold("How do you rate our service?"),
        box(cid="3"),
    )
    assert _sections_questions_fields(doc) == (
        ["1. Growth", "2. Service"],
        [("1.1", "Turnover"), ("1.2", "Employees"), ("2.1", "How do you rate our service?")],
        [],
    )


def test_a_numbered_first_section_of_who_labels_is_fields() -> None:
    doc = number(
        Block(0, "Incident report", style="Title"),
        heading("1. Details of the person reporting"),
        bold("Name:"),
        box("text", cid="1"),
        bold("Job title:"),
        box("text", cid="2"),
        bold("Email:"),
        box("text", cid="3"),
        heading("2. The incident"),
        bold("What happened?"),
        box(cid="4"),
        heading("3. Action taken"),
        bold("What was done?"),
        box(cid="5"),
    )
    assert _sections_questions_fields(doc) == (
        ["2. The incident", "3. Action taken"],
        [("1.1", "What happened?"), ("2.1", "What was done?")],
        ["Name", "Job title", "Email"],
    )


def test_a_numbered_first_section_ending_in_a_question_stays_a_section() -> None:
    doc = number(
        heading("1. About you"),
        bold("Name:"),
        box("text", cid="1"),
        bold("Number of staff:"),
        box("text", cid="2"),
        heading("2. Service"),
        bold("How do you rate our service?"),
        box(cid="3"),
    )
    assert _sections_questions_fields(doc) == (
        ["1. About you", "2. Service"],
        [("1.1", "Name"), ("1.2", "Number of staff"), ("2.1", "How do you rate our service?")],
        [],
    )


def test_a_first_section_at_the_rank_of_the_later_ones_stays_a_section() -> None:
    doc = number(
        heading("Growth"),
        bold("Turnover"),
        box("text", cid="1"),
        heading("Service"),
        bold("How do you rate our service?"),
        box(cid="3"),
    )
    assert _sections_questions_fields(doc) == (
        ["Growth", "Service"],
        [("1.1", "Turnover"), ("2.1", "How do you rate our service?")],
        [],
    )


def test_a_word_numbered_first_section_stays_a_section() -> None:
    growth = Block(
        0,
        "Growth",
        (Run("Growth"),),
        style="heading 1",
        heading_level=1,
        list_level=0,
        num_id="3",
        list_format="decimal",
    )
    doc = number(
        growth,
        bold("Turnover"),
        box("text", cid="1"),
        heading("Service details", 2),
        bold("How do you rate our service?"),
        box(cid="3"),
    )
    assert _sections_questions_fields(doc) == (
        ["Growth", "Service details"],
        [("1.1", "Turnover"), ("2.1", "How do you rate our service?")],
        [],
    )


def test_a_leading_block_of_labels_above_the_question_sections_is_fields() -> None:
    doc = number(
        heading("About you", 1),
        bold("Name"),
        box("text", cid="1"),
        bold("Phone"),
        box("text", cid="2"),
        heading("1. Growth", 2),
        bold("How did your turnover develop this year?"),
        box(cid="3"),
    )
    assert _sections_questions_fields(doc) == (
        ["1. Growth"],
        [("1.1", "How did your turnover develop this year?")],
        ["Name", "Phone"],
    )


def test_rich_text_controls_labelled_with_who_answered_are_fields() -> None:
    doc = number(
        heading("Your details", 1),
        bold("Full name"),
        box(cid="1"),
        bold("University email"),
        box(cid="2"),
        heading("1. Your course", 2),
        bold("What do you hope to gain?"),
        box(cid="3"),
        bold("Subject"),
        box(cid="4"),
    )
    assert _sections_questions_fields(doc) == (
        ["1. Your course"],
        [("1.1", "What do you hope to gain?"), ("1.2", "Subject")],
        ["Full name", "University email"],
    )


def test_a_leading_section_of_table_label_cells_is_fields_at_any_rank() -> None:
    def row(n: int, label: str) -> list[Block]:
        ctl = Control(str(n), None, None, "text", "block", True, None, PROMPT)
        return [
            Block(0, label, (Run(label),), table=TablePos(0, n, 0)),
            Block(
                0,
                PROMPT,
                (Run(PROMPT, placeholder=True),),
                table=TablePos(0, n, 1),
                controls=(ctl,),
            ),
        ]

    doc = number(
        heading("Uppgifter om nämnden"),
        *row(0, "Nämnd"),
        *row(1, "Telefon"),
        heading("Service"),
        bold("Hur har servicen utvecklats?"),
        box(cid="3"),
    )
    assert _sections_questions_fields(doc) == (
        ["Service"],
        [("1.1", "Hur har servicen utvecklats?")],
        ["Nämnd", "Telefon"],
    )


@pytest.mark.parametrize(
    "path",
    [FIXTURES / "template.docx", FIXTURES / "round2" / "templates" / "template_v2.docx"],
    ids=["template", "template_v2"],
)
def test_a_blank_template_holds_no_answer(path: Path) -> None:
    document = read_docx(path)
    assert held_answers(document, derive_template(document)) == ()


def test_a_returned_form_given_as_template_holds_answers() -> None:
    document = read_docx(FIXTURES / "inbox" / "Skärholmen T2 2022.docx")  # nearly untouched
    assert held_answers(document, derive_template(document)) == (
        "Nämnd",
        "Kontaktperson för eventuella frågor",
        "1.1",
    )
    farsta = read_docx(FIXTURES / "inbox" / "Farsta v2 slutlig.docx")
    held = held_answers(farsta, derive_template(farsta))
    assert held[:4] == ("Nämnd", "Kontaktperson för eventuella frågor", "Telefon", "E-post")
    assert held[4:] == ("1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5")
