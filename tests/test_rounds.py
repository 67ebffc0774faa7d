"""Issue 12 end to end: round 2 (fixtures/round2: two template versions) run through the command
line against round 1 (fixtures/template.docx + fixtures/inbox, run first into a temporary
folder), held to fixtures/round2/expected.json: each form's template, every status and text
(``not_asked`` where the form's version lacks the question), every comparison word; the
Changes and Completeness sheets' cells, the report's marks and word diffs, the options'
refusals."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES

from docxmerge.answers.tally import previous_run_name
from docxmerge.cli import main
from docxmerge.model import PreviousInfo

ROUND2 = FIXTURES / "round2"
EXPECTED: dict[str, Any] = json.loads((ROUND2 / "expected.json").read_text("utf-8"))
FORMS = sorted(EXPECTED["forms"])  # the inbox order
IDS = [q["id"] for q in EXPECTED["questions"]]
SV_WORDS = {"new": "ny", "unchanged": "oförändrad", "changed": "ändrad", "dropped": "borttagen"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Round 1 into r1/, then round 2 into r2/ (both template versions, --previous r1)."""
    base = tmp_path_factory.mktemp("rounds")
    first = invoke(
        "run", str(FIXTURES / "inbox"), "-t", str(FIXTURES / "template.docx"), "-o",
        str(base / "r1"), "-j", "1", "-q", "--title", "Tertialrapport 2 2022",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    second = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates" / "template_v1.docx"),
        "-t", str(ROUND2 / "templates" / "template_v2.docx"), "--previous", str(base / "r1"),
        "-o", str(base / "r2"), "-j", "1", "--mark-unchanged", "--show-changes",
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    (base / "r2" / "stderr.txt").write_text(second.stderr, "utf-8")
    return base / "r2"


@pytest.fixture(scope="module")
def answers(rounds: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((rounds / "answers.json").read_text("utf-8"))
    return data


def responses(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["file"]: r for r in answers["responses"]}


def test_the_union_of_the_two_versions(answers: dict[str, Any]) -> None:
    assert [(q["id"], q["text"], q["asked_by"]) for q in answers["questions"]] == [
        (q["id"], q["text"], q["asked_by"]) for q in EXPECTED["questions"]
    ]
    assert [
        (t["name"], t["date"], t["dated_by"], t["questions"]) for t in answers["templates"]
    ] == [
        ("template_v1.docx", "2022-08-15T07:30:00Z", "modified", [i for i in IDS if i != "2.2"]),
        ("template_v2.docx", "2022-11-14T09:05:00Z", "modified", IDS),
    ]
    assert answers["template"] == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV – VERKSAMHETSBERÄTTELSE 2022"


@pytest.mark.parametrize("name", FORMS)
def test_each_form_its_template_statuses_texts_and_comparisons(
    answers: dict[str, Any], name: str
) -> None:
    response, expected = responses(answers)[name], EXPECTED["forms"][name]
    assert (response["status"], response["template"]) == ("read", expected["template"])
    assert response["respondent"] == expected["written_as"]
    assert [a["question_id"] for a in response["answers"]] == IDS
    got = [(a["status"], a["text"], a["comparison"]) for a in response["answers"]]
    assert got == [(e["status"], e["text"], e["comparison"]) for e in expected["answers"]]
    for found, wanted in zip(response["answers"], expected["answers"], strict=True):
        if wanted["comparison"] == "unchanged":
            assert found["similarity"] >= wanted["similarity_min"]
            before = found["previous_text"] or found["text"]  # null: the very same text
            same = before.split() == found["text"].split()  # white space aside (Farsta 3.1)
            assert (found["similarity"] == 1.0) is same
        elif wanted["comparison"] == "changed":
            assert found["similarity"] < 0.9 and found["previous_text"] != found["text"]
        else:
            assert found["similarity"] is None


def test_not_asked_only_where_the_version_lacks_the_question(answers: dict[str, Any]) -> None:
    not_asked = [
        (r["file"], a["question_id"], a["value"])
        for r in answers["responses"]
        for a in r["answers"]
        if a["status"] == "not_asked"
    ]
    assert not_asked == [
        ("Exploateringsnämnden VB 2022.docx", "2.2", None),
        ("Kulturnämnden_VB_2022.docx", "2.2", None),
    ]


def test_the_previous_run_compared(answers: dict[str, Any], rounds: Path) -> None:
    previous = answers["previous"]
    assert previous["path"] == str(rounds.parent / "r1" / "answers.json")
    assert (previous["title"], previous["template"]) == (
        "Tertialrapport 2 2022",
        "UPPFÖLJNINGSRAPPORT NÄRINGSLIV",
    )
    assert previous["respondents_compared"] == 12
    assert previous["only_previous"] == ["Kungsholmens stadsdelsnämnd"]
    assert previous["questions"] == {i: i for i in IDS if i != "2.2"}
    files = {name: form["previous_file"] for name, form in EXPECTED["forms"].items()}
    assert previous["files"] == {k: v for k, v in files.items() if v}
    bromma = responses(answers)["Bromma T3 2022.docx"]["answers"][0]
    assert bromma["previous_text"] == (
        "Bromma företagarförening träffar förvaltningen en gång per kvartal.\n"
        "Under våren hölls även ett frukostmöte med företagare i Ulvsunda."
    )
    farsta = responses(answers)["Farsta T3 2022.docx"]["answers"][0]
    assert (farsta["comparison"], farsta["previous_text"]) == ("unchanged", None)  # the same


def test_stderr_names_the_versions_and_counts_the_comparison(rounds: Path) -> None:
    lines = (rounds / "stderr.txt").read_text("utf-8").splitlines()
    assert lines[0] == (
        "2 mallversioner (template_v1.docx, template_v2.docx); frågorna står i den nyaste "
        "mallens ordning: template_v2.docx (2022-11-14)"
    )
    assert (
        "Filer: 13 lästa, 0 överhoppade, 0 oläsbara, 0 ersatta. Svarande: 13. "
        "Svar: 110 besvarade, 18 obesvarade (varav 11 frivilliga)." in lines
    )  # 128 asked: 13 x 10 less the two not asked
    assert (
        "Jämfört med föregående körning: 29 nya, 15 ändrade, 66 oförändrade, 5 borttagna svar."
        in lines
    )


def sheet_rows(path: Path, name: str) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(path)[name]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_changes_sheet(rounds: Path) -> None:
    rows = sheet_rows(rounds / "completeness.xlsx", "Ändringar")
    assert rows[0][0] == "Svarande"
    assert rows[0][1:11] == [
        "1.1 Beskriv samverkan med det lokala…",
        '1.2 Beskriv nämndens arbete med "Växla upp…',
        "2.1 Hur sker samverkan med socialnämnden…",
        "2.2 Hur arbetar nämnden med att korta…",
        "3.1 Beskriv nämndens arbete med att…",
        "3.2 Hur samverkar och utvecklar nämnden…",
        "3.3 Hur samverkar nämnden för att…",
        "3.4 Hur sker samarbetet med att bistå i…",
        "3.5 Hur sker samarbetet med Stockholm…",
        "4.1 Övriga upplysningar",
    ]
    assert rows[0][11:] == ["Nya", "Ändrade", "Oförändrade", "Borttagna", "Föregående fil"]
    assert rows[1] == ["Arbetsmarknadsnämnden", *["ny"] * 9, None, 9, 0, 0, 0, None]
    assert rows[9] == [
        "Kulturnämnden", "oförändrad", "ändrad", "oförändrad", "ej efterfrågad", "ändrad",
        "oförändrad", "oförändrad", "oförändrad", "oförändrad", None, 0, 2, 6, 0,
        "Kulturnämnden_T2_2022.docx",
    ]  # fmt: skip
    for row, name in zip(rows[1:14], FORMS, strict=True):  # every word of expected.json
        expected = EXPECTED["forms"][name]
        words = [SV_WORDS.get(a["comparison"]) for a in expected["answers"]]
        words = ["ej efterfrågad" if a["status"] == "not_asked" else w for a, w in
                 zip(expected["answers"], words, strict=True)]  # fmt: skip
        assert row[:11] == [expected["written_as"], *words]
        counts = [words.count(SV_WORDS[w]) for w in ("new", "changed", "unchanged", "dropped")]
        assert row[11:] == [*counts, expected["previous_file"]]
    assert rows[14] == ["Kungsholmens stadsdelsnämnd", *["ingen blankett nu"] * 10, *[None] * 5]
    assert [row[:2] for row in rows[16:25]] == [
        ["Teckenförklaring", None],
        ["ny", "besvarad nu, inte besvarad i föregående uppföljning"],
        ["ändrad", "besvarad i båda, svaret har ändrats"],
        ["oförändrad", "besvarad i båda, samma svar (eller nästan: blanksteg, ett rättat stavfel)"],
        ["borttagen", "besvarad i föregående uppföljning, inte nu"],
        [None, "(tom) obesvarad i båda"],
        [
            "ej efterfrågad",
            "frågan fanns inte i blanketten som svaranden fyllde i (en äldre eller annan "
            "version): räknas inte som obesvarad",
        ],
        ["ingen blankett nu", "svarade i föregående uppföljning, ingen blankett denna gång"],
        [None, None],
    ]
    assert rows[25][0] == "Jämfört med: Tertialrapport 2 2022"  # as the report names it


def test_the_changes_sheet_is_coloured(rounds: Path) -> None:
    sheet = openpyxl.load_workbook(rounds / "completeness.xlsx")["Ändringar"]
    rules = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for block in sheet.conditional_formatting
        for rule in block.rules
    }
    assert [str(block.sqref) for block in sheet.conditional_formatting] == ["B2:K15"]
    assert {word: rules[f'"{word}"'][-6:] for word in SV_WORDS.values()} == {
        "ny": "BDD7EE",
        "oförändrad": "A9D08E",  # as besvarad (oförändrad) on Fullständighet
        "ändrad": "FFD966",
        "borttagen": "F4B084",
    }
    assert rules['"ej efterfrågad"'][-6:] == "EDEDED"
    assert sheet["A18"].fill.fgColor.rgb[-6:] == "BDD7EE"  # the legend's "ny"


def test_completeness_shows_not_asked_and_unchanged(rounds: Path) -> None:
    rows = sheet_rows(rounds / "completeness.xlsx", "Fullständighet")
    kultur = rows[FORMS.index("Kulturnämnden_VB_2022.docx") + 1]
    assert kultur == [
        "Kulturnämnden", "ej aktuellt", "besvarad", "ej aktuellt", "ej efterfrågad", "besvarad",
        "besvarad (oförändrad)", "besvarad (oförändrad)", "ej aktuellt",
        "besvarad (oförändrad)", "platshållare", 8,
    ]  # fmt: skip
    share = rows[14]
    assert share[0] == "Andel besvarade"
    assert share[4] == pytest.approx(9 / 11)  # 2.2: of the 11 forms that ask it
    assert share[11] == pytest.approx(110 / 128)
    assert rows[16][0] == "Teckenförklaring"
    assert ["besvarad (oförändrad)", "besvarad, med samma svar som i föregående uppföljning"] in [
        row[:2] for row in rows[17:]
    ]


def test_questions_sheet_counts_the_not_asked(rounds: Path) -> None:
    rows = sheet_rows(rounds / "completeness.xlsx", "Frågor")
    header = rows[0]
    assert header[6:9] == ["Obesvarade", "Ej efterfrågade", "Utan formulär"]
    added = next(row for row in rows if row[0] == "2.2")
    assert added[4:10] == [9, 0, 2, 2, 0, pytest.approx(9 / 11)]


def test_who_answered_the_previous_round_and_sent_nothing_now_is_chased(rounds: Path) -> None:
    # No --expected list: the previous run is the only list there is. Kungsholmen answered
    # round 1 and sent nothing in round 2: on stderr, on the chase list at the contact its
    # round-1 form gave, and a reminder drafted.
    lines = (rounds / "stderr.txt").read_text("utf-8").splitlines()
    assert "Svarade i föregående uppföljning, ingen blankett nu: Kungsholmens stadsdelsnämnd" in (
        lines
    )
    rows = sheet_rows(rounds / "completeness.xlsx", "Kontakter")
    kungsholmen = [row for row in rows if row[0] == "Kungsholmens stadsdelsnämnd"]
    assert kungsholmen == [
        [
            "Kungsholmens stadsdelsnämnd", "ingen blankett nu", "Sofia Berg", "08-508 08 000",
            "sofia.berg@stockholm.se", "Inget formulär har kommit in",
            "Kungsholmens stadsdelsnämnd.eml",
        ]
    ]  # fmt: skip
    draft = rounds / "reminders" / "Kungsholmens stadsdelsnämnd.eml"
    mail = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "Sofia Berg <sofia.berg@stockholm.se>"
    body = mail.get_body()
    assert body is not None
    assert "Vi har ännu inte fått ert svar på" in body.get_content()


def test_one_listed_and_not_received_is_written_to_at_their_previous_contact(
    rounds: Path, tmp_path: Path
) -> None:
    # fixtures/expected.csv gives no contact for Kungsholmen: its round-1 form's fields do;
    # Östermalm's row gives its own (the list first), Spånga-Tensta had no form read then.
    out = tmp_path / "out"
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates"), "--previous",
        str(rounds.parent / "r1"), "--expected", str(FIXTURES / "expected.csv"), "-o", str(out),
        "-j", "1", "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = sheet_rows(out / "completeness.xlsx", "Kontakter")
    absent = [row[:5] for row in rows if row[1] == "ej inkommen"]
    assert absent == [
        ["Kungsholmens stadsdelsnämnd", "ej inkommen", "Sofia Berg", "08-508 08 000",
         "sofia.berg@stockholm.se"],
        ["Spånga-Tensta stadsdelsnämnd", "ej inkommen", None, None, "tove.ahlberg@stockholm.se"],
        ["Östermalms stadsdelsnämnd", "ej inkommen", "Erik Sandell", None,
         "erik.sandell@stockholm.se"],
    ]  # fmt: skip
    draft = out / "reminders" / "Kungsholmens stadsdelsnämnd.eml"
    mail = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "Sofia Berg <sofia.berg@stockholm.se>"


def test_nobody_is_chased_for_a_question_their_form_does_not_ask(rounds: Path) -> None:
    rows = sheet_rows(rounds / "completeness.xlsx", "Kontakter")
    owed = {row[0]: row[5] for row in rows[1:]}
    assert "Kulturnämnden" not in owed and "Exploateringsnämnden" not in owed
    assert owed["Farsta stadsdelsnämnd"] == (
        "2.2 Hur arbetar nämnden med att korta handläggningstiderna och förenkla kontakterna med "
        "staden för företag som söker tillstånd?"
    )


def test_the_contacts_sheet_holds_each_owed_question_whole(rounds: Path) -> None:
    # the clerk copies the questions into a reminder: whole, one a line, the row as tall as
    # its wrapped lines (three questions in 9 lines of 15 pt at the column's width of 50)
    sheet = openpyxl.load_workbook(rounds / "completeness.xlsx")["Kontakter"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Hässelby-Vällingby SDN")
    assert row[5].value.splitlines() == [
        "2.2 Hur arbetar nämnden med att korta handläggningstiderna och förenkla kontakterna med "
        "staden för företag som söker tillstånd?",
        "3.3 Hur samverkar nämnden för att underlätta för närvaron av kultur i det offentliga "
        "rummet?",
        "3.4 Hur sker samarbetet med att bistå i Stockholm Business Region ABs och "
        "arbetsmarknadsnämndens arbete för ökad hållbar tillväxt och företagande inom "
        "stadsdelens geografiska område?",
    ]
    assert row[5].alignment.wrap_text
    assert sheet.row_dimensions[row[5].row].height == 135.0


def answer_paragraphs(report: Path, question: str, respondent: str) -> list[Any]:
    """The report's paragraphs under ``respondent`` in question ``question``."""
    paragraphs = docx.Document(str(report)).paragraphs
    start = next(
        n for n, p in enumerate(paragraphs)
        if p.style.name == "Heading 2" and p.text.startswith(question + " ")
    )  # fmt: skip
    at = next(
        n for n, p in enumerate(paragraphs[start:], start)
        if p.style.name == "Respondent" and p.text == respondent
    )  # fmt: skip
    end = next(
        n for n, p in enumerate(paragraphs[at + 1 :], at + 1)
        if p.style.name in ("Respondent", "Heading 1", "Heading 2")
        or (p.runs[0].italic and "oförändrat" not in p.text)  # a line on who declined
    )  # fmt: skip
    return paragraphs[at + 1 : end]


def runs(paragraph: Any) -> list[tuple[str, bool, bool]]:
    return [(r.text, bool(r.underline), bool(r.font.strike)) for r in paragraph.runs]


def test_a_nearly_unchanged_answer_shows_its_edited_word(rounds: Path) -> None:
    # Enskede 3.2: "(sex stycken)" -> "(sju stycken)" in a long answer: unchanged (a copy with
    # a word updated), but the report says "nearly" and shows the word with --show-changes.
    enskede = answer_paragraphs(
        rounds / "report.docx", "3.2", "Enskede-Årsta-Vantörs stadsdelsnämnd"
    )
    assert enskede[-1].text == "nästan oförändrat sedan föregående uppföljning"
    edited = [r for p in enskede[:-1] for r in runs(p) if r[1] or r[2]]
    assert edited == [("sex", False, True), ("sju", True, False)]


def test_the_report_marks_unchanged_answers(rounds: Path) -> None:
    farsta = answer_paragraphs(rounds / "report.docx", "1.1", "Farsta stadsdelsnämnd")
    assert [p.text for p in farsta] == [
        "Förvaltningen har regelbundna möten med Farsta centrums företagarförening och "
        "fastighetsägaren.",
        "Under hösten startade ett företagarnätverk i Hagsätra.",
        "oförändrat sedan föregående uppföljning",
    ]
    assert farsta[-1].runs[0].italic
    new = answer_paragraphs(rounds / "report.docx", "1.1", "Arbetsmarknadsnämnden")
    assert [p.text for p in new][-1] != "oförändrat sedan föregående uppföljning"


def test_the_report_shows_a_changed_answer_as_a_word_diff(rounds: Path) -> None:
    bromma = answer_paragraphs(rounds / "report.docx", "1.1", "Bromma stadsdelsnämnd")
    assert [runs(p) for p in bromma] == [
        [("Bromma företagarförening träffar förvaltningen en gång per kvartal.", False, False)],
        [
            ("Under våren hölls även ett frukostmöte med företagare i Ulvsunda.", False, False),
            (
                " I november bjöd förvaltningen in till ett företagarmöte om julhandeln på "
                "Brommaplan.",
                True,
                False,
            ),
        ],
    ]
    skarpnack = answer_paragraphs(rounds / "report.docx", "3.2", "Skarpnäcks stadsdelsnämnd")
    assert runs(skarpnack[0]) == [
        ("Platssamverkan Skarpnäcks centrum har", False, False),
        (" startat", False, True),
        (" kommit i gång med månatliga möten. Bagarmossens centrum ansluter", True, False),
        (" under", False, False),
        (" hösten", False, True),
        (" våren 2023", True, False),
        (".", False, False),
    ]


def test_a_rewritten_start_of_a_paragraph_is_not_glued_to_what_replaced_it(
    rounds: Path,
) -> None:
    # Exploateringsnämnden 3.4: the paragraph's first words rewritten. Neither piece has a
    # space at a paragraph's start: one is shown between them, as a plain run.
    answer = answer_paragraphs(rounds / "report.docx", "3.4", "Exploateringsnämnden")
    first = runs(answer[0])
    assert first[:3] == [
        ("Nämnden leder servicekedjan", False, True),
        (" ", False, False),
        ("Servicekedjan", True, False),
    ]


def test_the_overview_counts_the_comparison(rounds: Path) -> None:
    document = docx.Document(str(rounds / "report.docx"))
    table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table[0] == [
        "Svarande", "1.", "2.", "3.", "4.", "Totalt", "Nya", "Ändrade", "Oförändrade", "Borttagna",
    ]  # fmt: skip
    # per section, total; new, changed, unchanged, dropped
    assert {row[0]: " ".join(row[1:6]) + " | " + " ".join(row[6:]) for row in table[1:]} == {
        "Arbetsmarknadsnämnden": "2/2 2/2 5/5 0/1 9/10 | 9 0 0 0",
        "Bromma stadsdelsnämnd": "2/2 2/2 5/5 1/1 10/10 | 2 2 6 0",
        "Enskede-Årsta-Vantörs stadsdelsnämnd": "2/2 2/2 5/5 0/1 9/10 | 1 1 7 0",
        "Exploateringsnämnden": "2/2 1/1 5/5 1/1 9/9 | 1 2 6 0",
        "Farsta stadsdelsnämnd": "2/2 1/2 5/5 0/1 8/10 | 0 2 6 0",
        "Hägersten-Älvsjö stadsdelsnämnd": "2/2 2/2 4/5 0/1 8/10 | 2 1 5 1",
        "Hässelby-Vällingby SDN": "2/2 1/2 3/5 0/1 6/10 | 0 1 5 2",
        "Järva stadsdelsnämnd": "2/2 2/2 3/5 0/1 7/10 | 2 1 4 1",
        "Kulturnämnden": "2/2 1/1 5/5 0/1 8/9 | 0 2 6 0",
        "Norra innerstadens stadsdelsnämnd": "2/2 2/2 5/5 0/1 9/10 | 2 1 6 0",
        "Skarpnäcks stadsdelsnämnd": "2/2 2/2 5/5 0/1 9/10 | 1 1 7 0",
        "Skärholmens stadsdelsnämnd": "2/2 2/2 5/5 0/1 9/10 | 8 0 1 0",
        "Södermalms stadsdelsnämnd": "2/2 2/2 5/5 0/1 9/10 | 1 1 7 1",
    }  # fmt: skip
    # each column as wide as its longest word at 0.6 em (bold 0.75 em) and 2 x 57 twips of
    # margin; the names the rest of A4's 9072 twips: no header word breaks in DejaVu Sans
    grid = document.tables[0]._tbl.tblGrid
    assert [column.w.twips for column in grid.gridCol_lst] == [
        2574, 402, 402, 402, 402, 834, 474, 954, 1434, 1194,
    ]  # fmt: skip
    # each comparison column adds up to the sentence's count under the table
    totals = [sum(int(row[c]) for row in table[1:]) for c in range(6, 10)]
    assert totals == [29, 15, 66, 5]
    texts = [p.text for p in document.paragraphs]
    assert (
        "Jämfört med föregående uppföljning (Tertialrapport 2 2022): 29 nya svar, 15 ändrade, "
        "66 oförändrade och 5 borttagna." in texts
    )
    assert (
        "Svarade i föregående uppföljning men har ingen blankett denna gång: "
        "Kungsholmens stadsdelsnämnd." in texts
    )
    assert (
        "Frågan fanns inte i blanketten som användes av: Exploateringsnämnden, Kulturnämnden."
        in texts
    )


def test_a_folder_of_templates_gives_the_same_assignment(tmp_path: Path) -> None:
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates"), "-o", str(tmp_path),
        "-j", "1", "-q", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads((tmp_path / "answers.json").read_text("utf-8"))
    assert {r["file"]: r["template"] for r in found["responses"]} == {
        name: form["template"] for name, form in EXPECTED["forms"].items()
    }
    assert "previous" not in found
    assert "comparison" not in found["responses"][0]["answers"][0]
    sheets = openpyxl.load_workbook(tmp_path / "completeness.xlsx").sheetnames
    assert sheets == ["Completeness", "Contacts", "Answers", "Questions", "Files", "Messages"]


def test_templates_beside_the_inbox_are_found(tmp_path: Path) -> None:
    shutil.copytree(ROUND2 / "inbox", tmp_path / "inbox")
    shutil.copytree(ROUND2 / "templates", tmp_path / "templates")
    result = invoke("run", str(tmp_path / "inbox"), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("2 mallversioner (template_v1.docx, template_v2.docx)")


def test_one_template_keeps_its_shape(tmp_path: Path) -> None:
    """A one-template run only gains keys: asked_by, template, templates."""
    result = invoke(
        "run", str(FIXTURES / "inbox"), "-t", str(FIXTURES / "template.docx"), "-o",
        str(tmp_path), "-j", "1", "-q",
    )  # fmt: skip
    assert result.exit_code == 0
    found = json.loads((tmp_path / "answers.json").read_text("utf-8"))
    assert set(found) == {
        "template",
        "language",
        "title",
        "questions",
        "responses",
        "messages",
        "templates",
    }
    assert {tuple(q["asked_by"]) for q in found["questions"]} == {("template.docx",)}
    read = [r for r in found["responses"] if r["status"] in ("read", "superseded")]
    assert {r["template"] for r in read} == {"template.docx"}
    assert {r["template"] for r in found["responses"] if r not in read} == {None}
    assert set(read[0]["answers"][0]) == {
        "question_id", "status", "text", "score", "flags", "heading", "value",
    }  # fmt: skip
    assert [t["name"] for t in found["templates"]] == ["template.docx"]
    assert not any(a["status"] == "not_asked" for r in read for a in r["answers"])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "nowhere", "finns inte"),
        (
            lambda p: p,
            "mappen innehåller ingen answers.json: ange en utdatamapp från docxmerge eller dess "
            "answers.json",
        ),
        (
            lambda p: _write(p / "x.json", "{not json"),
            "inte en JSON-fil: ange answers.json från en tidigare körning",
        ),
        (lambda p: _write(p / "x.json", '{"a": 1}'), "inte en answers.json från docxmerge"),
        (
            lambda p: _write(
                p / "x.json", '{"questions": [], "responses": [' + "0," * 50_000 + "0]}"
            ),
            "fler frågor eller svar än en uppföljning har (högst 5 000 frågor och 50 000 formulär)",
        ),
    ],
)
def test_what_is_no_previous_run_is_refused(tmp_path: Path, make: Any, reason: str) -> None:
    previous = make(tmp_path)
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates"), "--previous",
        str(previous), "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        result.stderr == f"docxmerge: föregående körning kan inte användas: {previous}: {reason}\n"
    )
    assert not (tmp_path / "out").exists()  # refused before anything was made


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("option", ["--mark-unchanged", "--show-changes"])
def test_the_report_options_need_a_previous_run(tmp_path: Path, option: str) -> None:
    result = invoke("run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates"), option)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Fel: {option} jämför med en tidigare körning: ange den med --previous"
    )


