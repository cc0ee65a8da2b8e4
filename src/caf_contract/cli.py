"""``caf-contract``: the command-line adapter over the rules.

The only module that reads files, the clock or the command line; nothing imports
it. Exit codes: 0 when every check passes, 1 when there are findings, 2 for bad
input (with a one-line message, never a traceback).

.. code-block:: console

    $ caf-contract init mon-dossier.toml       # a dossier to fill, a comment per field
    $ caf-contract check                       # the bundled example dossier
    $ caf-contract check --example defauts     # the example with typical faults
    $ caf-contract check dossier.json --json
    $ caf-contract deadline 2026-11-23T10:00+01:00 --department 57
    $ caf-contract deadline 2026-04-01 --department 57 --explain
    $ caf-contract purge-cutoff --as-of 2027-02-28
    $ caf-contract check dossier.json --log decisions.jsonl
    $ caf-contract replay decisions.jsonl --dossier dossier.json
    $ caf-contract articles                    # each article, its rules, its tests
"""

from __future__ import annotations

import argparse
import ast
import codecs
import contextlib
import errno
import io
import json
import os
import re
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, NoReturn, TextIO, cast

from caf_contract import __version__
from caf_contract._bundled import bundled_text
from caf_contract._format import PARIS, counted, day_text, moment_text, typed, weekday_text
from caf_contract._time import paris_day
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar
from caf_contract.deadline import explain_reminder
from caf_contract.dossier import check_dossier
from caf_contract.errors import (
    CafContractError,
    InvalidValueError,
    LoadError,
    NaiveDatetimeError,
    UnsupportedYearError,
)
from caf_contract.escalation import reminder_allowed_from
from caf_contract.files import (
    _FLAGS,
    EXAMPLES,
    MAX_DOSSIER_BYTES,
    _not_regular,
    _shown,
    _TooLargeError,
    _unreadable,
    example_dossier,
    read_dossier,
)
from caf_contract.parameters import at
from caf_contract.records import REMINDER_RULE, DecisionRecord, dossier_records, replay_decisions
from caf_contract.retention import (
    habilitation_retention_cutoff,
    habilitation_retention_cutoff_instant,
    trace_retention_cutoff,
    trace_retention_cutoff_instant,
)
from caf_contract.template import template_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from _typeshed import SupportsWrite

    from caf_contract.decision import Decision
    from caf_contract.dossier import Dossier, DossierReport
    from caf_contract.records import Replayed

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

JSON_SCHEMA_VERSION: Final = 1
"""The version of ``check --json``'s output (docs/cli.md): raised when a field changes or goes."""

ARTICLES_SCHEMA_VERSION: Final = 1
"""The version of ``articles --json``'s output (docs/cli.md), raised as the other one is."""


# Each argument has one name in every message: the one the usage shows. The values
# are named in French (argparse would name them after the options: DEPARTMENT, AS_OF).
_SENT_AT = "ENVOI"
_AS_OF = "--as-of"
_DEPARTMENT = "--department"
_FILE = "FICHIER"
_LOG = "--log"
_JOURNAL = "JOURNAL"


class _ArgumentError(InvalidValueError):
    """A rule's error about a value typed on the command line, the argument named first.

    As a loader's message starts with the field of the file, this one starts with the
    argument, the rule's article after it: ``--as-of : Art. 5.3.2 — date hors de la
    plage représentable (« 0001-01-01 ») ; attendu : …``.
    """

    def __init__(  # noqa: PLR0913  # InvalidValueError's fields
        self,
        name: str,
        value: object,
        expected: str,
        *,
        problem: str,
        article: Article | None,
        shown_as: str,
    ) -> None:
        super().__init__(name, value, expected, problem=problem, article=article, shown_as=shown_as)
        self.args = (f"{name} : {self.detail}",)


@contextlib.contextmanager
def _said_of(arguments: Mapping[str, tuple[str, str | None]]) -> Iterator[None]:
    """A rule's error about one of its parameters, said of the argument that gave it.

    ``arguments`` maps a parameter (``"sent_at"``) to the argument's name and the text
    typed there (``("ENVOI", "0001-01-01T00:00+01:00")``): the message starts with the
    argument and shows the text, not the rule's parameter and a Python ``repr``.
    """
    try:
        yield
    except InvalidValueError as error:
        given = arguments.get(error.field) if error.owner is None else None
        if given is None:
            raise
        name, text = given
        raise _ArgumentError(
            name,
            error.value if text is None else text,
            re.sub(rf"\b{re.escape(error.field)}\b", name, error.expected),
            problem=error.problem,
            article=error.article,
            shown_as=error.shown if text is None else typed(text),
        ) from error


