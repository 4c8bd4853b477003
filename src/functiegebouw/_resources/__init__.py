"""The project's own files, shipped inside the package: ontology/, queries/ and data/ of the repository.

pyproject.toml maps ``functiegebouw._resources.ontology`` to ``ontology/`` and so on, so a wheel holds
them here; a checkout reads the repository's folders directly (see ``functiegebouw.resources``).
"""
