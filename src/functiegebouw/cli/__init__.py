"""The ``fgr`` command: a thin layer over the Python API (``main``), one module per command group."""
from functiegebouw.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
