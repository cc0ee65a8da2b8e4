"""Count the tests that cite each article; write the counts and the docs' table.

Run: python scripts/article_coverage.py. It writes
``src/caf_contract/data/article_coverage.json`` (shipped in the package, read by
``caf-contract articles``) and the table of the section « Les articles et leurs
règles » of docs/audit.md. ``--check`` says whether both are up to date (exit 1 if
not), as tests/test_articles.py does; ``--list ARTICLE`` prints the tests citing one.

A *test* is a function whose name starts with ``test`` defined at the top of a module
``tests/**/test_*.py`` (or in a class ``Test…`` there); a parametrised test counts
once. It *cites* an article when its definition (decorators and their parameter
tables, signature, docstring, body; comments aside) holds:

- ``Article.ART_3_3``: a member of ``caf_contract.Article``;
- in a text, the article's label as the messages write it: ``Art. 3.3``, ``Annexe 1``,
  ``Préambule`` (``Art. 3.3 — relance…``; ``Art. 3.3`` is not ``Art. 3.3.1``);
- the article's id as a text where an article is expected: ``article="3.3"``,
  ``{"article": "3.3"}``, ``Reason("3.3", …)``, ``Article("3.3")``,
  ``Article.parse("3.3")``, ``x.article == "3.3"``;
- the marker ``@pytest.mark.article("3.3", …)``, for a test that checks an article
  without naming it; ``pytestmark = pytest.mark.article("3.3")`` marks every test of
  its module.

What a test reaches through a name defined elsewhere (a table at the top of its
module, a helper) is not counted: only what it says itself.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from caf_contract._format import counted
from caf_contract.articles import Article

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "caf_contract" / "data" / "article_coverage.json"
PAGE = ROOT / "docs" / "audit.md"
TESTS = ROOT / "tests"

SCHEMA_VERSION = 1
"""The version of the data file's layout, read by ``caf-contract articles``."""

BEGIN = "<!-- tableau écrit par python scripts/article_coverage.py : ne pas modifier -->"
END = "<!-- fin du tableau -->"

_LABEL = re.compile(r"(?<![\w.])(?:Art\. (\d+(?:\.\d+)*)(?!\.?\d)|(Annexe \d)\b|(Préambule))")
_CALLS_WITH_AN_ARTICLE = {"Reason", "Article", "parse"}


def _parse(value: str) -> Article | None:
    try:
        return Article.parse(value)
    except ValueError:
        return None


def _labelled(text: str) -> set[Article]:
    """The articles whose label ``text`` writes (``Art. 3.3``, ``Annexe 1``, ``Préambule``)."""
    found = set()
    for number, annexe, preamble in _LABEL.findall(text):
        article = _parse(number or annexe or preamble)
        if article is not None:
            found.add(article)
    return found


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _ids(nodes: Iterable[ast.AST | None]) -> set[Article]:
    """The articles whose ids these nodes are, as texts (``"3.3"``, ``"annexe 1"``)."""
    texts = (_text(node) for node in nodes)
    return {article for text in texts if text for article in [_parse(text)] if article}


def _is_article_of(node: ast.AST) -> bool:
    """``x.article`` or ``x["article"]``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "article"
    return isinstance(node, ast.Subscript) and _text(node.slice) == "article"


def _callee(node: ast.Call) -> str | None:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else None


def _is_marker(node: ast.Call) -> bool:
    """``pytest.mark.article(…)``."""
    function = node.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "article"
        and isinstance(function.value, ast.Attribute)
        and function.value.attr == "mark"
    )


def marked(node: ast.AST) -> set[Article]:
    """The articles of the ``pytest.mark.article(…)`` markers in ``node``.

    Raises:
        ValueError: a marker names no article of the contract, or names it by no text.
    """
    found = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and _is_marker(call):
            for argument in call.args:
                text = _text(argument)
                found.add(Article.parse(text if text is not None else ast.unparse(argument)))
    return found


def cited(node: ast.AST) -> set[Article]:
    """The articles a test's definition cites (see the module's docstring)."""
    found = marked(node)
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute):
            value = child.value
            if isinstance(value, ast.Name) and value.id == "Article":
                member = Article.__members__.get(child.attr)
                found |= {member} if member is not None else set()
        elif isinstance(child, ast.Constant) and isinstance(child.value, str):
            found |= _labelled(child.value)
        elif isinstance(child, ast.Call):
            if _callee(child) in _CALLS_WITH_AN_ARTICLE:
                found |= _ids(child.args[:1])
            found |= _ids(keyword.value for keyword in child.keywords if keyword.arg == "article")
        elif isinstance(child, ast.Dict):
            entries = zip(child.keys, child.values, strict=True)
            found |= _ids(value for key, value in entries if _text(key) == "article")
        elif isinstance(child, ast.Compare):
            sides = [child.left, *child.comparators]
            if any(_is_article_of(side) for side in sides):
                found |= _ids(sides)
    return found


def _is_test(node: ast.stmt) -> bool:
    functions = ast.FunctionDef | ast.AsyncFunctionDef
    return isinstance(node, functions) and node.name.startswith("test")


def _tests(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """Each test of a module: its name (``Class::test``) and its definition."""
    for node in tree.body:
        if _is_test(node):
            yield cast("ast.FunctionDef", node).name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for method in node.body:
                if _is_test(method):
                    yield f"{node.name}::{cast('ast.FunctionDef', method).name}", method


def _module_marks(tree: ast.Module) -> set[Article]:
    """The articles ``pytestmark = …`` marks every test of the module with."""
    found: set[Article] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            found |= marked(node.value) if "pytestmark" in names else set()
    return found


def citations_in(source: str) -> dict[str, frozenset[Article]]:
    """Each test of a module's source and the articles it cites (maybe none)."""
    tree = ast.parse(source)
    everywhere = _module_marks(tree)
    return {name: frozenset(cited(node) | everywhere) for name, node in _tests(tree)}


