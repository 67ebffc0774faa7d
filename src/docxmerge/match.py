"""Where each question went: find every template question in a read form and take its answer.

1. Controls: a template answer control whose tag (or alias) is unique in the template and
   still present in the form decides where that answer is.
2. Headings: a monotonic dynamic-programming alignment of the template's section and question
   headings to the form's paragraphs (rapidfuzz scores on normalised text, heading formatting
   as evidence). A deleted heading leaves the others in place; a sentence quoting a heading
   cannot take it.
3. Questions still unmatched may be found out of order among unused heading-like paragraphs
   with a stricter score (flag ``out_of_order``).

The answer is what lies between the question's heading (or control) and the next matched
heading or control, minus template text and placeholders.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from docxmerge.answers.blocks import (
    NON_ANSWER_KINDS,
    in_answer_box,
    inline_control,
    styled_as_heading,
)
from docxmerge.answers.normalize import (
    KNOWN_PROMPTS,
    clean_spaces,
    heading_edited,
    is_declined,
    is_known_prompt,
    normalize_heading,
    prompt_spans,
)
from docxmerge.model import (
    FLAG_DECLINED,
    FLAG_EDITED_HEADING,
    FLAG_LOW_MATCH,
    FLAG_OUT_OF_ORDER,
    FLAG_OUTSIDE_CONTROL,
    FLAG_PLACEHOLDER_LEFT,
    Answer,
    AnswerStatus,
    Block,
    Control,
    Document,
    FormAnswers,
    Message,
    Question,
    Run,
    Template,
)

CONFIDENT = 90.0  # at or above: a sure match
FLOOR = 60.0  # below: not this heading
OUT_OF_ORDER_MIN = 85.0  # out of template order: only a near-certain match
HEADING_BONUS = 3.0  # heading style or bold paragraph
PLAIN_PENALTY = 7.0  # ordinary paragraph


@dataclass(frozen=True, slots=True)
class _Target:
    """A template heading to look for: a section (question None) or a question."""

    key: str
    question: Question | None


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # first block of the heading as found
    end: int  # last block of the heading (a heading split over two paragraphs)
    score: float
    out_of_order: bool = False
    inline: bool = False  # the answer follows the heading and a colon in the same paragraph


@dataclass(frozen=True, slots=True)
class _Cleaned:
    block: Block
    placeholder: bool  # a prompt was seen (and removed) in this block


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
class _Candidate:
    index: int
    key: str | None  # None: surely too long to stand for any target, never normalised
    heading_like: bool
    label_key: str | None  # "Heading: answer" on one line: the part before the colon


def _too_long(targets: Sequence[_Target]) -> float:
    """heading_score gives 0 to a plain paragraph whose key is longer than this, against
    every target (its rule for long answer paragraphs)."""
    return 1.6 * max((len(t.key) for t in targets), default=0) + 15


def _candidates(doc: Document, too_long: float) -> list[_Candidate]:
    found: list[_Candidate] = []
    for i, block in enumerate(doc.blocks):
        if not block.text.strip() or in_answer_box(block):
            continue
        head, colon, rest = block.text.partition(":")
        label = (normalize_heading(head) or None) if colon and rest.strip() else None
        heading_like = styled_as_heading(block)
        if not heading_like and label is None and not _may_be_key(block.text, too_long):
            found.append(_Candidate(i, None, False, None))  # a long answer paragraph
            continue
        found.append(_Candidate(i, normalize_heading(block.text), heading_like, label))
    return found


@lru_cache(maxsize=4096)
def _text_pair_score(
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
    if score < FLOOR:
        return score, 0.0, inline
    return score, max(_adjusted(score, heading_like) - FLOOR, 0.0) + 1.0, inline


_Step = tuple[int, bool, float]  # width (1 or 2 paragraphs), inline answer, text score


def align(targets: Sequence[_Target], cands: Sequence[_Candidate]) -> dict[int, _Hit]:
    """Monotonic alignment maximising the summed weights; target index -> hit.

    A target may take one paragraph, or two adjacent ones holding a heading split in two.
    """
    n, m = len(targets), len(cands)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[_Step | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    # A paragraph that heading_score gives 0 against every target (far longer than the longest
    # target key, not heading-like, no "Label:" part) is never scored: it can weigh nothing
    too_long = _too_long(targets)
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
                score, weight, inline = _text_pair_score(target_key, *single)
                if weight > 0 and above[k - 1] + weight > here:
                    here, steps[k] = above[k - 1] + weight, (1, inline, score)
            if double is not None:
                score, weight, inline = _text_pair_score(target_key, *double)
                if weight > 0 and above[k - 2] + weight > here:
                    here, steps[k] = above[k - 2] + weight, (2, inline, score)
            row[k] = here
    return _trace(best, step, cands, n, m)


def _trace(
    best: list[list[float]],
    step: list[list[_Step | None]],
    cands: Sequence[_Candidate],
    n: int,
    m: int,
) -> dict[int, _Hit]:
    hits: dict[int, _Hit] = {}
    i, k = n, m
    while i > 0 and k > 0:
        here = step[i][k]
        if here is not None:
            width, inline, score = here
            hits[i - 1] = _Hit(cands[k - width].index, cands[k - 1].index, score, inline=inline)
            i, k = i - 1, k - width
        elif best[i][k] == best[i - 1][k]:
            i -= 1
        else:
            k -= 1
    return hits


def _out_of_order(
    targets: Sequence[_Target], cands: Sequence[_Candidate], hits: dict[int, _Hit], skip: set[int]
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
            hits[t] = _Hit(index, index, score, out_of_order=True)
            used.add(index)


def _rescue(
    doc: Document,
    targets: Sequence[_Target],
    cands: Sequence[_Candidate],
    hits: dict[int, _Hit],
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
                    hits[t] = _Hit(cand.index, cand.index, score)
                    used.add(cand.index)
                break


def _box_follows(doc: Document, index: int, high: int) -> bool:
    for block in doc.blocks[index + 1 : high]:
        if in_answer_box(block):
            return True
        if block.text.strip():
            return False
    return False


# --------------------------------------------------------------------------- controls


def _unique(values: Sequence[str | None]) -> set[str]:
    seen = [v for v in values if v]
    return {v for v in seen if seen.count(v) == 1}


def _control_spans(doc: Document, template: Template) -> dict[str, tuple[int, int]]:
    """question id -> (first, last) block of its answer control still present in the form."""
    tags = _unique([q.control_tag for q in template.questions])
    aliases = _unique([q.control_alias for q in template.questions])
    wanted = {("tag", v) for v in tags} | {("alias", v) for v in aliases}
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for i, block in enumerate(doc.blocks):
        for control in block.controls:
            if control.kind in NON_ANSWER_KINDS:
                continue
            for kind, value in (("tag", control.tag), ("alias", control.alias)):
                if value and (kind, value) in wanted:
                    first, _ = found.get((kind, value), (i, i))
                    if first == i or _same_control(doc, first, i, control):
                        found[(kind, value)] = (first, i)
    spans: dict[str, tuple[int, int]] = {}
    for q in template.questions:
        if q.control_tag in tags and ("tag", q.control_tag) in found:
            spans[q.id] = found[("tag", q.control_tag)]
        elif q.control_alias in aliases and ("alias", q.control_alias) in found:
            spans[q.id] = found[("alias", q.control_alias or "")]
    return spans


def _same_control(doc: Document, first: int, i: int, control: object) -> bool:
    """Blocks ``first``..``i`` all sit in ``control`` (one occurrence, not a copy further on)."""
    return all(control in doc.blocks[j].controls for j in range(first, i + 1))


# --------------------------------------------------------------------------- shortcuts
#
# Exact shortcuts around normalize.py: each skips a call only when its result is certain without
# it. They rest on one fact: every ASCII letter of a text stays one character through NFKC,
# case folding and the clean-ups (composition only joins combining marks to a letter), so a
# text with many ASCII letters cannot normalise to a short prompt, label or heading.

_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# normalize.strip_numbering removes at most two rounds of prefixes, each with at most 19
# letters ("frågeställning" + "a" in "Frågeställning 3a:", then "iv" in "iv) ")
_PREFIX_LETTERS = 40
_DECLINED_LONGEST = 60  # normalize.is_declined: a longer key is never declined


def _ascii_letters(text: str) -> int:
    return len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))


@lru_cache(maxsize=64)
def _longest_prompt(prompts: tuple[str, ...]) -> int:
    """An upper bound on the length of any prompt's comparison key (is_known_prompt)."""
    return max(len(clean_spaces(p).casefold()) for p in (*KNOWN_PROMPTS, *prompts))


