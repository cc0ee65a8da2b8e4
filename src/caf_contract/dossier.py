"""A partner's file: its contract with what happens under it, and one check over all of it.

A :class:`Dossier` gathers the contract and the records a back office keeps beside
it: the habilitations granted and the delegation (Art. 2.2), the requests to the
service centre (Art. 3), the traces (Art. 5.3.1) and who is given access to them
(Art. 5.3.3–5.3.4). :func:`check_dossier` runs every rule that applies to them and
returns one decision per subject, each citing its articles.

The rules answer from the whole contract: each habilitation is judged against the
contract *as it stood at its grant* (:meth:`~caf_contract.contract.Contract.as_of`,
avenants included): the service open then, the grantor designated then, the user
the partner's or a declared sub-contractor's staff, the quotas of the time; and each
action recorded on it, or on the delegation, was taken by someone the contract
entrusts with it.

>>> from caf_contract.examples import tarn_et_garonne_template
>>> results = check_dossier(Dossier(contract=tarn_et_garonne_template()))
>>> [(subject, bool(decision)) for subject, decision in results]
[('contrat', False)]
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, overload

import attrs

from caf_contract._format import counted
from caf_contract._html import Html, Shown, element, framed, join, verdict
from caf_contract._time import PARIS
from caf_contract._validate import accepts, instance_of, tuple_of
from caf_contract.articles import Article
from caf_contract.contract import Contract, _opening_failures, check_contract
from caf_contract.decision import Decision, Reason
from caf_contract.errors import InvalidValueError
from caf_contract.habilitations import (
    CafAction,
    Delegation,
    GrantRequest,
    Habilitation,
    HabilitationState,
    _act_reason,
    _Administrators,
    _after,
    _exceeded,
    _exceeded_message,
    _grant_failures,
    _person_key,
    _quota_used,
    _QuotaCounts,
    _scope_failures,
    _takes_effect,
    _withdrawals,
)
from caf_contract.incidents import Incident, check_request
from caf_contract.traces import Trace, TraceReader, check_sessions, may_read_traces

if TYPE_CHECKING:
    from collections.abc import Iterable

    from caf_contract.bulletin import HabilitationQuota
    from caf_contract.parties import Actor

__all__ = ["Dossier", "DossierReport", "check_dossier"]

ART: Final = Article.ART_2_2


def _habilitations(value: Any) -> tuple[Habilitation, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Habilitation, "Dossier.habilitations", "Habilitation(...)")


def _requests(value: Any) -> tuple[Incident, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Incident, "Dossier.requests", "Incident(...)")


def _traces(value: Any) -> tuple[Trace, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Trace, "Dossier.traces", "Trace(...)")


def _readers(value: Any) -> tuple[TraceReader, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, TraceReader, "Dossier.trace_readers", "TraceReader(...)")


@attrs.frozen(kw_only=True)
class Dossier(Shown):
    """A contract and the records kept under it.

    Attributes:
        contract: the *contrat de service*.
        habilitations: the habilitations granted under it (Art. 2.2).
        delegation: the delegated management, with the Caf's withdrawals and
            restorations (Art. 2.2); in place by default.
        requests: requests to (or from) the centre de services (Art. 3).
        traces: traced connections and actions (Art. 5.3.1).
        trace_readers: the people given access to the traces (Art. 5.3.3, 5.3.4).
    """

    contract: Contract = attrs.field(validator=instance_of(Contract, "Contract(...)"))
    habilitations: tuple[Habilitation, ...] = attrs.field(default=(), converter=_habilitations)
    delegation: Delegation = attrs.field(
        factory=Delegation, validator=instance_of(Delegation, "Delegation(...)")
    )
    requests: tuple[Incident, ...] = attrs.field(default=(), converter=_requests)
    traces: tuple[Trace, ...] = attrs.field(default=(), converter=_traces)
    trace_readers: tuple[TraceReader, ...] = attrs.field(default=(), converter=_readers)

    _html_caption = "Dossier du partenaire"
    _html_fields = (
        ("_parties", "Contrat"),
        ("habilitations", "Habilitations"),
        ("delegation", "Délégation"),
        ("requests", "Saisines"),
        ("traces", "Traces"),
        ("trace_readers", "Lecteurs des traces"),
    )

    @property
    def _parties(self) -> str:
        caf, partner = self.contract.caf, self.contract.partner
        siren = f" (SIREN {partner.siren})" if partner.siren is not None else ""
        return f"{caf.name} ({caf.department}) — {partner.name}{siren}"


# --- the report


def _results(value: object) -> tuple[tuple[str, Decision], ...]:
    expected = "des paires (sujet, Decision), comme check_dossier les donne"
    pairs = tuple_of(value, tuple, "DossierReport.results", expected)
    for index, pair in enumerate(pairs):
        if not (len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], Decision)):
            raise InvalidValueError(f"DossierReport.results[{index}]", pair, expected)
    return pairs


@attrs.frozen
class DossierReport(Sequence[tuple[str, Decision]]):
    """What :func:`check_dossier` found: one decision per subject, in the order checked.

    A sequence of ``(subject, decision)`` pairs: iterate it, index it, make a dict of
    it. True when every decision allows (as a :class:`Decision` is), that is when the
    dossier is compliant; :attr:`findings` lists what fails, :meth:`to_records` gives
    one flat row per reason for a data frame, and a notebook shows a table of it.

    >>> from caf_contract.files import example_dossier
    >>> report = check_dossier(example_dossier("defauts"))
    >>> bool(report), len(report.findings), report[0][0]
    (False, 6, 'contrat')

    Attributes:
        results: the ``(subject, decision)`` pairs.
    """

    results: tuple[tuple[str, Decision], ...] = attrs.field(converter=_results)

    @overload
    def __getitem__(self, index: int) -> tuple[str, Decision]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[str, Decision], ...]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[str, Decision] | tuple[tuple[str, Decision], ...]:
        return self.results[index]

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[tuple[str, Decision]]:
        return iter(self.results)

    def __bool__(self) -> bool:
        return self.compliant

    @property
    def compliant(self) -> bool:
        """Whether every decision allows: nothing found."""
        return all(decision.allowed for _, decision in self.results)

    @property
    def findings(self) -> tuple[tuple[str, Reason], ...]:
        """Each failed condition with its subject: the reasons of every denial."""
        return tuple(
            (subject, reason)
            for subject, decision in self.results
            if not decision.allowed
            for reason in decision.reasons
        )

    def to_records(self) -> list[dict[str, Any]]:
        """The report flat, one row per reason and per remark of each decision.

        The rows of :meth:`Decision.to_records`, each with the subject first, under
        the key ``sujet`` (« contrat », « habilitations », « saisine n° 1 »…):
        ``pandas.DataFrame(report.to_records())`` has the columns ``sujet``,
        ``verdict``, ``article``, ``motif``, ``remarque`` and ``constat``, and
        ``frame[frame.constat]`` keeps the findings.

        >>> from caf_contract.examples import tarn_et_garonne_template
        >>> rows = check_dossier(Dossier(contract=tarn_et_garonne_template())).to_records()
        >>> sorted(rows[0]), rows[0]["sujet"], rows[0]["constat"]
        (['article', 'constat', 'motif', 'remarque', 'sujet', 'verdict'], 'contrat', True)
        """
        return [
            {"sujet": subject, **row}
            for subject, decision in self.results
            for row in decision.to_records()
        ]

    def _summary(self) -> Html:
        checked = counted(len(self.results), "sujet vérifié", "sujets vérifiés")
        found = len(self.findings)
        if found == 0:
            said = verdict(allowed=True, text="conforme")
        else:
            said = verdict(allowed=False, text=counted(found, "constat"))
        return element("p", join((said, f" — {checked}")), style="text-align:left;margin:0.2em 0")

    def _repr_html_(self) -> str:
        rows = []
        for subject, decision in self.results:
            lines = decision._html_lines()  # noqa: SLF001  # the same package
            span = str(len(lines))
            for number, (article, message) in enumerate(lines):
                first = (
                    (
                        element("td", subject, style=_REPORT_CELL, rowspan=span),
                        element(
                            "td",
                            verdict(allowed=decision.allowed, text=decision.verdict),
                            style=_REPORT_CELL,
                            rowspan=span,
                        ),
                    )
                    if number == 0
                    else ()
                )
                cells = (
                    *first,
                    element("td", article, style=_REPORT_CELL),
                    element("td", message, style=_REPORT_CELL),
                )
                rows.append(element("tr", join(cells)))
        body = framed(
            "Vérification du dossier", rows, head=("Sujet", "Verdict", "Article", "Motif")
        )
        return element("div", join((self._summary(), body)), style="text-align:left")


_REPORT_CELL: Final = (
    "text-align:left;vertical-align:top;padding:0.15em 0.6em;border-top:1px solid #d0d7de"
)


# --- habilitations, each against the contract as it stood at its grant

_SHOWN_IDS: Final = 5


def _named(habilitation: Habilitation) -> str:
    return f"habilitation « {habilitation.id} »"


def _ids(habilitations: list[str]) -> str:
    """« a », « b » et 3 autres: a list that stays readable over a large dossier."""
    shown = ", ".join(f"« {ident} »" for ident in habilitations[:_SHOWN_IDS])
    more = len(habilitations) - _SHOWN_IDS
    return shown if more <= 0 else f"{shown} et {counted(more, 'autre')}"


class _History:
    """The contract as it stood on each day, read once per set of avenants in force."""

    __slots__ = ("_contract", "_effective", "_versions")

    def __init__(self, contract: Contract) -> None:
        self._contract = contract
        # Avenants in force all have a day, in order (Contract checks both): a
        # bisection finds how many are in force on a day.
        self._effective = [avenant.effective_on or date.max for avenant in contract.avenants]
        self._versions: dict[int, Contract] = {}

    def on(self, day: date) -> Contract:
        in_force = bisect.bisect_right(self._effective, day)
        if in_force not in self._versions:
            self._versions[in_force] = self._contract.as_of(day)
        return self._versions[in_force]


def _paris_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def _request(habilitation: Habilitation) -> GrantRequest:
    """The request the habilitation answered, as its grantor made it."""
    return GrantRequest(
        user=habilitation.user,
        employer=habilitation.employer,
        service=habilitation.service,
        role=habilitation.role,
        scopes=habilitation.scopes,
        grantor=habilitation.granted_by,
        administrator_level=habilitation.administrator_level,
    )


class _Findings:
    """Findings in the order found, each once."""

    __slots__ = ("items", "seen")

    def __init__(self) -> None:
        self.items: list[Reason] = []
        self.seen: set[Reason] = set()

    def add(self, reason: Reason) -> None:
        if reason not in self.seen:
            self.seen.add(reason)
            self.items.append(reason)

    def about(self, habilitation: Habilitation, failures: Iterable[Reason]) -> None:
        for reason in failures:
            self.add(Reason(reason.article, f"{_named(habilitation)} : {reason.message}"))


# Of one instant: what a history records first (a dévalidation frees its place, a
# suspension stops an administrator, a reinstatement restores him), then the grants,
# then the rights a grant of that instant gives (nobody administers by the very
# grant he makes).
_ACTION, _GRANT, _RIGHTS = 0, 1, 2


class _Sweep:
    """Every grant and every action of a dossier, in the order of their instants, once.

    Keeps, as it goes, the habilitations counting against the quotas and the active
    administrators, so that each grant is judged in O(1) whatever the dossier's size.
    """

    def __init__(self, dossier: Dossier, history: _History, findings: _Findings) -> None:
        self.dossier = dossier
        self.contract = dossier.contract
        self.history = history
        self.findings = findings
        self.counts = _QuotaCounts()
        self.instants, self.withdrawals = _withdrawals(dossier.contract, dossier.delegation)
        self.states = [HabilitationState.ACTIVE for _ in dossier.habilitations]
        self.rights_given = [False for _ in dossier.habilitations]
        self.active: dict[tuple[str, str], Counter[tuple[int, str | None]]] = defaultdict(Counter)
        self.ever: set[tuple[str, str]] = set()
        self.closed: dict[tuple[str, Reason], list[str]] = defaultdict(list)
        self.openings: dict[tuple[str, date], list[Reason]] = {}
        self.exceeded: set[tuple[str, str | None]] = set()
        # Each quota a grant went beyond: the habilitations granted beyond it, and the
        # most it was held by.
        self.beyond: dict[HabilitationQuota, list[str]] = {}
        self.peak: Counter[HabilitationQuota] = Counter()
        self.outsiders: set[str] = set()

    # -- who administers, now

    def holds(self, actor: Actor, service: str, moment: datetime) -> bool:
        del moment  # the sweep is at it
        return (service, _person_key(actor.name)) in self.ever

    def level(self, actor: Actor, service: str, moment: datetime) -> int | None:
        del moment  # the sweep is at it
        active = self.active.get((service, _person_key(actor.name)))
        if not active:
            return None
        return min(
            (
                level
                for (level, employer), count in active.items()
                if count > 0 and (employer is None or employer == actor.organisation)
            ),
            default=None,
        )

    def _rights(self, index: int, *, on: bool) -> None:
        habilitation = self.dossier.habilitations[index]
        level = habilitation.administrator_level
        if level is None or not self.rights_given[index]:
            return
        key = (habilitation.service, _person_key(habilitation.user))
        employer = None if habilitation.employer is None else habilitation.employer.digits
        self.active[key][level, employer] += 1 if on else -1

    def withdrawal(self, moment: datetime) -> CafAction | None:
        index = bisect.bisect_right(self.instants, moment)
        return self.withdrawals[index - 1] if index else None

    # -- the events

    def run(self) -> None:
        events: list[tuple[datetime, int, int, int]] = []
        for index, habilitation in enumerate(self.dossier.habilitations):
            events.append((habilitation.granted_at, _GRANT, index, -1))
            events.append((habilitation.granted_at, _RIGHTS, index, -1))
            events += [
                (action.at, _ACTION, index, number)
                for number, action in enumerate(habilitation.history)
            ]
        events.sort()
        for moment, phase, index, number in events:
            if phase == _ACTION:
                self._action(moment, index, number)
            elif phase == _GRANT:
                self._grant(moment, index)
            else:
                self.rights_given[index] = True
                if self.states[index] is HabilitationState.ACTIVE:
                    habilitation = self.dossier.habilitations[index]
                    self.ever.add((habilitation.service, _person_key(habilitation.user)))
                    self._rights(index, on=True)
        for (service, reason), ids in self.closed.items():
            granted = "habilitations {} accordées" if len(ids) > 1 else "habilitation {} accordée"
            self.findings.add(
                Reason(
                    reason.article,
                    f"{granted.format(_ids(ids))} alors que le service « {service} » n'était "
                    f"pas ouvert : {reason.message}",
                )
            )
        for quota, ids in self.beyond.items():
            granted = "habilitations accordées" if len(ids) > 1 else "habilitation accordée"
            self.findings.add(
                Reason(
                    ART,
                    f"{_exceeded_message(quota, self.peak[quota])} ; {granted} au-delà : "
                    f"{_ids(ids)}",
                )
            )

    def _action(self, moment: datetime, index: int, number: int) -> None:
        habilitation = self.dossier.habilitations[index]
        action = habilitation.history[number]
        allowed, reason = _act_reason(
            self.history.on(_paris_day(moment)),
            action.by,
            action.kind,
            moment=moment,
            service=habilitation.service,
            administrators=self,
            withdrawal=self.withdrawal(moment),
        )
        if not allowed:
            self.findings.about(habilitation, [reason])
        if not _takes_effect(self.contract, action):
            return
        before = self.states[index]
        after = _after(before, action) or before
        self.states[index] = after
        active = after is HabilitationState.ACTIVE
        if (before is HabilitationState.ACTIVE) != active:
            self._rights(index, on=active)
        if after is HabilitationState.DEVALIDATED and before is not after:
            self.counts.add(habilitation.service, habilitation.role, -1)

    def _grant(self, moment: datetime, index: int) -> None:
        habilitation = self.dossier.habilitations[index]
        day = _paris_day(moment)
        then = self.history.on(day)
        service = habilitation.service
        if (service, day) not in self.openings:
            self.openings[service, day] = _opening_failures(then, service, day)
        for reason in self.openings[service, day]:
            self.closed[service, reason].append(habilitation.id)
        failures = _grant_failures(
            then,
            _request(habilitation),
            at=moment,
            counts=self.counts,
            administrators=self,
            withdrawal=self.withdrawal(moment),
            opening=False,
            quotas=False,
        )
        employer = habilitation.employer
        if employer is None or then.employs(employer, day) is None:
            self.outsiders.add(habilitation.id)  # found now: not found again today
        bulletin = then.bulletin(service)
        if bulletin is not None and bulletin.quotas and bulletin.has_role(habilitation.role):
            over = [
                quota
                for quota, _ in _exceeded(
                    bulletin.quotas_for(habilitation.role), self.counts, adding=1
                )
            ]
        else:
            over = []
        self.findings.about(habilitation, failures)
        self.counts.add(service, habilitation.role)
        for quota in over:
            self.exceeded.add((quota.service, quota.role))
            self.beyond.setdefault(quota, []).append(habilitation.id)
            self.peak[quota] = max(self.peak[quota], _quota_used(quota, self.counts))


def _check_delegation(dossier: Dossier, history: _History, findings: _Findings) -> None:
    """Each withdrawal or restoration of the delegation is the contracting Caf's."""
    nobody = _Administrators((), dossier.contract)
    for action in dossier.delegation.history:
        allowed, reason = _act_reason(
            history.on(_paris_day(action.at)),
            action.by,
            action.kind,
            moment=action.at,
            service=None,
            administrators=nobody,
            withdrawal=None,
        )
        if not allowed:
            findings.add(Reason(reason.article, f"délégation : {reason.message}"))


