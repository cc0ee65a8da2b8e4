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

import codecs
import errno
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, Literal

from caf_contract._bundled import named_text
from caf_contract._format import counted, typed
from caf_contract._stream import UnstreamableError, read_object
from caf_contract._validate import whole_number
from caf_contract.contract import Contract
from caf_contract.dossier import Dossier
from caf_contract.errors import CafContractError, InvalidValueError, LoadError
from caf_contract.habilitations import Delegation, Habilitation
from caf_contract.incidents import Incident
from caf_contract.serialization import _reader, from_data, parse
from caf_contract.traces import Trace, TraceReader

__all__ = [
    "EXAMPLE",
    "EXAMPLES",
    "MAX_DOSSIER_BYTES",
    "example_dossier",
    "parse_dossier",
    "read_dossier",
]

EXAMPLES: Final[Mapping[str, str]] = {
    "conforme": "example-dossier.json",
    "defauts": "example-defauts.json",
}
"""The bundled examples, by name, in ``caf_contract/data``."""

EXAMPLE: Final = EXAMPLES["conforme"]
"""The bundled example that passes every check."""

MAX_DOSSIER_BYTES: Final = 256 * 2**20
"""How big a dossier file :func:`read_dossier` reads by default: 256 Mio.

Generous: the bundled example is 6 Kio, a record 130 to 530 bytes of compact JSON (a
trace, a request), so half a million to two million records fit; and a bound on the
memory a stray path (a disk image, a log) can take.
"""

_MIB = 2**20


def parse_dossier(text: str, *, format: Literal["json", "toml"] = "json") -> Dossier:  # noqa: A002
    """The dossier described by ``text``; a bare contract makes a dossier of its own.

    Raises:
        LoadError: the text does not parse, or describes no valid dossier.
    """
    if format == "json" and isinstance(text, str):
        dossier = _streamed(_whole(text))
        if dossier is not None:
            return dossier
    data = parse(text, format=format)
    if isinstance(data, Mapping) and "caf" in data and "contract" not in data:
        return Dossier(contract=from_data(Contract, data))
    return from_data(Dossier, data)


def read_dossier(path: str | Path, *, max_bytes: int = MAX_DOSSIER_BYTES) -> Dossier:
    """The dossier in the JSON (``.json``) or TOML (``.toml``) file at ``path``.

    Only a regular file is read (not a directory, a FIFO, a device such as
    ``/dev/zero``), and only up to ``max_bytes`` bytes (:data:`MAX_DOSSIER_BYTES` by
    default); a UTF-8 byte order mark at its start is skipped.

    Raises:
        InvalidValueError: ``path`` is no path (``None``, bytes…) or ``max_bytes``
            no whole number of at least 1.
        LoadError: the file cannot be read, is not a regular file, is bigger than
            ``max_bytes``, or describes no valid dossier.
    """
    given: object = path  # typed as a path; checked as the input may be
    name = os.fspath(given) if isinstance(given, str | os.PathLike) else None
    if not isinstance(name, str):
        raise InvalidValueError(
            "path", path, "le chemin d'un fichier JSON ou TOML (str ou pathlib.Path)"
        )
    whole_number(
        max_bytes,
        "max_bytes",
        minimum=1,
        expected=f"un nombre d'octets entier, au moins 1 ({MAX_DOSSIER_BYTES} par défaut)",
    )
    source = _shown(name)
    if not name:  # Path("") is Path("."), the current directory: say what was given
        raise LoadError(
            (), "chemin vide ; attendu : le chemin d'un fichier JSON ou TOML", source=source
        )
    file = Path(name)
    format: Literal["json", "toml"] = "toml" if file.suffix.lower() == ".toml" else "json"  # noqa: A001
    if format == "json":
        dossier = _streamed_file(file, max_bytes)
        if dossier is not None:
            return dossier
    try:
        text = _read_regular(file, max_bytes, source).decode("utf-8")
    except CafContractError:
        raise
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise LoadError((), _unreadable(error), source=source) from error
    return parse_dossier(text, format=format)


