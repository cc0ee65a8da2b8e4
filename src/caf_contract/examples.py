"""Worked examples from the contract's text, as values ready to use.

:func:`tarn_et_garonne_template` is the published *contrat de service* of the Caf de
Tarn-et-Garonne (updated 19/01/2024) exactly as it stands: its placeholders
(``NOM STRUCTURE``, ``Prénom NOM``, ``00/00/0000``, an empty SIREN…) are all left.
The names of the Caf's staff in the text are replaced by their roles.

>>> from caf_contract import check_contract
>>> decision = check_contract(tarn_et_garonne_template())
>>> bool(decision), len(decision.reasons), len(decision.remarks)
(False, 18, 1)
"""

from __future__ import annotations

from datetime import date

from caf_contract.contract import Contract
from caf_contract.parameters import TEMPLATE_2024
from caf_contract.parties import Caf, Interlocutor, InterlocutorRole, Interlocutors, Partner

__all__ = ["TARN_ET_GARONNE", "tarn_et_garonne_template"]

TARN_ET_GARONNE = Caf(
    department="82",
    name="Caf de Tarn-et-Garonne",
    address="329 Avenue du Danemark 82019 MONTAUBAN Cedex",
    service_centre_email="portail-partenaires@caf82.caf.fr",
)
"""The Caf party of the text, with the service centre's address of Art. 3.2."""

_TEMPLATE_ROLES = (
    InterlocutorRole.DIRECTION,
    InterlocutorRole.ADMINISTRATEUR_PRINCIPAL,
    InterlocutorRole.ADMINISTRATEUR_DELEGUE,
    InterlocutorRole.RESPONSABLE_SECURITE,
    InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES,
)


def tarn_et_garonne_template() -> Contract:
    """The published template, placeholders and all (a new value at each call)."""
    return Contract(
        caf=TARN_ET_GARONNE,
        partner=Partner(name="NOM STRUCTURE", representative="son Directeur / sa directrice"),
        convention_signed_on=None,  # « signée le 00/00/0000 »
        signed_on=date(2020, 11, 5),  # « Fait à Montauban en deux exemplaires, le 05/11/2020 »
        template_version=TEMPLATE_2024,  # « maj 19/01/2024 »
        partner_signatory="Prénom NOM et signature",
        # Art. 6 of the text still names the partner of another contract.
        partner_named_in_article_6="CCAS de Montauban",
        interlocutors=Interlocutors(
            caf=(
                Interlocutor(
                    role=InterlocutorRole.DIRECTION,
                    name="Directrice de la Caf",
                    function="Directrice",
                    email="caf82-direction@caf82.caf.fr",
                ),
                Interlocutor(
                    role=InterlocutorRole.CENTRE_DE_SERVICES,
                    name="Administrateurs du centre de services",
                    email="portail-partenaires@caf82.caf.fr",
                ),
                Interlocutor(
                    role=InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES,
                    name="Référent Informatique et Libertés de la Caf",
                    email="portail-partenaires@caf82.caf.fr",
                ),
            ),
            # « Prénom NOM » and « Adresse mél » everywhere on the partner's side.
            partner=tuple(Interlocutor(role=role, name="Prénom NOM") for role in _TEMPLATE_ROLES),
        ),
    )
