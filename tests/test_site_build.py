"""The site builds with `mkdocs build --strict`, in both languages, and a missing include breaks it."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "--site-dir", str(site)], cwd=project, capture_output=True, text=True, env=ENV)


def test_site_builds_strict_in_both_languages_and_quickly(tmp_path):
    started = time.perf_counter()
    result = build(ROOT, tmp_path / "site")
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert seconds < 15, f"mkdocs build took {seconds:.1f} s"
    for page in ("one-letter", "zh/one-letter"):
        html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        assert "Model accuracy: 100.00%" in html  # the recorded output is on the page
        assert "set_random_seed" in html  # and so is the included listing


def test_missing_include_fails_the_build(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "snippets", project / "snippets")
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copy(ROOT / "mkdocs_hooks.py", project)
    shutil.copytree(ROOT / "results", project / "results")
    (project / "snippets" / "one-letter" / "02-trained-well.out").unlink()
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "02-trained-well.out" in result.stderr
