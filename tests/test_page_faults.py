"""Faults injected into a page: each fails `pytest --markdown-docs docs/`, naming file and line."""

import json
import textwrap

import pytest
from conftest import include

TOLERANT = """
[[tolerance]]
pattern = 'accuracy: (?P<accuracy>[0-9.]+)'
accuracy = { min = 0.9 }
"""

# The same directive at the top level and nested the ways pymdownx nests blocks.
CONTEXTS = {
    "top": "{directive}",
    "admonition": '!!! note "Nested"\n\n{indented}',
    "collapsible": '??? example "Nested"\n\n{indented}',
    "tab": '=== "One"\n\n{indented}\n=== "Two"\n\n    Other text.\n',
    "list": "- An item.\n\n{indented}",
    "ordered list": "1. An item.\n\n{indented}",
}


def nested(context: str, directive: str) -> str:
    return CONTEXTS[context].format(directive=directive, indented=textwrap.indent(directive, "    "))


@pytest.mark.parametrize("context", CONTEXTS)
def test_a_wrong_output_fails_wherever_the_listing_sits(site, context):
    site.listing("01-count", "print(1)\nprint(2)\n", recorded="1\n3\n")
    site.page("nested", "# N\n\nText.\n\n" + nested(context, include("snippets/ch/01-count.py")))
    result = site.run()
    result.assert_outcomes(passed=8, failed=2)  # the listing fails on both pages
    result.stdout.fnmatch_lines(["*snippets/ch/01-count.py [[]tensorflow[]]: output does not match its expectations:*",
                                 "*line 2: differs (compared exactly)*"])


@pytest.mark.parametrize("context", CONTEXTS)
def test_a_good_listing_passes_wherever_it_sits(site, context):
    site.listing("01-count", "print(1)\n", recorded="1\n")
    site.page("nested", "# N\n\n" + nested(context, include("snippets/ch/01-count.py")))
    site.run().assert_outcomes(passed=10)


def test_a_directive_with_an_unknown_option_names_the_line(site):
    site.listing("01-a", "print(1)\n", recorded="1\n")
    site.page("bad", "# B\n\n```listing\nsnippets/ch/01-a.py show=all\n```\n")
    site.run().stdout.fnmatch_lines(["*docs/bad.md:3: unknown option 'show=all'; the options are sections=NAME,NAME and view=table*"])


def test_a_figure_naming_a_value_no_rule_captures_fails(site):
    site.listing("01-fit", "print('accuracy: 0.95')\n", recorded="accuracy: 0.95\n", toml=TOLERANT)
    site.page("fig", "# F\n\n" + include("snippets/ch/01-fit.py") + "\nLoss: {{ ch/01-fit:loss }}.\n")
    site.run().stdout.fnmatch_lines(["*docs/fig.md:7: {{ ch/01-fit:loss }}: no ??tolerance?? rule of ch/01-fit.toml "
                                     "captures a value named 'loss'*"])


def test_a_figure_naming_a_missing_listing_fails(site):
    site.page("fig", "# F\n\nIt reached {{ ch/09-nowhere:accuracy }}.\n")
    site.run().stdout.fnmatch_lines(["*docs/fig.md:3: {{ ch/09-nowhere:accuracy }}: no listing 'ch/09-nowhere'*"])


def test_a_malformed_figure_reference_fails(site):
    site.page("fig", "# F\n\nIt reached {{ accuracy }}.\n")
    site.run().stdout.fnmatch_lines(["*docs/fig.md:3: {{ accuracy }} is not a figure reference*"])


def test_a_hand_typed_figure_that_a_listing_prints_fails(site):
    site.listing("01-fit", "print('accuracy: 0.95')\n", recorded="accuracy: 0.95\n", toml=TOLERANT)
    site.page("fig", "# F\n\n" + include("snippets/ch/01-fit.py") + "\nIt reached 0.95 here.\n")
    site.run().stdout.fnmatch_lines(["*docs/fig.md:7: 0.95 is typed by hand, but snippets/ch/01-fit.out (line 1) "
                                     "prints it: insert it with {{ ch/01-fit:accuracy }}*"])


