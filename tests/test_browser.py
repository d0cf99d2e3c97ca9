"""The built site in a real browser: Debian's Chromium, driven by Playwright.

The site is built once (`mkdocs build --strict`, into a temporary folder), served by http.server on
127.0.0.1, and read by one headless Chromium for the whole session. Chromium is the Debian package
(/usr/bin/chromium, `make chromium` installs it); Playwright's own browser download is never used.

Every page of both languages is loaded once (the `visits` fixture) and checked: no console error,
every image loads, no request leaves 127.0.0.1, the body fits the screen at desktop (1280 px) and
phone (390 px) width, and the copy button of every listing copies its snippet file. Every chapter's
notebook is a page too (rendered by mkdocs-jupyter): it is checked the same way, the copy button of
each of its code cells included. A chapter and its notebook are photographed at both widths into
build/screenshots/. Then, on their own pages: the language switcher keeps the page (a notebook's
too), and search finds English and Chinese terms on the right page.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser.site import (
    ROOT,
    SCREENSHOTS,
    Page,
    counterpart_path,
    default_language,
    discover_pages,
    is_local,
    serve,
    shown_listing,
    source_of,
)
from listingcheck.pagemodel import load_page
from playwright.sync_api import Browser, BrowserContext, Error as PlaywrightError, sync_playwright
from playwright.sync_api import Page as Tab, TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The background-networking flags matter: without them Chromium calls home, and on a closed network
# those connections are refused (and would count as requests leaving 127.0.0.1).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CHAPTER = "/one-letter/"  # the chapter photographed at both widths (and its translation)
NOTEBOOK = "/notebooks/one-letter/"  # its notebook's page, photographed too
TIMEOUT_MS = 10_000


# --- the site, the server, the browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(built_site: Path) -> Path:
    return built_site  # tests/conftest.py: one build per session


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[Page]:
    found = discover_pages(site_dir)
    assert found, f"no index.html in the built site {site_dir}"
    return found


@pytest.fixture(scope="session")
def default_lang(pages: list[Page]) -> str:
    return default_language(pages)


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is missing ({CHROMIUM}): run `make chromium` (Debian package chromium)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Recorder:
    """What the pages of a browser context did that a test may object to."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)  # status >= 400, or no response at all

    def clear(self) -> None:
        for name in ("requests", "external", "console_errors", "page_errors", "bad_responses"):
            getattr(self, name).clear()

    def on_request(self, request) -> None:
        self.requests.append(request.url)
        if not is_local(request.url):
            self.external.append(f"{request.method} {request.url} ({request.resource_type})")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"HTTP {response.status} {response.url}")

    def on_request_failed(self, request) -> None:
        if is_local(request.url):  # outside ones are blocked on purpose, and reported as outside requests
            self.bad_responses.append(f"failed ({request.failure}) {request.url}")

    def on_console(self, message) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            self.console_errors.append(f"{message.text} [{where}]" if where else message.text)

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))


def open_context(browser: Browser, **options) -> tuple[BrowserContext, Recorder]:
    """A desktop-sized browser context that records what its pages do and lets no request leave 127.0.0.1."""
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"], **options)
    context.set_default_timeout(TIMEOUT_MS)
    recorder = Recorder()
    context.on("request", recorder.on_request)
    context.on("response", recorder.on_response)
    context.on("requestfailed", recorder.on_request_failed)
    context.on("console", recorder.on_console)
    context.on("weberror", lambda web_error: recorder.on_page_error(web_error.error))
    # Blocked, not only recorded: an outside request must neither leave nor make a test wait for it.
    context.route(lambda url: not is_local(url), lambda route: route.abort("blockedbyclient"))
    return context, recorder


