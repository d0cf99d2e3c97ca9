"""Find the ``--8<--`` include lines of a page (pymdownx.snippets' one-line form)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# `--8<-- "path"` or `--8<-- "path:section"`; a leading ';' escapes the line (pymdownx).
INCLUDE_LINE = re.compile(r'^(?P<indent>\s*)(?P<escape>;?)--8<--\s+(?P<quote>["\'])(?P<target>[^"\']+)(?P=quote)\s*$')
SECTION_MARK = "# --8<-- [{kind}:{name}]"


@dataclass(frozen=True)
class Include:
    page: Path
    line: int  # 1-based line of the page
    path: str  # as written, relative to the snippets base
    section: str | None

    @property
    def where(self) -> str:
        return f"{shown(self.page)}:{self.line}"


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


class IncludeError(ValueError):
    """An include line that cannot be resolved; the message names page, line and path."""


def parse_target(target: str) -> tuple[str, str | None]:
    """Split ``path[:section]``; line-number ranges are refused (sections do not drift)."""
    path, _, section = target.partition(":")
    if section and re.fullmatch(r"[\d:-]+", section):
        raise IncludeError(f"line ranges are not allowed, use a named section: {target!r}")
    return path, section or None


def find_includes(page: Path, text: str | None = None) -> list[Include]:
    """Every unescaped include line of ``page``, in order."""
    text = page.read_text(encoding="utf-8") if text is None else text
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = INCLUDE_LINE.match(line)
        if match is None or match["escape"]:
            continue
        try:
            path, section = parse_target(match["target"])
        except IncludeError as error:
            raise IncludeError(f"{shown(page)}:{number}: {error}") from None
        found.append(Include(page=page, line=number, path=path, section=section))
    return found


def resolve(include: Include, base: Path) -> Path:
    """The included file; raises IncludeError naming page, line and path when it is missing."""
    target = base / include.path
    if not target.is_file():
        raise IncludeError(f"{include.where}: included file does not exist: {include.path}")
    if include.section is not None:
        text = target.read_text(encoding="utf-8")
        for kind in ("start", "end"):
            if SECTION_MARK.format(kind=kind, name=include.section) not in text:
                raise IncludeError(
                    f"{include.where}: {include.path} has no '{kind}' mark of section {include.section!r}"
                )
    return target
