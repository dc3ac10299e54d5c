"""briefgen: one evidence base in, a cited PDF and Word brief per audience out."""

__version__ = "0.1.0"
