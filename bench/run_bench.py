"""Benchmark docxmerge against its floors and other readers: ``python bench/run_bench.py``.

In one run on the same generated forms (bench/generate.py; bench/data/, made when missing) it
times: the read floor (zip + lxml parse of word/document.xml + every w:t collected per
paragraph), our reader, python-docx reading every paragraph (content controls included),
docx2python and mammoth when installed; two reading processes against one; report writing for
1,000 respondents against a raw-lxml floor for the same body; the whole ``docxmerge run`` for 100,
1,000 and 10,000 forms with ``--jobs 1`` and the default, with wall time and peak RSS; the
whole-run floor for 1,000 forms. Then, on forms in table layout (``generate.py --layout
table``), the read floor against our reader and the whole-run floor against ``docxmerge run
--jobs 1``, measured the same way (issue 14). It prints a table with ratios to the floors and the
targets of issues 6 and 14 and writes bench/RESULTS.md (``--quick``: 100 forms only, written to
bench/out/; ``--only tables``: the table forms' section alone).

Not part of the test suite. Best of ``--reps`` repetitions wherever a repetition is cheap.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import dataclasses
import datetime as dt
import gc
import importlib.metadata
import inspect
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from lxml import etree

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SRC = Path(os.environ.get("BENCH_SRC", ROOT / "src"))  # another tree to compare: BENCH_SRC=...
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

from docxmerge import run as run_module  # noqa: E402
from docxmerge.docx.package import Limits  # noqa: E402
from docxmerge.docx.reader import read_docx  # noqa: E402
from docxmerge.model import Answer, RunResult  # noqa: E402
from docxmerge.writers.report import write_report  # noqa: E402

PYTHON = sys.executable
TEMPLATE = ROOT / "fixtures" / "template.docx"
DATA = BENCH / "data"
OUT = BENCH / "out"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_NS = W[1:-1]
FLOOR_IMPORTS = "import lxml.etree, pandas, openpyxl"
OTHER_READERS_FORMS = 100  # docx2python and mammoth are slow: timed on the first 100 forms
TABLE_FORMS = "table forms"  # names the rows measured on generate.py's table layout
SECTIONS = ("readers", "jobs", "report", "runs", "tables")


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds (CPU: this process only, or a child tree from wait4)."""

    wall: float
    cpu: float

    def per(self, count: int) -> Timing:
        return Timing(self.wall / count, self.cpu / count)


def time_once(action: Callable[[], object]) -> Timing:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def best(timings: Iterable[Timing]) -> Timing:
    """The smallest wall and the smallest CPU time (each over the repetitions)."""
    items = list(timings)
    return Timing(min(t.wall for t in items), min(t.cpu for t in items))


def best_of(reps: int, action: Callable[[], object]) -> Timing:
    return best(time_once(action) for _ in range(reps))


def interleaved(reps: int, actions: dict[str, Callable[[], object]]) -> dict[str, Timing]:
    """Best of ``reps`` for each action, repetitions taken in turn (A B C A B C ...)."""
    runs: dict[str, list[Timing]] = {name: [] for name in actions}
    for _ in range(reps):
        for name, action in actions.items():
            runs[name].append(time_once(action))
    return {name: best(items) for name, items in runs.items()}


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class ProcessRun:
    seconds: float
    cpu: float  # user + system of the process and its reaped descendants (wait4)
    max_rss_mb: float  # largest peak of one process (main or worker): VmHWM
    tree_rss_mb: float  # largest sum of VmRSS over the process tree
    returncode: int


def _tree_status(pid: int) -> dict[int, tuple[int, int]]:
    """pid -> (VmRSS, VmHWM) in KiB for ``pid`` and all its descendants, from /proc."""
    found: dict[int, tuple[int, int]] = {}
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = dict(
                line.split(":", 1)
                for line in Path(f"/proc/{current}/status").read_text().splitlines()
                if line.startswith(("VmRSS:", "VmHWM:"))
            )
            found[current] = (int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0]))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, KeyError):
            continue
    return found


