"""pytest integration: `pytest --markdown-docs docs/` runs and checks every listing a page shows.

Only pytest-markdown-docs' public hooks are used:

- ``pytest_markdown_docs_markdown_it`` returns the site's page parser (``parser.page_parser``), so
  a listing directive nested in an admonition, a tab or a list item is collected like one at the
  top level. A core rule turns each directive into a Python fence that calls ``__listing__``
  with the directive, and marks pasted Python fences ``notest`` (the page check reports them:
  pasted code is never run as if it were checked);
- ``pytest_markdown_docs_globals`` provides ``__listing__``, which runs the listing once per
  session on each backend its .toml declares (each run in its own process, started for that
  backend) and fails with the reason for every backend whose output broke its expectations.

A run whose inputs are all unchanged since it passed in an earlier session is not run again
(``reuse``): its outcome is that pass. ``--fresh-listings`` runs every listing. The session's
summary says how many runs ran and how many were reused, per backend.

Each page also gets page checks (``pages.PAGE_CHECKS``), marked ``markdown-docs`` like the fences.
Without ``--markdown-docs`` a page under docs/ is one failing test that says to add it.
"""

from __future__ import annotations

import ast
import json
import typing
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .backends import display_name
from .config import Config
from .expectations import ExpectationError
from .listings import Listing, OutcomeCache
from .pagemodel import LISTING_LANGUAGE, PYTHON_LANGUAGES, load_page, parse_directive
from .pages import PAGE_CHECKS

MARKER = "markdown-docs"  # pytest-markdown-docs' marker: `-m markdown-docs` selects every doc test
LISTING_MARKER = "listing"  # the doc tests that run a listing (left out by `make check`)
LISTING_CALL = "__listing__"

_state: dict[str, typing.Any] = {}
_outer_states: list[dict[str, typing.Any]] = []  # of the sessions a pytester session runs inside
TIMES_KEY = pytest.StashKey[typing.Optional[Path]]()


class ListingFailure(AssertionError):
    """A listing or a page broke one of its promises; the message says which and where."""


FRESH_OPTION = "--fresh-listings"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(FRESH_OPTION, action="store_true", default=False,
                     help="run every listing, even one whose inputs are unchanged since it passed "
                          "(listingcheck.reuse); without it, such a run is reused")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{LISTING_MARKER}: a doc test that runs a listing")
    # One state (root, times log, outcome cache) per session: a session runs each listing once.
    # A session run inside this one (pytester) gets its own and gives this one back when done.
    _outer_states.append(dict(_state))
    _state.clear()
    _state["root"] = Path(str(config.rootpath))
    times = _state["times"] = _times_file()
    _state["reuse"] = not config.getoption("fresh_listings", False)
    # Kept with this session's config: a session that tests run inside this one (pytester)
    # replaces the module's state, not this.
    config.stash[TIMES_KEY] = times
    if times is not None and not hasattr(config, "workerinput"):  # the session, not an xdist worker
        times.parent.mkdir(parents=True, exist_ok=True)
        times.write_text("", encoding="utf-8")


def pytest_unconfigure(config: pytest.Config) -> None:
    _state.clear()
    if _outer_states:
        _state.update(_outer_states.pop())


SESSION_TIMES = "session-times.jsonl"  # this session's log, emptied when a session starts
LAST_TIMES = "times.jsonl"  # a copy of the log of the last session that ran or reused a listing


def _times_file() -> Path | None:
    """Where this session's listing runs log their times (under the checker's work folder).

    `make test` runs two sessions and only the first selects listings: the summary copies a log
    that holds runs to LAST_TIMES, so the second session's empty log does not replace it there.
    """
    try:
        return Config.load(_state.get("root", Path.cwd())).work / SESSION_TIMES
    except FileNotFoundError:  # no [tool.listingcheck]: a project that shows no listings
        return None


def _cache() -> OutcomeCache:
    if "cache" not in _state:
        _state["cache"] = OutcomeCache(Config.load(_state.get("root", Path.cwd())), _state.get("times"),
                                       reuse=_state.get("reuse", False))
    return _state["cache"]


SLOWEST = 10


