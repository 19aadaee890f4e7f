"""Which shard of the class this process grades, from the batch system that started it (``grade --shard auto``).

Slurm array jobs set ``SLURM_ARRAY_TASK_ID`` and the array's ``SLURM_ARRAY_TASK_MIN``, ``_MAX``, ``_STEP`` and
``_COUNT``: the shard is the task's place in the array, so ``--array=0-3`` and ``--array=1-4`` both make the
shards 0/4 … 3/4. Kubernetes Indexed Jobs set ``JOB_COMPLETION_INDEX`` in every pod, but not the number of
completions: the Job gives it as ``AUTOGRADER_SHARD_COUNT`` (``autograder/jobs/grade-job.yaml``).

``AUTOGRADER_SHARD_COUNT``, when set, is the number of shards for Slurm too, and the task id is then the shard
itself (0 … n-1): that is how some tasks of an array are run again, e.g. ``sbatch --array=1`` with
``AUTOGRADER_SHARD_COUNT=2`` grades shard 1/2 once more (``autograder/jobs/submit-slurm.sh 2 1``), where the
array's own numbers (one task, 1 to 1) would say 0/1, the whole class.
"""
from collections.abc import Mapping

COUNT = "AUTOGRADER_SHARD_COUNT"
SLURM_ID = "SLURM_ARRAY_TASK_ID"
K8S_INDEX = "JOB_COMPLETION_INDEX"


class ShardError(ValueError):
    """The environment does not say which shard to grade; the message says why, in Korean and English."""


def _int(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ShardError(f"{name}={value!r}: 정수가 아닙니다 / not an integer") from None


def in_job(env: Mapping[str, str]) -> bool:
    """True inside a Slurm array task or a Kubernetes Indexed Job's pod: there ``grade`` shards by default."""
    return bool(env.get(SLURM_ID, "").strip() or env.get(K8S_INDEX, "").strip())


def _checked(index: int, count: int, source: str) -> tuple[int, int, str]:
    if count < 1:
        raise ShardError(f"{source}: 샤드 수는 1 이상이어야 합니다 / the number of shards must be at least 1 "
                         f"(got {count})")
    if not 0 <= index < count:
        raise ShardError(f"{source}: 샤드 {index} 는 0…{count - 1} 밖입니다 / shard {index} is outside 0…{count - 1}")
    return index, count, source


def _slurm(env: Mapping[str, str], explicit: int | None) -> tuple[int, int, str]:
    task = _int(env, SLURM_ID)
    if explicit is not None:
        return _checked(task, explicit, f"Slurm task {task}, {COUNT}={explicit}")
    low, high = _int(env, "SLURM_ARRAY_TASK_MIN"), _int(env, "SLURM_ARRAY_TASK_MAX")
    step = _int(env, "SLURM_ARRAY_TASK_STEP") or 1
    count = _int(env, "SLURM_ARRAY_TASK_COUNT")
    if count is None and (low is None or high is None):
        raise ShardError(f"{SLURM_ID}={task} 이지만 배열의 크기(SLURM_ARRAY_TASK_COUNT 또는 _MIN/_MAX)가 없습니다; "
                         f"{COUNT}=n 으로 알려 주세요 / {SLURM_ID}={task} but the array's size (SLURM_ARRAY_TASK_COUNT "
                         f"or _MIN/_MAX) is not set: give it as {COUNT}=n")
    low = 0 if low is None else low
    if high is not None and count is not None and (high - low) // step + 1 != count:
        raise ShardError(f"Slurm 배열이 고르지 않습니다(예: --array=0,3,7) / the Slurm array is not evenly spaced "
                         f"(min {low}, max {high}, step {step}, {count} tasks): submit --array=0-{count - 1}, or set "
                         f"{COUNT}=n and use task ids 0…n-1")
    count = count if count is not None else (high - low) // step + 1
    if (task - low) % step:
        raise ShardError(f"Slurm 작업 {task} 이 배열의 간격에 맞지 않습니다 / Slurm task {task} is not on the array's "
                         f"step ({low}, {low + step}, …)")
    return _checked((task - low) // step, count, f"Slurm array task {task} ({low}-{high}:{step}, {count} tasks)")


def _kubernetes(env: Mapping[str, str], explicit: int | None) -> tuple[int, int, str]:
    index = _int(env, K8S_INDEX)
    if explicit is None:
        raise ShardError(f"{K8S_INDEX}={index} 이지만 {COUNT} 가 없습니다: Job의 completions 와 같은 값을 env 로 주세요 / "
                         f"{K8S_INDEX}={index} but {COUNT} is not set: give the Job's completions as an env "
                         f"variable (see autograder/jobs/grade-job.yaml)")
    return _checked(index, explicit, f"Kubernetes completion index {index}, {COUNT}={explicit}")


def from_environment(env: Mapping[str, str]) -> tuple[int, int, str]:
    """(index, count, where it came from) for ``--shard auto``; ``ShardError`` when the environment does not say."""
    explicit = _int(env, COUNT)
    slurm, k8s = bool(env.get(SLURM_ID, "").strip()), bool(env.get(K8S_INDEX, "").strip())
    if slurm and k8s:
        raise ShardError(f"{SLURM_ID} 와 {K8S_INDEX} 가 모두 있습니다: --shard i/n 으로 정해 주세요 / both {SLURM_ID} "
                         f"and {K8S_INDEX} are set: choose with --shard i/n")
    if slurm:
        return _slurm(env, explicit)
    if k8s:
        return _kubernetes(env, explicit)
    hint = " (Slurm job without --array)" if env.get("SLURM_JOB_ID") else ""
    raise ShardError(f"--shard auto: 배치 시스템의 배열 번호가 없습니다{hint} / --shard auto: no array index from a batch "
                     f"system{hint}: neither {SLURM_ID} (a Slurm array job, sbatch --array=0-(n-1)) nor {K8S_INDEX} "
                     f"(a Kubernetes Indexed Job) is set; give --shard i/n instead")
