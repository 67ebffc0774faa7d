"""Plain, immutable data that flows one way between the stages: read -> match -> write.

No XML and no python-docx object ever appears here; every stage can be tested on these
dataclasses alone. All are frozen; Block and Run are frozen for the type checker only, which
keeps them cheap to make (:mod:`docxmerge.speed.frozen`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from docxmerge.speed.frozen import hot_value, pickled_by_fields

# --------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class Message:
    """A warning or per-file problem: reaches stderr, the workbook and answers.json.

    ``code`` is stable and machine-readable (e.g. ``low_match``); ``text`` is an English
    sentence; ``params`` holds the values the writers need to render ``code`` in another
    language (see :mod:`docxmerge.i18n`).
    """

    file: str
    location: str
    code: str
    text: str
    params: tuple[tuple[str, str], ...] = ()


class UnreadableError(Exception):
    """A file that cannot be read as a Word form; ``code`` names the reason.

    Codes: ``empty_file``, ``legacy_doc``, ``encrypted``, ``rtf``, ``odt``, ``pdf``,
    ``not_word`` (a zip or file that is not a Word document, e.g. .xlsx), ``damaged``,
    ``missing_main_part``, ``too_large``, ``zip_bomb``, ``too_many_entries``, ``unsafe_xml``
    (DOCTYPE/entities), ``xml_error``, ``unsupported_compression``, ``cannot_open``,
    ``convert_unavailable``, ``convert_failed``, ``not_this_form`` (set by the run when nothing
    of the template was found), ``internal_error``.
    ``detail`` is a short technical addition (part name, sizes) for support.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --------------------------------------------------------------------------- reader output


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Image:
    """An inline picture inside an answer (bytes copied from the source package)."""

    content_type: str
    data: bytes
    width_emu: int
    height_emu: int
    description: str = ""


@pickled_by_fields
@hot_value
class Run:
    """A stretch of text with one formatting. ``text`` uses \\t for tabs and \\n for breaks."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    link: str | None = None  # external hyperlink URL, or "#bookmark"
    placeholder: bool = False  # Word's prompt: "Placeholder Text" style or a control showing it
    image: Image | None = None  # when set, ``text`` is ""


ControlLevel = Literal["block", "run", "row", "cell"]


@pickled_by_fields
@hot_value
class Control:
    """A content control (w:sdt, ECMA-376 Part 1 §17.5.2) a block sits in.

    ``kind`` is one of: text, richText, dropDownList, comboBox, date, checkbox, picture,
    docPartObj, docPartList, repeatingSection, repeatingSectionItem, group, citation,
    bibliography, equation.
    """

    id: str | None
    tag: str | None
    alias: str | None
    kind: str
    level: ControlLevel
    showing_placeholder: bool
    placeholder_part: str | None = None  # w:placeholder/w:docPart/@w:val
    placeholder_text: str | None = None  # that docPart's text, from the glossary part
    checked: bool | None = None  # w14:checkbox/w14:checked
    selected_item: str | None = None  # display text of the chosen list item
    date_value: str | None = None  # w:date/@w:fullDate
    items: tuple[str, ...] = ()  # a list control's items (display text, else value)
    offset: int | None = None  # a run-level control: where its content starts in the text
    bound_value: str | None = None  # the customXml value its w:dataBinding points at


@pickled_by_fields
@hot_value
class FormField:
    """A legacy form field (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN; ECMA-376 §17.16.17)."""

    kind: Literal["text", "checkbox", "dropdown"]
    name: str | None
    value: str  # text shown (FORMTEXT: "" when untouched), selected entry, or "☒"/"☐"
    checked: bool | None = None
    items: tuple[str, ...] = ()  # FORMDROPDOWN entries (w:listEntry)
    input_type: str = "regular"  # FORMTEXT w:textInput/w:type: regular, date, number, ...
    offset: int = 0  # where the field's result starts in the paragraph's text


@pickled_by_fields
@hot_value
class TablePos:
    """Where a block sits in a table: ``table`` counts tables in document order."""

    table: int
    row: int
    cell: int
    depth: int = 1  # 1 = top-level table, 2 = table nested in a cell, ...
    cells: int = 1  # how many cells the row has (a merged full-width row has one)


@pickled_by_fields
@hot_value
class Block:
    """One paragraph of the document body, in reading order (tables flattened to paragraphs)."""

    index: int
    text: str  # accepted view (tracked insertions kept, deletions dropped)
    runs: tuple[Run, ...] = ()
    style: str = "Normal"  # style *name* (w:name), not the localized styleId
    heading_level: int | None = None  # 1..9 from outline level, inherited, or heading style
    list_level: int | None = None  # w:ilvl when the paragraph is numbered
    num_id: str | None = None
    list_format: str | None = None  # numFmt of that level: "bullet", "decimal", ...
    bold: bool = False  # every visible character is bold
    table: TablePos | None = None
    controls: tuple[Control, ...] = ()  # outermost first
    form_fields: tuple[FormField, ...] = ()
    in_textbox: bool = False

    @property
    def control(self) -> Control | None:
        """The innermost content control, if any."""
        return self.controls[-1] if self.controls else None

    @property
    def placeholder_text(self) -> str:
        """The part of ``text`` that is Word's prompt rather than typed text."""
        return "".join(r.text for r in self.runs if r.placeholder)


