"""CPU seconds of a command and of every process it starts, sampled from /proc every 0.2 s: for sizing a grading
run on a busy machine, where wall time says little (book/guide-instructors.md, "Sizing a course of 600").

    .venv/bin/python tests/benchmarks/cpu_time.py .venv/bin/python -m autograder grade submitted --out grading

Processes that live less than 0.2 s may be missed, so the sum is a slight underestimate."""
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks used so far) of every process."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def descendants(root: int, table: dict[int, tuple[int, int]]) -> set[int]:
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, (parent, _) in table.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return tree


def main(command: list[str]) -> None:
    started = time.monotonic()
    child = subprocess.Popen(command)
    used: dict[tuple[int, int], int] = {}   # (pid, parent) -> most ticks seen
    while child.poll() is None:
        table = processes()
        for pid in descendants(child.pid, table):
            if pid in table:
                key = (pid, table[pid][0])
                used[key] = max(used.get(key, 0), table[pid][1])
        time.sleep(0.2)
    print(f"wall={time.monotonic() - started:.1f}s cpu={sum(used.values()) / TICK:.1f}s processes={len(used)}")


if __name__ == "__main__":
    main(sys.argv[1:])