@pytest.fixture(scope="session")
def empty_search_index(site_dir: Path) -> str:
    """The site's search index with no documents: same configuration, nothing to index."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return json.dumps({**index, "docs": []})


def serve_empty_search_index(context: BrowserContext, empty_index: str, when=lambda: True) -> None:
    """Every page's search worker indexes the whole site (both languages): the bigger the site, the more
    each page costs. Where a test does not search, its pages may get an empty index instead (`when`)."""

    def search_index(route) -> None:
        if when():
            route.fulfill(status=200, content_type="application/json", body=empty_index)
        else:
            route.continue_()

    context.route("**/search/search_index.json", search_index)


@pytest.fixture
def tab(browser: Browser):
    """A page of a fresh desktop context; after the test, no request may have left 127.0.0.1."""
    context, recorder = open_context(browser)
    yield context.new_page()
    context.close()
    assert not recorder.external, "requests left 127.0.0.1:\n" + "\n".join(recorder.external)


def goto(tab: Tab, base_url: str, path: str) -> None:
    response = tab.goto(base_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else 'no response'}"


# Material's search box reads its placeholder ("Type to start searching") once the search worker has
# loaded the index (before that: "Initializing search"); by then the page has made all its requests.
SEARCH_READY_JS = """() => {
    const config = JSON.parse(document.getElementById("__config").textContent);
    const meta = document.querySelector(".md-search-result__meta");
    return meta?.textContent.trim() === config.translations["search.result.placeholder"];
}"""


def report(problems: dict[str, list[str]], what: str) -> str:
    lines = [f"{what} on {len(problems)} page(s):"]
    for path, items in problems.items():
        lines += [f"  {path}:"] + [f"    {item}" for item in items]
    return "\n".join(lines)


# --- every page, loaded once ---------------------------------------------------------------------------

IMAGES_JS = """async () => {
    const images = [...document.images];
    for (const image of images) image.loading = "eager";  // lazy images would not load off-screen
    await Promise.all(images.map((image) => image.decode().catch(() => null)));
    return images.map((image) => ({
        src: image.currentSrc || image.src || image.outerHTML.slice(0, 120),
        ok: image.complete && image.naturalWidth > 0,
    }));
}"""

# How wide the page is; when it scrolls sideways, the elements that stick out (outside scrolling boxes).
FIT_JS = """() => {
    const width = window.innerWidth;
    const body = document.body.scrollWidth, root = document.documentElement.scrollWidth;
    // Listings whose code scrolls sideways inside its block (Material's `pre > code` scrolls).
    const scrollingCode = [...document.querySelectorAll(".listing-code pre > code")]
        .filter((code) => code.scrollWidth > code.clientWidth + 1)
        .map((code) => code.closest(".listing-code").dataset.listing);
    if (Math.max(body, root) <= width) return {width, body, root, wide: [], scrollingCode};
    const scrolls = (element) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(element).overflowX);
    const clipped = (element) => {
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement)
            if (scrolls(parent)) return true;
        return false;
    };
    const name = (element) => element.tagName.toLowerCase() + [...element.classList].map((c) => "." + c).join("");
    const wide = [...document.body.querySelectorAll("*")]
        .filter((element) => element.getBoundingClientRect().right > width + 1 && !clipped(element))
        .slice(0, 5)
        .map(name);
    return {width, body, root, wide, scrollingCode};
}"""

LISTINGS_JS = """() => [...document.querySelectorAll(".highlight")].map((block, index) => ({
    index,
    title: block.querySelector(".filename")?.textContent.trim() ?? "",
}))"""

READ_CLIPBOARD_JS = """async (sentinel) => {
    const text = await navigator.clipboard.readText();
    return text === sentinel ? null : text;
}"""


@dataclass
class Visit:
    page: Page
    requests: list[str]
    external: list[str]
    console_errors: list[str]
    page_errors: list[str]
    bad_responses: list[str]
    images: list[dict]
    fit: dict[str, dict]  # "desktop" / "phone" -> FIT_JS's answer
    screenshots: dict[str, Path]  # "desktop" / "phone" -> file, on the chapter's pages
    copied: list[str]  # the listings whose copy button was checked
    copy_problems: list[str]


def copy_listing(tab: Tab, index: int) -> str:
    """Click the copy button of the page's `index`th code block; the text it put on the clipboard."""
    sentinel = f"(clipboard before copying block {index})"
    tab.evaluate("text => navigator.clipboard.writeText(text)", sentinel)
    # The button is transparent until the mouse is over the block; the click moves the mouse there.
    tab.locator(".highlight").nth(index).locator("[data-clipboard-target]").click()
    return tab.wait_for_function(READ_CLIPBOARD_JS, arg=sentinel, timeout=5_000).json_value()


