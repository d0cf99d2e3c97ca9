"""What a listing directive renders on the site, in the page's language.

One ``listing`` fence becomes, at build time (``mkdocs_hooks.py``), a block of Markdown that the
site's own extensions render:

- the shown code: the named sections, or the whole file, included with pymdownx.snippets;
- the whole file in a collapsed block, when only sections are shown;
- the recorded output (one content tab per recorded output when there are several);
- what is checked on every build, generated from the listing's .toml;
- where the output comes from: the date and the Python, Keras and backend versions it was
  recorded with (the listing's ``.provenance.json``, written by ``make record``).

The shown code block carries ``data-listing="PATH"``, so a test can list the listings a built
page shows.
"""

from __future__ import annotations

from pathlib import Path

from .backends import display_name
from .expectations import Expectations, NumberCheck
from .listings import Listing, Provenance
from .pagemodel import ListingDirective

WORDS = {
    "en": {
        "output": "Output (recorded)",
        "full": "The whole file",
        "checked": "Checked on every build:",
        "exact": "the whole output, line for line.",
        "except": "every line exactly, except {items}.",
        "and": " and ",
        "sep": "; ",
        "min": "at least {v}",
        "max": "at most {v}",
        "rel": "within {v:.0%} of the recorded value",
        "abs": "within {v} of the recorded value",
        "artifacts": " The run must write {files}.",
        "timeout": " Time limit: {v} s{others}.",
        "timeout_on": "; {backend}: {v} s",
        "recorded": "Recorded {date} with Python {python}, Keras {keras}, {backend} {backend_version}.",
        "unrecorded": "Not recorded yet: run `make record`.",
        "only": "Runs on {backends} only. {reason}",
    },
    "zh": {
        "output": "输出（已记录）",
        "full": "完整文件",
        "checked": "每次构建都会检查：",
        "exact": "整个输出逐行一致。",
        "except": "输出逐行一致，但以下数值按规则检查：{items}。",
        "and": "、",
        "sep": "；",
        "min": "不低于 {v}",
        "max": "不高于 {v}",
        "rel": "与记录值的相对差不超过 {v:.0%}",
        "abs": "与记录值相差不超过 {v}",
        "artifacts": "运行必须写出 {files}。",
        "timeout": "时间上限：{v} 秒{others}。",
        "timeout_on": "；{backend}：{v} 秒",
        "recorded": "记录于 {date}，Python {python}，Keras {keras}，{backend} {backend_version}。",
        "unrecorded": "尚未记录：请运行 `make record`。",
        "only": "只在 {backends} 上运行。{reason}",
    },
}


def _number(value: float) -> str:
    return f"{value:g}"


def describe_check(check: NumberCheck, words: dict[str, str]) -> str:
    parts = []
    if check.min is not None:
        parts.append(words["min"].format(v=_number(check.min)))
    if check.max is not None:
        parts.append(words["max"].format(v=_number(check.max)))
    if check.rel is not None:
        parts.append(words["rel"].format(v=check.rel))
    if check.abs is not None:
        parts.append(words["abs"].format(v=_number(check.abs)))
    return f"`{check.name}` " + words["and"].join(parts)


def describe_checks(expectations: Expectations, language: str) -> str:
    """The sentence under a listing that says what every build checks, from its .toml."""
    words = WORDS[language]
    checks = [describe_check(check, words) for rule in expectations.rules for check in rule.checks]
    unique = list(dict.fromkeys(checks))  # one rule per line, the same check on several lines
    text = words["checked"] + " " if language == "en" else words["checked"]
    text += words["except"].format(items=words["sep"].join(unique)) if unique else words["exact"]
    if expectations.artifacts:
        files = words["and"].join(f"`{name}`" for name in expectations.artifacts)
        text += words["artifacts"].format(files=files)
    others = "".join(words["timeout_on"].format(backend=display_name(backend), v=_number(seconds))
                     for backend, seconds in expectations.timeout_per_backend.items())
    text += words["timeout"].format(v=_number(expectations.timeout), others=others)
    reason = expectations.timeout_reason.get(language, "")
    if reason:
        text += (" " if language == "en" else "") + reason
    return text


