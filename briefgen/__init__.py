"""briefgen: one evidence base in, a cited PDF and Word brief per audience out.

The Python API (``briefgen.build``, ``briefgen.check`` and their results) is in ``api.py``; it is imported on
first use, so that ``import briefgen`` and the command line start quickly.
"""

__version__ = "0.1.0"

API = ("build", "check", "BuildResult", "BuiltFile", "CheckResult", "Problem", "BuildFailed")
__all__ = [*API, "__version__"]


def __getattr__(name: str):
    if name in API:  # on first use: modules that read __version__ do not import the API (and the pipeline)
        import importlib

        return getattr(importlib.import_module("briefgen.api"), name)
    raise AttributeError(f"module 'briefgen' has no attribute '{name}'")
