"""``grade --shard auto``: the shard from a Slurm array task or a Kubernetes Indexed Job (issue 16, point 1)."""
import pytest

from autograder import cli
from autograder.grading.shard_env import ShardError, from_environment, in_job


def shard(**env):
    index, count, _ = from_environment({k: str(v) for k, v in env.items()})
    return index, count


@pytest.mark.parametrize("env, expected", [
    # sbatch --array=0-3: Slurm 22.05 sets id, min, max, step and count
    (dict(SLURM_ARRAY_TASK_ID=0, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_MAX=3, SLURM_ARRAY_TASK_STEP=1,
          SLURM_ARRAY_TASK_COUNT=4), (0, 4)),
    (dict(SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_MAX=3, SLURM_ARRAY_TASK_COUNT=4), (3, 4)),
    # --array=1-4: the shard is the task's place in the array
    (dict(SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=4, SLURM_ARRAY_TASK_COUNT=4), (0, 4)),
    (dict(SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=4), (3, 4)),
    # only the count (older Slurm without min/max in the environment): ids from 0
    (dict(SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=3), (2, 3)),
    # only min/max: the count follows
    (dict(SLURM_ARRAY_TASK_ID=5, SLURM_ARRAY_TASK_MIN=5, SLURM_ARRAY_TASK_MAX=6), (0, 2)),
    # --array=0-6:2 (0, 2, 4, 6)
    (dict(SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_MAX=6, SLURM_ARRAY_TASK_STEP=2,
          SLURM_ARRAY_TASK_COUNT=4), (2, 4)),
    # one task submitted again (sbatch --array=1) with the class's shard count: the id is the shard
    (dict(SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=1, SLURM_ARRAY_TASK_COUNT=1,
          AUTOGRADER_SHARD_COUNT=2), (1, 2)),
    # a one-task array is the whole class
    (dict(SLURM_ARRAY_TASK_ID=7, SLURM_ARRAY_TASK_MIN=7, SLURM_ARRAY_TASK_MAX=7, SLURM_ARRAY_TASK_COUNT=1), (0, 1)),
    # Kubernetes Indexed Job: the index from Kubernetes, the count from the Job's env
    (dict(JOB_COMPLETION_INDEX=0, AUTOGRADER_SHARD_COUNT=3), (0, 3)),
    (dict(JOB_COMPLETION_INDEX=2, AUTOGRADER_SHARD_COUNT=3), (2, 3)),
    # other variables of a Slurm job do not matter
    (dict(SLURM_JOB_ID=99, SLURM_ARRAY_JOB_ID=98, SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=2), (1, 2)),
])
def test_shard_from_the_batch_system(env, expected):
    assert shard(**env) == expected


@pytest.mark.parametrize("env, words", [
    ({}, ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "--shard i/n"]),
    (dict(SLURM_JOB_ID=12), ["without --array"]),                                   # a Slurm job, not an array
    (dict(SLURM_ARRAY_TASK_ID=1), ["SLURM_ARRAY_TASK_COUNT", "AUTOGRADER_SHARD_COUNT"]),   # no size at all
    (dict(JOB_COMPLETION_INDEX=1), ["AUTOGRADER_SHARD_COUNT", "completions"]),      # Kubernetes gives no count
    (dict(JOB_COMPLETION_INDEX=3, AUTOGRADER_SHARD_COUNT=3), ["outside 0…2"]),
    (dict(JOB_COMPLETION_INDEX=0, AUTOGRADER_SHARD_COUNT=0), ["at least 1"]),
    (dict(SLURM_ARRAY_TASK_ID=2, AUTOGRADER_SHARD_COUNT=2), ["outside 0…1"]),
    (dict(SLURM_ARRAY_TASK_ID="x", SLURM_ARRAY_TASK_COUNT=2), ["not an integer"]),
    (dict(SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT="two"), ["not an integer"]),
    # --array=0,3,7: not evenly spaced, the place in the array is unknown
    (dict(SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_MAX=7, SLURM_ARRAY_TASK_COUNT=3),
     ["not evenly spaced"]),
    (dict(SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_MAX=6, SLURM_ARRAY_TASK_STEP=2),
     ["step"]),
    (dict(SLURM_ARRAY_TASK_ID=0, JOB_COMPLETION_INDEX=0, AUTOGRADER_SHARD_COUNT=2), ["both"]),
])
def test_a_clear_error_when_the_environment_does_not_say(env, words):
    with pytest.raises(ShardError) as error:
        shard(**env)
    for word in words:
        assert word in str(error.value)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(error.value)), "the message is in Korean too"


def test_the_command_line():
    array = {"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "1",
             "SLURM_ARRAY_TASK_COUNT": "2"}
    assert cli._shard("auto", array) == (1, 2)
    assert cli._shard(None, array) == (1, 2)          # inside an array job, auto is the default
    assert cli._shard("all", array) is None           # … unless the whole class is asked for
    assert cli._shard("0/4", array) == (0, 4)         # an explicit i/n wins
    assert cli._shard(None, {}) is None               # outside a job: the whole class, as before
    assert cli._shard(None, {"SLURM_JOB_ID": "5"}) is None   # a Slurm job that is not an array
    assert in_job(array) and not in_job({"SLURM_JOB_ID": "5"})
    for bad in ("auto", "1/1", "x/2"):
        with pytest.raises(ShardError):
            cli._shard(bad, {})


def test_grade_says_what_is_wrong_and_grades_no_one(tmp_path, monkeypatch, capsys):
    for name in ("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AUTOGRADER_SHARD_COUNT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "submitted").mkdir()
    code = cli.main(["grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"), "--shard", "auto"])
    assert code == 2
    assert "SLURM_ARRAY_TASK_ID" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_chapter_registered_from_the_same_source_is_not_written_again(tmp_path, monkeypatch):
    """Array tasks start at different times: a late task must not make nbgrader delete and re-create a chapter's
    notebook that another task is grading against (a deadlock with PostgreSQL), so it only writes its release."""
    from nbgrader.api import Gradebook

    from autograder.grading.run import register_chapters
    from autograder.grading.store import db_url
    chapter = "01-perceptron"
    url = db_url(tmp_path / "gradebook", None)
    for folder in ("gradebook", "task-0", "task-1"):
        (tmp_path / folder).mkdir()
    first = register_chapters(tmp_path / "task-0", url, [chapter])
    with Gradebook(url) as gb:
        notebook = gb.find_notebook(chapter, chapter).id
    removed = []
    monkeypatch.setattr(Gradebook, "remove_notebook", lambda self, *args: removed.append(args))
    assert register_chapters(tmp_path / "task-1", url, [chapter]) == first
    assert removed == []   # nbgrader's SaveCells did not run: it removes a notebook without submissions first
    assert (tmp_path / "task-1" / "release" / chapter / f"{chapter}.ipynb").is_file()
    with Gradebook(url) as gb:
        assert gb.find_notebook(chapter, chapter).id == notebook   # not deleted and re-created
