"""Typography of the site's Chinese text: ``python -m zhlint [FILE ...]``, run by ``make check``.

Four checks, each finding printed as ``path:line:col: message`` (exit status 1 when any):

1. AutoCorrect (the ``autocorrect-py`` package), configured by ``.autocorrectrc`` at the root:
   spacing between Chinese and Latin letters or digits (kept, as the pages write it), no space
   beside a full-width mark, full-width letters and digits, and the half-width ``, . : ! ?`` that
   sit between Chinese characters. It reads Markdown, YAML and Python (string literals) and
   leaves code blocks, inline code and link targets alone.
2. What AutoCorrect leaves half-width on purpose: it never converts ``( ) ;`` (it puts spaces
   around brackets instead, and calls ``;`` unsafe), and it does not see a mark next to inline
   code, a link or a Latin word (`` `fit`,而 ``, ``LSTM:每次``). In Chinese prose, ``,:;?!()`` are
   full-width (``，：；？！（）``) wherever they stand; half-width stays only between digits
   (``12,500``), in code, link targets, figure references ``{{ ... }}`` and ``{ #id }``.
3. Bold that CommonMark cannot close (``**结论。**后面``: a closing ``**`` between a full-width
   mark and a Chinese character is not a closing one there): the notebooks render Markdown as
   CommonMark, so the mark goes outside the bold (``**结论**。后面``).
4. A line break inside a paragraph between two Chinese characters or full-width marks: Firefox
   drops it (CSS Text 3), other browsers show it as a space, so a Chinese paragraph goes on to
   its next source line only next to Latin letters, digits or code, where a space belongs anyway.

Chinese prose is: a paragraph, heading, table cell, image description or admonition or tab
title of a Markdown file that contains a Chinese character; the value of a YAML line that
does; a Python string literal that does outside its format fields ``{...}`` and code spans.

What it reads by default (``FILES``): every Chinese page, the generated Chinese tables the pages
include, ``mkdocs.yml`` (the Chinese navigation and site description), and the Python files that
hold Chinese text for the generated parts (tables, notebooks, the text under each listing).
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import autocorrect_py
from listingcheck.parser import page_parser

ROOT = Path(__file__).resolve().parent
CONFIG = ROOT / ".autocorrectrc"
FILES = (
    "docs/*.zh.md",
    "results/*.zh.md",
    "mkdocs.yml",
    "bench/*.py",
    "src/listingcheck/*.py",
    "mkdocs_hooks.py",
)
KINDS = {".md": "markdown", ".yml": "yaml", ".yaml": "yaml", ".py": "python"}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
HALF_WIDTH = re.compile(r"[,:;?!()]")
BETWEEN_DIGITS = re.compile(r"(?<=\d)[,:](?=\d)")
# Not prose even inside a Chinese paragraph: figure references and attribute lists.
NOT_PROSE = re.compile(r"\{\{.*?\}\}|\{:?\s*[#.][^{}]*\}")
FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
CODE_SPAN = re.compile(r"(`+).*?\1")
LINK_TARGET = re.compile(r"(?<=\])\([^()\s]*\)")  # Markdown: [text](target), in Python strings too


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


def configure() -> None:
    autocorrect_py.load_config(CONFIG.read_text(encoding="utf-8"))


def autocorrect_findings(text: str, kind: str, path: str) -> list[Finding]:
    """AutoCorrect's lint: each line it would change, with the change."""
    result = autocorrect_py.lint_for(text, kind)
    return [
        Finding(path, line.line, line.col, f"AutoCorrect: {line.old.strip()!r} -> {line.new.strip()!r}")
        for line in result.lines
    ]


def half_width_marks(text: str) -> list[tuple[int, str]]:
    """Offsets and marks of the half-width ``,:;?!()`` in a piece of Chinese prose."""
    masked = NOT_PROSE.sub(lambda match: " " * len(match[0]), text)
    masked = BETWEEN_DIGITS.sub(" ", masked)
    return [(match.start(), match[0]) for match in HALF_WIDTH.finditer(masked)]


def _message(mark: str, around: str) -> str:
    return f"half-width {mark!r} in Chinese prose ({around.strip()!r}): write {FULL_WIDTH[mark]!r}"


def _around(text: str, offset: int) -> str:
    return text[max(0, offset - 8) : offset + 9].replace("\n", " ")


PARSER = page_parser().enable("table")  # the pages' own parser (admonitions, tabs), with tables


