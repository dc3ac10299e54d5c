"""Render stage: one audience's selection through its Jinja2 template into Markdown, then into the document
tree (``tree.py``) the writers walk, with citations resolved (``cite/``).

``document.py`` runs the stage; ``context.py`` is what a template sees; ``templating.py`` finds and runs
the templates (``StrictUndefined``); ``markup.py`` parses their Markdown with markdown-it-py.
"""

from .document import build_time, genre_problems, render, render_markdown

__all__ = ["build_time", "genre_problems", "render", "render_markdown"]
