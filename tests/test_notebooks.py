"""Every chapter is a notebook, in both languages: a page of the site and a download, holding its listings.

The notebooks are generated at build time by the MkDocs hook (mkdocs_hooks.py, using
listingcheck.notebooks): one per chapter and language into docs/notebooks/, which mkdocs-jupyter
renders as pages, and a download next to each chapter's page. These tests build the site once,
then check that each notebook is valid, that its code cells are exactly the listings the page
includes and their outputs the recorded outputs (read here from the files, not from the
generator), that its first cell says how to choose the backend, how to install the pinned
versions and where the outputs come from, that its page is rendered (not the raw notebook) and
reachable from its chapter and the navigation, and that the shortest chapter's notebook runs top
to bottom in a Jupyter kernel on the project's Python, once per Keras backend, and prints what
its listings recorded.

Set NOTEBOOKS_EXECUTE=all to run every chapter's notebook (on TensorFlow), not only the shortest one.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from listingcheck.backends import TABLE
from listingcheck.config import Config
from listingcheck.expectations import compare_output
from listingcheck.listings import Listing
from listingcheck.notebooks import DOWNLOAD_TEXT, OPEN_TEXT, PREAMBLE, NotebookError, chapter_notebook, site_notebooks
from listingcheck.pagemodel import language_of, load_page

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config.load(ROOT)
PAGES = sorted(CONFIG.docs.rglob("*.md"))
MARKER = re.compile(r"-+8<-+[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[-\w]+)[ \t]*\]", re.I)


def listings_of(page: Path) -> list[tuple[Path, str | None]]:
    """The listings a page shows as code, in page order; a notebook holds each whole (no section).
    A view=table directive shows outputs, not code: the notebook has a table there instead."""
    return [(CONFIG.base / directive.script, None) for directive in load_page(page).listings
            if directive.view == "listing"]


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


BACKEND = "tensorflow"  # the backend whose recorded outputs the site's notebooks show


def recorded_output(script: Path, backend: str = BACKEND) -> str:
    """The listing's recorded output for ``backend``, from the files Listing.outputs() names."""
    return dict(Listing(script).outputs())[backend].read_text(encoding="utf-8")


def provenance(script: Path, backend: str = BACKEND) -> dict[str, str]:
    return json.loads(script.with_suffix(".provenance.json").read_text(encoding="utf-8"))[backend]


def pinned() -> dict[str, str]:
    """requirements.lock as {name: version}, names lower case with - for _."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {name.lower().replace("_", "-"): version for name, version in re.findall(r"^([\w.-]+)==(\S+)", lock, re.M)}


def title_of(page: Path) -> str:
    return next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def stdout(cell) -> str:
    return "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream" and out.name == "stdout")


def output_problems(notebook, page: Path) -> list[str]:
    """Each code cell carries exactly its listing's recorded output, and says so in its metadata."""
    problems = []
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell, (script, _) in zip(code, listings_of(page), strict=True):
        name = script.relative_to(ROOT).as_posix()
        expected = [{"output_type": "stream", "name": "stdout", "text": recorded_output(script)}]
        if [dict(output) for output in cell.outputs] != expected:
            problems.append(f"{page.name}: the cell of {name} does not carry its recorded output {script.with_suffix('.out').name}")
        recorded = {"backend": BACKEND, **{key: provenance(script)[key] for key in ("date", "python", "keras", "backend_version")}}
        if cell.metadata.get("lstmstate") != {"listing": name, "recorded": recorded}:
            problems.append(f"{page.name}: the cell of {name} has metadata {cell.metadata.get('lstmstate')}, expected {recorded}")
    return problems


def site_notebook(page: Path) -> Path:
    """Where the hook writes the notebook mkdocs-jupyter renders: docs/notebooks/one-letter.zh.ipynb."""
    stem = page.name.removesuffix(".md")  # one-letter, one-letter.zh
    return CONFIG.docs / "notebooks" / f"{stem}.ipynb"


def notebook_page(site: Path, page: Path) -> Path:
    """The notebook's page in the built site: site/notebooks/one-letter/index.html, site/zh/notebooks/..."""
    stem = page.name.removesuffix(".md").removesuffix(".zh")
    return (site / "zh" if language_of(page) == "zh" else site) / "notebooks" / stem / "index.html"


