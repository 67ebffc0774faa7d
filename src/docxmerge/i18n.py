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
    "sheet.answers": ("Svar", "Answers"),
    "sheet.questions": ("Frågor", "Questions"),
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
    "col.chase_status": ("Status", "Status"),
    "col.owed": ("Vad som saknas", "What is missing"),
    "col.reminder": ("Påminnelse (utkast)", "Reminder (draft)"),
    "col.question_text": ("Frågetext", "Question text"),
    "col.section": ("Avsnitt", "Section"),
    "col.optional": ("Frivillig", "Optional"),
    "col.answered": ("Besvarade", "Answered"),
    "col.declined": ("varav ej aktuellt", "of which not applicable"),
    "col.unanswered_count": ("Obesvarade", "Unanswered"),
    "col.no_form": ("Utan formulär", "No form"),
    "col.answered_share": ("Andel besvarade", "Answered share"),
    "col.option_counts": ("Svarsalternativ (antal)", "Options (count)"),
    "col.optional_mark": (" (frivillig)", " (optional)"),
    "cell.yes": ("ja", "yes"),
    "chase.unreadable": ("{file} kan inte läsas: {reason}", "{file} cannot be read: {reason}"),
    "chase.blank_form": (
        "Blanketten kom tillbaka oifylld: {file}",
        "The form came back blank: {file}",
    ),
    "chase.not_received": ("Inget formulär har kommit in", "No form has come in"),
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
    # reminders/ (e-mail drafts to the respondents: they read them, so no internal words)
    "reminder.subject": ("Påminnelse: {round} – {name}", "Reminder: {round} – {name}"),
    "reminder.greeting": ("Hej {person}!", "Dear {person},"),
    "reminder.hello": ("Hej!", "Hello,"),
    "reminder.owes_one": (
        "Tack för ert svar på {round}. Vi saknar fortfarande svar på den här frågan:",
        "Thank you for your answers to {round}. We are still missing an answer to this question:",
    ),
    "reminder.owes_many": (
        "Tack för ert svar på {round}. Vi saknar fortfarande svar på de här frågorna:",
        "Thank you for your answers to {round}. We are still missing answers to these questions:",
    ),
    "reminder.fill_in": (
        "Vi är tacksamma om ni fyller i svaren i ert formulär och skickar det till oss igen.",
        "We would be grateful if you could fill them in on your form and send it to us again.",
    ),
    "reminder.unreadable": (
        'Vi har fått filen "{file}" med ert svar på {round}, men vi kan inte läsa den.',
        'We have received the file "{file}" with your answers to {round}, but we cannot read it.',
    ),
    "reminder.blank_form": (
        'Vi har fått filen "{file}" från er, men formuläret för {round} är inte ifyllt. Vi är '
        "tacksamma om ni fyller i det och skickar det till oss igen.",
        'We have received the file "{file}" from you, but the form for {round} has not been '
        "filled in. We would be grateful if you could fill it in and send it to us again.",
    ),
    "reminder.not_received": (
        "Vi har ännu inte fått ert svar på {round}. Vi är tacksamma om ni fyller i formuläret "
        "och skickar det till oss.",
        "We have not yet received your answers to {round}. We would be grateful if you could "
        "fill in the form and send it to us.",
    ),
    "reminder.closing": ("Med vänliga hälsningar", "Kind regards"),
    # report
    "report.respondents": ("{count} svarande", "{count} respondents"),
    "report.respondent_one": ("{count} svarande", "{count} respondent"),
    "report.respondents_of": ("{count} av {of} svarande", "{count} of {of} respondents"),
    "report.run_date": ("Sammanställd {date}", "Compiled {date}"),
    "report.toc_title": ("Innehåll", "Contents"),
    "report.overview": ("Översikt", "Overview"),
    "report.overview_note": (
        "Antal besvarade frågor per svarande och avsnitt.",
        "Answered questions per respondent and section.",
    ),
    "report.total": ("Totalt", "Total"),
    "report.option": ("Alternativ", "Option"),
    "report.count": ("Antal", "Count"),
    "report.chosen_by": ("Valt av", "Chosen by"),
    "report.declined": ("Ej aktuellt enligt: {names}.", "Not applicable according to: {names}."),
    "report.untouched": (
        "Svarsrutan lämnades orörd av: {names}.",
        "Answer box left untouched by: {names}.",
    ),
    "report.emptied": (
        "Svarsrutan lämnades tom av: {names}.",
        "Answer box left empty by: {names}.",
    ),
    "report.question_missing": (
        "Frågan saknas i formuläret från: {names}.",
        "The question is missing from the form of: {names}.",
    ),
    "report.optional_left": (
        "Frivillig fråga: obesvarad av {count} av {of}.",
        "Optional question: not answered by {count} of {of}.",
    ),
    "report.absent_unreadable": (
        "Filen gick inte att läsa från: {names}.",
        "The file could not be read from: {names}.",
    ),
    "report.absent_blank": (
        "Blanketten kom tillbaka oifylld från: {names}.",
        "The form came back blank from: {names}.",
    ),
    "report.absent_not_received": (
        "Inget svar har kommit in från: {names}.",
        "No answers have come in from: {names}.",
    ),
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
    "unanswered": ("obesvarade frågor", "unanswered questions"),  # a respondent who owes some
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