def _known_prompt(text: str, prompts: tuple[str, ...]) -> bool:
    """is_known_prompt(text, prompts), without the call for texts too long to be a prompt."""
    return _ascii_letters(text) <= _longest_prompt(prompts) and is_known_prompt(text, prompts)


def _case_fix_table() -> dict[int, int | None] | None:
    """Maps the characters re.IGNORECASE takes as equal beyond simple lower case onto one
    of them (the lowest), e.g. "ſ" onto "s".

    None when this Python does not expose its table (the prompt shortcut is then off).
    """
    try:
        from re import _casefix  # type: ignore[attr-defined]

        extra: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
    except (ImportError, AttributeError):
        return None
    table: dict[int, int | None] = {0x0307: None}  # "İ".lower() is "i" + U+0307
    for code, others in extra.items():
        canonical = min(code, *others)
        table.update({c: canonical for c in (code, *others) if c != canonical})
    return table


_CASE_FIX = _case_fix_table()
_CASE_FIX_CHARS = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(_CASE_FIX)) + "]" if _CASE_FIX else "(?!)"
)


def _folded(text: str) -> str:
    assert _CASE_FIX is not None
    lowered = text.lower()
    return lowered.translate(_CASE_FIX) if _CASE_FIX_CHARS.search(lowered) else lowered


