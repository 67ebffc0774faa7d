"""Where each template heading stands in a form: a monotonic alignment of the template's
section and question headings to the form's paragraphs.

rapidfuzz scores on normalised text, with heading formatting as evidence; a dynamic programme
maximises the summed weights in template order, so a deleted heading leaves the others in place
and a sentence quoting a heading cannot take it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from docxmerge.answers.blocks import (
    in_answer_box,
    is_row_label,
    label_before_slot,
    styled_as_heading,
)
from docxmerge.answers.normalize import normalize_heading
from docxmerge.answers.shortcuts import may_be_key
from docxmerge.model import Document, Question

CONFIDENT = 90.0  # at or above: a sure match
FLOOR = 60.0  # below: not this heading
OUT_OF_ORDER_MIN = 85.0  # out of template order: only a near-certain match
HEADING_BONUS = 3.0  # heading style or bold paragraph
PLAIN_PENALTY = 7.0  # ordinary paragraph


@dataclass(frozen=True, slots=True)
class Target:
    """A template heading to look for: a section (question None) or a question; ``also``: more
    questions answered beside the same label (the other cells of a row to fill in)."""

    key: str
    question: Question | None
    also: tuple[Question, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a target was found: the paragraphs of its heading and how well they match."""

    start: int  # first block of the heading as found
    end: int  # last block of the heading (a heading split over two paragraphs)
    score: float
    out_of_order: bool = False
    inline: bool = False  # the answer follows the heading and a colon in the same paragraph


# --------------------------------------------------------------------------- scoring


def heading_score(template_key: str, form_key: str, heading_like: bool) -> float:
    """0-100: how well a form paragraph (normalised) stands for a template heading."""
    if not form_key or not template_key:
        return 0.0
    longer = len(form_key) > 1.25 * len(template_key) + 5
    if longer and not heading_like and template_key in form_key:
        return 0.0  # a sentence that quotes the heading is not the heading
    if len(form_key) > 1.6 * len(template_key) + 15 and not heading_like:
        return 0.0  # a long answer paragraph is not a heading
    score = float(fuzz.ratio(template_key, form_key))
    if not longer and len(template_key) <= 1.25 * len(form_key) + 5:
        score = max(score, 0.95 * float(fuzz.token_set_ratio(template_key, form_key)))
    return round(score, 1)


def _adjusted(score: float, heading_like: bool) -> float:
    return score + (HEADING_BONUS if heading_like else -PLAIN_PENALTY)


# --------------------------------------------------------------------------- alignment


@dataclass(frozen=True, slots=True)
class Candidate:
    """A form paragraph that may stand for a template heading."""

    index: int
    key: str | None  # None: surely too long to stand for any target, never normalised
    heading_like: bool
    label_key: str | None  # "Heading: answer" on one line: the part before the colon


def too_long_limit(targets: Sequence[Target]) -> float:
    """heading_score gives 0 to a plain paragraph whose key is longer than this, against
    every target (its rule for long answer paragraphs)."""
    return 1.6 * max((len(t.key) for t in targets), default=0) + 15


def candidates(doc: Document, too_long: float) -> list[Candidate]:
    found: list[Candidate] = []
    for i, block in enumerate(doc.blocks):
        if not block.text.strip() or in_answer_box(block):
            continue
        head, colon, rest = block.text.partition(":")
        label = (normalize_heading(head) or None) if colon and rest.strip() else None
        if label is None and (block.form_fields or block.controls):
            label = normalize_heading(label_before_slot(block)) or None  # "Label? ☐ Ja ☐ Nej"
        heading_like = styled_as_heading(block) or is_row_label(block)
        if not heading_like and label is None and not may_be_key(block.text, too_long):
            found.append(Candidate(i, None, False, None))  # a long answer paragraph
            continue
        found.append(Candidate(i, normalize_heading(block.text), heading_like, label))
    return found


@lru_cache(maxsize=4096)
def text_pair_score(
    target_key: str, key: str, heading_like: bool, label: str | None
) -> tuple[float, float, bool]:
    """(text score, alignment weight, heading-then-answer-on-one-line) of a target's key
    against a paragraph's key (or two paragraphs' keys joined), remembered: forms made from
    one template repeat their headings."""
    score, inline = heading_score(target_key, key, heading_like), False
    if label is not None and score < CONFIDENT:
        label_score = heading_score(target_key, label, True)
        if label_score > score:
            score, inline = label_score, True
    if score < CONFIDENT and heading_like and answered_on_its_line(target_key, key):
        score, inline = 100.0, True  # "Hur upplever personalen meröppet? Positivt."
    if score < CONFIDENT and label is not None and _label_lengthened(target_key, label):
        score, inline = CONFIDENT, True  # "Location of incident: ..." for "Location: [ ]"
    if score < FLOOR:
        return score, 0.0, inline
    return score, max(_adjusted(score, heading_like) - FLOOR, 0.0) + 1.0, inline


MIN_LINE_KEY = 15  # a heading this long, then more words: its answer on the same line


def answered_on_its_line(target_key: str, key: str) -> bool:
    """A paragraph that is the question itself followed by the answer on the same line."""
    return (
        len(target_key) >= MIN_LINE_KEY
        and len(key) > len(target_key) + 1
        and key.startswith(target_key)
        and key[len(target_key)] in " ?.:!;"
    )


def _label_lengthened(target_key: str, label: str) -> bool:
    """A label the respondent lengthened by a few words after its own ("Location" written
    "Location of incident")."""
    extra = label.removeprefix(target_key + " ")
    return len(target_key) >= 4 and extra != label and 0 < len(extra.split()) <= 3


