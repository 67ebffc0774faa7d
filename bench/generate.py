"""Generate N realistic filled-in forms for the benchmark: ``python bench/generate.py N OUTDIR``.

Two layouts (``--layout``):

``headings`` (the default): the fixture template (fixtures/build_fixtures.py) filled in by a
different respondent each time, built with fixtures/wordxml.py: multi-paragraph answers in the
controls, some placeholders left, bullet and numbered lists, tracked changes, a table now and
then, hidden text, fields, edited or split question headings, controls deleted with the answer
typed outside, the metadata as controls, a table or "Label: value" lines. About 90 body
paragraphs and 10 content controls per form; the template is fixtures/template.docx.

``table``: the label | answer table of fixtures/layouts/label-answer-table (built with
fixtures/build_layouts.py), its nine questions joined by the ESG real form's questions
(fixtures/realforms_esg.py) to 24: a metadata table, one Question | Answer table with section
rows, rich and plain text controls, Yes/No(/N/A) checkbox controls, a drop-down list, a combo
box and a date picker. Respondents tick boxes or none, tick two, delete the boxes and type the
answer, leave the drop-down or the date on its prompt, type over deleted controls, write
multi-paragraph answers with lists and tables, track changes, delete or move rows. About 90
body paragraphs and 55 content controls per form; the blank template is written as
OUTDIR/template.docx (``docxmerge run OUTDIR`` finds it there).

Speed: a few hundred distinct packages ("variants") are built with the fixture code; each output
file takes one variant and gets its own respondent name (the first field, the file name) and
modified date, so only word/document.xml and docProps/core.xml are compressed again per file. The
other members' compressed bytes are reused by a small zip writer. Deterministic: the same N,
layout, seed and variant count give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import struct
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures import build_fixtures as bf  # noqa: E402
from fixtures import build_layouts as bl  # noqa: E402
from fixtures import realforms_acr as acr  # noqa: E402
from fixtures import realforms_esg as esg  # noqa: E402
from fixtures import realforms_fedramp as fedramp  # noqa: E402
from fixtures import realforms_model as rm  # noqa: E402
from fixtures import realforms_threatintel as threatintel  # noqa: E402
from fixtures import wordxml as wx  # noqa: E402

MARKER = "QZQZQ"
"""Stands for the respondent number in a variant; replaced per output file."""

DATE_MARKER = "2099-01-01T00:00:00Z"
"""Stands for the core modified date in a variant; replaced per output file."""

CONTACTS = (
    "Anna Lindqvist",
    "Erik Johansson",
    "Fatima Ali",
    "Lars Nilsson",
    "Maria Andersson",
    "Mohammed Hassan",
    "Sara Björk",
    "Oskar Ekström",
)
PLACES = ("Norrby", "Söderby", "Västra Ås", "Östervik", "Bergsjö", "Ljungdal", "Åby", "Älvhem")


# --------------------------------------------------------------------------- answer text


def sentences(texts: Iterable[str]) -> list[str]:
    """The whole sentences of ``texts`` (answer markup taken out), sorted, each once."""
    found: set[str] = set()
    for text in texts:
        plain = bf.INLINE.sub(lambda m: m.group(1) or m.group(2), text)
        for piece in re.split(r"(?<=[.?!])\s+|\n+", plain):
            piece = piece.strip().lstrip("•# ").strip()
            if len(piece) > 25 and piece[-1] in ".?!":
                found.add(piece)
    return sorted(found)


def sentence_pool() -> list[str]:
    """Every sentence of the fixture answers (the real seed form and the 14 test forms)."""
    texts: list[str] = list(bf.ENSKEDE_ANSWERS.values())
    for form in bf.FORMS:
        texts += [a for a in form.answers.values() if isinstance(a, str)]
    return sentences(texts)


def paragraph(rng: random.Random, pool: list[str]) -> str:
    return " ".join(rng.sample(pool, rng.choice((1, 1, 2, 2, 3))))


def rich_text(rng: random.Random, pool: list[str]) -> str:
    """Answer markup (see build_fixtures): paragraphs, sometimes a list, bold, a link, a break."""
    paragraphs = [paragraph(rng, pool) for _ in range(rng.randint(3, 12))]
    roll = rng.random()
    if roll < 0.25:
        marker = "• " if rng.random() < 0.6 else "# "
        items = [marker + rng.choice(pool) for _ in range(rng.randint(3, 6))]
        at = rng.randint(1, len(paragraphs))
        paragraphs[at:at] = items
    elif roll < 0.35:
        words = paragraphs[0].split(" ")
        paragraphs[0] = "**" + " ".join(words[:4]) + "** " + " ".join(words[4:])
    elif roll < 0.42:
        paragraphs[-1] += (
            " Mer information: [stadens webbplats](https://start.stockholm/naringsliv)."
        )
    elif roll < 0.48:
        paragraphs[0] += "\n" + rng.choice(pool)
    return "\n\n".join(paragraphs)


def tracked(rng: random.Random, pool: list[str]) -> bf.Custom:
    """A paragraph with a tracked deletion and insertion (kept: the insertion)."""
    first, inserted, last = rng.sample(pool, 3)
    inner = (
        wx.run(first + " ")
        + wx.delete("Detta stryks. ", "Granskare", id=rng.randint(1, 9999))
        + wx.ins(wx.run(inserted + " "), "Granskare", id=rng.randint(1, 9999))
        + wx.run(last)
    )
    extra = [paragraph(rng, pool) for _ in range(rng.randint(1, 4))]
    xml = wx.p(inner=inner) + "".join(wx.p(x) for x in extra)
    return bf.Custom(xml, (f"{first} {inserted} {last}", *extra))


def with_table(rng: random.Random, pool: list[str]) -> bf.Custom:
    """An intro paragraph and a small two-column table."""
    intro = paragraph(rng, pool)
    rows = [["Plats", "Aktivitet"]] + [
        [rng.choice(PLACES), rng.choice(pool)] for _ in range(rng.randint(2, 4))
    ]
    cells = tuple(text for row in rows for text in row)
    return bf.Custom(wx.p(intro) + wx.table(rows), (intro, *cells))


def with_hidden_and_field(rng: random.Random, pool: list[str]) -> bf.Custom:
    """A paragraph with hidden (w:vanish) text and a DATE field, then plain paragraphs."""
    text = rng.choice(pool)
    inner = (
        wx.run(text + " Senast avstämt: ")
        + wx.field('DATE \\@ "yyyy-MM-dd"', "2022-09-14")
        + wx.run(" [intern anteckning]", vanish=True)
    )
    extra = [paragraph(rng, pool) for _ in range(rng.randint(1, 4))]
    xml = wx.p(inner=inner) + "".join(wx.p(x) for x in extra)
    return bf.Custom(xml, (f"{text} Senast avstämt: 2022-09-14", *extra))


def random_answer(rng: random.Random, pool: list[str]) -> bf.Answer:
    roll = rng.random()
    if roll < 0.08:
        return bf.PLACEHOLDER
    if roll < 0.10:
        return bf.EMPTY
    if roll < 0.12:
        return bf.MISSING
    if roll < 0.16:
        return bf.Outside(rich_text(rng, pool))
    if roll < 0.18:
        return bf.PromptThen(rng.choice(pool))
    if roll < 0.20:
        return rng.choice(bf.DECLINED)
    if roll < 0.25:
        return tracked(rng, pool)
    if roll < 0.29:
        return with_table(rng, pool)
    if roll < 0.32:
        return with_hidden_and_field(rng, pool)
    return rich_text(rng, pool)


# --------------------------------------------------------------------------- forms


def edited_heading(rng: random.Random, question: str) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return question[0].lower() + question[1:]  # case change
    if kind == 1:
        return question[:-1] + ":"  # colon for the final mark
    typo = question.replace(" att ", " att  ", 1).replace("nämnd", "nämd", 1)
    return typo.replace(" your ", " yuor ", 1)  # (the last for the table layout's English)


def random_form(rng: random.Random, pool: list[str]) -> bf.Form:
    """One filled-in form; the respondent number and modified date are markers."""
    answers = {qid: random_answer(rng, pool) for qid in bf.QUESTIONS}
    answers[bf.OTHER] = rng.choice((bf.PLACEHOLDER, bf.PLACEHOLDER, bf.EMPTY, "Inga."))
    edited = rng.sample(list(bf.QUESTIONS), rng.choice((0, 0, 0, 1, 1, 2)))
    contact = rng.choice(CONTACTS)
    fields = {
        "Nämnd": f"Nämnd {MARKER} {rng.choice(PLACES)}",
        "Kontaktperson för eventuella frågor": contact,
        "Telefon": f"08-508 {rng.randint(10, 99)} {rng.randint(100, 999)}",
        "E-post": contact.lower().replace(" ", ".") + "@example.se",
    }
    if rng.random() < 0.1:
        del fields["Telefon"]  # placeholder left
    return bf.Form(
        file="",
        committee="",
        exercises="",
        fields=fields,
        answers=answers,
        headings={qid: edited_heading(rng, bf.QUESTIONS[qid]) for qid in edited},
        split_headings=frozenset(rng.sample(["1.1", "2.1", "3.1"], rng.choice((0, 0, 1)))),
        meta_layout=rng.choice(("controls",) * 6 + ("table", "inline")),
        section_order=("1", "3", "2") if rng.random() < 0.03 else ("1", "2", "3"),
        modified=DATE_MARKER,
        author=contact,
    )


# --------------------------------------------------------------------------- table layout

SUPPLIER_FORMS = (esg.FORM, acr.FORM, fedramp.FORM, threatintel.FORM)
"""The real forms that suppliers and vendors fill in: their answers give the table's sentences."""