def visible_text(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


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
def test_code_cells_carry_the_recorded_outputs(page):
    assert not output_problems(chapter_notebook(page, CONFIG), page)


@pytest.mark.parametrize("page", CHAPTERS, **PAGE_ID)
def test_first_cell_says_how_to_choose_the_backend_install_and_what_recorded_the_outputs(page):
    notebook = chapter_notebook(page, CONFIG)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(title_of(page) + "\n")
    text = first.source
    assert "`KERAS_BACKEND`" in text and 'os.environ["KERAS_BACKEND"] = "jax"' in text  # how to choose
    assert "python -m pip install -r requirements.lock" in text  # how to install the pinned versions
    pins = pinned()
    assert f"Keras {pins['keras']}" in text and f"TensorFlow {pins['tensorflow-cpu']}" in text
    assert f"`KERAS_BACKEND={BACKEND}`" in text  # which backend produced the outputs shown
    for script, _ in listings_of(page):  # and with which versions, when
        recorded = provenance(script)
        for value in (recorded["date"], recorded["python"], recorded["keras"], recorded["backend_version"]):
            assert value in text, f"{page.name}: the first cell does not say {value} ({script.name}'s provenance)"
    assert notebook.metadata.lstmstate == {"page": page.name, "backend": BACKEND}


def test_chinese_first_cell_keeps_to_the_glossary():
    """The Chinese preamble is written in Chinese punctuation and uses the glossary's terms."""
    glossary = (CONFIG.docs / "glossary.zh.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|[^|]+\|[^|]+\|([^|]*)\|", glossary, re.M)[2:]  # the third column, below the header
    avoid = [variant.strip() for row in rows for variant in re.split(r"[、,]", row) if variant.strip()]
    assert "批量" in avoid  # the rule reads the table
    words = "".join(value for value in PREAMBLE["zh"].values())
    assert not [variant for variant in avoid if variant in words]
    assert "记录的输出" in words and "代码清单" in words  # the glossary's recorded output and listing
    prose = re.sub(r"`[^`]*`|\{[a-z_]+\}|\([a-z]+\)", "", words)
    assert not re.search(r"[\u4e00-\u9fff][,;:.()]|[,;:()][\u4e00-\u9fff]", prose), "half-width punctuation in Chinese text"


def test_links_are_rewritten_even_with_brackets_in_their_text():
    from listingcheck.notebooks import absolute_links

    text = "![row i of batches[k+1] starts from batches[k]](assets/a.svg) and [the next chapter](b.md#x)"
    assert absolute_links(text, "ch.md", "../../", "../../../") == (
        "![row i of batches[k+1] starts from batches[k]](../../../assets/a.svg) and [the next chapter](../../b/#x)")


def test_first_cell_names_each_listings_recording_when_they_differ(tmp_path):
    project = tiny_project(tmp_path)
    script = project / "snippets" / "ch" / "02-later.py"
    script.write_text('print("later")\n')
    script.with_suffix(".out").write_text("later\n")
    script.with_suffix(".provenance.json").write_text(json.dumps({"tensorflow": {
        "date": "2026-12-24", "python": "3.11.7", "keras": "3.16.0", "backend": "tensorflow", "backend_version": "2.21.0"}}))
    page = project / "docs" / "ch.zh.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```listing\nsnippets/ch/02-later.py\n```\n")
    first = chapter_notebook(page, Config.load(project)).cells[0].source
    assert "- `snippets/ch/01-hello.py` 的输出：记录于 2026-11-30，Python 3.11.7，Keras 3.15.1，TensorFlow 2.21.0。" in first
    assert "- `snippets/ch/02-later.py` 的输出：记录于 2026-12-24，Python 3.11.7，Keras 3.16.0，TensorFlow 2.21.0。" in first


def test_missing_recorded_output_is_named_with_its_page_and_line(tmp_path):
    project = tiny_project(tmp_path)
    (project / "snippets" / "ch" / "01-hello.out").unlink()
    with pytest.raises(NotebookError, match=r"ch\.md:3: no recorded output .*01-hello\.out"):
        chapter_notebook(project / "docs" / "ch.md", Config.load(project))


