"""Each chapter page as a Jupyter notebook: its prose as markdown cells, its listings as code cells.

A chapter is a page under docs/ that shows at least one listing. Its notebook is generated
from the page model, never edited: every listing directive becomes one code cell holding the
whole listing (section marker lines removed), carrying as its output the listing's recorded
output for one backend (``Listing.outputs()``; TensorFlow unless asked otherwise). The prose
between them becomes markdown cells, figures inserted; admonitions (``!!! note "Title"``), which
Jupyter does not render, become block quotes. The first cell, under the page's title, says
where the notebook comes from, how to choose the backend (``KERAS_BACKEND``), how to install the
pinned versions, and which backend and versions produced the outputs shown; the notebook's
metadata and each code cell's metadata (``lstmstate``) say the same for programs.

Relative links are rewritten against two roots, the site of the page's language (for pages)
and the site's root (for other files): absolute addresses for the notebook a reader downloads,
addresses relative to the notebook's own page for the copy the site renders with mkdocs-jupyter.

The site's MkDocs hook (``mkdocs_hooks.py``) writes, at every build, one notebook per chapter and
language into docs/notebooks/ (``site_notebooks``; rendered as pages by mkdocs-jupyter, without
running them) and the downloadable copy next to each chapter's page, and links both from it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from .config import Config
from .backends import TABLE, display_name
from .directive import describe_provenance, render_table
from .figures import render_figures
from .listings import DEFAULT_BACKEND, Listing, Provenance
from .pagemodel import Page, language_of, load_page, shown
from .snippets import snippets_for

NOTEBOOKS = "notebooks"  # the folder under docs/ the site's notebooks are generated into
DOWNLOAD_TEXT = {
    "en": "Download this chapter as a notebook",
    "zh": "下载本章的 Jupyter notebook",
}
OPEN_TEXT = {
    "en": "Read it as a notebook",
    "zh": "以 notebook 形式阅读",
}
PREAMBLE = {
    "en": {
        "source": (
            "> This notebook is generated from the chapter {chapter} of the lstmstate site: its code cells are "
            "the chapter's listings, unchanged, and the output under each is its recorded output, printed when "
            "the listing ran on its own.{download}"
        ),
        "download": " [Download the notebook]({href}).",
        "backend": (
            "**Choosing the backend.** Keras 3 runs on TensorFlow, JAX or PyTorch. It reads the "
            "environment variable `KERAS_BACKEND` once, when `keras` is first imported: set it before you start "
            "Jupyter (`KERAS_BACKEND=jax jupyter lab`), or in a cell you run first; to change it, restart the "
            "kernel."
        ),
        "backend_code": 'import os\n\nos.environ["KERAS_BACKEND"] = "jax"  # or "tensorflow", "torch"',
        "install": (
            "**Installing the pinned versions.** The project pins every package it uses in its "
            "`requirements.lock`{pins}. To run this notebook elsewhere, install them from a clone of the "
            "project, together with `lstmstate`, which the listings import:"
        ),
        "install_code": (
            "python -m pip install -r requirements.lock\n"
            "python -m pip install --no-deps -e .  # lstmstate, from the clone"
        ),
        "pins": " ({items})",
        "list": ", ",
        "package": "{name} (`{package}`)",
        "unpinned": "Other backends, not pinned there: {packages}; install the one you want to try.",
        "outputs": "**The outputs shown** were recorded on {backend} (`KERAS_BACKEND={key}`). {provenance}",
        "outputs_each": "**The outputs shown** were recorded on {backend} (`KERAS_BACKEND={key}`):",
        "output_of": "- `{listing}`: {provenance}",
    },
    "zh": {
        "source": (
            "> 本 notebook 由 lstmstate 网站的{chapter}一章自动生成：代码单元就是本章的代码清单，未作改动；"
            "每个代码单元下方是该代码清单记录的输出，即它单独运行时打印的内容。{download}"
        ),
        "download": "[下载本 notebook]({href})。",
        "backend": (
            "**选择后端。** Keras 3 可以在 TensorFlow、JAX 或 PyTorch 上运行。它只在第一次导入 "
            "`keras` 时读取一次环境变量 `KERAS_BACKEND`：请在启动 Jupyter 之前设置（`KERAS_BACKEND=jax jupyter "
            "lab`），或者在最先运行的代码单元里设置；要换后端，请重启内核。"
        ),
        "backend_code": 'import os\n\nos.environ["KERAS_BACKEND"] = "jax"  # 或 "tensorflow"、"torch"',
        "install": (
            "**安装固定的版本。** 项目用到的每个包的版本都固定在它的 `requirements.lock` 中{pins}。要在别处运行本 "
            "notebook，请在项目的克隆中安装这些版本，以及代码清单导入的 `lstmstate`："
        ),
        "install_code": (
            "python -m pip install -r requirements.lock\n"
            "python -m pip install --no-deps -e .  # 克隆中的 lstmstate"
        ),
        "pins": "（其中有 {items}）",
        "list": "、",
        "package": "{name}（包名 `{package}`）",
        "unpinned": "其他后端没有固定在其中：{packages}；要试用哪个，就自行安装哪个。",
        "outputs": "**这里显示的输出**是在 {backend} 上记录的（`KERAS_BACKEND={key}`）。{provenance}",
        "outputs_each": "**这里显示的输出**是在 {backend} 上记录的（`KERAS_BACKEND={key}`）：",
        "output_of": "- `{listing}` 的输出：{provenance}",
    },
}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<type>[\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
# A link or image; its text may hold brackets one level deep (`![row i of batches[k]](a.svg)`).
LINK = re.compile(r'(?P<label>!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])\((?P<target>[^)\s]+)(?P<rest>(?:\s+"[^"]*")?)\)')
HEADING_1 = re.compile(r"^#\s+\S")
HEADING_ATTRIBUTES = re.compile(r"^(?P<heading>#{1,6}\s.*?)\s*\{:?\s*[#.][^}]*\}\s*$", re.M)  # `## Title { #id }`
LINK_ATTRIBUTES = re.compile(r"(?<=\))\{:?\s*(?:[#.][\w-]+|[\w-]+=)[^}\n]*\}")  # `![a](b){ width="300" }`
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)", re.M)


class NotebookError(Exception):
    """A chapter's notebook cannot be made; the message names the page and line."""


