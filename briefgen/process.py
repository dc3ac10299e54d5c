"""What the ``briefgen`` command sets up in the process it owns, before any of its commands runs. A program
that imports briefgen as a library keeps its own process as it is: none of this is done on import."""

from __future__ import annotations

import sys

PLUGIN_LOADER = "pydantic.plugin._loader"


def own() -> None:
    """Set up this process for the command: its signals, its output, no pydantic plugins, fewer collections,
    a quick exit."""
    import atexit
    import gc
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # killed politely: clean up as on an error
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a name prints it escaped, not a crash
        getattr(stream, "reconfigure", lambda **_: None)(errors="backslashreplace")
    without_pydantic_plugins()
    # What the command makes first lives as long as it does (modules, classes, models): the collector looks
    # at new objects every 100,000 made instead of every 700, which was 1.4% of the sample's build.
    gc.set_threshold(100_000, 50, 100)
    # Python's last full collection, as it exits, walked every object a build left: 0.17 s of the sample's
    # cold build on a slow machine. Frozen, they are simply freed.
    atexit.register(gc.freeze)


def without_pydantic_plugins() -> None:
    """No pydantic plugin sees the dossier. A plugin (an observability hook another installed package
    declares, such as Logfire's) is handed every value pydantic validates: a confidential source's name
    included. Pydantic finds them when its first model is made, by importing ``importlib.metadata`` and reading
    every installed package's entry points (some 70 ms of each run on a slow machine). Its plugin loader is
    replaced, before pydantic is imported, by one that finds none; anything else a later pydantic asks of
    that module comes from the real one."""
    import types

    if PLUGIN_LOADER in sys.modules:  # pydantic has looked already (a program that runs the command itself)
        return
    loader = types.ModuleType(PLUGIN_LOADER, "No pydantic plugins: briefgen's command runs none.")

    def real(name: str):
        if name.startswith("__"):  # the import system asking whether it is a package
            raise AttributeError(name)
        import importlib

        sys.modules.pop(PLUGIN_LOADER, None)
        module = importlib.import_module(PLUGIN_LOADER)
        return getattr(module, name)

    loader.get_plugins = lambda: ()
    loader.__getattr__ = real
    sys.modules[PLUGIN_LOADER] = loader