def check_copy_buttons(tab: Tab, page: Page, default_lang: str) -> tuple[list[str], list[str]]:
    """Each listing titled with its file's path copies that file as the page includes it.

    A whole-file include drops pymdownx.snippets' section marker lines (`# --8<-- [start:x]`), and
    Material trims trailing whitespace from what it copies: the expected text is the file without
    those lines, trailing whitespace trimmed (browser.site.shown_listing).
    """
    source = source_of(page, default_lang)
    if source.suffix == ".ipynb":
        return check_notebook_copy_buttons(tab, source)
    directives = load_page(source).listings
    checked, problems = [], []
    seen: dict[str, int] = defaultdict(int)
    for block in tab.evaluate(LISTINGS_JS) if directives else []:
        title = block["title"]
        if not title or not (ROOT / title).is_file():
            continue  # "Output (recorded)", untitled fences: not a listing file
        matching = [directive for directive in directives if directive.script == title]
        nth = seen[title]  # the nth block with this title shows the nth include of that file
        seen[title] += 1
        if nth >= len(matching):
            problems.append(f"block titled {title!r} is not one of the page's listings")
            continue
        sections = matching[nth].sections or (None,)
        expected = "\n\n".join(shown_listing(ROOT / title, section) for section in sections).rstrip()
        try:
            copied = copy_listing(tab, block["index"])
        except (PlaywrightTimeout, PlaywrightError) as error:
            problems.append(f"{title}: its copy button copied nothing: {str(error).splitlines()[0]}")
            continue
        checked.append(title)
        if copied != expected:
            problems.append(f"{title}: copied text differs from the file:\n{first_difference(copied, expected)}")
    return checked, problems