def _check_now(dossier: Dossier, sweep: _Sweep, findings: _Findings) -> None:
    """What holds today under the contract as it stands: bulletins, employers, scopes, quotas.

    A fault already found at a grant is not found again here.
    """
    contract = dossier.contract
    counting = [h for h in dossier.habilitations if h.state is not HabilitationState.DEVALIDATED]
    counts = _QuotaCounts()
    closed = {service for service, _ in sweep.closed}
    for habilitation in counting:
        counts.add(habilitation.service, habilitation.role)
        bulletin = contract.bulletin(habilitation.service)
        if bulletin is None:
            if habilitation.service not in closed:
                findings.about(
                    habilitation,
                    [
                        Reason(
                            ART,
                            f"aucun bulletin d'adhésion pour « {habilitation.service} » au "
                            "contrat en vigueur ; attendu : la dévalidation de l'habilitation",
                        )
                    ],
                )
        else:
            findings.about(
                habilitation, _scope_failures(bulletin, habilitation.role, habilitation.scopes)
            )
        employer = habilitation.employer
        if (
            employer is not None
            and habilitation.id not in sweep.outsiders
            and contract.employs(employer, date.max) is None
        ):
            findings.about(
                habilitation,
                [
                    Reason(
                        Article.ART_2_1,
                        f"« {habilitation.user} » est employé par la structure de SIREN "
                        f"{employer}, qui n'est plus ni le partenaire ni un sous-traitant déclaré "
                        "au contrat en vigueur ; attendu : la dévalidation de l'habilitation",
                    )
                ],
            )
    for service, role in sorted({(h.service, h.role) for h in counting}):
        bulletin = contract.bulletin(service)
        if bulletin is None or not bulletin.quotas or not bulletin.has_role(role):
            continue
        for quota, reason in _exceeded(bulletin.quotas_for(role), counts, adding=0):
            if (quota.service, quota.role) not in sweep.exceeded:
                findings.add(
                    Reason(reason.article, f"{reason.message} ; {_latest(counting, quota)}")
                )


