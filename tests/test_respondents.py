"""Respondent names, the expected list, and superseded versions."""

from __future__ import annotations

import pytest

from docxmerge.answers.respondents import (
    Candidate,
    assign,
    check_expected,
    choose_latest,
    display_names,
    fold_marks,
    resolve_respondent,
    respondent_key,
)
from docxmerge.model import Answer, Expected, FileInfo, Response

EXPECTED = [
    Expected("Farsta stadsdelsnämnd", ("Farsta SDN",)),
    Expected("Enskede-Årsta-Vantörs stadsdelsnämnd"),
    Expected(
        "Järva stadsdelsnämnd", ("Rinkeby-Kista stadsdelsnämnd", "Spånga-Tensta stadsdelsnämnd")
    ),
    Expected("Kulturnämnden"),
    Expected("Östermalms stadsdelsnämnd"),
]


def test_keys_agree_across_spellings() -> None:
    farsta = {
        respondent_key(n)
        for n in [
            "Farsta stadsdelsnämnd",
            "Stadsdelsnämnden i Farsta",
            "Farsta SDN",
            "FARSTA  sdn.",
        ]
    }
    assert farsta == {"farsta"}
    assert respondent_key("Östermalms stadsdelsnämnd") == "östermalm"
    assert respondent_key("Östermalm SDN") == "östermalm"
    assert respondent_key("Enskede – Årsta – Vantörs stadsdelsnämnd") == "enskede-årsta-vantör"
    assert respondent_key("Kulturnämnden") == respondent_key("kulturnämnd") == "kulturnämnd"
    assert respondent_key("Miljö- och hälsoskyddsnämnden") == "miljö-och hälsoskyddsnämnd"


def test_resolve_without_expected_keeps_the_name_or_file_stem() -> None:
    assert resolve_respondent(" Farsta SDN ", "farsta.docx", []) == ("Farsta SDN", None)
    assert resolve_respondent("", "inbox/Bromma_svar.docx", []) == ("Bromma svar", None)
    assert resolve_respondent("Klicka här för att ange text.", "x/Bromma.docx", []) == (
        "Bromma",
        None,
    )
    assert resolve_respondent(None, "Bromma.docx", []) == ("Bromma", None)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Harbor Electronics Inc.", "Harbor Electronics Inc."),  # an abbreviation's own dot
        ("Sunrise Textiles Pvt. Ltd.", "Sunrise Textiles Pvt. Ltd."),
        ("Acme Corp.", "Acme Corp."),
        ("Solano Foods S.A.", "Solano Foods S.A."),
        ("Bromma stadsdelsnämnd.", "Bromma stadsdelsnämnd"),  # a full stop after the name
        ("Exploateringsnämnden, ", "Exploateringsnämnden"),
        ("Kista AB", "Kista AB"),
    ],
)
def test_a_name_keeps_the_dot_that_ends_an_abbreviation(typed: str, name: str) -> None:
    assert resolve_respondent(typed, "svar.docx", []) == (name, None)


def test_resolve_with_expected() -> None:
    assert resolve_respondent("Farsta SDN", "a.docx", EXPECTED) == ("Farsta stadsdelsnämnd", 100.0)
    assert resolve_respondent("Stadsdelsnämnden i Farsta", "a.docx", EXPECTED)[0] == (
        "Farsta stadsdelsnämnd"
    )
    assert resolve_respondent("Rinkeby-Kista stadsdelsnämnd", "a.docx", EXPECTED)[0] == (
        "Järva stadsdelsnämnd"
    )
    assert resolve_respondent("Enskede-Årsta-Vantör SDN", "a.docx", EXPECTED)[0] == (
        "Enskede-Årsta-Vantörs stadsdelsnämnd"
    )
    assert resolve_respondent("Kulturnämnd", "a.docx", EXPECTED)[0] == "Kulturnämnden"
    # empty field: the file name decides
    assert (
        resolve_respondent("", "inbox/Farsta_T2_2026.docx", EXPECTED)[0] == "Farsta stadsdelsnämnd"
    )
    # unknown: the name as written, with a low score
    name, score = resolve_respondent("Fastighetsnämnden", "a.docx", EXPECTED)
    assert name == "Fastighetsnämnden" and score is not None and score < 85