def test_an_empty_template_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mallar").mkdir()
    result = invoke("run", str(ROUND2 / "inbox"), "-t", str(tmp_path / "mallar"), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: no template (.docx, .dotx, .docm, .dotm) in the folder {tmp_path / 'mallar'}\n"
    )


def test_strict_counts_no_question_the_form_was_not_asked(tmp_path: Path) -> None:
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates"), "-o", str(tmp_path),
        "--strict", "-q", "--optional", "4.1",
    )  # fmt: skip
    assert result.exit_code == 1
    # owed: Farsta 2.2, Hägersten 3.5, Hässelby 2.2, 3.3, 3.4, Järva 3.2, 3.4; 4.1 optional
    assert result.stderr == (
        "Strikt kontroll (--strict): 0 oläsbara filer, 7 obesvarade frågor, 0 ej inkomna, "
        "0 oifyllda blanketter\n"
    )


def test_questions_lists_the_union_of_the_versions() -> None:
    result = invoke("questions", str(ROUND2 / "templates"), "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "UPPFÖLJNINGSRAPPORT NÄRINGSLIV – VERKSAMHETSBERÄTTELSE 2022",
        "  template  template_v1.docx (2022-08-15, modified)",
        "  template  template_v2.docx (2022-11-14, modified)",
    ]
    at = lines.index(next(line for line in lines if line.startswith("  2.2 ")))
    assert lines[at + 1] == "        asked by: template_v2.docx"
    assert sum(line.startswith("        asked by") for line in lines) == 1
    v1, v2 = ROUND2 / "templates" / "template_v1.docx", ROUND2 / "templates" / "template_v2.docx"
    rows = json.loads(invoke("questions", str(v1), str(v2), "--json").stdout)
    questions = [row for row in rows if row["entry"] == "question"]
    assert [(row["id"], row["asked_by"]) for row in questions] == [
        (q["id"], q["asked_by"]) for q in EXPECTED["questions"]
    ]
    assert all(row["asked_by"] == [] for row in rows if row["entry"] == "field")


