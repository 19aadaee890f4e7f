"""The in-kernel guard (``grading/kernel_guard.py``) on a plain IPython shell, in a child process (it
records and restores library modules, which must not touch pytest's own)."""
import subprocess
import sys
import textwrap

from autograder.grading import kernel_guard

SCRIPT = textwrap.dedent("""
    import sys, types
    import numpy as np, scipy.stats
    from IPython.core.interactiveshell import InteractiveShell

    guard = types.ModuleType("_autograder_guard")
    exec(compile(open(sys.argv[1]).read(), "<guard>", "exec"), guard.__dict__)
    shell = InteractiveShell.instance()
    guard.start(shell)
    shell.user_ns["np"] = np
    guard.keep(["np"], ["np"])                        # a locked cell: import numpy as np
    real_entropy, real_le = scipy.stats.entropy, np._core.numeric.less_equal

    # an answer cell patches a library no locked cell imported, and numpy below its top level
    st = scipy.stats
    st.entropy = lambda *args, **kwargs: 0.0
    np._core.numeric.less_equal = lambda *args, **kwargs: True
    restored = guard.restore("t1") == guard.answer("restored", "t1")
    print("restored", restored, scipy.stats.entropy is real_entropy, np._core.numeric.less_equal is real_le)

    # code under test patches during a test part: the part is not seen as passed
    guard.mark("t2")
    print("clean", guard.seen("t2") == guard.answer("seen", "t2", True))
    st.entropy = lambda *args, **kwargs: 0.0
    guard.mark("t3")
    print("patched", guard.seen("t3") == guard.answer("seen", "t3", True))
    """)


def test_libraries_the_lesson_does_not_import_are_restored_and_checked(tmp_path):
    script = tmp_path / "guard_check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), kernel_guard.__file__], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert "restored True True True" in lines, run.stdout
    assert "clean True" in lines, run.stdout
    assert "patched False" in lines, run.stdout
