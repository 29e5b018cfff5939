"""Settings shared by the plugin and plugin-free output, kept free of MkDocs imports."""

REQUIRED_EXTENSIONS: dict[str, dict] = {
    "tables": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "def_list": {},
    "toc": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}
"""The Markdown extensions generated pages are written for, with the settings they need."""
