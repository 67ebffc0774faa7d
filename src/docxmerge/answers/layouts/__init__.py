"""Finding the questions of a template, one module per layout.

Every layout turns what it recognises into :class:`~docxmerge.answers.layouts.items.Item`\\ s: a
label and its answer slot. ``headings`` reads paragraphs (headings at any depth, numbered list
questions, "Label: [field]" lines, "Svar:" lines); the table layouts each take a whole table:
``grid`` (a statement per row, an option per column), ``row_pairs`` (question row, answer row)
and ``label_answer`` (question | answer cells, section rows, header rows); ``tables`` holds what
they share. ``items`` decides, for all layouts alike, what each item is and numbers the
questions. A new template layout is a new module here whose items ``answers/template.py``
collects.
"""