# What a respondent is told about a file that could not be read: what to do, in plain words.
_REMINDER_REASONS: dict[str, tuple[str, str]] = {
    "legacy_doc": (
        "Den är sparad i det gamla Word 97-2003-formatet (.doc). Öppna den i Word, välj Spara "
        "som och formatet Word-dokument (.docx), och skicka den till oss igen.",
        "It is saved in the old Word 97-2003 format (.doc). Please open it in Word, choose Save "
        "As and the format Word Document (.docx), and send it to us again.",
    ),
    "rtf": (
        "Den är sparad som RTF. Öppna den i Word, spara den som Word-dokument (.docx) och "
        "skicka den till oss igen.",
        "It is saved as RTF. Please open it in Word, save it as a Word Document (.docx) and "
        "send it to us again.",
    ),
    "odt": (
        "Den är sparad i OpenDocument-format (.odt). Spara den som Word-dokument (.docx) och "
        "skicka den till oss igen.",
        "It is saved in OpenDocument format (.odt). Please save it as a Word Document (.docx) "
        "and send it to us again.",
    ),
    "pdf": (
        "Det är en PDF, och svaren går inte att läsa ut ur den. Skicka gärna formuläret som "
        "Word-dokument (.docx) i stället.",
        "It is a PDF, and the answers cannot be read from it. Please send the form as a Word "
        "Document (.docx) instead.",
    ),
    "encrypted": (
        "Den är lösenordsskyddad. Ta bort lösenordet, spara och skicka den till oss igen.",
        "It is password protected. Please remove the password, save it and send it to us again.",
    ),
    "not_this_form": (
        "Den innehåller inte frågorna i vårt formulär. Använd gärna formuläret vi skickade.",
        "It does not hold the questions of our form. Please use the form we sent you.",
    ),
    "": (
        "Filen verkar vara skadad. Spara formuläret på nytt som Word-dokument (.docx) och "
        "skicka det till oss igen.",
        "The file seems to be damaged. Please save the form again as a Word Document (.docx) "
        "and send it to us again.",
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
    "cell_truncated": (
        "Texten är längre än de 32 767 tecken en Excel-cell rymmer och har kortats; hela "
        "texten finns i answers.json och report.docx",
        "The text is longer than the 32,767 characters an Excel cell holds and was cut; the "
        "whole text is in answers.json and report.docx",
    ),
    "reminder_no_address": (
        "Ingen användbar e-postadress för {name}: påminnelsen har ingen mottagare",
        "No usable e-mail address for {name}: the reminder has no recipient",
    ),
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


def reminder_reason(code: str, lang: str) -> str:
    """What a respondent is told about their unreadable file (``code``): what to do about it."""
    pair = _REMINDER_REASONS.get(code) or _REMINDER_REASONS[""]
    return pair[_index(lang)]


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
