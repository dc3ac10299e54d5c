"""Load stage: a dossier's YAML files into a typed, cross-checked ``Evidence``, every error with file:line.

``loader.py`` reads the collections; the model is ``base.py`` (what all items share), ``dossier.py``,
``findings.py`` and ``sources.py``; ``yamlsrc.py`` keeps the position of every value; ``validate.py`` turns
pydantic's errors into positioned diagnostics; ``crosscheck.py`` checks keys, audiences and files across
the collections; ``lint.py`` reads the sourcing as an opponent would. ``theme.py`` loads the theme and
``cslfile.py`` a dossier's own citation style; ``citesyntax.py`` is pandoc's citation syntax, which the
loader checks and the renderer parses.
"""

from .evidence import Evidence
from .loader import load

__all__ = ["Evidence", "load"]