TABLE_DECLINED = ("N/A", "Not applicable", "-")
TABLE_DATE_FORMAT = "d MMMM yyyy"  # the label-answer-table round's date picker (en-GB)


def esg_questions(*keys: str) -> tuple[bl.Q, ...]:
    """ESG real-form questions as the table asks them: a checkbox control per option, else a
    rich-text control."""
    out = []
    for key in keys:
        q = esg.FORM.question(key)
        slot = "sdt_check" if q.kind == "choice" else "sdt_rich"
        out.append(bl.Q(key, q.text, q.kind, slot, q.options, q.multiple))
    return tuple(out)


def table_sections() -> tuple[tuple[str, tuple[bl.Q, ...]], ...]:
    """The label-answer-table round's sections, each joined by the ESG form's questions on
    the same subject (its ISO 14001 question left out: the round asks it), and the ESG
    form's supply-chain section."""
    extra = (("A1", "A3", "A4", "A5"), ("B1", "B2", "B3", "B4"), ("C1", "C2", "C3", "C4"))
    joined = tuple(
        (title, questions + esg_questions(*keys))
        for (title, questions), keys in zip(bl.R2_SECTIONS, extra, strict=True)
    )
    return (*joined, ("Supply chain", esg_questions("D1", "D2", "D3")))


