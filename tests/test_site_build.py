"""The site builds strict in both languages; every listing it shows is one the checker runs.

The checker collects listings through pytest-markdown-docs with the page parser
(`listingcheck.parser`); the site renders them through the MkDocs hook with Python-Markdown.
These tests build sites and compare the two: on the project's site, and on a small site whose
listings sit at the top level and nested in an admonition, a collapsible block, a content tab
and list items.
"""

import ast
import os
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from pytest_markdown_docs.plugin import extract_fence_tests

from listingcheck.config import Config
from listingcheck.pagemodel import language_of, load_page
from listingcheck.pytest_plugin import LISTING_CALL, pytest_markdown_docs_markdown_it

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config.load(ROOT)
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SHOWN = re.compile(r'<div class="listing-code highlight" data-listing="([^"]+)">')


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "--site-dir", str(site)], cwd=project, capture_output=True, text=True, env=ENV)


def collected_listings(page: Path) -> list[str]:
    """The scripts pytest-markdown-docs runs for a page, in page order."""
    tests = extract_fence_tests(pytest_markdown_docs_markdown_it(), page.read_text(encoding="utf-8"), 0, page)
    calls = [test.source.strip() for test in tests if LISTING_CALL in test.source]
    return [ast.literal_eval(call.removeprefix(f"{LISTING_CALL}(").removesuffix(")")).split()[0] for call in calls]


def html_of(site: Path, page: Path, docs: Path) -> str:
    relative = page.relative_to(docs).as_posix().removesuffix(".md").removesuffix(".zh")
    folder = site / "zh" if language_of(page) == "zh" else site
    return (folder / ("" if relative == "index" else relative) / "index.html").read_text(encoding="utf-8")


def test_site_builds_strict_in_both_languages(built_site):
    # How fast it builds is measured by `make bench` (bench/build_time.py), not asserted here.
    for page in ("one-letter", "zh/one-letter"):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert "Model accuracy: 100.00%" in html  # the recorded output is on the page
        assert "set_random_seed" in html  # and so is the listing


def test_every_listing_the_site_shows_is_one_the_checker_runs(built_site):
    pages = sorted(CONFIG.docs.rglob("*.md"))
    shown_anywhere = 0
    for page in pages:
        shown = SHOWN.findall(html_of(built_site, page, CONFIG.docs))
        directives = load_page(page).listings
        # Every directive runs; a view=table directive shows the outputs, not the code.
        assert collected_listings(page) == [d.script for d in directives], page.name
        assert shown == [d.script for d in directives if d.view == "listing"], page.name
        shown_anywhere += len(shown)
    assert shown_anywhere >= 60


def test_checks_and_provenance_under_a_listing_come_from_its_files(built_site):
    html = (built_site / "one-letter" / "index.html").read_text(encoding="utf-8")
    assert "<code>accuracy</code> at least 60 and at most 96" in html  # snippets/one-letter/01-original-recipe.toml
    assert re.search(r"Recorded \d{4}-\d\d-\d\d with Python 3\.\d+\.\d+, Keras 3\.\d+\.\d+, TensorFlow", html)
    zh = (built_site / "zh" / "one-letter" / "index.html").read_text(encoding="utf-8")
    assert "<code>accuracy</code> 不低于 60、不高于 96" in zh


NESTED_PAGE = """\
# Listings everywhere

```listing
snippets/ch/01-top.py
```

!!! note "In an admonition"

    ```listing
    snippets/ch/02-admonition.py
    ```

??? example "In a collapsible block"

    ```listing
    snippets/ch/03-details.py
    ```

=== "In a tab"

    ```listing
    snippets/ch/04-tab.py
    ```

=== "Another tab"

    Text.

- In a list item:

    ```listing
    snippets/ch/05-list.py
    ```

1. In an ordered list item:

    ```listing
    snippets/ch/06-ordered.py sections=shown
    ```

```text
A fence that is not a listing: snippets/ch/01-top.py
```
"""


def nested_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(NESTED_PAGE)
    chapter = project / "snippets" / "ch"
    chapter.mkdir(parents=True)
    for name in re.findall(r"snippets/ch/(\d\d-[a-z]+)\.py", NESTED_PAGE):
        code = f"# --8<-- [start:shown]\nprint({name!r})\n# --8<-- [end:shown]\n"
        (chapter / f"{name}.py").write_text(code)
        provenance = {}
        for backend, suffix in (("tensorflow", ".out"), ("jax", ".jax.out"), ("torch", ".torch.out")):
            (chapter / f"{name}{suffix}").write_text(f"{name}\n")
            provenance[backend] = {"date": "2026-11-30", "python": "3", "keras": "3", "backend": backend,
                                   "backend_version": "2"}
        (chapter / f"{name}.provenance.json").write_text(json.dumps(provenance))
    (project / "pyproject.toml").write_text("[tool.listingcheck]\npreload = []\n")
    extensions = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["markdown_extensions"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "nested", "theme": {"name": "material", "font": False}, "plugins": [],
        "markdown_extensions": extensions, "hooks": [str(ROOT / "mkdocs_hooks.py")],
        "strict": True,
    }))
    return project


def test_nested_listings_are_shown_and_collected_alike(tmp_path):
    project = nested_project(tmp_path)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    shown = SHOWN.findall(html)
    expected = [f"snippets/ch/{name}.py" for name in
                ("01-top", "02-admonition", "03-details", "04-tab", "05-list", "06-ordered")]
    assert shown == expected
    assert collected_listings(project / "docs" / "index.md") == expected
    assert "language-listing" not in html  # no directive left unrendered
    for name in expected:  # each one's recorded output is shown inside its block
        assert f"{Path(name).stem}</span>" in html or f"{Path(name).stem}\n" in html


def test_missing_recorded_output_fails_the_build(tmp_path):
    project = tmp_path / "project"
    for folder in ("docs", "snippets", "results"):
        shutil.copytree(ROOT / folder, project / folder)
    for name in ("mkdocs.yml", "mkdocs_hooks.py", "pyproject.toml", "jieba-terms.txt"):
        shutil.copy(ROOT / name, project)
    (project / "snippets" / "one-letter" / "02-trained-well.out").unlink()
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "02-trained-well.out" in result.stderr

