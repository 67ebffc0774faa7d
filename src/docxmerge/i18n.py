"""Every label, status word and message text the outputs show, in Swedish ("sv") and English ("en").

Keys are stable identifiers; :func:`t` formats a label with ``{name}`` parameters. Status words in
answers.json stay English; the workbook and the report use :func:`status_word`.
"""

from __future__ import annotations

import string

from docxmerge.model import Message

LANGUAGES = ("sv", "en")

_LABELS: dict[str, tuple[str, str]] = {
    # key: (sv, en)
    # workbook sheets and columns
    "sheet.completeness": ("Fullständighet", "Completeness"),
    "sheet.files": ("Filer", "Files"),
    "sheet.contacts": ("Kontakter", "Contacts"),
    "sheet.messages": ("Meddelanden", "Messages"),
    "col.respondent": ("Svarande", "Respondent"),
    "col.answered_count": ("Besvarade", "Answered"),
    "col.file": ("Fil", "File"),
    "col.status": ("Status", "Status"),
    "col.reason": ("Orsak", "Reason"),
    "col.modified": ("Ändrad", "Modified"),
    "col.size": ("Storlek (byte)", "Size (bytes)"),
    "col.sha256": ("SHA-256", "SHA-256"),
    "col.contact": ("Kontaktperson", "Contact person"),
    "col.phone": ("Telefon", "Phone"),
    "col.email": ("E-post", "E-mail"),
    "col.unanswered": ("Obesvarade frågor", "Unanswered questions"),
    "col.question": ("Fråga", "Question"),
    "col.location": ("Plats", "Location"),
    "col.code": ("Kod", "Code"),
    "col.message": ("Meddelande", "Message"),
    "row.answered_share": ("Andel besvarade", "Answered share"),
    "cell.truncated": ("[… avkortad]", "[… truncated]"),
    "reason.superseded_by": ("ersatt av {file}", "superseded by {file}"),
    # command line
    "error.template_not_found": (
        "mallen finns inte: {path} (ange den med --template)",
        "template not found: {path} (give it with --template)",
    ),
    "error.template_unreadable": ("mallen {path}: {reason}", "template {path}: {reason}"),
    "error.template_no_questions": (
        "mallen {path}: inga frågor hittades (se docxmerge questions {path})",
        "template {path}: no questions found (see docxmerge questions {path})",
    ),
    "error.unknown_question": (
        "--optional {ids}: mallen har ingen sådan fråga (frågorna är {known})",
        "--optional {ids}: the template has no such question (its questions are {known})",
    ),
    "error.inbox_not_found": ("mappen finns inte: {path}", "inbox folder not found: {path}"),
    "error.nothing_readable": (
        "inget läsbart Word-formulär i {path}",
        "no readable Word form in {path}",
    ),
    "error.expected_unreadable": (
        "listan över svarande kan inte läsas: {path}: {reason}",
        "cannot read the expected list {path}: {reason}",
    ),
    "error.cannot_write": (
        "kan inte skriva i {path}: {reason}",
        "cannot write to {path}: {reason}",
    ),
    "summary.not_received": ("Ej inkomna: {names}", "Not received: {names}"),
    "strict": (
        "strict: {unreadable} oläsbara filer, {unanswered} obesvarade frågor, "
        "{not_received} ej inkomna, {blank} oifyllda blanketter",
        "strict: {unreadable} unreadable files, {unanswered} unanswered questions, "
        "{not_received} not received, {blank} blank forms returned",
    ),
    "summary": (
        "Filer: {read} lästa, {skipped} överhoppade, {unreadable} oläsbara, {superseded} ersatta. "
        "Svarande: {respondents}. Svar: {answered} besvarade, {unanswered} obesvarade.",
        "Files: {read} read, {skipped} skipped, {unreadable} unreadable, {superseded} superseded. "
        "Respondents: {respondents}. Answers: {answered} answered, {unanswered} unanswered.",
    ),
    # report
    "report.respondents": ("Antal svarande: {count}", "Respondents: {count}"),
    "report.run_date": ("Sammanställd {date}", "Compiled {date}"),
    "report.toc_title": ("Innehåll", "Contents"),
    "report.toc_placeholder": (
        "Högerklicka och välj Uppdatera fält för att visa innehållsförteckningen.",
        "Right-click and choose Update Field to show the table of contents.",
    ),
    "report.overview": ("Översikt", "Overview"),
    "report.overview_note": (
        "Antal besvarade frågor per svarande och avsnitt.",
        "Answered questions per respondent and section.",
    ),
    "report.total": ("Totalt", "Total"),
    "report.no_answer": ("Inget svar: {list}", "No answer: {list}"),
    "report.no_respondents": ("Inga svar har lästs in.", "No responses were read."),
    "report.image": ("[bild]", "[image]"),
}