@dataclass(frozen=True)
class Cell:
    kind: str  # "markdown" or "code"
    source: str
    listing: str | None = None  # a code cell: the listing's path, as the directive names it
    output: str | None = None  # ... and its recorded output for the notebook's backend
    provenance: Provenance | None = None


def is_chapter(page: Path) -> bool:
    """True when the page shows at least one listing."""
    return bool(load_page(page).listings)


def notebook_name(page: Path) -> str:
    """``one-letter.md`` and ``one-letter.zh.md`` both give ``one-letter.ipynb``."""
    return page.name.removesuffix(".md").removesuffix(".zh") + ".ipynb"


def _strip_blank(text: str) -> str:
    """Without leading and trailing blank lines."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def recorded_output(listing: Listing, backend: str, where: str) -> tuple[str, Provenance | None]:
    """The listing's recorded output for ``backend`` and where it comes from."""
    recorded = dict(listing.outputs()).get(backend)
    if recorded is None or not recorded.is_file():
        path = shown(recorded) if recorded is not None else f"{shown(listing.script)} for {backend}"
        raise NotebookError(
            f"{where}: no recorded output {path} for the chapter's notebook: "
            f"run `make record LISTINGS={shown(listing.script)}`"
        )
    return recorded.read_text(encoding="utf-8"), listing.provenance(backend)