def test_display_names_prefer_the_most_complete_spelling() -> None:
    assert display_names(["Farsta SDN", "Farsta stadsdelsnämnd", "Bromma"]) == {
        "Farsta SDN": "Farsta stadsdelsnämnd",
        "Farsta stadsdelsnämnd": "Farsta stadsdelsnämnd",
        "Bromma": "Bromma",
    }


def test_choose_latest() -> None:
    candidates = [
        Candidate(
            "farsta_v1.docx", "Farsta SDN", "2026-05-01T10:00:00Z", "2026-05-09T00:00:00+00:00"
        ),
        Candidate(
            "farsta_v2.docx",
            "Farsta stadsdelsnämnd",
            "2026-05-03T10:00:00Z",
            "2026-05-02T00:00:00+00:00",
        ),
        Candidate("bromma_a.docx", "Bromma", None, "2026-05-02T00:00:00+00:00"),
        Candidate("bromma_b.docx", "Bromma", None, "2026-05-02T00:00:00+00:00"),
        Candidate(
            "kultur.docx", "Kulturnämnden", "2026-05-01T10:00:00", "2026-05-01T00:00:00+00:00"
        ),
    ]
    assert choose_latest(candidates) == {
        "farsta_v1.docx": "farsta_v2.docx",  # the core date wins over the file time
        "farsta_v2.docx": None,
        "bromma_a.docx": "bromma_b.docx",  # same times: the later name
        "bromma_b.docx": None,
        "kultur.docx": None,
    }


def test_choose_latest_same_core_date_then_file_time() -> None:
    candidates = [
        Candidate("a.docx", "X", "2026-05-01T10:00:00Z", "2026-05-09T00:00:00+00:00"),
        Candidate("b.docx", "X", "2026-05-01T10:00:00Z", "2026-05-02T00:00:00+00:00"),
    ]
    assert choose_latest(candidates) == {"a.docx": None, "b.docx": "a.docx"}


def test_a_version_without_the_questions_never_wins() -> None:
    # Another questionnaire with the same header fields, sent later by mistake.
    candidates = [
        Candidate("farsta.docx", "Farsta SDN", "2026-05-01T10:00:00Z", "2026-05-01T00:00:00Z"),
        Candidate(
            "farsta miljö.docx",
            "Farsta SDN",
            "2026-05-09T10:00:00Z",
            "2026-05-09T00:00:00Z",
            has_questions=False,
        ),
    ]
    assert choose_latest(candidates) == {"farsta.docx": None, "farsta miljö.docx": "farsta.docx"}


def test_assign_keeps_the_form_over_a_later_file_without_its_questions() -> None:
    def sent(name: str, modified: str, statuses: tuple[str, ...]) -> Response:
        answers = tuple(Answer(f"1.{n}", status, "") for n, status in enumerate(statuses, 1))
        return Response(
            FileInfo(name, 1, modified, "sha of " + name),
            "read",
            fields={"Nämnd": "Farsta SDN"},
            answers=answers,
            document_modified=modified,
        )

    responses = [
        sent("Farsta.docx", "2026-05-01T00:00:00Z", ("answered", "missing", "empty")),
        sent("Farsta miljöenkät.docx", "2026-05-09T00:00:00Z", ("missing", "missing", "missing")),
    ]
    named, _, _ = assign(responses, [], "sv")
    assert [(r.status, r.superseded_by) for r in named] == [
        ("read", None),
        ("superseded", "Farsta.docx"),
    ]
    note = named[1].messages[-1]
    assert (note.code, note.text, note.params) == (
        "superseded_no_questions",
        "Not used: no question of the template was found in it; Farsta.docx is used",
        (("by", "Farsta.docx"),),
    )