def timed_process(argv: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run a command: wall time, CPU time, peak RSS of its largest process and of its tree.

    Memory is sampled from /proc every 10 ms: VmHWM is each process's own peak (exec starts a
    fresh one; wait4's ru_maxrss would carry the RSS of this large benchmark process across
    fork and exec), the sum of VmRSS the tree's total.
    """
    peak_tree = [0]
    peak_process: dict[int, int] = {}
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            status = _tree_status(child.pid)
            peak_tree[0] = max(peak_tree[0], sum(rss for rss, _ in status.values()))
            for pid, (_, hwm) in status.items():
                peak_process[pid] = max(peak_process.get(pid, 0), hwm)
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert child.stderr is not None
    error_text = child.stderr.read()  # drain before waiting: the run writes progress there
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"  command failed ({code}): {' '.join(argv)}\n{error_text[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    largest = max(peak_process.values(), default=0)
    return ProcessRun(seconds, cpu, largest / 1024, peak_tree[0] / 1024, code)


_COMPILED: list[Path] = []  # the byte-compiled copy of SRC, made once per benchmark


def source_env() -> dict[str, str]:
    """The environment of a measured ``docxmerge run``: the package as installed.

    pip byte-compiles what it installs; a source tree run with PYTHONDONTWRITEBYTECODE set (as
    on the machines these figures come from) would compile every module in every run. The
    runs therefore use a byte-compiled copy of SRC.
    """
    if not _COMPILED:
        copy = Path(tempfile.mkdtemp(prefix="docxmerge-bench-src-")) / "src"
        shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
        compileall.compile_dir(copy, quiet=1)
        atexit.register(shutil.rmtree, copy.parent, True)
        _COMPILED.append(copy)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(_COMPILED[0])
    return env


# --------------------------------------------------------------------------- data


LAYOUT_PREFIX = {"headings": "", "table": "table-"}
"""bench/data/ folders per generate.py layout: all, forms-COUNT; table-all, table-forms-COUNT."""


def form_paths(folder: Path) -> list[Path]:
    """The forms in a folder, in name order (a layout's template.docx is not one)."""
    return sorted(p for p in folder.glob("*.docx") if p.name != generate.TEMPLATE_NAME)


def forms_dir(count: int, layout: str = "headings") -> Path:
    """bench/data/forms-COUNT (table-forms-COUNT): the first COUNT forms of one generated set
    (hard links)."""
    full = DATA / f"{LAYOUT_PREFIX[layout]}all"
    target = DATA / f"{LAYOUT_PREFIX[layout]}forms-{count}"
    if target.is_dir() and len(form_paths(target)) == count:
        return target
    existing = len(form_paths(full)) if full.is_dir() else 0
    if existing < count:
        print(f"generating {count} {layout} forms in {full} ...", flush=True)
        generate.generate(count, full, layout=layout)
    target.mkdir(parents=True, exist_ok=True)
    for path in form_paths(full)[:count]:
        link = target / path.name
        if not link.exists():
            os.link(path, link)
    return target


def table_template() -> Path:
    """The table forms' template, written by generate.py beside them in bench/data/table-all."""
    return DATA / f"{LAYOUT_PREFIX['table']}all" / generate.TEMPLATE_NAME


# --------------------------------------------------------------------------- readers


def read_floor(path: Path) -> list[str]:
    """The floor: unzip word/document.xml, parse it, join every w:t per paragraph."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def read_ours(path: Path) -> list[str]:
    return [block.text for block in read_docx(path).blocks]


def read_python_docx(path: Path) -> list[str]:
    """python-docx, every paragraph of the body including those inside content controls.

    ``Document.paragraphs`` only sees direct children of w:body; paragraphs inside block-level
    controls (w:sdt/w:sdtContent) and tables are reached by walking the body element.
    """
    import docx
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    body = document.element.body
    return [Paragraph(p, document).text for p in body.iter(f"{W}p")]


def read_docx2python(path: Path) -> list[str]:
    from docx2python import docx2python

    with docx2python(str(path)) as content:
        return [content.text]


def read_mammoth(path: Path) -> list[str]:
    import mammoth

    with path.open("rb") as handle:
        return [mammoth.extract_raw_text(handle).value]


def installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


@dataclass
class ReaderTiming:
    name: str
    per_form: Timing  # seconds per form
    forms: int
    characters: int  # text characters read from the forms timed (what each reader gets)
    note: str = ""


def read_all(reader: Callable[[Path], list[str]], paths: Sequence[Path]) -> None:
    """Read every path and drop the result, as a batch run does with parsed documents."""
    for path in paths:
        reader(path)


Reader = tuple[str, Callable[[Path], list[str]], Sequence[Path], str]
"""A reader to time: its name, the function, the files it reads, a note on them."""


def other_readers(paths: Sequence[Path]) -> tuple[list[Reader], list[ReaderTiming]]:
    """python-docx, the floor on the first forms and docx2python and mammoth on them (when
    installed); the readers not installed as timings of nothing."""
    first = paths[:OTHER_READERS_FORMS]
    note = f"first {len(first)} forms" if len(first) < len(paths) else ""
    readers: list[Reader] = [
        ("python-docx, all paragraphs incl. controls", read_python_docx, paths, ""),
        ("read floor, same subset", read_floor, first, note),
    ]
    skipped: list[ReaderTiming] = []
    for module, label, reader in (
        ("docx2python", "docx2python (.text)", read_docx2python),
        ("mammoth", "mammoth (extract_raw_text)", read_mammoth),
    ):
        if installed(module):
            readers.append((label, reader, first, note))
        else:
            skipped.append(ReaderTiming(label, Timing(0, 0), 0, 0, "not installed: skipped"))
    return readers, skipped


def time_readers(paths: Sequence[Path], reps: int, *, others: bool = True) -> list[ReaderTiming]:
    """The read floor, ours and (``others``) the other readers on the same files, repetitions
    interleaved (floor, ours, python-docx ...)."""
    readers: list[Reader] = [
        ("read floor (zip + lxml + w:t per paragraph)", read_floor, paths, ""),
        ("docxmerge reader (read_docx)", read_ours, paths, ""),
    ]
    more, skipped = other_readers(paths) if others else ([], [])
    readers += more
    timings = interleaved(
        reps,
        {name: (lambda r=reader, p=files: read_all(r, p)) for name, reader, files, _ in readers},
    )
    out = []
    for name, reader, files, why in readers:
        characters = sum(len(text) for path in files for text in reader(path))
        out.append(ReaderTiming(name, timings[name].per(len(files)), len(files), characters, why))
    return out + skipped


# --------------------------------------------------------------------------- two processes


def time_reading_jobs(folder: Path, reps: int) -> tuple[Timing, Timing]:
    """run.py's own reading stage (read + match every inbox file) with 1 and 2 processes."""
    template = run_module.load_template(TEMPLATE)
    entries = run_module.list_inbox(folder)
    lang = template.language or "sv"
    reader = _reading_stage(template, lang, entries, folder)
    timings = interleaved(reps, {"1": lambda: reader(1), "2": lambda: reader(2)})
    return timings["1"], timings["2"]


def _reading_stage(
    template: Any, lang: str, entries: list[Any], folder: Path
) -> Callable[[int], object]:
    """A call of run.py's private reading stage, whichever of its two signatures it has."""
    parameters = list(inspect.signature(run_module._read_all).parameters)
    if "job" in parameters:  # _read_all(entries, job, jobs, progress)
        digest = run_module.sha256_of(TEMPLATE)
        job = run_module._Job(template, Limits(), lang, digest)
        return lambda jobs: run_module._read_all(entries, job, jobs, None)
    return lambda jobs: run_module._read_all(  # _read_all(entries, template, options, lang, ...)
        entries, template, run_module.RunOptions(folder, TEMPLATE, OUT, jobs=jobs), lang, None
    )


# --------------------------------------------------------------------------- report floor


def report_floor(result: RunResult, template_path: Path, path: Path) -> None:
    """The same report body (paragraphs, headings, overview table) built with raw lxml calls.

    The floor for report writing: no styles resolved, no formatting, no lists; one run per
    paragraph, taken from each answer's plain text (not from its blocks, which the model may
    hold packed); the template's other parts copied as they are.
    """
    root = etree.Element(f"{W}document", nsmap={"w": W_NS})
    body = etree.SubElement(root, f"{W}body")
    sub = etree.SubElement

    def paragraph(parent: etree._Element, text: str, style: str = "Normal") -> None:
        p = sub(parent, f"{W}p")
        sub(sub(p, f"{W}pPr"), f"{W}pStyle").set(f"{W}val", style)
        sub(sub(p, f"{W}r"), f"{W}t").text = text

    current = [r for r in result.responses if r.status == "read"]
    answers = [{a.question_id: a for a in r.answers} for r in current]
    template = result.template
    paragraph(body, template.title or "", "Title")
    table = sub(body, f"{W}tbl")
    for response, by_id in zip(current, answers, strict=True):
        row = sub(table, f"{W}tr")
        cells = [response.respondent or response.file.name]
        for section in template.sections:
            ids = [q.id for q in template.questions if q.section_id == section.id]
            done = sum(1 for q in ids if q in by_id and by_id[q].status == "answered")
            cells.append(f"{done}/{len(ids)}")
        for text in cells:
            paragraph(sub(row, f"{W}tc"), text)
    for section in template.sections:
        paragraph(body, section.title, "Heading1")
        for question in (q for q in template.questions if q.section_id == section.id):
            paragraph(body, f"{question.id} {question.text}", "Heading2")
            unanswered = []
            for response, by_id in zip(current, answers, strict=True):
                answer: Answer | None = by_id.get(question.id)
                name = response.respondent or response.file.name
                if answer is None or answer.status != "answered":
                    unanswered.append(name)
                    continue
                paragraph(body, name, "Heading3")
                for text in answer.text.split("\n"):  # its paragraphs, from the plain text
                    paragraph(body, text)
            if unanswered:
                paragraph(body, ", ".join(unanswered))
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with (
        zipfile.ZipFile(template_path) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = document if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)


def matrix_floor(result: RunResult, path: Path) -> None:
    """pandas writing the respondents x questions status matrix, nothing else."""
    import pandas as pd

    questions = [q.id for q in result.template.questions]
    rows = []
    for response in result.responses:
        by_id = {a.question_id: a.status for a in response.answers}
        rows.append(
            [response.respondent or response.file.name, *(by_id.get(q, "") for q in questions)]
        )
    frame = pd.DataFrame(rows, columns=["respondent", *questions])
    frame.to_excel(path, index=False, engine="openpyxl")


def outputs_floor(result: RunResult, folder: Path) -> None:
    """The outputs added since issue 6 set its floor (issue 11's answers, files and messages
    sheets and reminder drafts), each written as plainly as its library writes it: pandas
    writing the answer texts (respondents x questions), the files and the messages as three
    sheets of one workbook; the email library writing one draft per respondent with a question
    unanswered (To, Subject, X-Unsent, the owed questions in a quoted-printable body)."""
    import pandas as pd

    questions = result.template.questions
    answers, files, owing = [], [], []
    for response in result.responses:
        by_id = {a.question_id: a for a in response.answers}
        name = response.respondent or response.file.name
        texts = [by_id[q.id].text if q.id in by_id else "" for q in questions]
        answers.append([name, *texts])
        files.append([response.file.name, response.status, name, response.file.size])
        missing = [q for q in questions if q.id not in by_id or by_id[q.id].status != "answered"]
        if response.status == "read" and missing:
            owing.append((name, missing))
    messages = [[m.file, m.location, m.text] for m in result.messages]
    with pd.ExcelWriter(folder / "outputs.xlsx", engine="openpyxl") as writer:
        pd.DataFrame(answers).to_excel(writer, sheet_name="answers", index=False)
        pd.DataFrame(files).to_excel(writer, sheet_name="files", index=False)
        pd.DataFrame(messages).to_excel(writer, sheet_name="messages", index=False)
    drafts = folder / "drafts"
    drafts.mkdir(exist_ok=True)
    for number, (name, missing) in enumerate(owing):
        message = EmailMessage(policy=policy.SMTP)
        message["To"] = "respondent@example.org"
        message["Subject"] = f"Reminder: {result.template.title} - {name}"
        message["X-Unsent"] = "1"
        body = "\n".join(f"{q.id} {q.text}" for q in missing)
        message.set_content(f"Hello,\n\n{body}\n", cte="quoted-printable")
        (drafts / f"{number}.eml").write_bytes(message.as_bytes())


def doubled(result: RunResult) -> RunResult:
    """The same result with every response twice (for the report's linearity)."""
    return dataclasses.replace(result, responses=result.responses + result.responses)


# --------------------------------------------------------------------------- the table


@dataclass
class Row:
    what: str
    value: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, what: str, value: str, ratio: str = "", target: str = "", ok: bool | None = None
    ) -> None:
        verdict = "" if ok is None else ("met" if ok else "NOT met")
        self.rows.append(Row(what, value, ratio, target, verdict))
        print(f"  {what}: {value} {ratio} {target} {verdict}".rstrip(), flush=True)

    def markdown(self) -> str:
        lines = [
            "| measurement | value | ratio | target | verdict |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {r.what} | {r.value} | {r.ratio} | {r.target} | {r.verdict} |" for r in self.rows
        ]
        return "\n".join(lines)


