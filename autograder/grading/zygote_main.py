"""The warm-kernel server ("zygote"). It runs INSIDE the sandbox, as the sandbox user, started by
``zygote.py`` as ``python -s <this file> <control fd> <modules to preload> <home size in MB>``: this
file is the only one of the repository the sandbox sees, so it uses only the standard library and
the packages the kernel itself uses.

It imports ipykernel and the course's libraries once (NumPy, Matplotlib, TensorFlow: seconds of
CPU per kernel otherwise), then for each request forks a kernel in a sandbox of its own:

    zygote ─ fork ─ C: new user, mount, PID and IPC namespaces; fresh tmpfs for home, /tmp, /dev/shm
                     └─ fork ─ G: PID 1 of the new PID namespace, reaps orphans
                                └─ fork ─ K: no capabilities, runs the IPython kernel

When G exits the kernel kills every process left in its PID namespace, so nothing a student starts
outlives the kernel. The zygote serves one kernel at a time and takes the next request only once
the previous namespace is gone. It is not dumpable (no ptrace, no /proc/<pid>/mem), and a kernel
cannot name it: the kernel's PID namespace does not contain it. Memory is copy-on-write, so a kernel
cannot change what the next kernel starts from.

Protocol on the control socket (a socketpair with the grader's worker): the zygote sends ``ready``
once its imports are done; each request is a JSON line with ``connection_file`` and ``sockets``,
carrying one file descriptor (SCM_RIGHTS): the kernel's own socket. On that socket the zygote sends
the kernel's exit status as text and closes it when the kernel is gone; if the grader closes it
first, the zygote kills the kernel's namespace.
"""
import ctypes
import importlib
import json
import os
import re
import select
import signal
import socket
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC = 0x00020000, 0x10000000, 0x20000000, 0x08000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
PR_SET_DUMPABLE, PR_SET_PDEATHSIG = 4, 1
LINUX_CAPABILITY_VERSION_3 = 0x20080522
O_PATH = 0o10000000

libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        raise OSError(ctypes.get_errno(), f"{what}: {os.strerror(ctypes.get_errno())}")


def _mount(source, target: str, fstype, flags: int, data=None) -> None:
    enc = (lambda s: s.encode() if isinstance(s, str) else s)
    _check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def _drop_capabilities() -> None:
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    _check(libc.capset(ctypes.byref(Header(LINUX_CAPABILITY_VERSION_3, 0)), (Data * 2)()), "capset")


def _mounts_below_tmp() -> list[str]:
    """Mount points below /tmp (the venv, data, the socket folder, … when they live there), outermost first."""
    points = set()
    with open("/proc/self/mountinfo") as f:
        for line in f:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[4])
            if point.startswith("/tmp/"):
                points.add(point)
    return sorted(points, key=lambda p: p.count("/"))


def _own_namespaces(home: str, sockets: str, scratch_mb: int) -> None:
    """In C: new namespaces, then fresh, private, writable folders; what was mounted below /tmp stays."""
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC), "unshare")
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)   # else /proc/self is root's and the maps cannot be written
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)   # no student code runs yet: nothing could have used the window
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    # A fresh /tmp hides what the sandbox mounted below it: keep each (read-only ones stay read-only), but
    # of the zygote's socket folder only this kernel's part, and of the zygote's home nothing.
    keep = []
    for point in _mounts_below_tmp():
        if point == home or point.startswith(home + "/"):
            continue
        point = sockets if point == os.path.dirname(sockets) else point
        keep.append((point, os.open(point, O_PATH)))   # opened in the new namespace: bind sources must be
    for folder, size in (("/tmp", 64), ("/dev/shm", 64)):
        _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size}m,mode=0700,uid={uid},gid={gid}")
    made = []
    for point, fd in keep:
        if not os.path.isdir(point):
            os.makedirs(point)
            made.append(point)
        _mount(f"/proc/self/fd/{fd}", point, None, MS_BIND)
        os.close(fd)
    if not os.path.isdir(home):
        os.makedirs(home)
        made.append(home)
    _mount("tmpfs", home, "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_mb}m,mode=0700,uid={uid},gid={gid}")
    for path in made:   # the folders made in the new /tmp to hold those mounts are not the kernel's to fill
        parent = os.path.dirname(path)
        while parent.startswith("/tmp/"):
            try:
                os.chmod(parent, 0o555)
            except OSError:
                pass   # a folder inside a read-only mount
            parent = os.path.dirname(parent)
    keras_data = "/run/keras-datasets"
    if os.path.isdir(keras_data):
        os.makedirs(f"{home}/.keras", exist_ok=True)
        os.symlink(keras_data, f"{home}/.keras/datasets")