def _response(name: str, nämnd: str, modified: str | None, status: str = "read") -> Response:
    return Response(
        FileInfo(name, 1, "2026-05-01T00:00:00+00:00", "sha of " + name),
        status,  # type: ignore[arg-type]
        fields={"Nämnd": nämnd} if status == "read" else {},
        respondent=nämnd or None,
        document_modified=modified,
    )


def test_assign_with_expected() -> None:
    responses = [
        _response("a.docx", "Farsta SDN", "2026-05-01T00:00:00Z"),
        _response("b.docx", "Stadsdelsnämnden i Farsta", "2026-05-02T00:00:00Z"),
        _response("c.docx", "Fastighetsnämnden", None),
        _response("Kulturnämnden.docx", "", None, status="unreadable"),
    ]
    named, missing, messages = assign(responses, EXPECTED, "sv")
    assert [(r.file.name, r.respondent, r.status, r.superseded_by) for r in named] == [
        ("a.docx", "Farsta stadsdelsnämnd", "superseded", "b.docx"),
        ("b.docx", "Farsta stadsdelsnämnd", "read", None),
        ("c.docx", "Fastighetsnämnden", "read", None),
        ("Kulturnämnden.docx", "Kulturnämnden", "unreadable", None),
    ]
    assert named[0].messages[-1].code == "superseded"
    assert dict(named[0].messages[-1].params) == {"by": "b.docx"}
    assert missing == [
        "Enskede-Årsta-Vantörs stadsdelsnämnd",
        "Järva stadsdelsnämnd",
        "Östermalms stadsdelsnämnd",
    ]
    assert [(m.file, m.code) for m in messages] == [("c.docx", "unknown_respondent")]


def test_assign_without_expected_groups_spellings() -> None:
    responses = [
        _response("a.docx", "Farsta SDN", "2026-05-03T00:00:00Z"),
        _response("b.docx", "Farsta stadsdelsnämnd", "2026-05-02T00:00:00Z"),
        _response("c.docx", "", None),
    ]
    named, missing, messages = assign(responses, [], "en")
    assert [(r.respondent, r.status, r.superseded_by) for r in named] == [
        ("Farsta stadsdelsnämnd", "read", None),
        ("Farsta stadsdelsnämnd", "superseded", "a.docx"),
        ("c", "read", None),
    ]
    assert missing == [] and messages == []


def test_a_name_with_no_key_falls_back_to_the_file_name() -> None:
    for raw in ["-", "SDN", "Stadsdelsnämnden", "Nämnden", "?"]:
        assert respondent_key(raw) == ""
        assert resolve_respondent(raw, "inbox/Bromma_svar.docx", []) == ("Bromma svar", None)
    assert resolve_respondent("SDN", "Farsta_T2.docx", EXPECTED)[0] == "Farsta stadsdelsnämnd"


def test_names_without_a_key_are_never_grouped() -> None:
    assert display_names(["SDN", "Nämnden", "Farsta"]) == {
        "SDN": "SDN",
        "Nämnden": "Nämnden",
        "Farsta": "Farsta",
    }
    candidates = [
        Candidate("a.docx", "-", "2026-05-01T10:00:00Z", "2026-05-01T00:00:00+00:00"),
        Candidate("b.docx", "SDN", "2026-05-02T10:00:00Z", "2026-05-01T00:00:00+00:00"),
    ]
    assert choose_latest(candidates) == {"a.docx": None, "b.docx": None}


def test_assign_two_committees_writing_only_sdn_are_both_kept() -> None:
    responses = [
        _response("Farsta.docx", "SDN", "2026-05-01T00:00:00Z"),
        _response("Bromma.docx", "SDN", "2026-05-02T00:00:00Z"),
        _response("SDN.docx", "Nämnden", "2026-05-03T00:00:00Z"),
    ]
    named, missing, messages = assign(responses, [], "en")
    assert [(r.respondent, r.status, r.superseded_by) for r in named] == [
        ("Farsta", "read", None),
        ("Bromma", "read", None),
        ("SDN", "read", None),
    ]
    assert missing == [] and messages == []


