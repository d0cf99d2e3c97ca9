"""The built site, as the browser tests see it: built once, served on 127.0.0.1, read back.

- `build_site` runs `mkdocs build --strict` into a temporary folder, once per test session, however
  many test modules ask for it.
- `serve` serves a folder with the standard library's http.server, in a thread, on a free port.
- `discover_pages` finds every page (every index.html) of both languages in the built site.
- `shown_listing` is the text pymdownx.snippets puts on a page for one include of a file.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCREENSHOTS = ROOT / "build" / "screenshots"
HOST = "127.0.0.1"

_built: dict[str, Path | str] = {}  # "site", "seconds", and "error" when the build failed


def build_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mkdocs build --strict` of the project into a temporary folder; built once per session."""
    if not _built:
        site = tmp_path_factory.mktemp("browser-site")
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        _built["site"] = site
        _built["seconds"] = f"{time.perf_counter() - started:.1f}"
        if result.returncode != 0:
            tail = "\n".join(result.stderr.splitlines()[-40:])  # the warnings or the exception that stopped it
            _built["error"] = f"mkdocs build --strict failed (exit {result.returncode}):\n{tail}"
    if "error" in _built:  # failed once: every test that needs the site says why, without building again
        pytest.fail(_built["error"], pytrace=False)
    return Path(_built["site"])


def build_seconds() -> float:
    """How long the session's one build took."""
    return float(_built["seconds"])


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the browser dropped a connection it no longer needed (a page navigated away)
        super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL (no trailing slash)."""
    server = _Server((HOST, 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def is_local(url: str) -> bool:
    """True for a request that stays on this machine's test server (or needs no network at all)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == HOST


# --- the pages of the built site -------------------------------------------------------------


class _HtmlFacts(HTMLParser):
    """What the tests read from a built page: its language, its ids, its links, its language links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []  # (line, href) of every <a href>
        self.switcher: dict[str, str] = {}  # hreflang -> href of the language selector's links

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "a" and "href" in values:
            self.links.append((self.getpos()[0], values["href"]))
            if "md-select__link" in values.get("class", "").split() and values.get("hreflang"):
                self.switcher[values["hreflang"]] = values["href"]


@dataclass(frozen=True)
class Page:
    path: str  # its URL path: "/", "/one-letter/", "/zh/one-letter/"
    file: Path  # its index.html in the built site
    lang: str  # its <html lang>
    facts: _HtmlFacts = field(compare=False, repr=False)

    def __str__(self) -> str:
        return self.path


def read_page(site: Path, file: Path) -> Page:
    facts = _HtmlFacts()
    facts.feed(file.read_text(encoding="utf-8"))
    relative = file.relative_to(site).as_posix()
    path = "/" + relative.removesuffix("index.html")  # a page: its folder; another file: itself
    return Page(path=path, file=file, lang=facts.lang, facts=facts)


def discover_pages(site: Path) -> list[Page]:
    """Every page of the built site (each index.html), in both languages, sorted by URL path."""
    return sorted((read_page(site, file) for file in site.rglob("index.html")), key=lambda page: page.path)


def default_language(pages: list[Page]) -> str:
    return next(page.lang for page in pages if page.path == "/")


def counterpart_path(page: Page, lang: str, default: str) -> str:
    """The URL path of the same page in `lang` (mkdocs-static-i18n: /page/ <-> /zh/page/)."""
    bare = page.path if page.lang == default else page.path.removeprefix(f"/{page.lang}")
    return bare if lang == default else f"/{lang}{bare}"


def source_of(page: Page, default: str) -> Path:
    """The file a built page comes from (docs_structure: suffix): docs/x.md, docs/x.zh.md; for a
    notebook's page (rendered by mkdocs-jupyter) docs/notebooks/x.ipynb, docs/notebooks/x.zh.ipynb."""
    bare = page.path if page.lang == default else page.path.removeprefix(f"/{page.lang}")
    stem = bare.strip("/") or "index"
    language = "" if page.lang == default else f".{page.lang}"
    for suffix in (".md", ".ipynb"):
        for candidate in (DOCS / f"{stem}{language}{suffix}", DOCS / stem / f"index{language}{suffix}"):
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(f"{page}: no source page {stem}{language}.md (or .ipynb) under docs/")


# --- listings: what a page shows for an include ------------------------------------------------

# A section marker of pymdownx.snippets (`# --8<-- [start:name]`, `# --8<-- [end:name]`); `;` escapes it.
SECTION_MARKER = re.compile(
    r"(?<!;)-+8<-+[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]", re.I
)


def shown_listing(file: Path, section: str | None = None) -> str:
    """The text pymdownx.snippets puts on a page for `--8<-- "file"` (or `"file:section"`).

    A whole-file include drops every section marker line (`# --8<-- [start:x]`, `[end:x]`): the page,
    and so its copy button, shows the file without them. A section include shows the lines between
    that section's markers, less other markers, dedented (the project sets dedent_subsections).
    """
    lines = file.read_text(encoding="utf-8").splitlines()
    if section is None:
        return "\n".join(line for line in lines if not SECTION_MARKER.search(line))
    inside, kept = False, []
    for line in lines:
        marker = SECTION_MARKER.search(line)
        if marker and marker["name"] == section:
            if marker["kind"].lower() == "end" and inside:
                break
            inside = marker["kind"].lower() == "start"
        elif inside and not marker:
            kept.append(line)
    return textwrap.dedent("\n".join(kept))


# --- Chinese search ----------------------------------------------------------------------------

JIEBA_TERMS = ROOT / "jieba-terms.txt"


def jieba_user_dict_configured() -> bool:
    """True when mkdocs.yml gives the search plugin a jieba user dictionary (search: jieba_dict_user)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^\s*jieba_dict_user\s*:", text, re.M) is not None
