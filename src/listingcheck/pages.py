"""Checks of a page on its own, read from its page model; each problem names the page and line."""

from __future__ import annotations

from collections.abc import Callable

from .config import Config
from .expectations import ExpectationError
from .directive import TableError, render_table
from .figures import figure_problems
from .listings import Listing
from .pagemodel import PYTHON_LANGUAGES, Page, Problem, counterpart, load_page, shown
from .snippets import IncludeError, snippets_for
from .translation import staleness_problems


def listing_problems(page: Page, config: Config) -> list[Problem]:
    """Every directive names a script and sections that exist, with usable expectations and output."""
    problems = list(page.problems)
    snippets = snippets_for(config)
    for directive in page.listings:
        for target in [directive.script] + [f"{directive.script}:{name}" for name in directive.sections]:
            try:
                snippets.text(target)
            except IncludeError as error:
                problems.append(Problem(directive.where, f"listing {target}: {error}"))
        listing = Listing(config.base / directive.script)
        if not listing.script.is_file():
            continue
        try:
            listing.expectations(config)
        except ExpectationError as error:
            problems.append(Problem(directive.where, str(error)))
            continue  # which outputs it needs depends on the .toml
        if directive.view == "table":
            try:
                render_table(directive, listing, listing.expectations(config), page.language)
            except (TableError, ExpectationError) as error:
                problems.append(Problem(directive.where, f"table of {directive.script}: {error}"))
        for backend, recorded in listing.outputs():
            if not recorded.is_file():
                problems.append(Problem(directive.where, f"{shown(recorded)} is missing: run `make record`"))
            elif listing.provenance(backend) is None:
                problems.append(Problem(directive.where, f"{shown(listing.provenance_file)} does not say where "
                                        f"the {backend} output comes from: run `make record`"))
    return problems


def fence_problems(page: Page, config: Config) -> list[Problem]:
    """Python is shown only by listing directives; listings and outputs are not included by hand."""
    problems = []
    for fence in page.fences:
        included = [line.strip() for line in fence.content.splitlines() if "--8<--" in line]
        if fence.language in PYTHON_LANGUAGES:
            problems.append(Problem(page.where(fence.line),
                "this Python fence is pasted code; show a listing with the directive\n"
                "    ```listing\n    snippets/<chapter>/<NN-name>.py\n    ```"))
        elif any(".py" in line or ".out" in line for line in included):
            problems.append(Problem(page.where(fence.line),
                "a listing or its recorded output is included by hand; the listing directive shows both"))
    snippets = snippets_for(config)
    for include in page.includes:
        try:
            snippets.text(include.target)
        except IncludeError as error:
            problems.append(Problem(page.where(include.line), f"include {include.target}: {error}"))
    return problems


def translation_problems(page: Page, config: Config) -> list[Problem]:
    """The other language's page exists, shows the same listings and the same figures, in order."""
    other_path = counterpart(page.path)
    if not other_path.exists():
        language = "English" if page.language == "zh" else "Chinese"
        return [Problem(page.where(1), f"no {language} translation: {shown(other_path)} is missing")]
    other = load_page(other_path)
    problems = []
    mine = [(d.script, d.sections) for d in page.listings]
    theirs = [(d.script, d.sections) for d in other.listings]
    if mine != theirs:
        problems.append(Problem(page.where(1), f"{shown(page.path)} and {shown(other_path)} do not show the "
                                f"same listings in the same order:\n  {mine}\n  {theirs}"))
    # Figures from listings must match; quotations from other sources may be worded differently.
    my_figures = [(f.listing, f.name, f.index) for f in page.figures if f.listing]
    their_figures = [(f.listing, f.name, f.index) for f in other.figures if f.listing]
    if my_figures != their_figures:
        problems.append(Problem(page.where(1), f"{shown(page.path)} and {shown(other_path)} do not state the "
                                f"same figures in the same order:\n  {my_figures}\n  {their_figures}"))
    return problems + staleness_problems(page)


PAGE_CHECKS: dict[str, Callable[[Page, Config], list[Problem]]] = {
    "listings": listing_problems,
    "fences": fence_problems,
    "figures": figure_problems,
    "translation": translation_problems,
}
