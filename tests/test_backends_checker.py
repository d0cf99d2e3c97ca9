"""Listings on every Keras backend: what a .toml declares, what the checker runs, what a page shows.

Each check here fails when the rule it proves is removed: an unknown backend, a backend left out
without a reason, a missing recording for a declared backend, a backend that is not installed, a
table whose rows or translations are missing.
"""

import dataclasses
from pathlib import Path

import pytest
from conftest import include

from listingcheck import backends, executor
from listingcheck.config import Config
from listingcheck.directive import TableError, render_table
from listingcheck.expectations import ExpectationError, check_budget, load_expectations
from listingcheck.listings import Listing, run_listing
from listingcheck.pagemodel import load_page
from listingcheck.render import render_page


def run_page_with(site, toml: str):
    """Run the checker on a page that shows one listing whose .toml is ``toml``."""
    site.listing("01-x", "print('ok')\n", recorded="ok\n", toml=toml)
    site.page("x", "# X\n\n" + include("snippets/ch/01-x.py"))
    return site.run()


def test_an_unknown_backend_fails_naming_the_file(site):
    result = run_page_with(site, 'backends = ["tensorflow", "mxnet"]\n')
    result.stdout.fnmatch_lines(["*01-x.toml: unknown backend(s) [[]'mxnet'[]]*"])
    assert result.ret != 0


def test_fewer_backends_need_a_reason_in_each_language(site):
    result = run_page_with(site, 'backends = ["tensorflow"]\nbackends_reason = { en = "Slow elsewhere." }\n')
    result.stdout.fnmatch_lines(["*01-x.toml: the listing runs on [[]'tensorflow'[]] only, so it must say why*missing: [[]'zh'[]]*"])
    assert result.ret != 0


def test_a_reason_without_fewer_backends_is_refused(tmp_path):
    toml = tmp_path / "01-x.toml"
    toml.write_text('backends_reason = { en = "x", zh = "x" }\n')
    with pytest.raises(ExpectationError, match="runs on every backend"):
        load_expectations(toml, 10)


def test_a_missing_recording_for_a_declared_backend_fails_naming_it(site):
    script = site.listing("01-x", "print('ok')\n", recorded="ok\n")
    Listing(script).recorded_for("jax").unlink()
    site.page("x", "# X\n\n" + include("snippets/ch/01-x.py"))
    result = site.run()
    result.stdout.fnmatch_lines(["*snippets/ch/01-x.jax.out is missing: run `make record`*"])
    result.stdout.fnmatch_lines(["*01-x.py [[]jax[]] has no recorded output 01-x.jax.out*"])
    assert result.ret != 0


def test_a_listing_limited_to_one_backend_runs_there_only_and_says_why(site):
    runs = site.root / "runs.txt"
    site.listing("01-x", f"import os\nopen({str(runs)!r}, 'a').write(os.environ['KERAS_BACKEND'] + '\\n')\n"
                 "print('ok')\n", recorded="ok\n",
                 toml='backends = ["tensorflow"]\nbackends_reason = { en = "Needs TF.", zh = "需要 TF。" }\n')
    site.page("x", "# X\n\n" + include("snippets/ch/01-x.py"))
    site.run().assert_outcomes(passed=10)
    assert runs.read_text() == "tensorflow\n"
    config = Config.load(site.root)
    assert "Runs on TensorFlow only. Needs TF." in render_page(load_page(site.root / "docs" / "x.md"), config)
    assert "只在 TensorFlow 上运行。需要 TF。" in render_page(load_page(site.root / "docs" / "x.zh.md"), config)


def test_a_declared_backend_that_is_not_installed_fails_with_how_to_install(monkeypatch):
    missing = dataclasses.replace(backends.TABLE["jax"], package="no_such_package_for_jax")
    monkeypatch.setitem(backends.TABLE, "jax", missing)
    with pytest.raises(executor.BackendUnavailable, match=r"'jax' is not installed.*pip install jax"):
        executor.BackendRunner("jax", [])


@pytest.mark.listing
def test_each_backend_runs_in_its_own_process_with_nothing_of_the_others(site):
    """The runner for JAX has KERAS_BACKEND=jax before Keras is imported, and no TensorFlow."""
    (site.root / "pyproject.toml").write_text('[tool.listingcheck]\npreload = ["@backend", "keras"]\n')
    script = site.listing("01-which", "import sys\nimport keras\n"
                          "print(keras.backend.backend(), 'tensorflow' in sys.modules)\n")
    config = Config.load(site.root)
    for backend in ("jax", "torch"):
        run, _, failure = run_listing(Listing(script), config, backend=backend)
        assert failure is None, failure
        assert run.stdout == f"{backend} False\n"


TABLE_TOML = """
[table]
rows = ["eager", "fit"]
[table.zh]
"eager" = "即时"
"fit" = "训练"
"moves" = "移动"
"zeros" = "归零"
"""


def table_site(site, outputs):
    script = site.listing("01-t", "print('x')\n", recorded="x\n", toml=TABLE_TOML)
    for backend, text in outputs.items():
        Listing(script).recorded_for(backend).write_text(text)
    site.page("t", "# T\n\n```listing\nsnippets/ch/01-t.py view=table\n```\n")
    config = Config.load(site.root)
    directive = load_page(site.root / "docs" / "t.md").listings[0]
    listing = Listing(script)
    return directive, listing, listing.expectations(config)


