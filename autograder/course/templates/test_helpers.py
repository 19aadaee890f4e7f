# 테스트 도우미 (수정하지 마세요) / Test helpers (do not edit)
import re
import traceback

import numpy as np

_CHECK_HANGUL = re.compile("[가-힣]")
_VISIBLE_TESTS = {}   # 시험 이름 → (연습 번호, 답의 이름, 먼저 확인할 연습, 함수) / test name → (exercise, answer, uses, function)


class TestFailed(AssertionError):
    """공개 테스트의 실패: 한국어 한 줄, 영어 한 줄만 보입니다. / A visible test failed: one Korean line, one English line."""

    def __init__(self, ko, en, where="", root=None):
        super().__init__(f"{ko}\n{en}" + (f"\n{where}" if where else ""))
        self.ko, self.en, self.where = ko, en, where
        self.root = root   # (연습 번호, 답의 이름): 고칠 곳 / (exercise, answer) to fix, when not this one

    def _render_traceback_(self):   # IPython(Jupyter, Colab)은 트레이스백 대신 이 줄들을 보입니다 / shown instead of a traceback
        lines = [f"\x1b[1;31m✗ {self.ko}\x1b[0m", f"\x1b[1;31m✗ {self.en}\x1b[0m"]
        return lines + ([f"  {self.where}"] if self.where else [])


