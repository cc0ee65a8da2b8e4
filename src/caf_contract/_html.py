"""Small HTML tables for notebooks (``_repr_html_``): escaped, no styling beyond a caption."""

from __future__ import annotations

import html
from collections.abc import Iterable


def table(caption: str, rows: Iterable[tuple[str, object]]) -> str:
    """A two-column table, every cell escaped.

    >>> table("Contrat", [("SIREN", "<123>")])
    '<table><caption>Contrat</caption><tbody><tr><th>SIREN</th><td>&lt;123&gt;</td></tr></tbody></table>'
    """
    body = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>"
        for label, value in rows
    )
    return f"<table><caption>{html.escape(caption)}</caption><tbody>{body}</tbody></table>"
