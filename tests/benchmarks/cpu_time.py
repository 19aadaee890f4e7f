"""CPU seconds of a command and every process it starts (sampled from /proc every 0.2 s), for sizing a grading
run on a busy machine where wall time says little (book/guide-instructors.md, "Sizing a course of 600"):
    .venv/bin/python tests/benchmarks/cpu_time.py .venv/bin/python -m autograder grade submitted --out grading --jobs 2
Processes that live less than 0.2 s may be missed."""
import os, subprocess, sys, time
tick = os.sysconf("SC_CLK_TCK")
proc = subprocess.Popen(sys.argv[1:])
seen = {}
def children_map():
    m = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    s = f.read()
                r = s.rsplit(")", 1)[1].split()
                m[int(d)] = (int(r[1]), int(r[11]) + int(r[12]))  # ppid, utime+stime
            except OSError:
                pass
    return m
start = time.time()
while proc.poll() is None:
    m = children_map()
    tree = {proc.pid}
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _) in m.items():
            if ppid in tree and pid not in tree:
                tree.add(pid); changed = True
    for pid in tree:
        if pid in m:
            key = (pid, m[pid][0])
            seen[key] = max(seen.get(key, 0), m[pid][1])
    time.sleep(0.2)
print(f"wall={time.time()-start:.1f}s cpu={sum(seen.values())/tick:.1f}s processes={len(seen)}")
