"""The dossier to fill: what ``caf-contract init`` writes.

:func:`dossier_template` is the published template contract
(:func:`~caf_contract.examples.tarn_et_garonne_template`, placeholders and all) with
one example bulletin d'adhésion and one example record of each list a dossier keeps
(an habilitation, a request to the service centre, a trace, a reader of the traces).
It loads: its placeholders are findings of ``caf-contract check``, never load errors.
:func:`template_text` writes it as TOML, a French comment above each field (what to
write, the article, the date format), or as JSON, which has no comments.

>>> from caf_contract.dossier import check_dossier
>>> [(subject, bool(decision)) for subject, decision in check_dossier(dossier_template())][:2]
[('contrat', False), ('habilitations', False)]
>>> print(template_text().splitlines()[0])
# Dossier « Mon Compte Partenaire » à remplir : contrat de service et registres tenus à côté.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Final, Literal

import attrs

from caf_contract.bulletin import Bulletin, HabilitationQuota, Role
from caf_contract.dossier import Dossier
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.habilitations import Habilitation, HabilitationState
from caf_contract.incidents import Contact, Direction, Incident, RequestType
from caf_contract.parties import Actor, Siren
from caf_contract.serialization import _toml_text, dumps, to_data
from caf_contract.traces import Trace, TraceReader

__all__ = ["FIELD_NOTES", "dossier_template", "template_text"]

_WINTER: Final = timezone(timedelta(hours=1))  # Paris in winter: +01:00
_EXAMPLE_SIREN: Final = Siren("123456782")
_PLACEHOLDER_EMAIL: Final = "Adresse mél"  # the template's words; read as « not given »

_DAY = "date AAAA-MM-JJ, par exemple 2026-11-23"
_INSTANT = "instant avec son décalage horaire, par exemple 2026-11-23T10:00:00+01:00"
_EXAMPLE = "Exemple à remplacer par le vôtre (ou à supprimer avec son en-tête)."


def dossier_template() -> Dossier:
    """The dossier to fill: the template contract and one example record of each kind."""
    contract = tarn_et_garonne_template()
    partner_people = tuple(
        attrs.evolve(person, email=_PLACEHOLDER_EMAIL) for person in contract.interlocutors.partner
    )
    bulletin = Bulletin(
        service="CDAP",
        roles=(
            Role(
                name="consultation",
                scopes=frozenset({"dossier", "quotient_familial"}),
                purpose="information des familles accueillies",
            ),
        ),
        quotas=(HabilitationQuota(service="CDAP", maximum=3),),
        delegation_depth=1,
        signed_on=contract.signed_on,
    )
    contract = attrs.evolve(
        contract,
        interlocutors=attrs.evolve(contract.interlocutors, partner=partner_people),
        bulletins=(bulletin,),
    )
    administrator = Actor.partner(_EXAMPLE_SIREN, "Prénom NOM")
    return Dossier(
        contract=contract,
        habilitations=(
            Habilitation(
                id="hab-001",
                user="agent1",
                employer=_EXAMPLE_SIREN,
                service="CDAP",
                role="consultation",
                scopes=frozenset({"dossier"}),
                granted_by=administrator,
                granted_at=datetime(2026, 11, 23, 10, 0, tzinfo=_WINTER),
                state=HabilitationState.ACTIVE,
            ),
        ),
        requests=(
            Incident(
                kind=RequestType.INCIDENT,
                subject="CDAP : erreur à la connexion",
                body="Décrivez le problème : depuis quand, qui, quel message.",
                contact=Contact(name="Prénom NOM", email="contact@exemple.fr"),
                sent_to=contract.caf.service_centre_email,
                direction=Direction.PARTNER_TO_CAF,
                sent_at=datetime(2026, 11, 23, 10, 0, tzinfo=_WINTER),
            ),
        ),
        traces=(
            Trace(
                user="agent1",
                partner=_EXAMPLE_SIREN,
                action="authentification",
                at=datetime(2026, 11, 23, 10, 5, tzinfo=_WINTER),
                session="S-0001",
            ),
        ),
        trace_readers=(
            TraceReader(
                actor=Actor.caf(contract.caf.department, "Auditrice de la Caf"),
                authorised_for_traces=True,
            ),
        ),
    )


def template_text(format: Literal["json", "toml"] = "toml") -> str:  # noqa: A002
    """The dossier to fill as text: TOML with a comment per field, or plain JSON."""
    template = dossier_template()
    if format == "json":
        return dumps(template) + "\n"
    return _toml_text(to_data(template), notes=FIELD_NOTES, source=template)


def _actor(who: str, article: str) -> dict[str, str]:
    return {
        "": f"{who} ({article}).",
        ".side": "« partenaire », « Caf » ou « Cnaf ».",
        ".organisation": "SIREN du partenaire (9 chiffres), département de la Caf "
        "(« 82 ») ; à omettre pour la Cnaf.",
        ".name": "Nom ou adresse mél de la personne, telle qu'écrite à l'annexe 1.",
    }


def _under(path: str, notes: dict[str, str]) -> dict[str, str]:
    return {f"{path}{suffix}": note for suffix, note in notes.items()}


FIELD_NOTES: Final[dict[str, str]] = {
    "contract": "Dossier « Mon Compte Partenaire » à remplir : contrat de service et registres "
    "tenus à côté.\nChaque « Prénom NOM », « Adresse mél », « NOM STRUCTURE »… est à remplacer ; "
    "caf-contract check les signale.\nDates : "
    + _DAY
    + " ; instants : "
    + _INSTANT
    + ".\n\nLe contrat de service.",
    "contract.convention_signed_on": f"Art. 1 — signature de la convention d'accès : {_DAY}.",
    "contract.signed_on": f"Art. 6 — signature du contrat de service : {_DAY}.",
    "contract.informatique_libertes_completed_on": "Art. 5.2 — fiche Informatique et Libertés "
    f"remplie : {_DAY}.",
    "contract.template_version": f"Mise à jour du modèle de contrat utilisé : {_DAY}.",
    "contract.partner_signatory": "Art. 6 — nom du signataire pour le partenaire.",
    "contract.partner_named_in_article_6": "Art. 6 — le partenaire que l'article 6 engage : "
    "son nom, comme dans partner.name.",
    "contract.avenants": "Avenants signés (Art. 1) : aucun ici ; voir docs/dossier.md.",
    "contract.subcontractors": "Sous-traitants déclarés (Art. 2.1) : aucun ici ; voir "
    "docs/dossier.md.",
    "contract.caf": "Préambule — la Caf contractante.",
    "contract.caf.department": "Département de la Caf, en texte : « 82 », « 2A », « 974 ».",
    "contract.caf.name": "Nom de la Caf.",
    "contract.caf.address": "Adresse de la Caf.",
    "contract.caf.service_centre_email": "Art. 3.2 — adresse mél du centre de services.",
    "contract.partner": "Préambule — le partenaire.",
    "contract.partner.name": "Nom de la structure (à la place de « NOM STRUCTURE »).",
    "contract.partner.address": "Adresse du siège.",
    "contract.partner.representative": "Représentant légal : nom et fonction.",
    "contract.partner.siren": "Numéro SIREN, 9 chiffres (« 123456782 »).",
    "contract.interlocutors": "Annexe 1 — les interlocuteurs.",
    "contract.interlocutors.caf": "Interlocuteurs de la Caf (Annexe 1).",
    "contract.interlocutors.partner": "Interlocuteurs du partenaire (Annexe 1, Art. 5.1) : un "
    "par rôle.",
    **{
        f"contract.interlocutors.{side}.{field}": note
        for side in ("caf", "partner")
        for field, note in {
            "role": "Rôle : direction, administrateur_principal, administrateur_delegue, "
            "responsable_securite, referent_informatique_libertes ou centre_de_services.",
            "name": "Prénom et nom.",
            "email": "Adresse mél.",
            "function": "Fonction (facultative).",
            "phone": "Téléphone (facultatif).",
        }.items()
    },
    "contract.bulletins": "Annexe 2 — un bulletin d'adhésion par service ouvert (Art. 2.2). "
    + _EXAMPLE,
    "contract.bulletins.service": "Code du service : « CDAP », « AFAS »…",
    "contract.bulletins.signed_on": f"Signature du bulletin : {_DAY}.",
    "contract.bulletins.delegation_depth": "Art. 2.2 — profondeur de délégation fixée par la "
    "Caf (1 : l'administrateur principal seul accorde).",
    "contract.bulletins.roles": "Les rôles ouverts par le bulletin.",
    "contract.bulletins.roles.name": "Nom du rôle.",
    "contract.bulletins.roles.scopes": "Périmètres de données du rôle (minimisation, Art. 2.2).",
    "contract.bulletins.roles.purpose": "Finalité du rôle.",
    "contract.bulletins.quotas": "Art. 2.2 — nombre maximal d'habilitations.",
    "contract.bulletins.quotas.service": "Le service du bulletin.",
    "contract.bulletins.quotas.role": "Le rôle concerné ; à omettre pour tout le service.",
    "contract.bulletins.quotas.maximum": "Nombre entier, au moins 1.",
    "delegation": "Art. 2.2 — gestion déléguée des habilitations, avec les retraits de la Caf.",
    "delegation.history": "Retraits et rétablissements de la délégation : aucun ici.",
    "habilitations": "Art. 2.2 — les habilitations accordées, une par en-tête. " + _EXAMPLE,
    "habilitations.id": "Identifiant de l'habilitation dans votre registre.",
    "habilitations.user": "Identifiant de l'utilisateur.",
    "habilitations.employer": "SIREN de l'employeur : le partenaire ou un sous-traitant "
    "déclaré (Art. 2.1).",
    "habilitations.service": "Service, ouvert par un bulletin.",
    "habilitations.role": "Rôle, ouvert par le bulletin du service.",
    "habilitations.scopes": "Périmètres accordés, parmi ceux du rôle.",
    "habilitations.granted_at": f"Attribution : {_INSTANT}.",
    "habilitations.administrator_level": "Niveau d'administrateur délégué (facultatif).",
    "habilitations.state": "« active », « suspendue » ou « dévalidée ».",
    "habilitations.password_change_required": "true ou false.",
    "habilitations.history": "Actes sur l'habilitation (suspension, dévalidation…) : aucun ici.",
    **_under("habilitations.granted_by", _actor("Qui l'a accordée", "Art. 2.2")),
    "requests": "Art. 3 — les saisines du centre de services. " + _EXAMPLE,
    "requests.kind": "« incident », « demande d'intervention »…",
    "requests.subject": "Objet.",
    "requests.body": "Texte de la saisine.",
    "requests.sent_to": "Art. 3.2 — adresse du centre de services.",
    "requests.direction": "« partenaire vers Caf » ou « Caf vers partenaire ».",
    "requests.urgent": "true ou false.",
    "requests.recipient_urgent": "Urgence reconnue par le destinataire : true ou false.",
    "requests.sent_at": f"Envoi : {_INSTANT}.",
    "requests.answered_at": f"Réponse (facultative) : {_INSTANT}.",
    "requests.closed_at": f"Clôture (facultative) : {_INSTANT}.",
    "requests.reminders": "Art. 3.3 — relances : aucune ici.",
    "requests.contact": "Art. 3.2 — qui écrit.",
    "requests.contact.name": "Prénom et nom.",
    "requests.contact.function": "Fonction (facultative).",
    "requests.contact.email": "Adresse mél.",
    "requests.contact.phone": "Téléphone (facultatif).",
    "traces": "Art. 5.3.1 — les traces de connexion et d'action. " + _EXAMPLE,
    "traces.user": "Identifiant de l'utilisateur.",
    "traces.partner": "SIREN du partenaire.",
    "traces.action": "« authentification », « consultation dossier »…",
    "traces.at": f"Moment : {_INSTANT}.",
    "traces.session": "Identifiant de session.",
    "trace_readers": "Art. 5.3.3, 5.3.4 — qui a accès aux traces. " + _EXAMPLE,
    "trace_readers.authorised_for_traces": "Art. 5.3.3 — personnel de Caf ou de la Cnaf "
    "spécialement habilité : true ou false.",
    **_under("trace_readers.actor", _actor("Qui lit les traces", "Art. 5.3.3, 5.3.4")),
}
"""The French comment written above each field of the TOML template, by field path."""