@lru_cache(maxsize=64)
def _prompt_stems(prompts: tuple[str, ...]) -> re.Pattern[str]:
    """Finds the first word (folded) of any prompt, as a plain substring.

    normalize searches each prompt as its words, case-insensitively: where one matches, the
    folded text holds the folded first word.
    """
    stems = set()
    for prompt in (*KNOWN_PROMPTS, *prompts):
        # the pattern's first word: that of the text, or all of it without a final "."
        first = clean_spaces(prompt).casefold().strip().split(" ")[0].rstrip(".… ")
        stems.add(_folded(first))
    return re.compile("|".join(re.escape(stem) for stem in sorted(stems)))


def _may_hold_prompt(text: str, prompts: tuple[str, ...]) -> bool:
    if _CASE_FIX is None:
        return True
    return _prompt_stems(prompts).search(_folded(text)) is not None


def _declined(text: str) -> bool:
    """is_declined, without the call for texts far too long to be a refusal."""
    return _ascii_letters(text) <= _DECLINED_LONGEST and is_declined(text)


def _may_be_key(text: str, longest: float) -> bool:
    """False when normalize_heading(text) is surely longer than ``longest`` characters."""
    return _ascii_letters(text) - _PREFIX_LETTERS <= longest


def _may_be_one_of(text: str, key_lengths: Sequence[int]) -> bool:
    """False when normalize_heading(text) surely has none of the (sorted) ``key_lengths``.

    Below: see _may_be_key. Above: a text that NFKC leaves alone and that case folding maps
    character for character (into NFKC text again) cannot grow: every later step of
    normalize_heading only drops characters or replaces one with one.
    """
    shortest = _ascii_letters(text) - _PREFIX_LETTERS
    at = bisect_left(key_lengths, shortest)
    if at == len(key_lengths):
        return False
    folded = text.casefold()
    if (
        len(folded) == len(text)
        and unicodedata.is_normalized("NFKC", text)
        and unicodedata.is_normalized("NFKC", folded)
    ):
        return key_lengths[at] <= len(text)
    return True


def _prompt_spans(text: str, prompts: tuple[str, ...]) -> list[tuple[int, int]]:
    """prompt_spans(text, prompts), without the call when no prompt can start in ``text``."""
    return prompt_spans(text, prompts) if _may_hold_prompt(text, prompts) else []


# --------------------------------------------------------------------------- answer text