def markdown_prose(text: str) -> list[list[tuple[int, str]]]:
    """Each prose unit (paragraph, heading, table cell, image description, admonition or tab
    title) as its text pieces with their 1-based lines: code, links' targets and HTML left out."""
    units: list[list[tuple[int, str]]] = []
    for token in PARSER.parse(text):
        if token.map is None:
            continue
        line = token.map[0] + 1
        if token.type == "tab_open" and token.info:  # an admonition's title is an inline token
            units.append([(line, token.info)])
        if token.type != "inline":
            continue
        unit = []
        in_autolink = False
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                in_autolink = child.markup == "autolink"
            elif child.type == "link_close":
                in_autolink = False
            elif child.type in ("text", "image") and not in_autolink:
                unit.append((line, child.content))
        units.append(unit)
    return units


def soft_breaks(text: str) -> list[tuple[int, str, str]]:
    """Each line a paragraph (or heading, list item, cell) goes on from to the next line, with the
    characters the reader sees on either side of the break (code counts as Latin)."""
    found = []
    for token in PARSER.parse(text):
        if token.type != "inline" or token.map is None:
            continue
        line, last, pending = token.map[0] + 1, "", None
        for child in token.children or []:
            shown = "a" if child.type == "code_inline" else child.content if child.type in ("text", "image") else ""
            if child.type in ("softbreak", "hardbreak"):
                pending = (line, last) if child.type == "softbreak" else None
                line += 1
            elif shown:
                if pending is not None:
                    found.append((pending[0], pending[1], shown[0]))
                    pending = None
                last = shown[-1]
    return found


def wide(character: str) -> bool:
    """A Chinese character or full-width mark (East Asian Width W or F), or a Chinese quote."""
    return bool(character) and (unicodedata.east_asian_width(character) in "WF" or character in "“”‘’")


def markdown_findings(text: str, path: str) -> list[Finding]:
    lines = text.split("\n")
    findings = []
    for line, before, after in soft_breaks(text):
        if wide(before) and wide(after):
            findings.append(Finding(path, line, len(lines[line - 1].rstrip()),
                                    f"line break between {before!r} and {after!r}: browsers other than Firefox "
                                    f"show it as a space; join the two lines (break next to Latin, digits or code)"))
    for unit in markdown_prose(text):
        if not any(HAN.search(piece) for _, piece in unit):
            continue
        for line, piece in unit:
            start = max(lines[line - 1].find(piece), 0)
            if "**" in piece:
                findings.append(Finding(path, line, start + piece.index("**") + 1, (
                    "'**' left as text: CommonMark (the notebooks) cannot close bold next to a full-width mark "
                    "and a Chinese character; put the mark outside the bold (**词**。)")))
            for offset, mark in half_width_marks(piece):
                findings.append(Finding(path, line, start + offset + 1, _message(mark, _around(piece, offset))))
    return findings


def yaml_findings(text: str, path: str) -> list[Finding]:
    """The value of each ``key: value`` line with Chinese in it."""
    findings = []
    for number, line in enumerate(text.split("\n"), 1):
        key, separator, value = line.partition(": ")
        if not separator or not HAN.search(value) or line.lstrip().startswith("#"):
            continue
        start = len(key) + len(separator)
        for offset, mark in half_width_marks(value):
            findings.append(Finding(path, number, start + offset + 1, _message(mark, _around(value, offset))))
    return findings


def python_findings(text: str, path: str) -> list[Finding]:
    """Each string literal with Chinese outside its code spans (format fields ``{...}``, code
    spans and Markdown link targets ``](...)`` left out)."""
    findings = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type != tokenize.STRING:
            continue
        literal = token.string
        for pattern in (LINK_TARGET, FORMAT_FIELD, CODE_SPAN):
            literal = pattern.sub(lambda match: " " * len(match[0]), literal)
        if not HAN.search(literal):
            continue
        row, col = token.start
        for offset, mark in half_width_marks(literal):
            before = literal[:offset]
            line = row + before.count("\n")
            column = (offset - before.rfind("\n")) if "\n" in before else col + offset + 1
            findings.append(Finding(path, line, column, _message(mark, _around(literal, offset))))
    return findings


def lint_text(text: str, path: str) -> list[Finding]:
    """Both checks on one file's text; ``path`` names the file and, by its suffix, its kind."""
    kind = KINDS[Path(path).suffix]
    findings = autocorrect_findings(text, kind, path)
    if kind == "markdown":
        findings += markdown_findings(text, path)
    elif kind == "yaml":
        findings += yaml_findings(text, path)
    else:
        findings += python_findings(text, path)
    return sorted(set(findings), key=lambda finding: (finding.line, finding.col, finding.message))


def default_files(root: Path = ROOT) -> list[Path]:
    return sorted({path for pattern in FILES for path in root.glob(pattern)})


def lint(paths: list[Path], root: Path = ROOT) -> list[Finding]:
    configure()
    findings = []
    for path in paths:
        shown = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
        findings += lint_text(path.read_text(encoding="utf-8"), shown)
    return findings


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or default_files()
    findings = lint(paths)
    for finding in findings:
        print(finding)
    print(f"zhlint: {len(paths)} files, {len(findings)} findings", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
