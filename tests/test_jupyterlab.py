"""A student's round trip in JupyterLab 4 with the nbgrader extension, in headless Chromium:
open a lesson, fill in an exercise, run it, see its visible test pass, then validate."""
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder import paths

SHOTS = paths.BUILD / "screenshots"
CHAPTER = "01-perceptron"
ANSWER = "def step_function(a):\n    return (np.asarray(a) > 0).astype(int)\n"


def _server_url(server: subprocess.Popen, runtime: Path, token: str) -> str:
    """The server's address once it answers: from the file it writes into its runtime folder."""
    while server.poll() is None:
        for info in runtime.glob("jpserver-*.json"):
            try:
                url = json.loads(info.read_text())["url"].rstrip("/")
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5)
                return url
            except (OSError, ValueError, KeyError):   # a file being written, a server not answering yet
                pass
        time.sleep(0.5)
    raise RuntimeError(f"jupyter lab stopped with status {server.returncode}")


STUDENT = "student-with-mistakes.ipynb"


def _with_mistakes(target: Path) -> None:
    """The lesson answered as issue 27's student did: ``step_function`` with ``>=``, ``perceptron_update``
    without ``lr``, everything else right."""
    import nbformat
    from autograder import cells
    lesson = nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    solution = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    marks = {cells.BEGIN_SOLUTION, cells.END_SOLUTION}
    answers = {cells.grade_id(c): "\n".join(line for line in c.source.split("\n") if line.strip() not in marks)
               for c in solution.cells if cells.is_solution(c) and c.cell_type == "code"}
    answers["ex_step_function"] = "def step_function(a):\n    return np.where(np.asarray(a) >= 0, 1, 0)"
    answers["ex_perceptron_update"] = answers["ex_perceptron_update"].replace("lr * ", "")
    for cell in lesson.cells:
        if cells.is_solution(cell) and cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell)]
    nbformat.write(lesson, target)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(paths.lesson_notebook(CHAPTER), root)
    _with_mistakes(root / STUDENT)
    settings = root / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    token, runtime = "course-test", root / ".runtime"
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               "--ServerApp.port=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    # its own settings, workspaces (no tab of an earlier run comes back) and runtime folder (where the server
    # writes the port the system gave it: no port is chosen beforehand)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(root / ".settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(root / ".workspaces"), JUPYTER_RUNTIME_DIR=str(runtime))
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = _server_url(server, runtime, token)
    yield f"{url}/lab/tree/{CHAPTER}.ipynb?token={token}&reset"   # reset: only the tab the test opens
    server.terminate()
    server.wait(timeout=30)


def test_fill_run_and_validate_an_exercise(lab):
    from playwright.sync_api import sync_playwright
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(lab)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
        page.wait_for_timeout(2000)
        page.screenshot(path=str(SHOTS / "jupyterlab-opened.png"))
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")
        for _ in range(100):  # run cell by cell until the exercise, then answer it and run its test
            active = page.locator(".jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea").inner_text()
            if "def step_function" in active:
                page.keyboard.press("Enter")
                page.keyboard.press("Control+A")
                page.keyboard.insert_text(ANSWER)
                page.keyboard.press("Escape")
                page.keyboard.press("Shift+Enter")
                page.keyboard.press("Shift+Enter")
                break
            page.keyboard.press("Shift+Enter")
            page.wait_for_timeout(100)
        else:
            pytest.fail("the exercise cell was never reached")
        test_cell = page.locator(".jp-Notebook .jp-Cell").filter(has_text="step_function([-2, 0.5, 3])")
        for _ in range(240):
            if any(ch.isdigit() for ch in test_cell.locator(".jp-InputArea-prompt").inner_text()):
                break
            page.wait_for_timeout(500)
        assert any(ch.isdigit() for ch in test_cell.locator(".jp-InputArea-prompt").inner_text())
        assert test_cell.locator(".jp-OutputArea-output").count() == 0  # the visible test passed silently
        page.screenshot(path=str(SHOTS / "jupyterlab-exercise-passed.png"))

        page.keyboard.press("Control+S")
        page.wait_for_timeout(1500)
        page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate").click()
        page.wait_for_selector(".jp-Dialog", timeout=180000)
        page.wait_for_timeout(500)
        report = page.locator(".jp-Dialog").inner_text()
        page.screenshot(path=str(SHOTS / "jupyterlab-validate.png"))
        browser.close()
    assert "Validation Results" in report
    assert "perceptron(X, [0.5, 0.5], -0.7)" in report          # unsolved exercises are reported
    assert "step_function([-2, 0.5, 3])" not in report          # the solved one is not
    assert "BEGIN HIDDEN" not in report and "_reference" not in report


def test_a_failure_names_the_earlier_exercise_and_the_self_check_shows_a_table(lab):
    """Cell by cell, as a student runs them (each waits for the one before: after an error the kernel drops
    what was queued): the failing later test names exercise 1, in two lines; the self-check table lists all."""
    from playwright.sync_api import sync_playwright
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = lab.replace(f"{CHAPTER}.ipynb", STUDENT)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
        page.wait_for_timeout(2000)
        cells = page.locator(".jp-Notebook .jp-Cell")
        cells.first.click()
        page.keyboard.press("Escape")
        for index in range(cells.count()):
            cell = cells.nth(index)
            page.keyboard.press("Shift+Enter")
            if "jp-CodeCell" in (cell.get_attribute("class") or ""):
                prompt = cell.locator(".jp-InputArea-prompt")
                for _ in range(600):
                    if any(ch.isdigit() for ch in prompt.inner_text()):
                        break
                    page.wait_for_timeout(200)
        update = cells.filter(has_text="def test_perceptron_update")
        update.scroll_into_view_if_needed()
        message = update.locator(".jp-OutputArea-output").inner_text().strip()
        page.screenshot(path=str(SHOTS / "jupyterlab-failure-names-earlier-exercise.png"))
        table = cells.filter(has_text="self_check({").locator(".jp-OutputArea-output")
        table.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        text = table.inner_text()
        page.screenshot(path=str(SHOTS / "jupyterlab-self-check-table.png"))
        browser.close()
    assert message.split("\n") == ["✗ 연습 1이 아직 맞지 않습니다 (`step_function`). 먼저 고치세요.",
                                   "✗ exercise 1's `step_function` is not right yet: fix it first."]
    assert "연습 / Exercise" in text and "점수 / Points" in text and "visible tests: 9 / 12" in text
    assert text.count("✗") == 2 and text.count("✓") == 6
