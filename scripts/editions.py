"""The course's static editions, rendered from the stored outputs (nothing is executed).

    python scripts/editions.py html   [NOTEBOOK ...]   # make html:   build/html/NN_x.html
    python scripts/editions.py slides [NOTEBOOK ...]   # make slides: build/slides/NN_x.slides.html

Both open offline from plain files (file://): links between lessons point at the other pages (.ipynb
becomes .html), images are inline (base64), and nothing comes from a CDN: the templates in
scripts/edition_templates/ drop nbconvert's require.js, widget manager and mermaid, and load MathJax
3 and reveal.js from classroom/node_modules (the npm registry, `make html` installs them), copied
into the folder's assets/. The live generator stepper (ipywidgets) needs a kernel: the pages show
the text it prints instead.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "edition_templates"
NODE_MODULES = REPO / "classroom" / "node_modules"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# A relative link to a notebook (not http:, mailto:, ...), with or without a #fragment.
NOTEBOOK_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"#]*?)\.ipynb(#[^"]*)?"')


def offline_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook with its widget views replaced by their text form (they need a kernel).

    >>> node = nbformat.v4.new_notebook(metadata={"widgets": {}})
    >>> node.cells.append(nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
    ...     "display_data", data={WIDGET_VIEW: {"model_id": "x"}, "text/plain": "panel"})]))
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     nbformat.write(node, Path(folder) / "x.ipynb")
    ...     copy = offline_notebook(Path(folder) / "x.ipynb")
    >>> dict(copy.cells[0].outputs[0].data), "widgets" in copy.metadata
    ({'text/plain': 'panel'}, False)
    """
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
    return notebook


def rewrite_links(html: str, suffix: str) -> str:
    """Point relative links to notebooks at the rendered pages (``NAME.ipynb`` -> ``NAME+suffix``).

    >>> rewrite_links('<a href="01_x.ipynb#Key-points">a</a> <a href="https://e.org/a.ipynb">b</a>',
    ...               ".html")
    '<a href="01_x.html#Key-points">a</a> <a href="https://e.org/a.ipynb">b</a>'
    """
    if not suffix.startswith("."):
        raise ValueError(f"suffix must start with a dot, like '.html'; got {suffix!r}")
    return NOTEBOOK_LINK.sub(lambda match: f'href="{match[1]}{suffix}{match[2] or ""}"', html)


def copy_assets(target: Path, slides: bool) -> None:
    """MathJax 3 (and reveal.js for slides) from classroom/node_modules into ``target/assets``."""
    mathjax = NODE_MODULES / "mathjax" / "es5"
    needed = [mathjax / "tex-chtml.js"] + ([NODE_MODULES / "reveal.js"] if slides else [])
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: run `make html` or `make slides`, which "
                         "install them from the npm registry (cd classroom && npm ci)")
    assets = target / "assets"
    shutil.rmtree(assets, ignore_errors=True)
    (assets / "mathjax").mkdir(parents=True)
    shutil.copy2(mathjax / "tex-chtml.js", assets / "mathjax")
    shutil.copytree(mathjax / "output" / "chtml" / "fonts" / "woff-v2",
                    assets / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2")
    if slides:
        reveal = NODE_MODULES / "reveal.js"
        for part in ("dist", "plugin/notes", "LICENSE"):
            source, destination = reveal / part, assets / "reveal.js" / part
            if source.is_dir():
                shutil.copytree(source, destination)
            else:
                shutil.copy2(source, destination)


def build(kind: str, notebooks: list[Path], target: Path) -> list[Path]:
    """Render ``notebooks`` into ``target`` as ``kind`` ("html" or "slides"); the pages written."""
    if kind == "html":
        exporter = HTMLExporter(template_name="offline_html", embed_images=True,
                                extra_template_basedirs=[str(TEMPLATES)])
        suffix = ".html"
    elif kind == "slides":
        exporter = SlidesExporter(template_name="offline_slides", embed_images=True,
                                  extra_template_basedirs=[str(TEMPLATES)],
                                  reveal_url_prefix="assets/reveal.js",
                                  reveal_theme="white")  # "simple" loads Google fonts
        suffix = ".slides.html"
    else:
        raise ValueError(f"kind must be 'html' or 'slides'; got {kind!r}")
    if not notebooks:
        raise ValueError("no notebooks to render: name some, like notebooks/01_*.ipynb")
    target.mkdir(parents=True, exist_ok=True)
    copy_assets(target, slides=kind == "slides")
    written = []
    for path in notebooks:
        body, _ = exporter.from_notebook_node(offline_notebook(path),
                                              resources={"metadata": {"name": path.stem}})
        page = target / f"{path.stem}{suffix}"
        page.write_text(rewrite_links(body, suffix), encoding="utf-8")
        written.append(page)
    start = f"{notebooks[0].stem}{suffix}"
    (target / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={start}"><title>The course</title></head>'
        f'<body><p><a href="{start}">Start here</a></p></body></html>\n', encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["html", "slides"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, help="default: build/html or build/slides")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    target = args.out or REPO / "build" / args.kind
    written = build(args.kind, notebooks, target)
    print(f"{len(written)} pages in {target}; open {target / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
