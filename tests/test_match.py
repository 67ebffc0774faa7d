"""match_form on Documents built from the dataclasses: every way a respondent treats a form."""

from __future__ import annotations

import dataclasses

import pytest

from docxmerge.answers.form import match_form
from docxmerge.answers.locate.align import heading_score
from docxmerge.answers.template import derive_template
from docxmerge.model import (
    Answer,
    Block,
    Control,
    Document,
    FormAnswers,
    FormField,
    Image,
    Message,
    Run,
    TablePos,
)

PROMPT = "Klicka här för att ange text."
Q11 = "Beskriv samverkan med det lokala näringslivet inom nämndens område."
Q12 = 'Beskriv nämndens arbete med "Växla upp Stockholm"'
Q21 = "Hur sker samverkan mot den svarta ekonomin och organiserad brottslighet?"
Q31 = "Beskriv arbetet med att utveckla stadens renodlade verksamhetsområden."
Q32 = "Hur samverkar nämnden för att underlätta för kultur i det offentliga rummet?"
S1 = "1. Stimulera tillväxt och företagsamhet"
S2 = "2. Förbättra service, tillgänglighet och myndighetsutövning"
S3 = "3. Attraktivare miljöer och bättre framkomlighet"
INSTRUCTION = "Besvara följande frågor nedan i textrutorna (klicka här för att ange text)."

# --------------------------------------------------------------------------- builders


def number(*blocks: Block) -> Document:
    return Document(tuple(dataclasses.replace(b, index=i) for i, b in enumerate(blocks)))


def heading(text: str, level: int = 2) -> Block:
    return Block(0, text, (Run(text),), style=f"heading {level}", heading_level=level)


def bold(text: str) -> Block:
    return Block(0, text, (Run(text, bold=True),), bold=True)


def para(text: str, **kw: object) -> Block:
    return Block(0, text, (Run(text),) if text else (), **kw)  # type: ignore[arg-type]


def control(
    cid: str, kind: str = "richText", placeholder: bool = False, tag: str | None = None
) -> Control:
    return Control(cid, tag, None, kind, "block", placeholder, "DefaultPlaceholder", PROMPT)


def box(cid: str, kind: str = "richText", tag: str | None = None) -> Block:
    """An answer control still showing Word's prompt."""
    ctl = control(cid, kind, True, tag)
    return Block(0, PROMPT, (Run(PROMPT, placeholder=True),), controls=(ctl,))


def filled(cid: str, *lines: str, kind: str = "richText", tag: str | None = None) -> list[Block]:
    """An answer control holding one paragraph per line."""
    ctl = control(cid, kind, False, tag)
    return [Block(0, t, (Run(t),) if t else (), controls=(ctl,)) for t in lines]


FIELDS = (
    ("Nämnd", "10"),
    ("Kontaktperson för eventuella frågor", "11"),
    ("Telefon", "12"),
    ("E-post", "13"),
)


def template_doc(tags: bool = False) -> Document:
    def b(cid: str) -> Block:
        return box(cid, tag=f"q{cid}" if tags else None)

    head = [Block(0, "UPPFÖLJNINGSRAPPORT NÄRINGSLIV", style="Title")]
    for label, cid in FIELDS:
        head += [bold(label), box(cid, "text")]
    return number(
        *head,
        heading("Beskrivning (mål och syfte)"),
        para(INSTRUCTION),
        heading(S1),
        bold(Q11),
        b("20"),
        bold(Q12),
        b("21"),
        heading(S2),
        bold(Q21),
        b("22"),
        heading(S3),
        bold(Q31),
        b("23"),
        bold(Q32),
        b("24"),
        heading("Övriga upplysningar"),
        b("25"),
    )


TEMPLATE = derive_template(template_doc())


def field_blocks(name: str = "Farsta stadsdelsnämnd") -> list[Block]:
    values = [name, "Anna Svensson", "08-508 000 00", "anna@example.se"]
    blocks: list[Block] = []
    for (label, cid), value in zip(FIELDS, values, strict=True):
        blocks += [bold(label), *filled(cid, value, kind="text")]
    return blocks


def form(*parts: Block | list[Block], fields: bool = True) -> Document:
    blocks: list[Block] = [Block(0, "UPPFÖLJNINGSRAPPORT NÄRINGSLIV", style="Title")]
    if fields:
        blocks += field_blocks()
    for part in parts:
        blocks += part if isinstance(part, list) else [part]
    return number(*blocks)