def test_choose_latest_same_dates_natural_name_order() -> None:
    same = ("2026-05-01T10:00:00Z", "2026-05-01T00:00:00+00:00")
    candidates = [
        Candidate("Farsta copy 60.docx", "Farsta", *same),
        Candidate("Farsta copy 9.docx", "Farsta", *same),
    ]
    assert choose_latest(candidates) == {
        "Farsta copy 60.docx": None,  # 60 comes after 9
        "Farsta copy 9.docx": "Farsta copy 60.docx",
    }


def test_assign_identical_copy_is_named_so() -> None:
    def copy(name: str, sha: str, modified: str) -> Response:
        return Response(
            FileInfo(name, 1, modified, sha),
            "read",
            fields={"Nämnd": "Farsta SDN"},
            document_modified="2026-05-01T00:00:00Z",
        )

    responses = [
        copy("Farsta (2).docx", "abc", "2026-05-01T00:00:00+00:00"),
        copy("Farsta.docx", "abc", "2026-05-02T00:00:00+00:00"),
        copy("Farsta old.docx", "def", "2026-04-01T00:00:00+00:00"),
    ]
    named, _, _ = assign(responses, [], "en")
    assert [(r.status, r.superseded_by) for r in named] == [
        ("superseded", "Farsta.docx"),
        ("read", None),
        ("superseded", "Farsta.docx"),
    ]
    first, third = named[0].messages[-1], named[2].messages[-1]
    assert (first.code, first.text, first.params) == (
        "duplicate_copy",
        "Identical copy of Farsta.docx",
        (("file", "Farsta.docx"),),
    )
    assert (third.code, third.params) == ("superseded", (("by", "Farsta.docx"),))


def _refused(name: str, status: str, code: str) -> Response:
    return Response(
        FileInfo(name, 1, "2026-05-01T00:00:00+00:00", "sha of " + name),
        status,  # type: ignore[arg-type]
        error_code=code,
    )


def test_unreadable_files_and_blank_forms_are_named_by_their_file_name() -> None:
    responses = [
        _response("Bromma T2.docx", "Bromma stadsdelsnämnd", None),
        _refused("Bromma trasig.docx", "unreadable", "damaged"),  # Bromma's, who has a form
        _refused("Spånga-Tensta.doc", "unreadable", "legacy_doc"),
        _refused("Farsta_T2.docx", "skipped", "blank_form"),
        _refused("anteckningar.txt", "unreadable", "not_word"),  # no form at all
        _refused("~$rsta.docx", "skipped", "lock_file"),
    ]
    named, missing, _ = assign(responses, [], "sv")
    assert [r.respondent for r in named] == [
        "Bromma stadsdelsnämnd",
        "Bromma stadsdelsnämnd",
        "Spånga-Tensta",
        "Farsta T2",
        None,
        None,
    ]
    assert missing == []
    # with a list, only a name on it (Spånga-Tensta is an alias of Järva's): an unmatched
    # file stands for nobody, the list says who is missing
    named, missing, _ = assign(responses, EXPECTED, "sv")
    assert [r.respondent for r in named[1:4]] == [
        None,
        "Järva stadsdelsnämnd",
        "Farsta stadsdelsnämnd",
    ]
    assert "Farsta stadsdelsnämnd" not in missing  # the blank form came: not "not received"


# ------------------------------------------------------------- names typed without å, ä, ö


