"""briefbook: structured, sourced claims → a cross-linked MkDocs site."""

__version__ = "0.1.0"