_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "answered": ("besvarad", "answered"),
    "declined": ("ej aktuellt", "not applicable"),  # answered "-", "Ej aktuellt": answered
    "placeholder": ("platshållare", "placeholder"),
    "empty": ("tom", "empty"),
    "missing": ("saknas", "missing"),
    "not_received": ("ej inkommen", "not received"),
    "blank_form": ("oifylld blankett", "blank form returned"),
    "read": ("läst", "read"),
    "skipped": ("hoppad över", "skipped"),
    "unreadable": ("oläsbar", "unreadable"),
    "superseded": ("ersatt", "superseded"),
}

_REASONS: dict[str, tuple[str, str]] = {
    "empty_file": ("tom fil (0 byte)", "empty file (0 bytes)"),
    "legacy_doc": (
        "gammalt Word 97-2003-format (.doc): spara den som .docx (eller kör med --convert)",
        "old Word 97-2003 .doc format: save it as .docx (or run with --convert)",
    ),
    "encrypted": (
        "lösenordsskyddad: ta bort lösenordet och spara igen",
        "password protected: remove the password and save it again",
    ),
    "rtf": (
        "RTF-fil: öppna den i Word och spara som .docx (eller kör med --convert)",
        "RTF file: open it in Word and save it as .docx (or run with --convert)",
    ),
    "odt": (
        "OpenDocument-fil (.odt): spara den som .docx (eller kör med --convert)",
        "OpenDocument file (.odt): save it as .docx (or run with --convert)",
    ),
    "pdf": ("PDF-fil: be om Word-filen i stället", "PDF file: ask for the Word file instead"),
    "not_word": ("inte ett Word-dokument", "not a Word document"),
    "damaged": ("skadad fil: inte en fullständig .docx", "damaged file: not a complete .docx"),
    "missing_main_part": (
        "skadad fil: dokumentdelen saknas",
        "damaged file: the document part is missing",
    ),
    "too_large": ("filen är för stor", "file too large"),
    "zip_bomb": (
        "misstänkt fil: packas upp till orimlig storlek",
        "suspicious file: unpacks to an unreasonable size",
    ),
    "too_many_entries": ("misstänkt fil: för många delar", "suspicious file: too many parts"),
    "unsafe_xml": (
        "otillåten XML (DOCTYPE eller entiteter)",
        "unsafe XML (DOCTYPE or entities)",
    ),
    "xml_error": ("skadad fil: felaktig XML", "damaged file: invalid XML"),
    "unsupported_compression": (
        "filen använder en komprimering som inte stöds",
        "the file uses an unsupported compression method",
    ),
    "internal_error": ("internt fel", "internal error"),
    "lock_file": ("Words låsfil (dokumentet var öppet)", "Word lock file (the document was open)"),
    "hidden_file": ("dold fil", "hidden file"),
    "symlink": ("symbolisk länk: följs inte", "symbolic link: not followed"),
    "special_file": ("inte en vanlig fil", "not a regular file"),
    "not_docx": ("inte en .docx-fil", "not a .docx file"),
    "template_file": ("mallen själv", "the template itself"),
    "output_folder": ("utdatamappen", "the output folder"),
    "blank_form": (
        "oifylld kopia av mallen",
        "an unfilled copy of the template",
    ),
    "folder_unreadable": ("mappen kan inte läsas", "the folder cannot be read"),
    # the --expected list
    "list_not_table": (
        "varken en CSV-fil (text) eller en Excel-arbetsbok (.xlsx)",
        "neither a CSV (text) file nor an Excel workbook (.xlsx)",
    ),
    "list_xls": (
        "gammal Excel 97-2003-fil (.xls): spara den som .xlsx eller CSV",
        "old Excel 97-2003 file (.xls): save it as .xlsx or CSV",
    ),
    "list_empty": ("listan innehåller inga namn", "the list holds no names"),
    "cannot_open": ("filen kan inte öppnas", "the file cannot be opened"),
    "not_this_form": (
        "inte det här formuläret: ingen fråga eller uppgift ur mallen hittades",
        "not this form: no question or field of the template was found",
    ),
    "convert_failed": (
        "kunde inte konverteras till .docx med LibreOffice",
        "could not be converted to .docx with LibreOffice",
    ),
    "convert_unavailable": (
        "kan bara läsas efter konvertering: spara den som .docx (eller kör med --convert)",
        "can only be read after conversion: save it as .docx (or run with --convert)",
    ),
}

