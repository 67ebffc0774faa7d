"""Respondent names matched against the --expected list many at a time (respondents._best_all,
rapidfuzz.process.cdist) give exactly what scoring every (name, spelling) pair one by one gave:
the same entry, the same score, the first of equals, the file name's fallback.

The reference below is the per-pair loop as it was before the batches (respondents.py of
7d6a0b9), kept here word for word but for its names; the names and lists are built from the
fixtures' committee names (expected.csv, the inbox files of both rounds, the names the forms
were filled in with) with the variations people type: å, ä, ö left out, "SDN", "Stadsdelsnämnden
i ...", letters dropped or added, case, underscores, file name suffixes.
"""

from __future__ import annotations

import csv
import json
import string
from collections.abc import Sequence
from pathlib import Path, PurePath
from unittest import mock

import build_fixtures  # fixtures/ is on sys.path (conftest.py)
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from docxmerge.answers import respondents
from docxmerge.answers.normalize import clean_spaces, is_known_prompt
from docxmerge.answers.respondents import (
    MATCH_MIN,
    ListKeys,
    fold_marks,
    list_keys,
    resolve_respondent,
    resolve_respondents,
    respondent_key,
)
from docxmerge.model import Expected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# --------------------------------------------------------------------------- the reference


def ref_name_score(a: str, folded_a: str, b: str, folded_b: str, from_file: bool) -> float:
    if not a or not b:
        return 0.0
    folded = ref_key_score(folded_a, folded_b, from_file) - 1.0
    return max(ref_key_score(a, b, from_file), folded)


def ref_key_score(a: str, b: str, from_file: bool) -> float:
    if a == b:
        return 100.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if from_file and 4 <= len(b) <= len(a):
        score = max(score, fuzz.token_set_ratio(a, b) - 5, fuzz.partial_ratio(b, a) - 5)
    return float(round(score, 1))


def ref_best(source: str, keys: ListKeys, from_file: bool) -> tuple[Expected | None, float]:
    a = respondent_key(source)
    folded_a = fold_marks(a)
    best: Expected | None = None
    best_score = 0.0
    for entry, b, folded_b in keys.spellings:
        score = ref_name_score(a, folded_a, b, folded_b, from_file)
        if score > best_score:
            best, best_score = entry, score
    return best, best_score


def ref_clean_name(raw: str | None) -> str:
    if raw is None:
        return ""
    text = respondents._without_trailing_dot(clean_spaces(raw).strip(" ,;:"))
    if is_known_prompt(text) or not respondent_key(text):
        return ""
    return text


def ref_file_stem_name(file_name: str) -> str:
    return clean_spaces(PurePath(file_name.replace("\\", "/")).stem.replace("_", " "))


def ref_match(
    raw: str | None, file_name: str, keys: ListKeys
) -> tuple[Expected | None, str, float | None]:
    name = ref_clean_name(raw)
    from_file = not name
    source = name or ref_file_stem_name(file_name)
    if not keys.expected:
        return None, source, None
    entry, score = ref_best(source, keys, from_file)
    if score >= MATCH_MIN:
        return entry, source, score
    if not from_file and file_name:
        by_file, file_score = ref_best(ref_file_stem_name(file_name), keys, True)
        if file_score >= MATCH_MIN:
            return by_file, source, file_score
    return None, source, score


# --------------------------------------------------------------------------- names and lists


def fixture_names() -> list[str]:
    """Every committee name the fixtures hold, as lists, forms and file names give them."""
    with (FIXTURES / "expected.csv").open(encoding="utf-8-sig") as listed:
        rows = list(csv.reader(listed, delimiter=";"))[1:]
    names = [cell for row in rows for cell in row[:2] if cell]
    names += [form.fields.get("Nämnd", "") for form in build_fixtures.FORMS]
    names += [form.committee for form in build_fixtures.FORMS]
    round2 = json.loads((FIXTURES / "round2" / "expected.json").read_text("utf-8"))
    names += [form["respondent"] for form in round2["forms"].values()]
    for inbox in (FIXTURES / "inbox", FIXTURES / "round2" / "inbox"):
        names += [path.stem for path in sorted(inbox.iterdir())]
    return sorted({name for name in names if name})