TABLE_ROUND = replace(bl.ROUND_2, sections=table_sections(), forms=())
"""The label-answer-table round with 24 questions: the bench's table template."""

TABLE_PEOPLE = tuple(
    (form.fields["Company name"], form.fields["Contact person"])
    for form in bl.R2_FORMS
    if "Contact person" in form.fields
) + tuple((r.field("company").text[0], r.field("contact").text[0]) for r in esg.FORM.responses)
"""(company, contact person) of the round's and the ESG form's respondents."""


def table_sentence_pool() -> list[str]:
    """Every sentence the round's respondents and the supplier real forms' respondents wrote."""
    texts = [a.text for form in bl.R2_FORMS for a in form.answers.values()]
    texts += [a.comment for form in bl.R2_FORMS for a in form.answers.values()]
    texts += [
        text
        for form in SUPPLIER_FORMS
        for response in form.responses
        for answer in response.answers.values()
        for text in answer.text
    ]
    return [s for s in sentences(texts) if s[0].isupper()]  # not a fragment of a split one


def table_text(rng: random.Random, pool: list[str]) -> str:
    """Answer markup (build_layouts.markup_xml): 2-10 paragraphs, sometimes bullet items, a
    small table (never last: a cell ends with a paragraph) or a line break."""
    paragraphs = [paragraph(rng, pool) for _ in range(rng.randint(2, 10))]
    roll, at = rng.random(), rng.randint(1, len(paragraphs) - 1)
    if roll < 0.25:
        paragraphs[at:at] = ["• " + rng.choice(pool) for _ in range(rng.randint(3, 6))]
    elif roll < 0.33:
        rows = [f"| {rng.choice(PLACES)} | {rng.choice(pool)} |" for _ in range(rng.randint(2, 4))]
        paragraphs[at:at] = ["| Site | Measure |", *rows]
    elif roll < 0.40:
        paragraphs[0] += "\n" + rng.choice(pool)
    return "\n\n".join(paragraphs)