def standard(**override: list[Block]) -> list[Block | list[Block]]:
    """The whole form answered in its boxes; ``override`` replaces a question's part."""
    parts: dict[str, list[Block]] = {
        "s1": [heading(S1)],
        "q11": [bold(Q11), *filled("20", "Svar ett.")],
        "q12": [bold(Q12), *filled("21", "Svar två.")],
        "s2": [heading(S2)],
        "q21": [bold(Q21), *filled("22", "Svar tre.")],
        "s3": [heading(S3)],
        "q31": [bold(Q31), *filled("23", "Svar fyra.")],
        "q32": [bold(Q32), *filled("24", "Svar fem.")],
        "q41": [heading("Övriga upplysningar"), *filled("25", "Svar sex.")],
    }
    parts.update(override)
    return list(parts.values())


def by_id(result: FormAnswers) -> dict[str, Answer]:
    return {a.question_id: a for a in result.answers}


def summary(result: FormAnswers) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return {a.question_id: (a.status, a.text, a.flags) for a in result.answers}


ALL_ANSWERED = {
    "1.1": ("answered", "Svar ett.", ()),
    "1.2": ("answered", "Svar två.", ()),
    "2.1": ("answered", "Svar tre.", ()),
    "3.1": ("answered", "Svar fyra.", ()),
    "3.2": ("answered", "Svar fem.", ()),
    "4.1": ("answered", "Svar sex.", ()),
}


# --------------------------------------------------------------------------- the basics


def test_fully_answered_form() -> None:
    result = match_form(form(*standard()), TEMPLATE, file="inbox/farsta.docx")
    assert summary(result) == ALL_ANSWERED
    assert result.fields == {
        "Nämnd": "Farsta stadsdelsnämnd",
        "Kontaktperson för eventuella frågor": "Anna Svensson",
        "Telefon": "08-508 000 00",
        "E-post": "anna@example.se",
    }
    assert result.respondent == "Farsta stadsdelsnämnd"
    assert {a.score for a in result.answers} == {100.0}
    assert by_id(result)["1.2"].heading == Q12
    assert result.messages == ()


def test_untouched_form_is_all_placeholders_and_no_respondent() -> None:
    # The file name fallback is respondents.assign's job, not the match stage's.
    result = match_form(template_doc(), TEMPLATE, file="inbox/Skarpnäck_T2.docx")
    assert {a.status for a in result.answers} == {"placeholder"}
    assert {a.text for a in result.answers} == {""}
    assert result.fields["Nämnd"] == ""
    assert result.respondent is None


def test_respondent_is_the_first_field_as_written() -> None:
    doc = form(*standard())
    blocks = list(doc.blocks)
    blocks[2] = dataclasses.replace(blocks[2], text="SDN", runs=(Run("SDN"),))
    result = match_form(number(*blocks), TEMPLATE, file="inbox/Farsta.docx")
    assert result.fields["Nämnd"] == "SDN"
    assert result.respondent == "SDN"  # not resolved here: assign() decides


def test_placeholder_left_beside_typed_text() -> None:
    ctl = control("20")
    mixed = Block(
        0,
        "Vi samverkar med företagarföreningen. " + PROMPT,
        (Run("Vi samverkar med företagarföreningen. "), Run(PROMPT, placeholder=True)),
        controls=(ctl,),
    )
    result = match_form(form(*standard(q11=[bold(Q11), mixed])), TEMPLATE)
    answer = by_id(result)["1.1"]
    assert (answer.status, answer.text, answer.flags) == (
        "answered",
        "Vi samverkar med företagarföreningen.",
        ("placeholder_left",),
    )
    # The runs the report copies are trimmed like the text: no stray space where the prompt was.
    assert answer.blocks[0].runs == (Run("Vi samverkar med företagarföreningen."),)


def test_unstyled_prompt_text_counts_as_placeholder() -> None:
    # The prompt typed over (style lost, flag gone): the text comparison still knows it.
    plain_prompt = filled("20", "Klicka eller tryck här för att ange text")
    result = match_form(form(*standard(q11=[bold(Q11), *plain_prompt])), TEMPLATE)
    assert summary(result)["1.1"] == ("placeholder", "", ())


def test_empty_control_is_empty() -> None:
    result = match_form(form(*standard(q12=[bold(Q12), *filled("21", "")])), TEMPLATE)
    assert summary(result)["1.2"] == ("empty", "", ())


def test_answer_typed_below_deleted_control() -> None:
    part = [bold(Q12), para("Vi deltar i piloten."), para("Och i nätverket.")]
    result = match_form(form(*standard(q12=part)), TEMPLATE)
    assert summary(result)["1.2"] == (
        "answered",
        "Vi deltar i piloten.\nOch i nätverket.",
        ("outside_control",),
    )
    assert [m.code for m in result.messages] == ["outside_control"]
    assert result.messages[0].location == "question 1.2"


