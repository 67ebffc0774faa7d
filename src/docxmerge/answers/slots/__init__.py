"""Reading an answer slot, by slot kind: ``text`` (a text control, or the paragraphs under a
heading), ``checkbox`` (a paragraph that is only a checkbox); ``clean`` removes the template's
prompts from any slot's blocks. A new kind of answer slot (choice, date, legacy field, table
cell) is a new module here."""
