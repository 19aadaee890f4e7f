"""A throwaway PostgreSQL server for the tests of the shared gradebook (``test_grader_postgres.py``,
``test_grader_slurm.py``): PostgreSQL 15 from the Debian package the Makefile installs, started in a temporary
folder, as an unprivileged user when the tests run as root, on 127.0.0.1 and a free port, with a database
``course`` that the user ``grader`` may use without a password. Stopped (``pg_ctl stop``) and removed at the end."""
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

MISSING = ("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) are missing: "
           "`make setup` installs the Debian package `postgresql`")


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    preferred = [p for p in found if "/15/" in p]
    return Path((preferred or found)[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def create_database(url: str, name: str) -> str:
    """Another empty database on the same server: its URL."""
    import psycopg2
    base, _, _ = url.rpartition("/")
    host_port = base.split("@", 1)[1]
    host, port = host_port.rsplit(":", 1)
    connection = psycopg2.connect(host=host, port=int(port), user="grader", dbname="postgres")
    connection.autocommit = True
    connection.cursor().execute(f"CREATE DATABASE {name}")
    connection.close()
    return f"{base}/{name}"


@contextlib.contextmanager
def throwaway_postgres(on_missing):
    """Yield ``postgresql://grader@127.0.0.1:<port>/course``; ``on_missing(reason)`` when there is no server
    (``pytest.skip`` or ``pytest.fail``: the caller decides)."""
    bin_dir = pg_bin()
    if bin_dir is None:
        on_missing(MISSING)
    root = Path(tempfile.mkdtemp(prefix="grader-pg-"))
    os.chmod(root, 0o755)
    data, sockets = root / "data", root / "sockets"
    data.mkdir()
    sockets.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:   # PostgreSQL refuses to run as root: use the package's `postgres` user (or nobody)
        user = "postgres" if user_exists("postgres") else "nobody"
        entry = pwd.getpwnam(user)
        for folder in (data, sockets):
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        run_as = ["runuser", "-u", user, "--"]
    port = free_port()
    log = root / "server.log"
    subprocess.run(run_as + [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "grader",
                             "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    log.touch()
    if run_as:
        os.chown(log, pwd.getpwnam(run_as[2]).pw_uid, -1)
    subprocess.run(run_as + [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
                             f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        import psycopg2
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="grader", dbname="postgres")
        connection.autocommit = True
        connection.cursor().execute("CREATE DATABASE course")
        connection.close()
        yield f"postgresql://grader@127.0.0.1:{port}/course"
    finally:
        subprocess.run(run_as + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
