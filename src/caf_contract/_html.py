"""HTML for notebooks (``_repr_html_``): one small builder, every text escaped.

Jupyter shows a value by its ``_repr_html_()``. Every public value of the library is
drawn here: a table of its fields labelled in French, each value written as the
messages write it (a day « 23/11/2026 », an instant « 23/11/2026 à 10:00 » in Paris
time, « oui » / « non », an enum by its French value), text aligned left (notebook
style sheets right-align table cells), verdicts green or red.

Only this module writes markup. A text becomes HTML by :func:`escape`; the builders
return :class:`Html`, which is never escaped again, so that a value built by a builder
nests in another as it is, and a text typed by a user always arrives escaped:

>>> record("Partenaire", [("Nom", "<CCAS>"), ("Signé", True)]) == (
...     '<table style="border-collapse:collapse;margin:0.25em 0;text-align:left">'
...     '<caption style="text-align:left;font-weight:bold;padding:0.15em 0">Partenaire</caption>'
...     '<tbody><tr><th style="text-align:left;vertical-align:top;padding:0.15em 0.6em">Nom</th>'
...     '<td style="text-align:left;vertical-align:top;padding:0.15em 0.6em">&lt;CCAS&gt;</td></tr>'
...     '<tr><th style="text-align:left;vertical-align:top;padding:0.15em 0.6em">Signé</th>'
...     '<td style="text-align:left;vertical-align:top;padding:0.15em 0.6em">oui</td></tr>'
...     "</tbody></table>"
... )
True
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, tzinfo
from typing import ClassVar, Final

from caf_contract._format import clock_text, day_text, moment_text

__all__ = [
    "ALLOWED_COLOUR",
    "DENIED_COLOUR",
    "GRID_LIMIT",
    "MISSING",
    "Html",
    "Shown",
    "cell",
    "element",
    "escape",
    "framed",
    "grid",
    "join",
    "record",
    "table",
    "verdict",
]

ALLOWED_COLOUR: Final = "#1a7f37"
"""The green of an allowance (and of a compliant dossier)."""
DENIED_COLOUR: Final = "#cf222e"
"""The red of a denial (and of a finding)."""

MISSING: Final = "—"
"""How a value not given is shown."""

GRID_LIMIT: Final = 20
"""The most rows a nested list shows; the rest is counted (a dossier may hold thousands)."""

_LEFT: Final = "text-align:left;vertical-align:top"
_CELL: Final = f"{_LEFT};padding:0.15em 0.6em"
_TABLE: Final = "border-collapse:collapse;margin:0.25em 0;text-align:left"
_CAPTION: Final = "text-align:left;font-weight:bold;padding:0.15em 0"

# Values written in a few words: a list of them is one line, separated by commas.
_WORDS: Final = (str, int, date, time, enum.Enum)


class Html(str):
    """Markup this module built: trusted as it is, and shown as HTML by notebooks.

    A ``str`` still (``in``, slicing, comparisons): only its display changes.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def escape(value: object) -> Html:
    """``value`` written as HTML text: escaped, unless it is already :class:`Html`.

    >>> escape("<b> & « é »"), escape(Html("<b>x</b>"))
    ('&lt;b&gt; &amp; « é »', '<b>x</b>')
    """
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value)))


def element(tag: str, content: object = "", *, style: str | None = None, **attributes: str) -> Html:
    """``<tag style="…">content</tag>``: the content escaped unless :class:`Html`.

    ``tag`` and the attribute names are the library's own; attribute values are escaped.

    >>> element("td", "a < b", style="color:red", colspan="2")
    '<td style="color:red" colspan="2">a &lt; b</td>'
    """
    given = {"style": style, **attributes}
    written = "".join(
        f' {name}="{html.escape(value)}"' for name, value in given.items() if value is not None
    )
    return Html(f"<{tag}{written}>{escape(content)}</{tag}>")


def join(parts: Iterable[object], separator: str = "") -> Html:
    """The parts, each escaped unless :class:`Html`, after one another."""
    return Html(escape(separator).join(escape(part) for part in parts))


def verdict(*, allowed: bool, text: str) -> Html:
    """``text`` in bold, green when ``allowed``, red otherwise.

    >>> verdict(allowed=False, text="refusé")
    '<strong style="color:#cf222e">refusé</strong>'
    """
    colour = ALLOWED_COLOUR if allowed else DENIED_COLOUR
    return element("strong", text, style=f"color:{colour}")


def table(
    caption: str | None,
    rows: Iterable[Sequence[object]],
    *,
    head: Sequence[str] = (),
    labelled: bool = False,
) -> Html:
    """A table aligned left: ``head`` above, one row per item of ``rows``.

    Each cell is an :class:`Html` (a nested table, a verdict…) or a text, escaped.
    ``labelled``: the first cell of each row is a header (a field's label).
    """
    return framed(
        caption,
        (
            element(
                "tr",
                join(
                    element("th" if labelled and index == 0 else "td", value, style=_CELL)
                    for index, value in enumerate(row)
                ),
            )
            for row in rows
        ),
        head=head,
    )


def framed(caption: str | None, rows: Iterable[Html], *, head: Sequence[str] = ()) -> Html:
    """A table of rows already built (``<tr>…</tr>``), with a caption and a head."""
    header = (
        element("thead", element("tr", join(element("th", label, style=_CELL) for label in head)))
        if head
        else ""
    )
    title = element("caption", caption, style=_CAPTION) if caption is not None else ""
    return element("table", join((title, header, element("tbody", join(rows)))), style=_TABLE)