def test_answer_typed_below_control_left_with_prompt() -> None:
    part = [bold(Q12), box("21"), para("Svaret står under rutan.")]
    result = match_form(form(*standard(q12=part)), TEMPLATE)
    assert summary(result)["1.2"] == (
        "answered",
        "Svaret står under rutan.",
        ("placeholder_left", "outside_control"),
    )


def test_declined_answers() -> None:
    result = match_form(
        form(
            *standard(
                q21=[bold(Q21), *filled("22", "-")], q32=[bold(Q32), *filled("24", "Ej aktuellt.")]
            )
        ),
        TEMPLATE,
    )
    assert summary(result)["2.1"] == ("answered", "-", ("declined",))
    assert summary(result)["3.2"] == ("answered", "Ej aktuellt.", ("declined",))
    assert summary(result)["1.1"] == ("answered", "Svar ett.", ())


def test_lists_and_tables_one_line_each_and_empty_lines_trimmed() -> None:
    ctl = control("23")
    items = [
        Block(0, "", controls=(ctl,)),
        Block(
            0,
            "Platssamverkan Rågsved",
            (Run("Platssamverkan Rågsved"),),
            list_level=0,
            num_id="3",
            list_format="bullet",
            controls=(ctl,),
        ),
        Block(
            0,
            "Trygghetsvandringar",
            (Run("Trygghetsvandringar"),),
            list_level=0,
            num_id="3",
            list_format="bullet",
            controls=(ctl,),
        ),
        Block(0, "Område", (Run("Område"),), table=TablePos(0, 0, 0), controls=(ctl,)),
        Block(0, "Rågsved", (Run("Rågsved"),), table=TablePos(0, 0, 1), controls=(ctl,)),
        Block(0, "", controls=(ctl,)),
    ]
    result = match_form(form(*standard(q31=[bold(Q31), *items])), TEMPLATE)
    answer = by_id(result)["3.1"]
    assert answer.text == "Platssamverkan Rågsved\nTrygghetsvandringar\nOmråde\nRågsved"
    assert len(answer.blocks) == 4


def test_template_instruction_and_headings_left_in_the_answer_are_removed() -> None:
    part = [bold(Q31), para(INSTRUCTION), *filled("23", "Svar fyra."), para(Q31)]
    result = match_form(form(*standard(q31=part)), TEMPLATE)
    assert summary(result)["3.1"] == ("answered", "Svar fyra.", ())


# ---------------------------------------------------------------- where the question went


def test_deleted_question_does_not_shift_the_others() -> None:
    result = match_form(form(*standard(q12=[])), TEMPLATE)
    expected = dict(ALL_ANSWERED)
    expected["1.2"] = ("missing", "", ())
    assert summary(result) == expected


def test_deleted_section_heading_and_question() -> None:
    result = match_form(form(*standard(s2=[], q21=[])), TEMPLATE)
    assert summary(result)["2.1"] == ("missing", "", ())
    assert summary(result)["1.2"] == ("answered", "Svar två.", ())
    assert summary(result)["3.1"] == ("answered", "Svar fyra.", ())


def test_answer_quoting_another_heading_does_not_steal_it() -> None:
    quote = f"Se även svaret under {Q12} nedan, där vi beskriver piloten."
    q11 = [bold(Q11), *filled("20", "Svar ett.", quote)]
    result = match_form(form(*standard(q11=q11)), TEMPLATE)
    assert by_id(result)["1.1"].text == f"Svar ett.\n{quote}"
    assert summary(result)["1.2"] == ("answered", "Svar två.", ())


def test_answer_quoting_a_deleted_question_leaves_it_missing() -> None:
    quote = f"Arbetet med {Q12} har pausats under året enligt beslut i nämnden."
    q11 = [bold(Q11), *filled("20", "Svar ett."), para(quote)]
    result = match_form(form(*standard(q11=q11, q12=[])), TEMPLATE)
    assert summary(result)["1.2"] == ("missing", "", ())
    assert by_id(result)["1.1"].text == f"Svar ett.\n{quote}"


def test_answer_paragraph_repeating_a_heading_exactly_does_not_take_it() -> None:
    # The plain paragraph equal to Q12 sits in 1.1's answer; the bold heading further on wins.
    q11 = [bold(Q11), para("Svar ett."), para(Q12.replace('"', ""))]
    result = match_form(form(*standard(q11=q11)), TEMPLATE)
    assert summary(result)["1.2"] == ("answered", "Svar två.", ())
    assert by_id(result)["1.1"].text == "Svar ett."  # the copy is template text: removed