def clean_block(block: Block, prompts: Sequence[str]) -> _Cleaned:
    """``block`` without placeholder prompts; an empty block when only a prompt was there.

    Prompts are cut out run by run: the typed runs keep their formatting, links and pictures.
    """
    controls = block.controls
    for control in controls:
        if (
            control.showing_placeholder
            and control.level != "run"
            and control.kind not in NON_ANSWER_KINDS
        ):
            return _clean_flagged(block, control, prompts)
    runs = block.runs or ((Run(block.text),) if block.text else ())
    typed: tuple[Run, ...]
    if len(runs) == 1:  # most paragraphs are one run
        typed = () if runs[0].placeholder else runs
    else:
        typed = tuple([r for r in runs if not r.placeholder])
    saw = len(typed) < len(runs) and any(r.placeholder and r.text.strip() for r in runs)
    text = _joined(typed)
    for control in controls:  # a run-level control's prompt not styled as one
        prompt = control.placeholder_text
        if control.level == "run" and control.showing_placeholder and prompt and prompt in text:
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(prompt), text)]
            typed, saw = _cut(typed, spans), True
            text = _joined(typed)
    prompts = tuple(prompts)
    if _known_prompt(text, prompts):
        return _Cleaned(_emptied(block), True)
    spans = _prompt_spans(text, prompts)
    kept = _trimmed(_cut(typed, spans))
    if kept is typed and text == block.text and not saw:
        return _Cleaned(block, False)  # the common case: nothing to cut, nothing to trim
    text = _joined(kept)
    if text == block.text and not saw and not spans:
        return _Cleaned(block, False)
    return _Cleaned(dataclasses.replace(block, text=text, runs=kept), saw or bool(spans))


def _joined(runs: Sequence[Run]) -> str:
    return runs[0].text if len(runs) == 1 else "".join([r.text for r in runs])


def _cut(runs: tuple[Run, ...], spans: Sequence[tuple[int, int]]) -> tuple[Run, ...]:
    """``runs`` without the characters at ``spans`` (offsets into their joined text)."""
    if not spans:
        return runs
    result: list[Run] = []
    offset = 0
    for run in runs:
        text = "".join(
            ch
            for n, ch in enumerate(run.text, offset)
            if not any(start <= n < end for start, end in spans)
        )
        offset += len(run.text)
        if text or run.image is not None:
            result.append(run if text == run.text else dataclasses.replace(run, text=text))
    return tuple(result)