def check_notebook_copy_buttons(tab: Tab, source: Path) -> tuple[list[str], list[str]]:
    """On a notebook's page, the copy button of each code cell (mkdocs-jupyter's) copies the listing
    the cell's metadata names: the file without its section marker lines."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    listings = [cell["metadata"]["lstmstate"]["listing"] for cell in notebook["cells"] if cell["cell_type"] == "code"]
    checked, problems = [], []
    for number, listing in enumerate(listings, 1):  # the buttons are numbered in code cell order
        sentinel = f"(clipboard before copying cell {number})"
        tab.evaluate("text => navigator.clipboard.writeText(text)", sentinel)
        try:
            tab.locator(f'clipboard-copy[for="cell-{number}"]').click()
            copied = tab.wait_for_function(READ_CLIPBOARD_JS, arg=sentinel, timeout=5_000).json_value()
        except (PlaywrightTimeout, PlaywrightError) as error:
            problems.append(f"{listing}: the copy button of code cell {number} copied nothing: {str(error).splitlines()[0]}")
            continue
        checked.append(listing)
        expected = shown_listing(ROOT / listing).strip("\n")
        if copied.strip("\n") != expected:
            problems.append(f"{listing}: code cell {number} copies other text:\n{first_difference(copied.strip(), expected)}")
    return checked, problems


def first_difference(copied: str, expected: str) -> str:
    copied_lines, expected_lines = copied.splitlines(), expected.splitlines()
    for number, (got, want) in enumerate(zip(copied_lines, expected_lines), 1):
        if got != want:
            return f"      line {number}: copied  {got!r}\n      line {number}: in file {want!r}"
    return f"      copied {len(copied_lines)} lines, the file shows {len(expected_lines)}"


def measure(tab: Tab, page: Page, default_lang: str, kind: str, fit: dict, screenshots: dict) -> None:
    fit[kind] = tab.evaluate(FIT_JS)
    path = counterpart_path(page, default_lang, default_lang)
    if path in (CHAPTER, NOTEBOOK):
        screenshots[kind] = SCREENSHOTS / f"{path.strip('/').replace('/', '-')}.{page.lang}.{kind}.png"
        tab.screenshot(path=screenshots[kind], full_page=True)


@pytest.fixture(scope="session")
def visits(
    browser: Browser, base_url: str, empty_search_index: str, pages: list[Page], default_lang: str
) -> list[Visit]:
    """Each page loaded once, at desktop width, until its search worker is ready; then its images are
    read, its width measured at desktop and at phone width, and its copy buttons clicked.

    The home page of each language loads the real search index; the other pages an empty one
    (serve_empty_search_index), so that a visit does not cost more as the site grows.
    """
    context, recorder = open_context(browser)
    real_index = {"now": True}
    serve_empty_search_index(context, empty_search_index, when=lambda: not real_index["now"])
    tab = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = []
    for page in pages:
        recorder.clear()
        real_index["now"] = counterpart_path(page, default_lang, default_lang) == "/"
        goto(tab, base_url, page.path)
        try:
            tab.wait_for_function(SEARCH_READY_JS)
        except PlaywrightTimeout:
            recorder.page_errors.append(f"search not ready after {TIMEOUT_MS / 1000:.0f} s")
        images = tab.evaluate(IMAGES_JS)
        fit, screenshots = {}, {}
        measure(tab, page, default_lang, "desktop", fit, screenshots)
        tab.set_viewport_size(PHONE)  # the same page, laid out again for a phone's width
        measure(tab, page, default_lang, "phone", fit, screenshots)
        tab.set_viewport_size(DESKTOP)
        copied, copy_problems = check_copy_buttons(tab, page, default_lang)
        found.append(
            Visit(
                page=page,
                requests=list(recorder.requests),
                external=list(recorder.external),
                console_errors=list(recorder.console_errors),
                page_errors=list(recorder.page_errors),
                bad_responses=list(recorder.bad_responses),
                images=images,
                fit=fit,
                screenshots=screenshots,
                copied=copied,
                copy_problems=copy_problems,
            )
        )
    context.close()
    return found


def test_both_languages_have_the_same_pages(pages, default_lang):
    by_lang: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        by_lang[page.lang].add(counterpart_path(page, default_lang, default_lang))
    assert len(by_lang) >= 2, f"pages in one language only: {sorted(by_lang)}"
    reference = by_lang[default_lang]
    for lang, paths in by_lang.items():
        assert paths == reference, f"{lang} pages differ from {default_lang}: {sorted(paths ^ reference)}"


def test_every_page_loads_without_console_errors(visits):
    problems = {}
    for visit in visits:
        errors = [f"console error: {error}" for error in visit.console_errors]
        errors += [f"uncaught: {error}" for error in visit.page_errors]
        errors += visit.bad_responses
        if errors:
            problems[visit.page.path] = errors
    assert not problems, report(problems, "errors")


def test_every_image_loads(visits):
    problems = {}
    for visit in visits:
        broken = [f"image did not load: {image['src']}" for image in visit.images if not image["ok"]]
        if broken:
            problems[visit.page.path] = broken
    assert not problems, report(problems, "broken images")


def test_no_request_leaves_localhost(visits):
    problems = {visit.page.path: visit.external for visit in visits if visit.external}
    assert not problems, report(problems, "requests outside 127.0.0.1 (fonts, scripts, images, mermaid...)")
    # The pages did load their own assets (stylesheets, scripts, the search index) from 127.0.0.1.
    for visit in visits:
        assert any(url.endswith("/search/search_index.json") for url in visit.requests), f"{visit.page}: no search"


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_every_page_fits_the_screen(visits, kind):
    """No horizontal scroll (body.scrollWidth <= innerWidth) at 1280 and 390 px; screenshots of a chapter."""
    width = (DESKTOP if kind == "desktop" else PHONE)["width"]
    problems = {}
    for visit in visits:
        fit = visit.fit[kind]
        if max(fit["body"], fit["root"]) > min(fit["width"], width):
            problems[visit.page.path] = [
                f"scrolls sideways at {width} px: body {fit['body']} px, page {fit['root']} px, "
                f"window {fit['width']} px; sticking out: {', '.join(fit['wide']) or '?'}"
            ]
    assert not problems, report(problems, f"pages wider than the screen ({kind})")
    shots = [visit.screenshots[kind] for visit in visits if kind in visit.screenshots]
    assert len(shots) >= 4, f"screenshots of {CHAPTER} and {NOTEBOOK} at {kind} width, one per language: {shots}"
    assert all(shot.stat().st_size > 10_000 for shot in shots), f"empty screenshots? {shots}"


def test_listings_fit_the_code_column_at_desktop_width(visits):
    """At 1280 px no listing's code scrolls sideways (snippets/ruff.toml keeps lines to 79 columns)."""
    problems = {visit.page.path: visit.fit["desktop"]["scrollingCode"] for visit in visits
                if visit.fit["desktop"]["scrollingCode"]}
    assert not problems, report(problems, "listings whose code scrolls sideways at 1280 px")
    assert any("snippets/" in block for visit in visits for block in visit.copied), "no listing was seen"


def test_copy_buttons_copy_the_snippet_files(visits):
    """See check_copy_buttons: every listing titled with its file, on every page of both languages."""
    problems = {visit.page.path: visit.copy_problems for visit in visits if visit.copy_problems}
    assert not problems, report(problems, "copy buttons that copy the wrong text")
    checked = {f"{visit.page.path} {title}" for visit in visits for title in visit.copied}
    assert f"{CHAPTER} snippets/one-letter/02-trained-well.py" in checked, f"listings checked: {sorted(checked)}"
    assert f"/zh{NOTEBOOK} snippets/one-letter/02-trained-well.py" in checked, f"listings checked: {sorted(checked)}"