def test_two_questions_swapped() -> None:
    q31 = [bold(Q31), *filled("23", "Svar fyra.")]
    q32 = [bold(Q32), *filled("24", "Svar fem.")]
    result = match_form(form(*standard(q31=q32, q32=q31)), TEMPLATE, file="f.docx")
    answers = summary(result)
    assert answers["3.1"][:2] == ("answered", "Svar fyra.")
    assert answers["3.2"][:2] == ("answered", "Svar fem.")
    flagged = [qid for qid in ("3.1", "3.2") if "out_of_order" in answers[qid][2]]
    assert len(flagged) == 1
    assert [(m.code, m.location) for m in result.messages] == [
        ("out_of_order", f"question {flagged[0]}")
    ]
    assert answers["4.1"] == ("answered", "Svar sex.", ())


def test_heading_edited_beyond_recognition_is_found_by_position_and_flagged() -> None:
    q21 = [bold("Vårt arbete mot fusk"), *filled("22", "Svar tre.")]
    result = match_form(form(*standard(q21=q21)), TEMPLATE)
    answer = by_id(result)["2.1"]
    assert (answer.status, answer.text) == ("answered", "Svar tre.")
    assert answer.flags == ("low_match", "edited_heading")
    assert answer.score is not None and answer.score < 60
    assert answer.heading == "Vårt arbete mot fusk"
    assert summary(result)["1.2"] == ("answered", "Svar två.", ())


def test_heading_edited_beyond_recognition_without_box_is_missing() -> None:
    # No answer box to anchor it: the paragraph stays with the previous question.
    q21 = [bold("Vårt arbete mot fusk"), para("Svar tre.")]
    result = match_form(form(*standard(q21=q21)), TEMPLATE)
    assert summary(result)["2.1"] == ("missing", "", ())
    assert summary(result)["3.1"] == ("answered", "Svar fyra.", ())


def test_slightly_edited_heading() -> None:
    edited = "Beskriv samverkan med näringslivet i vårt område"
    result = match_form(form(*standard(q11=[bold(edited), *filled("20", "Svar ett.")])), TEMPLATE)
    answer = by_id(result)["1.1"]
    assert answer.status == "answered" and answer.text == "Svar ett."
    assert answer.score is not None and 60 <= answer.score < 90
    assert answer.flags == ("low_match", "edited_heading")
    assert {m.code for m in result.messages} == {"low_match", "edited_heading"}
    low = next(m for m in result.messages if m.code == "low_match")
    assert dict(low.params)["question"] == "1.1"


def test_split_heading() -> None:
    first, second = Q21.split(" mot ")
    q21 = [bold(first), bold("mot " + second), *filled("22", "Svar tre.")]
    result = match_form(form(*standard(q21=q21)), TEMPLATE)
    answer = by_id(result)["2.1"]
    assert (answer.status, answer.text, answer.flags, answer.score) == (
        "answered",
        "Svar tre.",
        (),
        100.0,
    )
    assert answer.heading == Q21


def test_numbering_prefix_variants_are_not_edits() -> None:
    result = match_form(
        form(
            *standard(
                s1=[heading("1) Stimulera tillväxt och företagsamhet:")],
                q11=[bold("Fråga 1: " + Q11), *filled("20", "Svar ett.")],
                q12=[bold("1.2) " + Q12), *filled("21", "Svar två.")],
                q21=[bold("a)\u00a0" + Q21.replace(" ", "  ")), *filled("22", "Svar tre.")],
                q31=[bold("3.1 " + Q31), *filled("23", "Svar fyra.")],
            )
        ),
        TEMPLATE,
    )
    assert summary(result) == ALL_ANSWERED
    assert {a.score for a in result.answers} == {100.0}


def test_quotes_case_punctuation_and_a_typo_are_no_edits_to_look_at() -> None:
    result = match_form(
        form(
            *standard(
                q12=[bold(Q12.replace('"', "”")), *filled("21", "Svar två.")],
                q21=[bold(Q21.upper()), *filled("22", "Svar tre.")],
                q31=[bold(Q31.rstrip(".") + ":"), *filled("23", "Svar fyra.")],
                q32=[bold(Q32.replace("rummet", "rumet")), *filled("24", "Svar fem.")],
            )
        ),
        TEMPLATE,
    )
    assert summary(result) == ALL_ANSWERED
    assert [by_id(result)[q].score for q in ("1.2", "2.1", "3.1")] == [100.0] * 3
    assert result.messages == ()


def test_a_word_changed_in_a_heading_is_an_edit() -> None:
    changed = Q32.replace("för kultur", "för konst")  # another question, close in score
    result = match_form(form(*standard(q32=[bold(changed), *filled("24", "Svar fem.")])), TEMPLATE)
    answer = by_id(result)["3.2"]
    assert (answer.status, answer.text, answer.flags) == (
        "answered",
        "Svar fem.",
        ("edited_heading",),
    )
    assert answer.score is not None and answer.score >= 90
    assert [(m.code, m.location) for m in result.messages] == [("edited_heading", "question 3.2")]


