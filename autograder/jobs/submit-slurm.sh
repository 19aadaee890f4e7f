#!/bin/bash
# Grade a class as a Slurm array of N tasks (one shard each) and export when all of them have finished.
#   autograder/jobs/submit-slurm.sh N                 tasks 0 … N-1, then export.sbatch
#   autograder/jobs/submit-slurm.sh N 1,3             grade shards 1 and 3 of N again (a task that failed or
#                                                     was killed), then export again; what is already graded
#                                                     is skipped
#   autograder/jobs/submit-slurm.sh --cpus-per-task=8 --partition=cpu N
#                                                     options before N go to the grading tasks' sbatch
# Run it from the folder that holds submitted/, with AUTOGRADER_DB_URL set (see grade.sbatch for the other
# variables). sbatch's own variables apply to both jobs, e.g. SBATCH_PARTITION=cpu SBATCH_ACCOUNT=course.
# Prints the two job ids: "<grading job> <export job>".
set -euo pipefail
options=()
while [ $# -gt 0 ] && [[ $1 == -* ]]; do options+=("$1"); shift; done
if [ $# -lt 1 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [sbatch options…] N [TASKS]   (N shards; TASKS e.g. 1,3 to grade only those again)" >&2
    exit 2
fi
: "${AUTOGRADER_DB_URL:?set AUTOGRADER_DB_URL=postgresql://user@host/course, the gradebook every task shares}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export AUTOGRADER_REPO=${AUTOGRADER_REPO:-$(dirname "$(dirname "$here")")}
export AUTOGRADER_SHARD_COUNT=$1
tasks=${2:-0-$(($1 - 1))}
grade=$(sbatch --parsable "${options[@]}" --array="$tasks" "$here/grade.sbatch")
grade=${grade%%;*}
export_job=$(sbatch --parsable --dependency="afterok:$grade" "$here/export.sbatch")
export_job=${export_job%%;*}
echo "$grade $export_job"
