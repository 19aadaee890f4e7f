"""The built book in headless Chromium: pages load cleanly, math is typeset, the language switch works
and is remembered, images and the Korean web font load from the build, launch links open lessons,
and search finds Korean and English words. Screenshots go to _build/screenshots/."""
import functools
import http.server
import re
import threading

import pytest
import yaml

from autograder import paths
from autograder.course.book_pages import toc_chapters

pytestmark = pytest.mark.xdist_group("book")
SHOTS = paths.BUILD / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Emitted by pydata-sphinx-theme itself on a first visit (no stored colour mode); not ours to fix.
KNOWN_THEME_NOISE = re.compile(r"Got invalid theme mode")


@pytest.fixture(scope="module")
def server(built_book):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


def _new_page(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(60000)
    page = context.new_page()
    page.console_errors = []
    page.outside_requests = []
    page.missing = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: page.outside_requests.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.on("response", lambda r: page.missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, viewport={"width": 1280, "height": 1600})
    yield page
    context.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    """A 390 x 844 phone screen (iPhone 12 to 15 size), touch, three device pixels per CSS pixel."""
    context, page = _new_page(browser, **PHONE)
    yield page
    context.close()


def _pages():
    return ["index.html", "book/intro.html", "book/glossary.html", "book/errata.html",
            "book/guide-students.html", "book/guide-instructors.html"] + \
           [f"book/chapters/{c}.html" for c in toc_chapters()]


def _open(page, url):
    # generous limits: CI machines are shared, and the other pytest worker may be training a network.
    # "networkidle" is only a courtesy: on a loaded machine a page can keep a request open past any limit
    # (seen on CI); what a test checks (math, fonts, images), it waits for explicitly.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.goto(url, wait_until="load", timeout=90000)
    try:
        page.wait_for_load_state("networkidle", timeout=15000)
    except PlaywrightTimeout:
        pass
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("path", _pages())
def test_page_loads_without_errors_and_needs_no_cdn(page, server, path):
    _open(page, f"{server}/{path}")
    errors = [e for e in page.console_errors if not KNOWN_THEME_NOISE.search(e)]
    assert errors == []
    assert page.missing == []   # every font file, image, script and the favicon is in the build
    assert page.outside_requests == []
    broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
                           ".map(i => i.src)")
    assert broken == []


@pytest.mark.parametrize("chapter", toc_chapters())
def test_math_is_typeset_and_korean_font_served(page, server, chapter):
    _open(page, f"{server}/book/chapters/{chapter}.html")
    page.wait_for_selector(".bd-article mjx-container", timeout=60000)   # the side bars may hide theirs
    assert page.locator("mjx-container").count() > 5
    raw = page.evaluate("document.querySelector('.bd-article').innerText")
    assert "\\(" not in raw and "$$" not in raw
    assert page.evaluate("document.fonts.check('16px \"Noto Sans KR\"', '퍼셉트론')")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert any("noto-sans-kr" in url and url.endswith(".woff2") for url in loaded)


def _visible(page, lang):
    return page.evaluate(f"""Array.from(document.querySelectorAll('.bd-article div[lang="{lang}"]'))
        .some(d => getComputedStyle(d).display !== 'none')""")


