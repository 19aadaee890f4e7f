"""Point a chapter page's launch and source buttons at the student lesson in the repository.

Chapter pages are built from ``book/chapters/NN-slug.ipynb`` (generated, not committed), so the theme's
buttons would name that path. Students must open ``lessons/NN-slug/NN-slug.ipynb`` instead: never the
solution, never the generated page.
"""
import re

PAGE = re.compile(r"book/chapters/(\d\d-[a-z0-9-]+)\.(ipynb|md)")


def _rewrite(value):
    if isinstance(value, str):
        if not value.startswith("http"):  # relative links (the page's own download) stay as built
            return value
        return PAGE.sub(lambda m: f"lessons/{m.group(1)}/{m.group(1)}.ipynb", value)
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v) for k, v in value.items()}
    return value


def point_buttons_at_lessons(app, pagename, templatename, context, doctree):
    if pagename.startswith("book/chapters/") and "header_buttons" in context:
        context["header_buttons"] = _rewrite(context["header_buttons"])


def setup(app):
    app.connect("html-page-context", point_buttons_at_lessons, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
