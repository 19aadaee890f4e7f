"""The similarity report's pages: one index per chapter (pairs ranked, per exercise) and one page per pair,
the two answers side by side with the shared parts marked (copydetect's highlighting)."""
import warnings
from pathlib import Path

from copydetect.utils import highlight_overlap
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from . import similarity

TEMPLATES = Path(__file__).resolve().parent / "templates"
SHOWN_PER_EXERCISE = 10     # the most alike pairs listed under each exercise (every flagged pair has a page)


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def _marked(code: str, slices) -> Markup:
    if slices.shape[-1] == 0:
        return Markup(escape(code))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text, _ = highlight_overlap(code, slices, "<mark>", "</mark>", escape_html=True)
    return Markup(text)


def write(report: similarity.ChapterReport, folder: Path) -> Path:
    """``folder/index.html`` and a page for each pair listed there."""
    env = _environment()
    folder.mkdir(parents=True, exist_ok=True)
    per_exercise = {e: [p for p in report.pairs if p.exercise == e][:SHOWN_PER_EXERCISE] for e in report.answers}
    pages = {id(p): p for p in report.flagged}
    pages.update({id(p): p for shown in per_exercise.values() for p in shown})
    pair_page = env.get_template("similarity_pair.html")
    for pair in pages.values():
        target = folder / pair.page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pair_page.render(pair=pair, left=_marked(pair.codes[0], pair.slices[0]),
                                           right=_marked(pair.codes[1], pair.slices[1])), encoding="utf-8")
    index = folder / "index.html"
    index.write_text(env.get_template("similarity_index.html").render(
        report=report, per_exercise=per_exercise, threshold=similarity.THRESHOLD, min_tokens=similarity.MIN_TOKENS,
        common=similarity.COMMON), encoding="utf-8")
    return index
