"""Every label, status word and message text the outputs show, in Swedish ("sv") and English ("en").

Keys are stable identifiers; :func:`t` formats a label with ``{name}`` parameters. Status words in
answers.json stay English; the workbook and the report use :func:`status_word`.
"""

from __future__ import annotations

import errno
import locale
import os
import string
from collections.abc import Mapping

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
    "col.kind": ("Typ", "Kind"),
    "col.detail": ("Teknisk detalj", "Technical detail"),
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
    # several template versions, the previous round
    "sheet.changes": ("Ändringar", "Changes"),
    "col.previous_file": ("Föregående fil", "Previous file"),
    "col.template": ("Mall", "Template"),
    "col.not_asked_count": ("Ej efterfrågade", "Not asked"),
    "col.new": ("Nya", "New"),
    "col.changed": ("Ändrade", "Changed"),
    "col.unchanged": ("Oförändrade", "Unchanged"),
    "col.dropped": ("Borttagna", "Dropped"),
    "legend.title": ("Teckenförklaring", "Legend"),
    "legend.answered": ("svaranden har skrivit ett svar", "the respondent wrote an answer"),
    "legend.declined": (
        'svaranden skriver att frågan inte är aktuell ("-", "Ej aktuellt"): räknas som besvarad',
        'the respondent says the question does not apply ("-", "N/A"): counted as answered',
    ),
    "legend.placeholder": (
        "svarsrutan lämnades orörd (mallens platshållartext)",
        "the answer box was left untouched (the template's prompt)",
    ),
    "legend.empty_box": ("svarsrutan lämnades tom", "the answer box was left empty"),
    "legend.missing": (
        "frågan hittades inte i formuläret (borttagen)",
        "the question was not found in the form (deleted)",
    ),
    "legend.unreadable": ("filen kunde inte läsas", "the file could not be read"),
    "legend.blank_form": ("blanketten kom tillbaka oifylld", "the form came back blank"),
    "legend.not_received": ("inget formulär har kommit in", "no form has come in"),
    "legend.not_asked": (
        "frågan fanns inte i blanketten som svaranden fyllde i (en äldre eller annan version): "
        "räknas inte som obesvarad",
        "the question was not on the form the respondent filled in (an older or other version): "
        "not counted as unanswered",
    ),
    "legend.unchanged": (
        "besvarad, med samma svar som i föregående uppföljning",
        "answered, with the same answer as in the previous round",
    ),
    "legend.new": (
        "besvarad nu, inte besvarad i föregående uppföljning",
        "answered now, not answered in the previous round",
    ),
    "legend.changed": (
        "besvarad i båda, svaret har ändrats",
        "answered in both rounds, the answer was edited",
    ),
    "legend.same": (
        "besvarad i båda, samma svar (eller nästan: blanksteg, ett rättat stavfel)",
        "answered in both rounds, the same answer (or nearly: white space, a typo fixed)",
    ),
    "legend.dropped": (
        "besvarad i föregående uppföljning, inte nu",
        "answered in the previous round, not now",
    ),
    "legend.empty": ("(tom) obesvarad i båda", "(empty) answered in neither round"),
    "legend.compared_with": ("Jämfört med: {path}", "Compared with: {path}"),
    "legend.no_form_now": (
        "svarade i föregående uppföljning, ingen blankett denna gång",
        "answered in the previous round, no form this round",
    ),
    "cell.truncated": ("[… avkortad]", "[… truncated]"),
    "reason.superseded_by": ("ersatt av {file}", "superseded by {file}"),
    "reason.attachment_pdf": (  # a PDF beside a read form (answers/attachments.py)
        "bilaga till formuläret från {respondent} ({form}, läst): PDF-filen läses inte",
        "attachment to the form from {respondent} ({form}, read): the PDF file is not read",
    ),
    "reason.attachment": (  # an image, a spreadsheet ... beside a read form
        "bilaga till formuläret från {respondent} ({form}, läst): filen läses inte",
        "attachment to the form from {respondent} ({form}, read): the file is not read",
    ),
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
    "error.template_has_answers": (
        "mallen {path} innehåller redan svar ({found}): är det ett ifyllt formulär? Ange den "
        "tomma mallen med --template, eller kör med --template-has-answers om det är meningen",
        "the template {path} already holds answers ({found}): is it a returned form? Give the "
        "blank form with --template, or run with --template-has-answers if that is intended",
    ),
    "error.inbox_not_found": (
        "mappen med formulär finns inte: {path} (kontrollera sökvägen)",
        "the inbox folder does not exist: {path} (check the path)",
    ),
    "error.inbox_is_file": (
        "{path} är en fil, inte en mapp: ange mappen med de inkomna formulären",
        "{path} is a file, not a folder: give the folder of received forms",
    ),
    "error.out_not_folder": (
        "utdatamappen {path} är en fil, inte en mapp: välj en mapp med --out",
        "the output folder {path} is a file, not a folder: choose a folder with --out",
    ),
    "error.locked": (
        "en annan docxmerge-körning skriver till {path} (startad {started}): vänta tills den är "
        "klar (pågår ingen körning, ta bort {path}/.docxmerge.lock)",
        "another docxmerge run is writing to {path} (started at {started}): wait for it to "
        "finish (if no run is going on, delete {path}/.docxmerge.lock)",
    ),
    "error.open_in_office": (
        "stäng {name} först: den är öppen (Office-låsfilen {owner} finns i {path}; har ingen "
        "den öppen, ta bort {owner})",
        "close {name} first: it is open (the Office owner file {owner} is in {path}; if nobody "
        "has it open, delete {owner})",
    ),
    "error.in_the_way": (
        "{name} i {path} är en mapp eller länk, inte en fil: flytta undan den, eller välj en "
        "annan utdatamapp med --out",
        "{name} in {path} is a folder or link, not a file: move it away, or choose another "
        "output folder with --out",
    ),
    "error.in_the_way_of_folder": (
        "{name} i {path} ska vara en mapp men är en fil eller länk: flytta undan den, eller välj "
        "en annan utdatamapp med --out",
        "{name} in {path} should be a folder but is a file or link: move it away, or choose "
        "another output folder with --out",
    ),
    "error.read_only": (
        "{name} i {path} är skrivskyddad: ta bort skrivskyddet, eller välj en annan utdatamapp "
        "med --out",
        "{name} in {path} is read-only: make it writable, or choose another output folder "
        "with --out",
    ),
    "time.unknown": ("okänd tid", "unknown time"),
    "convert.no_soffice": (
        "LibreOffice är inte installerat: installera det, eller öppna filerna i Word och spara "
        "dem som .docx",
        "LibreOffice is not installed: install it, or open the files in Word and save them as "
        ".docx",
    ),
    "convert.no_isolation": (
        "LibreOffice kan inte stängas ute från nätverket här: öppna filerna i Word och spara dem "
        "som .docx",
        "LibreOffice cannot be cut off from the network here: open the files in Word and save "
        "them as .docx",
    ),
    "error.no_templates": (
        "ingen mall (.docx, .dotx, .docm, .dotm) i mappen {path}",
        "no template (.docx, .dotx, .docm, .dotm) in the folder {path}",
    ),
    "error.previous_unreadable": (
        "föregående körning kan inte användas: {path}: {reason}",
        "cannot use the previous run {path}: {reason}",
    ),
    "error.nothing_readable": (
        "inget läsbart Word-formulär i {path}",
        "no readable Word form in {path}",
    ),
    "error.expected_not_found": (
        "listan över svarande finns inte: {path} (kontrollera sökvägen)",
        "the expected list does not exist: {path} (check the path)",
    ),
    "error.expected_unreadable": (
        "listan över svarande kan inte läsas: {path}: {reason}",
        "cannot read the expected list {path}: {reason}",
    ),
    "error.cannot_write": (
        "kan inte skriva i {path}: {reason}",
        "cannot write to {path}: {reason}",
    ),
    "progress.reading": ("Läser formulär", "Reading forms"),
    "interrupted": (
        "Avbrutet (Ctrl-C): inget nytt skrevs; tidigare utdata i {path} finns kvar som de var",
        "Interrupted (Ctrl-C): nothing new was written; the previous outputs in {path} are as "
        "they were",
    ),
    "summary.unreadable": ("Oläsbara filer ({count}):", "Unreadable files ({count}):"),
    "summary.more_files": (
        "… och {count} till: se bladet Filer i {path}",
        "… and {count} more: see the Files sheet of {path}",
    ),
    "summary.warnings": (
        "Att kontrollera (varje fall på bladet Meddelanden i {path}):",
        "To check (every case on the Messages sheet of {path}):",
    ),
    "usage.prefix": ("Användning:", "Usage:"),
    "usage.try": (
        "Se '{command} --help' eller 'docxmerge help {name}'.",
        "See '{command} --help' or 'docxmerge help {name}'.",
    ),
    "usage.try_main": (
        "Se '{command} --help' eller 'docxmerge help'.",
        "See '{command} --help' or 'docxmerge help'.",
    ),
    "usage.error": ("Fel", "Error"),
    "usage.no_such_option": ("okänt alternativ {option}", "no such option {option}"),
    "usage.did_you_mean": ("(menade du {options}?)", "(did you mean {options}?)"),
    "usage.no_such_command": (
        "okänt kommando {name} (kommandon: run, questions, inspect, help)",
        "no such command {name} (commands: run, questions, inspect, help)",
    ),
    "usage.missing": ("{param} saknas", "{param} is missing"),
    "usage.needs_value": ("{option} behöver ett värde", "{option} needs a value"),
    "usage.no_value": ("{option} tar inget värde", "{option} takes no value"),
    "usage.bad_value": ("ogiltigt värde för {param}: {hint}", "invalid value for {param}: {hint}"),
    "usage.hint_choice": ("välj ett av {choices}", "choose one of {choices}"),
    "usage.hint_int_min": ("ange ett heltal, minst {min}", "give a whole number, at least {min}"),
    "usage.hint_int": ("ange ett heltal", "give a whole number"),
    "usage.hint_path": ("filen eller mappen finns inte", "the file or folder does not exist"),
    "usage.hint_is_folder": ("det är en mapp, inte en fil", "it is a folder, not a file"),
    "usage.hint_is_file": ("det är en fil, inte en mapp", "it is a file, not a folder"),
    "usage.hint_help": ("se --help", "see --help"),
    "usage.extra": ("oväntat argument: {args}", "unexpected argument: {args}"),
    "usage.no_inbox": (
        "ingen mapp med formulär angiven, och ingen {path} här: docxmerge run MAPP --template MALL",
        "no INBOX given, and no {path} here: docxmerge run INBOX --template FILE",
    ),
    "usage.needs_previous": (
        "{option} jämför med en tidigare körning: ange den med --previous",
        "{option} compares with an earlier run: give it with --previous",
    ),
    "usage.previous_is_out": (
        "föregående körning kan inte vara den här körningens utdatamapp (--previous {previous}, "
        "--out {out}): körningen skriver över den; ange en annan mapp med --out",
        "the previous run cannot be this run's output folder (--previous {previous}, --out "
        "{out}): this run overwrites it; give another folder with --out",
    ),
    "usage.unknown_question": (
        "--optional {ids}: mallen har ingen sådan fråga (dess frågor: {known}; "
        "docxmerge questions {templates} listar dem)",
        "--optional {ids}: the template has no such question (its questions: {known}; "
        "docxmerge questions {templates} lists them)",
    ),
    "usage.other": ("felaktigt kommando ({message})", "invalid command ({message})"),
    "interrupted.plain": ("Avbrutet (Ctrl-C)", "Interrupted (Ctrl-C)"),
    "questions.held": (
        "Obs: mallen innehåller redan svar ({found}): är det ett ifyllt formulär?",
        "Note: the template already holds answers ({found}): is it a returned form?",
    ),
    # what `docxmerge questions` lists (its --json keeps the English codes)
    "questions.template": ("mall", "template"),
    "questions.field": ("uppgift", "field"),
    "questions.optional": ("(frivillig)", "(optional)"),
    "questions.options": ("svarsalternativ", "options"),
    "questions.several": ("(flera kan väljas)", "(several)"),
    "questions.asked_by": ("ställs i", "asked by"),
    "questions.slot.control": ("innehållskontroll", "control"),
    "questions.slot.legacy_field": ("äldre formulärfält", "legacy_field"),
    "questions.slot.cell": ("tabellcell", "cell"),
    "questions.slot.paragraphs": ("stycken", "paragraphs"),
    "questions.kind.text": ("text", "text"),
    "questions.kind.choice": ("val", "choice"),
    "questions.kind.date": ("datum", "date"),
    "questions.dated_by.modified": ("ändrad", "modified"),
    "questions.dated_by.created": ("skapad", "created"),
    "questions.dated_by.file": ("filens tid", "file"),
    "summary.not_received": ("Ej inkomna: {names}", "Not received: {names}"),
    "summary.only_previous": (
        "Svarade i föregående uppföljning, ingen blankett nu: {names}",
        "Answered the previous round, no form now: {names}",
    ),
    "strict": (
        "Strikt kontroll (--strict): {unreadable} oläsbara filer, {unanswered} obesvarade "
        "frågor, {not_received} ej inkomna, {blank} oifyllda blanketter",
        "Strict check (--strict): {unreadable} unreadable files, {unanswered} unanswered "
        "questions, {not_received} not received, {blank} blank forms returned",
    ),
    "summary": (
        "Filer: {read} lästa, {skipped} överhoppade, {unreadable} oläsbara, {superseded} ersatta. "
        "Svarande: {respondents}. Svar: {answered} besvarade, {unanswered} obesvarade.",
        "Files: {read} read, {skipped} skipped, {unreadable} unreadable, {superseded} superseded. "
        "Respondents: {respondents}. Answers: {answered} answered, {unanswered} unanswered.",
    ),
    "summary.with_optional": (
        "Filer: {read} lästa, {skipped} överhoppade, {unreadable} oläsbara, {superseded} ersatta. "
        "Svarande: {respondents}. Svar: {answered} besvarade, {unanswered} obesvarade "
        "(varav {optional} frivilliga).",
        "Files: {read} read, {skipped} skipped, {unreadable} unreadable, {superseded} superseded. "
        "Respondents: {respondents}. Answers: {answered} answered, {unanswered} unanswered "
        "({optional} of them optional).",
    ),
    "summary.template": ("Mall: {path}", "Template: {path}"),
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
    "reminder.fill_in_one": (
        "Vi är tacksamma om ni fyller i svaret i ert formulär och skickar det till oss igen.",
        "We would be grateful if you could fill it in on your form and send it to us again.",
    ),
    "reminder.fill_in_many": (
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
    "report.not_asked": (
        "Frågan fanns inte i blanketten som användes av: {names}.",
        "The question was not on the form used by: {names}.",
    ),
    "report.unchanged_mark": (
        "oförändrat sedan föregående uppföljning",
        "unchanged since the previous round",
    ),
    "report.nearly_unchanged_mark": (
        "nästan oförändrat sedan föregående uppföljning",
        "nearly unchanged since the previous round",
    ),
    "report.changes_legend": (
        "Ändrat sedan föregående uppföljning: tillagd text understruken, borttagen text "
        "genomstruken.",
        "Changed since the previous round: added text underlined, removed text struck through.",
    ),
    "report.compared_with": (
        "Jämfört med föregående uppföljning ({previous}): {new} nya svar, {changed} ändrade, "
        "{unchanged} oförändrade och {dropped} borttagna.",
        "Compared with the previous round ({previous}): {new} new answers, {changed} changed, "
        "{unchanged} unchanged and {dropped} dropped.",
    ),
    "report.only_previous": (
        "Svarade i föregående uppföljning men har ingen blankett denna gång: {names}.",
        "Answered in the previous round but sent no form this round: {names}.",
    ),
    "summary.previous": (
        "Jämfört med föregående körning: {new} nya, {changed} ändrade, {unchanged} oförändrade, "
        "{dropped} borttagna svar.",
        "Compared with the previous run: {new} new, {changed} changed, {unchanged} unchanged, "
        "{dropped} dropped answers.",
    ),
    "report.image": ("[bild]", "[image]"),
}

