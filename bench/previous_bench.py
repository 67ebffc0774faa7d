"""Time a round against a large previous run: ``python bench/previous_bench.py [QUESTIONS]
[RESPONSES] [--expected N] [--ours N]``.

Writes a synthetic previous answers.json (seeded: the same arguments give the same bytes) of
QUESTIONS questions (default 2,000: round 2's union's texts among made-up ones, twenty
sections) x RESPONSES responses (default 500: round 2's committees among made-up ones, an
answer to every question) to bench/data/, reads round 2 (fixtures/round2: both template
versions) once, then times reading the previous run (docx.previous_run) and comparing the
round with it (answers.previous.compare_rounds), best of three. ``--expected N``: with an
expected list of the first N previous respondents' names (every name then resolves against
the whole list). ``--ours N``: also time pairing N made-up questions of two wordings each
with the previous run's (versions.pair_texts), as a template of N questions would be. Not part
of the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from docxmerge.answers.previous import compare_rounds  # noqa: E402
from docxmerge.answers.versions import pair_texts  # noqa: E402
from docxmerge.docx.previous_run import read_previous  # noqa: E402
from docxmerge.model import Expected, PreviousRun, RunResult  # noqa: E402
from docxmerge.run import RunOptions, run  # noqa: E402

ROUND2 = ROOT / "fixtures" / "round2"
_VOCABULARY = (
    "hur arbetar nämnden med samverkan företag näringsliv lokala området beskriv insatser "
    "under året vilka resultat har uppnåtts planerar ni inför kommande utveckling stöd "
    "etablering kontakter handläggning tillstånd dialog medborgare föreningar trygghet "
    "miljö arbetsmarknad ungdomar sommarjobb upphandling lokaler evenemang besöksnäring"
)
WORDS = _VOCABULARY.split()


def synthetic(questions: int, responses: int) -> dict[str, Any]:
    """A previous answers.json of ``questions`` x ``responses``."""
    rng = random.Random(f"{questions}x{responses}")
    expected = json.loads((ROUND2 / "expected.json").read_text("utf-8"))
    texts = [q["text"] for q in expected["questions"]]
    while len(texts) < questions:
        texts.append(" ".join(rng.choices(WORDS, k=rng.randint(6, 16))).capitalize() + "?")
    names = sorted({f["respondent"] for f in expected["forms"].values()})
    names += [f"Nämnd {n:05d} stadsdelsnämnd" for n in range(len(names), responses)]
    per_section = -(-questions // 20)
    ids = [f"{n // per_section + 1}.{n % per_section + 1}" for n in range(questions)]
    return {
        "template": "Uppföljning",
        "title": "Syntetisk",
        "questions": [
            {"id": qid, "text": text, "section": f"Avsnitt {qid.split('.')[0]}"}
            for qid, text in zip(ids, texts[:questions], strict=True)
        ],
        "responses": [
            {
                "file": f"{name}.docx",
                "status": "read",
                "respondent": name,
                "document_modified": "2022-09-13T15:20:00Z",
                "answers": [
                    {
                        "question_id": qid,
                        "status": "answered",
                        "text": " ".join(rng.choices(WORDS, k=8)),
                    }
                    for qid in ids
                ],
            }
            for name in names[:responses]
        ],
    }


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def current_round(out: Path) -> RunResult:
    options = RunOptions(
        inbox=ROUND2 / "inbox",
        template=ROUND2 / "templates" / "template_v1.docx",
        templates=(ROUND2 / "templates" / "template_v2.docx",),
        out=out,
        jobs=1,
    )
    return run(options).result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=int, nargs="?", default=2000)
    parser.add_argument("responses", type=int, nargs="?", default=500)
    parser.add_argument("--expected", type=int, default=0)
    parser.add_argument("--ours", type=int, default=0)
    args = parser.parse_args()
    path = ROOT / "bench" / "data" / f"previous-{args.questions}x{args.responses}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(synthetic(args.questions, args.responses)), "utf-8")
    previous = read_previous(path, 1 << 30)
    listed = tuple(Expected(r.respondent) for r in previous.responses[: args.expected])
    with tempfile.TemporaryDirectory() as out:
        result = current_round(Path(out) / "out")
    read = best(3, lambda: read_previous(path, 1 << 30))
    compare = best(
        3,
        lambda: compare_rounds(
            result.responses, result.template, result.templates, previous, listed
        ),
    )
    _, info = compare_rounds(result.responses, result.template, result.templates, previous, listed)
    size = path.stat().st_size / (1 << 20)
    print(f"previous: {args.questions} questions x {args.responses} responses, {size:.0f} MB")
    print(f"expected list: {len(listed)} names")
    print(f"read_previous: {read:.2f} s")
    print(f"compare_rounds: {compare:.2f} s")
    print(f"respondents compared: {info.compared}, questions paired: {len(info.question_ids)}")
    if args.ours:
        pairing = best(3, lambda: pair_with(args.ours, previous))
        print(f"pair_texts, {args.ours} questions x 2 wordings with the previous: {pairing:.2f} s")


def pair_with(count: int, previous: PreviousRun) -> dict[int, int]:
    """Pair ``count`` made-up questions (two wordings each) with the previous run's."""
    rng = random.Random(count)
    ours = []
    for _ in range(count):
        text = " ".join(rng.choices(WORDS, k=rng.randint(6, 16))).capitalize()
        ours.append([text + "?", text + " under året?"])
    return pair_texts(ours, [[q.text] for q in previous.questions])


if __name__ == "__main__":
    main()
