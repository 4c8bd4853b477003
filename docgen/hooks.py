"""MkDocs hooks (mkdocs.yml ``hooks:``): the generated reference pages become part of the build.

The pages are made in memory from the sources (``docgen/reference.py``) and never written into
``docs/``, so a checkout holds no copy that could fall behind the code.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference  # noqa: E402  (docgen/ is not a package: MkDocs loads hooks by path)
from mkdocs.structure.files import File  # noqa: E402


def on_files(files, config):
    for name in reference.GENERATED:
        files.append(File.generated(config, f"reference/{name}.md", content=reference.PAGES[name]()))
    return files
