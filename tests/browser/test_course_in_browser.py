"""What a learner sees in JupyterLab at 1280x800.

Every notebook after Run All, its navigation links, a traceback across cells, the stepper.

Run by `make test-browser` (not by `make test`). Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import REPO, Lab

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RUN_ALL_TIMEOUT_MS = 180_000

ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# Everything a learner would see go wrong in a notebook that has run: returned as sentences.
PROBLEMS_JS = r"""
(tagged) => {
  const problems = [];
  const panel = document.querySelector('%(active)s');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
  cells.forEach((cell, index) => {
    const where = `cell ${index}`;
    for (const out of cell.querySelectorAll('.jp-OutputArea-output')) {
      const mime = out.getAttribute('data-mime-type') || '';
      if (mime === 'application/vnd.jupyter.stderr' && !tagged.includes(index)) {
        problems.push(`${where}: stderr or error output: ${out.innerText.slice(0, 300)}`);
      }
      if (out.scrollWidth > out.clientWidth + 1) {
        problems.push(`${where}: output scrolls sideways `
                      + `(${out.scrollWidth} > ${out.clientWidth} px)`);
      }
      for (const pre of out.querySelectorAll('pre')) {
        // A line too long for the output: a problem where it breaks columns apart (two or
        // more spaces inside it) or must break inside a word; prose may wrap between words.
        const style = getComputedStyle(pre);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        const room = pre.clientWidth;
        for (const line of pre.innerText.split('\n')) {
          const need = ctx.measureText(line).width;
          if (need <= room + 1) continue;
          const columns = /\S {2,}\S/.test(line.trim());
          const longWord = line.split(/\s+/).some(w => ctx.measureText(w).width > room + 1);
          if (columns || longWord) {
            problems.push(`${where}: text line wraps ${columns ? 'a table' : 'mid-word'} `
                          + `(needs ${Math.round(need)} px, has ${room}): ${line.slice(0, 80)}`);
          }
        }
      }
      for (const table of out.querySelectorAll('table.lessons-trace')) {
        // A trace table may wrap inside a cell, between words (its rows stay rows); it must not
        // be wider than the output.
        const need = table.getBoundingClientRect().width;
        if (need > out.clientWidth + 1) {
          problems.push(`${where}: trace table wider than the output `
                        + `(${Math.round(need)} px, has ${out.clientWidth})`);
        }
      }
    }
    for (const img of cell.querySelectorAll('img')) {
      if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) {
        problems.push(`${where}: image not loaded: ${img.getAttribute('src').slice(0, 60)}`);
      } else if (img.closest('.jp-OutputArea-output') && img.naturalWidth > img.clientWidth + 1) {
        problems.push(`${where}: picture shrunk from ${img.naturalWidth} to ${img.clientWidth} px`);
      }
    }
  });
  return problems;
}
""".replace("%(active)s", ACTIVE)


def open_notebook(browser: Any, lab: Lab, name: str) -> Any:
    """A new page with ``notebooks/name`` open and its kernel idle."""
    page = browser.new_page()
    page.goto(lab.url(f"notebooks/{name}"))
    page.wait_for_selector(f"{ACTIVE} .jp-Notebook .jp-Cell", timeout=60_000)
    wait_idle(page)
    return page


def wait_idle(page: Any, timeout: int = 60_000) -> None:
    """Wait until the notebook's kernel is connected and idle (as the status bar says)."""
    page.wait_for_selector(
        f'{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=timeout
    )
    page.wait_for_function(
        "() => /\\| Idle/.test(document.querySelector('#jp-main-statusbar').innerText)",
        timeout=timeout,
    )


def menu(page: Any, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).first.click()


STARTED_JS = """() => [...document.querySelectorAll('%s .jp-CodeCell .jp-InputPrompt')]
  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))""".replace("%s", ACTIVE)


