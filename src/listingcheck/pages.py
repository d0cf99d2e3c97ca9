"""Checks of a page on its own: its includes, its Python fences, its translation."""

from __future__ import annotations

import re
from pathlib import Path

from .includes import INCLUDE_LINE, IncludeError, find_includes, resolve, shown

LANGUAGES = ("en", "zh")  # English is the default and has no suffix: page.md, page.zh.md
PYTHON_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\{\s*\.)?(py|python|python3)\b")
FENCE_CLOSE = re.compile(r"^\s*(`{3,}|~{3,})\s*$")


def language_of(page: Path) -> str:
    return "zh" if page.name.endswith(".zh.md") else "en"


def counterpart(page: Path) -> Path:
    """The same page in the other language."""
    if language_of(page) == "zh":
        return page.with_name(page.name.removesuffix(".zh.md") + ".md")
    return page.with_name(page.name.removesuffix(".md") + ".zh.md")


def include_problems(page: Path, base: Path) -> list[str]:
    problems = []
    try:
        includes = find_includes(page)
    except IncludeError as error:
        return [str(error)]
    for include in includes:
        try:
            resolve(include, base)
        except IncludeError as error:
            problems.append(str(error))
    return problems


def is_include_only(code: str) -> bool:
    """True when a fence holds exactly one include line and nothing else."""
    lines = [line for line in code.splitlines() if line.strip()]
    return len(lines) == 1 and INCLUDE_LINE.match(lines[0]) is not None


def pasted_fence_message(page: Path, line: int) -> str:
    return (
        f"{shown(page)}:{line}: this Python fence is pasted code; a page's Python must be included "
        f"from a listing under snippets/ with one line: --8<-- \"snippets/<chapter>/<file>.py\""
    )


def fence_problems(page: Path) -> list[str]:
    """Python fences (at any indentation, so inside admonitions and tabs too) that are pasted."""
    problems = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        if PYTHON_FENCE.match(lines[index]):
            start = index
            index += 1
            while index < len(lines) and not FENCE_CLOSE.match(lines[index]):
                index += 1
            if not is_include_only("\n".join(lines[start + 1 : index])):
                problems.append(pasted_fence_message(page, start + 1))
        index += 1
    return problems


def language_neutral(path: str) -> str:
    """`x.en.md` and `x.zh.md` are one generated file in two languages: compare them as one."""
    return re.sub(r"\.(en|zh)\.md$", ".<language>.md", path)


def translation_problems(page: Path) -> list[str]:
    """The other language's page must exist and include the same files in the same order."""
    other = counterpart(page)
    if not other.exists():
        language = "English" if language_of(page) == "zh" else "Chinese"
        return [f"{shown(page)} has no {language} translation: {shown(other)} is missing"]
    try:
        mine = [(language_neutral(i.path), i.section) for i in find_includes(page)]
        theirs = [(language_neutral(i.path), i.section) for i in find_includes(other)]
    except IncludeError as error:
        return [str(error)]
    if mine != theirs:
        return [
            f"{shown(page)} and {shown(other)} do not include the same listings in the same order:\n"
            f"  {page.name}: {mine}\n  {other.name}: {theirs}"
        ]
    return []
