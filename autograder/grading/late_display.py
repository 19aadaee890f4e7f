"""How lateness reads on a student's feedback page and in the class report (deadlines.py computes it)."""
import html
from collections import defaultdict


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z") if moment else "?"


def feedback_lines(outcome) -> list[tuple[str, str]]:
    """(Korean, English) sentences on the submission time, the due date and the penalty."""
    late = outcome.late
    if late is None:
        return []
    extended = (" (연장 포함)", " (extension included)") if late.extended else ("", "")
    lines = [(f"마감 {_when(late.due)}{extended[0]}", f"Due {_when(late.due)}{extended[1]}")]
    if late.submitted_at is None:
        lines.append(("제출 시각을 알 수 없어 늦음을 따지지 않았습니다", "The submission time is unknown: not counted late"))
    elif late.seconds_late <= 0:
        lines.append((f"제출 {_when(late.submitted_at)}: 제때 냈습니다", f"Handed in {_when(late.submitted_at)}: on time"))
    else:
        lines.append((f"제출 {_when(late.submitted_at)}: {late.days}일 늦음, 감점 {late.penalty:g}점 → "
                      f"최종 {outcome.final_score:g} / {outcome.max_score:g}",
                      f"Handed in {_when(late.submitted_at)}: {late.days} day(s) late, penalty {late.penalty:g} "
                      f"point(s) → final {outcome.final_score:g} / {outcome.max_score:g}"))
    return lines


def report_section(outcomes) -> list[str]:
    """The class report's table of late hand-ins per chapter."""
    late = [o for o in outcomes if o.late is not None and o.late.seconds_late > 0]
    if not any(o.late is not None for o in outcomes):
        return []
    by_chapter = defaultdict(list)
    for o in late:
        by_chapter[o.chapter].append(o)
    parts = ["<h2>늦은 제출과 감점 / Late hand-ins and penalties</h2>",
             "<table><tr><th>장 / chapter</th><th>학생 / student</th><th>제출 / handed in</th><th>마감 / due</th>"
             "<th>늦은 날 / days late</th><th>감점 / penalty</th><th>최종 / final</th></tr>"]
    for chapter, group in sorted(by_chapter.items()):
        for o in sorted(group, key=lambda o: o.student):
            parts.append(f"<tr><td>{html.escape(chapter)}</td><td>{html.escape(o.student)}</td>"
                         f"<td>{_when(o.late.submitted_at)}</td><td>{_when(o.late.due)}"
                         f"{' (연장 / extended)' if o.late.extended else ''}</td><td>{o.late.days}</td>"
                         f"<td>{o.late.penalty:g}</td><td>{o.final_score:g} / {o.max_score:g}</td></tr>")
    parts.append("</table>")
    if not late:
        parts.append("<p>늦은 제출 없음 / no late hand-ins</p>")
    return parts
