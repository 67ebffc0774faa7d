"""Attachments: a file that is no form (a PDF, an image) sent beside a respondent's form.

A certificate or a scanned signature page mailed with a filled-in form lands in the inbox
beside it. When the inbox holds a read form from the same respondent, the file is an
attachment to that form, not a form to ask again for: whom it belongs to is decided as for any
unreadable file (respondents.assign's name for it, else its file name matched against the
respondents of the read forms, as respondents matches file names).
"""

from __future__ import annotations

from collections.abc import Sequence

from docxmerge.answers.respondents import MATCH_MIN, list_keys, resolve_respondent
from docxmerge.model import Expected, Response

ATTACHMENT_CODES = frozenset({"pdf", "not_word"})  # files that are no form in any format


def attached_forms(responses: Sequence[Response]) -> dict[str, Response]:
    """Attachment file name -> the read form it was sent with (only the attachments that have
    one: a lone PDF still stands for its sender's form)."""
    forms: dict[str, Response] = {}
    for response in responses:
        if response.status == "read" and response.respondent:
            forms.setdefault(response.respondent, response)
    keys = list_keys([Expected(name) for name in forms])
    found: dict[str, Response] = {}
    for response in responses:
        if response.status != "unreadable" or response.error_code not in ATTACHMENT_CODES:
            continue
        name = response.respondent
        if name not in forms:
            name, score = resolve_respondent(None, response.file.name, keys)
            name = name if score is not None and score >= MATCH_MIN else None
        if name is not None:
            found[response.file.name] = forms[name]
    return found