def citations_by_test(root: Path = ROOT) -> dict[str, frozenset[Article]]:
    """Every test of ``root/tests`` (``tests/test_x.py::test_y``) and what it cites."""
    found = {}
    for path in sorted((root / "tests").glob("**/test_*.py")):
        if path.name == "test_articles.py":  # the counter's own tests cite to test it
            continue
        module = path.relative_to(root).as_posix()
        for name, articles in citations_in(path.read_text(encoding="utf-8")).items():
            found[f"{module}::{name}"] = articles
    return found


def data(citations: Mapping[str, frozenset[Article]]) -> str:
    """The data file: for each article, how many tests cite it."""
    payload = {
        "schema_version": SCHEMA_VERSION,
        "tests": len(citations),
        "citing": sum(1 for articles in citations.values() if articles),
        "by_article": {
            article.value: sum(1 for articles in citations.values() if article in articles)
            for article in Article
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(by_article: Mapping[str, int]) -> str:
    """The docs' table: each article, its rules or what is no rule and why, its tests."""
    lines = [
        "| Article | Règles | Tests |",
        "|---|---|--:|",
    ]
    for article in Article:
        parts = []
        if article.rules:
            parts.append(", ".join(f"`{rule}`" for rule in article.rules))
        if article.not_a_rule:
            said = "hors règle" if article.rules else "aucune règle"
            why = article.not_a_rule[0].lower() + article.not_a_rule[1:]
            parts.append(f"*{said}* : {why}")
        lines.append(
            f"| **{article.label}** — {_cell(article.title)} | {_cell('<br>'.join(parts))} "
            f"| {by_article[article.value]} |"
        )
    return "\n".join(lines) + "\n"


def summary(tests: int, citing: int) -> str:
    """The sentence under the docs' table."""
    return (
        f"{counted(citing, 'test cite', 'tests citent')} au moins un article, sur "
        f"{counted(tests, 'test')} (chaque fonction de test compte une fois, quels que "
        "soient ses cas).\n"
    )


def section(citations: Mapping[str, frozenset[Article]]) -> str:
    """What the script writes between its markers in docs/audit.md."""
    written = json.loads(data(citations))
    return "\n".join(
        [
            BEGIN,
            "",
            table(written["by_article"]),
            summary(written["tests"], written["citing"]),
            END,
        ]
    )


def page(current: str, citations: Mapping[str, frozenset[Article]]) -> str:
    """docs/audit.md with its table written anew."""
    start = current.index(BEGIN)
    end = current.index(END) + len(END)
    return current[:start] + section(citations) + current[end:]


def main(argv: list[str]) -> int:
    """Write the data file and the docs' table; ``--check``: say whether they are up to date."""
    citations = citations_by_test()
    current = PAGE.read_text(encoding="utf-8")
    wanted = {DATA: data(citations), PAGE: page(current, citations)}
    if argv == ["--check"]:
        stale = [path for path, text in wanted.items() if path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} : à réécrire (python scripts/article_coverage.py)")
        return 1 if stale else 0
    if argv and argv != ["--check"] and not (len(argv) == 2 and argv[0] == "--list"):
        print(
            "usage : python scripts/article_coverage.py [--check | --list ARTICLE]\n"
            "sans argument : réécrit les comptes et la table de docs/audit.md",
            file=sys.stderr,
        )
        return 2
    if len(argv) == 2 and argv[0] == "--list":
        article = Article.parse(argv[1])
        for name, articles in citations.items():
            if article in articles:
                print(name)
        return 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