def pytest_terminal_summary(terminalreporter: typing.Any, config: pytest.Config) -> None:
    """The listing runs of this session: how many ran and were reused, seconds per backend, the slowest."""
    times = config.stash.get(TIMES_KEY, None)
    if hasattr(config, "workerinput") or times is None or not times.is_file():
        return
    log = times.read_text(encoding="utf-8")
    runs = [json.loads(line) for line in log.splitlines() if line]
    if not runs:
        return
    times.with_name(LAST_TIMES).write_text(log, encoding="utf-8")
    ran = Counter(run["backend"] for run in runs if not run.get("reused"))
    reused = Counter(run["backend"] for run in runs if run.get("reused"))
    seconds: dict[str, float] = {}  # of the runs that ran, per backend in the order they came
    for run in runs:
        seconds[run["backend"]] = seconds.get(run["backend"], 0.0) + (0.0 if run.get("reused") else run["seconds"])
    terminalreporter.write_sep("-", f"{len(runs)} listing runs")
    terminalreporter.write_line("seconds per backend: " + ", ".join(
        f"{display_name(backend)} {total:.1f} ({ran[backend]} ran, {reused[backend]} reused)"
        for backend, total in seconds.items()))
    if any(run.get("reused") for run in runs):
        terminalreporter.write_line(
            f"reused: passed in an earlier session with the same inputs, and did not run now "
            f"(its seconds are those it took then, left out of the sums above; {FRESH_OPTION} runs it)")
    for run in sorted(runs, key=lambda r: -r["seconds"])[:SLOWEST]:
        mark = "  (reused)" if run.get("reused") else ""
        terminalreporter.write_line(f"{run['seconds']:6.1f} s  {run['listing']} [{run['backend']}]{mark}")


def run_directive(directive: str) -> None:
    """Run the listing a directive names (once per session); raise ListingFailure when it broke."""
    try:
        script, _sections, _view = parse_directive(directive)
    except ValueError as error:
        raise ListingFailure(f"bad listing directive: {error}") from None
    cache = _cache()
    path = cache.config.base / script
    if not path.is_file():
        raise ListingFailure(f"listing {script} does not exist (under {cache.config.base})")
    try:
        backends = Listing(path).backends
    except ExpectationError as error:
        raise ListingFailure(f"{script}: {error}") from None
    failures = [outcome.failure for backend in backends
                if (outcome := cache.outcome(path, backend)).failure is not None]
    if failures:
        raise ListingFailure("\n\n".join(failures))


def _route_fences(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "fence":
            continue
        language = (token.info.split() or [""])[0].lstrip("{.").rstrip("}")
        if language == LISTING_LANGUAGE:
            token.info = "python"
            token.content = f"{LISTING_CALL}({token.content.strip()!r})\n"
        elif language in PYTHON_LANGUAGES:
            token.info = "python notest"


@pytest.hookimpl
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    from .parser import page_parser

    parser = page_parser()
    parser.core.ruler.push("route_listing_fences", _route_fences)
    return parser


@pytest.hookimpl
def pytest_markdown_docs_globals() -> dict[str, typing.Any]:
    return {LISTING_CALL: run_directive}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        code = str(getattr(item, "code", ""))
        if f"{LISTING_CALL}(" in code:
            item.add_marker(LISTING_MARKER)
            # Under pytest-xdist (--dist loadgroup), every directive of one listing (its English
            # and Chinese pages, several sections) goes to the same worker, whose session cache
            # then runs the listing once per backend, as a single process would.
            item.add_marker(pytest.mark.xdist_group(_listing_of(code)))


def _listing_of(code: str) -> str:
    """The script a routed directive names: ``__listing__('snippets/x.py sections=a')`` -> ``snippets/x.py``."""
    directive = code.split(f"{LISTING_CALL}(", 1)[1].rsplit(")", 1)[0]
    try:
        return parse_directive(ast.literal_eval(directive))[0]
    except (ValueError, SyntaxError):
        return directive  # run_directive reports the bad directive


class PageCheck(pytest.Item):
    def __init__(self, *, check: typing.Callable[[], list[typing.Any]], **kwargs: typing.Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.add_marker(MARKER)

    def runtest(self) -> None:
        problems = self.check()
        if problems:
            raise ListingFailure("\n".join(str(problem) for problem in problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: typing.Any = None) -> str:
        if isinstance(excinfo.value, ListingFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}::{self.name}"


class PageChecks(pytest.File):
    def __init__(self, *, listing_config: Config, **kwargs: typing.Any) -> None:
        super().__init__(**kwargs)
        self.listing_config = listing_config

    def collect(self) -> typing.Iterator[PageCheck]:
        config = self.listing_config
        if not self.config.option.markdowndocs:
            yield PageCheck.from_parent(self, name="needs-markdown-docs", check=lambda: [
                f"{self.path}: the listings of docs/ run only with pytest-markdown-docs: "
                f"run `pytest --markdown-docs {self.path.parent}`"])
            return
        for name, check in PAGE_CHECKS.items():
            yield PageCheck.from_parent(self, name=f"page-{name}",
                                        check=lambda check=check: check(load_page(self.path), config))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PageChecks | None:
    if file_path.suffix != ".md":
        return None
    try:
        config = Config.load(file_path.parent)
    except FileNotFoundError:
        return None
    if config.docs.resolve() in file_path.resolve().parents:
        return PageChecks.from_parent(parent, path=file_path, listing_config=config)
    return None