_MESSAGES: dict[str, tuple[str, str]] = {
    "duplicate_copy": ("Identisk kopia av {file}", "Identical copy of {file}"),
    "converted": ("Konverterad till .docx med LibreOffice", "Converted to .docx with LibreOffice"),
    "convert_unavailable": (
        "Kan inte konvertera här: {reason}",
        "Cannot convert here: {reason}",
    ),
    "not_this_form": (
        "Ingen fråga eller uppgift ur mallen hittades",
        "No question or field of the template was found",
    ),
    "low_match": (
        "Fråga {question}: rubriken matchade bara till {score} %",
        "Question {question}: the heading matched only {score}%",
    ),
    "edited_heading": (
        "Fråga {question}: rubriken har ändrats i formuläret",
        "Question {question}: the heading was edited in the form",
    ),
    "outside_control": (
        "Fråga {question}: svaret är skrivet utanför textrutan",
        "Question {question}: the answer was typed outside the box",
    ),
    "out_of_order": (
        "Fråga {question}: står i annan ordning än i mallen",
        "Question {question}: out of template order",
    ),
    "placeholder_left": (
        "Fråga {question}: platshållartext finns kvar bredvid svaret",
        "Question {question}: placeholder text left next to the answer",
    ),
    "declined": (
        "Fråga {question}: svaret är att frågan inte är aktuell (räknas som besvarad)",
        "Question {question}: answered as not applicable (counted as answered)",
    ),
    "replaced_characters": (
        "Otillåtna tecken har ersatts med �",
        "Characters that cannot be stored were replaced by �",
    ),
    "superseded": ("Ersatt av en nyare version: {by}", "Superseded by a newer version: {by}"),
    "unknown_respondent": (
        "Svaranden {name} finns inte i listan över förväntade svar",
        "Respondent {name} is not in the expected list",
    ),
    "part_skipped": (
        "En del av dokumentet kunde inte läsas och har hoppats över",
        "A part of the document could not be read and was skipped",
    ),
    "invalid_core_date": (
        "Dokumentets datumegenskap är ogiltig och har ignorerats",
        "The document's date property is invalid and was ignored",
    ),
    "alt_chunk_skipped": (
        "Ett inbäddat dokument (altChunk) lästes inte",
        "An embedded document (altChunk) was not read",
    ),
    "image_skipped": (
        "En bild kunde inte läsas och har utelämnats",
        "An image could not be read and was left out",
    ),
    "image_too_large": (
        "En bild är större än 5 MB och har utelämnats",
        "An image is larger than 5 MB and was left out",
    ),
    "unreadable": ("Kunde inte läsas: {reason}", "Could not be read: {reason}"),
}


def _index(lang: str) -> int:
    return 0 if lang == "sv" else 1


def _format(template: str, params: dict[str, str]) -> str:
    """Fill ``{name}`` fields; raise KeyError when a parameter is missing."""
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return template.format_map({name: params[name] for name in names})


def t(key: str, lang: str, **params: str) -> str:
    """The label ``key`` in ``lang`` with ``params`` filled in; the key itself when unknown."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    try:
        return _format(pair[_index(lang)], params)
    except (KeyError, ValueError, IndexError):
        return pair[_index(lang)]


def status_word(status: str, lang: str) -> str:
    """An answer or file status as the word users see (sv: besvarad, platshållare, tom, saknas)."""
    pair = _STATUS_WORDS.get(status)
    return pair[_index(lang)] if pair else status


def reason_text(code: str, lang: str, detail: str = "") -> str:
    """An :class:`~docxmerge.model.UnreadableError` code as a sentence a clerk understands."""
    pair = _REASONS.get(code)
    base = pair[_index(lang)] if pair else code.replace("_", " ")
    return f"{base} ({detail})" if detail else base


def message_text(msg: Message, lang: str) -> str:
    """``msg`` in ``lang``, by its code and params; its own English ``text`` for "en" or when
    the code or a parameter is unknown (that text may carry details the params do not)."""
    pair = _MESSAGES.get(msg.code)
    if pair is None or (lang != "sv" and msg.text):
        return msg.text
    try:
        return _format(pair[_index(lang)], dict(msg.params))
    except (KeyError, ValueError, IndexError):
        return msg.text


def make_message(file: str, location: str, code: str, **params: str) -> Message:
    """A :class:`~docxmerge.model.Message` whose English ``text`` comes from this table."""
    pair = _MESSAGES.get(code)
    text = code.replace("_", " ") if pair is None else _format(pair[1], params)
    return Message(file, location, code, text, tuple(params.items()))


_LOCATION_WORDS: dict[str, tuple[str, str]] = {
    "question": ("fråga", "question"),
    "file": ("fil", "file"),
    "respondent": ("svarande", "respondent"),
    "run": ("körning", "run"),
    "sheet": ("blad", "sheet"),
}


def location_text(location: str, lang: str) -> str:
    """A message location ("question 1.2", "file", ...) with its first word in ``lang``."""
    word, space, rest = location.partition(" ")
    pair = _LOCATION_WORDS.get(word)
    return (pair[_index(lang)] + space + rest) if pair else location


def pick_language(requested: str | None, template_language: str | None) -> str:
    """The output language: ``requested`` if given, else "sv" for an sv-* template, else "en"."""
    chosen = requested or template_language or "en"
    return "sv" if chosen.lower().replace("_", "-").split("-")[0] == "sv" else "en"