def _check_number(x):
    x = float(x)
    if np.isfinite(x) and x == round(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def shown(value):
    """사람이 쓰듯 보인 값: 0.1, [0, 1], [[0.5, 1]]. / A value as a person writes it."""
    try:
        array = np.asarray(value)
        array = array.astype(float) if array.dtype.kind in "biuf" else None
    except (TypeError, ValueError):
        array = None
    if array is None:
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "..."
    if array.ndim == 0:
        return _check_number(array)
    return np.array2string(array, separator=", ", formatter={"float_kind": _check_number}, threshold=24,
                           edgeitems=3, max_line_width=10**6).replace("\n", "").replace("  ", " ")


def _check_labels(what):
    """("한국어", "English") 이름. "한국어 / English" 나 "f(한국어 / English)" 는 나눕니다. / Split a bilingual label."""
    if isinstance(what, (tuple, list)):
        return str(what[0]), str(what[1])
    what = str(what)
    depth, cuts = 0, []
    for i, ch in enumerate(what):
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and what.startswith(" / ", i):
            cuts.append(i)
    if len(cuts) == 1 and _CHECK_HANGUL.search(what[:cuts[0]]) and not _CHECK_HANGUL.search(what[cuts[0] + 3:]):
        ko, en = what[:cuts[0]], what[cuts[0] + 3:]
        shared = re.match(r"([^=()\[\]가-힣]*[,:] )[^,:]*[가-힣]", ko)   # "loss, 레이블 / labels": "loss, " in both
        return ko, (shared.group(1) + en if shared else en)
    pair = re.compile(r"(?<=[(,])(\s*)([^()\[\],/]*[가-힣][^()\[\],/]*?) / ([^()\[\],/가-힣]+?)(?=[),])")
    return pair.sub(r"\1\2", what), pair.sub(r"\1\3", what)


def _check_subject(number, particle):
    """'연습 1이', '연습 2가': 숫자를 읽은 소리에 맞는 조사 / the particle that fits the number's Korean reading."""
    final = str(number)[-1]
    closed = final in "013678"   # 영·일·삼·육·칠·팔(십): 받침 있음 / these readings end in a consonant
    return f"연습 {number}" + {"이": "이" if closed else "가", "을": "을" if closed else "를"}[particle]


def check(condition, ko, en):
    """condition이 거짓이면 한국어·영어 메시지로 실패합니다. / Fail with a Korean and an English message."""
    if not condition:
        raise TestFailed(ko, en)


def check_close(actual, expected, what, atol=1e-6, rtol=1e-5):
    """actual이 expected와 (모양까지) 가까운지 확인합니다. / Check values (and shape) are close.

    what: 무엇을 확인하는지 — "한국어 / English", ("한국어", "English") 또는 코드 / what is checked."""
    ko, en = _check_labels(what)
    expected = np.asarray(expected, dtype=float)
    try:
        got = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        raise TestFailed(f"{ko}: 숫자가 와야 하는데 {shown(actual)} 이(가) 왔습니다",
                         f"{en}: expected numbers, got {shown(actual)}") from None
    if got.shape != expected.shape:
        raise TestFailed(f"{ko}: 모양(shape)이 {expected.shape} 이어야 하는데 {got.shape} 입니다 (값 {shown(got)})",
                         f"{en}: expected shape {expected.shape}, got {got.shape} (values {shown(got)})")
    if not np.allclose(got, expected, atol=atol, rtol=rtol):
        raise TestFailed(f"{ko}: {shown(expected)} 이어야 하는데 {shown(got)} 입니다",
                         f"{en}: expected {shown(expected)}, got {shown(got)}")


def _check_where(error):
    """오류가 난 마지막 줄 / The last line that raised (in the student's or the test's code)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename != _HELPERS_FILE]
    if not frames or not frames[-1].line:
        return ""
    return f"↳ {frames[-1].name}: {frames[-1].line.strip()}"


def _check_failure(name):
    """시험 하나를 실행해 실패를 돌려줍니다(통과하면 None). / Run one test; its failure as TestFailed, or None."""
    exercise, answer, uses, function = _VISIBLE_TESTS[name]
    try:
        function()
        return None
    except Exception as error:   # noqa: BLE001  (무엇이 실패했는지 보여 주려고 / to say what failed)
        own = error
    for number in sorted(set(uses)):   # 앞 연습의 답이 틀려서인지 먼저 봅니다 / an earlier answer at fault?
        for earlier, (n, earlier_answer, _, _) in list(_VISIBLE_TESTS.items()):
            failure = _check_failure(earlier) if n == number and earlier != name else None
            if failure is not None:
                n, earlier_answer = failure.root or (n, earlier_answer)
                return TestFailed(f"{_check_subject(n, '이')} 아직 맞지 않습니다 (`{earlier_answer}`). 먼저 고치세요.",
                                  f"exercise {n}'s `{earlier_answer}` is not right yet: fix it first.",
                                  root=(n, earlier_answer))
    if isinstance(own, TestFailed):
        return own
    if isinstance(own, NotImplementedError):
        raised_in = traceback.extract_tb(own.__traceback__)[-1].name
        stubs = {a: n for n, a, _, _ in _VISIBLE_TESTS.values() if a != answer}
        number, stub = (stubs[raised_in], raised_in) if raised_in in stubs else (exercise, answer)
        return TestFailed(f"{_check_subject(number, '을')} 아직 작성하지 않았습니다 (`{stub}`).",
                          f"exercise {number}'s `{stub}` is not written yet.",
                          root=None if number == exercise else (number, stub))
    kind = f"{type(own).__name__}: {own}"
    return TestFailed(f"연습 {exercise}의 `{answer}` 를 시험하다 오류가 났습니다. {kind}",
                      f"testing exercise {exercise}'s `{answer}` raised {kind}", _check_where(own))


def visible_test(exercise, answer, uses=()):
    """공개 테스트를 등록하고 곧바로 실행합니다. uses: 이 연습이 쓰는 앞 연습의 번호.
    / Register a visible test and run it now; uses: the numbers of earlier exercises this one builds on."""
    def register(function):
        _VISIBLE_TESTS[function.__name__] = (exercise, answer, tuple(uses), function)
        failure = _check_failure(function.__name__)
        if failure is not None:
            raise failure
        return function
    return register


class _CheckTable:
    def __init__(self, rows, passed, total):
        self.rows, self.passed, self.total = rows, passed, total

    def _repr_html_(self):
        import html
        body = "".join(
            f"<tr><td style='text-align:left'>{html.escape(what)}</td><td style='text-align:right'>{points:g}</td>"
            f"<td style='text-align:left;color:{'#17692b' if ok else '#a11'}'>{'✓' if ok else '✗'} {html.escape(ko)}<br>"
            f"{html.escape(en)}</td></tr>" for what, points, ok, ko, en in self.rows)
        return ("<table><thead><tr><th style='text-align:left'>연습 / Exercise</th><th>점수 / Points</th>"
                f"<th style='text-align:left'>결과 / Result</th></tr></thead>"
                f"<tbody>{body}</tbody></table><p><b>공개 테스트 / visible tests: {self.passed:g} / {self.total:g}</b> "
                "(채점에는 숨은 테스트도 쓰입니다 / grading adds hidden tests)</p>")

    def __repr__(self):
        lines = ["연습 / Exercise — 점수 / Points — 결과 / Result"]
        for what, points, ok, ko, en in self.rows:
            lines += [f"✓ {what} — {points:g} — {ko} / {en}"] if ok else [f"✗ {what} — {points:g}", f"    {ko}", f"    {en}"]
        lines.append(f"공개 테스트 / visible tests: {self.passed:g} / {self.total:g} "
                     "(채점에는 숨은 테스트도 쓰입니다 / grading adds hidden tests)")
        return "\n".join(lines)


def self_check(tests):
    """이 노트북의 공개 테스트를 모두 다시 실행하고 표로 보입니다. tests: {시험 이름: 점수}.
    / Re-run every visible test of this notebook and show a table; tests: {test name: points}."""
    import os
    if os.environ.get("NBGRADER_EXECUTION"):   # 채점 중: 채점기가 따로 셉니다 / grading: the grader counts
        return
    rows, passed = [], 0
    for name, points in tests.items():
        if name not in _VISIBLE_TESTS:
            rows.append((name, points, False, "테스트 셀을 아직 실행하지 않았습니다. 위에서부터 실행하세요.",
                         "its test cell has not run yet: run the cells above."))
            continue
        exercise, answer, _, _ = _VISIBLE_TESTS[name]
        failure = _check_failure(name)
        what = f"연습 {exercise} / exercise {exercise} · {answer}"
        if sum(1 for other in _VISIBLE_TESTS.values() if other[0] == exercise) > 1:
            what += f" ({name.removeprefix('test_')})"
        if failure is None:
            passed += points
            rows.append((what, points, True, "통과", "passed"))
        else:
            rows.append((what, points, False, failure.ko, failure.en))
    table = _CheckTable(rows, passed, sum(tests.values()))
    try:
        display(table)   # IPython의 내장 함수 (Jupyter, Colab) / IPython's builtin (Jupyter, Colab)
    except NameError:
        print(repr(table))


_HELPERS_FILE = check.__code__.co_filename