def test_a_table_directive_shows_each_backend_as_a_column(site):
    directive, listing, expectations = table_site(site, {
        "tensorflow": "eager: moves\nfit: moves\n", "jax": "eager: moves\nfit: zeros\n",
        "torch": "eager: moves\nfit: moves\n"})
    assert render_table(directive, listing, expectations, "en") == [
        "|  | TensorFlow | JAX | PyTorch |", "|---|---|---|---|",
        "| eager | moves | moves | moves |", "| fit | moves | zeros | moves |"]
    assert render_table(directive, listing, expectations, "zh")[3] == "| 训练 | 移动 | 归零 | 移动 |"


def test_a_table_row_missing_from_an_output_is_refused(site):
    directive, listing, expectations = table_site(site, {
        "tensorflow": "eager: moves\nfit: moves\n", "jax": "eager: moves\n", "torch": "eager: moves\nfit: moves\n"})
    with pytest.raises(TableError, match=r"01-t.jax.out has 0 lines 'fit: \.\.\.'"):
        render_table(directive, listing, expectations, "en")
    assert any("table of snippets/ch/01-t.py" in str(p) for p in _page_problems(site))


def test_a_table_value_without_chinese_is_refused_on_a_chinese_page(site):
    directive, listing, expectations = table_site(site, {
        backend: "eager: moves\nfit: error: ValueError\n" for backend in ("tensorflow", "jax", "torch")})
    render_table(directive, listing, expectations, "en")
    with pytest.raises(TableError, match="table.zh has no Chinese for 'error: ValueError'"):
        render_table(directive, listing, expectations, "zh")


def _page_problems(site):
    from listingcheck.pages import listing_problems

    return listing_problems(load_page(Path(site.root / "docs" / "t.md")), Config.load(site.root))


def test_record_on_one_backend_writes_that_backends_output_only(site):
    import subprocess
    import sys

    script = site.listing("01-x", "import os\nprint(os.environ['KERAS_BACKEND'])\n", recorded="old\n")
    result = subprocess.run([sys.executable, "-m", "listingcheck", "record", "--backend", "jax", str(script)],
                            cwd=site.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Listing(script).recorded_for("jax").read_text() == "jax\n"
    assert Listing(script).recorded_for("tensorflow").read_text() == "old\n"
    refused = subprocess.run([sys.executable, "-m", "listingcheck", "record", "--backend", "mxnet"],
                             cwd=site.root, capture_output=True, text=True)
    assert refused.returncode == 2 and "invalid choice: 'mxnet'" in refused.stderr


def test_a_time_limit_above_the_budget_must_say_why_naming_the_file(site):
    result = run_page_with(site, "timeout = 15\ntimeout_per_backend = { torch = 60 }\n")
    result.stdout.fnmatch_lines(["*01-x.toml: its time limit (torch 60 s) is above the 20 s budget*missing: [[]'en', 'zh'[]]*"])
    assert result.ret != 0


def test_a_time_limit_reason_without_a_limit_above_the_budget_is_refused(tmp_path):
    toml = tmp_path / "01-x.toml"
    toml.write_text('timeout = 15\ntimeout_reason = { en = "x", zh = "x" }\n')
    with pytest.raises(ExpectationError, match="no time limit is above the 15 s budget"):
        check_budget(toml, load_expectations(toml, 10), 15)


def test_a_per_backend_limit_for_an_undeclared_backend_is_refused(tmp_path):
    toml = tmp_path / "01-x.toml"
    toml.write_text('backends = ["tensorflow"]\nbackends_reason = { en = "x", zh = "x" }\n'
                    "timeout_per_backend = { torch = 60 }\n")
    with pytest.raises(ExpectationError, match=r"names \['torch'\], which the listing does not run on"):
        load_expectations(toml, 10)


def test_a_longer_limit_on_one_backend_applies_there_and_the_page_says_why(site):
    # Sleeps 2 s: over a 1 s limit, under the 5 s one PyTorch is given.
    site.listing("01-x", "import time\ntime.sleep(2)\nprint('ok')\n", recorded="ok\n",
                 toml='timeout = 1\ntimeout_per_backend = { torch = 5 }\n'
                      'timeout_reason = { en = "Slow on PyTorch.", zh = "在 PyTorch 上较慢。" }\n')
    (site.root / "pyproject.toml").write_text('[tool.listingcheck]\nlisting_budget = 1\n')
    config = Config.load(site.root)
    listing = Listing(site.root / "snippets" / "ch" / "01-x.py")
    for backend in ("tensorflow", "torch"):
        _, _, failure = run_listing(listing, config, backend=backend)
        assert (failure is None) == (backend == "torch"), failure
    site.page("x", "# X\n\n" + include("snippets/ch/01-x.py"))
    assert "Time limit: 1 s; PyTorch: 5 s. Slow on PyTorch." in render_page(load_page(site.root / "docs" / "x.md"), config)
    assert "时间上限：1 秒；PyTorch：5 秒。在 PyTorch 上较慢。" in render_page(load_page(site.root / "docs" / "x.zh.md"), config)
