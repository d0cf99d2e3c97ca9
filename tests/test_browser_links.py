"""Internal links and anchors of the built site, in both languages (read from the HTML, no browser).

Every <a href> that points inside the site must reach an existing page or file, and its #fragment an
existing id (or <a name>) on that page. Links to other sites are not followed. The language selector
of every page links to the same page in each language (test_browser.py clicks it for two pages).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser.site import Page, counterpart_path, default_language, discover_pages, read_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://site.invalid"  # any origin: links are resolved against it and mapped back to files
NOT_FOLLOWED = ("mailto:", "tel:", "javascript:")


def site_url() -> str:
    """mkdocs.yml's site_url: absolute links under it are links inside the site."""
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return line.partition(":")[2].strip().strip("'\"").rstrip("/") + "/"
    return BASE + "/"


@pytest.fixture(scope="session")
def site_dir(built_site: Path) -> Path:
    return built_site  # tests/conftest.py: one build per session


@pytest.fixture(scope="session")
def links(site_dir: Path) -> dict[str, list[tuple[int, str, str, str]]]:
    """For each page: (line, href as written, target URL path, fragment) of every link inside the site."""
    inside = site_url()
    found = {}
    for page in discover_pages(site_dir):
        rows = []
        for line, href in page.facts.links:
            if not href or href.startswith(NOT_FOLLOWED):
                continue
            target = urljoin(BASE + page.path, href)
            if target.startswith(inside):
                target = BASE + "/" + target.removeprefix(inside)
            parts = urlsplit(target)
            if f"{parts.scheme}://{parts.netloc}" != BASE:
                continue  # another site
            rows.append((line, href, unquote(parts.path) or "/", unquote(parts.fragment)))
        found[page.path] = rows
    return found


def resolve_file(site_dir: Path, path: str) -> Path | None:
    """The built file a URL path serves (a folder serves its index.html), or None."""
    target = site_dir / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def test_pages_of_both_languages_have_internal_links(links, site_dir):
    langs = {read_page(site_dir, resolve_file(site_dir, path)).lang for path in links}
    assert len(langs) >= 2, f"languages found: {langs}"
    assert all(rows for rows in links.values()), [path for path, rows in links.items() if not rows]


def test_internal_links_reach_a_page(links, site_dir):
    problems = [
        f"{page}:{line}: {href!r} -> {path}: no such page or file"
        for page, rows in links.items()
        for line, href, path, _ in rows
        if resolve_file(site_dir, path) is None
    ]
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems)


def test_anchors_exist_on_their_page(links, site_dir):
    parsed: dict[Path, Page] = {}
    problems = []
    for page, rows in links.items():
        for line, href, path, fragment in rows:
            file = resolve_file(site_dir, path)
            if not fragment or file is None or file.suffix != ".html":
                continue
            if file not in parsed:
                parsed[file] = read_page(site_dir, file)
            if fragment not in parsed[file].facts.ids:
                problems.append(f"{page}:{line}: {href!r}: no id {fragment!r} on {path}")
    assert not problems, f"{len(problems)} broken anchor(s):\n" + "\n".join(problems)



def test_language_selector_links_to_the_same_page(site_dir):
    pages = discover_pages(site_dir)
    default = default_language(pages)
    langs = {page.lang for page in pages}
    problems = []
    for page in pages:
        if set(page.facts.switcher) != langs:
            problems.append(f"{page}: language selector offers {sorted(page.facts.switcher)}, expected {sorted(langs)}")
        for lang, href in sorted(page.facts.switcher.items()):
            target = urlsplit(urljoin(BASE + page.path, href)).path
            expected = counterpart_path(page, lang, default)
            if target != expected:
                problems.append(f"{page}: {lang} link {href!r} -> {target}, expected {expected}")
    assert not problems, "\n".join(problems)
