"""What a loader says in the terms of the file being read, not of Python.

A partner fills a JSON or TOML file: the messages about it show values as the file
writes them (``2026-11-23T10:00:00``, ``« agent1 »``, ``null``), name the objects in
French (« l'habilitation », not ``Habilitation``) and suggest the key meant when one
is misspelt. The value objects' own errors, written for Python callers, are rewritten
here when they reach a file's reader.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Final

from caf_contract._format import quoted, shown
from caf_contract.errors import CafContractError, InvalidValueError, NaiveDatetimeError

_NAMES: Final[Mapping[str, str]] = {
    "AccessRoute": "la voie d'accès",
    "Actor": "l'acteur",
    "Avenant": "l'avenant",
    "BrowserPolicy": "la politique de navigateurs",
    "Bulletin": "le bulletin d'adhésion",
    "Caf": "la Caf",
    "CafAction": "l'action",
    "Contact": "la précision sur l'interlocuteur",
    "Contract": "le contrat",
    "ContractParts": "les parties modifiées du contrat",
    "Deadline": "le délai",
    "DeadlineDay": "le jour du délai",
    "Decision": "la décision",
    "DecisionRecord": "l'enregistrement de décision",
    "Delegation": "la délégation",
    "Dossier": "le dossier",
    "DossierReport": "le rapport de vérification du dossier",
    "Event": "l'événement",
    "GrantRequest": "la demande d'habilitation",
    "Habilitation": "l'habilitation",
    "HabilitationQuota": "le quota d'habilitations",
    "Incident": "la saisine",
    "Interlocutor": "l'interlocuteur",
    "Interlocutors": "les interlocuteurs",
    "LedgerState": "l'état du registre",
    "MaintenanceWindow": "l'arrêt du service",
    "OfficeHours": "les heures ouvrées",
    "Parameter": "le paramètre",
    "ParameterSet": "les paramètres",
    "Partner": "le partenaire",
    "PurgeItem": "l'élément du plan de purge",
    "Reason": "le motif",
    "Remedy": "le remède",
    "Replayed": "la décision rejouée",
    "Reminder": "la relance",
    "RetentionCutoff": "la date limite de conservation",
    "Role": "le rôle",
    "Schedule": "le calendrier des arrêts",
    "Siren": "le SIREN",
    "Subcontractor": "le sous-traitant",
    "Trace": "la trace",
    "TraceReader": "le lecteur de traces",
    "WorkingCalendar": "le calendrier des jours ouvrés",
}
"""Each value class by its French name, with its article, as messages name it."""

_OF: Final = {"le ": "du ", "les ": "des ", "la ": "de la ", "l'": "de l'"}


def object_name(class_name: str) -> str:
    """The French name of a value class, with its article: « l'habilitation »."""
    return _NAMES.get(class_name, f"l'objet {class_name}")


def of_object(class_name: str) -> str:
    """« de » and the French name: « de l'habilitation », « du contrat »."""
    name = object_name(class_name)
    for article, contracted in _OF.items():
        if name.startswith(article):
            return contracted + name[len(article) :]
    return f"de {name}"  # pragma: no cover  # every name above starts with an article


def received(value: object) -> str:  # noqa: C901, PLR0911  # one return per kind of value
    """A value read from a file, written as the file writes it.

    >>> received(datetime(2026, 11, 23, 10, 0)), received(date(2026, 11, 23))
    ('la date-heure 2026-11-23T10:00:00', 'la date 2026-11-23')
    >>> received("agent 1"), received(None), received(True), received([1, 2])
    ('« agent 1 »', 'null', 'true', 'une liste de 2 éléments')
    """
    if isinstance(value, datetime):
        return f"la date-heure {value.isoformat()}"
    if isinstance(value, date):
        return f"la date {value.isoformat()}"
    if isinstance(value, time):
        return f"l'heure {value.isoformat()}"
    if isinstance(value, str):
        return _text(value) if value.strip() else "un texte vide"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, int | float):
        return shown(value)  # bounded: a number of 5,000 digits is told by its size
    if isinstance(value, list | tuple):
        count = len(value)
        what = "une liste" if isinstance(value, list) else "un tuple"
        return f"{what} vide" if not count else f"{what} de {count} élément{'s' * (count > 1)}"
    if isinstance(value, Mapping):
        return "un objet (dictionnaire)"
    return f"une valeur de type {type(value).__name__}"


def naive_instant(written: str) -> str:
    """What is said of an instant written without its offset (``written``: as the file has it)."""
    return (
        f"instant sans décalage horaire ({written}) ; attendu : l'instant avec son décalage, "
        "par exemple 2026-11-23T10:00:00+01:00 (heure de Paris en hiver) ou "
        "2026-11-23T09:00:00Z (UTC)."
    )


_LONGEST: Final = 60


def _text(value: str) -> str:
    r"""A text between French quotes, shortened, its invisible characters escaped.

    >>> print(_text("a\tb"), _text("x" * 70)[-5:])
    « a\tb » xx… »
    """
    if len(value) > _LONGEST:
        value = value[: _LONGEST - 1] + "…"
    if not value.isprintable():
        value = "".join(char if char.isprintable() else repr(char)[1:-1] for char in value)
    return quoted(value)


def did_you_mean(key: object, known: Iterable[str]) -> str:
    """`` (vouliez-vous dire « siren » ?)`` for a key close to a known one, else nothing.

    >>> did_you_mean("sirne", ["name", "siren"]), did_you_mean("x", ["siren"])
    (' (vouliez-vous dire « siren » ?)', '')
    """
    if not isinstance(key, str):
        return ""
    close = difflib.get_close_matches(key.casefold(), list(known), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


_CLASS_PREFIX: Final = re.compile(r"\b(" + "|".join(_NAMES) + r")\.(?=[a-z_])")


def without_class_names(message: str) -> str:
    """``message`` with ``Incident.sent_at`` written ``sent_at``: the path says whose field."""
    return _CLASS_PREFIX.sub("", message)


def in_file_terms(error: CafContractError) -> str:
    """A value object's ``error`` said in file terms: what is wrong there, without where."""
    prefix = f"{error.article.label} — " if error.article is not None else ""
    if isinstance(error, NaiveDatetimeError):
        return prefix + naive_instant(received(error.value))
    if isinstance(error, InvalidValueError) and error.shown == shown(error.value):
        # The value was shown by its repr: show it as the file writes it.
        body = f"{error.problem} ({received(error.value)}) ; attendu : {error.expected}."
        return prefix + without_class_names(body)
    return without_class_names(error.detail)
