"""pytest integration: `pytest --markdown-docs docs/` runs and checks every listing a page includes.

pytest-markdown-docs (pinned to 0.9.2) executes the raw text of each Python fence. A core
rule added to its Markdown parser (its `pytest_markdown_docs_markdown_it` hook) routes each
fence to one of two runners registered with its `register_runner`: an include-only fence to
`ListingRunner`, which runs the included script once per session in its own process and
compares its output; any other Python fence to `PastedFenceRunner`, which fails.
Separately, each page under docs/ gets page checks: includes, fences, translation.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pytest_markdown_docs._runners import _Runner, register_runner

from .config import Config
from .includes import IncludeError, find_includes, resolve
from .listings import OutcomeCache
from .pages import PYTHON_FENCE, fence_problems, include_problems, is_include_only, pasted_fence_message, translation_problems

_cache: OutcomeCache | None = None


class ListingFailure(AssertionError):
    """A listing or a page broke one of its promises; the message says which and where."""


def pytest_sessionstart(session: pytest.Session) -> None:
    global _cache
    _cache = None  # one cache per session: a session runs each listing once


def _outcomes(start: Path) -> OutcomeCache:
    global _cache
    if _cache is None:
        _cache = OutcomeCache(Config.load(start))
    return _cache


def _route_python_fences(state: typing.Any) -> None:
    for token in state.tokens:
        if token.type == "fence" and PYTHON_FENCE.match("```" + token.info):
            runner = "ListingRunner" if is_include_only(token.content) else "PastedFenceRunner"
            token.info = f"python runner:{runner}"


@pytest.hookimpl
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    parser = MarkdownIt(config="commonmark")
    parser.core.ruler.push("route_python_fences", _route_python_fences)
    return parser


class _MessageRunner(_Runner):
    def repr_failure(self, test: typing.Any, excinfo: pytest.ExceptionInfo[BaseException], style: typing.Any = None) -> str:
        return str(excinfo.value)


@register_runner()
class ListingRunner(_MessageRunner):
    def runtest(self, test: typing.Any, args: dict[str, typing.Any]) -> None:
        cache = _outcomes(Path(test.source_path).parent)
        # The fence's source is padded with blank lines, so include lines keep their page line.
        include = find_includes(Path(test.source_path), test.source)[0]
        try:
            script = resolve(include, cache.config.base)
        except IncludeError as error:
            raise ListingFailure(str(error)) from None
        outcome = cache.outcome(script)
        if outcome.failure is not None:
            raise ListingFailure(f"listing included at {include.where}\n{outcome.failure}")


@register_runner()
class PastedFenceRunner(_MessageRunner):
    def runtest(self, test: typing.Any, args: dict[str, typing.Any]) -> None:
        raise ListingFailure(pasted_fence_message(Path(test.source_path), test.start_line))


class PageCheck(pytest.Item):
    def __init__(self, *, check: typing.Callable[[], list[str]], **kwargs: typing.Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        problems = self.check()
        if problems:
            raise ListingFailure("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: typing.Any = None) -> str:
        if isinstance(excinfo.value, ListingFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}::{self.name}"


class PageChecks(pytest.File):
    def __init__(self, *, listing_config: Config, **kwargs: typing.Any) -> None:
        super().__init__(**kwargs)
        self.listing_config = listing_config  # loaded once, when the page was found

    def collect(self) -> typing.Iterator[PageCheck]:
        config = self.listing_config
        checks = {
            "includes": lambda: include_problems(self.path, config.base),
            "fences": lambda: fence_problems(self.path),
            "translation": lambda: translation_problems(self.path),
        }
        for name, check in checks.items():
            yield PageCheck.from_parent(self, name=f"page-{name}", check=check)


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
