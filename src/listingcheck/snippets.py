"""What an include shows: pymdownx.snippets itself, configured as the site configures it.

The site includes files with pymdownx.snippets (``--8<-- "path"`` or ``--8<-- "path:section"``).
The checker, the page checks and the notebook builder ask the same extension, with the options
of ``mkdocs.yml``, for the same text, so the include rules (base paths, sections, escapes,
dedent) exist once: in pymdownx. A missing file or section raises ``IncludeError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import yaml
from pymdownx.snippets import SnippetMissingError

from .config import Config

# pymdownx.snippets' defaults where mkdocs.yml does not say (a project without a site, in tests).
DEFAULT_OPTIONS: dict[str, Any] = {"base_path": ["."], "check_paths": True, "dedent_subsections": True}


class IncludeError(ValueError):
    """An include that pymdownx.snippets cannot resolve; the message names page, line and target."""


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (``!ENV``, ``!!python/name``): read them as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_snippet_options(root: Path) -> dict[str, Any]:
    """The pymdownx.snippets options of ``root/mkdocs.yml``, base paths made absolute."""
    options = dict(DEFAULT_OPTIONS)
    mkdocs_yml = root / "mkdocs.yml"
    if mkdocs_yml.exists():
        settings = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for extension in settings.get("markdown_extensions", []):
            if isinstance(extension, dict) and "pymdownx.snippets" in extension:
                options.update(extension["pymdownx.snippets"] or {})
    bases = options["base_path"]
    options["base_path"] = [str((root / base).resolve()) for base in ([bases] if isinstance(bases, str) else bases)]
    return options


@dataclass
class Snippets:
    """Resolves include targets (``path`` or ``path:section``) exactly as the site does."""

    root: Path

    def __post_init__(self) -> None:
        options = site_snippet_options(self.root)
        self._markdown = markdown.Markdown(extensions=["pymdownx.snippets"],
                                           extension_configs={"pymdownx.snippets": options})
        self._processor = self._markdown.preprocessors["snippet"]

    def text(self, target: str) -> str:
        """The text an include line of ``target`` puts on a page (marker lines removed)."""
        line = f'--8<-- "{target}"'
        try:
            lines = self._processor.run([line])
        except SnippetMissingError as error:
            raise IncludeError(str(error)) from None
        if lines == [line] or lines == []:  # pymdownx left it alone: not a target it resolves
            raise IncludeError(f"Snippet at path '{target}' could not be found")
        return "\n".join(lines)


@cache
def _snippets(root: Path) -> Snippets:
    return Snippets(root)


def snippets_for(config: Config) -> Snippets:
    """The project's Snippets, made once per project root (it reads mkdocs.yml)."""
    return _snippets(config.root)
