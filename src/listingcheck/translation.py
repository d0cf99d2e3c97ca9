"""Which revision of its English page a Chinese page translates, and what changed since.

A Chinese page names, in its front matter, the English source it was written from::

    ---
    translates: 3f1c...  # the git blob id of the English page's file
    ---

The blob id is what ``git hash-object docs/page.md`` prints, so it can be computed without git
and, once the English page is committed, its text can be read back with ``git cat-file``.

``python -m listingcheck translations`` lists the stale Chinese pages with the English diff
since the translated revision; ``--mark PAGE.zh.md`` records that a page is up to date again.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import subprocess
import sys
from pathlib import Path

from .config import Config
from .pagemodel import Page, Problem, counterpart, load_page, shown

FRONT_MATTER_KEY = "translates"


def blob_id(path: Path) -> str:
    """git's id of the file's content (``git hash-object``)."""
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def staleness_problems(page: Page) -> list[Problem]:
    """A Chinese page that does not say which English revision it translates, or an older one."""
    if page.language != "zh":
        return []
    english = counterpart(page.path)
    if not english.is_file():
        return []  # reported by the translation check
    recorded = page.front_matter.get(FRONT_MATTER_KEY)
    current = blob_id(english)
    if recorded is None:
        return [Problem(page.where(1), f"the front matter does not say which revision of {shown(english)} "
                        f"it translates: add `{FRONT_MATTER_KEY}: {current}`")]
    if str(recorded) != current:
        return [Problem(page.where(1), f"{shown(english)} changed since this page translated it "
                        f"(revision {str(recorded)[:12]}, now {current[:12]}): see the changes with "
                        f"`python -m listingcheck translations`, update this page, then run "
                        f"`python -m listingcheck translations --mark {shown(page.path)}`")]
    return []


def english_at(blob: str, cwd: Path) -> str | None:
    result = subprocess.run(["git", "cat-file", "-p", blob], cwd=cwd, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def english_diff(page: Page, config: Config) -> str:
    english = counterpart(page.path)
    blob = str(page.front_matter.get(FRONT_MATTER_KEY, ""))
    old = english_at(blob, config.root) if blob else None
    if old is None:
        return f"(revision {blob[:12] or 'none'} of {shown(english)} is not in this repository's history)"
    return "\n".join(difflib.unified_diff(old.splitlines(), english.read_text(encoding="utf-8").splitlines(),
                                          f"{shown(english)} (translated)", f"{shown(english)} (now)", lineterm=""))


def mark_current(path: Path) -> None:
    """Record in the page's front matter that it translates the English page as it is now."""
    text = path.read_text(encoding="utf-8")
    line = f"{FRONT_MATTER_KEY}: {blob_id(counterpart(path))}"
    if text.startswith("---\n"):
        head, _, rest = text[4:].partition("\n---\n")
        kept = [entry for entry in head.split("\n") if not re.match(rf"{FRONT_MATTER_KEY}\s*:", entry)]
        text = "---\n" + "\n".join([line, *[entry for entry in kept if entry]]) + "\n---\n" + rest
    else:
        text = f"---\n{line}\n---\n\n{text}"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    config = Config.load(Path.cwd())
    if argv[:1] == ["--mark"]:
        for name in argv[1:]:
            mark_current(Path(name))
            print(f"marked {name} as translating {shown(counterpart(Path(name)))} as it is now")
        return 0
    stale = 0
    for path in sorted(config.docs.rglob("*.zh.md")):
        page = load_page(path)
        for problem in staleness_problems(page):
            stale += 1
            print(problem, english_diff(page, config), "", sep="\n")
    print(f"{stale} stale Chinese page(s)", file=sys.stderr)
    return 1 if stale else 0