def _instant_or_day(text: str) -> datetime | date:
    """A date (``2026-11-23``) or an instant with its offset (``2026-11-23T10:00+01:00``)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(
            _SENT_AT,
            text,
            "une date ISO 8601 : 2026-11-23 ou 2026-11-23T10:00+01:00",
            shown_as=typed(text),
        ) from None
    if len(text.strip()) == len("2026-11-23"):  # a date: a Paris calendar day
        return value.date()
    if value.tzinfo is None:
        raise NaiveDatetimeError(
            _SENT_AT,
            text,
            expected="un instant avec son décalage (2026-11-23T10:00+01:00) ou une date",
            shown_as=typed(text),
        )
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(
            _AS_OF, text, "une date ISO 8601 : 2026-11-23", shown_as=typed(text)
        ) from None


def _print_decision(subject: str, decision: Decision, out: TextIO) -> None:
    print(f"{subject} : {decision.verdict}", file=out)
    for reason in decision.reasons:
        print(f"  - {reason}", file=out)
    for remark in decision.remarks:
        print(f"  - remarque : {remark}", file=out)


def _dossier(options: argparse.Namespace) -> Dossier:
    limit = _mebibytes(options.max_size)
    if options.file is None:
        return example_dossier(options.example or "conforme")
    if options.example is not None:
        raise InvalidValueError(
            "--example",
            options.example,
            "un fichier ou un exemple, pas les deux",
            shown_as=typed(options.example),
        )
    try:
        return read_dossier(options.file, max_bytes=limit)
    except _TooLargeError as error:  # said with the option that raises the limit
        raise _TooLargeError(
            error.size, error.limit, source=error.field, raise_with="--max-size"
        ) from None


def _mebibytes(text: str | None) -> int:
    """``--max-size``: a whole number of Mio, at least 1, as bytes."""
    default = MAX_DOSSIER_BYTES // _MIB
    expected = f"un nombre entier de Mio, au moins 1 ({default} par défaut)"
    if text is None:
        return MAX_DOSSIER_BYTES
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) > _DIGITS or int(digits) < 1:
        raise InvalidValueError("--max-size", text, expected, shown_as=typed(text))
    return int(digits) * _MIB


_MIB = 2**20
_DIGITS = 9  # up to 999 999 999 Mio, nearly a thousand Tio: far beyond any memory


def _check(options: argparse.Namespace, out: TextIO) -> int:
    dossier = _dossier(options)
    results = check_dossier(dossier)
    findings = sum(len(decision.reasons) for _, decision in results if not decision)
    remarks = sum(len(decision.remarks) for _, decision in results)
    logged = (
        None
        if options.log is None
        else _log(options.log, dossier_records(dossier), source=options.file)
    )
    if options.json:
        payload = {
            "schema_version": JSON_SCHEMA_VERSION,
            "valid": findings == 0,
            "findings": findings,
            "remarks": remarks,
            "results": [
                {"subject": subject, **decision.to_dict()} for subject, decision in results
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    else:
        contract = dossier.contract
        siren = f" (SIREN {contract.partner.siren})" if contract.partner.siren else ""
        print(
            f"Contrat de service : {contract.caf.name} — {contract.partner.name}{siren}", file=out
        )
        for subject, decision in results:
            _print_decision(subject, decision, out)
        if logged is not None:
            print(logged, file=out)
        print(_summary(results, findings, remarks), file=out)
    return EXIT_OK if findings == 0 else EXIT_FINDINGS


def _summary(results: DossierReport, findings: int, remarks: int) -> str:
    """The dossier's verdict in words, its counts agreeing with their nouns.

    « Dossier conforme : 5 contrôles, aucun constat. », « Dossier non conforme :
    6 constats, 3 contrôles refusés sur 7, 1 remarque. »: a finding is a reason, and one
    check can have several, so the refused checks are counted apart.
    """
    noted = f", {counted(remarks, 'remarque')}" if remarks else ""
    if findings == 0:
        return f"Dossier conforme : {counted(len(results), 'contrôle')}, aucun constat{noted}."
    refused = sum(1 for _, decision in results if not decision)
    return (
        f"Dossier non conforme : {counted(findings, 'constat')}, "
        f"{counted(refused, 'contrôle refusé', 'contrôles refusés')} sur {len(results)}{noted}."
    )


# --- the decision log (issue 18): check --log appends, replay reads


def _log(path: str, records: Sequence[DecisionRecord], *, source: str | None = None) -> str:
    """Append ``records`` to the log at ``path``, one JSON line each; what to say of it.

    The log is a regular file, created if absent, never truncated: the lines go at
    its end in one write (``O_APPEND``), after what earlier checks wrote. It is never
    the dossier read (``source``), and a last line left without its end of line gets
    one first, so that two records never share a line.
    """
    text = "".join(f"{record.to_json()}\n" for record in records)
    expected = (
        "un fichier ordinaire où ajouter les décisions, dans un dossier existant et accessible"
    )
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | _NONBLOCK, 0o666)
    except (OSError, ValueError) as error:
        problem = _system_error(error) if isinstance(error, OSError) else "caractère nul"
        raise InvalidValueError(
            _LOG, path, expected, problem=f"écriture impossible ({problem})", shown_as=_shown(path)
        ) from None
    try:
        status = os.fstat(descriptor)
        kind = _not_regular(status.st_mode)
        if kind is not None:
            raise InvalidValueError(
                _LOG,
                path,
                expected,
                problem=kind.split(",", 1)[0] + ", pas un fichier ordinaire",
                shown_as=_shown(path),
            )
        if source is not None and _same_file(source, status):
            raise InvalidValueError(
                _LOG,
                path,
                "un autre fichier que le dossier contrôlé",
                problem="c'est le dossier lui-même",
                shown_as=_shown(path),
            )
        if status.st_size and os.pread(descriptor, 1, status.st_size - 1) != b"\n":
            text = "\n" + text  # the last line, cut short by another writer, stays alone
        data = text.encode("utf-8")
        while data:
            data = data[os.write(descriptor, data) :]
    except OSError as error:
        raise InvalidValueError(
            _LOG,
            path,
            expected,
            problem=f"écriture impossible ({_system_error(error)})",
            shown_as=_shown(path),
        ) from None
    finally:
        os.close(descriptor)
    reminders = sum(1 for record in records if record.rule == REMINDER_RULE)
    among = (
        f", dont {counted(reminders, 'délai de relance', 'délais de relance')} (Art. 3.3)"
        if reminders
        else ""
    )
    added = counted(len(records), "décision ajoutée", "décisions ajoutées")
    return f"Journal : {added} à {path}{among}."


def _same_file(source: str, status: os.stat_result) -> bool:
    try:
        read = Path(source).stat()
    except (OSError, ValueError):
        return False
    return (read.st_dev, read.st_ino) == (status.st_dev, status.st_ino)


_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)  # a FIFO with no reader: an error, not a wait
_LINE_LIMIT: Final = 2**24  # 16 Mio: a record is a few Kio; a longer line is no record


def _read_log(path: str) -> list[DecisionRecord]:
    """The records of the log at ``path``, line by line; blank lines skipped.

    Raises:
        LoadError: the file cannot be read, is not a regular file, is no UTF-8 text,
            or a line is no record (said with its number).
    """
    source = _shown(path)
    try:
        descriptor = os.open(path, _FLAGS)
    except (OSError, ValueError) as error:
        raise LoadError((), _journal_words(_unreadable(error)), source=source) from None
    kind = _not_regular(os.fstat(descriptor).st_mode)
    if kind is not None:
        os.close(descriptor)
        raise LoadError((), _journal_words(kind), source=source)
    records: list[DecisionRecord] = []
    with open(descriptor, "rb") as file:  # noqa: PTH123  # closes the descriptor
        number = 0
        while True:
            try:
                raw = file.readline(_LINE_LIMIT + 1)
            except OSError as error:
                raise LoadError((), _journal_words(_unreadable(error)), source=source) from None
            if not raw:
                break
            number += 1
            if len(raw) > _LINE_LIMIT:
                raise LoadError(
                    (),
                    f"ligne {number} : plus de 16 Mio ; attendu : un enregistrement par ligne",
                    source=source,
                )
            try:
                line = raw.decode("utf-8").removeprefix("\ufeff" if number == 1 else "")
                line = line.rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise LoadError(
                    (), f"ligne {number} : " + _journal_words(_unreadable(error)), source=source
                ) from None
            if line.strip():
                try:
                    records.append(DecisionRecord.from_json(line))
                except CafContractError as error:
                    raise LoadError((), f"ligne {number} : {error}", source=source) from None
    return records


def _journal_words(problem: str) -> str:
    """A file problem said of a journal: what is expected is a JSON Lines file."""
    return problem.replace("fichier JSON ou TOML", "journal JSON Lines")


def _replay(options: argparse.Namespace, out: TextIO) -> int:
    limit = _mebibytes(options.max_size)
    records = _read_log(options.journal)
    try:
        dossier = read_dossier(options.dossier, max_bytes=limit)
    except _TooLargeError as error:  # said with the option that raises the limit
        raise _TooLargeError(
            error.size, error.limit, source=error.field, raise_with="--max-size"
        ) from None
    replayed = replay_decisions(records, dossier)
    differing = [each for each in replayed if each.differs]
    for each in differing:
        _print_replayed(each, out)
    print(_replay_summary(len(replayed), len(differing)), file=out)
    return EXIT_FINDINGS if differing else EXIT_OK


def _print_replayed(replayed: Replayed, out: TextIO) -> None:
    record = replayed.record
    subject = record.subject or "sans sujet"
    moment = ""
    if record.now is not None:
        moment = f", au {moment_text(record.now, said=True)}"
    elif record.as_of is not None:
        moment = f", pour le {day_text(record.as_of)}"
    if replayed.replayed is None:
        said = "ne se rejoue pas"
    elif replayed.verdict_changed:
        said = "verdict changé"
    else:
        said = "même verdict, motifs changés"
    print(f"{subject} ({record.rule}{moment}) : {said}", file=out)
    _print_answer("enregistrée", record.decision, out)
    if replayed.replayed is None:
        print(f"  rejouée : {replayed.problem}", file=out)
        return
    _print_answer("rejouée", replayed.replayed.decision, out)
    changes = replayed.changes
    since = (
        "; ".join(changes)
        if changes
        else "rien de ce que garde l'enregistrement (entrées, versions, paramètres)"
    )
    print(f"  changé depuis : {since}", file=out)


def _print_answer(which: str, decision: Decision, out: TextIO) -> None:
    print(f"  {which} : {decision.verdict}", file=out)
    for reason in decision.reasons:
        print(f"    - {reason}", file=out)
    for remark in decision.remarks:
        print(f"    - remarque : {remark}", file=out)


def _replay_summary(count: int, differing: int) -> str:
    """« Rejeu : 7 décisions rejouées, 1 diffère. », « …, aucune ne diffère. »."""
    if count == 0:
        return "Rejeu : journal vide, aucune décision à rejouer."
    replayed = counted(count, "décision rejouée", "décisions rejouées")
    if differing == 0:
        return f"Rejeu : {replayed}, aucune ne diffère."
    verb = "diffère" if differing < 2 else "diffèrent"
    return f"Rejeu : {replayed}, {differing} {verb}."


_FORMATS: Final = ("toml", "json")


def _init(options: argparse.Namespace, out: TextIO) -> int:
    """Write the dossier to fill to ``FICHIER`` (never over a file) or to stdout."""
    path: str | None = options.file
    suffix = os.path.splitext(path)[1].lower().lstrip(".") if path else ""  # noqa: PTH122
    format_: Literal["json", "toml"] = options.format or ("json" if suffix == "json" else "toml")
    if suffix in _FORMATS and suffix != format_:  # check reads a file by its extension
        raise InvalidValueError(
            "--format",
            format_,
            f"le format de l'extension du fichier (.{suffix}), que check lira ainsi",
            problem="format contraire à l'extension du fichier",
            shown_as=typed(format_),
        )
    text = template_text(format_)
    if path is None:
        out.write(text)
        return EXIT_OK
    try:
        with open(path, "x", encoding="utf-8") as file:  # noqa: PTH123  # "x": never overwrite
            file.write(text)
    except FileExistsError:
        raise InvalidValueError(
            _FILE,
            path,
            "le chemin d'un fichier qui n'existe pas encore (init n'écrase rien)",
            problem="fichier déjà présent",
            shown_as=_shown(path),
        ) from None
    except (OSError, ValueError) as error:
        problem = _system_error(error) if isinstance(error, OSError) else "caractère nul"
        raise InvalidValueError(
            _FILE,
            path,
            "un chemin où écrire, dans un dossier existant et accessible",
            problem=f"écriture impossible ({problem})",
            shown_as=_shown(path),
        ) from None
    print(
        f"Dossier à remplir écrit dans {path} ; une fois rempli : caf-contract check {path}",
        file=out,
    )
    return EXIT_OK


def _deadline(options: argparse.Namespace, out: TextIO) -> int:
    sent = _instant_or_day(options.sent_at)
    try:
        with _said_of(
            {
                "sent_at": (_SENT_AT, options.sent_at),
                "department": (_DEPARTMENT, options.department),
            }
        ):
            calendar = WorkingCalendar(department=options.department)
            delay = at(paris_day(sent, "sent_at")).reminder_delay
            allowed = reminder_allowed_from(sent, calendar)
            explained = explain_reminder(sent, calendar) if options.explain else None
    except UnsupportedYearError as error:  # the days counted start on the day sent
        raise _ArgumentError(
            _SENT_AT,
            options.sent_at,
            f"un envoi et sa relance entre {error.first} et {error.last}",
            problem=f"année {error.year} non couverte par les jours fériés connus",
            article=error.article,
            shown_as=typed(options.sent_at),
        ) from error
    if options.json:
        payload: dict[str, object] = {
            "sent_at": sent.isoformat(),
            "department": calendar.department,
            "delay_working_days": delay.value,
            "reminder_allowed_from": allowed.isoformat(),
            "article": str(delay.article),
        }
        if explained is not None:  # --explain: the count, day by day (issue 18)
            payload["explanation"] = explained.to_dict()
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    elif explained is not None:
        print(explained, file=out)
    else:
        where = f"département {calendar.department}" if calendar.department else "métropole"
        print(
            f"{delay.article.label} — relance possible à partir du {weekday_text(allowed)} "
            f"{moment_text(allowed)} (heure de Paris), après {delay.wording} ({where}).",
            file=out,
        )
    return EXIT_OK


def _purge_cutoff(options: argparse.Namespace, out: TextIO) -> int:
    # The one place that reads the clock: today, in Paris, unless --as-of says otherwise.
    as_of = datetime.now(PARIS).date() if options.as_of is None else _day(options.as_of)
    with _said_of({"as_of": (_AS_OF, options.as_of)}):
        traces = trace_retention_cutoff(as_of)
        habilitations = habilitation_retention_cutoff(as_of)
        traces_at = trace_retention_cutoff_instant(as_of)
        habilitations_at = habilitation_retention_cutoff_instant(as_of)
        parameters = at(as_of)
    article = parameters.trace_retention.article
    if options.json:
        payload = {
            "as_of": as_of.isoformat(),
            "article": str(article),
            "traces": {
                "last_purgeable_day": traces.isoformat(),
                "purge_before": traces_at.isoformat(),
            },
            "habilitations": {
                "last_purgeable_devalidation_day": habilitations.isoformat(),
                "purge_before": habilitations_at.isoformat(),
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    else:
        print(f"{article.label} — ce qui peut être purgé le {_day_in_words(as_of)} :", file=out)
        print(
            f"  - les traces faites jusqu'au {_day_in_words(traces)} inclus (avant le "
            f"{moment_text(traces_at, said=True)}), conservées "
            f"{parameters.trace_retention.wording} ;",
            file=out,
        )
        print(
            "  - les données des habilitations dévalidées jusqu'au "
            f"{_day_in_words(habilitations)} inclus (avant le "
            f"{moment_text(habilitations_at, said=True)}), conservées "
            f"{parameters.habilitation_retention.wording} après la dévalidation.",
            file=out,
        )
    return EXIT_OK


def _day_in_words(day: date) -> str:
    """« dimanche 28/02/2027 »."""
    return f"{weekday_text(day)} {day_text(day)}"


# --- articles: the catalogue, with the number of tests citing each article

_COVERAGE = "article_coverage.json"
"""The tests' counts, written by scripts/article_coverage.py and shipped in the package."""