def test_figures_from_outputs_and_quotations_pass(site):
    site.listing("01-fit", "print('accuracy: 0.95')\n", recorded="accuracy: 0.95\n", toml=TOLERANT)
    body = "# F\n\n" + include("snippets/ch/01-fit.py") + "\nOurs {{ ch/01-fit:accuracy }}, the book {{ quoted 0.95 }}.\n"
    site.page("fig", body)
    site.run().assert_outcomes(passed=10)


def test_a_chinese_page_that_states_another_figure_fails(site):
    site.listing("01-fit", "print('accuracy: 0.95')\n", recorded="accuracy: 0.95\n", toml=TOLERANT)
    listing = include("snippets/ch/01-fit.py")
    site.page("fig", f"# F\n\n{listing}\nOurs: {{{{ ch/01-fit:accuracy }}}}.\n", zh_body=f"# F\n\n{listing}\n我们的结果。\n")
    site.run().stdout.fnmatch_lines(["*docs/fig.md and docs/fig.zh.md do not state the same figures in the same order*"])


def test_a_chinese_page_older_than_its_english_page_fails(site):
    site.page("old", "# Old\n\nFirst version.\n")
    (site.root / "docs" / "old.md").write_text("# Old\n\nSecond version.\n")
    site.run().stdout.fnmatch_lines(["*docs/old.zh.md:1: docs/old.md changed since this page translated it*"])


def test_a_chinese_page_that_does_not_say_what_it_translates_fails(site):
    site.page("new", "# New\n")
    (site.root / "docs" / "new.zh.md").write_text("# 新\n")
    site.run().stdout.fnmatch_lines(["*docs/new.zh.md:1: the front matter does not say which revision of "
                                     "docs/new.md it translates*"])


def test_without_markdown_docs_a_page_fails_and_says_to_add_it(site):
    site.page("plain", "# P\n")
    result = site.pytester.runpytest("docs/", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*the listings of docs/ run only with pytest-markdown-docs: "
                                 "run `pytest --markdown-docs *docs`*"])


def test_selecting_markdown_docs_keeps_the_page_checks(site):
    site.listing("01-a", "print(1)\n", recorded="1\n")
    site.page("sel", "# S\n\n" + include("snippets/ch/01-a.py"))
    site.run("-m", "markdown-docs").assert_outcomes(passed=10)


def test_leaving_out_listings_keeps_everything_else(site):
    site.listing("01-a", "print(1)\n", recorded="2\n")  # would fail if it ran
    site.page("sel", "# S\n\n" + include("snippets/ch/01-a.py"))
    site.run("-m", "not listing").assert_outcomes(passed=8, deselected=2)


def robustness_results(site, digest: str, values: list[float]) -> None:
    (site.root / "results").mkdir(exist_ok=True)
    entry = {"digest": digest, "failures": [],
             "figures": {"accuracy (line 1)": {"bound": ">= 0.9", "values": values}}}
    results = {"seeds": [1, 2], "listings": {"snippets/ch/01-fit.py": {"tensorflow": entry, "jax": entry}}}
    (site.root / "results" / "robustness.json").write_text(json.dumps(results))


def test_a_figure_over_the_robustness_seeds_is_the_smallest_or_largest_value(site):
    from listingcheck.config import Config
    from listingcheck.figures import render_figures
    from listingcheck.listings import Listing

    script = site.listing("01-fit", "print('accuracy: 0.95')\n", recorded="accuracy: 0.95\n", toml=TOLERANT)
    robustness_results(site, Listing(script).digest, [0.931, 0.97])
    text = render_figures("from {{ min ch/01-fit:accuracy }} to {{ max ch/01-fit:accuracy }}", Config.load(site.root))
    assert ">0.93<" in text and ">0.97<" in text  # with the recorded value's two decimals


def test_a_figure_over_stale_robustness_seeds_fails_naming_the_line(site):
    site.listing("01-fit", "print('accuracy: 0.95')\n", recorded="accuracy: 0.95\n", toml=TOLERANT)
    robustness_results(site, "an-older-digest", [0.931, 0.97])
    site.page("fig", "# F\n\n" + include("snippets/ch/01-fit.py") + "\nAt least {{ min ch/01-fit:accuracy }}.\n")
    site.run().stdout.fnmatch_lines(["*docs/fig.md:7: {{ min ch/01-fit:accuracy }}: the robustness figures of "
                                     "ch/01-fit on [[]'tensorflow', 'jax'[]] were made from an older version*"])
