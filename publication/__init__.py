"""publication: structured content in, accessible tagged print publications out."""

__all__ = ["__version__"]

__version__ = "0.1.0"
