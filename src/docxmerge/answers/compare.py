"""One answer against the same respondent's answer to the same question in a previous round.

- ``new``: answered now, not before (unanswered, absent, not asked, or no form then);
- ``unchanged``: answered in both rounds, the same text after normalisation (NFKC, invisible
  characters dropped, quotes and dashes alike, every run of white space, line breaks too, as
  one space), or so nearly the same that a reader would call it a copy: at least
  :data:`UNCHANGED_MIN` similar and every edit slight (a typo fixed, case or punctuation, a
  word or two in a long answer, never a figure or a negation: :func:`_slight`);
- ``changed``: answered in both rounds and edited (a sentence or a paragraph added, rewritten);
  text that holds last round's answer plus a new paragraph is changed, however long;
- ``dropped``: answered before, not now;
- ``None``: answered in neither round.

The similarity is rapidfuzz's ratio (normalised InDel distance) of the normalised texts, 0-1.
:func:`word_diff` gives a changed text's word-level difference for the report. Every cost is
bounded: the alignments are rapidfuzz's (bit-parallel, within :data:`_ALIGN_MOST`), and texts of
more than 100,000 characters together are compared word by word, else paragraph by paragraph,
within the same bound (beyond it, two texts not the same have similarity 0).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterator, Sequence
from itertools import groupby

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from docxmerge.model import Comparison, ComparisonWord, DiffPiece

UNCHANGED_MIN = 0.9  # a copy: at least this similar (and only slight edits)
WORDS_PER_SLIGHT_EDIT = 50  # a long answer may have one word changed per this many words
MOST_SLIGHT_WORDS = 3  # ... and no more than this many in all
_CHARACTER_RATIO_MOST = 100_000  # characters of both texts: beyond, compared word by word
_ALIGN_MOST = 100_000_000  # items x items aligned at once (12.5 MB of bit vectors); beyond, whole
# items x items whose similarity is computed: two unlike texts of 50,000 words take 0.5 s
# (rapidfuzz on word lists; 100,000 words 2.7 s), what a shared start and end leave out aside
_SIMILARITY_MOST = 2_500_000_000

_QUOTES = re.compile("[\"'`´‘’‚‛“”„‟«»‹›]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_EDGE_PUNCTUATION = ".,;:!?…\"'()[]«»”“’‘-–—"
PARAGRAPH = "\n"  # the token (and piece) of a paragraph break


def compare_answers(
    before: str | None, after: str | None, *, with_difference: bool = False
) -> Comparison:
    """The comparison of this round's text ``after`` with the previous round's ``before``
    (None: not answered in that round); with ``with_difference``, the :func:`word_diff` of a
    changed text and of a nearly unchanged one (similarity below 1: a reader who skips it
    should still see the word that was edited)."""
    if before is None:
        return Comparison("new" if after is not None else None)
    if after is None:
        return Comparison("dropped", previous_text=before)
    word, similarity = compare_texts(before, after)
    edited = similarity < 1.0
    difference = word_diff(before, after) if with_difference and edited else ()
    return Comparison(word, similarity, before, difference)


def compare_texts(before: str, after: str) -> tuple[ComparisonWord, float]:
    """("unchanged" or "changed", the similarity 0-1 rounded to three places) of two answers."""
    old, new = normalised(before), normalised(after)
    if old == new:
        return "unchanged", 1.0
    score = _similarity(old, new, before, after)
    copy = score >= UNCHANGED_MIN and _slight(_tokens(before), _tokens(after))
    return ("unchanged" if copy else "changed"), min(round(score, 3), 0.999)  # 1.0: the same


def normalised(text: str) -> str:
    """The text as compared: NFKC, invisible characters dropped, quotes as ' and dashes as -,
    white space (line breaks too) collapsed to single spaces, trimmed."""
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
        text = _DASHES.sub("-", _QUOTES.sub("'", text))
    else:
        text = text.replace('"', "'").replace("`", "'")
    return " ".join(text.split())


def _similarity(old: str, new: str, before: str, after: str) -> float:
    """rapidfuzz's ratio of the normalised texts (0-1); for texts longer than
    :data:`_CHARACTER_RATIO_MOST` together, the share of their words both hold in the same
    order (the ratio's cost grows with the product of the lengths)."""
    if len(old) + len(new) <= _CHARACTER_RATIO_MOST:
        return fuzz.ratio(old, new) / 100
    for units in (_tokens, _paragraphs):  # words, else whole paragraphs, within the bound
        a, b = units(before), units(after)
        head, tail = _affixes(a, b)
        rest_a, rest_b = a[head : len(a) - tail], b[head : len(b) - tail]
        if len(rest_a) * len(rest_b) <= _SIMILARITY_MOST:
            return 1 - Indel.distance(rest_a, rest_b) / (len(a) + len(b))
    return 0.0  # too long to compare within bounds: not the same (checked first), no more


def _affixes(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[int, int]:
    """How many items ``a`` and ``b`` share at their start, and then at their end."""
    most = min(len(a), len(b))
    head = 0
    while head < most and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < most - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    return head, tail


def _paragraphs(text: str) -> list[str]:
    return [para for para in (normalised(line) for line in text.split("\n")) if para]


# A word ("e-post", "2022-03-15", "nämndens") or one punctuation mark, with the space before it
_TOKEN = re.compile(r" ?(?:\w+(?:[-'’]\w+)*|[^\w ])")


def _tokens(text: str) -> list[str]:
    """Words and punctuation marks, each with the space before it (joined, they give the
    normalised paragraph back), and a :data:`PARAGRAPH` token between paragraphs."""
    tokens: list[str] = []
    for para in _paragraphs(text):
        if tokens:
            tokens.append(PARAGRAPH)
        tokens.extend(_TOKEN.findall(para))
    return tokens


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _slight(old: list[str], new: list[str]) -> bool:
    """Whether every edit from ``old`` to ``new`` is one a reader would not call a change: a
    word respelled (a typo fixed, case, punctuation: :func:`_respelled`), or in an answer of
    :data:`WORDS_PER_SLIGHT_EDIT` words or more, a word changed, added or dropped (at most
    :data:`MOST_SLIGHT_WORDS` in all). A paragraph added or taken away never is, nor a
    figure or a negation changed (:func:`_weighty`)."""
    words = sum(1 for token in old if _is_word(token))
    allowed = min(MOST_SLIGHT_WORDS, words // WORDS_PER_SLIGHT_EDIT)
    spent = 0
    for tag, gone, came, whole in _opcodes(old, new):
        if tag == "equal":
            continue
        gone_words = [t for t in gone if _is_word(t)]  # punctuation alone is no edit
        came_words = [t for t in came if _is_word(t)]
        if whole and (gone_words or came_words):
            return False  # whole paragraphs added, taken away or rewritten
        if len(came_words) != len(gone_words) and PARAGRAPH in (*gone, *came):
            return False  # a paragraph added or taken away (or text moved across one)
        if len(gone_words) == len(came_words) and all(map(_respelled, gone_words, came_words)):
            continue
        if any(_weighty(word) for word in (*gone_words, *came_words)):
            return False  # a figure or a "not" changed: the answer says something else
        spent += max(len(gone_words), len(came_words))
        if spent > allowed:
            return False
    return True


_NEGATIONS = frozenset(
    {"inte", "ej", "icke", "aldrig", "ingen", "inget", "inga", "not", "no", "never", "none"}
    | {"nor", "cannot", "ikke", "aldri", "ingen", "intet"}  # (Danish and Norwegian too)
)


def _weighty(word: str) -> bool:
    """A word whose change is never slight: one with a digit, or a negation."""
    word = word.strip().casefold()
    return any(c.isdigit() for c in word) or word in _NEGATIONS or word.endswith("n't")


def _respelled(old: str, new: str) -> bool:
    """The same word: case or punctuation at its ends only, or one letter mistyped (two in a
    word of eight letters or more); a word with digits must be the same number."""
    a, b = (
        old.strip(_EDGE_PUNCTUATION + " ").casefold(),
        new.strip(_EDGE_PUNCTUATION + " ").casefold(),
    )
    if a == b:
        return True
    if any(c.isdigit() for c in a + b) or min(len(a), len(b)) < 4:
        return False
    return OSA.distance(a, b) <= (2 if min(len(a), len(b)) >= 8 else 1)


Opcode = tuple[str, list[str], list[str], bool]  # tag, old tokens, new tokens, whole paragraphs


def _opcodes(old: Sequence[str], new: Sequence[str]) -> Iterator[Opcode]:
    """(tag, old tokens, new tokens, whole) from ``old`` to ``new``: paragraphs aligned first,
    then each stretch of unequal paragraphs word by word (``whole``: paragraphs added or taken
    away). A paragraph break is a token before
    every paragraph but the first of its text, so each is accounted for once."""
    old_paras, new_paras = _split(old), _split(new)
    for tag, i1, i2, j1, j2 in _aligned(old_paras, new_paras):
        gone, came = _joined(old_paras, i1, i2), _joined(new_paras, j1, j2)
        if tag == "equal":
            yield "equal", gone, came, False
        elif tag != "replace":
            yield tag, gone, came, True
        else:
            for inner, a1, a2, b1, b2 in _aligned(gone, came):
                yield inner, gone[a1:a2], came[b1:b2], False


def _aligned(
    a: Sequence[Hashable], b: Sequence[Hashable]
) -> Iterator[tuple[str, int, int, int, int]]:
    """Equal stretches of ``a`` and ``b`` and, between them, one edit each ("replace" when
    both sides hold something, else "delete" or "insert"): rapidfuzz's optimal alignment (the
    longest common subsequence, bit-parallel: its cost and memory grow with len(a) * len(b) / 64,
    which :data:`_ALIGN_MOST` bounds; beyond, the whole is one edit) of what lies between the
    start and the end they share (a typo fixed in a very long paragraph stays a typo)."""
    head, tail = _affixes(a, b)
    if head:
        yield "equal", 0, head, 0, head
    yield from _aligned_middle(a[head : len(a) - tail], b[head : len(b) - tail], head)
    if tail:
        yield "equal", len(a) - tail, len(a), len(b) - tail, len(b)


def _aligned_middle(
    a: Sequence[Hashable], b: Sequence[Hashable], at: int
) -> Iterator[tuple[str, int, int, int, int]]:
    """:func:`_aligned` of what lies between the shared start and end (at offset ``at``)."""
    if len(a) * len(b) > _ALIGN_MOST or not a or not b:
        if a or b:
            tag = "replace" if a and b else "delete" if a else "insert"
            yield tag, at, at + len(a), at, at + len(b)
        return
    pending: list[int] | None = None
    for op in Indel.opcodes(a, b):
        if op.tag != "equal":
            if pending is None:
                pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            pending[1], pending[3] = op.src_end, op.dest_end
            continue
        if pending is not None:
            yield _edit(*(n + at for n in pending))
            pending = None
        yield "equal", at + op.src_start, at + op.src_end, at + op.dest_start, at + op.dest_end
    if pending is not None:
        yield _edit(*(n + at for n in pending))


def _edit(i1: int, i2: int, j1: int, j2: int) -> tuple[str, int, int, int, int]:
    tag = "replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert"
    return tag, i1, i2, j1, j2


def _split(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """Tokens as paragraphs (tuples of words)."""
    paras: list[tuple[str, ...]] = []
    current: list[str] = []
    for token in tokens:
        if token == PARAGRAPH:
            paras.append(tuple(current))
            current = []
        else:
            current.append(token)
    if current or paras:
        paras.append(tuple(current))
    return paras


def _joined(paras: Sequence[tuple[str, ...]], start: int, stop: int) -> list[str]:
    """Paragraphs ``start:stop`` as tokens, each but the text's first after a break."""
    tokens: list[str] = []
    for n in range(start, stop):
        if n:
            tokens.append(PARAGRAPH)
        tokens.extend(paras[n])
    return tokens


def word_diff(before: str, after: str) -> tuple[DiffPiece, ...]:
    """The word-level difference from ``before`` to ``after``, as Word's compare shows it:
    ("same" | "inserted" | "deleted", text) pieces; a paragraph break is a piece of its own
    (text :data:`PARAGRAPH`), neighbouring pieces of one kind are joined. The pieces that are
    not inserted give the normalised paragraphs of ``before`` back, those not deleted the
    paragraphs of ``after``."""
    marked: list[DiffPiece] = []  # (kind, token), joined into pieces at the end
    for tag, gone, came, _ in _opcodes(_tokens(before), _tokens(after)):
        if tag != "equal":
            marked += [("deleted", token) for token in gone]
            marked += [("inserted", token) for token in came]
            continue
        # an equal stretch: its leading break may be one text's only (a paragraph added or
        # taken away before it)
        old_break, new_break = gone[:1] == [PARAGRAPH], came[:1] == [PARAGRAPH]
        if old_break != new_break:
            marked.append(("deleted" if old_break else "inserted", PARAGRAPH))
        marked += [("same", token) for token in (came[1:] if new_break and not old_break else came)]
    return tuple(_pieces(marked))


def _pieces(marked: Sequence[DiffPiece]) -> Iterator[DiffPiece]:
    """Neighbouring tokens of one kind as one piece, joined once (adding to a piece token by
    token copies it every time: a 2.5 MB paragraph took 47 s); a break a piece of its own."""
    for (kind, is_break), group in groupby(marked, key=lambda m: (m[0], m[1] == PARAGRAPH)):
        if is_break:
            yield from group
        else:
            yield kind, "".join(token for _, token in group)