_LABEL_WIDTH = 10  # « Art. 5.3.2 »
_TABLE_WIDTH = 80  # a terminal's, whatever this one is: the same table everywhere
_CELL = " " * (_LABEL_WIDTH + len("  Tests  "))


def _article_tests() -> dict[str, Any]:
    """The shipped counts: ``tests``, ``citing`` and ``by_article`` (id → tests)."""
    counts: dict[str, Any] = json.loads(bundled_text("data", _COVERAGE))
    return counts


def _cell(text: str, first: str = _CELL) -> str:
    """``text`` in the table's last column, wrapped to the table's width."""
    return textwrap.fill(
        text,
        _TABLE_WIDTH,
        initial_indent=first,
        subsequent_indent=_CELL,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _articles(options: argparse.Namespace, out: TextIO) -> int:
    counts = _article_tests()
    tests: dict[str, int] = counts["by_article"]
    if options.json:
        payload = {
            "schema_version": ARTICLES_SCHEMA_VERSION,
            "tests": counts["tests"],
            "citing": counts["citing"],
            "articles": [
                {
                    "article": article.value,
                    "label": article.label,
                    "title": article.title,
                    "rules": list(article.rules),
                    "not_a_rule": article.not_a_rule,
                    "tests": tests[article.value],
                }
                for article in Article
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    print(f"{'Article':<{_LABEL_WIDTH}}  Tests  Titre et règles", file=out)
    for article in Article:
        first = f"{article.label:<{_LABEL_WIDTH}}  {tests[article.value]:>5}  "
        print(file=out)
        print(_cell(article.title, first), file=out)
        if article.rules:
            print(_cell(f"règles : {', '.join(article.rules)}"), file=out)
        if article.not_a_rule:
            said = "hors règle" if article.rules else "aucune règle"
            why = article.not_a_rule[0].lower() + article.not_a_rule[1:]
            print(_cell(f"{said} : {why}"), file=out)
    ruled = sum(1 for article in Article if article.rules)
    print(file=out)
    print(
        f"{len(Article)} articles et annexes : {counted(ruled, 'appliqué')} par des règles, "
        f"{len(Article) - ruled} sans règle.",
        file=out,
    )
    print(
        f"Tests : ceux qui citent l'article ; {counts['citing']} sur {counts['tests']} en "
        "citent au moins un.",
        file=out,
    )
    return EXIT_OK


# --- writing: whatever the data and the stream, valid text or a one-line error

_ESCAPE = "caf_contract.json_escape"


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    r"""What a stream cannot carry, as JSON escapes (``\u2014``; a pair beyond U+FFFF).

    Valid in a JSON string, meaning the same character (a lone surrogate included),
    and readable in plain text.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    units: list[int] = []
    for character in error.object[error.start : error.end]:
        code = ord(character)
        if code > 0xFFFF:  # beyond the BMP: JSON writes a surrogate pair
            code -= 0x10000
            units += [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]
        else:
            units.append(code)
    return "".join(f"\\u{unit:04x}" for unit in units), error.end


codecs.register_error(_ESCAPE, _json_escape)


def _encodable(text: str, stream: IO[str]) -> str:
    """``text`` with what ``stream``'s encoding cannot carry escaped (lone surrogates too)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, _ESCAPE).decode(encoding)
    except LookupError:  # an encoding unknown to Python: the stream's own rules apply
        return text


def _silence(stream: IO[str]) -> None:
    """Point ``stream``'s descriptor at the null device: the exit's own flush then succeeds."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # no descriptor (a stream in memory): nothing to flush
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


_NO_OUTPUT = "attendu : une sortie où écrire le résultat"
_PIECE: Final = 2**20


def _write(text: str, stream: IO[str] | None) -> str | None:
    """Write ``text`` to ``stream``; ``None`` once done, else why it could not be, in French.

    A reader that has gone (``| head``) took what it wanted: done, not an error.
    """
    if stream is None:  # started with the stream closed (>&-)
        return f"fermée ; {_NO_OUTPUT} (un terminal, un fichier ou un tube)"
    try:
        stream.write(_encodable(text, stream))
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
    except OSError as error:
        _silence(stream)
        return f"écriture impossible ({_system_error(error)}) ; {_NO_OUTPUT}"
    return None


_SYSTEM_ERRORS = {errno.ENOSPC: "plus de place sur le périphérique"}


def _system_error(error: OSError) -> str:
    code = errno.errorcode.get(error.errno or 0, type(error).__name__)
    what = _SYSTEM_ERRORS.get(error.errno or 0)
    return f"{what}, erreur système {code}" if what else f"erreur système {code}"


def _say(message: str) -> None:
    """``message`` on one line of stderr, if stderr can take it."""
    _write(f"{_PREFIX}{message}\n", sys.stderr)


def _deliver(out: _Output, code: int) -> int:
    """Finish a command's output; ``code``, or the bad-input code if stdout could not take it."""
    problem = out.finish()
    if problem is None:
        return code
    _say(f"sortie standard : {problem}")
    return EXIT_BAD_INPUT


# --- argparse, in French

_PREFIX = "caf-contract : erreur : "


def _choices(text: str) -> str:
    """``'a', 'b', 'c'`` (or ``a, b, c``, as Python 3.12.8+ writes them) as « a, b ou c »."""
    names = [name.strip().strip("'") for name in text.split(",")]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} ou {names[-1]}"


def _requoted(text: str) -> str:
    """A value argparse shows by its ``repr`` (``'oui'``), between French quotes as typed."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            value = ast.literal_eval(text)
        except (SyntaxError, ValueError):  # pragma: no cover  # argparse writes a repr
            return text
        if isinstance(value, str):
            return typed(value)
    return text


# argparse's messages (Python 3.11 to 3.13) and what to say instead: the argument first.
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"argument (.+?): invalid choice: (.+) \(choose from (.+)\)"),
        lambda m: f"{m[1]} : choix invalide {_requoted(m[2])} ; attendu : {_choices(m[3])}",
    ),
    (
        re.compile(r"the following arguments are required: (.+)"),
        lambda m: f"{m[1]} : argument obligatoire manquant",
    ),
    (
        re.compile(r"argument (.+?): expected one argument"),
        lambda m: f"{m[1]} : une valeur attendue",
    ),
    (
        re.compile(r"argument (.+?): ignored explicit argument (.+)"),
        lambda m: f"{m[1]} : cette option ne prend pas de valeur ({_requoted(m[2])})",
    ),
    (
        re.compile(r"ambiguous option: (\S+) could match (.+)"),
        lambda m: f"{m[1]} : option ambiguë ; attendu : l'une de {m[2]}",
    ),
    (
        re.compile(r"argument (.+?): .*"),
        lambda m: f"{m[1]} : valeur invalide",
    ),
)


def _usage_error(message: str) -> str:
    for pattern, french in _USAGE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            return french(found)
    return "ligne de commande invalide"


_OPTION: Final = re.compile(r"--?[^\W\d]")  # not a negative number, nor « - »


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in French: help and usage, and errors on one line with exit code 2.

    Positional arguments go in a group titled « arguments » (argparse's own title
    for them is English); subcommands are made with this class too.
    """

    def __init__(self, **kwargs: Any) -> None:  # noqa: ANN401  # argparse's own keywords
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(**kwargs)
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
        self.commands: Mapping[str, _Parser] = {}

    def unused(self, arguments: Sequence[str]) -> NoReturn:
        """Say what was typed and not used (an unknown option first) and exit."""
        for argument in arguments:
            if _OPTION.match(argument):
                name = argument.split("=", 1)[0]
                known = [
                    option
                    for action in self._actions
                    for option in action.option_strings
                    if option.startswith("--") and option != "--help"
                ]
                said = (  # every command has an option of its own (--version at the top)
                    f"{name if name.isprintable() else typed(name)} : option inconnue ; "
                    f"attendu : {_choices(', '.join(known))}"
                )
                break
        else:
            listed = ", ".join(typed(argument) for argument in arguments)
            extra = "argument en trop" if len(arguments) == 1 else "arguments en trop"
            said = f"{listed} : {extra}"
        self.fail(f"{said} (voir {self.prog} --help)")

    def error(self, message: str) -> NoReturn:
        self.fail(f"{_usage_error(message)} (voir {self.prog} --help)")

    def fail(self, message: str) -> NoReturn:
        """Say ``message`` on one line of stderr and exit with the bad-input code."""
        self.exit(EXIT_BAD_INPUT, f"{_PREFIX}{message}\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse's own writes (help, version, errors) as safely as ours: argparse
        # would let an encoding error out and hide a full disk.
        if not message:
            return
        stream = cast("IO[str] | None", file)  # argparse passes sys.stdout or sys.stderr
        if stream is not None and stream is sys.stderr:
            _write(message, stream)
            return
        problem = _write(message, stream)  # None: sys.stdout, closed (>&-)
        if problem is not None:
            _say(f"sortie standard : {problem}")
            raise SystemExit(EXIT_BAD_INPUT)


def _parser() -> _Parser:
    parser = _Parser(
        prog="caf-contract",
        description="Les règles du contrat de service « Mon Compte Partenaire » de la Caf.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="affiche la version et quitte",
    )
    commands = parser.add_subparsers(
        title="commandes", dest="command", metavar="COMMANDE", parser_class=_Parser
    )
    parser.commands = commands.choices

    init = commands.add_parser(
        "init", help="écrit un dossier à remplir : le modèle de contrat, un exemple par registre"
    )
    init.add_argument_group("arguments").add_argument(
        "file",
        nargs="?",
        metavar=_FILE,
        help="le fichier à créer (jamais écrasé) ; la sortie standard si aucun",
    )
    init.add_argument(
        "--format",
        choices=_FORMATS,
        default=None,
        help="toml (par défaut, un commentaire par champ) ou json (sans commentaires) ; "
        "par défaut, celui de l'extension du fichier",
    )
    init.set_defaults(run=_init)

    check = commands.add_parser(
        "check",
        help="contrôle un dossier (contrat et saisines) ; l'exemple fourni si aucun fichier",
    )
    check.add_argument_group("arguments").add_argument(
        "file", nargs="?", metavar=_FILE, help="le dossier, un fichier JSON ou TOML"
    )
    check.add_argument(
        "--example",
        choices=sorted(EXAMPLES),
        default=None,
        help="un exemple fourni : conforme (par défaut) ou defauts (une erreur type par constat)",
    )
    check.add_argument(
        "--max-size",
        metavar="MIO",
        default=None,
        help=f"taille maximale du fichier, en Mio ({MAX_DOSSIER_BYTES // _MIB} par défaut)",
    )
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.add_argument(
        _LOG,
        metavar=_JOURNAL,
        default=None,
        help="ajoute chaque décision, une ligne JSON chacune, à ce journal (créé s'il n'existe "
        "pas), pour la rejouer plus tard avec replay",
    )
    check.set_defaults(run=_check)

    deadline = commands.add_parser(
        "deadline", help="à partir de quand une relance est possible (Art. 3.3)"
    )
    deadline.add_argument_group("arguments").add_argument(
        "sent_at",
        metavar=_SENT_AT,
        help="l'envoi de la demande : son jour (2026-11-23) ou son instant, avec le décalage "
        "horaire (2026-11-23T10:00+01:00)",
    )
    deadline.add_argument(
        _DEPARTMENT,
        metavar="DÉPARTEMENT",
        default=None,
        help="le département de la Caf, dont les jours fériés comptent (57, 2A, 974…) ; "
        "la métropole par défaut",
    )
    deadline.add_argument(
        "--explain",
        action="store_true",
        help="montre le décompte : chaque jour compté ou non, et pourquoi",
    )
    deadline.add_argument("--json", action="store_true", help="sortie JSON")
    deadline.set_defaults(run=_deadline)

    purge = commands.add_parser(
        "purge-cutoff", help="jusqu'où traces et habilitations peuvent être purgées (Art. 5.3.2)"
    )
    purge.add_argument(
        _AS_OF,
        metavar="DATE",
        default=None,
        help="le jour de la purge, 2027-02-28 (aujourd'hui, à Paris, par défaut)",
    )
    purge.add_argument("--json", action="store_true", help="sortie JSON")
    purge.set_defaults(run=_purge_cutoff)

    replay = commands.add_parser(
        "replay",
        help="rejoue les décisions d'un journal sur un dossier et dit celles qui diffèrent",
    )
    replay.add_argument_group("arguments").add_argument(
        "journal", metavar=_JOURNAL, help="le journal écrit par check --log (JSON Lines)"
    )
    replay.add_argument(
        "--dossier",
        metavar=_FILE,
        required=True,
        help="le dossier sur lequel rejouer, un fichier JSON ou TOML (obligatoire)",
    )
    replay.add_argument(
        "--max-size",
        metavar="MIO",
        default=None,
        help=f"taille maximale du dossier, en Mio ({MAX_DOSSIER_BYTES // _MIB} par défaut)",
    )
    replay.set_defaults(run=_replay)
    articles = commands.add_parser(
        "articles",
        help="chaque article du contrat : les règles qui l'appliquent, le nombre de tests "
        "qui le citent, ou pourquoi il n'a pas de règle",
    )
    articles.add_argument("--json", action="store_true", help="sortie JSON")
    articles.set_defaults(run=_articles)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``caf-contract`` with ``argv``; return the exit code."""
    parser = _parser()
    options, unused = parser.parse_known_args(argv)
    if unused:  # said by the command's parser: its options, its help
        parser.commands.get(options.command, parser).unused(unused)
    if options.command is None:  # not required=True: argparse would not list the commands
        parser.fail(
            "COMMANDE : argument obligatoire manquant ; attendu : "
            f"{_choices(', '.join(parser.commands))} (voir caf-contract --help)"
        )
    run: Callable[[argparse.Namespace, TextIO], int] = options.run
    out = _Output()  # written at the end: a write error then has one place to be handled
    try:
        code = run(options, cast("TextIO", out))
    except CafContractError as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    return _deliver(out, code)


class _Output(io.TextIOBase):
    """What a command prints: kept while it is short, sent on to stdout a Mio at a time.

    A command's text is written once it has been worked out (an error before then
    leaves stdout empty); a report of a million lines is not held whole, but passed on
    in pieces as it is printed. The first write problem is kept: the rest is dropped.
    """

    def __init__(self) -> None:
        super().__init__()
        self._part: list[str] = []
        self._size = 0
        self.problem: str | None = None

    def write(self, text: str) -> int:
        self._part.append(text)
        self._size += len(text)
        if self._size >= _PIECE:
            self._send()
        return len(text)

    def _send(self) -> None:
        piece = "".join(self._part)
        self._part, self._size = [], 0
        if self.problem is None:
            self.problem = _write(piece, sys.stdout)

    def finish(self) -> str | None:
        """Send what is left; ``None``, or why stdout could not take it, in French."""
        self._send()
        return self.problem


def run() -> NoReturn:
    """The ``caf-contract`` console script and ``python -m caf_contract``."""
    raise SystemExit(main())


if __name__ == "__main__":  # ``python -m caf_contract.cli``, as ``python -m caf_contract``
    run()
