"""Reading dossiers from files: the edge where JSON and TOML files come in.

The rules never import this module. :func:`read_dossier` reads a JSON or TOML file
describing a :class:`~caf_contract.dossier.Dossier` (or a bare contract);
:func:`example_dossier` reads an example bundled with the package: ``"conforme"``,
the Tarn-et-Garonne template filled in for an invented partner, which passes every
check, and ``"defauts"``, the same with typical faults, each giving one finding.

>>> dossier = example_dossier()
>>> dossier.contract.partner.name, dossier.contract.services
('Centre social des Coteaux', ('CDAP', 'AFAS'))
>>> example_dossier("defauts").contract.partner.name
'Maison des familles du Quercy'
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Final, Literal

from caf_contract.contract import Contract
from caf_contract.dossier import Dossier
from caf_contract.errors import InvalidValueError, LoadError
from caf_contract.serialization import from_data, parse

__all__ = ["EXAMPLE", "EXAMPLES", "example_dossier", "parse_dossier", "read_dossier"]

EXAMPLES: Final[Mapping[str, str]] = {
    "conforme": "example-dossier.json",
    "defauts": "example-defauts.json",
}
"""The bundled examples, by name, in ``caf_contract/data``."""

EXAMPLE: Final = EXAMPLES["conforme"]
"""The bundled example that passes every check."""


def parse_dossier(text: str, *, format: Literal["json", "toml"] = "json") -> Dossier:  # noqa: A002
    """The dossier described by ``text``; a bare contract makes a dossier of its own.

    Raises:
        LoadError: the text does not parse, or describes no valid dossier.
    """
    data = parse(text, format=format)
    if isinstance(data, Mapping) and "caf" in data and "contract" not in data:
        return Dossier(contract=from_data(Contract, data))
    return from_data(Dossier, data)


def read_dossier(path: str | Path) -> Dossier:
    """The dossier in the JSON (``.json``) or TOML (``.toml``) file at ``path``.

    Raises:
        LoadError: the file cannot be read or describes no valid dossier.
    """
    file = Path(path)
    format: Literal["json", "toml"] = "toml" if file.suffix.lower() == ".toml" else "json"  # noqa: A001
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise LoadError((), _unreadable(error), source=_shown(str(file))) from error
    return parse_dossier(text, format=format)


def _shown(path: str) -> str:
    """The path as given, or its ``repr`` when it holds a line break or another control."""
    return path if path.isprintable() else repr(path)


def _unreadable(error: OSError | ValueError) -> str:
    """Why a file cannot be read, in French (the system's own text is in English)."""
    if isinstance(error, FileNotFoundError):
        return "fichier introuvable ; attendu : le chemin d'un fichier JSON ou TOML existant"
    if isinstance(error, IsADirectoryError):
        return "c'est un dossier ; attendu : un fichier JSON ou TOML"
    if isinstance(error, PermissionError):
        return "lecture refusée (droits du fichier) ; attendu : un fichier lisible"
    if isinstance(error, UnicodeDecodeError):
        return (
            f"texte non encodé en UTF-8 (octet 0x{error.object[error.start]:02x} à la position "
            f"{error.start}) ; attendu : un fichier JSON ou TOML en UTF-8"
        )
    if isinstance(error, OSError):
        code = errno.errorcode.get(error.errno or 0, type(error).__name__)
        return (
            f"fichier illisible (erreur système {code}) ; attendu : un fichier JSON ou TOML lisible"
        )
    return "chemin invalide (caractère nul) ; attendu : le chemin d'un fichier"


def example_dossier(name: str = "conforme") -> Dossier:
    """The example ``name`` bundled with the package (a new value at each call).

    Raises:
        InvalidValueError: no example has that name.
    """
    candidate: object = name  # typed as a name; checked as the input may be
    if not isinstance(candidate, str) or candidate not in EXAMPLES:
        raise InvalidValueError("name", name, f"un exemple parmi : {', '.join(EXAMPLES)}")
    data = resources.files("caf_contract").joinpath("data", EXAMPLES[name])
    return parse_dossier(data.read_text(encoding="utf-8"))