def test_a_form_without_any_answer_box_flags_no_answer_outside_one() -> None:
    """A .doc converted by LibreOffice (or a form copied into a new document) has no content
    control left: every answer stands under its heading, and that is no warning."""
    plain = standard(
        q11=[bold(Q11), para("Svar ett.")],
        q12=[bold(Q12), para("Svar två.")],
        q21=[bold(Q21), para("Svar tre.")],
        q31=[bold(Q31), para("Svar fyra.")],
        q32=[bold(Q32), para("Svar fem.")],
        q41=[heading("Övriga upplysningar"), para("Svar sex.")],
    )
    values = ["Farsta stadsdelsnämnd", "Anna Svensson", "08-508 000 00", "anna@example.se"]
    fields = [
        b for (label, _), v in zip(FIELDS, values, strict=True) for b in (bold(label), para(v))
    ]
    result = match_form(form(*fields, *plain, fields=False), TEMPLATE)
    assert summary(result) == ALL_ANSWERED
    assert result.messages == ()
    assert result.fields["Nämnd"] == "Farsta stadsdelsnämnd"


def test_plain_text_headings_still_match() -> None:
    parts = standard(q11=[para(Q11), *filled("20", "Svar ett.")])
    assert summary(match_form(form(*parts), TEMPLATE)) == ALL_ANSWERED


def test_long_answer_containing_heading_is_not_heading() -> None:
    assert (
        heading_score(
            "beskriv nämndens arbete", "vi beskriv nämndens arbete med mera och mer", False
        )
        == 0.0
    )
    assert heading_score("övriga upplysningar", "övriga upplysningar", True) == 100.0


def test_controls_decide_when_tagged() -> None:
    template = derive_template(template_doc(tags=True))
    assert template.questions[0].control_tag == "q20"
    # Headings replaced beyond recognition and sections deleted: the tagged boxes still decide.
    parts = [
        bold("Lokal samverkan"),
        *filled("20", "Svar ett.", tag="q20"),
        bold("Växla upp"),
        *filled("21", "Svar två.", tag="q21"),
        bold(Q21),
        box("22", tag="q22"),
    ]
    result = match_form(form(*parts), template)
    answers = summary(result)
    assert answers["1.1"] == ("answered", "Svar ett.", ("edited_heading",))
    assert answers["1.2"] == ("answered", "Svar två.", ("edited_heading",))
    assert by_id(result)["1.2"].heading == "Växla upp"
    assert answers["2.1"] == ("placeholder", "", ())
    assert answers["3.1"] == ("missing", "", ())
    assert by_id(result)["1.1"].score is None


# --------------------------------------------------------------------------- metadata fields


def test_fields_in_a_table_row() -> None:
    rows = []
    for n, (label, value) in enumerate([("Nämnd", "Kulturnämnden"), ("Telefon", "08-1")]):
        rows += [
            Block(0, label, (Run(label),), table=TablePos(0, n, 0)),
            Block(0, value, (Run(value),), table=TablePos(0, n, 1)),
        ]
    result = match_form(form(*rows, *standard(), fields=False), TEMPLATE)
    assert result.fields == {
        "Nämnd": "Kulturnämnden",
        "Kontaktperson för eventuella frågor": "",
        "Telefon": "08-1",
        "E-post": "",
    }
    assert result.respondent == "Kulturnämnden"
    assert summary(result) == ALL_ANSWERED


def test_fields_label_colon_value() -> None:
    lines = [
        para("Nämnd: Stadsdelsnämnden i Farsta"),
        para("Kontaktperson för eventuella frågor:\u00a0Per Ek"),
        para("Telefon: " + PROMPT),
        para("E-post:"),
    ]
    result = match_form(form(*lines, *standard(), fields=False), TEMPLATE)
    assert result.fields == {
        "Nämnd": "Stadsdelsnämnden i Farsta",
        "Kontaktperson för eventuella frågor": "Per Ek",
        "Telefon": "",
        "E-post": "",
    }


def test_field_label_with_colon_then_value_in_the_next_paragraph_or_control() -> None:
    lines = [
        para("Nämnd:"),
        para("Bromma stadsdelsnämnd"),
        bold("Kontaktperson för eventuella frågor: " + PROMPT),
        bold("Telefon:"),
        *filled("12", "08-508 000 00", kind="text"),
        para("E-post:"),  # nothing after it but the first section heading
    ]
    result = match_form(form(*lines, *standard(), fields=False), TEMPLATE)
    assert result.fields == {
        "Nämnd": "Bromma stadsdelsnämnd",
        "Kontaktperson för eventuella frågor": "",  # the prompt on its own line: not filled
        "Telefon": "08-508 000 00",
        "E-post": "",
    }
    assert result.respondent == "Bromma stadsdelsnämnd"
    assert summary(result) == ALL_ANSWERED