_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "answered": ("besvarad", "answered"),
    "declined": ("ej aktuellt", "not applicable"),  # answered "-", "Ej aktuellt": answered
    "placeholder": ("platshållare", "placeholder"),
    "empty": ("tom", "empty"),
    "missing": ("saknas", "missing"),
    "not_asked": ("ej efterfrågad", "not asked"),  # not on the form's template version
    "unchanged": ("besvarad (oförändrad)", "answered (unchanged)"),  # as in the previous round
    "no_form_now": ("ingen blankett nu", "no form now"),  # answered in the previous round only
    "not_received": ("ej inkommen", "not received"),
    "blank_form": ("oifylld blankett", "blank form returned"),
    "unanswered": ("obesvarade frågor", "unanswered questions"),  # a respondent who owes some
    "read": ("läst", "read"),
    "skipped": ("hoppad över", "skipped"),
    "unreadable": ("oläsbar", "unreadable"),
    "superseded": ("ersatt", "superseded"),
}

# The comparison with the previous round (answers.compare), as the workbook shows it.
_COMPARISON_WORDS: dict[str, tuple[str, str]] = {
    "new": ("ny", "new"),
    "unchanged": ("oförändrad", "unchanged"),
    "changed": ("ändrad", "changed"),
    "dropped": ("borttagen", "dropped"),
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
    "internal_error": (
        "internt fel i docxmerge när filen lästes (detaljer med --verbose)",
        "internal error in docxmerge while reading the file (details with --verbose)",
    ),
    "lock_file": ("Words låsfil (dokumentet var öppet)", "Word lock file (the document was open)"),
    "libreoffice_lock_file": (
        "LibreOffices låsfil (dokumentet var öppet)",
        "LibreOffice lock file (the document was open)",
    ),
    "hidden_file": ("dold fil", "hidden file"),
    "symlink": ("symbolisk länk: följs inte", "symbolic link: not followed"),
    "special_file": ("inte en vanlig fil", "not a regular file"),
    "not_docx": ("inte en .docx-fil", "not a .docx file"),
    "template_file": ("mallen själv", "the template itself"),
    "output_folder": (
        "docxmerges utdatamapp: läses inte som formulär",
        "docxmerge's output folder: not read as forms",
    ),
    "own_output": (
        "utdata från docxmerge: läses inte som formulär",
        "docxmerge's own output: not read as a form",
    ),
    "blank_form": (
        "oifylld kopia av mallen",
        "an unfilled copy of the template",
    ),
    "folder_unreadable": ("mappen kan inte läsas", "the folder cannot be read"),
    # --previous
    "previous_not_found": ("finns inte", "does not exist"),
    "previous_no_answers": (
        "mappen innehåller ingen answers.json: ange en utdatamapp från docxmerge eller dess "
        "answers.json",
        "the folder holds no answers.json: give a docxmerge output folder or its answers.json",
    ),
    "previous_not_json": (
        "inte en JSON-fil: ange answers.json från en tidigare körning",
        "not a JSON file: give the answers.json of an earlier run",
    ),
    "previous_not_docxmerge": (
        "inte en answers.json från docxmerge",
        "not an answers.json written by docxmerge",
    ),
    "previous_too_many": (
        "fler frågor eller svar än en uppföljning har (högst 5 000 frågor och 50 000 formulär)",
        "more questions or responses than a round has (at most 5,000 questions and 50,000 "
        "responses)",
    ),
    # the --expected list
    "list_not_found": ("finns inte", "does not exist"),
    "list_is_folder": (
        "en mapp, inte en fil: ange CSV- eller .xlsx-filen",
        "a folder, not a file: give the CSV or .xlsx file",
    ),
    "list_not_table": (
        "varken en CSV-fil (text) eller en Excel-arbetsbok (.xlsx)",
        "neither a CSV (text) file nor an Excel workbook (.xlsx)",
    ),
    "list_xls": (
        "gammal Excel 97-2003-fil (.xls): spara den som .xlsx eller CSV",
        "old Excel 97-2003 file (.xls): save it as .xlsx or CSV",
    ),
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
    "foreign_question": (
        "Fråga {question}: efter den har formuläret en fråga som mallen saknar: ”{text}” "
        "(ifyllt på en annan version av formuläret?)",
        "Question {question}: after it the form has a question the template lacks: "
        "“{text}” (filled in on another version of the form?)",
    ),
    "placeholder_left": (
        "Fråga {question}: platshållartext finns kvar bredvid svaret",
        "Question {question}: placeholder text left next to the answer",
    ),
    "several_chosen": (
        "Fråga {question}: flera alternativ är markerade där ett svar efterfrågas",
        "Question {question}: more than one option ticked where one is asked",
    ),
    "data_binding": (
        "Fråga {question}: svaret lästes ur formulärets lagrade data; rutan själv visar inget "
        "eller sin platshållare",
        "Question {question}: the answer was read from the form's stored data; the box itself "
        "shows nothing or its prompt",
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
    "superseded_no_questions": (
        "Används inte: ingen av mallens frågor hittades i den; {by} används",
        "Not used: no question of the template was found in it; {by} is used",
    ),
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
    "template_has_answers": (
        "Mallen innehåller redan svar ({found}): används ändå (--template-has-answers)",
        "The template already holds answers ({found}): used as asked (--template-has-answers)",
    ),
    "stale_lock": (
        "En låsfil i {path} från en körning som inte avslutades (process {pid}, startad "
        "{started}) togs över",
        "A lock left in {path} by a run that did not end (process {pid}, started at {started}) "
        "was taken over",
    ),
    "output_in_inbox": (
        "Utdatamappen {path} ligger i mappen med formulär: den läses inte som formulär",
        "The output folder {path} is inside the inbox: it is not read as forms",
    ),
    "output_is_inbox": (
        "Utdata skrivs i mappen med formulär ({path}): report.docx, completeness.xlsx, "
        "answers.json och reminders/ där läses inte som formulär, varken nu eller i senare "
        "körningar",
        "The outputs are written into the inbox itself ({path}): report.docx, "
        "completeness.xlsx, answers.json and reminders/ there are not read as forms, now or in "
        "later runs",
    ),
    "expected_duplicate": (
        "{name} står en gång till i listan över förväntade svarande (som {first}): räknas en gång",
        "{name} is in the expected list a second time (as {first}): counted once",
    ),
    "expected_empty": (
        "Listan över förväntade svarande ({path}) innehåller inga namn",
        "The expected list ({path}) holds no name",
    ),
    "previous_duplicate": (
        "{name} finns mer än en gång i föregående körning: jämförs med {used} (den senaste), "
        "inte {others}",
        "{name} is in the previous run more than once: compared with {used} (the latest), "
        "not {others}",
    ),
    "several_templates": (
        "{count} mallversioner ({names}); frågorna står i den nyaste mallens ordning: "
        "{newest} ({date})",
        "{count} templates ({names}); the questions follow the newest, {newest} ({date})",
    ),
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


# Per message code: what kind of message it is (the Messages sheet's "Kind" column), and how
# many of them there are (stderr counts them): (sv kind, en kind), (sv one, sv many), (en one,
# en many), "{n}" the number.
_KINDS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "foreign_question": (
        ("fråga utanför mallen", "question not in the template"),
        (
            "{n} fråga som mallen saknar: ge formulärets version med --template",
            "{n} frågor som mallen saknar: ge formulärens version med --template",
        ),
        (
            "{n} question the template lacks: give the form's version with --template",
            "{n} questions the template lacks: give the forms' version with --template",
        ),
    ),
    "low_match": (
        ("osäker rubrik", "uncertain heading"),
        (
            "{n} rubrik matchade bara svagt: kontrollera svaret",
            "{n} rubriker matchade bara svagt: kontrollera svaren",
        ),
        (
            "{n} heading matched only weakly: check the answer",
            "{n} headings matched only weakly: check the answers",
        ),
    ),
    "edited_heading": (
        ("ändrad rubrik", "edited heading"),
        (
            "{n} fråga har en ändrad rubrik i formuläret",
            "{n} frågor har ändrade rubriker i formulären",
        ),
        (
            "{n} question has an edited heading in its form",
            "{n} questions have edited headings in their forms",
        ),
    ),
    "outside_control": (
        ("utanför textrutan", "outside the box"),
        ("{n} svar skrivet utanför textrutan", "{n} svar skrivna utanför textrutan"),
        ("{n} answer typed outside the box", "{n} answers typed outside the box"),
    ),
    "out_of_order": (
        ("annan ordning", "out of order"),
        (
            "{n} fråga står i annan ordning än i mallen",
            "{n} frågor står i annan ordning än i mallen",
        ),
        ("{n} question out of the template's order", "{n} questions out of the template's order"),
    ),
    "placeholder_left": (
        ("platshållare kvar", "placeholder left"),
        ("{n} svar har platshållartexten kvar", "{n} svar har platshållartexten kvar"),
        (
            "{n} answer has the placeholder text left in",
            "{n} answers have the placeholder text left in",
        ),
    ),
    "several_chosen": (
        ("flera markerade", "several ticked"),
        (
            "{n} fråga med ett svar har flera alternativ markerade",
            "{n} frågor med ett svar har flera alternativ markerade",
        ),
        (
            "{n} one-answer question has several options ticked",
            "{n} one-answer questions have several options ticked",
        ),
    ),
    "data_binding": (
        ("lagrade data", "stored data"),
        (
            "{n} svar lästes ur formulärets lagrade data",
            "{n} svar lästes ur formulärens lagrade data",
        ),
        (
            "{n} answer was read from the form's stored data",
            "{n} answers were read from the forms' stored data",
        ),
    ),
    "declined": (
        ("ej aktuellt", "not applicable"),
        ("{n} svar säger att frågan inte är aktuell", "{n} svar säger att frågan inte är aktuell"),
        (
            "{n} answer says the question does not apply",
            "{n} answers say the question does not apply",
        ),
    ),
    "reminder_no_address": (
        ("påminnelse utan mottagare", "reminder without recipient"),
        ("{n} påminnelse saknar mottagare", "{n} påminnelser saknar mottagare"),
        ("{n} reminder has no recipient", "{n} reminders have no recipient"),
    ),
    "cell_truncated": (
        ("avkortad cell", "cell cut"),
        ("{n} cell kortad till vad Excel rymmer", "{n} celler kortade till vad Excel rymmer"),
        ("{n} cell cut to what Excel holds", "{n} cells cut to what Excel holds"),
    ),
    "replaced_characters": (
        ("ersatta tecken", "replaced characters"),
        (
            "{n} text med otillåtna tecken ersatta med �",
            "{n} texter med otillåtna tecken ersatta med �",
        ),
        ("{n} text with characters replaced by �", "{n} texts with characters replaced by �"),
    ),
    "superseded": (
        ("ersatt version", "superseded version"),
        ("{n} fil ersatt av en nyare version", "{n} filer ersatta av nyare versioner"),
        ("{n} file superseded by a newer version", "{n} files superseded by newer versions"),
    ),
    "superseded_no_questions": (
        ("utan mallens frågor", "without the template's questions"),
        (
            "{n} fil utan mallens frågor används inte (svaranden har skickat formuläret)",
            "{n} filer utan mallens frågor används inte (svarandena har skickat formuläret)",
        ),
        (
            "{n} file without the template's questions is not used (its respondent sent the form)",
            "{n} files without the template's questions are not used (their respondents sent "
            "the form)",
        ),
    ),
    "duplicate_copy": (
        ("identisk kopia", "identical copy"),
        ("{n} fil är en identisk kopia av en annan", "{n} filer är identiska kopior av andra"),
        ("{n} file is an identical copy of another", "{n} files are identical copies of others"),
    ),
    "unknown_respondent": (
        ("okänd svarande", "unknown respondent"),
        (
            "{n} svarande finns inte i listan över förväntade",
            "{n} svarande finns inte i listan över förväntade",
        ),
        (
            "{n} respondent is not in the expected list",
            "{n} respondents are not in the expected list",
        ),
    ),
    "converted": (
        ("konverterad", "converted"),
        (
            "{n} fil konverterad till .docx med LibreOffice",
            "{n} filer konverterade till .docx med LibreOffice",
        ),
        (
            "{n} file converted to .docx with LibreOffice",
            "{n} files converted to .docx with LibreOffice",
        ),
    ),
    "part_skipped": (
        ("del överhoppad", "part skipped"),
        ("{n} dokumentdel kunde inte läsas", "{n} dokumentdelar kunde inte läsas"),
        ("{n} document part could not be read", "{n} document parts could not be read"),
    ),
    "invalid_core_date": (
        ("ogiltigt datum", "invalid date"),
        (
            "{n} fil har ett ogiltigt datum i sina egenskaper",
            "{n} filer har ogiltiga datum i sina egenskaper",
        ),
        (
            "{n} file has an invalid date in its properties",
            "{n} files have invalid dates in their properties",
        ),
    ),
    "alt_chunk_skipped": (
        ("inbäddat dokument", "embedded document"),
        ("{n} inbäddat dokument lästes inte", "{n} inbäddade dokument lästes inte"),
        ("{n} embedded document was not read", "{n} embedded documents were not read"),
    ),
    "image_skipped": (
        ("bild utelämnad", "image left out"),
        ("{n} bild kunde inte läsas", "{n} bilder kunde inte läsas"),
        ("{n} image could not be read", "{n} images could not be read"),
    ),
    "image_too_large": (
        ("för stor bild", "image too large"),
        ("{n} bild större än 5 MB utelämnad", "{n} bilder större än 5 MB utelämnade"),
        ("{n} image larger than 5 MB left out", "{n} images larger than 5 MB left out"),
    ),
    "not_this_form": (
        ("fel formulär", "not this form"),
        ("{n} fil är inte det här formuläret", "{n} filer är inte det här formuläret"),
        ("{n} file is not this form", "{n} files are not this form"),
    ),
    "unreadable": (
        ("oläsbar", "unreadable"),
        ("{n} fil kunde inte läsas", "{n} filer kunde inte läsas"),
        ("{n} file could not be read", "{n} files could not be read"),
    ),
    "convert_unavailable": (("ingen konvertering", "no conversion"), ("", ""), ("", "")),
    "template_has_answers": (("mallen har svar", "template holds answers"), ("", ""), ("", "")),
    "stale_lock": (("gammalt lås", "stale lock"), ("", ""), ("", "")),
    "output_in_inbox": (("utdata i inkorgen", "output in the inbox"), ("", ""), ("", "")),
    "output_is_inbox": (("utdata i inkorgen", "outputs in the inbox"), ("", ""), ("", "")),
    "expected_duplicate": (("dubblett i listan", "listed twice"), ("", ""), ("", "")),
    "expected_empty": (("tom lista", "empty list"), ("", ""), ("", "")),
    "several_templates": (("flera mallversioner", "several templates"), ("", ""), ("", "")),
    "previous_duplicate": (
        ("dubblett i föregående körning", "twice in the previous run"),
        ("", ""),
        ("", ""),
    ),
}


def kind_text(code: str, lang: str) -> str:
    """A message code as a short word in ``lang`` ("utanför textrutan"): the Messages sheet's
    Kind column (the code itself goes to its technical detail)."""
    entry = _KINDS.get(code)
    return entry[0][_index(lang)] if entry else code.replace("_", " ")


def count_text(code: str, count: int, lang: str) -> str:
    """How many messages of one kind: "12 svar skrivna utanför textrutan"."""
    entry = _KINDS.get(code)
    forms = entry[1 + _index(lang)] if entry else ("", "")
    form = forms[0 if count == 1 else 1]
    if not form:
        form = f"{{n}} × {kind_text(code, lang)}"
    return form.format(n=count)


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


def comparison_word(word: str | None, lang: str) -> str:
    """A comparison with the previous round as the word users see ("ny", "oförändrad",
    "ändrad", "borttagen"); "" for none."""
    pair = _COMPARISON_WORDS.get(word or "")
    return pair[_index(lang)] if pair else ""


def reason_text(code: str, lang: str) -> str:
    """An :class:`~docxmerge.model.UnreadableError` code as a sentence a clerk understands.

    Its technical detail is not part of it: that goes to --verbose and a column of its own.
    """
    pair = _REASONS.get(code)
    return pair[_index(lang)] if pair else code.replace("_", " ")


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
    """The output language: ``requested`` if given, else the template's (sv for an sv-*
    template), else the environment's (:func:`environment_language`), else "en"."""
    chosen = requested or template_language or environment_language() or "en"
    return "sv" if _is_swedish(chosen) else "en"


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """ "sv" or "en" from the first of LC_ALL, LC_MESSAGES, LANG that is set (as POSIX reads
    them), else from the system locale (Windows sets no variable: "Swedish_Sweden"); None when
    nothing says."""
    variables = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = variables.get(name)
        if value:
            return "sv" if _is_swedish(value) else "en"
    if environ is not None:
        return None
    try:
        system = locale.getlocale()[0]
    except ValueError:
        return None
    return None if not system else ("sv" if _is_swedish(system) else "en")


def _is_swedish(name: str) -> bool:
    """ "sv", "sv-SE", "sv_FI.UTF-8", "Swedish_Sweden"."""
    code = name.strip().lower().replace("_", "-")
    return code.split("-")[0].split(".")[0] == "sv" or code.startswith("swedish")


_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("behörighet saknas", "permission denied"),
    errno.EPERM: ("behörighet saknas", "permission denied"),
    errno.EROFS: ("enheten är skrivskyddad", "the drive is read-only"),
    errno.ENOSPC: ("disken är full", "the disk is full"),
    errno.EDQUOT: ("lagringskvoten är slut", "the storage quota is used up"),
    errno.EISDIR: ("det är en mapp, inte en fil", "it is a folder, not a file"),
    errno.ENOTDIR: ("en del av sökvägen är en fil, inte en mapp", "part of the path is a file"),
    errno.ENOENT: ("finns inte", "does not exist"),
    errno.ENAMETOOLONG: ("sökvägen är för lång", "the path is too long"),
    errno.EBUSY: ("filen används av ett annat program", "the file is in use by another program"),
    errno.EIO: ("läs- eller skrivfel på enheten", "an input/output error on the drive"),
}


def os_reason(error: OSError, lang: str) -> str:
    """An operating system error as a few words a clerk understands (its details go to
    --verbose); an unknown one as "the system refused (error N)"."""
    pair = _OS_REASONS.get(error.errno or 0)
    if pair is not None:
        return pair[_index(lang)]
    number = str(error.errno or "?")
    return ("systemet vägrade (fel {n})", "the system refused (error {n})")[_index(lang)].format(
        n=number
    )