def table_tracked(rng: random.Random, pool: list[str]) -> bl.Ans:
    """One paragraph typed with a tracked deletion and insertion and a comment on a sentence."""
    first, deleted, inserted, commented, comment = rng.sample(pool, 5)
    return bl.tracked(f"{first} [-{deleted} -][+{inserted} +]{{{commented}}}", comment)


def rich_answer(rng: random.Random, pool: list[str]) -> bl.Ans:
    roll = rng.random()
    if roll < 0.07:
        return bl.UNTOUCHED
    if roll < 0.09:
        return bl.EMPTIED
    if roll < 0.15:
        return bl.outside(table_text(rng, pool))  # control deleted, text typed in the cell
    if roll < 0.19:
        return bl.fill(rng.choice(TABLE_DECLINED))
    if roll < 0.24:
        return table_tracked(rng, pool)
    return bl.fill(table_text(rng, pool))


def box_answer(rng: random.Random, q: bl.Q, pool: list[str]) -> bl.Ans:
    """Boxes ticked or not: mostly one (the first option, "Yes", more often), none, two, a
    comment typed beside them, or the boxes deleted and the answer typed."""
    if q.multiple:
        return bl.tick(*rng.sample(q.options, rng.randint(0, 3)))
    chosen = q.options[0] if rng.random() < 0.7 else rng.choice(q.options[1:])
    roll = rng.random()
    if roll < 0.08:
        return bl.UNTOUCHED
    if roll < 0.11:
        return bl.tick(*rng.sample(q.options, 2))
    if roll < 0.16:
        return bl.Ans("typed_tick", ticks=(chosen,))
    if roll < 0.28:
        return bl.tick(chosen, comment=rng.choice(pool))
    return bl.tick(chosen)


def date_answer(rng: random.Random) -> bl.Ans:
    """A date picked, the picker left on its prompt, or deleted and the date typed."""
    iso = f"2022-{rng.randint(1, 8):02d}-{rng.randint(1, 28):02d}"
    shown = rm.show_date(iso, TABLE_DATE_FORMAT)
    roll = rng.random()
    if roll < 0.10:
        return bl.UNTOUCHED
    if roll < 0.18:
        return bl.Ans("date_outside", rng.choice((iso, shown)), iso=iso)
    return bl.date(shown, iso)


def table_answer(rng: random.Random, q: bl.Q, pool: list[str]) -> bl.Ans:
    if rng.random() < 0.02:
        return bl.MISSING  # the row deleted
    if q.slot == "sdt_rich":
        return rich_answer(rng, pool)
    if q.slot == "sdt_check":
        return box_answer(rng, q, pool)
    if q.slot == "sdt_date":
        return date_answer(rng)
    roll = rng.random()
    if q.slot == "sdt_plain":
        if roll < 0.10:
            return bl.UNTOUCHED
        return bl.EMPTIED if roll < 0.14 else bl.fill(f"{rng.randint(4, 4800):,}")
    return bl.UNTOUCHED if roll < 0.12 else bl.choose(rng.choice(q.options))  # drop-down list