def machine() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for package in ("lxml", "python-docx", "pandas", "openpyxl", "docx2python", "mammoth"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return [
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- CPU: {cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- {', '.join(versions)}",
    ]


def source_version() -> str:
    """SRC, with the commit it is at (and whether it differs from it) when it is in git."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(SRC), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return str(SRC)
    last = git("log", "-1", "--format=%h", "--", ".")
    changed = ", with changes not committed" if git("status", "--porcelain", "--", ".") else ""
    return f"{SRC} at commit {commit} (last changed in {last}){changed}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def cpu_wall(timing: Timing, unit: Callable[[float], str]) -> str:
    return f"{unit(timing.cpu)} CPU ({unit(timing.wall)} wall)"


def per_form(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms/form"


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}x"


# --------------------------------------------------------------------------- sections


def run_cli(folder: Path, out: Path, jobs: int | None, template: Path = TEMPLATE) -> ProcessRun:
    argv = [PYTHON, "-m", "docxmerge", "run", str(folder), "--template", str(template)]
    argv += ["--out", str(out)] + (["--jobs", str(jobs)] if jobs else [])
    return timed_process(argv, source_env())


def bench_readers(results: Results, folder: Path, reps: int) -> None:
    """Per-form readers against the read floor, the other readers against ours."""
    paths = sorted(folder.glob("*.docx"))
    print(f"readers on {len(paths)} forms ({load()})", flush=True)
    timings = time_readers(paths, reps)
    floor, ours, pdocx, floor_subset = timings[:4]
    add_reader_ratio(results, floor, ours)
    results.add(
        pdocx.name,
        cpu_wall(pdocx.per_form, per_form),
        fmt_ratio(pdocx.per_form.cpu / floor.per_form.cpu),
        f"ours faster: {pdocx.per_form.cpu / ours.per_form.cpu:.2f}x",
        ours.per_form.cpu < pdocx.per_form.cpu,
    )
    for other in timings[4:]:
        if other.forms == 0:
            results.notes.append(f"{other.name}: {other.note}")
            continue
        results.add(
            f"{other.name} ({other.note})" if other.note else other.name,
            cpu_wall(other.per_form, per_form),
            fmt_ratio(other.per_form.cpu / floor_subset.per_form.cpu),
            f"ours 10x faster: {other.per_form.cpu / ours.per_form.cpu:.1f}x",
            other.per_form.cpu >= 10 * ours.per_form.cpu,
        )
    results.notes.append(
        "Characters of text each reader returned for the forms it read: "
        + "; ".join(f"{t.name}: {t.characters:,} ({t.forms} forms)" for t in timings if t.forms)
    )


def add_reader_ratio(
    results: Results, floor: ReaderTiming, ours: ReaderTiming, forms: str = ""
) -> None:
    """The read floor's row and our reader's against it (target: 3x); ``forms`` names the
    forms in both rows when they are not today's."""
    prefix = f"{forms}: " if forms else ""
    results.add(prefix + floor.name, cpu_wall(floor.per_form, per_form), "1.00x")
    results.add(
        prefix + ours.name,
        cpu_wall(ours.per_form, per_form),
        fmt_ratio(ours.per_form.cpu / floor.per_form.cpu),
        "<= 3x floor",
        ours.per_form.cpu <= 3 * floor.per_form.cpu,
    )


def bench_jobs(results: Results, folder: Path, reps: int) -> None:
    count = len(list(folder.glob("*.docx")))
    print(f"reading stage, 1 vs 2 processes, {count} forms ({load()})", flush=True)
    one, two = time_reading_jobs(folder, reps)
    results.add(
        f"read + match {count} forms, 1 process (run.py's reading stage)", seconds(one.wall)
    )
    results.add(
        f"read + match {count} forms, 2 processes",
        seconds(two.wall),
        f"speed-up {one.wall / two.wall:.2f}x (wall)",
        ">= 1.7x",
        one.wall / two.wall >= 1.7,
    )


def bench_report(results: Results, folder: Path, reps: int) -> None:
    """Report writing against its floor, and for twice the respondents; the pandas matrix."""
    count = len(list(folder.glob("*.docx")))
    print(f"report writing for {count} respondents ({load()})", flush=True)
    result = run_module.run(run_module.RunOptions(folder, TEMPLATE, OUT / f"inproc-{count}")).result
    twice = doubled(result)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        target = Path(tmp)
        timings = interleaved(
            reps,
            {
                "ours": lambda: write_report(result, TEMPLATE, target / "r.docx"),
                "floor": lambda: report_floor(result, TEMPLATE, target / "f.docx"),
                "twice": lambda: write_report(twice, TEMPLATE, target / "r2.docx"),
                "matrix": lambda: matrix_floor(result, target / "m.xlsx"),
            },
        )
    ours, floor, ours2 = timings["ours"], timings["floor"], timings["twice"]
    results.add(f"report floor (raw lxml), {count} respondents", cpu_wall(floor, ms))
    results.add(
        f"write_report, {count} respondents",
        cpu_wall(ours, ms),
        fmt_ratio(ours.cpu / floor.cpu),
        "<= 3x floor",
        ours.cpu <= 3 * floor.cpu,
    )
    results.add(
        f"write_report, {2 * count} respondents (each twice)",
        cpu_wall(ours2, ms),
        f"{ours2.cpu / ours.cpu:.2f}x the {count} time",
        "linear: about 2x",
        ours2.cpu / ours.cpu <= 2.3,
    )
    results.add(
        f"pandas writing the {count} x questions status matrix", cpu_wall(timings["matrix"], ms)
    )


def bench_runs(
    results: Results, sizes: Sequence[int], reps: int
) -> dict[tuple[int, str], ProcessRun]:
    runs: dict[tuple[int, str], ProcessRun] = {}
    for count in sizes:
        folder = forms_dir(count)
        for label, jobs in (("--jobs 1", 1), ("default jobs", None)):
            print(f"docxmerge run, {count} forms, {label} ({load()})", flush=True)
            repeat = reps if count <= 1000 else 1
            tries = [
                run_cli(folder, OUT / f"run-{count}-{jobs or 'default'}", jobs)
                for _ in range(repeat)
            ]
            fastest = dataclasses.replace(
                min(tries, key=lambda r: r.seconds), cpu=min(r.cpu for r in tries)
            )
            runs[(count, label)] = fastest
            limit = {1000: 150, 10000: 600}.get(count)
            results.add(
                f"docxmerge run, {count} forms, {label}",
                f"{fastest.seconds:.2f} s wall, {fastest.cpu:.2f} s CPU; peak RSS "
                f"{fastest.max_rss_mb:.0f} MB (largest process), {fastest.tree_rss_mb:.0f} MB "
                "(all processes)",
                "",
                f"<= {limit} MB" if limit else "",
                fastest.max_rss_mb <= limit if limit else None,
            )
        one, default = runs[(count, "--jobs 1")], runs[(count, "default jobs")]
        results.add(
            f"docxmerge run, {count} forms, default jobs ({os.cpu_count()}) vs --jobs 1",
            f"{default.seconds:.2f} s vs {one.seconds:.2f} s wall",
            f"speed-up {one.seconds / default.seconds:.2f}x",
            "(information: the outputs are written by one process)",
        )
    return runs


def bench_whole_floor(
    results: Results, folder: Path, reps: int, template: Path = TEMPLATE, forms: str = ""
) -> ProcessRun:
    """The whole-run floor of issue 6 against ``docxmerge run --jobs 1``, measured in turn.

    The machine's speed drifts by several per cent within minutes, so the floor's parts (read
    floor over every form, raw-lxml report body, pandas matrix, interpreter start) and the run
    are timed one after the other in each of at least five repetitions; the best of each is
    compared. ``forms`` names the forms in the rows when they are not today's; the fastest run
    is returned.
    """
    paths = form_paths(folder)
    count = len(paths)
    reps = max(reps, 5)  # the ratio of issue 6: a few more turns for a steadier best
    prefix = f"{forms}: " if forms else ""
    name = forms.replace(" ", "-") + "-" if forms else ""  # of the output folders
    print(f"whole-run floor and docxmerge run --jobs 1, {prefix}{count} forms, in turn ({load()})")
    out = OUT / f"{name}floor-{count}"
    result = run_module.run(run_module.RunOptions(folder, template, out)).result
    floors: list[float] = []
    added: list[float] = []  # the floor of the outputs added since issue 6
    starts: list[Timing] = []
    tries: list[ProcessRun] = []
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        for _ in range(reps):
            parts = [
                time_once(lambda: read_all(read_floor, paths)),
                time_once(lambda: report_floor(result, template, Path(tmp) / "f.docx")),
                time_once(lambda: matrix_floor(result, Path(tmp) / "m.xlsx")),
            ]
            added.append(time_once(lambda: outputs_floor(result, Path(tmp))).cpu)
            start = timed_process([PYTHON, "-c", "pass"])
            starts.append(Timing(start.seconds, start.cpu))
            floors.append(sum(part.cpu for part in parts) + start.cpu)
            tries.append(run_cli(folder, OUT / f"{name}floor-run-{count}", 1, template))
    floor_cpu, run = min(floors), min(tries, key=lambda r: r.cpu)
    start_best = Timing(min(t.wall for t in starts), min(t.cpu for t in starts))
    imports = min(timed_process([PYTHON, "-c", FLOOR_IMPORTS]).cpu for _ in range(reps))
    results.add(f"{prefix}interpreter start (python -c pass)", cpu_wall(start_best, ms))
    results.add(
        f"{prefix}whole-run floor, {count} forms (read floor + report floor + matrix + start)",
        f"{floor_cpu:.2f} s CPU (best of {reps}, taken in turn with the runs below)",
    )
    results.add(
        f"{prefix}start + importing lxml, pandas, openpyxl (information)", f"{imports:.2f} s CPU"
    )
    results.add(
        f"{prefix}docxmerge run, {count} forms, --jobs 1 vs issue 6's whole-run floor",
        f"{run.cpu:.2f} s CPU ({run.seconds:.2f} s wall)",
        fmt_ratio(run.cpu / floor_cpu),
        "(information: the run writes more than that floor since issue 11)",
    )
    added_cpu = min(added)
    results.add(
        f"{prefix}floor of the outputs added since (answers, files, messages sheets; "
        "reminder drafts)",
        f"{added_cpu:.2f} s CPU (best of {reps})",
    )
    whole = floor_cpu + added_cpu
    results.add(
        f"{prefix}docxmerge run, {count} forms, --jobs 1 vs whole-run floor of today's outputs",
        f"{run.cpu:.2f} s CPU vs {whole:.2f} s",
        fmt_ratio(run.cpu / whole),
        "<= 4x floor",
        run.cpu <= 4 * whole,
    )
    with_imports = whole - start_best.cpu + imports
    note = (
        f"{prefix}counting the floor's own imports (lxml, pandas, openpyxl) in its start, the "
        f"{count}-form whole-run floor of today's outputs is {with_imports:.2f} s CPU and "
        f"docxmerge run --jobs 1 is {run.cpu / with_imports:.2f}x it."
    )
    results.notes.append(note[0].upper() + note[1:])
    return run


def bench_scaling(results: Results, runs: dict[tuple[int, str], ProcessRun]) -> None:
    """10,000 forms against 1,000, with --jobs 1 and the default (when both were run)."""
    for label in ("--jobs 1", "default jobs"):
        small, large = runs.get((1000, label)), runs.get((10000, label))
        if small and large:
            results.add(
                f"docxmerge run, 10,000 vs 1,000 forms, {label}",
                f"{large.seconds:.1f} s wall vs {small.seconds:.1f} s; CPU {large.cpu:.1f} s vs "
                f"{small.cpu:.1f} s",
                f"{large.seconds / small.seconds:.2f}x wall, {large.cpu / small.cpu:.2f}x CPU",
                "<= 11x",
                large.seconds <= 11 * small.seconds,
            )


def bench_tables(results: Results, count: int, reps: int) -> None:
    """Issue 14's targets on forms in table layout, measured as today's forms are: our reader
    within 3x the read floor, the whole run (--jobs 1) within 4x the whole-run floor."""
    folder = forms_dir(count, "table")
    paths = form_paths(folder)
    print(f"{TABLE_FORMS}: read floor and reader on {len(paths)} forms ({load()})", flush=True)
    floor, ours = time_readers(paths, reps, others=False)
    add_reader_ratio(results, floor, ours, TABLE_FORMS)
    run = bench_whole_floor(results, folder, reps, table_template(), TABLE_FORMS)
    results.add(
        f"{TABLE_FORMS}: docxmerge run, {count} forms, --jobs 1 (the run above)",
        f"peak RSS {run.max_rss_mb:.0f} MB (largest process), {run.tree_rss_mb:.0f} MB "
        "(all processes)",
    )
    results.notes.append(
        f"{TABLE_FORMS.capitalize()}: characters of text read from {len(paths)} forms: read floor "
        f"{floor.characters:,}, docxmerge reader {ours.characters:,}."
    )


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 forms only; results to bench/out")
    parser.add_argument(
        "--reps", type=int, default=3, help="repetitions where cheap (best is kept)"
    )
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        help="one section (no file written unless --output is given); tables: the table "
        "forms' reader and whole-run ratios",
    )
    parser.add_argument("--output", type=Path, help="where to write the results (Markdown)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [100] if args.quick else [100, 1000, 10000]
    count = 100 if args.quick else 1000
    wanted = {args.only} if args.only else set(SECTIONS)
    if wanted - {"tables"}:
        forms_dir(max(sizes))
    folder = forms_dir(count)
    results = Results()
    results.notes.append(f"At the start: {load()}.")
    if "readers" in wanted:
        bench_readers(results, folder, args.reps)
    if "jobs" in wanted:
        bench_jobs(results, folder, args.reps)
    if "report" in wanted:
        bench_report(results, folder, args.reps)
    if "runs" in wanted:
        runs = bench_runs(results, sizes, 2 if args.quick else args.reps)
        bench_whole_floor(results, folder, args.reps)
        bench_scaling(results, runs)
    if "tables" in wanted:
        bench_tables(results, count, args.reps)
    results.notes.append(f"At the end: {load()}.")
    print(f"\n{results.markdown()}\n")
    if args.only and not args.output:
        return
    target = args.output or (OUT / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")
    target.write_text(render(results, args.quick, count), encoding="utf-8")
    print(f"written to {target}")


def render(results: Results, quick: bool, count: int) -> str:
    head = [
        "# Benchmark results" + (" (quick: 100 forms)" if quick else ""),
        "",
        "Made by `python bench/run_bench.py` (forms from `bench/generate.py`: about 90 paragraphs,"
        " 12 content controls, ~32 KB of word/document.xml, a 35 KB styles.xml, ~24 KB per file;"
        " the rows marked *table forms* are on `generate.py --layout table`: a Question | Answer"
        " table, about 90 paragraphs, 55 content controls, ~50 KB of word/document.xml, ~23 KB"
        " per file)."
        f" Per-form readers and report writing on {count} forms; ratios are to the floors measured"
        " in the same run, on CPU time (best of the repetitions, taken in turn) so that other load"
        " on the machine counts less; wall times in parentheses. Whole runs: wall time and the CPU"
        " time of the process tree (wait4); peak RSS of the largest process (its VmHWM) and of all"
        " processes together (sum of VmRSS), sampled from /proc every 10 ms; the runs use a"
        " byte-compiled copy of the source, as `pip install` leaves the package.",
        "",
        *machine(),
        f"- Source measured: {source_version()}",
        "",
        results.markdown(),
        "",
    ]
    head += [f"- {note}" for note in results.notes]
    return "\n".join(head) + "\n"


if __name__ == "__main__":
    main()
