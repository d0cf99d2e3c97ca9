"""One page, parsed once: its listings, other fences, includes, figure references and prose numbers.

Every reader of a page (the pytest collection, the page checks, the notebook builder, the MkDocs
hooks) takes this model from ``load_page``; none of them scans a page's text on its own.

A listing is shown by one directive, a fence whose language is ``listing``::

    ```listing
    snippets/stateful/01-fit-per-pass.py sections=model,train
    ```

naming the script (relative to the include base, as pymdownx.snippets resolves it) and,
optionally, the named sections (``# --8<-- [start:model]``) to show; without ``sections`` the
whole file is shown. The directive may sit at the top level or inside an admonition, a content
tab, a list item or a block quote. A result figure is written in prose as
``{{ one-letter/01-original-recipe:accuracy }}`` (a listing under snippets/, without ``.py``, and
a value a ``[[tolerance]]`` rule of its .toml names); the smallest or largest value of such a
figure over the robustness seeds and backends as ``{{ min one-letter/01-original-recipe:accuracy }}``
or ``{{ max ... }}``; a figure quoted from elsewhere as ``{{ quoted 84.00% }}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it.token import Token
from pymdownx.snippets import SnippetPreprocessor

from .parser import page_parser

LISTING_LANGUAGE = "listing"
PYTHON_LANGUAGES = frozenset({"py", "python", "python3"})
CONTAINERS = {"admonition_open": "admonition", "tab_open": "tab", "list_item_open": "list",
              "blockquote_open": "blockquote"}
FIGURE = re.compile(r"\{\{\s*(?P<body>[^{}]*?)\s*\}\}")
FIGURE_REFERENCE = re.compile(r"(?:(?P<over>min|max)\s+)?(?P<listing>[\w./-]+):(?P<name>\w+)(?:#(?P<index>\d+))?")
QUOTED = re.compile(r"quoted\s+(?P<text>.+)")
# A result figure: a decimal number or a percentage (whole numbers are counts and sizes that the
# listing's own code states, not results). Version numbers (3.15.1) are not figures.
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)+%?(?![\w.]*\d)|(?<![\w.])\d+%")
# Regions of a prose line that are not prose: code spans, link targets, attributes, HTML tags.
NOT_PROSE = re.compile(r"(`+).*?\1|\]\([^)]*\)|\{[:#.][^}]*\}|<[^>]*>")


@dataclass(frozen=True)
class Problem:
    """Something a page states that cannot be used; ``where`` is ``page:line``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ListingDirective:
    page: Path
    line: int  # 1-based page line of the opening fence
    end: int  # 1-based page line of the closing fence
    indent: str  # the opening fence's indentation; the rendered block keeps it
    script: str  # as written: relative to the include base
    sections: tuple[str, ...]
    context: str  # "top", "admonition", "tab", "list" or "blockquote"
    view: str = "listing"  # "listing" (code, outputs, checks) or "table" (VIEWS)

    @property
    def where(self) -> str:
        return f"{shown(self.page)}:{self.line}"

    @property
    def listing_id(self) -> str:
        """``snippets/one-letter/01-x.py`` -> ``one-letter/01-x``: how prose figures name it."""
        return listing_id(self.script)


@dataclass(frozen=True)
class Fence:
    line: int
    end: int
    language: str
    info: str
    content: str
    context: str


@dataclass(frozen=True)
class IncludeLine:
    """A pymdownx.snippets include outside any fence (a generated table, say)."""

    line: int
    target: str


@dataclass(frozen=True)
class FigureReference:
    line: int
    text: str  # as written, with its braces
    listing: str | None  # a listing id; None for a quoted figure
    name: str | None
    index: int | None  # which match of the rule, when it matches several lines (1-based)
    quoted: str | None  # the quoted figure's text
    # "min" or "max": the smallest or largest value over the robustness seeds and backends
    # (results/robustness.json) instead of the recorded one
    over: str | None = None


@dataclass(frozen=True)
class ProseNumber:
    line: int
    text: str


@dataclass
class Page:
    path: Path
    language: str
    text: str
    front_matter: dict[str, Any]
    body_line: int  # 0-based index of the first line after the front matter
    listings: list[ListingDirective] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    includes: list[IncludeLine] = field(default_factory=list)
    figures: list[FigureReference] = field(default_factory=list)
    numbers: list[ProseNumber] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def where(self, line: int) -> str:
        return f"{shown(self.path)}:{line}"


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def listing_id(script: str) -> str:
    return script.removeprefix("snippets/").removesuffix(".py")


def language_of(page: Path) -> str:
    return "zh" if page.name.endswith(".zh.md") else "en"


def counterpart(page: Path) -> Path:
    """The same page in the other language (``x.md`` <-> ``x.zh.md``)."""
    if language_of(page) == "zh":
        return page.with_name(page.name.removesuffix(".zh.md") + ".md")
    return page.with_name(page.name.removesuffix(".md") + ".zh.md")