def test_field_label_then_plain_paragraph_and_placeholder_field() -> None:
    lines = [bold("Nämnd"), para("Bromma stadsdelsnämnd"), bold("Telefon"), box("12", "text")]
    result = match_form(form(*lines, *standard(), fields=False), TEMPLATE)
    assert result.fields["Nämnd"] == "Bromma stadsdelsnämnd"
    assert result.fields["Telefon"] == ""
    assert result.fields["E-post"] == ""


def test_heading_and_answer_on_one_line() -> None:
    q41 = [para("Övriga upplysningar: Inga synpunkter i år.")]
    result = match_form(form(*standard(q41=q41)), TEMPLATE)
    answer = by_id(result)["4.1"]
    assert (answer.status, answer.text, answer.heading) == (
        "answered",
        "Inga synpunkter i år.",
        "Övriga upplysningar",
    )
    assert answer.flags == ("outside_control",)
    assert answer.blocks[0].runs == (Run(" Inga synpunkter i år."),)


def test_sentence_with_colon_in_an_answer_is_not_a_heading() -> None:
    q11 = [bold(Q11), *filled("20", "Svar ett."), para("Aktiviteter som bidrar till detta: möten.")]
    result = match_form(form(*standard(q11=q11)), TEMPLATE)
    assert by_id(result)["1.1"].text == "Svar ett.\nAktiviteter som bidrar till detta: möten."
    assert summary(result)["1.2"] == ("answered", "Svar två.", ())


def test_edited_beyond_recognition_with_its_section_heading_deleted() -> None:
    q21 = [bold("Vårt arbete mot fusk"), *filled("22", "Svar tre.")]
    result = match_form(form(*standard(s2=[], q21=q21)), TEMPLATE)
    assert summary(result)["2.1"] == ("answered", "Svar tre.", ("low_match", "edited_heading"))
    assert summary(result)["1.2"] == ("answered", "Svar två.", ())


def test_repeated_question_text_is_placed_by_its_section() -> None:
    doc = number(
        heading("1. Första"),
        bold("Kommentar"),
        box("1"),
        heading("2. Andra"),
        bold("Kommentar"),
        box("2"),
    )
    template = derive_template(doc)
    assert [q.id for q in template.questions] == ["1.1", "2.1"]
    filled_form = number(heading("2. Andra"), bold("Kommentar"), *filled("2", "Bara andra."))
    result = match_form(filled_form, template)
    assert summary(result) == {
        "1.1": ("missing", "", ()),
        "2.1": ("answered", "Bara andra.", ()),
    }


def test_controls_decide_by_alias() -> None:
    def aliased(cid: str, *lines: str) -> list[Block]:
        ctl = Control(cid, None, f"Svar {cid}", "richText", "block", not lines, None, PROMPT)
        texts = lines or (PROMPT,)
        return [Block(0, t, (Run(t, placeholder=not lines),), controls=(ctl,)) for t in texts]

    template = derive_template(
        number(
            heading("1. Område"), bold("Fråga A?"), *aliased("1"), bold("Fråga B?"), *aliased("2")
        )
    )
    assert [q.control_alias for q in template.questions] == ["Svar 1", "Svar 2"]
    # The respondent moved box 2 above box 1 and deleted the question paragraphs.
    result = match_form(
        number(heading("1. Område"), *aliased("2", "Svar på B."), *aliased("1", "Svar på A.")),
        template,
    )
    assert summary(result) == {
        "1.1": ("answered", "Svar på A.", ()),
        "1.2": ("answered", "Svar på B.", ()),
    }


def test_paragraph_slots_take_the_typed_paragraphs() -> None:
    template = derive_template(
        number(
            Block(0, "Enkät", style="Title"),
            bold("Vad tycker du om servicen?"),
            para(""),
            bold("Övrigt"),
            para(""),
        )
    )
    filled_form = number(
        Block(0, "Enkät", style="Title"),
        bold("Vad tycker du om servicen?"),
        para("Bra."),
        para(""),
        para("Snabb."),
        bold("Övrigt"),
        para(""),
    )
    assert summary(match_form(filled_form, template)) == {
        "1.1": ("answered", "Bra.\nSnabb.", ()),
        "1.2": ("empty", "", ()),
    }


def test_typed_text_in_a_control_still_flagged_as_showing_its_prompt() -> None:
    # Word left showingPlcHdr set; the reader marks every run as prompt. The text decides.
    stuck = control("22", placeholder=True)
    typed = "Vi samarbetar med polisen."
    block = Block(0, typed, (Run(typed, placeholder=True),), controls=(stuck,))
    result = match_form(form(*standard(q21=[bold(Q21), block])), TEMPLATE)
    assert summary(result)["2.1"] == ("answered", typed, ())