def moved_row(rng: random.Random) -> tuple[str, ...]:
    """Question keys in template order but for one row moved elsewhere in its section."""
    sections = [[q.key for q in questions] for _, questions in TABLE_ROUND.sections]
    keys = rng.choice(sections)
    source, target = rng.sample(range(len(keys)), 2)
    keys.insert(target, keys.pop(source))
    return tuple(key for section in sections for key in section)


def random_table_form(rng: random.Random, pool: list[str]) -> bl.Form:
    """One filled-in table form; the respondent number and modified date are markers."""
    questions = [q for _, _, q in TABLE_ROUND.questions()]
    answers = {q.key: table_answer(rng, q, pool) for q in questions}
    company, contact = rng.choice(TABLE_PEOPLE)
    fields = {
        "Company name": f"{company} {MARKER}",
        "Contact person": contact,
        "E-mail": contact.lower().replace(" ", ".") + "@example.com",
    }
    if rng.random() < 0.1:
        del fields["E-mail"]  # placeholder left
    edited = rng.sample(questions, rng.choice((0, 0, 0, 1, 1, 2)))
    rich = [q.key for q in questions if q.slot == "sdt_rich"]
    extra = {"merged": rng.choice(rich)} if rng.random() < 0.03 else {}
    if rng.random() < 0.03:
        extra["split"] = rng.choice(rich)  # its answer cell split in two
    return bl.Form(
        file="",
        exercises="",
        fields=fields,
        answers=answers,
        order=moved_row(rng) if rng.random() < 0.05 else (),
        headings={q.key: edited_heading(rng, q.text) for q in edited},
        modified=DATE_MARKER,
        author=contact,
        extra=extra,
    )


def table_package(rng: random.Random, pool: list[str]) -> bytes:
    """A table form's package, with run rsids in its body."""
    form = random_table_form(rng, pool)

    def render(rnd: bl.Round, form: bl.Form, ctx: bl.Ctx) -> str:
        return with_run_rsids(bl.r2_body(rnd, form, ctx), rng)

    return bl.build_docx(replace(TABLE_ROUND, render=render), form)


def table_template() -> bytes:
    return bl.build_docx(TABLE_ROUND, TABLE_ROUND.template)


# --------------------------------------------------------------------------- zip writing


@dataclass(frozen=True)
class Member:
    """One zip member, compressed once."""

    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate

    @classmethod
    def of(cls, name: str, content: bytes) -> Member:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = packer.compress(content) + packer.flush()
        return cls(name.encode("utf-8"), zlib.crc32(content), len(content), data)


def zip_bytes(members: list[Member]) -> bytes:
    """A plain zip (deflate, fixed 1980-01-01 timestamps) of already compressed members."""
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        common = struct.pack(
            "<HHHHHIIIH", 20, 0, 8, 0, 0x21, m.crc, len(m.data), m.size, len(m.name)
        )
        header = b"PK\x03\x04" + common + b"\x00\x00" + m.name
        central.append(
            b"PK\x01\x02\x14\x03"  # made by: zip 2.0 on Unix (external attributes)
            + common
            + struct.pack("<HHHHII", 0, 0, 0, 0, 0o600 << 16, offset)
            + m.name
        )
        local += (header, m.data)
        offset += len(header) + len(m.data)
    directory = b"".join(central)
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0
    )
    return b"".join(local) + directory + end


@dataclass
class Variant:
    """One distinct package: fixed members and the two that carry per-file values."""

    before: list[Member]  # members before word/document.xml
    document: bytes
    middle: list[Member]  # members between word/document.xml and docProps/core.xml
    core: bytes
    after: list[Member]

    @classmethod
    def of(cls, package: bytes) -> Variant:
        archive = zipfile.ZipFile(io.BytesIO(package))
        names = archive.namelist()
        doc_at, core_at = names.index("word/document.xml"), names.index("docProps/core.xml")
        member = [Member.of(n, archive.read(n)) for n in names]
        return cls(
            member[:doc_at],
            archive.read(names[doc_at]),
            member[doc_at + 1 : core_at],
            archive.read(names[core_at]),
            member[core_at + 1 :],
        )

    def package(self, number: str, modified: str) -> bytes:
        document = self.document.replace(MARKER.encode(), number.encode())
        core = self.core.replace(DATE_MARKER.encode(), modified.encode())
        return zip_bytes(
            [
                *self.before,
                Member.of("word/document.xml", document),
                *self.middle,
                Member.of("docProps/core.xml", core),
                *self.after,
            ]
        )