def run_all(page: Any) -> None:
    """Run → Run All Cells, then wait until every code cell has its number and the kernel is idle.

    A kernel that has only just connected can drop the request: then it is asked again.
    """
    for attempt in range(3):
        menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(STARTED_JS, timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
            wait_idle(page)
    # Finished, or stopped by an error: every cell numbered, or for 3 s nothing queued or running
    # and the kernel idle (JupyterLab queues the cells a few at a time, so one look is not enough).
    state_js = """() => {
      const prompts = [...document.querySelectorAll('%s .jp-Notebook .jp-Cell')]
        .map((c, i) => [i, c]).filter(([i, c]) => c.classList.contains('jp-CodeCell'))
        .map(([i, c]) => [i, c.querySelector('.jp-InputPrompt').textContent.trim()]);
      const indicator = document.querySelector('%s .jp-Notebook-ExecutionIndicator');
      return {
        unrun: prompts.filter(([i, t]) => !/^\\[\\d+\\]:$/.test(t)).map(([i, t]) => i),
        busy: prompts.some(([i, t]) => t === '[*]:')
          || (indicator && indicator.getAttribute('data-status') !== 'idle'),
      };
    }""".replace("%s", ACTIVE)
    deadline, quiet_since = time.monotonic() + RUN_ALL_TIMEOUT_MS / 1000, None
    while True:
        state = page.evaluate(state_js)
        if not state["unrun"] or time.monotonic() > deadline:
            break
        quiet_since = None if state["busy"] else (quiet_since or time.monotonic())
        if quiet_since and time.monotonic() - quiet_since > 3:
            break
        page.wait_for_timeout(500)
    unrun = state["unrun"]
    if unrun:
        problems = page.evaluate(PROBLEMS_JS, [])
        raise AssertionError(
            f"Run All stopped: cells {unrun[:5]} did not run\n" + "\n".join(problems)
        )
    wait_idle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('%s img')].every(i => i.complete)".replace(
            "%s", ACTIVE
        ),
        timeout=30_000,
    )


def tagged_raises(path: Path) -> list[int]:
    notebook = nbformat.read(path, as_version=4)
    return [
        i
        for i, cell in enumerate(notebook.cells)
        if "raises-exception" in cell.metadata.get("tags", [])
    ]


def current_tab(page: Any) -> str:
    return page.locator(
        "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel"
    ).inner_text()


def nav_link(page: Any, which: str) -> Any:
    """The first link of the first cell, or the last link of the last cell."""
    cells = page.locator(f"{ACTIVE} .jp-Notebook .jp-Cell")
    cell = cells.first if which == "first" else cells.last
    links = cell.locator(".jp-RenderedMarkdown a")
    return links.first if which == "first" else links.last


def screenshot_first(page: Any, selector: str, path: Path) -> bool:
    """Screenshot the first element matching ``selector`` at its real size; False if none."""
    found = page.locator(f"{ACTIVE} {selector}")
    if found.count() == 0:
        return False
    found.first.scroll_into_view_if_needed()
    found.first.screenshot(path=str(path))
    return True


# One exercise per lesson: (exercise, lesson module, function, a typical wrong answer).
EXERCISES = {
    "00": (
        "ex0",
        "lesson00",
        "first_squares",
        "def first_squares(n):\n    return [i * i for i in range(1, n + 1)]",
    ),
    "01": (
        "ex1",
        "lesson01",
        "every_other",
        "def every_other(items):\n    return list(items)[::2]",
    ),
    "02": (
        "ex1",
        "lesson02",
        "squares_of_evens",
        "def squares_of_evens(numbers):\n    return [n * n for n in numbers if n % 2 == 0]",
    ),
    "03": (
        "ex2",
        "lesson03",
        "package_names",
        'def package_names(path):\n    with open(path, encoding="utf-8") as f:\n'
        "        for line in f:\n            yield line.strip()",
    ),
    "04": (
        "ex1",
        "lesson04",
        "response_sizes",
        'def response_sizes(path):\n    with open(path, encoding="utf-8") as f:\n'
        "        for line in f:\n            yield int(line.split()[-1])",
    ),
    "05": (
        "ex1",
        "lesson05",
        "send_all",
        "def send_all(coroutine, values):\n    return [coroutine.send(value) for value in values]",
    ),
    "06": (
        "ex4",
        "lesson06",
        "read_records",
        'def read_records(path):\n    for line in open(path, encoding="utf-8"):\n'
        "        if line.strip():\n            yield line.strip()",
    ),
    "07": (
        "ex1",
        "lesson07",
        "song",
        "def song(verses):\n    for number in range(1, verses + 1):\n"
        "        verse(number)\n        chorus()",
    ),
    "08": (
        "ex1",
        "lesson08",
        "moving_average",
        "def moving_average(numbers, window):\n    total = 0\n"
        "    for count, number in enumerate(numbers, start=1):\n        total += number\n"
        "        if count >= window:\n            yield total / count",
    ),
    "09": (
        "ex3",
        "lesson09",
        "batches_per_epoch",
        "def batches_per_epoch(make_batches, epochs):\n    batches = make_batches()\n"
        "    return [sum(1 for _ in batches) for _ in range(epochs)]",
    ),
    "10": (
        "ex1",
        "lesson10",
        "take_turns",
        "def take_turns(tasks):\n    for task in tasks:\n        yield from task",
    ),
}
# Panel colours (Okabe-Ito) as the browser reports them: amber "Not yet", green "Correct".
AMBER, GREEN = "rgb(230, 159, 0)", "rgb(0, 158, 115)"