def page_cells(page: Page, config: Config, backend: str = DEFAULT_BACKEND) -> list[Cell]:
    """The page as cells, in page order: each listing a code cell holding the whole script (so
    the notebook runs) with its recorded output for ``backend``; the prose between them as
    markdown cells, with its figures inserted and its includes (generated tables) expanded."""
    snippets = snippets_for(config)
    lines = page.lines
    figure_lines = {reference.line for reference in page.figures}
    include_lines = {include.line: include.target for include in page.includes}
    cells: list[Cell] = []
    prose: list[str] = []

    def flush_prose() -> None:
        text = _strip_blank("\n".join(prose))
        if text:
            cells.append(Cell("markdown", text))
        prose.clear()

    directives = {directive.line: directive for directive in page.listings}
    number = page.body_line + 1
    while number <= len(lines):
        directive = directives.get(number)
        if directive is not None:
            flush_prose()
            listing = Listing(config.base / directive.script)
            if directive.view == "table":  # the outputs side by side: a table, not code
                table = render_table(directive, listing, listing.expectations(config), page.language)
                cells.append(Cell("markdown", "\n".join(table)))
                number = directive.end + 1
                continue
            output, provenance = recorded_output(listing, backend, directive.where)
            source = _strip_blank(snippets.text(directive.script))
            cells.append(Cell("code", source, directive.script, output, provenance))
            number = directive.end + 1
            continue
        line = lines[number - 1]
        if number in include_lines:
            indent = line[: len(line) - len(line.lstrip())]
            prose += [indent + piece for piece in snippets.text(include_lines[number]).split("\n")]
        else:
            prose.append(render_figures(line, config) if number in figure_lines else line)
        number += 1
    flush_prose()
    return cells


def admonitions_as_quotes(text: str) -> str:
    """``!!! type "Title"`` and its indented body as a block quote Jupyter can render."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = ADMONITION.match(lines[index])
        if match is None:
            out.append(lines[index])
            index += 1
            continue
        indent = match["indent"]
        body_indent = indent + "    "
        title = match["title"] if match["title"] is not None else match["type"].split()[0].capitalize()
        quote = [f"**{title}**"] if title else []
        index += 1
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(body_indent)):
            body.append(lines[index][len(body_indent):] if lines[index].strip() else "")
            index += 1
        while body and not body[-1]:
            index -= 1  # trailing blank lines belong to what follows
            body.pop()
        if quote and body:
            quote.append("")
        quote += admonitions_as_quotes("\n".join(body)).split("\n") if body else []
        out += [f"{indent}> {line}".rstrip() for line in quote]
    return "\n".join(out)


def jupyter_markdown(text: str) -> str:
    """Page Markdown as Jupyter renders it: no admonitions, no attribute lists."""
    text = admonitions_as_quotes(text)
    text = HEADING_ATTRIBUTES.sub(lambda match: match["heading"], text)
    return LINK_ATTRIBUTES.sub("", text)


def page_url(target: str, use_directory_urls: bool) -> str:
    """The site address (relative to the site root) of a page's source path under docs/."""
    stem = target.removesuffix(".md")
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return folder + "/" if folder else ""
    return stem + "/" if use_directory_urls else stem + ".html"


def absolute_links(text: str, page_path: str, page_root: str, asset_root: str, use_directory_urls: bool = True) -> str:
    """Relative links and images rewritten against two roots: a notebook has no site around it.

    ``page_path`` is the page's path under docs/ (posix); links to pages (``.md``) go to
    ``page_root`` (the site of the page's language), links to other files to ``asset_root``.
    The roots are absolute addresses, or addresses relative to where the notebook is shown.
    """

    def rewrite(match: re.Match[str]) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("/", "#")):
            return match.group(0)
        path, hash_, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
        if resolved.endswith(".md"):
            url = page_root + page_url(resolved, use_directory_urls)
        else:
            url = asset_root + resolved
        return f"{match['label']}({url}{hash_}{anchor}{match['rest']})"

    return LINK.sub(rewrite, text)


def pinned_versions(config: Config) -> dict[str, str]:
    """Package name (lower case, ``-`` for ``_``) -> version, from the project's requirements.lock."""
    lock = config.root / "requirements.lock"
    if not lock.is_file():
        return {}
    text = lock.read_text(encoding="utf-8")
    return {match["name"].lower().replace("_", "-"): match["version"] for match in PIN.finditer(text)}


def _install_text(words: dict[str, str], config: Config, backend: str) -> str:
    pins = pinned_versions(config)
    named = [f"Keras {pins['keras']}"] if "keras" in pins else []
    unpinned: list[str] = []
    for key, packages in ((b.key, b.distributions) for b in TABLE.values()):
        version = next((pins[package] for package in packages if package in pins), None)
        if version is not None:
            named.append(f"{display_name(key)} {version}")
        elif key != backend:
            unpinned.append(words["package"].format(name=display_name(key), package=packages[0]))
    pins_text = words["pins"].format(items=words["list"].join(named)) if named else ""
    text = words["install"].format(pins=pins_text) + "\n\n```bash\n" + words["install_code"] + "\n```"
    if unpinned:
        text += "\n\n" + words["unpinned"].format(packages=words["list"].join(unpinned))
    return text


