"""Settings shared by the plugin and plugin-free output, kept free of MkDocs imports."""

REQUIRED_EXTENSIONS = ("tables", "admonition", "attr_list", "md_in_html", "def_list", "toc")
"""The Markdown extensions generated pages are written for."""
