"""The course glossary: one YAML source (book/glossary.yml) → the book's glossary page, and links
from each chapter page's first "한국어(english)" use of a term to its entry."""
import re

import yaml

from .. import paths

SOURCE = paths.REPO / "book" / "glossary.yml"
PAGE = paths.REPO / "book" / "glossary.md"


def entries() -> list[dict]:
    """Every item of the glossary: the terms, and the one ``spelling`` item (see terminology.py)."""
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def terms() -> list[dict]:
    return [entry for entry in entries() if "ko" in entry]


def anchor(term: dict) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term["en"].lower()).strip("-")


def page_text() -> str:
    lines = ["# 용어집 / Glossary", "",
             "<div lang=\"ko\">\n\n과정 전체에서 쓰는 용어의 한국어와 영어 이름, 그리고 짧은 뜻입니다. "
             "장의 본문에서 용어가 처음 나올 때 이 페이지로 연결됩니다.\n\n</div>", "",
             "<div lang=\"en\">\n\nThe Korean and English names of the terms used throughout the course, with "
             "short definitions. A chapter links its first use of a term to this page.\n\n</div>", "",
             "| 한국어 | English | 뜻 / Meaning |", "|---|---|---|"]
    for term in sorted(terms(), key=lambda t: t["ko"]):
        meaning = (f"<span lang=\"ko\">{term['ko_def']}</span><br><span lang=\"en\">{term['en_def']}</span>")
        rejected = ", ".join(f"`{variant}`" for variant in term.get("reject_ko", []) or [])
        shown = term["ko"] + (f"<br><small>(쓰지 않음 / not: {rejected})</small>" if rejected else "")
        lines.append(f"| <span id=\"{anchor(term)}\"></span>{shown} | {term['en']} | {meaning} |")
    return "\n".join(lines) + "\n"


def write_page() -> None:
    text = page_text()
    if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
        PAGE.write_text(text, encoding="utf-8")


def link_terms(markdown: str, linked: set[str], glossary_url: str = "../glossary.html") -> str:
    """Link the first "용어(term)" of each glossary term not yet linked on this page."""
    for term in terms():
        if term["en"] in linked:
            continue
        pattern = re.compile(rf"(?<!\[){re.escape(term['ko'])}\s?\((?i:{re.escape(term['en'])})\)")
        match = pattern.search(markdown)
        if match:
            # raw HTML: a markdown link would be taken for a cross-reference by MyST
            link = f'<a class="glossary-term" href="{glossary_url}#{anchor(term)}">{match.group(0)}</a>'
            markdown = markdown[:match.start()] + link + markdown[match.end():]
            linked.add(term["en"])
    return markdown