def test_flagged_control_without_a_known_prompt_trusts_the_flag() -> None:
    flagged = Control("22", None, None, "richText", "block", True, None, None)
    block = Block(0, "Skriv här", (Run("Skriv här", placeholder=True),), controls=(flagged,))
    result = match_form(form(*standard(q21=[bold(Q21), block])), TEMPLATE)
    assert summary(result)["2.1"] == ("placeholder", "", ())


QUESTION_PARTS = ("q11", "q12", "q21", "q31", "q32", "q41")
QUESTION_IDS = ("1.1", "1.2", "2.1", "3.1", "3.2", "4.1")


@pytest.mark.parametrize("deleted", range(1, 2 ** len(QUESTION_PARTS) - 1))
def test_any_set_of_deleted_questions_leaves_the_others_exact(deleted: int) -> None:
    gone = {p for n, p in enumerate(QUESTION_PARTS) if deleted >> n & 1}
    result = match_form(form(*standard(**{p: [] for p in gone})), TEMPLATE)
    expected = {
        qid: ("missing", "", ()) if part in gone else ALL_ANSWERED[qid]
        for part, qid in zip(QUESTION_PARTS, QUESTION_IDS, strict=True)
    }
    assert summary(result) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [(a, b) for i, a in enumerate(QUESTION_PARTS[:5]) for b in QUESTION_PARTS[i + 1 : 5]],
)
def test_any_two_questions_swapped(first: str, second: str) -> None:
    names = ["s1", "q11", "q12", "s2", "q21", "s3", "q31", "q32", "q41"]
    by_name = dict(zip(names, standard(), strict=True))
    swapped = standard(**{first: by_name[second], second: by_name[first]})
    answers = summary(match_form(form(*swapped), TEMPLATE))
    assert {qid: a[:2] for qid, a in answers.items()} == {
        qid: a[:2] for qid, a in ALL_ANSWERED.items()
    }
    # Within a section one question breaks the order. Across sections both may sit under the
    # wrong section heading, or one question and a section heading break it: a tie.
    flagged = sum("out_of_order" in a[2] for a in answers.values())
    assert flagged in ((1,) if first[1] == second[1] else (1, 2))
    assert all(set(a[2]) <= {"out_of_order"} for a in answers.values())


# --------------------------------------------------------------------------- formatting kept

PICTURE = Image("image/png", b"\x89PNG", 914400, 914400, "Karta")


def test_prompt_typed_beside_formatted_text_keeps_the_formatting() -> None:
    # The prompt lost its placeholder style (pasted), so only the text shows it is a prompt.
    ctl = control("20")
    runs = (
        Run(PROMPT + " "),
        Run("Vi har", bold=True),
        Run("\t"),
        Run("samverkan.", link="https://example.se"),
        Run("", image=PICTURE),
    )
    mixed = Block(0, "".join(r.text for r in runs), runs, controls=(ctl,))
    result = match_form(form(*standard(q11=[bold(Q11), mixed])), TEMPLATE)
    answer = by_id(result)["1.1"]
    assert (answer.status, answer.text, answer.flags) == (
        "answered",
        "Vi har\tsamverkan.",
        ("placeholder_left",),
    )
    assert answer.blocks[0].runs == runs[1:]


def test_prompt_in_the_middle_is_cut_with_one_space_left() -> None:
    ctl = control("20")
    runs = (Run("Före ", italic=True), Run(PROMPT + " efter.", underline=True))
    mixed = Block(0, "".join(r.text for r in runs), runs, controls=(ctl,))
    answer = by_id(match_form(form(*standard(q11=[bold(Q11), mixed])), TEMPLATE))["1.1"]
    assert answer.text == "Före efter."
    assert answer.blocks[0].runs == (Run("Före ", italic=True), Run("efter.", underline=True))


def test_flagged_control_with_typed_text_and_prompt_keeps_the_typed_runs() -> None:
    # showingPlcHdr stuck on: every run is marked as prompt; the typed ones come back plain.
    stuck = control("22", placeholder=True)
    runs = (
        Run("Vi samarbetar ", bold=True, placeholder=True),
        Run("med polisen.", link="https://polisen.se", placeholder=True),
        Run(" " + PROMPT, placeholder=True),
    )
    block = Block(0, "".join(r.text for r in runs), runs, controls=(stuck,))
    answer = by_id(match_form(form(*standard(q21=[bold(Q21), block])), TEMPLATE))["2.1"]
    assert (answer.status, answer.text) == ("answered", "Vi samarbetar med polisen.")
    assert answer.blocks[0].runs == (
        Run("Vi samarbetar ", bold=True),
        Run("med polisen.", link="https://polisen.se"),
    )


