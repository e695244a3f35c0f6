"""`make html`'s static edition in headless Chromium, offline.

Each page is opened from a file:// URL with every request to anything but file:// or localhost
blocked and counted as a failure (as are requests that fail, such as a missing asset). On each page:
every relative link leads to a page that exists, and its #fragment to an element of that page; every
image has loaded (naturalWidth > 0); the formulas are typeset by the local MathJax. Links to other
sites (http, https) cannot be followed offline: they are listed, not followed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, OfflinePage

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HTML = REPO / "build" / "html"
@pytest.fixture(scope="module")
def edition() -> Path:
    """Build the edition as `make html` does, so the test checks what the command makes."""
    subprocess.run([sys.executable, str(REPO / "scripts" / "editions.py"), "html"], check=True)
    return HTML


@pytest.fixture(scope="module")
def ids_of(browser, edition):
    """The element ids of each page, read in the browser once per page."""
    cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in cache:
            visit = OfflinePage(browser)
            visit.open(path)
            cache[path] = set(visit.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            assert not visit.problems(), visit.problems()
            visit.page.close()
        return cache[path]

    return ids


def test_every_notebook_has_a_page_and_the_index_starts_at_the_contents(edition):
    pages = {path.name for path in edition.glob("*.html")}
    assert {f"{nb.stem}.html" for nb in NOTEBOOKS} | {"index.html"} <= pages
    assert 'url=00_index.html"' in (edition / "index.html").read_text()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_page_works_offline(browser, edition, ids_of, notebook):
    path = edition / f"{notebook.stem}.html"
    visit = OfflinePage(browser)
    visit.open(path)
    problems = []

    links = visit.page.eval_on_selector_all(
        "a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])")
    followed, external = 0, []
    for written, resolved in links:
        parts = urllib.parse.urlsplit(resolved)
        if parts.scheme in ("http", "https"):
            external.append(resolved)
            continue
        if parts.scheme != "file":
            problems.append(f"link {written!r}: neither a page of the edition nor a web address")
            continue
        target = Path(urllib.parse.unquote(parts.path))
        if not target.is_file():
            problems.append(f"link {written!r} leads to {target}, which does not exist")
            continue
        if written.endswith(".ipynb") or ".ipynb#" in written:
            problems.append(f"link {written!r} still points at a notebook")
        # As browsers find a fragment's element: by the fragment as written, then decoded.
        fragment = parts.fragment
        if fragment and not {fragment, urllib.parse.unquote(fragment)} & ids_of(target):
            problems.append(f"link {written!r}: no element #{fragment} in {target.name}")
        followed += 1
    assert followed >= 2, f"only {followed} links on the page: the navigation line is missing"

    images = visit.page.eval_on_selector_all(
        "img", "els => els.map(i => [i.src.slice(0, 40), i.complete, i.naturalWidth])")
    problems += [f"image {src}... did not load" for src, complete, width in images
                 if not complete or width == 0]
    cells = nbformat.read(notebook, as_version=4).cells
    stored_images = sum("image/png" in output.get("data", {})
                        for cell in cells for output in cell.get("outputs", []))
    if stored_images:
        assert len(images) >= stored_images, (len(images), stored_images)

    raw = [formula for cell in cells if cell.cell_type == "markdown"
           for formula in re.findall(r"\$[^$\n]+\$", cell.source)]
    if raw:
        typeset = visit.page.eval_on_selector_all("mjx-container", "els => els.length")
        problems += [] if typeset else [f"formulas {raw[:2]} not typeset by MathJax"]

    problems += visit.problems()
    print(f"{path.name}: {followed} links followed, {len(images)} images, "
          f"{len(external)} links to other sites not followed: {sorted(set(external))}")
    visit.page.close()
    assert not problems, "\n".join(problems)