def _latest(counting: list[Habilitation], quota: HabilitationQuota) -> str:
    """The habilitations beyond ``quota``'s maximum: the ones granted last."""
    held = sorted(
        (
            habilitation
            for habilitation in counting
            if habilitation.service == quota.service
            and (quota.role is None or habilitation.role == quota.role)
        ),
        key=lambda habilitation: habilitation.granted_at,
    )
    ids = [habilitation.id for habilitation in held[quota.maximum :]]
    latest = "les plus récemment accordées" if len(ids) > 1 else "la plus récemment accordée"
    return f"au-delà, {latest} : {_ids(ids)}"


def _check_habilitations(dossier: Dossier) -> Decision:
    """Habilitations and delegation against the whole contract (Art. 2.1, 2.2)."""
    findings = _Findings()
    history = _History(dossier.contract)
    sweep = _Sweep(dossier, history, findings)
    sweep.run()
    _check_delegation(dossier, history, findings)
    _check_now(dossier, sweep, findings)
    count = len(dossier.habilitations)
    return Decision.from_failures(
        findings.items,
        otherwise=Reason(
            ART,
            f"{counted(count, 'habilitation accordée', 'habilitations accordées')} par des "
            "administrateurs désignés, sur des services ouverts, à des personnels du partenaire "
            "ou de ses sous-traitants, dans leurs rôles, périmètres et quotas ; pouvoirs de la "
            "Caf exercés par la Caf",
        ),
    )


