"""Sphinx configuration: MyST Markdown pages, autodoc for the API, warnings are errors."""

from __future__ import annotations

import caf_contract

project = "caf_contract"
author = "caf_contract contributors"
copyright = "2026, caf_contract contributors"
release = caf_contract.__version__
version = release
language = "fr"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "caf_contract"
