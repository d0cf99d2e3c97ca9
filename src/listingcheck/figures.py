"""Result figures in prose, taken from recorded outputs; and the figures a page typed by hand.

A figure reference ``{{ one-letter/01-original-recipe:accuracy }}`` is replaced at build time by
the text that the named group ``accuracy`` of a ``[[tolerance]]`` rule of that listing's .toml
captured in its recorded output (``88.00`` from ``Model accuracy: 88.00%``). When the rules match
several recorded lines with that name, ``accuracy#2`` picks the second, in output order.
``{{ min one-letter/01-original-recipe:accuracy }}`` (or ``max``) is the smallest (largest) value
of that figure over every seed and backend of ``make robustness`` (results/robustness.json),
shown with the recorded value's decimals; figures made from an older version of the listing are
refused. ``{{ quoted 84.00% }}`` marks a figure quoted from another source (the original tutorials): it
is shown as written and never checked.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import Config
from .expectations import ExpectationError, Expectations, rule_matches
from .listings import Listing
from .pagemodel import FIGURE, FIGURE_REFERENCE, QUOTED, Page, Problem


@dataclass(frozen=True)
class Value:
    name: str
    text: str  # as printed
    line: int  # line of the recorded output


def recorded_values(recorded: str, expectations: Expectations) -> list[Value]:
    """Every named number the .toml's rules capture in a recorded output, in output order."""
    return [Value(check.name, match[check.name], number)
            for number, rule, match in rule_matches(recorded, expectations) for check in rule.checks]


# Where `make robustness` writes its figures (listingcheck.robustness writes it, pages read it).
ROBUSTNESS_RESULTS = "results/robustness.json"


class FigureError(ValueError):
    """A figure reference that names no listing, no value, or an ambiguous one."""


def listing_of(listing_id: str, config: Config) -> Listing:
    return Listing(config.snippets / f"{listing_id}.py")


def resolve_figure(listing_id: str, name: str, index: int | None, config: Config) -> str:
    """The text of a figure, from the listing's recorded output; FigureError says what is wrong."""
    listing = listing_of(listing_id, config)
    if not listing.script.is_file():
        raise FigureError(f"no listing {listing_id!r} (looked for {listing.name(config)})")
    if not listing.recorded.is_file():
        raise FigureError(f"{listing_id} has no recorded output {listing.recorded.name} yet: run `make record`")
    try:
        expectations = listing.expectations(config)
    except ExpectationError as error:
        raise FigureError(str(error)) from None
    values = recorded_values(listing.recorded.read_text(encoding="utf-8"), expectations)
    named = [value for value in values if value.name == name]
    if not named:
        captured = sorted({value.name for value in values}) or "none"
        raise FigureError(f"no [[tolerance]] rule of {listing_id}.toml captures a value named {name!r} "
                          f"(the rules capture: {captured}); add a rule that names it")
    if index is None and len(named) > 1:
        lines = ", ".join(f"#{i} = {v.text} (output line {v.line})" for i, v in enumerate(named, 1))
        raise FigureError(f"{name!r} of {listing_id} is captured on {len(named)} lines; "
                          f"pick one with {name}#N: {lines}")
    position = (index or 1) - 1
    if not 0 <= position < len(named):
        raise FigureError(f"{name}#{index} of {listing_id}: there are {len(named)} such values")
    return named[position].text


