"""nbgrader configuration of the course.

Used two ways: ``course_config()`` from Python (the autograder CLI), and as a
config file for the stock tool: ``nbgrader <command> --NbGrader.config_file=autograder/nbgrader_config.py``
run from the repository root.
"""
from pathlib import Path

from traitlets.config import Config

REPO = Path(__file__).resolve().parent.parent
# A markdown cell tagged so is the instructors' answer key (model answers of the questions to think about):
# it lives in solutions/ only. nbgrader drops it from what it generates (lessons, the grader's release),
# the book drops it from its pages, and the leak check treats its text as a secret.
ANSWER_KEY_TAG = "answer-key"   # the same as cells.ANSWER_KEY_TAG (this file is also read alone)
# what the lesson shows in a written answer's cell (nbgrader's text stub)
TEXT_STUB = "여기에 답을 쓰세요 / YOUR ANSWER HERE"


def _generate_preprocessors() -> list:
    """nbgrader's own generate_assignment steps, after one that removes the answer-key cells."""
    from nbconvert.preprocessors import TagRemovePreprocessor
    from nbgrader.converters import GenerateAssignment
    return [TagRemovePreprocessor, *GenerateAssignment.class_traits()["preprocessors"].default()]


def course_config(root: Path = REPO, *, release: Path | None = None, submitted: Path | None = None,
                  db_path: Path | None = None, cell_timeout: int = 120, source: Path | None = None) -> Config:
    """The course's nbgrader settings; directories may be redirected for a grading run."""
    c = Config()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.source_directory = str(source or REPO / "solutions")
    c.CourseDirectory.release_directory = str(release or REPO / "lessons")
    if submitted is not None:
        c.CourseDirectory.submitted_directory = str(submitted)
    c.CourseDirectory.db_url = f"sqlite:///{db_path or Path(root) / 'gradebook.db'}"
    # Lessons must be identical on every machine: never stamp them with anything local.
    c.ClearSolutions.code_stub = {
        "python": "# 여기에 코드를 작성하세요 / YOUR CODE HERE\nraise NotImplementedError(\"아직 작성하지 않았습니다 / not written yet\")",
    }
    # a written answer (markdown cell marked solution + grade, graded by hand in formgrader) gets this stub
    c.ClearSolutions.text_stub = TEXT_STUB
    c.GenerateAssignment.preprocessors = _generate_preprocessors()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {ANSWER_KEY_TAG}
    c.Execute.timeout = cell_timeout
    c.Execute.allow_errors = True
    c.Execute.interrupt_on_timeout = True
    c.Execute.kernel_name = "python3"
    c.ExecutePreprocessor.kernel_name = "python3"
    c.Autograde.create_student = True
    return c


if "get_config" in globals():  # loaded as a config file by the nbgrader command
    c = get_config()  # noqa: F821
    c.merge(course_config(Path.cwd()))