def test_language_switch_and_memory(page, server):
    chapter = toc_chapters()[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{server}/book/chapters/{chapter}.html")
    assert _visible(page, "ko") and _visible(page, "en")
    page.screenshot(path=str(SHOTS / f"{chapter}-both.png"))
    page.click(".dlb-lang-switch button[data-mode=ko]")
    assert _visible(page, "ko") and not _visible(page, "en")
    page.screenshot(path=str(SHOTS / f"{chapter}-ko.png"))
    page.click(".dlb-lang-switch button[data-mode=en]")
    assert _visible(page, "en") and not _visible(page, "ko")
    page.screenshot(path=str(SHOTS / f"{chapter}-en.png"))
    _open(page, f"{server}/book/intro.html")  # another page remembers the choice
    assert _visible(page, "en") and not _visible(page, "ko")
    assert page.locator(".dlb-lang-switch button[aria-pressed=true]").get_attribute("data-mode") == "en"


def test_launch_links_open_the_lesson_in_the_students_repository(page, server):
    config = yaml.safe_load((paths.REPO / "_config.yml").read_text(encoding="utf-8"))
    students = config["course"]["students_repository"]
    org_repo = students["url"].rstrip("/").split("github.com/")[1]
    branch = students.get("branch", "main")
    hub_url = config["launch_buttons"].get("jupyterhub_url")
    for chapter in toc_chapters():
        _open(page, f"{server}/book/chapters/{chapter}.html")
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
        lesson = f"lessons/{chapter}/{chapter}.ipynb"
        colab = [h for h in hrefs if h.startswith(config["launch_buttons"]["colab_url"])]
        binder = [h for h in hrefs if h.startswith(config["launch_buttons"]["binderhub_url"])]
        hub = [h for h in hrefs if "hub/user-redirect" in h]
        assert colab == [f"https://colab.research.google.com/github/{org_repo}/blob/{branch}/{lesson}"]
        assert len(binder) == 1 and binder[0].endswith(f"urlpath=lab/tree/{lesson}") and org_repo in binder[0]
        if hub_url:
            assert len(hub) == 1 and hub[0].startswith(hub_url) and lesson in hub[0] and org_repo in hub[0]
        else:
            assert hub == [] and page.locator("text=JupyterHub").count() == 0   # no hub: no button
        repository = page.locator("a.btn-source-repository-button").get_attribute("href")
        assert repository.rstrip("/") == students["url"].rstrip("/")
        assert not any("solutions/" in h for h in hrefs)


def test_download_button_saves_the_lesson(page, server):
    chapter = toc_chapters()[0]
    _open(page, f"{server}/book/chapters/{chapter}.html")
    page.click(".dropdown-download-buttons > button")
    with page.expect_download() as info:
        page.click("a.btn-download-source-button")
    download = info.value
    assert download.suggested_filename == f"{chapter}.ipynb"
    assert open(download.path(), "rb").read() == paths.lesson_notebook(chapter).read_bytes()


@pytest.mark.parametrize("word", ["퍼셉트론", "perceptron", "편향", "threshold"])
def test_search_finds_korean_and_english_words(page, server, word):
    _open(page, f"{server}/search.html?q={word}")
    page.wait_for_selector("#search-results ul.search li, ul.search li", timeout=60000)
    results = page.evaluate("Array.from(document.querySelectorAll('ul.search li a')).map(a => a.href)")
    assert any("chapters/01-perceptron" in r or "glossary" in r for r in results), results


# ------------------------------------------------------------------------------------------- phones (390 x 844)

def _on_screen(page, selector):
    """Whether every element of ``selector`` is shown and lies inside the screen's width."""
    return page.evaluate("""sel => Array.from(document.querySelectorAll(sel)).map(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.left >= 0 && r.right <= innerWidth;
    })""", selector)


@pytest.mark.parametrize("path", _pages())
def test_phone_page_fits_the_screen_without_errors(phone, server, path):
    _open(phone, f"{server}/{path}")
    if path != "index.html":
        phone.wait_for_selector(".dlb-lang-switch button")
    width = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"page is {width[0]} px wide on a {width[1]} px screen"
    assert [e for e in phone.console_errors if not KNOWN_THEME_NOISE.search(e)] == []
    assert phone.missing == [] and phone.outside_requests == []
    if path != "index.html":   # index.html only sends the browser on to the intro
        for selector in (".dlb-lang-switch button", ".primary-toggle", ".search-button",
                         ".article-header-buttons > .btn:not(.btn-fullscreen-button)",  # no full screen on phones
                         ".article-header-buttons > .dropdown > .btn"):
            shown = _on_screen(phone, f".bd-header-article {selector}")
            assert shown and all(shown), (selector, shown)
    if path.startswith("book/chapters/"):
        assert _on_screen(phone, ".bd-header-article .secondary-toggle") == [True]   # the page's contents


def test_phone_language_switch_is_usable(phone, server):
    chapter = toc_chapters()[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    _open(phone, f"{server}/book/chapters/{chapter}.html")
    boxes = phone.evaluate("""Array.from(document.querySelectorAll('.dlb-lang-switch button')).map(b => {
        const r = b.getBoundingClientRect(); return [b.dataset.mode, b.innerText.trim(), r.width, r.height];
    })""")
    assert [b[0] for b in boxes] == ["ko", "en", "both"]
    for mode, label, width, height in boxes:
        assert height >= 30 and width >= 28, (mode, width, height)   # a finger can hit it
        assert "\n" not in label and len(label) <= 5, label             # one short line, not a squeezed stack
    for mode, shown, hidden in (("ko", "ko", "en"), ("en", "en", "ko"), ("both", None, None)):
        phone.tap(f".dlb-lang-switch button[data-mode={mode}]")
        if shown:
            assert _visible(phone, shown) and not _visible(phone, hidden)
        else:
            assert _visible(phone, "ko") and _visible(phone, "en")
        assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
        phone.screenshot(path=str(SHOTS / f"{chapter}-phone-{mode}.png"))


def test_phone_search_contents_and_chapters_open(phone, server):
    """The header's buttons do what they say on a phone (the themes wired only hidden copies of the toggles)."""
    chapter = toc_chapters()[0]
    _open(phone, f"{server}/book/chapters/{chapter}.html")
    phone.tap(".bd-header-article .secondary-toggle")     # the page's contents
    phone.wait_for_selector("#pst-secondary-sidebar-modal[open] nav.page-toc", state="visible")
    assert _on_screen(phone, "#pst-secondary-sidebar-modal[open] nav.page-toc") == [True]
    phone.keyboard.press("Escape")
    phone.tap(".bd-header-article .primary-toggle")       # the chapters
    phone.wait_for_selector("#pst-primary-sidebar-modal[open] nav.bd-links a[href$='02-backprop.html']", state="visible")
    phone.keyboard.press("Escape")
    phone.wait_for_function("!document.querySelector('#pst-primary-sidebar-modal').open")
    phone.tap(".bd-header-article .search-button")
    field = phone.wait_for_selector("#pst-search-dialog[open] input", state="visible")
    assert _on_screen(phone, "#pst-search-dialog[open] input") == [True]
    field.fill("퍼셉트론")
    field.press("Enter")
    phone.wait_for_selector("ul.search li a", timeout=60000)
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_phone_wide_math_scrolls_and_figures_fit(phone, server):
    chapter = "03-activations" if "03-activations" in toc_chapters() else toc_chapters()[0]
    _open(phone, f"{server}/book/chapters/{chapter}.html")
    phone.wait_for_selector(".bd-article mjx-container", timeout=60000)
    phone.wait_for_function("document.querySelectorAll('.bd-article div.math mjx-container').length > 0")
    wide = phone.evaluate("""Array.from(document.querySelectorAll('.bd-article div.math'))
        .filter(d => d.scrollWidth > d.clientWidth + 1)
        .map(d => { d.scrollLeft = 40; return [getComputedStyle(d).overflowX, d.scrollLeft]; })""")
    assert wide, "no display equation wider than a phone: nothing to check"
    assert all(overflow in ("auto", "scroll") and left > 0 for overflow, left in wide), wide
    images = phone.evaluate("""Array.from(document.querySelectorAll('.bd-article img')).map(i => {
        const r = i.getBoundingClientRect(); return [r.right, r.width / r.height, i.naturalWidth / i.naturalHeight];
    })""")
    assert images
    for right, shown, natural in images:
        assert right <= 390 and abs(shown - natural) < 0.05 * natural   # fits, not squashed


# ------------------------------------------------------------------------------ figure text, Korean search (issue 27)

import json  # noqa: E402
import struct  # noqa: E402
import urllib.parse  # noqa: E402

from autograder.course.book_pages import FONT_KEY  # noqa: E402

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SMALLEST = {"phone": 9.0, "desktop": 11.0}   # CSS px: no figure text smaller, on a 390 px phone or a desktop


def png_font_and_dpi(data: bytes) -> tuple[float | None, float]:
    """(smallest font in points that the book's run wrote into the PNG, dots per inch)."""
    font, dpi, at = None, 0.0, 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"tEXt" and body.startswith(FONT_KEY.encode() + b"\0"):
            font = float(body.split(b"\0", 1)[1])
        elif kind == b"pHYs":
            per_metre, _, unit = struct.unpack(">IIB", body[:9])
            dpi = per_metre * 0.0254 if unit == 1 else 0.0
        at += 12 + length
    return font, dpi


def figure_text_sizes(page, built, server_url) -> list[tuple[str, float]]:
    """(image, smallest text in CSS px) of every figure on the page: the font size in the figure's pixels
    (points × dpi / 72) × the width the image is shown at / its natural width."""
    shown = page.evaluate("""Array.from(document.querySelectorAll('.bd-article img')).map(i =>
        [i.getAttribute('src'), i.src, i.getBoundingClientRect().width, i.naturalWidth])""")
    sizes = []
    for src, url, width, natural in shown:
        if not src.endswith(".png"):
            continue
        path = built / urllib.parse.urlparse(url).path.lstrip("/")
        font, dpi = png_font_and_dpi(path.read_bytes())
        assert font is not None and dpi > 0, f"{src}: no {FONT_KEY} (not drawn by the book's run?)"
        sizes.append((src, font * dpi / 72 * width / natural))
    return sizes


REPORT = paths.BUILD / "screenshots" / "figure-text.json"


def _record(chapter, screen, sizes):
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    report = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    report.setdefault(chapter, {})[screen] = round(min(size for _, size in sizes), 1)
    REPORT.write_text(json.dumps(report, indent=1, sort_keys=True))


@pytest.mark.parametrize("chapter", toc_chapters())
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_figure_text_is_readable(browser, built_book, server, chapter, screen):
    context, page = _new_page(browser, **(PHONE if screen == "phone" else DESKTOP))
    try:
        _open(page, f"{server}/book/chapters/{chapter}.html")
        sizes = figure_text_sizes(page, built_book, server)
    finally:
        context.close()
    assert sizes
    _record(chapter, screen, sizes)
    small = [(src, round(size, 1)) for src, size in sizes if size < SMALLEST[screen]]
    assert small == [], f"figure text below {SMALLEST[screen]} px on a {screen}"


def test_a_multi_panel_figure_on_a_phone(phone, built_book, server):
    """Chapter 06's elongated bowl (five optimizers, one panel each), as a phone shows it."""
    chapter = "06-optimizers"
    _open(phone, f"{server}/book/chapters/{chapter}.html")
    sizes = figure_text_sizes(phone, built_book, server)
    images = phone.locator(".bd-article img")
    bowl = max(range(images.count()), key=lambda i: images.nth(i).evaluate("i => i.naturalHeight / i.naturalWidth"))
    images.nth(bowl).scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / f"{chapter}-phone-multi-panel-figure.png"))
    assert min(size for _, size in sizes) >= SMALLEST["phone"]


