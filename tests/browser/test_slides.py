"""`make slides`: every lesson as reveal.js slides, opened from files with the network shut.

For each deck: reveal.js (from the npm registry, copied next to the slides) starts, the deck has one
slide per `slide` and `subslide` cell of the notebook (scripts/slide_metadata.py's rule), nothing is
requested from another host and nothing fails to load, and the formulas are typeset. One slide is
photographed: build/screenshots/slides_01_a_generator_function.png.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, WINDOW, OfflinePage

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDES = REPO / "build" / "slides"
PHOTO_DECK, PHOTO_HEADING = "01_iteration_and_yield", "3. A generator function"


@pytest.fixture(scope="module")
def decks() -> Path:
    """Build the slides as `make slides` does, so the test checks what the command makes."""
    subprocess.run([sys.executable, str(REPO / "scripts" / "editions.py"), "slides"], check=True)
    return SLIDES


def open_deck(browser, decks: Path, stem: str) -> OfflinePage:
    visit = OfflinePage(browser)
    visit.page.set_viewport_size(WINDOW)
    visit.open(decks / f"{stem}.slides.html")
    visit.page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    return visit


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_deck_works_offline(browser, decks, notebook):
    visit = open_deck(browser, decks, notebook.stem)
    cells = json.loads(notebook.read_text())["cells"]
    types = [cell["metadata"].get("slideshow", {}).get("slide_type", "-") for cell in cells]
    expected = types.count("slide") + types.count("subslide")
    total = visit.page.evaluate("() => Reveal.getTotalSlides()")
    problems = [] if total == expected else [f"{total} slides, the metadata gives {expected}"]
    markdown = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
    if re.search(r"\$[^$\n]+\$", markdown):
        typeset = visit.page.eval_on_selector_all("mjx-container", "els => els.length")
        problems += [] if typeset else ["formulas not typeset by MathJax"]
    problems += visit.problems()
    print(f"{notebook.stem}: {total} slides from {len(cells)} cells")
    visit.page.close()
    assert not problems, "\n".join(problems)


def test_screenshot_of_one_slide(browser, decks, screenshots):
    visit = open_deck(browser, decks, PHOTO_DECK)
    where = visit.page.evaluate("""(heading) => {
        const slide = Reveal.getSlides().find(s => [...s.querySelectorAll('h2')]
            .some(h => h.textContent.replace('¶', '').trim() === heading));
        if (!slide) return null;
        const {h, v} = Reveal.getIndices(slide);
        Reveal.slide(h, v);
        return [h, v];
    }""", PHOTO_HEADING)
    assert where is not None, f"no slide with the heading {PHOTO_HEADING!r}"
    visit.page.wait_for_timeout(500)
    current = visit.page.evaluate("() => Reveal.getCurrentSlide().textContent")
    assert PHOTO_HEADING in current and "numbers_up_to" in current, current[:300]
    path = screenshots / "slides_01_a_generator_function.png"
    visit.page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    assert not visit.problems(), visit.problems()
    visit.page.close()