@dataclass(frozen=True, slots=True)
class CoreProperties:
    """docProps/core.xml (dates as ISO 8601 strings, or None when absent or invalid)."""

    title: str | None = None
    subject: str | None = None
    author: str | None = None
    last_modified_by: str | None = None
    created: str | None = None
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """Everything the reader takes out of one .docx."""

    blocks: tuple[Block, ...]
    properties: CoreProperties = field(default_factory=CoreProperties)
    language: str | None = None  # default w:lang of the document, e.g. "sv-SE"
    glossary: Mapping[str, str] = field(default_factory=dict)  # docPart name -> prompt text
    headers_footers: tuple[str, ...] = ()  # kept apart from the body
    comments: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()


# --------------------------------------------------------------------------- template


# What holds a question's answer in the template: a content control, a legacy form field, a
# table cell with no control, or the paragraphs under the question
SlotKind = Literal["control", "legacy_field", "cell", "paragraphs"]
QuestionKind = Literal["text", "choice", "date"]
# Where the answer stands relative to the question: the blocks below it (up to the next
# question), the rest of its table row, the rest of its table cell (or, with ``column``, the
# cell that many to the right), or the same paragraph after the label
Placement = Literal["below", "right", "cell", "inline"]


@dataclass(frozen=True, slots=True)
class Section:
    id: str  # "1", "2", ...
    title: str
    has_heading: bool = True  # False: questions with no section above, named by the title


@dataclass(frozen=True, slots=True)
class Question:
    id: str  # "1.1", by position
    section_id: str
    section: str  # section title as written
    text: str  # heading text exactly as written in the template
    slot: SlotKind
    # never owed: the template marks it optional, its text says so ("Övriga upplysningar",
    # "(frivillig)"), or the run was told so (--optional); see answers.optional
    optional: bool = False
    control_tag: str | None = None
    control_alias: str | None = None
    prompt: str | None = None  # what the answer slot holds in the template (its prompt)
    kind: QuestionKind = "text"
    options: tuple[str, ...] = ()  # a choice's labels as the template shows them
    multiple: bool = False  # a choice where several options may be chosen
    placement: Placement = "below"
    row: str | None = None  # a cell of a table to fill in: its row's label (what is looked for)
    column: int | None = None  # ... and how many cells right of that label it stands
    # the template files that ask it (file names, oldest first); set for the run's questions
    asked_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A metadata field: a label and its value slot (Nämnd, Telefon, ...)."""

    label: str
    control_tag: str | None = None
    control_alias: str | None = None
    before: str | None = None  # the question that follows it in the template (None: none does)


@dataclass(frozen=True, slots=True)
class Template:
    title: str
    language: str | None
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    fields: tuple[FieldSpec, ...]
    instructions: tuple[str, ...]  # fixed template prose: never an answer
    prompts: tuple[str, ...]  # placeholder prompts found in the template and its glossary
    control_ids: frozenset[str] = frozenset()  # w:id of every content control it holds


# --------------------------------------------------------------------------- answers


# not_asked: the template the form was filled in on does not have the question (several
# template versions in one run): never counted as unanswered
AnswerStatus = Literal["answered", "placeholder", "empty", "missing", "not_asked"]
FileStatus = Literal["read", "unreadable", "superseded", "skipped"]

# Flags an answer may carry.
FLAG_PLACEHOLDER_LEFT = "placeholder_left"
FLAG_LOW_MATCH = "low_match"
FLAG_EDITED_HEADING = "edited_heading"
FLAG_OUTSIDE_CONTROL = "outside_control"
FLAG_OUT_OF_ORDER = "out_of_order"
FLAG_DECLINED = "declined"
FLAG_REPLACED_CHARACTERS = "replaced_characters"
FLAG_SEVERAL_CHOSEN = "several_chosen"
FLAG_DATA_BINDING = "data_binding"


# How an answer compares with the same respondent's answer to the same question in a previous
# run (--previous): see answers.compare
ComparisonWord = Literal["new", "unchanged", "changed", "dropped"]
# A piece of a word-level difference: "same", "inserted" or "deleted", and its text ("\n"
# alone: a paragraph break)
DiffPiece = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Comparison:
    """An answer against the previous round's answer of the same respondent and question."""

    word: ComparisonWord | None  # None: answered in neither round
    similarity: float | None = None  # 0-1, when answered in both rounds
    previous_text: str | None = None  # the previous round's text, when it was answered
    difference: tuple[DiffPiece, ...] = ()  # a changed text's word diff (--show-changes)


