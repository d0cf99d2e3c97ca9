"""`python -m listingcheck translations`: the English diff a stale Chinese page needs, and --mark."""

import subprocess
import sys

from listingcheck.translation import blob_id


def run(cwd, *args):
    return subprocess.run([sys.executable, "-m", "listingcheck", "translations", *args], cwd=cwd,
                          capture_output=True, text=True)


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_blob_id_is_gits(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nText.\n")
    hashed = subprocess.run(["git", "hash-object", str(page)], capture_output=True, text=True, check=True)
    assert blob_id(page) == hashed.stdout.strip()


def test_a_stale_page_gets_the_english_diff_and_mark_makes_it_current(site):
    root = site.root
    site.page("guide", "# Guide\n\nThe first version.\n", zh_body="# 指南\n\n第一版。\n")
    git(root, "init", "-q")
    git(root, "add", "docs")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "pages")
    assert run(root).returncode == 0
    (root / "docs" / "guide.md").write_text("# Guide\n\nThe second version.\n")
    stale = run(root)
    assert stale.returncode == 1
    assert "docs/guide.zh.md:1: docs/guide.md changed since this page translated it" in stale.stdout
    assert "-The first version.\n+The second version." in stale.stdout
    marked = run(root, "--mark", "docs/guide.zh.md")
    assert marked.returncode == 0
    assert run(root).returncode == 0
    assert (root / "docs" / "guide.zh.md").read_text().endswith("# 指南\n\n第一版。\n")
