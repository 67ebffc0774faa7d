"""What the in-order alignment cannot do: find headings out of order (a stricter score), by
position and structure (edited beyond recognition), or swapped with a neighbour."""

from __future__ import annotations

from collections.abc import Sequence

from docxmerge.answers.blocks import in_answer_box
from docxmerge.answers.locate.align import (
    CONFIDENT,
    OUT_OF_ORDER_MIN,
    Candidate,
    Hit,
    Target,
    heading_score,
    text_pair_score,
)
from docxmerge.model import Document


def find_out_of_order(
    targets: Sequence[Target], cands: Sequence[Candidate], hits: dict[int, Hit], skip: set[int]
) -> None:
    """Look for unmatched targets among unused heading-like paragraphs (stricter score)."""
    used = {i for h in hits.values() for i in range(h.start, h.end + 1)}
    for t, target in enumerate(targets):
        if t in hits or t in skip:
            continue
        scored = [
            (heading_score(target.key, c.key, True), c.index)
            for c in cands
            if c.heading_like and c.key is not None and c.index not in used
        ]
        if not scored:
            continue
        score, index = max(scored)
        if score >= OUT_OF_ORDER_MIN:
            hits[t] = Hit(index, index, score, out_of_order=True)
            used.add(index)


def rescue(
    doc: Document,
    targets: Sequence[Target],
    cands: Sequence[Candidate],
    hits: dict[int, Hit],
    skip: set[int],
) -> None:
    """A heading edited beyond recognition, found by position and structure.

    When exactly one question is unmatched between two headings found in order, and the form
    has, between them, an unused heading-like paragraph followed by an answer box (after the
    previous question's box), that paragraph is taken as the question's heading. The low
    score it gets flags the answer ``low_match`` for review.
    """
    in_order = sorted(t for t, h in hits.items() if not h.out_of_order)
    used = {i for h in hits.values() for i in range(h.start, h.end + 1)}
    for t, target in enumerate(targets):
        question = target.question
        if t in hits or t in skip or question is None or question.slot != "control":
            continue
        prev = max((u for u in in_order if u < t), default=None)
        nxt = min((u for u in in_order if u > t), default=None)
        first, last = (
            (prev + 1 if prev is not None else 0),
            (nxt if nxt is not None else len(targets)),
        )
        gone = [u for u in range(first, last) if targets[u].question is not None and u not in skip]
        if gone != [t]:
            continue  # more than this one question is gone: position says nothing
        low = hits[prev].end + 1 if prev is not None else 0
        high = hits[nxt].start if nxt is not None else len(doc.blocks)
        if prev is not None and targets[prev].question is not None:
            boxes = [i for i in range(low, high) if in_answer_box(doc.blocks[i])]
            low = boxes[0] + 1 if boxes else high  # past the previous question's box
        for cand in cands:
            if low <= cand.index < high and cand.heading_like and cand.index not in used:
                if _box_follows(doc, cand.index, high):
                    score = heading_score(target.key, cand.key or "", True)
                    hits[t] = Hit(cand.index, cand.index, score)
                    used.add(cand.index)
                break


def _box_follows(doc: Document, index: int, high: int) -> bool:
    for block in doc.blocks[index + 1 : high]:
        if in_answer_box(block):
            return True
        if block.text.strip():
            return False
    return False


def fix_swaps(targets: Sequence[Target], cands: Sequence[Candidate], hits: dict[int, Hit]) -> None:
    """Two questions the respondent swapped: the in-order alignment pairs each with the other's
    heading at a lower score ("Date of incident:" for "Time of incident:"). Where exchanging
    two nearby hits makes both match better and well, they are exchanged and flagged."""
    by_index = {c.index: c for c in cands}
    order = sorted(t for t, h in hits.items() if targets[t].question is not None)
    for n, first in enumerate(order):
        for second in order[n + 1 : n + 4]:
            a, b = hits[first], hits[second]
            if min(a.score, b.score) >= CONFIDENT or a.start != a.end or b.start != b.end:
                continue
            one = _score(targets[first], by_index.get(b.start))
            two = _score(targets[second], by_index.get(a.start))
            if min(one[0], two[0]) >= CONFIDENT and one[0] + two[0] > a.score + b.score:
                hits[first] = Hit(b.start, b.end, one[0], out_of_order=True, inline=one[1])
                hits[second] = Hit(a.start, a.end, two[0], out_of_order=True, inline=two[1])


def _score(target: Target, cand: Candidate | None) -> tuple[float, bool]:
    if cand is None or cand.key is None:
        return 0.0, False
    score, _, inline = text_pair_score(target.key, cand.key, cand.heading_like, cand.label_key)
    return score, inline
