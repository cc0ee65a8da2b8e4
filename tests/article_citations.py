"""Which articles each public rule of the package cites, read from the package's source.

What the catalogue :attr:`caf_contract.articles.Article.rules` is checked against
(``tests/test_articles.py``). A rule's *own citations* are the articles its own code
names:

- ``Article.ART_3_3`` (a member of ``Article``) anywhere in the rule's definition: its
  body, decorators and default values; for a class, every method and field;
- a module-level constant that names one (``ART: Final = Article.ART_2_2``, a
  validator built with ``article=Article.ANNEXE_2``), wherever it is defined;
- a parameter of the contract it reads (``parameters.reminder_delay``): that
  parameter's article (:data:`caf_contract.parameters.VALUES`);
- any of these in a private helper it uses (``_reasons``, or any name of a private
  module), followed as far as helpers go.

Type annotations are left out: naming a type is not using it. A public rule it uses is
not followed: that rule has its own citations, and its own place in the catalogue.

Its *reach* adds what the public rules of its own module (its chapter) that it uses
cite, followed as far as they go: ``is_available`` asks a ``Schedule``, which cites
Art. 4. The catalogue must list every rule under each of its own citations, and may
list it under an article of its reach only.

The package's rules are the public functions and classes (``__all__``) of its public
modules, but for three modules that hold no rule: :mod:`~caf_contract.articles` itself,
the command line and :mod:`~caf_contract.parameters` (data the rules read).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import caf_contract
from caf_contract.articles import Article
from caf_contract.parameters import VALUES

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

NOT_RULE_MODULES = {
    "articles": "the catalogue itself",
    "cli": "the command-line adapter: it prints what the rules decide",
    "parameters": "data the rules read; a rule reading a parameter cites its article",
}

_PACKAGE = Path(caf_contract.__file__).parent
_PARAMETER_ARTICLES = {parameter.name: parameter.article for parameter in VALUES}

Name = tuple[str, str]
"""A module-level name: (module, name), the module without ``caf_contract.``."""


def _without_annotations(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` without the subtrees of type annotations."""
    yield node
    for field, value in ast.iter_fields(node):
        if field in {"annotation", "returns"}:
            continue
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, ast.AST):
                yield from _without_annotations(child)


def _is_member(node: ast.Attribute) -> bool:
    """``Article.ART_3_3``: a member of the enumeration, not ``Article.parse``."""
    named = isinstance(node.value, ast.Name) and node.value.id == "Article"
    return named and node.attr in Article.__members__


class _Module:
    """One module's definitions: what each names, and the names it uses."""

    def __init__(self, module: str) -> None:
        self.name = module
        tree = ast.parse((_PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        self.imported: dict[str, Name] = {}
        self.definitions: dict[str, list[ast.AST]] = {}
        self.constants: set[str] = set()
        for node in tree.body:
            self._read(node)

    def _read(self, node: ast.stmt) -> None:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("caf_contract."):
            source = (node.module or "").removeprefix("caf_contract.")
            for alias in node.names:
                self.imported[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.definitions.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            self._assigned(targets, node.value)
        elif isinstance(node, ast.If | ast.Try):  # a definition made one way or another
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    self._read(child)

    def _assigned(self, targets: Sequence[ast.expr], value: ast.expr) -> None:
        """A constant: each name bound is defined by ``value``."""
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    self.definitions.setdefault(name.id, []).append(value)
                    self.constants.add(name.id)

    @cache  # noqa: B019  # one instance per module, kept for the session
    def named(self, name: str) -> tuple[frozenset[Article], frozenset[Name]]:
        """The articles ``name``'s definition names itself, and the names it uses."""
        articles: set[Article] = set()
        uses: set[Name] = set()
        for definition in self.definitions.get(name, []):
            for node in _without_annotations(definition):
                if isinstance(node, ast.Attribute):
                    if _is_member(node):
                        articles.add(Article[node.attr])
                    elif node.attr in _PARAMETER_ARTICLES:
                        articles.add(_PARAMETER_ARTICLES[node.attr])
                elif isinstance(node, ast.Name) and node.id != name:
                    if node.id in self.definitions:
                        uses.add((self.name, node.id))
                    elif node.id in self.imported:
                        uses.add(self.imported[node.id])
        return frozenset(articles), frozenset(uses)


@cache
def _module(name: str) -> _Module:
    return _Module(name)


def _in_package(module: str) -> bool:
    return module not in NOT_RULE_MODULES and (_PACKAGE / f"{module}.py").exists()


def _helper(used: Name) -> bool:
    """Whether a name a rule uses is part of the rule: a private helper or a constant."""
    module, name = used
    private = module.startswith("_") or name.startswith("_")
    return _in_package(module) and (private or name in _module(module).constants)


def _cited(module: str, name: str, *, reach: bool) -> frozenset[Article]:
    seen: set[Name] = set()
    articles: set[Article] = set()
    todo: list[Name] = [(module, name)]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        named, uses = _module(current[0]).named(current[1])
        articles |= named
        todo += [
            used
            for used in uses
            if _helper(used) or (reach and used[0] == module and _in_package(module))
        ]
    return frozenset(articles)


def own_citations(module: str, name: str) -> frozenset[Article]:
    """The articles the code of ``caf_contract.<module>.<name>`` and its helpers name."""
    return _cited(module, name, reach=False)


def reach(module: str, name: str) -> frozenset[Article]:
    """Its own citations and those of the rules of its module that it uses."""
    return _cited(module, name, reach=True)


def rule_modules() -> list[str]:
    """The package's public modules whose public definitions are rules."""
    return sorted(
        module.name
        for module in pkgutil.iter_modules(caf_contract.__path__)
        if module.name[0] != "_" and module.name not in NOT_RULE_MODULES
    )


def rule_name(module: str, name: str) -> str:
    """How the catalogue names a rule: as ``caf_contract`` exports it, else ``module.name``."""
    exported = caf_contract._WHERE.get(name) == module  # the package's map
    return name if exported else f"{module}.{name}"


def rules() -> Iterator[tuple[str, str]]:
    """Each public function and class of each rule module: (module, name)."""
    for module in rule_modules():
        loaded = importlib.import_module(f"caf_contract.{module}")
        for name in loaded.__all__:
            if name in _module(module).definitions and name not in _module(module).constants:
                yield module, name
