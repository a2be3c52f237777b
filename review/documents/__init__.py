"""The documents delegations draft from: the compilation of options, the Annex summary, a delegation's brief.

Each document is first built as plain dataclasses from plain rows (``compilation.py``), then written by
one renderer per format (HTML through templates, ``docx.py``, ``odt.py``, ``pdf.py``), so that every
format says the same thing and each can be tested without a request.
"""