def type_and_run(page: Any, index: int, text: str) -> str:
    """Replace cell ``index``'s code with ``text`` as typed and run it; return its feedback."""
    cell = page.locator(f"{ACTIVE} .jp-Notebook .jp-Cell").nth(index)
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)
    before = cell.locator(".jp-InputPrompt").inner_text()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        "([index, before]) => { const c = document.querySelectorAll("
        "'%s .jp-Notebook .jp-Cell')[index]; const t = c.querySelector('.jp-InputPrompt')"
        ".textContent.trim(); return /^\\[\\d+\\]:$/.test(t) && t !== before; }".replace(
            "%s", ACTIVE
        ),
        arg=[index, before.strip()],
        timeout=60_000,
    )
    panel = cell.locator(".jp-OutputArea-output .lessons-feedback").last
    return panel.evaluate("p => getComputedStyle(p).borderLeftColor") + " " + panel.inner_text()


def check_feedback(page: Any, lesson: str, screenshots: Path) -> list[str]:
    """A typical wrong answer shows an amber "Not yet", the reference a green "Correct"."""
    import importlib

    name, module, function, wrong = EXERCISES[lesson]
    exercise = getattr(importlib.import_module(f"lessons_lib.exercises.{module}"), name)
    notebook = nbformat.read(next((REPO / "notebooks").glob(f"{lesson}_*.ipynb")), as_version=4)
    call = f"{name}.check({function})"
    index = next(
        i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and call in c.source
    )
    source = notebook.cells[index].source
    imports = source[: source.index(f"def {function}(")]
    problems = []
    for answer, colour, words in (
        (wrong, AMBER, "Not yet"),
        (exercise.solution_source(), GREEN, "Correct"),
    ):
        shown = type_and_run(page, index, f"{imports}{answer}\n\n\n{call}\n")
        if not (shown.startswith(colour) and words in shown):
            problems.append(f"{name} ({function}): expected {words} in {colour}, saw {shown[:200]}")
        kind = "not-yet" if colour == AMBER else "correct"
        page.locator(f"{ACTIVE} .jp-Notebook .jp-Cell").nth(index).locator(
            ".jp-OutputArea-output:has(.lessons-feedback)"
        ).last.screenshot(path=str(screenshots / f"{lesson}-feedback-{kind}.png"))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_and_reads_well(
    browser: Any, lab: Lab, screenshots: Path, path: Path
) -> None:
    page = open_notebook(browser, lab, path.name)
    try:
        run_all(page)
        problems = page.evaluate(PROBLEMS_JS, tagged_raises(path))
        toasts = page.locator(".jp-Notification-Toast-default, .Toastify__toast").all_inner_texts()
        problems += [f"a notification pops up: {text[:80]}" for text in toasts if "news" in text]
        stem = path.stem[:2]
        page.screenshot(path=str(screenshots / f"{stem}-after-run-all.png"))
        screenshot_first(
            page,
            ".jp-OutputArea-output:has(table.lessons-trace)",
            screenshots / f"{stem}-trace-table.png",
        )
        screenshot_first(
            page, ".jp-OutputArea-output:has(img)", screenshots / f"{stem}-first-picture.png"
        )
        assert not problems, f"{path.name} after Run All:\n" + "\n".join(problems)
        feedback = check_feedback(page, path.name[:2], screenshots)
        assert not feedback, f"{path.name}, exercise feedback:\n" + "\n".join(feedback)
        for which in ("first", "last"):
            link = nav_link(page, which)
            target = Path(link.get_attribute("href").split("?")[0]).name
            assert target.endswith(".ipynb"), (
                f"{path.name}: the {which} navigation link is {target!r}"
            )
            link.scroll_into_view_if_needed()
            link.click()
            page.wait_for_function(
                "(name) => { const t = document.querySelector("
                "'#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');"
                " return t && t.textContent === name; }",
                arg=target,
                timeout=30_000,
            )
            assert current_tab(page) == target
            wait_idle(page)  # its kernel connected before the page moves on
            page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=path.name).first.click()
    finally:
        close(page, lab)