# What a directive shows: the listing itself, or ("table") its outputs side by side, one column
# per backend, one row per "row: value" line (directive.render_table).
VIEWS = ("listing", "table")


def parse_directive(content: str) -> tuple[str, tuple[str, ...], str]:
    """``path [sections=a,b] [view=table]`` -> (path, sections, view); ValueError saying what is wrong."""
    lines = [line.strip() for line in content.strip().splitlines()]
    if len(lines) != 1 or not lines[0]:
        raise ValueError("a listing directive is one line: the script's path, then optionally "
                         "sections=NAME,NAME or view=table")
    path, *options = lines[0].split()
    sections: tuple[str, ...] = ()
    view = VIEWS[0]
    for option in options:
        key, equals, value = option.partition("=")
        if key == "sections" and equals and value:
            sections = tuple(name for name in value.split(",") if name)
        elif key == "view" and value in VIEWS:
            view = value
        else:
            raise ValueError(f"unknown option {option!r}; the options are sections=NAME,NAME and view=table")
    if not path.endswith(".py"):
        raise ValueError(f"a listing is a Python script (.py), not {path!r}")
    if sections and view != VIEWS[0]:
        raise ValueError("sections= shows part of the code; a view=table directive shows no code")
    return path, sections, view


def _context(stack: list[str]) -> str:
    return stack[-1] if stack else "top"


def _scan_prose(page: Page, token: Token) -> None:
    """Figure references and typed numbers in the lines of one inline token."""
    assert token.map is not None
    lines = page.lines
    for index in range(token.map[0], token.map[1]):
        line = lines[index]
        for match in FIGURE.finditer(line):
            page.figures.append(_figure(page, index + 1, match))
        prose = NOT_PROSE.sub(" ", FIGURE.sub(" ", line))
        page.numbers += [ProseNumber(index + 1, number.group(0)) for number in NUMBER.finditer(prose)]


def _figure(page: Page, line: int, match: re.Match[str]) -> FigureReference:
    body = match["body"]
    quoted = QUOTED.fullmatch(body)
    if quoted:
        return FigureReference(line, match.group(0), None, None, None, quoted["text"])
    reference = FIGURE_REFERENCE.fullmatch(body)
    if reference is None:
        page.problems.append(Problem(page.where(line), f"{match.group(0)} is not a figure reference: write "
                                     "{{ chapter/NN-listing:value }} or {{ quoted 84.00% }}"))
        return FigureReference(line, match.group(0), None, None, None, None)
    index = int(reference["index"]) if reference["index"] else None
    return FigureReference(line, match.group(0), reference["listing"], reference["name"], index, None,
                           reference["over"])


def _include_lines(page: Page, token: Token) -> None:
    assert token.map is not None
    for index in range(token.map[0], token.map[1]):
        match = SnippetPreprocessor.RE_ALL_SNIPPETS.match(page.lines[index])
        if match and match.group("inline_marker") and not match.group("escape"):
            target = match.group("snippet")[1:-1].strip()
            page.includes.append(IncludeLine(index + 1, target))


def parse_page(path: Path, text: str) -> Page:
    page = Page(path=path, language=language_of(path), text=text, front_matter={}, body_line=0)
    stack: list[str] = []
    for token in page_parser().parse(text):
        if token.type in CONTAINERS:
            stack.append(CONTAINERS[token.type])
        elif token.type.removesuffix("_close") + "_open" in CONTAINERS and token.nesting == -1:
            stack.pop()
        elif token.type == "front_matter":
            assert token.map is not None
            page.body_line = token.map[1]
            try:
                page.front_matter = yaml.safe_load(token.content) or {}
            except yaml.YAMLError as error:
                page.problems.append(Problem(page.where(1), f"front matter is not YAML: {error}"))
        elif token.type == "fence":
            _fence(page, token, _context(stack))
        elif token.type == "inline":
            _scan_prose(page, token)
            _include_lines(page, token)
    return page


def _fence(page: Page, token: Token, context: str) -> None:
    assert token.map is not None
    start, end = token.map[0] + 1, token.map[1]
    info = token.info.strip()
    language = info.split()[0].lstrip("{.").rstrip("}") if info else ""
    if language == LISTING_LANGUAGE:
        try:
            script, sections, view = parse_directive(token.content)
        except ValueError as error:
            page.problems.append(Problem(page.where(start), str(error)))
            return
        opening = page.lines[start - 1]
        indent = opening[: len(opening) - len(opening.lstrip())]
        page.listings.append(ListingDirective(page.path, start, end, indent, script, sections, context, view))
        return
    page.fences.append(Fence(start, end, language, info, token.content, context))


@lru_cache(maxsize=256)
def _cached(path: Path, mtime_ns: int, size: int) -> Page:
    return parse_page(path, path.read_text(encoding="utf-8"))


def load_page(path: Path) -> Page:
    """The model of the page at ``path``; parsed once per version of the file."""
    resolved = path.resolve()
    stat = resolved.stat()
    return _cached(resolved, stat.st_mtime_ns, stat.st_size)
