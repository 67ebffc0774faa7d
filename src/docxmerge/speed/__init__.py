"""Every speed trick of docxmerge, each in one named module with its measured reason beside it.

Nothing outside this package needs to know how they work; each is used at exactly one place:

- :mod:`docxmerge.speed.frozen`: the model's hot dataclasses (Block, Run) are frozen for the
  type checker only and pickle as (class, fields): constructing them became five times faster
  (reader 1.18 -> 1.05 ms per form), packing answers 0.48 -> 0.32 ms per form. Used by
  ``model.py``.
- :mod:`docxmerge.speed.packed`: an answer's blocks kept as a compressed pickle between reading
  and the report (tens of KB per form as objects, a few KB packed: peak memory of 10,000 forms
  stays near 400 MB). Used by ``run.py`` when a worker hands back a response.
- :mod:`docxmerge.speed.heap`: what a run holds is kept out of the garbage collector's full
  passes (10,000 forms spent 2.1-2.5 s in them, now 0.5 s). Used by ``run.run``.
- :mod:`docxmerge.speed.quick_exit`: the console script ends the process without tearing the
  interpreter down object by object (0.2 s per 1,000 forms). Used by ``cli.entry``.

Smaller measured tricks stay beside the code they speed up, each with its figure: the cache of
shared package parts (``docx/part_cache.py``), the exact shortcuts around text normalisation
(``answers/shortcuts.py``), the report's well-formedness check with expat
(``writers/report.py``), the e-mail header classes made once (``writers/reminders.py``), the
respondent names scored against the ``--expected`` list a block at a time with
``rapidfuzz.process.cdist`` (``answers/respondents.py``: answers/ may not import this package).
"""
