"""Writing: a :class:`docxmerge.model.RunResult` in, the output files out.

The only code that writes files, each atomically (``atomic``: a temporary file beside the
target, then one rename; the reminder drafts as one folder, moved into place whole):
``report`` (report.docx, built on the template's own styles; ``report_parts`` resolves its
styles, numbering and relationships, ``report_text`` says in words what the report says),
``workbook`` (completeness.xlsx: one module per sheet), ``reminders`` (reminders/: an e-mail
draft per respondent on the chase list) and ``answers_json`` (answers.json, the contract other
programs rely on: keys are added, never renamed or removed).

May touch: the output folder only. The template is opened again (through
:mod:`docxmerge.docx.package`'s checks) only to give the report its styles. Nothing here
decides what an answer is: counting comes from :mod:`docxmerge.answers.tally`, who owes what
from :mod:`docxmerge.answers.chase`, words from :mod:`docxmerge.i18n`. A new workbook sheet is
a new module in ``workbook``; a new output file is a new module here, called from
``run.write_outputs``.
"""