def test_fold_marks() -> None:
    assert fold_marks("Hägersten-Älvsjö SDN") == "Hagersten-Alvsjo SDN"
    assert fold_marks("Enskede-Årsta-Vantör") == "Enskede-Arsta-Vantor"
    assert fold_marks("Bjørn Ærø Straße") == "Bjorn AEro Strasse"


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("Farsta stadsdelsnämnd", "Farsta stadsdelsnamnd"),
        ("Hägersten-Älvsjö stadsdelsnämnd", "Hagersten-Alvsjo SDN"),
        ("Enskede-Årsta-Vantörs stadsdelsnämnd", "Enskede-Arsta-Vantors stadsdelsnamnd"),
        ("Stadsdelsnämnden i Skarpnäck", "Skarpnacks sdn"),
        ("Kulturnämnden", "Kulturnamnden"),
    ],
)
def test_a_list_typed_without_diacritics_still_names_the_form(written: str, listed: str) -> None:
    name, score = resolve_respondent(written, "a.docx", [Expected(listed)])
    assert name == listed and score is not None and score >= 99


def test_folding_never_takes_sodermalm_for_ostermalm() -> None:
    for written in ("Södermalms stadsdelsnämnd", "Sodermalm SDN", "Södermalm"):
        name, score = resolve_respondent(written, "x.docx", [Expected("Östermalms stadsdelsnämnd")])
        assert name == written and score is not None and score < 85, written
    listed = [Expected("Östermalms stadsdelsnämnd"), Expected("Sodermalms sdn")]
    assert resolve_respondent("Södermalm SDN", "x.docx", listed)[0] == "Sodermalms sdn"
    file_only = resolve_respondent("", "Östermalm T2.docx", [Expected("Södermalms sdn")])
    assert file_only[0] == "Östermalm T2"


def test_the_form_spelling_is_shown_where_the_list_abbreviates() -> None:
    responses = [
        _response("a.docx", "Skärholmens stadsdelsnämnd", None),
        _response("b.docx", "Farsta SDN", "2026-05-01T00:00:00Z"),
        _response("c.docx", "Farsta stadsdelsnämnd", "2026-05-02T00:00:00Z"),
        _response("d.docx", "Bromma SDN", None),
        _response("Hägersten-Älvsjö T2.docx", "", None, status="unreadable"),
    ]
    expected = [
        Expected("Skärholmens sdn"),  # abbreviated: the form's own spelling is shown
        Expected("Farsta stadsdelsnamnd"),  # å, ä, ö left out: the form's spelling
        Expected("Bromma stadsdelsnämnd"),  # the list's spelling is the fuller one
        Expected("Hagersten-Alvsjo SDN"),  # only an unreadable file: the list's spelling
    ]
    named, missing, messages = assign(responses, expected)
    assert [(r.respondent, r.status) for r in named] == [
        ("Skärholmens stadsdelsnämnd", "read"),
        ("Farsta stadsdelsnämnd", "superseded"),
        ("Farsta stadsdelsnämnd", "read"),
        ("Bromma stadsdelsnämnd", "read"),
        ("Hagersten-Alvsjo SDN", "unreadable"),
    ]
    assert missing == [] and messages == []


def test_a_repeated_entry_is_merged_with_a_warning() -> None:
    listed = [
        Expected("Skarpnäcks stadsdelsnämnd"),
        Expected("Farsta stadsdelsnämnd"),
        Expected("Skarpnäck", ("Skarpnäck SDN",)),
        Expected("Farsta stadsdelsnamnd"),
    ]
    merged, messages = check_expected(listed, "nämnder.csv")
    assert merged == [
        Expected("Skarpnäcks stadsdelsnämnd", ("Skarpnäck", "Skarpnäck SDN")),
        Expected("Farsta stadsdelsnämnd", ("Farsta stadsdelsnamnd",)),
    ]
    assert [(m.code, dict(m.params)["name"], dict(m.params)["first"]) for m in messages] == [
        ("expected_duplicate", "Skarpnäck", "Skarpnäcks stadsdelsnämnd"),
        ("expected_duplicate", "Farsta stadsdelsnamnd", "Farsta stadsdelsnämnd"),
    ]
    assert check_expected(merged, "x.csv") == (merged, [])


def test_an_empty_list_is_named() -> None:
    merged, messages = check_expected([], "tom.csv")
    assert merged == []
    assert [(m.code, m.params) for m in messages] == [("expected_empty", (("path", "tom.csv"),))]
