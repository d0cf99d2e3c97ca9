"""Each chapter page as a Jupyter notebook: its prose as markdown cells, its listings as code cells.

A chapter is a page under docs/ that shows at least one listing. Its notebook is generated
from the page model, never edited: every listing directive becomes one code cell holding the
whole listing (section marker lines removed), then a markdown cell with its recorded output.
The prose between them becomes markdown cells, figures inserted; admonitions (``!!! note "Title"``), which Jupyter does not render,
become block quotes, and relative links become absolute links to the site when its address
is known.

The site's MkDocs hook (``mkdocs_hooks.py``) writes one notebook per chapter and language
next to the built page, and adds a download link to the page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from .config import Config
from .directive import WORDS, render_table
from .figures import render_figures
from .listings import Listing
from .pagemodel import Page, load_page
from .snippets import snippets_for

DOWNLOAD_TEXT = {
    "en": "Download this chapter as a notebook",
    "zh": "下载本章的 Jupyter notebook",
}
GENERATED_NOTE = {
    "en": (
        "> Generated from this chapter of the lstmstate site: its code cells are the chapter's "
        "listings, unchanged. Run it with the project's Python (`.venv/bin/python`, which "
        "`make test` creates), where `lstmstate` is installed."
    ),
    "zh": (
        "> 本 notebook 由 lstmstate 网站的这一章自动生成，代码单元就是本章的代码清单，未作任何改动。"
        "请用项目的 Python（`make test` 创建的 `.venv/bin/python`）运行，那里已经装好了 `lstmstate`。"
    ),
}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<type>[\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
LINK = re.compile(r'(?P<label>!?\[[^\]\n]*\])\((?P<target>[^)\s]+)(?P<rest>(?:\s+"[^"]*")?)\)')
HEADING_1 = re.compile(r"^#\s+\S")
HEADING_ATTRIBUTES = re.compile(r"^(?P<heading>#{1,6}\s.*?)\s*\{:?\s*[#.][^}]*\}\s*$", re.M)  # `## Title { #id }`
LINK_ATTRIBUTES = re.compile(r"(?<=\))\{:?\s*(?:[#.][\w-]+|[\w-]+=)[^}\n]*\}")  # `![a](b){ width="300" }`


@dataclass(frozen=True)
class Cell:
    kind: str  # "markdown" or "code"
    source: str


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


def _fence_for(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    return "`" * max(3, longest + 1)


def page_cells(page: Page, config: Config) -> list[Cell]:
    """The page as cells, in page order: each listing a code cell holding the whole script (so
    the notebook runs), followed by its recorded output; the prose between them as markdown
    cells, with its figures inserted and its includes (generated tables) expanded."""
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
            cells.append(Cell("code", _strip_blank(snippets.text(directive.script))))
            for _backend, recorded in listing.outputs():
                text = recorded.read_text(encoding="utf-8").rstrip("\n")
                fence = _fence_for(text)
                cells.append(Cell("markdown", f"**{WORDS[page.language]['output']}**\n\n{fence}text\n{text}\n{fence}"))
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
    """Relative links and images made absolute: a downloaded notebook has no site around it.

    ``page_path`` is the page's path under docs/ (posix); links to pages (``.md``) go to
    ``page_root`` (the site of the page's language), links to other files to ``asset_root``.
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


def _with_note(cells: list[Cell], language: str) -> list[Cell]:
    """The generated-from note goes right under the page's title."""
    note = GENERATED_NOTE.get(language, GENERATED_NOTE["en"])
    if cells and cells[0].kind == "markdown":
        lines = cells[0].source.split("\n")
        for number, line in enumerate(lines):
            if HEADING_1.match(line):
                rest = "\n".join(lines[number + 1 :]).strip("\n")
                first = "\n".join(lines[: number + 1]) + "\n\n" + note
                return [Cell("markdown", first + ("\n\n" + rest if rest else "")), *cells[1:]]
    return [Cell("markdown", note), *cells]


def chapter_notebook(
    page: Path,
    config: Config,
    *,
    docs: Path | None = None,
    page_root: str | None = None,
    asset_root: str | None = None,
    use_directory_urls: bool = True,
) -> NotebookNode:
    """The notebook of one chapter page, in the page's language.

    With ``page_root`` and ``asset_root`` (absolute site addresses) and ``docs``, relative links
    are made absolute; without them they are left as written.
    """
    model = load_page(page)
    language = model.language
    cells = _with_note(page_cells(model, config), language)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    for number, cell in enumerate(cells, 1):
        cell_id = f"cell-{number:03d}"  # fixed ids: the same page always gives the same file
        if cell.kind == "code":
            notebook.cells.append(nbformat.v4.new_code_cell(cell.source, id=cell_id))
            continue
        source = jupyter_markdown(cell.source)
        if docs is not None and page_root is not None and asset_root is not None:
            page_path = page.resolve().relative_to(docs.resolve()).as_posix()
            source = absolute_links(source, page_path, page_root, asset_root, use_directory_urls)
        notebook.cells.append(nbformat.v4.new_markdown_cell(source, id=cell_id))
    nbformat.validate(notebook)
    return notebook


def write_notebook(notebook: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def code_cells(notebook: NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def download_link(markdown: str, href: str, language: str) -> str:
    """The page's Markdown with a localized download link under its title (or at its top)."""
    text = DOWNLOAD_TEXT.get(language, DOWNLOAD_TEXT["en"])
    link = f'<p class="notebook-download"><a href="{href}" download>{text}</a></p>'
    lines = markdown.split("\n")
    in_fence = False
    for number, line in enumerate(lines):
        if FENCE_OPEN.match(line):
            in_fence = not in_fence
        if not in_fence and HEADING_1.match(line):
            return "\n".join([*lines[: number + 1], "", link, "", *lines[number + 1 :]])
    return f"{link}\n\n{markdown}"