def test_trimmed_across_runs_when_the_first_run_is_all_space() -> None:
    ctl = control("20")
    runs = (
        Run(" "),
        Run(" Svar", bold=True),
        Run(PROMPT, placeholder=True),
        Run("  "),
        Run("\t", italic=True),
    )
    block = Block(0, "".join(r.text for r in runs), runs, controls=(ctl,))
    answer = by_id(match_form(form(*standard(q11=[bold(Q11), block])), TEMPLATE))["1.1"]
    assert (answer.text, answer.flags) == ("Svar", ("placeholder_left",))
    assert answer.blocks[0].runs == (Run("Svar", bold=True),)


# --------------------------------------------------------------------------- not this form


def test_a_document_matching_nothing_is_reported_as_not_this_form() -> None:
    other = number(
        Block(0, "Protokoll från styrelsemöte", style="Title"),
        heading("Närvarande", 1),
        para("Anna, Bertil och Cecilia."),
        heading("Beslut", 1),
        para("Styrelsen beslutade att godkänna budgeten."),
    )
    result = match_form(other, TEMPLATE, file="inbox/protokoll.docx")
    assert {a.status for a in result.answers} == {"missing"}
    assert result.messages == (
        Message(
            "inbox/protokoll.docx",
            "file",
            "not_this_form",
            "Nothing of the template was found in this file: is it the right form?",
        ),
    )


def test_a_form_with_only_its_fields_filled_is_this_form() -> None:
    # Every question heading deleted, but the Nämnd field is there: the right form.
    result = match_form(form(), TEMPLATE, file="inbox/farsta.docx")
    assert {a.status for a in result.answers} == {"missing"}
    assert result.fields["Nämnd"] == "Farsta stadsdelsnämnd"
    assert [m.code for m in result.messages] == []


# ------------------------------------------------------------------ checkboxes, lists, dates


def _checkbox(checked: bool, glyph: str) -> Block:
    ctl = Control("20", None, None, "checkbox", "block", False, checked=checked)
    return Block(0, glyph, (Run(glyph),), controls=(ctl,))


def _legacy_checkbox(checked: bool) -> Block:
    glyph = "☒" if checked else "☐"
    return Block(
        0, glyph, (Run(glyph),), form_fields=(FormField("checkbox", "K1", glyph, checked),)
    )


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        (_checkbox(False, "☐"), ("empty", "", ())),  # nothing chosen
        (_checkbox(True, "☒"), ("answered", "☒", ())),
        (_checkbox(False, "☒"), ("empty", "", ())),  # w14:checked is the truth, not the glyph
        (_checkbox(True, "☐"), ("answered", "☒", ())),
        (_legacy_checkbox(False), ("empty", "", ())),
        # a legacy field where the template has a content control: outside the box
        (_legacy_checkbox(True), ("answered", "☒", ("outside_control",))),
    ],
)
def test_a_checkbox_alone_is_answered_only_when_checked(
    box: Block, expected: tuple[str, str, tuple[str, ...]]
) -> None:
    result = match_form(form(*standard(q11=[bold(Q11), box])), TEMPLATE)
    assert summary(result)["1.1"] == expected


def test_a_box_beside_typed_text_keeps_the_text() -> None:
    ctl = Control("20", None, None, "checkbox", "run", False, checked=False)
    block = Block(
        0, "☐ Ja, vi har en plan.", (Run("☐"), Run(" Ja, vi har en plan.")), controls=(ctl,)
    )
    result = match_form(form(*standard(q11=[bold(Q11), block])), TEMPLATE)
    assert summary(result)["1.1"] == ("answered", "☐ Ja, vi har en plan.", ())


def test_dropdown_and_date_controls() -> None:
    choose = "Välj ett objekt."
    unset = Control("20", None, None, "dropDownList", "block", True, None, choose)
    chosen = Control("21", None, None, "dropDownList", "block", False, selected_item="Delvis")
    date = Control("22", None, None, "date", "block", False, date_value="2026-05-04T00:00:00Z")
    parts = standard(
        q11=[bold(Q11), Block(0, choose, (Run(choose, placeholder=True),), controls=(unset,))],
        q12=[bold(Q12), Block(0, "Delvis", (Run("Delvis"),), controls=(chosen,))],
        q21=[bold(Q21), Block(0, "4 maj 2026", (Run("4 maj 2026"),), controls=(date,))],
    )
    result = summary(match_form(form(*parts), TEMPLATE))
    assert result["1.1"] == ("placeholder", "", ())
    assert result["1.2"] == ("answered", "Delvis", ())
    assert result["2.1"] == ("answered", "4 maj 2026", ())  # the date as shown