def describe_provenance(provenance: Provenance | None, language: str) -> str:
    words = WORDS[language]
    if provenance is None:
        return words["unrecorded"]
    return words["recorded"].format(
        date=provenance.date, python=provenance.python, keras=provenance.keras,
        backend=display_name(provenance.backend),
        backend_version=provenance.backend_version,
    )


def _include_fence(language: str, targets: list[str], attributes: str = "") -> list[str]:
    opening = f"```{{.{language} {attributes}}}" if attributes else f"```{language}"
    body: list[str] = []
    for number, target in enumerate(targets):
        body += [""] if number else []
        body.append(f'--8<-- "{target}"')
    return [opening, *body, "```"]


def _indented(lines: list[str], indent: str = "    ") -> list[str]:
    return [indent + line if line else line for line in lines]


def render_listing(directive: ListingDirective, listing: Listing, expectations: Expectations, language: str) -> list[str]:
    """The Markdown lines that replace the directive (without its indentation).

    Only plain Markdown, so that it renders wherever the directive sits (Python-Markdown's
    md_in_html does not reach into admonitions): the shown code block carries the listing's path
    in ``data-listing``; the two sentences under it carry classes through attr_list.
    """
    words = WORDS[language]
    script = directive.script
    shown = [f"{script}:{name}" for name in directive.sections] or [script]
    lines = _include_fence("python", shown, f'.listing-code data-listing="{script}" title="{script}"') + [""]
    if directive.sections:
        lines += [f'??? example "{words["full"]}"', ""]
        lines += _indented(_include_fence("python", [script])) + [""]
    outputs = listing.outputs()
    for backend, recorded in outputs:
        target = (Path(script).parent / recorded.name).as_posix()
        output = _include_fence("text", [target], f'title="{words["output"]}"')
        output += ["", describe_provenance(listing.provenance(backend), language), "{ .listing-provenance }"]
        if len(outputs) > 1:
            lines += [f'=== "{display_name(backend)}"', ""] + _indented(output) + [""]
        else:
            lines += output + [""]
    if expectations.backends_reason:  # given exactly when the listing leaves a backend out
        names = words["and"].join(display_name(backend) for backend, _ in outputs)
        reason = expectations.backends_reason[language]
        lines += [words["only"].format(backends=names, reason=reason), "{ .listing-backends }", ""]
    lines += [describe_checks(expectations, language), "{ .listing-checks }"]
    return lines


class TableError(ValueError):
    """A view=table directive whose listing does not provide what the table needs."""


def table_cells(listing: Listing, expectations: Expectations) -> dict[str, dict[str, str]]:
    """{backend: {row: value}} read from each recorded output's ``row: value`` lines."""
    if not expectations.table_rows:
        raise TableError(f"{listing.expectations_file.name} lists no [table] rows")
    cells: dict[str, dict[str, str]] = {}
    for backend, recorded in listing.outputs():
        if not recorded.is_file():
            raise TableError(f"{recorded.name} is missing: run `make record`")
        found: dict[str, list[str]] = {}
        for line in recorded.read_text(encoding="utf-8").splitlines():
            row, colon, value = line.partition(": ")
            if colon:
                found.setdefault(row, []).append(value)
        for row in expectations.table_rows:
            if len(found.get(row, [])) != 1:
                raise TableError(f"{recorded.name} has {len(found.get(row, []))} lines '{row}: ...'; the table needs one")
        cells[backend] = {row: found[row][0] for row in expectations.table_rows}
    return cells


def render_table(directive: ListingDirective, listing: Listing, expectations: Expectations, language: str) -> list[str]:
    """The outputs side by side: one row per table row of the .toml, one column per backend.

    On a Chinese page every row name and value is taken from the .toml's ``table.zh``.
    """
    cells = table_cells(listing, expectations)

    def say(text: str) -> str:
        if language == "en":
            return text
        if text not in expectations.table_zh:
            raise TableError(f"{listing.expectations_file.name}: table.zh has no Chinese for {text!r}")
        return expectations.table_zh[text]

    backends = list(cells)
    lines = ["| " + " | ".join([""] + [display_name(b) for b in backends]) + " |",
             "|" + "---|" * (len(backends) + 1)]
    for row in expectations.table_rows:
        lines.append("| " + " | ".join([say(row)] + [say(cells[b][row]) for b in backends]) + " |")
    return lines
