"""Point a chapter page's buttons at the students' repository and at the gradable lesson.

Chapter pages are built from ``book/chapters/NN-slug.ipynb`` (generated, not committed, without nbgrader
metadata), so the theme's buttons would name that path, in the repository of ``repository.url``. Students
must get ``lessons/NN-slug/NN-slug.ipynb`` instead, from the *students'* repository: never the instructors'
repository (it holds ``solutions/``), never the generated page.

- ``course.students_repository.url`` / ``.branch`` in ``_config.yml`` is the repository the launch buttons
  (Binder, JupyterHub, Colab) and the repository button open. Without it the book has neither.
- The download button serves the lesson itself (nbgrader metadata intact), copied into the built book at
  ``lessons/NN-slug/NN-slug.ipynb``, so it works offline and from any static host.
- The course's static files are copied on every build, also when no page had to be written.
- Script blocks that extensions register twice (sphinx-thebe's ``const THEBE_JS_URL``, which would raise
  "Identifier has already been declared") are written once; the index redirect gets a head and the favicon.
"""
import html
import re
import shutil
from pathlib import Path

import yaml
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import Matcher

PAGE = re.compile(r"book/chapters/(\d\d-[a-z0-9-]+)\.(ipynb|md)")
CHAPTER_PAGE = re.compile(r"^book/chapters/(\d\d-[a-z0-9-]+)$")
logger = logging.getLogger(__name__)


def lesson_path(chapter: str) -> str:
    """Where the lesson is, in the students' repository and in the built book alike."""
    return f"lessons/{chapter}/{chapter}.ipynb"


def students_repository(srcdir) -> dict:
    """``course.students_repository`` of the book's ``_config.yml`` ({} when not set)."""
    config = Path(srcdir) / "_config.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.exists() else {}
    repository = ((data or {}).get("course") or {}).get("students_repository") or {}
    if repository and not str(repository.get("url", "")).strip():
        raise ConfigError("_config.yml: course.students_repository needs a url")
    return repository


def use_students_repository(app, config):
    """Launch and repository buttons name the students' repository, and only it."""
    options = config.html_theme_options
    for key in ("repository_url", "repository_branch", "path_to_docs", "use_repository_button",
                "use_edit_page_button", "use_issues_button"):
        options.pop(key, None)
    repository = students_repository(app.srcdir)
    if not repository:
        logger.info("course.students_repository is not set: no launch or repository buttons")
        return
    options["repository_url"] = str(repository["url"]).strip().rstrip("/")
    options["repository_branch"] = str(repository.get("branch") or "main")
    options["use_repository_button"] = True


def _rewrite(value, pathto, chapter):
    if isinstance(value, str):
        if not value.startswith("http"):  # a relative link: the page's own download
            return pathto(lesson_path(chapter), 1) if PAGE.search(value) else value
        return PAGE.sub(lambda m: lesson_path(m.group(1)), value)
    if isinstance(value, list):
        return [_rewrite(v, pathto, chapter) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, pathto, chapter) for k, v in value.items()}
    return value


def point_buttons_at_lessons(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        seen, unique = set(), []
        for script in context["script_files"]:
            key = (script.filename or "", tuple(sorted(script.attributes.items())))  # None and "" alike
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique
    match = CHAPTER_PAGE.match(pagename)
    if match and "header_buttons" in context:
        context["header_buttons"] = _rewrite(context["header_buttons"], context["pathto"], match.group(1))


def copy_lessons(app, exception):
    """Put each chapter's lesson where its download button points, marked as a download."""
    if exception is not None or app.builder.format != "html":
        return
    outdir, srcdir = Path(app.outdir), Path(app.srcdir)
    for docname in sorted(app.env.found_docs):
        match = CHAPTER_PAGE.match(docname)
        if not match:
            continue
        chapter = match.group(1)
        source, target = srcdir / lesson_path(chapter), outdir / lesson_path(chapter)
        if not source.exists():
            logger.warning(f"{lesson_path(chapter)} is missing: the page's download has nothing to serve")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
        page = outdir / f"{docname}.html"
        if page.exists():
            text = page.read_text(encoding="utf-8")
            link = re.compile(r'<a href="((?:\.\./)*' + re.escape(lesson_path(chapter)) + r')" target="_blank"')
            marked = link.sub(lambda m: f'<a href="{m.group(1)}" download="{chapter}.ipynb"', text)
            if marked != text:
                page.write_text(marked, encoding="utf-8")


def refresh_static(app, exception):
    """Sphinx copies html_static_path only when it writes a page: a change to the course's CSS or JS
    alone ("no targets are out of date") would never reach the built book."""
    if exception is not None or app.builder.format != "html":
        return
    excluded = Matcher([*app.config.exclude_patterns, "**/.*"])
    for entry in app.config.html_static_path:
        source = Path(app.confdir) / entry
        if source.exists():
            copy_asset(source, Path(app.outdir) / "_static", excluded, __overwrite_warning__=False)


BARE_REDIRECT = re.compile(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*')


def complete_index_redirect(app, exception):
    """sphinx-external-toc writes index.html as one bare <meta> line; a browser then asks for /favicon.ico
    (a 404 in the console). Give the redirect a head: charset, title, the favicon, a link to follow."""
    index = Path(app.outdir) / "index.html"
    if exception is not None or app.builder.format != "html" or not index.exists():
        return
    bare = BARE_REDIRECT.fullmatch(index.read_text(encoding="utf-8"))
    if bare:
        url, title = bare.group(1), html.escape(app.config.html_title or app.config.project or "")
        index.write_text(
            f'<!DOCTYPE html>\n<html lang="{app.config.language or "en"}">\n<head>\n<meta charset="utf-8" />\n'
            f'<meta http-equiv="Refresh" content="0; url={url}" />\n<title>{title}</title>\n'
            f'<link rel="icon" href="_static/{Path(app.config.html_favicon or "favicon.svg").name}" />\n'
            f'</head>\n<body><p><a href="{url}">{title}</a></p></body>\n</html>\n', encoding="utf-8")


def setup(app):
    app.connect("config-inited", use_students_repository)
    app.connect("html-page-context", point_buttons_at_lessons, priority=900)
    app.connect("build-finished", copy_lessons)
    app.connect("build-finished", refresh_static)
    app.connect("build-finished", complete_index_redirect, priority=900)   # after sphinx-external-toc's
    return {"parallel_read_safe": True, "parallel_write_safe": True}