def _robustness_results(path: Path) -> dict:
    """results/robustness.json, parsed once per content (a page quotes it many times); read-only."""
    if not path.is_file():
        return {"listings": {}}
    stat = path.stat()
    return _parse_results(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _parse_results(path: Path, _mtime_ns: int, _size: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def resolve_over_seeds(listing_id: str, name: str, index: int | None, over: str, config: Config) -> str:
    """The smallest (``over="min"``) or largest value of a figure in results/robustness.json.

    ``name#index`` picks the figure as ``resolve_figure`` does (the index-th output line that
    captures ``name``); the value is taken over every seed and every backend measured, and shown
    with as many decimals as the recorded value.

    Raises:
        FigureError: when the listing has no robustness figures, or they were made from another
            version of the listing (its digest), or they do not hold that figure.
    """
    recorded = resolve_figure(listing_id, name, index, config)
    listing = listing_of(listing_id, config)
    per_backend = _robustness_results(config.root / ROBUSTNESS_RESULTS)["listings"].get(listing.name(config))
    rerun = f"run make robustness LISTINGS={listing.name(config)}"
    if not per_backend:
        raise FigureError(f"{listing_id} has no robustness figures in {ROBUSTNESS_RESULTS}: {rerun}")
    stale = [backend for backend, entry in per_backend.items() if entry["digest"] != listing.digest]
    if stale:
        raise FigureError(f"the robustness figures of {listing_id} on {stale} were made from an older version: {rerun}")
    values = recorded_values(listing.recorded.read_text(encoding="utf-8"), listing.expectations(config))
    line = [value.line for value in values if value.name == name][(index or 1) - 1]
    key = f"{name} (line {line})"
    found = [v for entry in per_backend.values() for v in entry["figures"].get(key, {}).get("values", [])]
    if not found:
        raise FigureError(f"the robustness figures of {listing_id} hold no {key!r}: is it bounded (min/max)?")
    decimals = len(recorded.split(".")[1]) if "." in recorded else 0
    return f"{(min if over == 'min' else max)(found):.{decimals}f}"


def figure_problems(page: Page, config: Config) -> list[Problem]:
    """References that do not resolve, and numbers typed by hand that a listing of the page prints."""
    problems = []
    for reference in page.figures:
        if reference.listing is None or reference.name is None:
            continue  # a quoted figure, or a malformed one (a problem of the page model)
        try:
            if reference.over is None:
                resolve_figure(reference.listing, reference.name, reference.index, config)
            else:  # resolves the recorded figure too
                resolve_over_seeds(reference.listing, reference.name, reference.index, reference.over, config)
        except FigureError as error:
            problems.append(Problem(page.where(reference.line), f"{reference.text}: {error}"))
    printed = _printed_numbers(page, config)
    for number in page.numbers:
        source = printed.get(number.text) or printed.get(number.text.removesuffix("%"))
        if source is not None:
            where, reference = source
            insert = (f"insert it with {reference}" if reference else
                      "name it in a [[tolerance]] rule of the listing's .toml and insert it with "
                      "{{ chapter/NN-listing:value }}")
            problems.append(Problem(page.where(number.line),
                f"{number.text} is typed by hand, but {where} prints it: {insert}; or, for a figure "
                f"quoted from elsewhere, write {{{{ quoted {number.text} }}}}"))
    return problems


PRINTED_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+%?|(?<![\w.])\d+%")


def _printed_numbers(page: Page, config: Config) -> dict[str, tuple[str, str | None]]:
    """Numbers (decimals, percentages) the page's listings print -> (where, the reference to use).

    The reference is None when no rule of the listing's .toml names the number.
    """
    found: dict[str, tuple[str, str | None]] = {}
    for directive in page.listings:
        listing = listing_of(directive.listing_id, config)
        if not listing.recorded.is_file():
            continue
        recorded = listing.recorded.read_text(encoding="utf-8")
        try:
            values = recorded_values(recorded, listing.expectations(config))
        except ExpectationError:
            values = []
        references = {}
        for value in values:
            same_name = [v for v in values if v.name == value.name]
            index = f"#{same_name.index(value) + 1}" if len(same_name) > 1 else ""
            references[(value.line, value.text)] = f"{{{{ {directive.listing_id}:{value.name}{index} }}}}"
        for number, line in enumerate(recorded.splitlines(), 1):
            for match in PRINTED_NUMBER.finditer(line):
                text = match.group(0)
                reference = references.get((number, text.removesuffix("%")), references.get((number, text)))
                where = f"{listing.recorded.relative_to(config.base).as_posix()} (line {number})"
                if text not in found or (found[text][1] is None and reference):
                    found[text] = (where, reference)
    return found


def render_figures(text: str, config: Config) -> str:
    """Markdown with every figure reference replaced by its figure (quoted ones marked as quotes)."""

    def replace(match: re.Match[str]) -> str:
        quoted = QUOTED.fullmatch(match["body"])
        if quoted:
            return f'<span class="figure-quoted">{html.escape(quoted["text"])}</span>'
        reference = FIGURE_REFERENCE.fullmatch(match["body"])
        if reference is None:
            raise FigureError(f"{match.group(0)} is not a figure reference")
        index = int(reference["index"]) if reference["index"] else None
        if reference["over"]:
            value = resolve_over_seeds(reference["listing"], reference["name"], index, reference["over"], config)
        else:
            value = resolve_figure(reference["listing"], reference["name"], index, config)
        return f'<span class="figure" title="{reference["listing"]}">{value}</span>'

    return FIGURE.sub(replace, text)