def close(page: Any, lab: Lab) -> None:
    """Leave the page (its websockets close), then shut down the kernels it started."""
    page.goto("about:blank")
    page.wait_for_timeout(500)
    page.close()
    lab.stop_kernels()


def scratch_notebook(lab: Lab, name: str, cells: list[str]) -> str:
    """Write a notebook into the course copy (never the work tree); return its name."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, lab.root / "notebooks" / name)
    return name


def test_traceback_names_the_cell_and_line_where_the_generator_failed(
    browser: Any, lab: Lab
) -> None:
    name = scratch_notebook(
        lab,
        "scratch_traceback.ipynb",
        [
            'def numbers():\n    yield 1\n    raise ValueError("no more numbers")',
            'print("adding up")\ntotal = sum(numbers())',
        ],
    )
    page = open_notebook(browser, lab, name)
    try:
        run_all(page)
        error = page.locator(
            f'{ACTIVE} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        try:
            error.first.wait_for(timeout=60_000)
        except Exception:
            page.screenshot(path="build/dbg-tb.png")
            raise
        text = error.first.inner_text()
        assert "ValueError: no more numbers" in text
        # The generator's frame: the first cell, line 3, with that line shown.
        assert re.search(r"Cell In\[1\], line 3\b", text), text
        assert 'raise ValueError("no more numbers")' in text
        assert re.search(r"Cell In\[2\], line 2\b", text), text  # and the caller's line
    finally:
        close(page, lab)


STEPPER_CELL = """from lessons_lib.stepper import step

def shout(name):
    greeting = f"hello {name}"
    yield greeting
    loud = greeting.upper()
    yield loud
    size = len(loud)
    yield size

step(shout("ada"))"""


def stepper_state(page: Any) -> tuple[str, str]:
    panel = page.locator(f"{ACTIVE} .lessons-stepper")
    paused = panel.locator(".lessons-step-paused")
    line = paused.first.get_attribute("data-line") if paused.count() else ""
    return line, panel.locator(".lessons-step-locals").inner_text()


def test_stepper_next_moves_the_highlight_and_changes_the_locals(
    browser: Any, lab: Lab, screenshots: Path
) -> None:
    name = scratch_notebook(lab, "scratch_stepper.ipynb", [STEPPER_CELL])
    page = open_notebook(browser, lab, name)
    try:
        run_all(page)
        page.locator(f"{ACTIVE} .lessons-stepper").wait_for(timeout=30_000)
        seen = [stepper_state(page)]
        assert seen[0][0] == "3", seen  # not started: the def line
        for _ in range(3):
            page.locator(f"{ACTIVE} .lessons-stepper button", has_text=re.compile("^next$")).click()
            page.wait_for_function(
                "([line, names]) => { const s = document.querySelector('%s .lessons-stepper');"
                " const p = s.querySelector('.lessons-step-paused');"
                " const l = s.querySelector('.lessons-step-locals');"
                " return p && l && p.getAttribute('data-line') !== line"
                " && l.innerText !== names; }".replace("%s", ACTIVE),
                arg=list(seen[-1]),
                timeout=30_000,
            )
            seen.append(stepper_state(page))
        assert [line for line, _ in seen] == ["3", "5", "7", "9"], seen
        assert len({local for _, local in seen}) == 4, seen  # the locals changed with every click
        assert "size" in seen[-1][1] and "9" in seen[-1][1]
        assert page.locator(f"{ACTIVE} .lessons-stepper table.lessons-trace tbody tr").count() == 3
        assert page.locator(f"{ACTIVE} .lessons-stepper img").count() == 1
        page.locator(f"{ACTIVE} .lessons-stepper").screenshot(
            path=str(screenshots / "stepper-after-3-next.png")
        )
    finally:
        close(page, lab)


# Kept last: by now every notebook has been opened in this server.
def test_the_terminal_shows_no_warnings(lab: Lab) -> None:
    """What `make lab` printed: no warnings or errors (a notebook not yet trusted is normal)."""
    alarming = [
        "".join(lab.log[number : number + 15])  # with the traceback that may follow
        for number, line in enumerate(lab.log)
        if (re.match(r"\[(W|E) ", line) or "WARNING" in line) and "is not trusted" not in line
    ]
    assert not alarming, "\n".join(alarming)