NAMES = fixture_names()
OTHERS = ("Östermalm", "Sodermalm", "SDN", "Nämnden", "-", "", "Klicka här för att ange text.")
SUFFIXES = (" SDN", " sdn", " T2 2022", "_VB_2022", " stadsdelsnämnd", " - näringslivsrapport")
PREFIXES = ("Stadsdelsnämnden i ", "Nämnden ", "SDN ")
LETTERS = "aåäeéöoøiusnkrt" + " -–_."


@st.composite
def variations(draw: st.DrawFn, pool: Sequence[str] = ()) -> str:
    """A committee name as someone might type it: a fixture's, or one of ``pool`` (a list's)."""
    names = pool if pool and draw(st.booleans()) else [*NAMES, *OTHERS]
    name = draw(st.sampled_from(names))
    for edit in draw(st.lists(st.integers(0, 9), max_size=3)):
        name = _edited(draw, name, edit)
    return name


def _edited(draw: st.DrawFn, name: str, edit: int) -> str:
    at = draw(st.integers(0, len(name)))
    if edit == 0:
        return fold_marks(name)
    if edit == 1:
        return name[:at] + name[at + 1 :]
    if edit == 2:
        return name[:at] + draw(st.sampled_from(LETTERS)) + name[at:]
    if edit == 3:
        return draw(st.sampled_from([name.upper(), name.lower(), name.title()]))
    if edit == 4:
        return name + draw(st.sampled_from(SUFFIXES))
    if edit == 5:
        return draw(st.sampled_from(PREFIXES)) + name
    if edit == 6:
        return name.replace(" ", draw(st.sampled_from(["_", "  ", " - "])))
    if edit == 7:
        return " ".join(reversed(name.split()))
    if edit == 8:
        return name[:at]
    return name + draw(st.sampled_from(["s", " " + draw(st.text(string.digits, max_size=4))]))


@st.composite
def expected_lists(draw: st.DrawFn) -> list[Expected]:
    """A list of committees, aliases among them; a spelling may be on it twice (equals)."""
    entries = draw(
        st.lists(
            st.builds(Expected, variations(), st.lists(variations(), max_size=2).map(tuple)),
            max_size=25,
        )
    )
    if entries and draw(st.booleans()):  # the same name again, as another entry
        entries.insert(
            draw(st.integers(0, len(entries))), Expected(draw(st.sampled_from(entries)).name)
        )
    return entries


_Forms = list[tuple[str | None, str]]  # a form's first field ("Nämnd"), its file name


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[Expected], _Forms]:
    """A list and forms whose names are the list's (as typed) about half the time."""
    listed = draw(expected_lists())
    spellings = [spelling for entry in listed for spelling in (entry.name, *entry.aliases)]
    field = st.one_of(st.none(), st.just(""), variations(spellings))
    file = st.one_of(st.just(""), variations(spellings).map(lambda stem: stem + ".docx"))
    return listed, draw(st.lists(st.tuples(field, file), min_size=1, max_size=12))


BOUNDED = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def same(
    got: Sequence[tuple[Expected | None, str, float | None]],
    want: Sequence[tuple[Expected | None, str, float | None]],
) -> bool:
    """The same entries (the very objects: which of two equal entries), names and scores."""
    return len(got) == len(want) and all(
        g[0] is w[0] and g[1:] == w[1:] for g, w in zip(got, want, strict=True)
    )


# --------------------------------------------------------------------------- the properties