def with_run_rsids(body: str, rng: random.Random) -> str:
    """Give every run the w:rsidR of one of a few editing sessions, as Word does (17.3.2.25)."""
    sessions = [f"00{rng.getrandbits(24):06X}" for _ in range(rng.randint(3, 6))]
    return re.sub("<w:r>", lambda _: f'<w:r w:rsidR="{rng.choice(sessions)}">', body)


def build_package(form: bf.Form, rng: random.Random) -> bytes:
    """Like build_fixtures.build_form, with run rsids in the body."""
    parts = bf.Parts()
    body = with_run_rsids(bf.body_xml(form, parts), rng)
    return wx.make_docx(
        body,
        numbering=wx.DEFAULT_NUMBERING if parts.uses_lists else "",
        glossary=bf.glossary(),
        header=wx.p(form.header, wx.STYLE_HEADER),
        footer=wx.p(inner=wx.field("PAGE", "1"), style=wx.STYLE_FOOTER),
        hyperlinks=parts.hyperlinks or None,
        core=bf.core_properties(form),
    )


def headings_package(rng: random.Random, pool: list[str]) -> bytes:
    return build_package(random_form(rng, pool), rng)


@dataclass(frozen=True)
class Layout:
    """How the forms of one layout are made."""

    pool: Callable[[], list[str]]  # the sentences answers are made of
    package: Callable[[random.Random, list[str]], bytes]  # one variant's package
    file_name: str  # an output file's name; {number} is the respondent number
    template: Callable[[], bytes] | None = None  # written as OUTDIR/template.docx


LAYOUTS = {
    "headings": Layout(sentence_pool, headings_package, "{number} Nämnd {number} T2 2022.docx"),
    "table": Layout(
        table_sentence_pool,
        table_package,
        "{number} Supplier {number} SSQ 2022.docx",
        table_template,
    ),
}
TEMPLATE_NAME = "template.docx"


def build_variants(count: int, seed: int, layout: Layout) -> list[Variant]:
    rng = random.Random(seed)
    pool = layout.pool()
    return [Variant.of(layout.package(rng, pool)) for _ in range(count)]


def generate(
    count: int, out: Path, *, seed: int = 2022, variants: int = 300, layout: str = "headings"
) -> list[Path]:
    """Write ``count`` forms into ``out`` (created); return their paths in name order.

    A layout with a template of its own (``table``) also writes ``out/template.docx``.
    """
    kind = LAYOUTS[layout]
    out.mkdir(parents=True, exist_ok=True)
    built = build_variants(min(variants, count), seed, kind)
    if kind.template is not None:
        (out / TEMPLATE_NAME).write_bytes(kind.template())
    rng = random.Random(seed + 1)
    paths: list[Path] = []
    for index in range(count):
        number = f"{index + 1:05d}"
        month, day = rng.randint(8, 9), rng.randint(1, 28)
        modified = (
            f"2022-{month:02d}-{day:02d}T{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00Z"
        )
        path = out / kind.file_name.format(number=number)
        path.write_bytes(built[index % len(built)].package(number, modified))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many forms")
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--variants", type=int, default=300, help="distinct bodies to build")
    parser.add_argument(
        "--layout",
        choices=sorted(LAYOUTS),
        default="headings",
        help="headings: the fixture template (default); table: a Question | Answer table "
        "(its template.docx is written into OUT)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = generate(
        args.count, args.out, seed=args.seed, variants=args.variants, layout=args.layout
    )
    elapsed = time.perf_counter() - start
    print(f"wrote {len(paths)} {args.layout} forms to {args.out} in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