def _search_pages(page, query: str) -> set[str]:
    """The pages Sphinx's own search (searchtools.js, as the search page runs it) finds for ``query``."""
    return set(page.evaluate("""q => {
        const [query, terms, excluded, highlight, objects] = Search._parseQuery(q);
        return Search._performSearch(query, terms, excluded, highlight, objects).map(r => r[0]);
    }""", query))


def _prose(built, docname: str) -> str:
    """A page's running text: what a reader reads, without code, math and the navigation."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup((built / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one(".bd-article") or soup
    for tag in article.select("pre, code, script, style, .math, mjx-container, .cell_output"):
        tag.decompose()
    return " ".join(article.get_text(" ").split())


def test_korean_terms_find_every_page_their_english_terms_find(page, built_book, server):
    """Every glossary term: its Korean search finds every page whose text uses the English term. Sphinx's
    search is by words, not phrases (``step function`` also finds a page with "step" here and "function"
    there), so the pages that count are those whose running text (not code) has the English term itself."""
    from autograder.course import glossary
    _open(page, f"{server}/search.html?q=%ED%8D%BC%EC%85%89%ED%8A%B8%EB%A1%A0")   # 퍼셉트론
    page.wait_for_function("typeof Search !== 'undefined' && Search.hasIndex()", timeout=60000)
    prose, missing, compared = {}, {}, 0
    for term in glossary.terms():
        english, korean = _search_pages(page, term["en"]), _search_pages(page, term["ko"])
        phrase = re.compile(r"\b" + re.escape(term["en"]).replace(r"\ ", r"[\s-]+") + r"(s|es)?\b", re.I)
        for doc in english - prose.keys():   # each page parsed once (setdefault would parse it for every term)
            prose[doc] = _prose(built_book, doc)
        uses = {doc for doc in english if phrase.search(prose[doc])}
        compared += len(uses)
        if uses - korean:
            missing[f"{term['ko']} / {term['en']}"] = sorted(uses - korean)
    assert compared > len(glossary.terms())   # the English terms do find pages: the check has something to check
    assert missing == {}


def test_korean_search_page_finds_words_with_particles(page, server):
    """Before: 퍼셉트론 found 4 pages, perceptron 7 (the index held 퍼셉트론은, 퍼셉트론과 … as other words)."""
    _open(page, f"{server}/search.html?q=%ED%8D%BC%EC%85%89%ED%8A%B8%EB%A1%A0")   # 퍼셉트론
    page.wait_for_selector("ul.search li", timeout=60000)
    page.wait_for_timeout(2000)   # the excerpts arrive one page after another
    found = page.evaluate("Array.from(document.querySelectorAll('ul.search li a')).map(a => a.href)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-korean.png"))
    korean = {urllib.parse.urlparse(h).path.rsplit("/", 1)[-1] for h in found}
    assert {"intro.html", "01-perceptron.html", "02-backprop.html", "03-activations.html", "glossary.html"} <= korean


def test_footer_reads_well_in_korean(page, server):
    _open(page, f"{server}/book/intro.html")
    footer = page.evaluate("document.querySelector('.bd-footer-content').innerText")
    assert "딥러닝 기초 과정 / Deep Learning Basics course" in footer
    assert "으로 딥러닝" not in footer and not re.search(r"(^|\s)(으로|로)\s", footer)
