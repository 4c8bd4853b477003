"""Only one thing pyproject.toml cannot say: copy the repository's own folders into the wheel.

ontology/, queries/ and data/ (without sources' drafts or caches) become functiegebouw/_resources/ in
the built package, so that a non-editable install works from any folder. An editable install reads
the repository's folders directly and copies nothing.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# folder -> the file patterns shipped from it (recursively for data/)
RESOURCES = {
    "ontology": ["*.ttl"],
    "queries": ["*.rq", "README.md"],
    "data": ["*.ttl", "reference/*.ttl", "vocab/*.ttl", "vocab/*.tsv", "vocab/SOURCES.md", "mappings/*.ttl", "mappings/*.sssom.tsv",
             "sources/*.txt", "sources/*.toml", "sources/README.md"],
}


class build_py_with_resources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "functiegebouw" / "_resources"
        for folder, patterns in RESOURCES.items():
            for pattern in patterns:
                for path in sorted((HERE / folder).glob(pattern)):
                    dest = target / folder / path.relative_to(HERE / folder)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, dest)


setup(cmdclass={"build_py": build_py_with_resources})