@accepts(dossier=Dossier)
def check_dossier(dossier: Dossier) -> DossierReport:
    """Every rule that applies to the dossier, as ``(subject, decision)`` pairs.

    A :class:`DossierReport`: a sequence of those pairs, true when the dossier is
    compliant, shown in a notebook as one table of every reason with its article.

    The subjects: ``"contrat"`` (préambule, Art. 1, 5.1, 6, annexes); ``"habilitations"``
    (Art. 2.1, 2.2) when there are habilitations or actions on the delegation: each
    grant against the contract as it stood then (service open, grantor designated,
    user the partner's or a declared sub-contractor's, role, moindre affectation,
    quotas, depth), each action by someone entrusted with it, and today's quotas;
    ``"saisine n° k"`` for each request (Art. 3, 3.2, 3.3); ``"traces"`` (Art.
    5.3.1: sessions) when there are some; ``"lecteur des traces n° k"`` for each
    person given access to them (Art. 5.3.3, 5.3.4).
    """
    contract = dossier.contract
    results = [("contrat", check_contract(contract))]
    if dossier.habilitations or dossier.delegation.history:
        results.append(("habilitations", _check_habilitations(dossier)))
    results += [
        (f"saisine n° {number}", check_request(request, contract))
        for number, request in enumerate(dossier.requests, start=1)
    ]
    if dossier.traces:
        results.append(("traces", check_sessions(dossier.traces)))
    results += [
        (f"lecteur des traces n° {number}", may_read_traces(reader, contract))
        for number, reader in enumerate(dossier.trace_readers, start=1)
    ]
    return DossierReport(results)
