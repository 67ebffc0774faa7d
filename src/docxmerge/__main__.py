"""Allow ``python -m docxmerge``."""

from docxmerge.cli import entry

entry()