def _trimmed(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs with the outer whitespace gone, as ``text`` is: a removed prompt leaves a space.

    Trimmed across runs: all-space runs at either end go, then the first and last left. Runs
    that need no change are returned as they came (the same object).
    """
    if runs and all(r.text or r.image is not None for r in runs):
        first, last = runs[0], runs[-1]
        # (str.strip() removes exactly what str.isspace() holds true for)
        if (first.image is not None or not first.text[0].isspace()) and (
            last.image is not None or not last.text[-1].isspace()
        ):
            return runs
    kept = list(runs)
    while kept and kept[0].image is None and not kept[0].text.strip():
        kept.pop(0)
    while kept and kept[-1].image is None and not kept[-1].text.strip():
        kept.pop()
    if kept and kept[0].image is None and kept[0].text != kept[0].text.lstrip():
        kept[0] = dataclasses.replace(kept[0], text=kept[0].text.lstrip())
    if kept and kept[-1].image is None and kept[-1].text != kept[-1].text.rstrip():
        kept[-1] = dataclasses.replace(kept[-1], text=kept[-1].text.rstrip())
    return tuple(r for r in kept if r.text or r.image is not None)


def _clean_flagged(block: Block, control: Control, prompts: Sequence[str]) -> _Cleaned:
    """A block in a control flagged as showing its prompt (ECMA-376 §17.5.2.39 showingPlcHdr).

    Word sometimes leaves the flag set after text was typed: when the control's own prompt is
    known and the text is not that prompt, the typed text is kept.
    """
    own = control.placeholder_text
    known = (*prompts, own) if own else tuple(prompts)
    if own is None or not own.strip() or _known_prompt(block.text, known):
        return _Cleaned(_emptied(block), True)
    runs = tuple(dataclasses.replace(r, placeholder=False) for r in block.runs)
    runs = runs or (Run(block.text),)
    spans = _prompt_spans(_joined(runs), known)
    kept = _trimmed(_cut(runs, spans))
    if not _joined(kept).strip() and not any(r.image is not None for r in kept):
        return _Cleaned(_emptied(block), True)
    return _Cleaned(dataclasses.replace(block, text=_joined(kept), runs=kept), bool(spans))


def _emptied(block: Block) -> Block:
    return dataclasses.replace(block, text="", runs=())


_BOX_GLYPHS = "☐☑☒■□✓✔✗✘"


def _checkbox_choice(block: Block) -> Block:
    """A paragraph holding only a checkbox: empty when unchecked, "☒" when checked.

    The state is w14:checked ([MS-DOCX] w14:checkbox) or a FORMCHECKBOX's w:checked
    (ECMA-376 §17.16.7), not the glyph: Word draws whatever w14:checkedState names.
    """
    if not block.controls and not block.form_fields:
        return block
    boxes = [c.checked for c in block.controls if c.kind == "checkbox"]
    boxes += [f.checked for f in block.form_fields if f.kind == "checkbox"]
    if not boxes or block.text.strip(_BOX_GLYPHS + " \t\u00a0"):
        return block  # no box, or text typed beside it: the text is the answer
    if any(boxes):
        return dataclasses.replace(block, text="☒", runs=(Run("☒"),))
    return _emptied(block)


def _has_content(block: Block) -> bool:
    return bool(block.text.strip()) or any(r.image is not None for r in block.runs)


def _answer_blocks(
    region: Sequence[Block], template_keys: set[str], prompts: Sequence[str]
) -> tuple[list[Block], bool]:
    """The kept blocks of ``region`` and whether a placeholder prompt was seen in it."""
    kept: list[Block] = []
    saw = False
    key_lengths = sorted({len(key) for key in template_keys})
    for block in region:
        text = block.text
        if (
            text.strip()
            and _may_be_one_of(text, key_lengths)
            and normalize_heading(text) in template_keys
        ):
            continue  # template text left in the form
        cleaned = clean_block(block, prompts)
        saw = saw or cleaned.placeholder
        kept.append(_checkbox_choice(cleaned.block))
    while kept and not _has_content(kept[0]):
        kept.pop(0)
    while kept and not _has_content(kept[-1]):
        kept.pop()
    return kept, saw


def after_label(block: Block) -> Block:
    """``block`` without its text up to the first colon ("Övriga upplysningar: Inga")."""
    head, _, rest = block.text.partition(":")
    runs: list[Run] = []
    skip = len(head) + 1
    for run in block.runs:
        if skip >= len(run.text) and run.image is None:
            skip -= len(run.text)
            continue
        runs.append(dataclasses.replace(run, text=run.text[skip:]) if skip else run)
        skip = 0
    return dataclasses.replace(block, text=rest.strip(), runs=tuple(runs))


def _status(
    question: Question, blocks: list[Block], saw: bool
) -> tuple[AnswerStatus, str, list[str]]:
    text = "\n".join(b.text.strip() for b in blocks if b.text.strip())
    flags: list[str] = []
    if not blocks:
        return ("placeholder" if saw else "empty"), "", flags
    if saw:
        flags.append(FLAG_PLACEHOLDER_LEFT)
    if question.slot == "control" and any(
        _has_content(b) and not in_answer_box(b) and inline_control(b) is None for b in blocks
    ):
        flags.append(FLAG_OUTSIDE_CONTROL)
    if _declined(text):
        flags.append(FLAG_DECLINED)
    return "answered", text, flags


# --------------------------------------------------------------------------- fields


def _field_value(
    doc: Document, i: int, label_key: str, prompts: Sequence[str], stop: int
) -> str | None:
    """The value for a label found at block ``i`` (same paragraph, next cell, next paragraph).

    "Nämnd:" with nothing after the colon looks further, as a bare label does; a prompt
    after the colon means the value was not filled in. Values are looked for before ``stop``.
    """
    block = doc.blocks[i]
    if len(block.text.partition(":")[0]) > 2 * len(label_key) + 20:
        return None  # a label is short: spare the cleaning of every long paragraph
    cleaned = clean_block(block, prompts)
    text = cleaned.block.text
    head, sep, rest = text.partition(":")
    if sep and normalize_heading(head) == label_key and (rest.strip() or cleaned.placeholder):
        return clean_spaces(rest)
    if normalize_heading(text) != label_key:
        return None
    if block.table is not None:
        row = list(_rest_of_row(doc, i))
        return " ".join(clean_spaces(clean_block(b, prompts).block.text) for b in row).strip()
    for nxt in doc.blocks[i + 1 : min(i + 4, stop)]:
        cleaned = clean_block(nxt, prompts)
        if cleaned.placeholder and not cleaned.block.text.strip():
            return ""
        if cleaned.block.text.strip():
            return clean_spaces(cleaned.block.text)
    return ""


def _rest_of_row(doc: Document, i: int) -> Iterator[Block]:
    """The blocks after ``i`` in the same table row (a row's blocks stand together)."""
    here = doc.blocks[i].table
    for block in doc.blocks[i + 1 :]:
        pos = block.table
        if pos is None or here is None or (pos.table, pos.row) != (here.table, here.row):
            if pos is None or pos.depth <= (here.depth if here else 1):
                return
            continue  # a nested table inside the row's cells
        yield block


def read_fields(
    doc: Document, template: Template, stop: int, spans: dict[str, tuple[int, int]]
) -> dict[str, str]:
    """label -> value for every template field (``""`` when not filled in).

    The field's control decides when present; otherwise the label is looked for before
    ``stop`` (the first matched heading).
    """
    prompts = template.prompts
    labels = {normalize_heading(f.label) for f in template.fields}
    values: dict[str, str] = {}
    for spec in template.fields:
        value = _field_by_control(doc, spans.get("field:" + spec.label), prompts)
        key = normalize_heading(spec.label)
        for i in range(min(stop, len(doc.blocks))):
            if value is not None:
                break
            value = _field_value(doc, i, key, prompts, stop)
        if value is None or normalize_heading(value) in labels or is_known_prompt(value, prompts):
            value = ""  # not found, the next label, or the prompt
        values[spec.label] = value
    return values


def _field_by_control(
    doc: Document, span: tuple[int, int] | None, prompts: Sequence[str]
) -> str | None:
    if span is None:
        return None
    parts = [clean_block(b, prompts).block.text for b in doc.blocks[span[0] : span[1] + 1]]
    return clean_spaces(" ".join(parts))


def _field_spans(doc: Document, template: Template) -> dict[str, tuple[int, int]]:
    """ "field:<label>" -> the blocks of that field's control (tag or alias unique)."""
    tags = _unique(
        [f.control_tag for f in template.fields] + [q.control_tag for q in template.questions]
    )
    aliases = _unique(
        [f.control_alias for f in template.fields] + [q.control_alias for q in template.questions]
    )
    rows_of: dict[tuple[str, str | None], list[int]] = {}  # ("tag"|"alias", value) -> blocks
    for i, block in enumerate(doc.blocks):
        for control in block.controls:
            for key in (("tag", control.tag), ("alias", control.alias)):
                rows = rows_of.setdefault(key, [])
                if not rows or rows[-1] != i:
                    rows.append(i)
    spans: dict[str, tuple[int, int]] = {}
    for spec in template.fields:
        found: set[int] = set()
        if spec.control_tag in tags:
            found.update(rows_of.get(("tag", spec.control_tag), ()))
        if spec.control_alias in aliases:
            found.update(rows_of.get(("alias", spec.control_alias), ()))
        if found:
            first = end = min(found)
            while end + 1 in found:
                end += 1
            spans["field:" + spec.label] = (first, end)
    return spans


# --------------------------------------------------------------------------- the form


def _targets(template: Template) -> list[_Target]:
    by_section: dict[str, list[Question]] = {}
    for q in template.questions:
        by_section.setdefault(q.section_id, []).append(q)
    targets: list[_Target] = []
    for section in template.sections:
        questions = by_section.get(section.id, [])
        own = len(questions) == 1 and questions[0].text.strip() == section.title.strip()
        if not own:
            targets.append(_Target(normalize_heading(section.title), None))
        targets.extend(_Target(normalize_heading(q.text), q) for q in questions)
    return targets


def _control_heads(doc: Document, spans: dict[str, tuple[int, int]]) -> dict[str, int]:
    """question id -> the heading-like paragraph right above its control, if any."""
    heads: dict[str, int] = {}
    for qid, (first, _) in spans.items():
        for i in range(first - 1, -1, -1):
            block = doc.blocks[i]
            if not block.text.strip():
                continue
            if styled_as_heading(block) and not in_answer_box(block):
                heads[qid] = i
            break
    return heads


def _template_keys(template: Template) -> set[str]:
    texts = [*template.instructions, *(s.title for s in template.sections)]
    texts += [q.text for q in template.questions] + [f.label for f in template.fields]
    return {k for k in (normalize_heading(t) for t in texts) if k}


@dataclass(frozen=True, slots=True)
class _Form:
    """What every answer of one form is cut with."""

    doc: Document
    starts: list[int]  # first block of every matched heading and control, sorted
    template_keys: set[str]
    prompts: tuple[str, ...]


def match_form(doc: Document, template: Template, *, file: str = "") -> FormAnswers:
    """Find every template question in ``doc``; answers in template order."""
    targets = _targets(template)
    cands = _candidates(doc, _too_long(targets))
    hits = align(targets, cands)
    spans = _control_spans(doc, template)
    controlled = {t for t, tg in enumerate(targets) if tg.question and tg.question.id in spans}
    _out_of_order(targets, cands, hits, controlled)
    _rescue(doc, targets, cands, hits, controlled)
    heads = _control_heads(doc, spans)
    taken = {i: t for t, h in hits.items() for i in range(h.start, h.end + 1)}
    starts = {h.start for h in hits.values()} | {s for s, _ in spans.values()}
    form = _Form(
        doc, sorted(starts | set(heads.values())), _template_keys(template), template.prompts
    )
    answers: list[Answer] = []
    for t, target in enumerate(targets):
        if target.question is None:
            continue
        hit, head = hits.get(t), heads.get(target.question.id)
        if head is not None and taken.get(head, t) == t and (hit is None or hit.end >= head):
            hit = _Hit(head, head, 0.0)  # the paragraph right above the control
        answers.append(_answer(form, target.question, hit, spans.get(target.question.id)))
    fields = read_fields(
        doc, template, min(form.starts, default=len(doc.blocks)), _field_spans(doc, template)
    )
    # The first field as written; respondents.assign names the respondent (file name too).
    raw = fields.get(template.fields[0].label) if template.fields else None
    messages = [m for a in answers for m in _messages(a, file)]
    if not hits and not spans and not any(fields.values()):
        messages.append(_not_this_form(file))  # every answer is missing too: no anchor at all
    return FormAnswers(raw or None, fields, tuple(answers), tuple(messages))


def _region(form: _Form, hit: _Hit | None, span: tuple[int, int] | None) -> list[Block]:
    """The blocks from the heading (or control) to the next matched heading or control."""
    if span is not None:
        begin, after = span
    elif hit is not None:
        begin, after = (hit.start if hit.inline else hit.end + 1), hit.end
    else:
        return []
    stop = next((s for s in form.starts if s > after), len(form.doc.blocks))
    region = list(form.doc.blocks[begin:stop])
    if span is None and hit is not None and hit.inline and region:
        region[0] = after_label(region[0])
    return region


def _answer(
    form: _Form, question: Question, hit: _Hit | None, span: tuple[int, int] | None
) -> Answer:
    if span is None and hit is None:
        return Answer(question.id, "missing", "")
    blocks, saw = _answer_blocks(_region(form, hit, span), form.template_keys, form.prompts)
    status, text, flags = _status(question, blocks, saw)
    heading = None
    if hit is not None:
        heading = clean_spaces(" ".join(b.text for b in form.doc.blocks[hit.start : hit.end + 1]))
        if hit.inline:
            heading = heading.partition(":")[0].strip()
    score = None if span is not None or hit is None else hit.score
    if heading is not None and heading_edited(heading, question.text):
        flags.insert(0, FLAG_EDITED_HEADING)
    if score is not None and score < CONFIDENT:
        flags.insert(0, FLAG_LOW_MATCH)
    if hit is not None and hit.out_of_order and span is None:
        flags.append(FLAG_OUT_OF_ORDER)
    return Answer(question.id, status, text, score, tuple(flags), heading, tuple(blocks))


_MESSAGE_TEXT = {
    FLAG_LOW_MATCH: "Question {question}: the heading matched only {score}%",
    FLAG_EDITED_HEADING: "Question {question}: the heading was edited in the form",
    FLAG_OUTSIDE_CONTROL: "Question {question}: the answer was typed outside the box",
    FLAG_OUT_OF_ORDER: "Question {question}: out of template order",
}


def _not_this_form(file: str) -> Message:
    text = "Nothing of the template was found in this file: is it the right form?"
    return Message(file, "file", "not_this_form", text)


def _messages(answer: Answer, file: str) -> list[Message]:
    params = {"question": answer.question_id, "score": f"{answer.score or 0:.0f}"}
    return [
        Message(
            file,
            f"question {answer.question_id}",
            flag,
            _MESSAGE_TEXT[flag].format(**params),
            tuple(params.items()),
        )
        for flag in answer.flags
        if flag in _MESSAGE_TEXT
    ]
