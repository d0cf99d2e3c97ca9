"""The one Markdown parser every reader of a page uses: the page model, pytest-markdown-docs' collection.

markdown-it-py in CommonMark mode, plus the block syntaxes the site's Python-Markdown extensions
add, so that a fence nested in any of them is seen where the site renders it:

- YAML front matter (MkDocs' page meta), from mdit-py-plugins' ``front_matter``;
- admonitions and collapsible blocks (``!!! note``, ``??? note``, ``???+ note``: the ``admonition``
  and ``pymdownx.details`` extensions), from mdit-py-plugins' ``admon``;
- content tabs (``=== "Title"``, ``===+ "Title"``: ``pymdownx.tabbed``), by ``tabs_rule`` below:
  no maintained markdown-it plugin parses them. Like pymdownx.tabbed, the body is the following
  lines indented by four more spaces than the marker (blank lines allowed inside).

Lists are CommonMark lists. Python-Markdown needs a list item's blocks indented by four spaces;
the site's pages do so, and tests/test_page_model_site.py checks, on a built site, that every
listing the HTML shows is one this parser found (top level, admonition, tab and list).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

TAB_MARKER = re.compile(r'^===\+?[ \t]+"(?P<title>[^"]*)"[ \t]*$')
TAB_BODY_INDENT = 4


def tabs_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A pymdownx.tabbed tab: ``=== "Title"`` and the block indented under it."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code block, not a tab
    start = state.bMarks[start_line] + state.tShift[start_line]
    marker = TAB_MARKER.match(state.src[start : state.eMarks[start_line]])
    if marker is None:
        return False
    if silent:
        return True
    body_indent = state.sCount[start_line] + TAB_BODY_INDENT
    next_line = start_line + 1
    last_content = start_line
    while next_line < end_line:
        empty = state.isEmpty(next_line)
        if not empty and state.sCount[next_line] < body_indent:
            break
        if not empty:
            last_content = next_line
        next_line += 1
    end = last_content + 1
    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    state.parentType = "tab"  # type: ignore[assignment]
    state.lineMax = end
    state.blkIndent = body_indent
    token = state.push("tab_open", "div", 1)
    token.block = True
    token.info = marker["title"]
    token.map = [start_line, end]
    state.md.block.tokenize(state, start_line + 1, end)
    token = state.push("tab_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.line = end
    return True


def page_parser() -> MarkdownIt:
    """A new parser for the site's pages (front matter, admonitions, details, tabs, lists)."""
    parser = MarkdownIt("commonmark")
    parser.use(front_matter_plugin)
    parser.use(admon_plugin)
    parser.block.ruler.before(
        "fence", "tabs", tabs_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    return parser