def test_the_answers_sheet_names_each_forms_template(rounds: Path) -> None:
    rows = sheet_rows(rounds / "completeness.xlsx", "Svar")
    assert rows[0][-2:] == ["Fil", "Mall"]
    assert {row[-2]: row[-1] for row in rows[1:]} == {
        name: form["template"] for name, form in EXPECTED["forms"].items()
    }
    kultur = rows[FORMS.index("Kulturnämnden_VB_2022.docx") + 1]
    assert kultur[4] is None  # 2.2, not asked: no answer to show


def test_the_outputs_name_an_untitled_previous_run_by_its_folder() -> None:
    # Report and workbook are sent on: the clerk's disk layout stays out of them.
    def named(path: str, title: str | None = None) -> str:
        return previous_run_name(PreviousInfo(path, title, "Mall", compared=0))

    assert named("/home/anna/uppföljning/tertial2/answers.json") == "tertial2"
    assert named("/home/anna/t2-svar.json") == "t2-svar.json"
    assert named("answers.json") == "answers.json"
    assert named("/home/anna/tertial2/answers.json", "Tertial 2") == "Tertial 2"


def test_a_form_of_a_version_not_given_keeps_the_unknown_question_out_of_an_answer(
    tmp_path: Path,
) -> None:
    # Only template_v1 given: the v2 forms' question 2.2 (heading and box) follows 2.1's answer.
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates" / "template_v1.docx"),
        "-o", str(tmp_path / "out"), "-j", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "11 frågor som mallen saknar: ge formulärens version med --template" in result.stderr
    data = json.loads((tmp_path / "out" / "answers.json").read_text("utf-8"))
    for name, expected in EXPECTED["forms"].items():
        response = responses(data)[name]
        got = {a["question_id"]: a["text"] for a in response["answers"]}
        assert got["2.1"] == expected["answers"][IDS.index("2.1")]["text"]
        foreign = [m for m in response["messages"] if m["code"] == "foreign_question"]
        if expected["template"] == "template_v1.docx":
            assert foreign == []
            continue
        assert [(m["location"], m["params"]["question"]) for m in foreign] == [
            ("question 2.1", "2.1")
        ]
        assert foreign[0]["message"].startswith(
            "Fråga 2.1: efter den har formuläret en fråga som mallen saknar: ”Hur arbetar "
            "nämnden med att korta handläggningstiderna"
        )


