"""Answers: pure functions from the read model to what each respondent answered.

No file, no XML, no output: :class:`docxmerge.model.Document` and
:class:`~docxmerge.model.Template` in, :class:`~docxmerge.model.FormAnswers` and named,
counted responses out.

- ``template``: what a blank template asks; its questions are found by layout, one module per
  layout in ``layouts/``.
- ``blocks``: what a block is (answer box, heading evidence, outline rank), for both sides.
- ``normalize``: comparable text (headings, prompts, declined answers); ``shortcuts`` the
  exact speed shortcuts around it.
- matching a returned form: ``form.match_form`` finds each template question (``locate/``:
  controls by tag, alignment of headings), reads its answer by slot kind (``slots/``) and the
  metadata fields (``fields``).
- ``respondents``: names, superseded versions; ``expected``: the ``--expected`` list's rows as
  respondents; ``optional``: the questions never owed; ``tally``: what counts as answered,
  owed or declined, and who has no form, once for every output; ``chase``: who owes what and
  whom to write to.
- rounds: ``versions``, several template versions in one run (their union, the version each
  form fits, ``not_asked``); ``compare``, one answer against the previous round's; ``previous``,
  a round's respondents and questions matched with the previous run's.

A new template layout goes to ``layouts/``, a new kind of answer slot to ``slots/``.
"""