@dataclass(frozen=True, slots=True)
class Answer:
    question_id: str
    status: AnswerStatus
    text: str
    score: float | None = None  # 0-100 heading match score; None when decided by a control
    flags: tuple[str, ...] = ()
    heading: str | None = None  # the heading as found in the form
    blocks: Sequence[Block] = ()  # content for the report (maybe packed: speed.packed)
    # choice: the chosen labels in template order; date: "YYYY-MM-DD" (None: no date); text: None
    value: tuple[str, ...] | str | None = None
    found_at: tuple[int, ...] = ()  # the form's blocks its slot was read from (inspect)
    comparison: Comparison | None = None  # with the previous round (--previous), else None


@dataclass(frozen=True, slots=True)
class FormAnswers:
    """What the match stage takes out of one read form."""

    respondent: str | None
    fields: Mapping[str, str]
    answers: tuple[Answer, ...]
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class FileInfo:
    name: str  # relative to the inbox, "/" separated
    size: int
    modified: str  # file modification time, ISO 8601 UTC
    sha256: str


@dataclass(frozen=True, slots=True)
class Response:
    """One inbox file and what came of it."""

    file: FileInfo
    status: FileStatus
    error_code: str | None = None
    error: str | None = None  # reason in the run's language
    respondent: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    answers: tuple[Answer, ...] = ()
    messages: tuple[Message, ...] = ()
    document_modified: str | None = None  # core properties
    superseded_by: str | None = None
    error_detail: str | None = None  # technical detail of the reason (--verbose, workbook)
    template: str | None = None  # the template file the form was filled in on (its name)


@dataclass(frozen=True, slots=True)
class Expected:
    """A respondent who should send a form (a row of --expected): the canonical name, other
    spellings, and whom to write to when their form does not say."""

    name: str
    aliases: tuple[str, ...] = ()
    email: str = ""
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    """One template file of a run, and where its questions and fields stand in the run's union
    of every template's (several versions of one questionnaire: answers.versions)."""

    name: str  # the file name, as forms are said to be filled in on it
    template: Template  # as derived from the file (its own ids and labels)
    date: str | None  # the date its age is judged by (ISO 8601), None when nothing says
    dated_by: Literal["modified", "created", "file"] | None  # where ``date`` comes from
    question_ids: Mapping[str, str] = field(default_factory=dict)  # its question id -> run's id
    field_labels: Mapping[str, str] = field(default_factory=dict)  # its field label -> run's
    core_title: str | None = None  # docProps/core.xml dc:title (a form keeps its template's)
    created: str | None = None  # dcterms:created (a form saved from it keeps it too)


@dataclass(frozen=True, slots=True)
class PreviousAnswer:
    question_id: str
    status: str
    text: str


@dataclass(frozen=True, slots=True)
class PreviousResponse:
    """A current response of a previous run (status "read" there)."""

    file: str
    respondent: str
    answers: tuple[PreviousAnswer, ...]
    document_modified: str | None = None  # that form's dcterms:modified, as the run wrote it
    fields: Mapping[str, str] = field(default_factory=dict)  # its metadata fields (contact)


@dataclass(frozen=True, slots=True)
class PreviousQuestion:
    id: str
    text: str
    section: str = ""


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """What an earlier run's answers.json holds that a round is compared with (--previous)."""

    path: str  # the answers.json read, as given
    title: str | None  # that run's --title
    template: str  # that run's template title
    questions: tuple[PreviousQuestion, ...]
    responses: tuple[PreviousResponse, ...]


@dataclass(frozen=True, slots=True)
class PreviousInfo:
    """Which previous run a round was compared with, and whom it held that this one has not."""

    path: str
    title: str | None
    template: str
    compared: int  # this round's respondents found in the previous run
    only_previous: tuple[str, ...] = ()  # the previous run's respondents with no form now
    question_ids: Mapping[str, str] = field(default_factory=dict)  # this run's id -> previous
    files: Mapping[str, str] = field(default_factory=dict)  # this run's file -> previous file
    messages: tuple[Message, ...] = ()  # run notes: a respondent twice in the previous run
    # only_previous or not_received name -> their previous form's fields: whom to write to
    contacts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RunResult:
    """The whole of one batch run: what the writers turn into report, workbook and JSON."""

    template: Template
    responses: tuple[Response, ...]  # every inbox file, in a deterministic order (by name)
    # expected respondents with no file; None when no --expected list was given
    not_received: tuple[str, ...] | None = None
    expected: tuple[Expected, ...] = ()  # the --expected list as read
    messages: tuple[Message, ...] = ()  # run-level messages (not tied to one file)
    language: str = "en"  # "sv" or "en": the language of every label
    title: str | None = None  # the round, e.g. "Tertialrapport 2 2026" (--title)
    run_date: str = ""  # ISO date of the run, shown on the title page
    # every template file of the run, oldest first (the newest gives the questions' order)
    templates: tuple[TemplateVersion, ...] = ()
    previous: PreviousInfo | None = None  # the previous run compared with (--previous)
    mark_unchanged: bool = False  # the report marks answers unchanged since the previous run
