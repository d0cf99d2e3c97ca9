"""Every chapter page can be downloaded as a notebook, in both languages, that holds its listings.

The notebooks are generated at build time by the MkDocs hook (mkdocs_hooks.py, using
listingcheck.notebooks). These tests build the site once, then check that each chapter's
notebook sits next to its page in both languages, that its code cells are exactly the listings
the page includes (read here from the files, not from the generator), that the page links to
it, and that the shortest chapter's notebook runs top to bottom in a Jupyter kernel on the
project's Python and prints what its listings recorded.

Set NOTEBOOKS_EXECUTE=all to run every chapter's notebook, not only the shortest one.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from listingcheck.config import Config
from listingcheck.expectations import compare_output
from listingcheck.listings import Listing
from listingcheck.notebooks import DOWNLOAD_TEXT, chapter_notebook
from listingcheck.pagemodel import language_of, load_page

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config.load(ROOT)
PAGES = sorted(CONFIG.docs.rglob("*.md"))
MARKER = re.compile(r"-+8<-+[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[-\w]+)[ \t]*\]", re.I)


def listings_of(page: Path) -> list[tuple[Path, str | None]]:
    """The listings a page shows, in page order; a notebook holds each whole (no section)."""
    return [(CONFIG.base / directive.script, None) for directive in load_page(page).listings]


CHAPTERS = [page for page in PAGES if listings_of(page)]
PAGE_ID = {"ids": lambda page: page.relative_to(CONFIG.docs).as_posix()}


def trim_blank_lines(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def listing_as_shown(script: Path, section: str | None) -> str:
    """The listing's text as the page shows it: marker lines out, or only the named section."""
    lines = script.read_text(encoding="utf-8").splitlines()
    if section is None:
        return trim_blank_lines([line for line in lines if not MARKER.search(line)])
    starts = [n for n, line in enumerate(lines) if (m := MARKER.search(line)) and m["name"] == section and m["kind"] == "start"]
    ends = [n for n, line in enumerate(lines) if (m := MARKER.search(line)) and m["name"] == section and m["kind"] == "end"]
    body = [line for line in lines[starts[0] + 1 : ends[0]] if not MARKER.search(line)]
    return trim_blank_lines(textwrap.dedent("\n".join(body)).split("\n"))


def built_folder(site: Path, page: Path) -> Path:
    """Where the page's HTML goes: one-letter.zh.md -> site/zh/one-letter/ (directory URLs)."""
    relative = page.relative_to(CONFIG.docs).as_posix().removesuffix(".md").removesuffix(".zh")
    folder = site / "zh" if language_of(page) == "zh" else site
    parent, _, stem = relative.rpartition("/")
    return folder / parent / ("" if stem == "index" else stem)


def notebook_of(site: Path, page: Path) -> Path:
    stem = page.name.removesuffix(".md").removesuffix(".zh")
    return built_folder(site, page) / f"{stem}.ipynb"


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The site, built once per test session by mkdocs with the project's hooks (tests/conftest.py)."""
    return built_site


def test_there_are_chapters_in_both_languages():
    languages = {language_of(page) for page in CHAPTERS}
    assert languages == {"en", "zh"}
    assert any(page.name == "alphabet.md" for page in CHAPTERS)


@pytest.mark.parametrize("page", CHAPTERS, **PAGE_ID)
def test_generated_notebook_holds_the_listings(page):
    notebook = chapter_notebook(page, CONFIG)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code == [listing_as_shown(script, section) for script, section in listings_of(page)]


@pytest.mark.parametrize("page", CHAPTERS, **PAGE_ID)
def test_built_notebook_sits_next_to_its_page_and_holds_the_listings(site, page):
    path = notebook_of(site, page)
    assert path.is_file(), f"no notebook for {page.name} at {path.relative_to(site)}"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code == [listing_as_shown(script, section) for script, section in listings_of(page)]
    assert all(cell.cell_type in ("markdown", "code") for cell in notebook.cells)
    assert all("--8<--" not in cell.source for cell in notebook.cells)  # every include was expanded
    title = next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith(title)


def test_notebooks_are_generated_the_same_every_time():
    page = CONFIG.docs / "one-letter.md"
    first, second = (nbformat.writes(chapter_notebook(page, CONFIG)) for _ in range(2))
    assert first == second


@pytest.mark.parametrize("page", CHAPTERS, **PAGE_ID)
def test_chapter_page_links_to_its_notebook_in_its_language(site, page):
    folder = built_folder(site, page)
    text = DOWNLOAD_TEXT[language_of(page)]
    page_html = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" download>' + re.escape(html.escape(text, quote=False)) + "</a>", page_html)
    assert len(links) == 1, f"{page.name}: expected one link '{text}' in {folder / 'index.html'}"
    assert (folder / links[0]).resolve() == notebook_of(site, page).resolve()
    assert (folder / links[0]).is_file()


@pytest.mark.parametrize("page", [page for page in PAGES if page not in CHAPTERS], **PAGE_ID)
def test_page_without_listings_has_no_notebook_link(site, page):
    page_html = (built_folder(site, page) / "index.html").read_text(encoding="utf-8")
    assert "notebook-download" not in page_html
    assert not notebook_of(site, page).exists()


def cost(page: Path) -> tuple[float, int, int]:
    """How long a chapter's listings may take (their declared time limits), then their size."""
    listings = listings_of(page)
    timeouts = sum(Listing(script).expectations(CONFIG).timeout for script, _ in listings)
    return timeouts, len(listings), sum(script.stat().st_size for script, _ in listings)


SHORTEST = min((page for page in CHAPTERS if language_of(page) == "en"), key=cost)
EXECUTE_ALL = os.environ.get("NOTEBOOKS_EXECUTE") == "all"


@pytest.fixture
def project_kernel(tmp_path, monkeypatch) -> str:
    """A kernel named python3 that runs this interpreter (the project's .venv), whatever else is installed."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (project)", "language": "python",
        "env": {"TF_CPP_MIN_LOG_LEVEL": "2"},
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))  # searched before user and system kernels
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))  # connection files: nothing left in ~
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    return "python3"


@pytest.mark.notebook
@pytest.mark.parametrize("page", sorted({SHORTEST, *(CHAPTERS if EXECUTE_ALL else [])}), **PAGE_ID)
def test_notebook_runs_top_to_bottom_and_prints_the_recorded_output(site, page, project_kernel, tmp_path):
    from nbclient import NotebookClient

    notebook = nbformat.read(notebook_of(site, page), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)", id="which-python"))
    work = tmp_path / "work"  # listings write their pictures into the current folder
    work.mkdir()
    timeout = int(cost(page)[0]) * 4 + 60
    started = time.perf_counter()
    NotebookClient(notebook, kernel_name=project_kernel, timeout=timeout,
                   resources={"metadata": {"path": str(work)}}).execute()
    seconds = time.perf_counter() - started
    assert seconds < timeout

    def stdout(cell) -> str:
        return "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream" and out.name == "stdout")

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert stdout(code[-1]).strip() == sys.executable  # the kernel ran the project's Python
    for cell, (script, section) in zip(code, listings_of(page)):
        assert not [out for out in cell.outputs if out.output_type == "error"]
        listing = Listing(script)
        if section is None and listing.recorded.exists():
            problems = compare_output(listing.recorded.read_text(encoding="utf-8"), stdout(cell), listing.expectations(CONFIG))
            assert not problems, (
                f"{script.name} prints something else in the notebook, where it runs after the listings before it "
                f"in one Python process (Keras' automatic layer names, for one, count on):\n" + "\n".join(problems)
            )