def test_site_notebooks_are_written_when_they_change_and_stale_ones_removed(tmp_path):
    project = tiny_project(tmp_path)
    docs, config = project / "docs", Config.load(project)
    written = site_notebooks(config, docs, "en")
    assert sorted(path.relative_to(docs).as_posix() for path in written) == ["notebooks/ch.ipynb", "notebooks/ch.zh.ipynb"]
    notebook = nbformat.read(docs / "notebooks" / "ch.zh.ipynb", as_version=4)
    assert stdout(notebook.cells[-1]) == "hello\n"
    assert "[本章](../../ch/)" in notebook.cells[-2].source  # links relative to /zh/notebooks/ch/
    assert "(../../ch/ch.ipynb)" in notebook.cells[0].source  # the download, next to the chapter
    (docs / "notebooks" / "gone.ipynb").write_text("{}")
    assert site_notebooks(config, docs, "en") == []  # unchanged: not rewritten (mkdocs serve would rebuild)
    assert not (docs / "notebooks" / "gone.ipynb").exists()
    (project / "snippets" / "ch" / "01-hello.out").write_text("hello again\n")
    assert len(site_notebooks(config, docs, "en")) == 2


def tiny_project(tmp_path: Path) -> Path:
    """A chapter (English and Chinese) with one listing, its recorded output and provenance."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "snippets" / "ch").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.listingcheck]\npreload = []\n")
    (project / "docs" / "ch.md").write_text("# Chapter\n\n```listing\nsnippets/ch/01-hello.py\n```\n\n[This chapter](ch.md).\n")
    (project / "docs" / "ch.zh.md").write_text("# 一章\n\n[本章](ch.md)。\n\n```listing\nsnippets/ch/01-hello.py\n```\n")
    script = project / "snippets" / "ch" / "01-hello.py"
    script.write_text('print("hello")\n')
    script.with_suffix(".out").write_text("hello\n")
    script.with_suffix(".provenance.json").write_text(json.dumps({"tensorflow": {
        "date": "2026-11-30", "python": "3.11.7", "keras": "3.15.1", "backend": "tensorflow", "backend_version": "2.21.0"}}))
    return project


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
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith(title_of(page))
    assert not output_problems(notebook, page)
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    assert f"]({site_url}" in notebook.cells[0].source  # links are absolute: the download has no site around it


@pytest.mark.parametrize("page", CHAPTERS, **PAGE_ID)
def test_notebook_page_is_rendered_and_shows_the_listings_and_their_outputs(site, page):
    """mkdocs-jupyter renders docs/notebooks/*.ipynb as pages. Without the hook's workaround for
    mkdocs-static-i18n issue 198 (mkdocs_hooks.on_files) the page would be the raw notebook JSON."""
    source = site_notebook(page)
    assert source.is_file(), f"the build wrote no {source.relative_to(ROOT)}"
    notebook = nbformat.read(source, as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code == [listing_as_shown(script, section) for script, section in listings_of(page)]
    assert not output_problems(notebook, page)
    built = notebook_page(site, page)
    assert built.is_file(), f"no page for {source.relative_to(ROOT)} at {built.relative_to(site)}"
    page_html = built.read_text(encoding="utf-8")
    assert not page_html.lstrip().startswith("{"), f"{built.relative_to(site)} is the raw notebook, not a page"
    assert page_html.lstrip().lower().startswith("<!doctype html>") and f'<html lang="{language_of(page)}"' in page_html
    assert 'class="jupyter-wrapper"' in page_html  # mkdocs-jupyter's rendering
    shown = visible_text(page_html)
    assert title_of(page).removeprefix("# ") in shown
    for script, section in listings_of(page):
        assert listing_as_shown(script, section) in shown, f"{built.relative_to(site)} does not show {script.name}"
        assert recorded_output(script).rstrip("\n") in shown, f"{built.relative_to(site)}: no output of {script.name}"


def test_notebook_pages_load_nothing_from_elsewhere(site):
    """mkdocs-jupyter's page template imports Mermaid from a CDN when a notebook holds a Mermaid
    diagram, and can load require.js and MathJax from one: none of that on these pages."""
    pages = sorted(site.glob("notebooks/*/index.html")) + sorted(site.glob("zh/notebooks/*/index.html"))
    assert len(pages) == len(CHAPTERS)
    for built in pages:
        page_html = built.read_text(encoding="utf-8")
        diagrams = re.findall(r'<[a-z]+ class="[^"]*\bjp-Mermaid\b', page_html)  # what the template's loader looks for
        assert not diagrams, f"{built.relative_to(site)}: a Mermaid diagram would load Mermaid from a CDN"
        sources = re.findall(r'<(?:script|img|iframe)\b[^>]*\ssrc="([^"]*)"|<link\b[^>]*\shref="([^"]*)"', page_html)
        outside = [url for pair in sources for url in pair if re.match(r"(?:https?:)?//(?!127\.0\.0\.1[:/])", url)]
        assert not outside, f"{built.relative_to(site)} loads {outside}"
        assert "require.js" not in page_html and "require.min.js" not in page_html


def test_navigation_lists_every_chapter_notebook_in_chapter_order(site):
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]

    def files(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from files(value) if isinstance(value, list) else [value]

    section = next(next(iter(item.values())) for item in nav if isinstance(item, dict) and "Notebooks" in item)
    chapters = [name for name in files(nav) if name.endswith(".md") and (CONFIG.docs / name) in CHAPTERS]
    assert list(files(section)) == [f"notebooks/{name.removesuffix('.md')}.ipynb" for name in chapters]
    for home, lang in ((site / "index.html", "en"), (site / "zh" / "index.html", "zh")):
        links = re.findall(r'<a href="(notebooks/[^"]+/)" class="md-nav__link', home.read_text(encoding="utf-8"))
        assert len(links) == len(chapters), f"{lang} home page: navigation links to notebooks {links}"


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
    opens = re.findall(r'<a href="([^"]+)">' + re.escape(html.escape(OPEN_TEXT[language_of(page)], quote=False)) + "</a>", page_html)
    assert len(opens) == 1, f"{page.name}: expected one link '{OPEN_TEXT[language_of(page)]}' to the notebook's page"
    assert (folder / opens[0] / "index.html").resolve() == notebook_page(site, page).resolve()


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
# The shortest chapter runs on every Keras backend (its listing prepares data with NumPy and
# keras.utils, the same on each); with NOTEBOOKS_EXECUTE=all every chapter runs on TensorFlow.
RUNS = [pytest.param(SHORTEST, backend, id=f"{SHORTEST.name}-{backend}") for backend in TABLE]
RUNS += [pytest.param(page, BACKEND, id=f"{page.name}-{BACKEND}") for page in CHAPTERS if EXECUTE_ALL and page != SHORTEST]


@pytest.fixture
def project_kernel(tmp_path, monkeypatch):
    """Makes a kernel named python3 that runs this interpreter (the project's .venv), whatever else
    is installed, with KERAS_BACKEND set to the backend given; returns its name."""

    def kernel(backend: str) -> str:
        spec = tmp_path / "jupyter" / "kernels" / "python3"
        spec.mkdir(parents=True, exist_ok=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (project)", "language": "python",
            "env": {"TF_CPP_MIN_LOG_LEVEL": "2", "KERAS_BACKEND": backend},
        }))
        return "python3"

    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))  # searched before user and system kernels
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))  # connection files: nothing left in ~
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    return kernel


def expected_output(script: Path, backend: str) -> str:
    """The listing's recorded output on ``backend``; until it has one, its TensorFlow recording
    (only for the shortest chapter, whose listing prints the same on every backend)."""
    outputs = dict(Listing(script).outputs())
    return (outputs.get(backend) or outputs[BACKEND]).read_text(encoding="utf-8")


@pytest.mark.notebook
@pytest.mark.parametrize(("page", "backend"), RUNS)
def test_notebook_runs_top_to_bottom_and_prints_the_recorded_output(site, page, backend, project_kernel, tmp_path):
    from nbclient import NotebookClient

    if importlib.util.find_spec(TABLE[backend].package) is None:
        pytest.skip(f"{TABLE[backend].name} is not installed ({TABLE[backend].package}): requirements.lock does not pin it")
    notebook = nbformat.read(notebook_of(site, page), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import sys, keras; print(sys.executable); print(keras.backend.backend())", id="which-python"))
    work = tmp_path / "work"  # listings write their pictures into the current folder
    work.mkdir()
    timeout = int(cost(page)[0]) * 4 + 60
    started = time.perf_counter()
    NotebookClient(notebook, kernel_name=project_kernel(backend), timeout=timeout,
                   resources={"metadata": {"path": str(work)}}).execute()
    seconds = time.perf_counter() - started
    assert seconds < timeout

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    # The kernel ran the project's Python, and Keras on the backend asked for.
    assert stdout(code[-1]).split() == [sys.executable, backend]
    for cell, (script, section) in zip(code, listings_of(page)):
        assert not [out for out in cell.outputs if out.output_type == "error"]
        listing = Listing(script)
        if section is None:
            problems = compare_output(expected_output(script, backend), stdout(cell), listing.expectations(CONFIG))
            assert not problems, (
                f"{script.name} on {TABLE[backend].name} prints something else in the notebook, where it runs "
                f"after the listings before it in one Python process (Keras' automatic layer names, for one, "
                f"count on):\n" + "\n".join(problems)
            )