def _run_kernel(connection_file: str, home: str) -> None:
    """In K: an ordinary process of the sandbox user, then the kernel, as ipykernel_launcher starts it."""
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    _drop_capabilities()
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):   # the kernel's own chatter is not feedback, nor the zygote's log
        os.dup2(null, fd)
    os.close(null)
    os.chdir(home)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()   # the preloaded state is every kernel's: draw a fresh one, as an import would
    sys.argv = [os.path.join(os.path.dirname(os.__file__), "ipykernel_launcher.py"), "-f", connection_file]
    from ipykernel import kernelapp
    kernelapp.launch_new_instance(argv=["-f", connection_file])


def _child(request: dict, report_fd: int, scratch_mb: int) -> None:
    """C: set up the namespaces, start G (PID 1), tell the zygote G's pid, wait for G."""
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    _own_namespaces(request["home"], request["sockets"], scratch_mb)
    g = os.fork()
    if g == 0:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        os.close(report_fd)
        k = os.fork()
        if k == 0:
            _run_kernel(request["connection_file"], request["home"])
            os._exit(0)
        while True:   # PID 1: reap everything; leave (killing the namespace) when the kernel is gone
            pid, status = os.wait()
            if pid == k:
                os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    os.write(report_fd, str(g).encode())   # kept open: the zygote reads its end-of-file as "C is gone"
    _, status = os.waitpid(g, 0)
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _serve_one(request: dict, kernel_sock: socket.socket, control: socket.socket, scratch_mb: int) -> None:
    read_end, write_end = os.pipe()
    c = os.fork()
    if c == 0:
        code = 70
        try:
            control.close()
            kernel_sock.close()
            os.close(read_end)
            _child(request, write_end, scratch_mb)
        except BaseException as error:
            try:
                import traceback
                os.write(2, ("zygote child: " + "".join(traceback.format_exception(error))).encode())
            finally:
                os._exit(code)
        os._exit(code)
    os.close(write_end)
    g_pid, killed, sent = None, False, False
    watched = [read_end, kernel_sock]
    while True:
        ready, _, _ = select.select(watched, [], [])
        if kernel_sock in ready and not kernel_sock.recv(64):   # the grader let go of the kernel: end it
            killed = True
            watched.remove(kernel_sock)
        if read_end in ready:
            data = os.read(read_end, 64)
            if not data:
                break                              # C is gone, so G and the whole namespace are gone
            g_pid = int(data)
        if killed and g_pid and not sent:          # once: after C reaps G its pid may be reused
            sent = True
            try:
                os.kill(g_pid, signal.SIGKILL)     # PID 1 of the namespace: the kernel takes the rest
            except ProcessLookupError:
                pass
    os.close(read_end)
    _, status = os.waitpid(c, 0)
    try:
        kernel_sock.sendall(str(os.waitstatus_to_exitcode(status)).encode())
    except OSError:
        pass
    kernel_sock.close()


def main() -> None:
    if sys.path and sys.path[0] == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]   # as ipykernel_launcher does; IPython then adds the working folder, as for any kernel
    control = socket.socket(fileno=int(sys.argv[1]))
    preload = [m for m in sys.argv[2].split(",") if m]
    scratch_mb = int(sys.argv[3])
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    importlib.import_module("ipykernel.kernelapp")
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:
            pass   # the kernel will raise the same error when the notebook imports it
    control.sendall(b"ready\n")
    buffer = b""
    while True:
        message, fds, _, _ = socket.recv_fds(control, 65536, 1)
        if not message:
            return
        buffer += message
        if not buffer.endswith(b"\n"):
            for fd in fds:
                os.close(fd)
            continue
        request, buffer = json.loads(buffer), b""
        if not fds:
            continue
        _serve_one(request, socket.socket(fileno=fds[0]), control, scratch_mb)


if __name__ == "__main__":
    main()
