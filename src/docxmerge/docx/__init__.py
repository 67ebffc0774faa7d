"""Reading: one Word file in, a plain :class:`docxmerge.model.Document` out.

The only code that sees input XML. ``package`` opens an untrusted file (classifies it, checks
the zip, inflates within bounds, parses XML with no DTD, entities or network); ``reader``
walks the main part with ``body`` (paragraphs, tables, controls, text boxes), ``inline``
(runs, fields, run-level controls, pictures), ``controls`` (content controls), ``field_codes``
(legacy form fields, field instructions, symbols), ``styles`` and ``numbering``;
``part_cache`` remembers what shared parts give; ``convert`` turns .doc/.rtf/.odt into .docx
with LibreOffice, cut off from the network. ``list_file`` reads the ``--expected`` list (CSV
text or an .xlsx workbook) as rows of cell texts, and refuses any other file;
``template_files`` the template files ``--template`` names (a folder of versions) and their
dates; ``previous_run`` the ``--previous`` run's answers.json, as strict JSON within bounds.

May touch: the input files, the list and the previous answers.json, read-only (and a temporary
folder for ``convert``).
Nothing here knows templates, answers or outputs. A new kind of answer slot that Word stores
differently (a new control type, a field) is read here into the model; deciding what it means
happens in :mod:`docxmerge.answers`.
"""
