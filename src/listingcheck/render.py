"""A page's Markdown as the site renders it: directives expanded, figures inserted.

Works on the page model's lines, so a directive nested in an admonition, a tab or a list is
replaced in place, at its own indentation, and the site's extensions render what replaces it
there. The front matter is left out (MkDocs has already read it).
"""

from __future__ import annotations

from .config import Config
from .directive import TableError, render_listing, render_table
from .figures import FigureError, render_figures
from .listings import Listing
from .pagemodel import Page


def render_page(page: Page, config: Config) -> str:
    lines = page.lines
    figure_lines = {reference.line for reference in page.figures}
    out: list[str] = []
    directives = {directive.line: directive for directive in page.listings}
    number = page.body_line + 1  # 1-based
    while number <= len(lines):
        directive = directives.get(number)
        if directive is not None:
            listing = Listing(config.base / directive.script)
            if directive.view == "table":
                try:
                    rendered = render_table(directive, listing, listing.expectations(config), page.language)
                except TableError as error:
                    raise TableError(f"{directive.where}: {error}") from None
            else:
                rendered = render_listing(directive, listing, listing.expectations(config), page.language)
            out += [directive.indent + line if line else line for line in rendered]
            number = directive.end + 1
            continue
        line = lines[number - 1]
        if number in figure_lines:
            try:
                line = render_figures(line, config)
            except FigureError as error:
                raise FigureError(f"{page.where(number)}: {error}") from None
        out.append(line)
        number += 1
    return "\n".join(out)
