"""Sphinx configuration: MyST Markdown pages, autodoc for the API, warnings are errors."""

from __future__ import annotations

from typing import Any

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


def _public_bases(app: object, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Leave out the private base that draws every value in a notebook (``_html.Shown``)."""
    del app, name, obj, options
    kept = [base for base in bases if not base.__module__.startswith("caf_contract._")]
    bases[:] = kept or [object]


def setup(app: Any) -> None:  # noqa: ANN401  # Sphinx's application, untyped here
    """Connect :func:`_public_bases` to autodoc."""
    app.connect("autodoc-process-bases", _public_bases)