_Step = tuple[int, bool, float]  # width (1 or 2 paragraphs), inline answer, text score


def align(targets: Sequence[Target], cands: Sequence[Candidate]) -> dict[int, Hit]:
    """Monotonic alignment maximising the summed weights; target index -> hit.

    A target may take one paragraph, or two adjacent ones holding a heading split in two.
    Headings found exactly once, word for word, fix the alignment between them (see
    :func:`exact_anchors`); the weighing runs in the gaps only.
    """
    hits: dict[int, Hit] = {}
    t0 = c0 = 0
    for t, c in [*exact_anchors(targets, cands), (len(targets), len(cands))]:
        found = _align_gap(targets[t0:t], cands[c0:c])
        hits.update((t0 + i, hit) for i, hit in found.items())
        if t < len(targets):
            cand = cands[c]
            assert cand.key is not None
            score = text_pair_score(targets[t].key, cand.key, cand.heading_like, cand.label_key)
            hits[t] = Hit(cand.index, cand.index, score[0], inline=score[2])
        t0, c0 = t + 1, c + 1
    return hits


def exact_anchors(targets: Sequence[Target], cands: Sequence[Candidate]) -> list[tuple[int, int]]:
    """(target, candidate) pairs that stand word for word (same key), each key once among the
    targets and once among the paragraphs, in an order both keep (the longest such chain).

    A speed trick, exact in effect: such a pair is the best a heading can get (a score of
    100), and the alignment would take it; scoring every other heading against every
    paragraph was 3.6 of the 5.5 ms per form of matching in table layout (28 headings, 60
    short paragraphs, few repeated across forms). Matching gives the same answers with and
    without anchors on the fixtures, the layout sets and 600 generated forms.
    """
    target_keys = Counter(target.key for target in targets)
    cand_keys = Counter(c.key for c in cands if c.key is not None)
    at = {c.key: n for n, c in enumerate(cands) if c.key is not None and cand_keys[c.key] == 1}
    pairs = [
        (t, at[target.key])
        for t, target in enumerate(targets)
        if target_keys[target.key] == 1 and target.key in at and target.key
    ]
    return _increasing(pairs)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs (sorted by their first) whose second items increase."""
    tails: list[int] = []  # position in pairs of the last pair of the best chain of each length
    before: list[int | None] = []
    for n, (_, c) in enumerate(pairs):
        length = bisect_left([pairs[k][1] for k in tails], c)
        before.append(tails[length - 1] if length else None)
        if length == len(tails):
            tails.append(n)
        else:
            tails[length] = n
    chain: list[tuple[int, int]] = []
    k: int | None = tails[-1] if tails else None
    while k is not None:
        chain.append(pairs[k])
        k = before[k]
    return chain[::-1]


def _align_gap(targets: Sequence[Target], cands: Sequence[Candidate]) -> dict[int, Hit]:
    """The weighing alignment of ``targets`` to ``cands`` (a gap between anchors)."""
    n, m = len(targets), len(cands)
    if not n or not m:
        return {}
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[_Step | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    # A paragraph that heading_score gives 0 against every target (far longer than the longest
    # target key, not heading-like, no "Label:" part) is never scored: it can weigh nothing
    too_long = too_long_limit(targets)
    singles: list[tuple[str, bool, str | None] | None] = [
        (c.key, c.heading_like, c.label_key)
        if c.key is not None
        and (c.heading_like or c.label_key is not None or len(c.key) <= too_long)
        else None
        for c in cands
    ]
    doubles: list[tuple[str, bool, None] | None] = [None, None]  # ending at paragraph k
    for first, second in pairwise(cands):
        if first.key is None or second.key is None or second.index != first.index + 1:
            doubles.append(None)
            continue
        both = (f"{first.key} {second.key}", first.heading_like and second.heading_like, None)
        doubles.append(both if both[1] or len(both[0]) <= too_long else None)
    for i in range(1, n + 1):
        target_key, above, row, steps = targets[i - 1].key, best[i - 1], best[i], step[i]
        for k in range(1, m + 1):
            single, double = singles[k - 1], doubles[k]
            if single is None and double is None:
                row[k] = row[k - 1]  # weighs nothing in any row: above[k] <= row[k - 1]
                continue
            here = above[k] if above[k] > row[k - 1] else row[k - 1]
            if single is not None:
                score, weight, inline = text_pair_score(target_key, *single)
                if weight > 0 and above[k - 1] + weight > here:
                    here, steps[k] = above[k - 1] + weight, (1, inline, score)
            if double is not None:
                score, weight, inline = text_pair_score(target_key, *double)
                if weight > 0 and above[k - 2] + weight > here:
                    here, steps[k] = above[k - 2] + weight, (2, inline, score)
            row[k] = here
    return _trace(best, step, cands, n, m)


def _trace(
    best: list[list[float]],
    step: list[list[_Step | None]],
    cands: Sequence[Candidate],
    n: int,
    m: int,
) -> dict[int, Hit]:
    hits: dict[int, Hit] = {}
    i, k = n, m
    while i > 0 and k > 0:
        here = step[i][k]
        if here is not None:
            width, inline, score = here
            hits[i - 1] = Hit(cands[k - width].index, cands[k - 1].index, score, inline=inline)
            i, k = i - 1, k - width
        elif best[i][k] == best[i - 1][k]:
            i -= 1
        else:
            k -= 1
    return hits
