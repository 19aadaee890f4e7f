"""nbgrader's ``SaveAutoGrades`` with the grade read by the grader, not offered by the student.

Stock nbgrader (``utils.determine_grade``) looks at a test cell's outputs in order and stops at the
first ``execute_result``: a number there is taken as partial credit, anything else as full marks,
even when an error follows. A student's code can produce an ``execute_result`` in a test cell
(``sys.displayhook('ok')`` from inside an answer the test calls), so that rule lets the student
decide the grade. This course's tests give no partial credit through results (each part is its own
test cell), so here a test cell scores full marks when its outputs hold no error and nothing on
stderr, and zero otherwise, wherever in the outputs the error sits.
"""
from nbgrader import utils
from nbgrader.preprocessors import SaveAutoGrades

from ..cells import is_written
from .manual import is_blank


def observed_grade(cell) -> tuple[float | None, float]:
    """(score, max score) of a graded cell from its outputs alone."""
    if is_written(cell) and is_blank(cell.source):   # 0 without a person (see manual.py)
        return 0.0, float(cell.metadata["nbgrader"]["points"])
    if utils.is_solution(cell) or cell.cell_type != "code":
        return utils.determine_grade(cell)
    max_points = float(cell.metadata["nbgrader"]["points"])
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return 0.0, max_points
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            return 0.0, max_points
    return max_points, max_points


class ObservedAutoGrades(SaveAutoGrades):
    """Stores ``observed_grade`` where nbgrader would store ``determine_grade`` (same bookkeeping)."""

    def _add_score(self, cell, resources) -> None:
        grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                          self.assignment_id, self.student_id)
        grade.auto_score, _ = observed_grade(cell)
        grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
        self.gradebook.db.commit()
