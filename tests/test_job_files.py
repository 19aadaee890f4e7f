"""The job files of autograder/jobs/ without a cluster (issue 16, points 2 and 4).

The Kubernetes manifests are validated offline against the Kubernetes API schemas that the PyPI package
``kubernetes-validate`` ships (no cluster runs here); the Slurm scripts are checked for syntax and run outside
Slurm with the variables an array task has, against a stand-in for Python that prints the command it gets.
The real Slurm run is tests/test_grader_slurm.py."""
import copy
import os
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from autograder import paths
from autograder.grading.shard_env import from_environment

JOBS = paths.REPO / "autograder" / "jobs"
MANIFESTS = ["grade-job.yaml", "export-job.yaml"]
VERSIONS = ["1.33", kubernetes_validate.latest_version()]


def _documents(name: str) -> list[dict]:
    return list(yaml.safe_load_all((JOBS / name).read_text()))


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", MANIFESTS)
def test_the_manifests_are_valid_kubernetes(name, version):
    for document in _documents(name):
        kubernetes_validate.validate(document, version, strict=True)


def test_the_validator_rejects_a_broken_manifest():
    job = _documents("grade-job.yaml")[0]
    for breakage in ("completions", "field"):
        broken = copy.deepcopy(job)
        if breakage == "completions":
            broken["spec"]["completions"] = "four"
        else:
            broken["spec"]["template"]["spec"]["containers"][0]["volumeMount"] = []   # a typo
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, VERSIONS[0], strict=True)


def test_the_indexed_job_grades_each_shard_once():
    job = _documents("grade-job.yaml")[0]
    spec = job["spec"]
    container = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    count = int(env["AUTOGRADER_SHARD_COUNT"]["value"])
    assert spec["completionMode"] == "Indexed" and spec["completions"] == spec["parallelism"] == count
    assert env["AUTOGRADER_DB_URL"]["valueFrom"]["secretKeyRef"]   # the URL (and password) from a Secret
    command = " ".join(container["command"] + container["args"])
    assert "grade /data/submitted" in command and "--shard auto" in command and "${JOB_COMPLETION_INDEX}" in command
    assert f"--jobs {container['resources']['requests']['cpu']}" in command
    shards = {from_environment({"JOB_COMPLETION_INDEX": str(i), "AUTOGRADER_SHARD_COUNT": str(count)})[:2]
              for i in range(spec["completions"])}
    assert shards == {(i, count) for i in range(count)}
    export = _documents("export-job.yaml")[0]["spec"]["template"]["spec"]["containers"][0]
    assert "autograder gather /data/grading --into /data/grading/class --db" in " ".join(export["args"])
    assert export["image"] == container["image"]


@pytest.mark.parametrize("script", ["grade.sbatch", "export.sbatch", "submit-slurm.sh"])
def test_the_slurm_scripts_parse(script):
    assert os.access(JOBS / script, os.X_OK)
    subprocess.run(["bash", "-n", str(JOBS / script)], check=True)


def _stand_in(tmp_path: Path) -> Path:
    python = tmp_path / "python"
    python.write_text('#!/bin/bash\necho "cwd=$PWD"; printf "arg=%s\\n" "$@"\n')
    python.chmod(0o755)
    return python


def test_grade_sbatch_runs_one_shard_with_the_tasks_cpus(tmp_path):
    env = {"PATH": os.environ["PATH"], "SLURM_SUBMIT_DIR": str(tmp_path), "SLURM_ARRAY_TASK_ID": "3",
           "SLURM_ARRAY_JOB_ID": "41", "SLURM_CPUS_PER_TASK": "6", "AUTOGRADER_PYTHON": str(_stand_in(tmp_path)),
           "AUTOGRADER_REPO": str(paths.REPO), "AUTOGRADER_DB_URL": "postgresql://grader@db/course",
           "AUTOGRADER_GRADE_ARGS": "--chapters 01-perceptron"}
    done = subprocess.run(["bash", str(JOBS / "grade.sbatch")], env=env, capture_output=True, text=True,
                          cwd="/", check=True)
    args = [line[4:] for line in done.stdout.splitlines() if line.startswith("arg=")]
    assert f"cwd={paths.REPO}" in done.stdout
    assert args == ["-m", "autograder", "grade", str(tmp_path / "submitted"),
                    "--out", str(tmp_path / "grading" / "task-3"), "--shard", "auto",
                    "--db", "postgresql://grader@db/course", "--jobs", "6", "--quiet", "--chapters", "01-perceptron"]
    del env["AUTOGRADER_DB_URL"]   # no gradebook, no grading
    done = subprocess.run(["bash", str(JOBS / "grade.sbatch")], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "AUTOGRADER_DB_URL" in done.stderr


def test_export_sbatch_gathers_every_task(tmp_path):
    env = {"PATH": os.environ["PATH"], "SLURM_SUBMIT_DIR": str(tmp_path), "AUTOGRADER_REPO": str(paths.REPO),
           "AUTOGRADER_PYTHON": str(_stand_in(tmp_path)), "AUTOGRADER_DB_URL": "postgresql://grader@db/course"}
    done = subprocess.run(["bash", str(JOBS / "export.sbatch")], env=env, capture_output=True, text=True, check=True)
    args = [line[4:] for line in done.stdout.splitlines() if line.startswith("arg=")]
    assert args == ["-m", "autograder", "gather", str(tmp_path / "grading"), "--into", str(tmp_path / "grading" / "class"),
                    "--db", "postgresql://grader@db/course"]


def test_submit_slurm_says_how_to_use_it(tmp_path):
    done = subprocess.run(["bash", str(JOBS / "submit-slurm.sh")], capture_output=True, text=True)
    assert done.returncode == 2 and "usage" in done.stderr
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_DB_URL"}
    done = subprocess.run(["bash", str(JOBS / "submit-slurm.sh"), "2"], capture_output=True, text=True, env=env)
    assert done.returncode != 0 and "AUTOGRADER_DB_URL" in done.stderr
