"""The dossier's sources from outside: ``briefgen sources import`` reads a Zotero CSL-JSON or BibTeX export
and writes it into the dossier's sources files, editing them in place (``importer.py``)."""