# --- a JSON dossier read record by record
#
# A dossier of 300,000 records is a text of 40 to 160 Mio, and json.loads makes of it
# a tree of dicts three to four times larger, held with the text while the value
# objects are made: its records are rather read one at a time (caf_contract._stream),
# the text a chunk at a time, each record's dict dropped once its value is made.
# Whatever is not a plain, valid dossier (a syntax error, a faulty record, a bare
# contract, a file that changes size) is then read the usual way, whole, which says
# what is wrong in the same words as ever.

_RECORDS: Final[Mapping[str, type[Any]]] = {
    "habilitations": Habilitation,
    "requests": Incident,
    "traces": Trace,
    "trace_readers": TraceReader,
}
"""The dossier's lists of records (the fields of :class:`Dossier`), read one at a time."""
_PARTS: Final[Mapping[str, type[Any]]] = {"contract": Contract, "delegation": Delegation}
"""The dossier's other fields, read whole."""


def _streamed(source: Callable[[int], str]) -> Dossier | None:
    """The dossier the JSON text of ``source`` describes; ``None``: read it whole to say why not."""
    readers = {key: _reader(kind) for key, kind in _RECORDS.items()}
    try:
        members = read_object(source, readers)
        if "contract" not in members or not members.keys() <= _RECORDS.keys() | _PARTS.keys():
            return None  # a bare contract, an unknown field…
        values: dict[str, Any] = {}
        for key, value in members.items():
            if key in _RECORDS and not isinstance(value, tuple):
                return None  # not a list
            values[key] = value if key in _RECORDS else from_data(_PARTS[key], value)
        return Dossier(**values)
    except (UnstreamableError, CafContractError, UnicodeDecodeError, OSError):
        return None


def _whole(text: str) -> Callable[[int], str]:
    """``text`` as a source of :func:`~caf_contract._stream.read_object`, given at once."""
    pieces = iter([text.removeprefix("\ufeff")])  # as parse skips a byte order mark
    return lambda _size: next(pieces, "")


def _streamed_file(file: Path, max_bytes: int) -> Dossier | None:
    """The dossier in the regular JSON file ``file``, read in chunks; ``None``: read it whole."""
    try:
        descriptor = os.open(file, _FLAGS)
    except (OSError, ValueError):  # the whole read says why
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return None
        return _streamed(_decoded(descriptor, max_bytes))
    finally:
        os.close(descriptor)


def _decoded(descriptor: int, max_bytes: int) -> Callable[[int], str]:
    """The UTF-8 text of the open file ``descriptor``, a piece at a time; a byte order mark skipped.

    Raises (from the source):
        UnstreamableError: the file grew past ``max_bytes`` bytes.
        UnicodeDecodeError: it is no UTF-8 text.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    read = 0
    start = True

    def source(size: int) -> str:
        nonlocal read, start
        while True:
            chunk = os.read(descriptor, size)
            read += len(chunk)
            if read > max_bytes:
                raise UnstreamableError
            text = decoder.decode(chunk, final=not chunk)
            if start and text:
                text, start = text.removeprefix("\ufeff"), False
            if text or not chunk:
                return text

    return source


_CHUNK = 2**20
_FLAGS: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_regular(file: Path, max_bytes: int, source: str) -> bytes:
    """The bytes of the regular file ``file``, if it holds at most ``max_bytes``.

    Opened without blocking (a FIFO with no writer would wait forever), then checked
    on the open file itself (a symlink may lead anywhere, and the path may change).
    """
    descriptor = os.open(file, _FLAGS)
    try:
        status = os.fstat(descriptor)
        kind = _not_regular(status.st_mode)
        if kind is not None:
            raise LoadError((), kind, source=source)
        if status.st_size > max_bytes:
            raise _TooLargeError(status.st_size, max_bytes, source=source)
        chunks: list[bytes] = []
        room = max_bytes + 1  # one byte more than allowed: the file grew past the limit
        want = min(status.st_size + 1, room)  # one read for a file that kept its size
        while room > 0:
            chunk = os.read(descriptor, min(want, room))
            if not chunk:
                break
            chunks.append(chunk)
            room -= len(chunk)
            want = _CHUNK
        if room <= 0:
            raise _TooLargeError(None, max_bytes, source=source)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _not_regular(mode: int) -> str | None:
    """Why a file of ``mode`` is not read, in French; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _A_DIRECTORY
    what = (
        "tube nommé (FIFO)"
        if stat.S_ISFIFO(mode)
        else "périphérique"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "fichier spécial"
    )
    return f"{what}, pas un fichier ordinaire ; attendu : un fichier JSON ou TOML"


