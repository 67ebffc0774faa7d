"""answers.compare: one answer against the previous round's, as words, a similarity and a diff."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docxmerge.answers.compare import compare_answers, compare_texts, normalised, word_diff
from docxmerge.model import Comparison


def word(n: int) -> str:
    """A word of its own for each n, without digits ("orda", "ordb", ... "ordba")."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters = chr(97 + rest) + letters
        if not n:
            return "ord" + letters


LONG = " ".join(word(n) for n in range(200)) + "."  # 201 words: long enough for a changed word


def test_the_four_words_and_none() -> None:
    assert compare_answers(None, "Ja") == Comparison("new")
    assert compare_answers("Ja", None) == Comparison("dropped", previous_text="Ja")
    assert compare_answers(None, None) == Comparison(None)
    assert compare_answers("Ja", "Ja") == Comparison("unchanged", 1.0, "Ja")
    assert compare_answers("Ja", "Nej") == Comparison("changed", 0.0, "Ja")  # no letter alike
    assert compare_answers("ja", "nej") == Comparison("changed", 0.4, "ja")


@pytest.mark.parametrize(
    ("before", "after", "word", "similarity"),
    [
        ("Ej aktuellt.", "Ej aktuellt", "unchanged", 0.957),  # a trailing period
        ("Samverkan  sker\nmed polisen.", "Samverkan sker med polisen.", "unchanged", 1.0),
        ("Vi säger “ja”.", 'Vi säger "ja".', "unchanged", 1.0),  # quote styles
        ("kulturnäringsar och mer", "kulturnäringar och mer", "unchanged", 0.978),  # a typo
        (LONG, LONG.replace(f" {word(100)} ", " ordning "), "unchanged", 0.997),  # a word in 201
        ("2022-03-15", "2022-03-16", "changed", 0.9),  # a number is no typo
        ("Vi har inte gjort något.", "Vi har gjort något.", "changed", 0.884),  # short: a word
        (LONG, LONG + "\nEtt nytt stycke.", "changed", 0.993),  # a paragraph added
        (LONG, LONG + "\nSe bilaga.", "changed", 0.995),  # however short
        (LONG, LONG + " Nu med fyra ord.", "changed", 0.993),  # a sentence added
        (LONG, LONG.replace(f" {word(7)} ", " "), "unchanged", 0.998),  # a word dropped in 201
        ("-", "Vi deltar i arbetet.", "changed", 0.0),  # declined, now an answer
    ],
)
def test_words_and_similarity(before: str, after: str, word: str, similarity: float) -> None:
    assert compare_texts(before, after) == (word, similarity)


def test_a_copy_is_only_exactly_similar_when_it_is_the_same() -> None:
    text = "a" * 5000
    assert compare_texts(text, text[:-1] + "b") == ("unchanged", 0.999)  # not rounded to 1.0


def test_normalised_text() -> None:
    assert normalised("  Två\u00a0ord –\nen rad\u200b ") == "Två ord - en rad"


def test_a_very_long_answer_is_compared_by_its_paragraphs() -> None:
    paragraphs = [f"Stycke {n} " + "text " * 40 for n in range(600)]  # 150,000 characters
    before = "\n".join(paragraphs)
    after = "\n".join([*paragraphs[:300], "Ett nytt stycke.", *paragraphs[300:]])
    word, similarity = compare_texts(before, after)
    assert word == "changed"
    assert similarity > 0.99


def test_word_diff_as_words_compare_shows_it() -> None:
    before = "Vi samverkar med polisen.\nInget mer."
    after = "Vi samverkar med polisen och skolan.\nInget mer.\nEtt nytt stycke."
    assert word_diff(before, after) == (
        ("same", "Vi samverkar med polisen"),
        ("inserted", " och skolan"),
        ("same", "."),
        ("same", "\n"),
        ("same", "Inget mer."),
        ("inserted", "\n"),
        ("inserted", "Ett nytt stycke."),
    )
    assert word_diff("A.\nB.\nC.", "X.\nA.\nC.") == (
        ("inserted", "X."),
        ("inserted", "\n"),
        ("same", "A."),
        ("deleted", "\n"),
        ("deleted", "B."),
        ("same", "\n"),
        ("same", "C."),
    )


def test_the_difference_is_only_made_for_an_edited_answer_and_when_asked() -> None:
    assert compare_answers("a b", "a c").difference == ()
    assert compare_answers("a b", "a c", with_difference=True).difference == (
        ("same", "a"),
        ("deleted", " b"),
        ("inserted", " c"),
    )
    assert compare_answers("a b", "a  b", with_difference=True).difference == ()  # the same


