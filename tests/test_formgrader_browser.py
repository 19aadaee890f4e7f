"""Issue 25, end to end in a real browser: the instructor's grading loop on a synthetic chapter with a written
answer. `grade` → formgrader (JupyterLab on loopback as `autograder formgrader` starts it, headless Chromium):
a score and a comment typed for kim's answer, a score for lee's → `export` → kim's feedback page shows the
points and the comment. Then kim rewrites the answer and lee hands in the same one → `grade --force` → kim's
row says awaiting grading again and the score excludes the stale points; lee's score stays. Formgrader lists
only the chosen chapter, loads MathJax from its own server (no request leaves the machine) and logs no
exchange warning."""
import csv
import json
import os
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import cells, paths
from autograder.course import book_pages, lessons
from autograder.grading import formgrader
from autograder.grading.run import grade_class
from test_written_answers import CHAPTER, LIMITS, _solution

pytestmark = pytest.mark.xdist_group("grader-synthetic")
TOKEN = "formgrader-test"


@pytest.fixture(scope="module")   # module, not session: it patches paths for this file only
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("formgrader")
    mp = pytest.MonkeyPatch()
    mp.setattr(paths, "SOLUTIONS", root / "solutions")
    mp.setattr(paths, "LESSONS", root / "lessons")
    mp.setattr(book_pages, "CACHE", root / "page-cache")
    (root / "solutions" / CHAPTER).mkdir(parents=True)
    (root / "lessons").mkdir()
    nbformat.write(_solution(), paths.solution_notebook(CHAPTER))
    lessons.generate([CHAPTER])
    yield root, nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    mp.undo()


def _hand_in(root, lesson, student, text):
    nb = nbformat.from_dict(json.loads(json.dumps(lesson)))
    for cell in nb.cells:
        if cells.grade_id(cell) == "ex_double":
            cell.source = "def double(x):\n    return 2 * x"
        elif cells.is_written(cell):
            cell.source = text
    target = root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def _rows(path):
    with open(path, encoding="utf-8") as handle:
        return {r["student"]: r for r in csv.DictReader(handle)}


def _start_lab(out, log):
    """JupyterLab as `autograder formgrader` starts it, on 127.0.0.1 and a port the system picks (port 0);
    the address is read from the server's runtime file."""
    runtime = out.parent / "runtime"
    runtime.mkdir(exist_ok=True)
    command, env = formgrader.lab_command(out, port=0, browser=False)
    command += ["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", "--ServerApp.port_retries=0"]
    env.update(JUPYTER_RUNTIME_DIR=str(runtime), JUPYTERLAB_SETTINGS_DIR=str(out.parent / "settings"))
    server = subprocess.Popen(command, cwd=out, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        found = list(runtime.glob("jpserver-*.json"))
        if found:
            url = json.loads(found[0].read_text())["url"].rstrip("/")
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
                return server, url
            except OSError:
                pass
        if server.poll() is not None:
            break
        time.sleep(0.5)
    server.terminate()
    pytest.fail("JupyterLab did not start:\n" + (out.parent / "lab.log").read_text()[-3000:])


def _typed(url_db, student):
    """(manual score, manual comment) of ``student``'s written answer in the gradebook."""
    with Gradebook(url_db) as gb:
        return (gb.find_grade("written_vanishing", CHAPTER, CHAPTER, student).manual_score,
                gb.find_comment("written_vanishing", CHAPTER, CHAPTER, student).manual_comment or None)


def _wait_for(condition, what, tries=240):
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"never happened: {what}")


