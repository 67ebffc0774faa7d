"""answers.locate.foreign: a question the template lacks, inside another question's answer."""

from __future__ import annotations

from docxmerge.answers.locate.foreign import foreign_question
from docxmerge.answers.normalize import normalize_heading
from docxmerge.model import Block, Control, Run

TEMPLATE_IDS = frozenset({"101", "102"})
KEYS = {normalize_heading("Kommentar")}


def boxed(text: str, cid: str) -> Block:
    control = Control(cid, None, None, "richText", "block", False)
    return Block(0, text, (Run(text),), controls=(control,))


def plain(text: str, bold: bool = False) -> Block:
    return Block(0, text, (Run(text, bold=bold),), bold=bold)


ANSWER = boxed("Vi samverkar med polisen.", "101")


def test_a_question_heading_followed_by_a_new_box_is_foreign() -> None:
    region = [ANSWER, plain(""), plain("Hur korta handläggningstiderna?", bold=True), plain("")]
    region.append(boxed("Vi har en lots.", "555"))
    assert foreign_question(region, TEMPLATE_IDS, KEYS) == 2


def test_a_sentence_ending_in_a_question_mark_reads_as_a_question() -> None:
    region = [ANSWER, plain("Hur korta handläggningstiderna?"), boxed("Lots.", "555")]
    assert foreign_question(region, TEMPLATE_IDS, KEYS) == 1


def test_no_foreign_question_without_a_new_box() -> None:
    own_box = [ANSWER, plain("Hur gick det?", bold=True), boxed("Bra.", "102")]  # the template's
    same_box = [ANSWER, plain("Mer?", bold=True), boxed("Ja.", "101")]  # the answer's own box
    typed = [ANSWER, plain("Vad hände sedan?", bold=True), plain("Vi fortsatte.")]  # no box
    label = [ANSWER, plain("Kommentar", bold=True), boxed("Inget.", "555")]  # template words
    plain_text = [ANSWER, plain("Vi fortsatte arbetet."), boxed("Inget.", "555")]  # no question
    for region in (own_box, same_box, typed, label, plain_text):
        assert foreign_question(region, TEMPLATE_IDS, KEYS) is None


def test_nothing_to_tell_by_without_the_templates_control_ids() -> None:
    region = [ANSWER, plain("Hur korta handläggningstiderna?"), boxed("Lots.", "555")]
    assert foreign_question(region, frozenset(), KEYS) is None


def test_a_box_too_far_below_the_heading_does_not_count() -> None:
    gap = [plain("")] * 4
    region = [ANSWER, plain("Hur?", bold=True), *gap, boxed("Lots.", "555")]
    assert foreign_question(region, TEMPLATE_IDS, KEYS) is None
