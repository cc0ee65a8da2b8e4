"""The package's own files (example dossiers, JSON Schemas, article counts), read by name."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from caf_contract.errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["bundled_text", "named_text"]


def bundled_text(folder: str, file: str) -> str:
    """The text of the package's file ``folder/file`` (UTF-8)."""
    return resources.files("caf_contract").joinpath(folder, file).read_text(encoding="utf-8")


def named_text(files: Mapping[str, str], name: str, folder: str, kind: str) -> str:
    """The text of the file ``files[name]`` in ``folder``.

    Raises:
        InvalidValueError: ``name`` is not one of ``files`` (``kind``: « un exemple »).
    """
    candidate: object = name  # typed as a name; checked as the input may be
    if not isinstance(candidate, str) or candidate not in files:
        raise InvalidValueError("name", name, f"{kind} parmi : {', '.join(files)}")
    return bundled_text(folder, files[name])
