"""SHACL validation: running the shapes (shacl), locating findings in the source (locate), the report."""
from functiegebouw.validation.shacl import validate

__all__ = ["validate"]
