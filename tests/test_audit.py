"""Every chapter's tests are sound: the reference passes, the unsolved lesson and wrong answers fail."""
import pytest
from autograder.course import audit
from conftest import CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_hidden_tests_pass_reference_and_fail_unsolved_and_wrong_answers(chapter):
    assert audit.audit_chapter(chapter) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_keeps_a_wrong_answer(chapter):
    import nbformat
    from autograder import cells, paths
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    kept = audit.wrong_answers(chapter)
    exercises = cells.exercises(solution)
    assert 4 <= len(exercises) <= 8 or chapter == "01-perceptron" and len(exercises) >= 5
    assert [ex.solution_id for ex in exercises if ex.solution_id not in kept] == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_keeps_an_independent_correct_answer(chapter):
    """COURSE_GUIDE §3: another formulation (a loop, float32, another formula) must score full marks too;
    the audit runs each one against every test of its exercise."""
    import nbformat
    from autograder import cells, paths
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    kept = audit.correct_answers(chapter)
    assert [ex.solution_id for ex in cells.exercises(solution) if ex.solution_id not in kept] == []


def test_the_audit_decides_hidden_tests_where_the_answer_cannot_reach():
    """Issue 24 §4: the audit runs hidden tests exactly as graded, in the trusted process. An answer that
    patches NumPy's comparison passes its hidden test when the test runs beside it, and fails it here."""
    import nbformat
    from autograder import cells, paths
    chapter = "01-perceptron"
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    exercise = next(ex for ex in cells.exercises(solution) if ex.solution_id == "ex_step_function")
    patched = ("import numpy as np\n"
               "np.array_equal = lambda *args, **kwargs: True\n"
               "def step_function(a):\n"
               "    return (np.asarray(a) >= 0).astype(int)   # wrong at 0, which only array_equal looks at\n")
    variant = audit.Variant(chapter, "ex_step_function__patches_numpy", {exercise.solution_index: patched},
                            stop_after=max(exercise.test_indices))
    outcome = audit.run_variants(chapter, [variant])[variant.name]
    assert all(outcome.hidden_failed[i] for i in exercise.test_indices), outcome