def test_a_question_only_an_older_version_asks_is_not_owed_by_the_absent(
    rounds: Path, tmp_path: Path
) -> None:
    # v2 dated before v1: v1 is the newest (what the absent would be sent) and 2.2 is only the
    # older version's; Kungsholmen, expected and absent, is not asked it anywhere.
    older = tmp_path / "template_v2.docx"
    with (
        zipfile.ZipFile(ROUND2 / "templates" / "template_v2.docx") as source,
        zipfile.ZipFile(older, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = data.replace(b"2022-11-14T09:05:00Z", b"2022-01-10T09:05:00Z")
            target.writestr(item, data)
    listed = tmp_path / "nämnder.csv"
    names = [EXPECTED["forms"][name]["written_as"] for name in FORMS]
    listed.write_text("\n".join(["Namn", *names, "Kungsholmens stadsdelsnämnd"]), "utf-8")
    out = tmp_path / "out"
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates" / "template_v1.docx"),
        "-t", str(older), "--expected", str(listed), "--previous", str(rounds.parent / "r1"),
        "-o", str(out), "-j", "1", "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    questions = {row[0]: row for row in sheet_rows(out / "completeness.xlsx", "Frågor")}
    assert questions["2.2"][8] == 0  # Utan formulär: not the absent's question
    assert questions["2.1"][8] == 1
    rows = sheet_rows(out / "completeness.xlsx", "Fullständighet")
    kungsholmen = next(row for row in rows if row[0] == "Kungsholmens stadsdelsnämnd")
    assert kungsholmen[3:6] == ["ej inkommen", "ej efterfrågad", "ej inkommen"]
    changes = sheet_rows(out / "completeness.xlsx", "Ändringar")
    kungsholmen = next(row for row in changes if row[0] == "Kungsholmens stadsdelsnämnd")
    assert kungsholmen[3:6] == ["ej inkommen", "ej efterfrågad", "ej inkommen"]
    chased = [row[:2] for row in sheet_rows(out / "completeness.xlsx", "Kontakter")]
    assert chased.count(["Kungsholmens stadsdelsnämnd", "ej inkommen"]) == 1  # the list's, once


def test_a_respondent_twice_in_the_previous_run_is_compared_with_the_later_form(
    rounds: Path, answers: dict[str, Any], tmp_path: Path
) -> None:
    first = json.loads((rounds.parent / "r1" / "answers.json").read_text("utf-8"))
    by_file = {r["file"]: r for r in first["responses"]}
    v1 = by_file["Farsta v1.docx"] | {"status": "read", "superseded_by": None}
    first["responses"] = [r for r in first["responses"] if r is not by_file["Farsta v1.docx"]]
    first["responses"].append(v1)  # both kept, the older last: the later date still wins
    previous = tmp_path / "answers.json"
    previous.write_text(json.dumps(first, ensure_ascii=False), "utf-8")
    result = invoke(
        "run", str(ROUND2 / "inbox"), "-t", str(ROUND2 / "templates"), "--previous",
        str(previous), "-o", str(tmp_path / "out"), "-j", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads((tmp_path / "out" / "answers.json").read_text("utf-8"))
    assert found["previous"]["files"] == answers["previous"]["files"]
    notes = [m for m in found["messages"] if m["code"] == "previous_duplicate"]
    assert [(m["file"], m["location"], m["message"]) for m in notes] == [
        (
            str(previous),
            "run",
            "Farsta stadsdelsnämnd finns mer än en gång i föregående körning: jämförs med "
            "Farsta v2 slutlig.docx (den senaste), inte Farsta v1.docx",
        )
    ]
