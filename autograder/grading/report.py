"""Class report (HTML with embedded plots): score distribution per chapter, most-failed exercises."""
import base64
import html
import io
from collections import defaultdict
from pathlib import Path

from . import late_display
from .outcome import Outcome


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def failures(outcomes: list[Outcome]) -> dict[tuple[str, str], tuple[int, int]]:
    """(chapter, test) -> (students who lost points on it, students graded on it)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        for name, (score, max_score) in o.per_test.items():
            counts[(o.chapter, name)][1] += 1
            counts[(o.chapter, name)][0] += score < max_score
    return {k: (v[0], v[1]) for k, v in counts.items()}


def histogram(ax, scores: list[float], max_score: float) -> None:
    """Students per score: one bar per point (or per 1/20 of the range when there are more than 20 points),
    counted in whole students."""
    from matplotlib.ticker import MaxNLocator
    width = max(1.0, max_score / 20)
    edges = [i * width - width / 2 for i in range(int(max_score / width) + 2)]
    ax.hist(scores, bins=edges, color="#4063a8", edgecolor="white")
    ax.set_xlim(-width / 2, max_score + width / 2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    ax.set_xlabel("점수 / score")
    ax.set_ylabel("학생 수 / students")


def write(outcomes: list[Outcome], path: Path, top: int = 10) -> Path:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    try:
        import koreanize_matplotlib  # noqa: F401
    except ImportError:
        pass
    by_chapter: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_chapter[o.chapter].append(o)
    parts = ["<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'><title>반 보고서 / Class report</title>"
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border:1px solid #ccc;"
             "padding:.2em .5em}table{border-collapse:collapse}</style></head><body>",
             "<h1>반 보고서 / Class report</h1>",
             "<table><tr><th>장 / chapter</th><th>제출 / submissions</th><th>평균 / mean</th>"
             "<th>채점됨 / graded</th><th>그 외 / other</th><th>수동 채점 대기 / awaiting manual grading</th></tr>"]
    for chapter, group in sorted(by_chapter.items()):
        mean = sum(o.score for o in group) / len(group)
        graded = sum(o.status == "graded" for o in group)
        awaiting = sum(1 for o in group if o.awaiting)   # written answers not graded by hand yet
        parts.append(f"<tr><td>{html.escape(chapter)}</td><td>{len(group)}</td><td>{mean:.2f} / "
                     f"{group[0].max_score:g}</td><td>{graded}</td><td>{len(group) - graded}</td>"
                     f"<td>{awaiting}</td></tr>")
    parts.append("</table><h2>장별 점수 분포 / Score distribution per chapter</h2>")
    for chapter, group in sorted(by_chapter.items()):
        fig, ax = plt.subplots(figsize=(6, 2.6))
        histogram(ax, [o.score for o in group], max(o.max_score for o in group) or 1)
        ax.set_title(f"{chapter}")
        parts.append(f"<h3>{html.escape(chapter)}</h3><img alt='{html.escape(chapter)} score distribution' "
                     f"src='{_png(fig)}'>")
        plt.close(fig)
    failed = sorted(failures(outcomes).items(), key=lambda kv: (-kv[1][0] / max(kv[1][1], 1), kv[0]))[:top]
    parts.append("<h2>가장 많이 틀린 연습 문제 / Most-failed exercises</h2>")
    if failed:
        fig, ax = plt.subplots(figsize=(6, 0.4 * len(failed) + 1))
        labels = [f"{c}: {t}" for (c, t), _ in failed][::-1]
        ax.barh(labels, [100 * f / max(n, 1) for _, (f, n) in failed][::-1], color="#a84040")
        ax.set_xlabel("점수를 잃은 학생 비율 (%) / students who lost points (%)")
        parts.append(f"<img alt='most-failed exercises' src='{_png(fig)}'>")
        plt.close(fig)
        parts.append("<table><tr><th>장 / chapter</th><th>테스트 / test</th><th>틀림 / failed</th></tr>")
        for (chapter, test), (f, n) in failed:
            parts.append(f"<tr><td>{html.escape(chapter)}</td><td>{html.escape(test)}</td><td>{f} / {n}</td></tr>")
        parts.append("</table>")
    parts += late_display.report_section(outcomes)
    parts.append("</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
