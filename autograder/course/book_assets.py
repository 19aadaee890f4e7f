"""Assets the book serves from its own build (no CDN): MathJax 3 and the Noto Sans KR web font.

They come from the npm registry at set-up (book/package.json, book/package-lock.json) and are copied
into _build/book-static, which Sphinx publishes under _static/.
"""
import re
import shutil
import subprocess

from .. import paths

NODE_MODULES = paths.REPO / "book" / "node_modules"
STATIC = paths.BUILD / "book-static"
WEIGHTS = ("400", "700")


def install() -> None:
    if not (NODE_MODULES / "mathjax" / "es5" / "tex-chtml.js").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=paths.REPO / "book", check=True)


def _copy_font(target) -> None:
    source = NODE_MODULES / "@fontsource" / "noto-sans-kr"
    (target / "files").mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        css = (source / f"{weight}.css").read_text(encoding="utf-8")
        css = re.sub(r", url\([^)]*\.woff\) format\('woff'\)", "", css)  # woff2 is enough for today's browsers
        (target / f"{weight}.css").write_text(css, encoding="utf-8")
        for font in (source / "files").glob(f"*-{weight}-normal.woff2"):
            shutil.copy2(font, target / "files" / font.name)


def prepare() -> None:
    install()
    marker = STATIC / ".complete"
    if marker.exists():
        return
    if STATIC.exists():
        shutil.rmtree(STATIC)
    shutil.copytree(NODE_MODULES / "mathjax" / "es5", STATIC / "mathjax")
    _copy_font(STATIC / "fonts" / "noto-sans-kr")
    marker.write_text("ok\n")
