"""Page text that says what is there.

- ``{{ launch_buttons }}`` in a page names the launch buttons this book has, from ``launch_buttons`` of
  ``_config.yml`` (Colab, Binder, and JupyterHub only with ``jupyterhub_url``), and nothing without
  ``course.students_repository`` (then there are no launch buttons: book/_ext/lesson_launch.py).
- The footer shows the author as it is written. The theme's "By {author}" comes out in Korean as
  "으로 {author}", a particle with nothing before it.
"""
import html

from lesson_launch import students_repository

BUTTONS = (("colab_url", "Colab"), ("binderhub_url", "Binder"), ("jupyterhub_url", "JupyterHub"))


def launch_button_names(launch: dict, has_repository: bool) -> str:
    names = [name for key, name in BUTTONS if has_repository and str((launch or {}).get(key) or "").strip()]
    return ", ".join(names) or "—"


def configure(app, config):
    options = config.html_theme_options
    names = launch_button_names(options.get("launch_buttons") or {}, bool(students_repository(app.srcdir)))
    config.myst_substitutions = {**(config.myst_substitutions or {}), "launch_buttons": names}
    items = options.get("footer_content_items") or ["author.html", "copyright.html", "last-updated.html",
                                                    "extra-footer.html"]
    options["footer_content_items"] = [item for item in items if item != "author.html"]
    if "extra-footer.html" not in options["footer_content_items"]:
        options["footer_content_items"].append("extra-footer.html")
    if config.author:
        options["extra_footer"] = f'<p class="component-author">{html.escape(config.author)}</p>'


def setup(app):
    app.connect("config-inited", configure, priority=900)   # after lesson_launch and the theme's defaults
    return {"parallel_read_safe": True, "parallel_write_safe": True}
