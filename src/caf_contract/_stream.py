"""A JSON object read piece by piece: the elements of its big arrays one at a time.

``json.loads`` holds the whole text and the whole tree of dicts it parses at once:
for a dossier of 300,000 records, several hundred megabytes, when the values made
from them need a fraction of it. :func:`read_object` reads the text a chunk at a
time and hands each element of the arrays it is told of to a function as soon as it
is parsed, so that only what the function makes of it stays.

It reads well-formed input only. Anything else (a syntax error, a top-level value
that is no object, text after it) stops it with :class:`UnstreamableError`: the
caller then reads the text whole, as ``json.loads`` does, and says what is wrong in
the same words as ever.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Final, cast

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

__all__ = ["CHUNK", "UnstreamableError", "read_object"]

CHUNK: Final = 2**20
"""How many characters (or bytes) a source is asked for at a time."""

_NOT_WHITESPACE = re.compile(r"[^ \t\n\r]")  # JSON's whitespace, as the json module reads it
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*\Z")  # what may follow a number's start


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object of the text; one with a key twice is read whole, to be refused there."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise UnstreamableError
    return found


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


class UnstreamableError(Exception):
    """The text is not a plain JSON object read piece by piece: read it whole."""


class _Text:
    """The text read and not consumed yet, refilled from ``source`` as it is consumed.

    ``source(size)`` gives about ``size`` more characters, ``""`` at the end.
    """

    def __init__(self, source: Callable[[int], str]) -> None:
        self.source = source
        self.buffer = ""
        self.position = 0

    def more(self) -> bool:
        """Whether more text came; the consumed part is dropped."""
        # As much again as is kept: a value longer than a chunk is parsed again a few
        # times only, not once per chunk.
        wanted = max(CHUNK, len(self.buffer) - self.position)
        pieces: list[str] = []
        received = 0
        while received < wanted:  # a source may give less than asked (a pipe, a socket)
            piece = self.source(wanted - received)
            if not piece:
                break
            pieces.append(piece)
            received += len(piece)
        if not pieces:
            return False
        self.buffer = self.buffer[self.position :] + "".join(pieces)
        self.position = 0
        return True

    def peek(self) -> str:
        """The next character after whitespace (``""`` at the end), not consumed."""
        while True:
            found = _NOT_WHITESPACE.search(self.buffer, self.position)
            if found is not None:
                self.position = found.start()
                return self.buffer[self.position]
            self.position = len(self.buffer)
            if not self.more():
                return ""

    def take(self) -> str:
        """The next character after whitespace, consumed."""
        character = self.peek()
        self.position += 1
        return character

    def value(self) -> object:
        """The next JSON value, consumed."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.position)
            except (ValueError, RecursionError):  # a syntax error, or the chunk's end
                if self.more():
                    continue
                raise UnstreamableError from None
            if _NUMBER_GOES_ON.match(self.buffer, end) and self.more():
                continue  # a number cut by the chunk's end (« 0. » of « 0.5 »): read more
            self.position = end
            return value


def read_object(
    source: Callable[[int], str], arrays: Mapping[str, Callable[[object], object]]
) -> dict[str, object]:
    """The members of the JSON object that ``source`` gives, its text read piece by piece.

    The value of a key of ``arrays``, when it is an array, is read element by element,
    each given to that key's function as soon as it is parsed: the member is then the
    tuple of what the function returned (any other value is a list or a dict, as
    ``json.loads`` gives it). A key given twice, in the object or any object inside it,
    is no plain dossier: the caller reads the text whole, and refuses it there.

    Raises:
        UnstreamableError: the text is not one JSON object (the caller reads it whole to
            say why). Whatever a function of ``arrays`` raises goes through.
    """
    text = _Text(source)
    if text.take() != "{":
        raise UnstreamableError
    members: dict[str, object] = {}
    if text.peek() == "}":
        text.position += 1
    else:
        _read_members(text, arrays, members)
    if text.peek():  # anything but whitespace after the object
        raise UnstreamableError
    return members


def _read_members(
    text: _Text, arrays: Mapping[str, Callable[[object], object]], members: dict[str, object]
) -> None:
    """The members of an object whose ``{`` is read, up to its ``}``, into ``members``."""
    while True:
        if text.peek() != '"':
            raise UnstreamableError
        key = cast("str", text.value())  # a JSON value starting with '"' is a text
        if key in members or text.take() != ":":
            raise UnstreamableError
        function = arrays.get(key)
        if function is not None and text.peek() == "[":
            text.position += 1
            members[key] = tuple(_elements(text, function))
        else:
            members[key] = text.value()
        separator = text.take()
        if separator == "}":
            return
        if separator != ",":
            raise UnstreamableError


def _elements(text: _Text, function: Callable[[object], object]) -> Iterator[object]:
    if text.peek() == "]":
        text.position += 1
        return
    while True:
        yield function(text.value())
        separator = text.take()
        if separator == "]":
            return
        if separator != ",":
            raise UnstreamableError
