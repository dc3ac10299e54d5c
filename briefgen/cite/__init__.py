"""Citations, resolved once, into the tree, before any writer sees them.

``resolve.py`` is the citation pass (prune what the audience may not see, number the groups, format the
notes and the list of sources); ``styles.py`` holds the built-in styles; ``csl.py`` runs a dossier's own
``.csl`` style with citeproc-py. The syntax (``[@key, p. 12]``) is read by ``load/citesyntax.py``.
"""

from .resolve import resolve
from .styles import EN, CiteContext

__all__ = ["EN", "CiteContext", "resolve"]