def _outputs_text(words: dict[str, str], cells: list[Cell], backend: str, language: str) -> str:
    sentences = {cell.listing: describe_provenance(cell.provenance, language) for cell in cells if cell.kind == "code"}
    name = display_name(backend)
    if len(set(sentences.values())) == 1:
        return words["outputs"].format(backend=name, key=backend, provenance=next(iter(sentences.values())))
    each = "\n".join(words["output_of"].format(listing=listing, provenance=sentence) for listing, sentence in sentences.items())
    return words["outputs_each"].format(backend=name, key=backend) + "\n\n" + each


def preamble(title: str, chapter: str, cells: list[Cell], config: Config, *, language: str,
             backend: str, download: str | None = None) -> str:
    """The notebook's first cell: its title, where it comes from, how to choose the backend and
    install the pinned versions, and which backend and versions produced the outputs shown."""
    words = PREAMBLE.get(language, PREAMBLE["en"])
    link = words["download"].format(href=download) if download else ""
    parts = [
        title,
        words["source"].format(chapter=chapter, download=link),
        words["backend"],
        "```python\n" + words["backend_code"] + "\n```",
        _install_text(words, config, backend),
        _outputs_text(words, cells, backend, language),
    ]
    return "\n\n".join(part for part in parts if part)


def _split_title(cells: list[Cell]) -> tuple[str, list[Cell]]:
    """The page's title line (``# ...``) and the cells without it."""
    if cells and cells[0].kind == "markdown":
        lines = cells[0].source.split("\n")
        for number, line in enumerate(lines):
            if HEADING_1.match(line):
                rest = _strip_blank("\n".join(lines[:number] + lines[number + 1 :]))
                return line, ([Cell("markdown", rest)] if rest else []) + cells[1:]
    return "", cells


def chapter_notebook(
    page: Path,
    config: Config,
    *,
    docs: Path | None = None,
    page_root: str | None = None,
    asset_root: str | None = None,
    use_directory_urls: bool = True,
    backend: str = DEFAULT_BACKEND,
    download: str | None = None,
) -> NotebookNode:
    """The notebook of one chapter page, in the page's language, with the outputs recorded on ``backend``.

    With ``page_root`` and ``asset_root`` (site addresses, absolute or relative to where the
    notebook is shown) and ``docs``, relative links are rewritten; without them they are left as
    written. ``download`` (an address) adds a download link to the first cell.
    """
    model = load_page(page)
    language = model.language
    title, cells = _split_title(page_cells(model, config, backend))
    relink = docs is not None and page_root is not None and asset_root is not None
    page_path = page.resolve().relative_to(docs.resolve()).as_posix() if relink and docs is not None else ""
    heading = title.lstrip("#").strip()
    chapter = f"[{heading}]({page_root}{page_url(bare_path(page_path), use_directory_urls)})" if relink else f"“{heading}”"
    first = preamble(title, chapter, cells, config, language=language, backend=backend, download=download)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "lstmstate": {"page": page.name, "backend": backend},
    }
    notebook.cells.append(nbformat.v4.new_markdown_cell(first, id="cell-001"))
    for number, cell in enumerate(cells, 2):
        cell_id = f"cell-{number:03d}"  # fixed ids: the same page always gives the same file
        if cell.kind == "code":
            code = nbformat.v4.new_code_cell(cell.source, id=cell_id)
            code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=cell.output)] if cell.output else []
            recorded = {"backend": backend}
            if cell.provenance is not None:
                recorded.update(date=cell.provenance.date, python=cell.provenance.python,
                                keras=cell.provenance.keras, backend_version=cell.provenance.backend_version)
            code.metadata = {"lstmstate": {"listing": cell.listing, "recorded": recorded}}
            notebook.cells.append(code)
            continue
        source = jupyter_markdown(cell.source)
        if relink:
            source = absolute_links(source, page_path, page_root or "", asset_root or "", use_directory_urls)
        notebook.cells.append(nbformat.v4.new_markdown_cell(source, id=cell_id))
    nbformat.validate(notebook)
    return notebook