def test_a_nearly_unchanged_answer_has_its_difference_too() -> None:
    before = " ".join(["Förvaltningen har möten med företagen."] * 12) + " (sex stycken)"
    after = before.replace("sex", "sju")
    comparison = compare_answers(before, after, with_difference=True)
    assert (comparison.word, comparison.similarity) == ("unchanged", 0.996)
    assert [p for p in comparison.difference if p[0] != "same"] == [
        ("deleted", "sex"),
        ("inserted", "sju"),
    ]


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
spaces = st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\u00a0"]), min_size=1)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(texts)
def test_identical_texts_are_unchanged_with_similarity_one(text: str) -> None:
    comparison = compare_answers(text, text)
    assert (comparison.word, comparison.similarity) == ("unchanged", 1.0)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(
    st.lists(st.text(st.characters(categories=("L", "N", "P")), min_size=1), min_size=1), st.data()
)
def test_white_space_differences_are_unchanged_with_similarity_one(
    words: list[str], data: st.DataObject
) -> None:
    before = " ".join(words)
    gaps = data.draw(
        st.lists(spaces.map("".join), min_size=len(words) + 1, max_size=len(words) + 1)
    )
    after = gaps[0] + "".join(word + gap for word, gap in zip(words, gaps[1:], strict=True))
    comparison = compare_answers(before, after)
    assert (comparison.word, comparison.similarity) == ("unchanged", 1.0)


@settings(max_examples=100, derandomize=True, database=None, deadline=None)
@given(texts)
def test_an_answer_gone_is_dropped(text: str) -> None:
    assert compare_answers(text, None) == Comparison("dropped", previous_text=text)


def _side(pieces: tuple[tuple[str, str], ...], left_out: str) -> list[str]:
    """One text's paragraphs, from the pieces that are not ``left_out``."""
    paragraphs = [""]
    for kind, text in pieces:
        if kind == left_out:
            continue
        if text == "\n":
            paragraphs.append("")
        else:
            paragraphs[-1] += text
    return paragraphs if pieces else []


def _paragraphs(text: str) -> list[str]:
    return [normalised(line) for line in text.split("\n") if normalised(line)]


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(texts, texts)
def test_the_word_diff_holds_both_texts(before: str, after: str) -> None:
    pieces = word_diff(before, after)
    if _paragraphs(before) and _paragraphs(after):
        assert _side(pieces, "inserted") == _paragraphs(before)  # same and deleted: the old
        assert _side(pieces, "deleted") == _paragraphs(after)  # same and inserted: the new
    word, similarity = compare_texts(before, after)
    assert similarity == 1.0 if normalised(before) == normalised(after) else similarity < 1.0
    assert word == "changed" or similarity >= 0.9


def test_hostile_lengths_are_compared_in_bounded_time() -> None:
    """Repetitive and very long texts: rapidfuzz's bit-parallel alignment within a bound (the
    first of these took longer than minutes with difflib's SequenceMatcher)."""
    lines = "a\n" * 100_000
    assert compare_texts(lines, lines + "b") == ("changed", 0.999)  # a paragraph added
    words = " ".join(f"w{n}" for n in range(8_000))
    interleaved = " ".join(f"w{n} x{n}" for n in range(4_000))
    assert compare_texts(words, interleaved)[0] == "changed"
    pieces = word_diff(words, interleaved)  # word by word within the bound
    assert pieces[:3] == (("same", "w0"), ("inserted", " x0"), ("same", " w1"))
    assert len(pieces) == 8_001  # 4,000 kept, 4,000 inserted, the rest deleted
    assert pieces[-2:] == (
        ("deleted", "".join(f" w{n}" for n in range(4_000, 8_000))),
        ("inserted", " x3999"),
    )
    long = " ".join(f"w{n}" for n in range(30_000))  # 30,000 words in one paragraph: what
    assert word_diff(long, long.replace("w5 ", "")) == (  # they share at both ends aside
        ("same", "w0 w1 w2 w3 w4"),
        ("deleted", " w5"),
        ("same", "".join(f" w{n}" for n in range(6, 30_000))),
    )
    unlike = " ".join(f"v{n}" for n in range(30_000))  # nothing shared, too long: whole
    assert word_diff(long, unlike) == (("deleted", long), ("inserted", unlike))


FILLER = " ".join(["Förvaltningen har regelbundna möten med företagarna i området."] * 25)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Vi har avsatt 3 miljoner.", "Vi har avsatt 30 miljoner."),
        ("Beslut fattades 2021.", "Beslut fattades 2023."),
        ("Nämnden samverkar inte med polisen.", "Nämnden samverkar nu med polisen."),
        ("We do not share data.", "We do share data."),
    ],
)
def test_a_figure_or_a_negation_changed_is_a_change_however_long_the_answer(
    before: str, after: str
) -> None:
    word, similarity = compare_texts(f"{FILLER} {before}", f"{FILLER} {after}")
    assert word == "changed" and similarity > 0.99


def test_a_word_changed_in_a_long_answer_is_still_a_copy() -> None:
    assert compare_texts(f"{FILLER} (sex stycken)", f"{FILLER} (sju stycken)")[0] == "unchanged"


def test_texts_beyond_every_bound_are_compared_in_bounded_time() -> None:
    one_paragraph = " ".join(f"ord{n}" for n in range(120_000))  # 120,000 words, one paragraph
    other = one_paragraph.replace("ord7 ", "ORD7x ")
    assert compare_texts(one_paragraph, other) == ("changed", 0.999)  # by words, 3 places
    kinds = [kind for kind, _ in word_diff(one_paragraph, other)]  # quadratic: minutes
    assert kinds == ["same", "deleted", "inserted", "same"]
