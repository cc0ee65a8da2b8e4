"""Write docs/parametres.md from caf_contract.parameters: every figure of the contract.

Run: python scripts/parameters_page.py (tests/test_parameters.py fails when the page
and the module disagree). The page is data, not prose: edit the module, not the page.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from caf_contract._format import counted
from caf_contract.parameters import VALUES, Parameter

PAGE = Path(__file__).resolve().parents[1] / "docs" / "parametres.md"

_HEAD = """\
# Paramètres du contrat

Chaque chiffre ou liste que fixe le contrat est une donnée datée de
`caf_contract.parameters` : sa valeur, l'article et la phrase du contrat qui la fixent,
et le jour à partir duquel elle vaut (la version du modèle, « maj 19/01/2024 »). Les
règles lisent ces paramètres, et leurs messages en reprennent la formulation. Une
nouvelle version du modèle qui en change un est une nouvelle valeur datée, pas du code :
`parameters.at(jour)` donne l'ensemble en vigueur un jour donné, et
`Contract.parameters` celui que choisit la version de modèle d'un contrat (à défaut,
celui en vigueur le jour de sa signature).

Une règle à laquelle on ne donne ni contrat ni `parameters=` lit l'ensemble en vigueur
le jour dont elle parle : le jour d'envoi d'une demande pour sa relance (art. 3.3), le
jour `as_of` d'une purge, le jour d'une trace ou d'une dévalidation pour sa date de
purge (art. 5.3.2). Les textes à remplir (`placeholders`) de toutes les versions du
modèle valent ensemble : un blanc d'un ancien exemplaire ne désigne personne non plus.
Chaque valeur est vérifiée à sa création (un délai entier positif ou nul, une durée
positive, des listes de textes non vides).

Cette page est écrite par `python scripts/parameters_page.py` à partir du module ; un
test échoue quand elle ne le suit plus.
"""


def _value(value: Any) -> str:  # noqa: ANN401  # any parameter's value
    if isinstance(value, relativedelta):
        parts = [("years", "an", "ans"), ("months", "mois", "mois"), ("days", "jour", "jours")]
        return " ".join(
            counted(getattr(value, name), unit, units)
            for name, unit, units in parts
            if getattr(value, name)
        )
    if isinstance(value, bool):
        return "exigé" if value else "facultatif"
    if isinstance(value, frozenset):
        return ", ".join(f"« {item} »" for item in sorted(value))
    if isinstance(value, tuple) and value and all(isinstance(row, tuple) for row in value):
        return "<br>".join(" : ".join(_value(item) for item in row) for row in value)
    if isinstance(value, tuple):
        return ", ".join(_value(item) for item in value)
    return f"`{value}`" if not isinstance(value, str) else f"« {value} »"


def _entry(parameter: Parameter[Any]) -> str:
    return "\n".join(
        [
            f"## `{parameter.name}` — {parameter.article.label}",
            "",
            parameter.description,
            "",
            f"> {parameter.quote}",
            "",
            "| valeur | dans les messages | en vigueur à partir du |",
            "|---|---|---|",
            (
                f"| {_value(parameter.value)} | {parameter.wording} | "
                f"{parameter.valid_from:%d/%m/%Y} |"
            ),
            "",
        ]
    )


def page() -> str:
    """The page, as the module says it."""
    return "\n".join([_HEAD, *(_entry(parameter) for parameter in VALUES)])


def main() -> int:
    """Write the page; with ``--check``, say whether it is up to date instead."""
    if sys.argv[1:] == ["--check"]:
        return 0 if PAGE.read_text(encoding="utf-8") == page() else 1
    PAGE.write_text(page(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