def record(caption: str | None, rows: Iterable[tuple[str, object]]) -> Html:
    """A two-column table: each label, then its value written by :func:`cell`."""
    return table(caption, ((label, cell(value)) for label, value in rows), labelled=True)


def grid(caption: str | None, items: Sequence[Shown]) -> Html:
    """One row per item, one column per field its class lists (:attr:`Shown._html_columns`).

    The items are of one class; past :data:`GRID_LIMIT` rows, the others are counted.
    """
    kind = type(items[0])
    labels = dict(kind._html_fields)  # noqa: SLF001  # Shown's protocol
    names = kind._html_columns or tuple(labels)  # noqa: SLF001  # Shown's protocol
    rows: list[Sequence[object]] = [
        [cell(getattr(item, name)) for name in names] for item in items[:GRID_LIMIT]
    ]
    more = len(items) - GRID_LIMIT
    if more > 0:
        rows.append([element("em", f"… et {more} de plus")] + [""] * (len(names) - 1))
    return table(caption, rows, head=[labels[name] for name in names])


def cell(value: object) -> Html:  # noqa: PLR0911  # one return per kind of value
    r"""``value`` as the library writes it, in HTML.

    ``None`` is « — », a boolean « oui » or « non », a day « 23/11/2026 », an instant
    « 23/11/2026 à 10:00 » in Paris time, an enum its label or French value; a value
    of the library a nested table (or its text, for the short ones: an actor, a
    reason); a list of them a table with one row each; a set of texts its items in
    alphabetical order.

    >>> from datetime import timezone
    >>> cell(None), cell(False), cell(datetime(2026, 11, 23, 9, tzinfo=timezone.utc))
    ('—', 'non', '23/11/2026\xa0à\xa010:00')
    >>> cell(frozenset({"RSA", "AAH"})), cell(("b", "a")), cell(()), cell(" ")
    ('AAH, RSA', 'b, a', '—', '—')
    """
    if isinstance(value, Html):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return escape(MISSING)
    if isinstance(value, bool):
        return escape("oui" if value else "non")
    if isinstance(value, enum.Enum):
        return escape(_enum_text(value))
    if isinstance(value, str | int):
        return escape(value)
    if isinstance(value, date | time | tzinfo):
        return escape(_time_text(value))
    if isinstance(value, Shown):
        return value._html_nested()  # noqa: SLF001  # Shown's protocol
    if isinstance(value, Mapping):
        return record(None, ((str(key), item) for key, item in value.items()))
    if isinstance(value, tuple | list | frozenset | set):
        return _many(value)
    return escape(value)


def _time_text(value: date | time | tzinfo) -> str:
    if isinstance(value, datetime):
        # Non-breaking spaces: an instant is not cut across two lines of a narrow column.
        if value.utcoffset() is None:  # a naive one, as read
            return f"{day_text(value)}\u00a0à\u00a0{clock_text(value)}"
        return moment_text(value).replace(" ", "\u00a0")
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, time):
        return clock_text(value)
    return str(value)  # a zone: its name (« Europe/Paris », « UTC »)


def _enum_text(value: enum.Enum) -> str:
    """An enum's label when it has one (« Art. 2.2 »), else its French value."""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label.replace("Art. ", "Art.\u00a0")  # « Art. 5.3.1 » on one line
    return str(value.value)


def _many(values: tuple[object, ...] | list[object] | frozenset[object] | set[object]) -> Html:
    items = list(values)
    if not items:
        return escape(MISSING)
    if isinstance(values, frozenset | set):
        items.sort(key=str)
    first = items[0]
    if isinstance(first, Shown) and not first._html_inline:  # noqa: SLF001  # Shown's protocol
        if all(type(item) is type(first) for item in items):
            return grid(None, items)  # type: ignore[arg-type]  # all of first's class
        return join(cell(item) for item in items)
    if all(isinstance(item, _WORDS) for item in items):
        return join((cell(item) for item in items), ", ")
    return join((cell(item) for item in items), Html("<br>"))


class Shown:
    """A value that notebooks show as a table of its fields, labelled in French.

    A class lists its fields in :attr:`_html_fields` and its caption in
    :attr:`_html_caption`; :meth:`_html_rows` may add computed rows instead.
    """

    __slots__ = ()

    _html_caption: ClassVar[str]
    """The table's caption: what the value is (« Habilitation »)."""
    _html_fields: ClassVar[tuple[tuple[str, str], ...]]
    """``(attribute, French label)`` of each field shown, in order."""
    _html_columns: ClassVar[tuple[str, ...]] = ()
    """The fields a list of such values shows as columns (all of them when empty)."""
    _html_inline: ClassVar[bool] = False
    """Shown inside another value by its text (``str()``), not as a table."""

    def _html_rows(self) -> Iterable[tuple[str, object]]:
        """The rows of the table: each label with its value."""
        return [(label, getattr(self, name)) for name, label in self._html_fields]

    def _html_nested(self) -> Html:
        """How the value is shown inside another one: its table without caption, or its text."""
        if self._html_inline:
            return escape(str(self))
        return record(None, self._html_rows())

    def _repr_html_(self) -> str:
        return record(self._html_caption, self._html_rows())
