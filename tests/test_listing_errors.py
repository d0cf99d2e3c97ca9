"""Each kind of bad input fails `pytest --markdown-docs docs/` with a message that says where."""

from conftest import include


def test_good_listing_passes(site):
    site.listing("01-hello", 'print("hello")\nprint("world")\n', recorded="hello\nworld\n")
    site.page("hello", "# Hello\n\n" + include("snippets/ch/01-hello.py"))
    result = site.run()
    result.assert_outcomes(passed=10)  # 4 page checks + 1 listing, in two languages


def test_missing_include_names_page_line_and_path(site):
    site.page("broken", "# Broken\n\nText.\n\n" + include("snippets/ch/02-nowhere.py"))
    result = site.run()
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*docs/broken.md:5: listing snippets/ch/02-nowhere.py: Snippet at path "
                                 "'snippets/ch/02-nowhere.py' could not be found*"])


def test_missing_section_names_page_and_section(site):
    site.listing("01-hello", 'print("hello")\n', recorded="hello\n")
    site.page("sections", "# S\n\n" + include("snippets/ch/01-hello.py sections=model"))
    result = site.run()
    result.stdout.fnmatch_lines(["*docs/sections.md:3: listing snippets/ch/01-hello.py:model: "
                                 "Snippet section 'model' could not be located*"])


def test_raising_listing_shows_its_own_file_and_line(site):
    site.listing("01-raises", "x = 1\n\ndef f():\n    raise ValueError('the listing broke')\n\nf()\n", recorded="")
    site.page("raises", "# R\n\n" + include("snippets/ch/01-raises.py"))
    result = site.run()
    assert result.ret != 0
    result.stdout.fnmatch_lines([
        "*snippets/ch/01-raises.py [[]tensorflow[]] failed with exit code 1*",
        '*File "*snippets/ch/01-raises.py", line 6, in <module>*',
        '*File "*snippets/ch/01-raises.py", line 4, in f*',
        "*ValueError: the listing broke*",
    ])


def test_listing_over_its_time_limit_is_stopped_and_named(site):
    site.listing("01-slow", "import time\nprint('started', flush=True)\ntime.sleep(60)\n",
                 recorded="started\n", toml="timeout = 1\n")
    site.page("slow", "# S\n\n" + include("snippets/ch/01-slow.py"))
    result = site.run()
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*snippets/ch/01-slow.py [[]tensorflow[]] ran past its time limit of 1 s and was stopped*"])
    assert result.duration < 30  # stopped at its limit, not after its 60 s sleep


def test_default_time_limit_comes_from_pyproject(site):
    site.listing("01-slow", "import time\ntime.sleep(60)\n", recorded="")
    (site.root / "pyproject.toml").write_text("[tool.listingcheck]\npreload = []\ndefault_timeout = 1\n")
    site.page("slow", "# S\n\n" + include("snippets/ch/01-slow.py"))
    site.run().stdout.fnmatch_lines(["*ran past its time limit of 1 s*"])


def test_output_that_differs_shows_a_diff(site):
    site.listing("01-count", "for n in (1, 2, 4):\n    print(n)\n", recorded="1\n2\n3\n")
    site.page("count", "# C\n\n" + include("snippets/ch/01-count.py"))
    result = site.run()
    assert result.ret != 0
    result.stdout.fnmatch_lines([
        "*snippets/ch/01-count.py [[]tensorflow[]]: output does not match its expectations:*",
        "*line 3: differs (compared exactly)*",
        "*--- snippets/ch/01-count.py [[]tensorflow[]] (recorded)*",
        "*+++ snippets/ch/01-count.py [[]tensorflow[]] (this run)*",
        "-3",
        "+4",
    ])


def test_missing_recorded_output_says_how_to_record(site):
    site.listing("01-new", "print(1)\n")
    site.page("new", "# N\n\n" + include("snippets/ch/01-new.py"))
    site.run().stdout.fnmatch_lines(["*has no recorded output 01-new.out for the backend it declares: run `make record LISTINGS=snippets/ch/01-new.py`*"])


def test_page_without_translation_fails_naming_it(site):
    site.listing("01-hello", 'print("hello")\n', recorded="hello\n")
    site.page("lonely", "# L\n\n" + include("snippets/ch/01-hello.py"))
    (site.root / "docs" / "lonely.zh.md").unlink()
    (site.root / "docs" / "only-zh.zh.md").write_text("# 只有中文\n")
    result = site.run()
    result.stdout.fnmatch_lines(["*docs/lonely.md:1: no Chinese translation: docs/lonely.zh.md is missing*"])
    result.stdout.fnmatch_lines(["*docs/only-zh.zh.md:1: no English translation: docs/only-zh.md is missing*"])


def test_translation_with_other_listings_fails(site):
    site.listing("01-a", "print('a')\n", recorded="a\n")
    site.listing("02-b", "print('b')\n", recorded="b\n")
    site.page("pair", "# P\n\n" + include("snippets/ch/01-a.py"), zh_body="# P\n\n" + include("snippets/ch/02-b.py"))
    site.run().stdout.fnmatch_lines(["*docs/pair.md and docs/pair.zh.md do not show the same listings in the same order*"])


def test_pasted_python_fence_fails_naming_page_and_line(site):
    site.page("pasted", "# P\n\nSome text.\n\n```python\nprint('pasted')\n```\n")
    result = site.run()
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*docs/pasted.md:5: this Python fence is pasted code*"])


def test_pasted_fence_inside_an_admonition_is_found(site):
    site.page("indented", '# I\n\n!!! note\n    ```python\n    print("hidden")\n    ```\n')
    site.run().stdout.fnmatch_lines(["*docs/indented.md:4: this Python fence is pasted code*"])


def test_pasted_fence_is_never_run_as_if_checked(site):
    marker = site.root / "ran.txt"
    site.page("pasted", f"# P\n\n```python\nopen({str(marker)!r}, 'w').write('ran')\n```\n")
    site.run()
    assert not marker.exists()


def test_generated_files_per_language_count_as_the_same_include(site):
    (site.root / "results").mkdir()
    (site.root / "results" / "table.en.md").write_text("| a |\n")
    (site.root / "results" / "table.zh.md").write_text("| 甲 |\n")
    site.page("table", '# T\n\n--8<-- "results/table.en.md"\n', zh_body='# T\n\n--8<-- "results/table.zh.md"\n')
    site.run().assert_outcomes(passed=8)