def test_every_chapter_notebook_page_was_visited(visits, pages, default_lang):
    """The checks above cover the notebooks' pages, in both languages: one per chapter page."""
    notebooks = {visit.page.path for visit in visits if "/notebooks/" in visit.page.path}
    chapters = {visit.page.path for visit in visits if visit.copied and "/notebooks/" not in visit.page.path}
    assert chapters and len(notebooks) == len(chapters), f"notebook pages {sorted(notebooks)}, chapters {sorted(chapters)}"
    assert {page.lang for page in pages if page.path in notebooks} == {page.lang for page in pages}


# --- the language switcher --------------------------------------------------------------------------


def switch_language(tab: Tab, lang: str) -> None:
    selector = tab.locator(".md-header__option .md-select")  # Material's language selector
    selector.hover()  # its list opens on hover
    selector.locator(f"a.md-select__link[hreflang='{lang}']").click()


@pytest.mark.parametrize("path", ["/", CHAPTER, NOTEBOOK])
def test_language_switcher_keeps_the_page(tab, base_url, empty_search_index, pages, default_lang, path):
    """Clicked in the browser, there and back (every page's selector links: test_browser_links.py)."""
    serve_empty_search_index(tab.context, empty_search_index)
    page = next(page for page in pages if page.path == path)
    others = sorted({page.lang for page in pages} - {default_lang})
    goto(tab, base_url, page.path)
    for lang in [*others, default_lang]:  # there, and back again
        expected = counterpart_path(page, lang, default_lang)
        before = urlsplit(tab.url).path
        try:
            switch_language(tab, lang)
            tab.wait_for_url(base_url + expected, wait_until="domcontentloaded", timeout=5_000)
        except PlaywrightTimeout:
            pytest.fail(f"{before} -> {lang}: landed on {urlsplit(tab.url).path}, expected {expected}", pytrace=False)
        html_lang = tab.evaluate("document.documentElement.lang")
        assert html_lang == lang, f"{before} -> {expected}: <html lang={html_lang!r}>, expected {lang!r}"


# --- search ----------------------------------------------------------------------------------------

SEARCHES = [
    pytest.param("stateless", "/state-lifecycle/", id="en-stateless"),
    pytest.param("one-hot", "/alphabet/", id="en-one-hot"),
    pytest.param("独热编码", "/zh/alphabet/", id="zh-one-hot"),
    pytest.param("有状态", "/zh/glossary/", id="zh-stateful"),
    # The chapter about stateless and stateful layers, as for English: the term is on many pages.
    pytest.param("无状态", "/zh/state-lifecycle/", id="zh-stateless"),
]

SEARCH_DONE_JS = f"() => !({SEARCH_READY_JS})()"  # the placeholder gave way to a count of results


@pytest.fixture(scope="session")
def search_tab(browser: Browser, base_url: str):
    """A home page (per language) with the real search index, ready, shared by the search tests."""
    context, recorder = open_context(browser)
    tabs: dict[str, Tab] = {}

    def home(path: str) -> Tab:
        if path not in tabs:
            tabs[path] = context.new_page()
            goto(tabs[path], base_url, path)
            tabs[path].wait_for_function(SEARCH_READY_JS)
        return tabs[path]

    yield home
    context.close()
    assert not recorder.external, "requests left 127.0.0.1:\n" + "\n".join(recorder.external)


def all_results(tab: Tab) -> list[str]:
    """Every result's link: Material shows the first ten and renders more as the list scrolls."""
    links = tab.locator("a.md-search-result__link")
    count = -1
    while links.count() != count:
        count = links.count()
        tab.locator(".md-search__scrollwrap").evaluate("wrap => { wrap.scrollTop = wrap.scrollHeight; }")
        tab.wait_for_timeout(200)
    return links.evaluate_all("links => links.map(link => link.href)")


@pytest.mark.parametrize(("term", "expected"), SEARCHES)
def test_search_finds_the_term_on_its_page(search_tab, term, expected):
    start = "/zh/" if expected.startswith("/zh/") else "/"
    tab = search_tab(start)
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("")  # the previous test's query, if any, gives way to the placeholder
    box.press("End")
    tab.wait_for_function(SEARCH_READY_JS)
    box.fill(term)
    box.press("End")  # Material searches on key up; fill() alone types no key
    try:
        tab.wait_for_function(SEARCH_DONE_JS)
    except PlaywrightTimeout:
        pytest.fail(f"search for {term!r} on {start}: no results after {TIMEOUT_MS / 1000:.0f} s", pytrace=False)
    meta = tab.locator(".md-search-result__meta").inner_text()
    found = all_results(tab)
    paths = sorted({urlsplit(href).path for href in found})
    assert expected in paths, f"search for {term!r} on {start}: {expected} not among the results ({meta}): {paths}"