@BOUNDED
@given(case=cases(), block=st.sampled_from([1, 7, 1 << 18]))
@example(  # folding never takes Södermalm for Östermalm
    case=(
        [Expected("Östermalms stadsdelsnämnd"), Expected("Sodermalms sdn")],
        [("Södermalms stadsdelsnämnd", "x.docx"), ("", "Östermalm T2.docx")],
    ),
    block=1 << 18,
)
@example(  # equals: the first entry wins; the abbreviation and the list typed without å, ä, ö
    case=(
        [Expected("Farsta"), Expected("Farsta stadsdelsnämnd"), Expected("Skarpnäck")],
        [("Farsta SDN", ""), ("Skarpnacks sdn", "a.docx"), (None, "Farsta_T2_2026.docx")],
    ),
    block=7,
)
def test_names_matched_in_batches_are_matched_as_pair_by_pair(
    case: tuple[list[Expected], _Forms], block: int
) -> None:
    listed, forms = case
    keys = list_keys(listed)
    want = [ref_match(raw, file_name, keys) for raw, file_name in forms]
    with mock.patch.object(respondents, "_BLOCK_CELLS", block):  # blocks of 1 row and more
        got = respondents._match_all(forms, keys)
        assert same(got, want)
        assert same([respondents._match(raw, file_name, keys) for raw, file_name in forms], want)
        shown = [(w[1] if w[0] is None else w[0].name, w[2]) for w in want]
        assert resolve_respondents(forms, listed) == shown
        assert [resolve_respondent(raw, file_name, keys) for raw, file_name in forms] == shown


@pytest.mark.parametrize("listed", [NAMES, [n.upper() for n in NAMES] + NAMES])
def test_every_fixture_name_against_the_fixture_names(listed: list[str]) -> None:
    """Every fixture name, as a field and as a file name, against all of them (each its own
    entry: many near equals, Farsta v1 and Farsta v2, the SDN aliases)."""
    keys = list_keys([Expected(name) for name in listed])
    forms = [(name, "") for name in NAMES] + [(None, name + ".docx") for name in NAMES]
    forms += [(name, other + ".docx") for name, other in zip(NAMES, reversed(NAMES), strict=True)]
    want = [ref_match(raw, file_name, keys) for raw, file_name in forms]
    assert same(respondents._match_all(forms, keys), want)
    assert sum(w[0] is not None for w in want) > len(NAMES)  # most of them named an entry


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every pair respondents._name_score scores (the name's key), the function still run."""
    calls: list[str] = []
    real = respondents._name_score

    def counted(a: str, *args: object) -> float:
        calls.append(a)
        return real(a, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(respondents, "_name_score", counted)
    return calls


def test_pairs_are_scored_one_by_one_only_where_the_batch_cannot_say(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """1,000 names against 1,000 spellings (500 keys): the pair call scores a name and a
    spelling keyed alike (100 by its own rule), not every pair."""
    calls = counting(monkeypatch)
    listed = [
        Expected(f"Område {n:04d} stadsdelsnämnd", (f"Område {n:04d} SDN",)) for n in range(500)
    ]
    names = [(f"Stadsdelsnämnden i Område {n:04d}", "") for n in range(250, 1250)]
    resolved = resolve_respondents(names, listed)
    assert resolved[:250] == [(f"Område {n:04d} stadsdelsnämnd", 100.0) for n in range(250, 500)]
    # not listed: one digit from many, which score alike ("0500": 0000, 0100 ... 0400, 0501
    # ...); the first of them
    assert resolved[250:252] == [
        ("Område 0000 stadsdelsnämnd", 90.9),
        ("Område 0001 stadsdelsnämnd", 90.9),
    ]
    assert sorted(calls) == [f"område {n:04d}" for n in range(250, 500)]  # before: 1,000 each


@pytest.mark.parametrize(
    ("listed", "score"),
    [
        ("abcdefghijklmnox", 93.8),  # 30 of 32 letters kept: 93.75, rounded half to even
        ("abcdefghijklmxyz", 81.2),  # 26 of 32: 81.25
        ("abcdefghijkxyzvw", 68.8),  # 22 of 32: 68.75
    ],
)
def test_a_score_on_a_rounding_half_is_scored_by_the_pair_call(
    monkeypatch: pytest.MonkeyPatch, listed: str, score: float
) -> None:
    """round(score, 1) of a score half way between tenths: the batch leaves it to the pair
    call, which rounds as it always has (Python's round, half to even on the exact value)."""
    calls = counting(monkeypatch)
    name = "abcdefghijklmnop"
    keys = list_keys([Expected("zzzz"), Expected(listed)])
    assert ref_best(name, keys, False) == (keys.expected[1], score)
    want = (listed, score) if score >= MATCH_MIN else (name, score)
    assert resolve_respondent(name, "", keys) == want
    assert calls == [name]  # zzzz: no half, decided by the batch