def write_notebook(notebook: NotebookNode, path: Path) -> bool:
    """Write the notebook unless the file already holds it; True when it was written."""
    text = nbformat.writes(notebook) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def code_cells(notebook: NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def site_notebook_path(page: Path, docs: Path, default_language: str) -> str:
    """Where a chapter's site notebook goes under docs/, in mkdocs-static-i18n's suffix structure:
    ``one-letter.md`` -> ``notebooks/one-letter.ipynb``, ``one-letter.zh.md`` -> ``notebooks/one-letter.zh.ipynb``."""
    language = language_of(page)
    relative = page.relative_to(docs).as_posix().removesuffix(".md").removesuffix(f".{language}")
    suffix = "" if language == default_language else f".{language}"
    return f"{NOTEBOOKS}/{relative}{suffix}.ipynb"


def bare_path(path: str) -> str:
    """A page's path without its language suffix (``one-letter.zh.md`` -> ``one-letter.md``): its address in every language."""
    language = language_of(Path(path))
    return path.removesuffix(f".{language}.md") + ".md" if path.endswith(f".{language}.md") else path


def _up(path: str) -> str:
    """The relative address of the site root from the folder of a site address (``a/b/`` -> ``../../``)."""
    depth = path.count("/")
    return "../" * depth


def site_notebooks(config: Config, docs: Path, default_language: str, use_directory_urls: bool = True) -> list[Path]:
    """Write every chapter's notebook, in each language, under ``docs/notebooks/`` for
    mkdocs-jupyter to render as a page; remove the notebooks of pages that are no longer
    chapters. Links are relative to the notebook's page; the first cell links to the chapter's
    download. Returns the notebooks written (those that changed)."""
    folder = docs / NOTEBOOKS
    written: list[Path] = []
    kept: set[Path] = set()
    for page in sorted(docs.rglob("*.md")):
        if folder in page.parents or not is_chapter(page):
            continue
        target = site_notebook_path(page, docs, default_language)
        language = language_of(page)
        prefix = "" if language == default_language else f"{language}/"
        bare = target.removesuffix(".ipynb").removesuffix(f".{language}")
        shown_at = prefix + (bare + "/" if use_directory_urls else bare + ".html")  # its page's address
        page_root = _up(shown_at.removeprefix(prefix))  # to the site of its language
        asset_root = _up(shown_at)  # to the site's root
        chapter_url = page_url(bare_path(page.relative_to(docs).as_posix()), use_directory_urls)
        download = page_root + posixpath.join(posixpath.dirname(chapter_url), notebook_name(page))  # the hook writes it there
        notebook = chapter_notebook(page, config, docs=docs, page_root=page_root, asset_root=asset_root,
                                    use_directory_urls=use_directory_urls, download=download)
        path = docs / target
        kept.add(path)
        if write_notebook(notebook, path):
            written.append(path)
    for stale in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
        if stale not in kept:
            stale.unlink()
    return written


def download_link(markdown: str, href: str, language: str, notebook_page: str | None = None) -> str:
    """The page's Markdown with a localized download link under its title (or at its top), and
    a link to the notebook's page (``notebook_page``: its source path, relative to the page)."""
    text = DOWNLOAD_TEXT.get(language, DOWNLOAD_TEXT["en"])
    link = f'<a href="{href}" download>{text}</a>'
    if notebook_page is not None:
        link += f" · [{OPEN_TEXT.get(language, OPEN_TEXT['en'])}]({notebook_page})"
    paragraph = f'<p class="notebook-download" markdown>{link}</p>'
    lines = markdown.split("\n")
    in_fence = False
    for number, line in enumerate(lines):
        if FENCE_OPEN.match(line):
            in_fence = not in_fence
        if not in_fence and HEADING_1.match(line):
            return "\n".join([*lines[: number + 1], "", paragraph, "", *lines[number + 1 :]])
    return f"{paragraph}\n\n{markdown}"
