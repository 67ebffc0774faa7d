"""Allow ``python -m docxmerge``."""

from docxmerge.cli import entry

if __name__ == "__main__":
    entry()