def test_grade_by_hand_export_and_resubmit(course):
    from playwright.sync_api import sync_playwright
    root, lesson = course
    _hand_in(root, lesson, "kim", "기울기가 층마다 곱해져 작아집니다 $\\sigma'(x) \\le 0.25$")
    _hand_in(root, lesson, "lee", "잘 모르겠습니다 / not sure")
    out, submitted = root / "grading", root / "submitted"
    grade_class(submitted, out, jobs=2, limits=LIMITS)
    url_db = f"sqlite:///{out / 'gradebook.db'}"
    formgrader.write_config(out, f"{url_db}?timeout=120", [CHAPTER])
    with Gradebook(url_db) as gb:
        kim_id = gb.find_submission_notebook(CHAPTER, CHAPTER, "kim").id
        lee_id = gb.find_submission_notebook(CHAPTER, CHAPTER, "lee").id

    log_path = root / "lab.log"
    with open(log_path, "w") as log:
        server, base = _start_lab(out, log)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                outside = []
                page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) and
                        not r.url.startswith("data:") else None)
                page.goto(f"{base}/formgrader/?token={TOKEN}")
                listed = page.request.get(f"{base}/formgrader/api/assignments").json()
                assert [a["name"] for a in listed] == [CHAPTER]                  # the chosen chapter only
                waiting = page.request.get(f"{base}/formgrader/api/submitted_notebooks/{CHAPTER}/{CHAPTER}").json()
                assert {s["student"]: s["needs_manual_grade"] for s in waiting} == {"kim": True, "lee": True}

                for student, submission, score, comment in (("kim", kim_id, "2", "근거가 좋아요 / good reasoning"),
                                                            ("lee", lee_id, "1", "")):
                    page.goto(f"{base}/formgrader/submissions/{submission}/?token={TOKEN}")
                    box = page.locator("input.score#written_vanishing")
                    box.wait_for(timeout=60000)
                    box.fill(score)
                    box.press("Tab")
                    if comment:
                        page.locator("textarea#written_vanishing-comment").fill(comment)
                        page.locator("textarea#written_vanishing-comment").press("Tab")
                    _wait_for(lambda: _typed(url_db, student) == (float(score), comment or None),
                              f"{student}'s score and comment saved by formgrader")
                _wait_for(lambda: page.evaluate("window.MathJax && window.MathJax.version || ''") != "", "MathJax")
                assert page.evaluate("window.MathJax.version").startswith("3.")   # the course's, from this server
                assert outside == [], outside
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=60)
    assert "exchange" not in log_path.read_text().lower(), log_path.read_text()[-3000:]

    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                              cwd=paths.REPO, env=dict(os.environ, AUTOGRADER_COURSE=str(paths.REPO)))
        assert done.returncode == 0, done.stderr
        return done.stdout
    assert "no written answer awaits manual grading" in cli("export", "--out", str(out))
    cli("feedback", "--out", str(out))
    assert (_rows(out / "grades.csv")["kim"]["score"], _rows(out / "grades.csv")["lee"]["score"]) == ("4", "3")
    page = (out / "feedback" / "kim" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr>") if r.startswith("<td>written_vanishing</td>"))
    assert "2 / 3" in row and "근거가 좋아요 / good reasoning" in row

    # kim rewrites the answer, lee hands in the same text again: graded again, every submission
    _hand_in(root, lesson, "kim", "다시 쓴 답: 시그모이드의 기울기는 최대 0.25입니다")
    _hand_in(root, lesson, "lee", "잘 모르겠습니다 / not sure")
    again = {o.student: o for o in grade_class(submitted, out, jobs=2, limits=LIMITS, force=True).outcomes}
    assert (again["kim"].score, again["kim"].awaiting) == (2, {"written_vanishing": 3})
    assert (again["lee"].score, again["lee"].awaiting) == (3, {})
    rows = _rows(out / "grades.csv")
    assert rows["kim"]["score"] == "2" and "changed since it was graded" in rows["kim"]["reason"], rows["kim"]
    assert rows["lee"]["score"] == "3" and rows["lee"]["reason"] == "", rows["lee"]
    printed = cli("export", "--out", str(out))
    assert f"kim {CHAPTER}: written_vanishing" in printed and "lee" not in printed
