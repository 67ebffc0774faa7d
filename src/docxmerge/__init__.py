"""docxmerge: merge a folder of filled-in Word forms into one report, workbook and JSON."""

__version__ = "0.1.0"
