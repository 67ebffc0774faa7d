"""Allow ``python -m docxmerge``."""

from docxmerge.cli import main

main()
