"""Finding each template question in a returned form: by its answer control (``controls``),
by aligning headings in template order (``align``), and for what is left, out of order or by
position (``fallbacks``)."""