class _TooLargeError(LoadError):
    """A file bigger than the limit; the command line says how to raise it in its own words.

    Attributes:
        size: the file's size in bytes (``None``: it grew past the limit while read).
        limit: the limit, in bytes.
    """

    def __init__(
        self, size: int | None, limit: int, *, source: str, raise_with: str = "max_bytes"
    ) -> None:
        self.size = size
        self.limit = limit
        shown = f"plus de {_size_text(limit)}" if size is None else _size_text(size)
        super().__init__(
            (),
            f"fichier de {shown}, au-delà de la limite de {_size_text(limit)} ; attendu : un "
            f"fichier de {_size_text(limit)} au plus, ou {raise_with} pour relever la limite",
            source=source,
        )


def _size_text(size: int) -> str:
    """``size`` bytes in French: ``2000 octets``, ``256 Mio``, ``256,1 Mio`` (rounded up).

    Rounded up, so that a file just over a limit is never shown at it.
    """
    if size < _MIB:
        return counted(size, "octet")
    whole, tenth = divmod(-(-size * 10 // _MIB), 10)
    return f"{whole} Mio" if tenth == 0 else f"{whole},{tenth} Mio"


def _shown(path: str) -> str:
    """The path as given; quoted when empty, by its ``repr`` when it holds a control."""
    if not path:
        return typed(path)
    return path if path.isprintable() else repr(path)


_A_DIRECTORY = "c'est un dossier ; attendu : un fichier JSON ou TOML"

# What the system says, in French (its own text is in English), by error number.
_SYSTEM_PROBLEMS = {
    errno.ENOENT: "fichier introuvable ; attendu : le chemin d'un fichier JSON ou TOML existant",
    errno.EISDIR: _A_DIRECTORY,
    errno.EACCES: "lecture refusée (droits du fichier) ; attendu : un fichier lisible",
    errno.EPERM: "lecture refusée (droits du fichier) ; attendu : un fichier lisible",
    errno.ELOOP: "liens symboliques en boucle ; attendu : le chemin d'un fichier JSON ou TOML",
}


def _unreadable(error: OSError | ValueError) -> str:
    """Why a file cannot be read, in French."""
    if isinstance(error, OSError):
        code = errno.errorcode.get(error.errno or 0, type(error).__name__)
        other = (
            f"fichier illisible (erreur système {code}) ; attendu : un fichier JSON ou TOML lisible"
        )
        return _SYSTEM_PROBLEMS.get(error.errno or 0, other)
    if isinstance(error, UnicodeDecodeError):
        return (
            f"texte non encodé en UTF-8 (octet 0x{error.object[error.start]:02x} à la position "
            f"{error.start}) ; attendu : un fichier JSON ou TOML en UTF-8"
        )
    return "chemin invalide (caractère nul) ; attendu : le chemin d'un fichier"


def example_dossier(name: str = "conforme") -> Dossier:
    """The example ``name`` bundled with the package (a new value at each call).

    Raises:
        InvalidValueError: no example has that name.
    """
    return parse_dossier(named_text(EXAMPLES, name, "data", "un exemple"))
