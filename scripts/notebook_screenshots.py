"""Screenshots for the docs: a notebook as a data person would type it, run and shown in Chromium.

Run by hand, outside CI, from the repository's root (issue 17, point 5)::

    python -m pip install -e '.[notebook]'   # nbformat, nbclient, nbconvert, ipykernel, pandas
    apt-get install chromium                # Debian's package: /usr/bin/chromium
    python scripts/notebook_screenshots.py            # docs/images/notebook.png
    python scripts/notebook_screenshots.py --docs     # and docs/images/docs-index.png

It writes a notebook (nbformat), runs it in a ``python3`` kernel of this interpreter
(nbclient), exports it to HTML (nbconvert, JupyterLab's template, whose style sheet
aligns table cells right: the displays must hold against it), and takes a screenshot
with headless Chromium, cropped to its content. ``--docs`` builds the Sphinx docs and
takes one of their index page too. Look at the images before committing them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """\
# Un dossier de partenaire, vérifié dans un notebook

L'exemple « défauts » fourni avec la bibliothèque : un contrat de la Caf 82, et ce qui
s'est passé sous ce contrat.""",
    ),
    (
        "code",
        """\
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from caf_contract import WorkingCalendar, check_dossier, may_send_reminder
from caf_contract.files import example_dossier

dossier = example_dossier("defauts")
rapport = check_dossier(dossier)
rapport""",
    ),
    ("code", "dossier.habilitations[0]"),
    ("code", "dossier.requests[0]"),
    (
        "code",
        """\
saisine = dossier.requests[1]
maintenant = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
may_send_reminder(saisine.sent_at, maintenant, urgent=saisine.urgent,
                  answered_at=saisine.answered_at, calendar=dossier.contract.calendar)""",
    ),
    ("code", 'WorkingCalendar("57").month_html(2026, 4)'),
    (
        "code",
        """\
lignes = pd.DataFrame(rapport.to_records())
constats = lignes[lignes.constat][["sujet", "article", "motif"]]
# Un tableau pandas s'aligne à droite : à gauche, du texte se lit mieux.
constats.style.hide(axis="index").set_properties(**{"text-align": "left"})""",
    ),
]
"""The notebook's cells, as a data person would type them: (kind, source)."""


def notebook() -> Any:  # noqa: ANN401  # an nbformat node
    """The notebook of :data:`CELLS`, not run yet."""
    import nbformat  # noqa: PLC0415  # the notebook extra, imported when the script runs

    cells = [
        nbformat.v4.new_markdown_cell(source)
        if kind == "markdown"
        else nbformat.v4.new_code_cell(source)
        for kind, source in CELLS
    ]
    return nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def run(node: Any, folder: Path) -> None:  # noqa: ANN401  # an nbformat node
    """Run every cell in a ``python3`` kernel, in ``folder``; stop at the first error."""
    from nbclient import NotebookClient  # noqa: PLC0415  # see notebook()

    client = NotebookClient(
        node,
        timeout=300,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()


def to_html(node: Any) -> str:  # noqa: ANN401  # an nbformat node
    """The run notebook as a page, with JupyterLab's style sheet."""
    from nbconvert import HTMLExporter  # noqa: PLC0415  # see notebook()

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(node)
    return str(body)


def chromium() -> str:
    """The Chromium to run: ``$CHROMIUM``, else Debian's ``chromium`` on the path."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if found is None:
        sys.exit("Chromium not found: apt-get install chromium, or CHROMIUM=/path/to/chromium")
    return found


def screenshot(page: Path, image: Path, *, width: int, height: int) -> None:
    """A screenshot of ``page`` in a window of ``width`` × ``height``, cropped to its content."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run(  # noqa: S603  # a fixed program and flags, our own files
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                f"--screenshot={image}",
                f"--window-size={width},{height}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    crop(image)


def crop(image: Path, *, margin: int = 16) -> None:
    """Cut the blank bottom of ``image`` and store it in fewer colours (a smaller file)."""
    from PIL import Image, ImageChops  # noqa: PLC0415  # see notebook()

    with Image.open(image) as opened:
        picture = opened.convert("RGB")
    blank = Image.new("RGB", picture.size, picture.getpixel((picture.width - 1, 0)))
    box = ImageChops.difference(picture, blank).getbbox()
    if box is not None:
        bottom = min(picture.height, box[3] + margin)
        picture = picture.crop((0, 0, picture.width, bottom))
    picture.quantize(colors=128, dither=Image.Dither.NONE).save(image, optimize=True)


def docs_index(folder: Path) -> Path:
    """Build the Sphinx docs into ``docs/_build/html``; their index page."""
    built = ROOT / "docs" / "_build" / "html"
    subprocess.run(  # noqa: S603  # this interpreter, Sphinx, our docs
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(ROOT / "docs"), str(built)],
        check=True,
        cwd=folder,
    )
    return built / "index.html"


def main(argv: list[str] | None = None) -> None:
    """Write the screenshots; say where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=IMAGES, help="where the PNGs go")
    parser.add_argument("--docs", action="store_true", help="also the docs' index page")
    parser.add_argument("--keep", type=Path, help="also keep the run notebook and its HTML here")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=4000, help="before cropping")
    options = parser.parse_args(argv)
    options.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="caf-notebook-") as scratch:
        folder = Path(options.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        node = notebook()
        run(node, folder)
        page = folder / "notebook.html"
        page.write_text(to_html(node), encoding="utf-8")
        if options.keep:
            import nbformat  # noqa: PLC0415  # see notebook()

            nbformat.write(node, folder / "notebook.ipynb")
        image = options.output / "notebook.png"
        screenshot(page, image, width=options.width, height=options.height)
        print(f"{image.relative_to(ROOT) if image.is_relative_to(ROOT) else image}")
        if options.docs:
            index = options.output / "docs-index.png"
            screenshot(docs_index(folder), index, width=options.width, height=1400)
            print(f"{index.relative_to(ROOT) if index.is_relative_to(ROOT) else index}")


if __name__ == "__main__":
    main()
