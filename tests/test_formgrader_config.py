"""Issue 25 §5: formgrader fit for a course without internet. The configuration `grade`, `gather` and
`autograder formgrader` write lists the released chapters only (or the instructor's choice), keeps nbgrader's
exchange inside the grading folder, and gives formgrader's pages a MathJax served by the same server."""
import subprocess
import sys

from nbgrader.apps import NbGraderAPI
from traitlets.config.loader import PyFileConfigLoader

from autograder import paths
from autograder.course.release import released_chapters
from autograder.grading import formgrader
from autograder.grading.store import db_url


def _api(out):
    return NbGraderAPI(config=PyFileConfigLoader("nbgrader_config.py", path=str(out)).load_config())


def test_formgrader_lists_the_released_chapters_or_the_chosen_ones(tmp_path):
    url = db_url(tmp_path, None)
    formgrader.write_config(tmp_path, url)
    released = released_chapters()
    assert released and len(released) < len(paths.chapters())   # the test can fail: not every chapter
    assert sorted(a["name"] for a in _api(tmp_path).get_assignments()) == released
    formgrader.write_config(tmp_path, url, ["02-backprop", "03-activations"])
    assert sorted(a["name"] for a in _api(tmp_path).get_assignments()) == ["02-backprop", "03-activations"]


def test_the_exchange_is_a_folder_of_the_course(tmp_path):
    formgrader.write_config(tmp_path, db_url(tmp_path, None))
    api = _api(tmp_path)
    assert (tmp_path / "exchange").is_dir()
    assert api.config.Exchange.root == str(tmp_path.resolve() / "exchange")


def test_formgraders_pages_load_mathjax_from_the_server_not_a_cdn(tmp_path):
    formgrader.write_config(tmp_path, db_url(tmp_path, None))
    command, env = formgrader.lab_command(tmp_path, browser=False)
    macro = tmp_path / formgrader.ASSETS / "jupyter" / "nbconvert" / "templates" / "base" / "mathjax.html.j2"
    assert "/static/autograder-mathjax/tex-chtml.js" in macro.read_text(encoding="utf-8")
    assert env["JUPYTER_PATH"].split(":")[0] == str(tmp_path.resolve() / formgrader.ASSETS / "jupyter")
    assert any("extra_static_paths" in part for part in command)
    if formgrader.mathjax_source().is_dir():   # `make setup` installed the book's MathJax
        assert (tmp_path / formgrader.ASSETS / "static" / "autograder-mathjax" / "tex-chtml.js").is_file()
    # formgrader's own exporter, with this search path, takes the course's macro over nbconvert's CDN one
    script = ("from nbconvert import HTMLExporter\n"
              "from nbgrader.server_extensions.formgrader import handlers\n"
              "e = HTMLExporter(template_name='formgrade', extra_template_basedirs=[handlers.template_path])\n"
              "import nbformat\n"
              "html, _ = e.from_notebook_node(nbformat.v4.new_notebook(), resources={'base_url': '/', 'index': 0, 'total': 1})\n"
              "print('cdnjs' in html, 'autograder-mathjax' in html)\n")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["False", "True"], done.stderr[-2000:]
