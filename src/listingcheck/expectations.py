"""What a listing must print: its recorded output, and the tolerances declared beside it.

Every line of the recorded output must come back exactly, except lines matched by a
``[[tolerance]]`` rule of the listing's ``.toml`` file. Such a rule is a regex that must
match the whole line in both outputs; each named group is a number checked against
absolute bounds (``min``/``max``, the claim a page makes) or against the recorded value
(``rel``/``abs``, drift allowed by training on another platform).
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .backends import BACKENDS

CHECK_KEYS = frozenset({"min", "max", "rel", "abs"})
LANGUAGES = ("en", "zh")


class ExpectationError(ValueError):
    """An expectations file that cannot be used as written."""


@dataclass(frozen=True)
class NumberCheck:
    """The checks on one named number of a tolerance rule."""

    name: str
    min: float | None = None
    max: float | None = None
    rel: float | None = None
    abs: float | None = None

    def problems(self, actual: float, recorded: float) -> list[str]:
        found = []
        if self.min is not None and actual < self.min:
            found.append(f"{self.name} = {actual:g} is below its minimum {self.min:g}")
        if self.max is not None and actual > self.max:
            found.append(f"{self.name} = {actual:g} is above its maximum {self.max:g}")
        if self.rel is not None and not math.isclose(actual, recorded, rel_tol=self.rel, abs_tol=0):
            found.append(
                f"{self.name} = {actual:g} is not within {self.rel:g} (relative) of recorded {recorded:g}"
            )
        if self.abs is not None and abs(actual - recorded) > self.abs:
            found.append(f"{self.name} = {actual:g} is not within {self.abs:g} of recorded {recorded:g}")
        return found

    def describe(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f">= {self.min:g}")
        if self.max is not None:
            parts.append(f"<= {self.max:g}")
        if self.rel is not None:
            parts.append(f"within {self.rel:.0%} of recorded")
        if self.abs is not None:
            parts.append(f"within {self.abs:g} of recorded")
        return f"{self.name} " + ", ".join(parts)


@dataclass(frozen=True)
class ToleranceRule:
    pattern: re.Pattern[str]
    checks: tuple[NumberCheck, ...]


@dataclass(frozen=True)
class Expectations:
    """The contents of a listing's ``.toml`` file (defaults when it has none)."""

    timeout: float
    artifacts: tuple[str, ...] = ()
    rules: tuple[ToleranceRule, ...] = field(default=())
    backends: tuple[str, ...] = BACKENDS  # in page order: TensorFlow first
    # Why a listing runs on fewer backends than all, per page language ("en", "zh").
    backends_reason: dict[str, str] = field(default_factory=dict)
    # For a view=table directive: the "row: value" lines it shows, in order, and the Chinese
    # for each row and value (directive.render_table).
    table_rows: tuple[str, ...] = ()
    table_zh: dict[str, str] = field(default_factory=dict)
    # Longer limits on some backends (timeout_per_backend), and why a limit passes the site's
    # per-listing budget, per page language (required exactly then: check_budget).
    timeout_per_backend: dict[str, float] = field(default_factory=dict)
    timeout_reason: dict[str, str] = field(default_factory=dict)

    def timeout_for(self, backend: str) -> float:
        return self.timeout_per_backend.get(backend, self.timeout)

    def rule_for(self, line: str) -> ToleranceRule | None:
        return next((rule for rule in self.rules if rule.pattern.fullmatch(line)), None)


def load_expectations(path: Path, default_timeout: float) -> Expectations:
    """Read ``path`` (a listing's .toml); a missing file means: compare every line exactly.

    Parsed once per content: a page check, a render and a run all ask for the same file, and
    a file edited since (another size or modification time) is read again.
    """
    if not path.exists():
        return Expectations(timeout=default_timeout)
    stat = path.stat()
    return _parse_expectations(path, stat.st_mtime_ns, stat.st_size, default_timeout)


@lru_cache(maxsize=512)
def _parse_expectations(path: Path, _mtime_ns: int, _size: int, default_timeout: float) -> Expectations:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ExpectationError(f"{path}: {error}") from None
    unknown = set(data) - {"timeout", "timeout_per_backend", "timeout_reason", "artifacts", "tolerance",
                           "backends", "backends_reason", "table"}
    if unknown:
        raise ExpectationError(f"{path}: unknown keys {sorted(unknown)}")
    rules = tuple(_parse_rule(path, index, raw) for index, raw in enumerate(data.get("tolerance", []), 1))
    backends, reason = _parse_backends(path, data)
    return Expectations(
        timeout=float(data.get("timeout", default_timeout)),
        artifacts=tuple(data.get("artifacts", [])),
        rules=rules,
        backends=backends,
        backends_reason=reason,
        **_parse_table(path, data.get("table", {})),
        **_parse_timeouts(path, data, backends),
    )


def _parse_timeouts(path: Path, data: dict, backends: tuple[str, ...]) -> dict:
    per_backend = data.get("timeout_per_backend", {})
    if not isinstance(per_backend, dict) or not all(
        isinstance(v, (int, float)) and v > 0 for v in per_backend.values()
    ):
        raise ExpectationError(f"{path}: timeout_per_backend maps backends to seconds, e.g. {{ torch = 60 }}")
    undeclared = [name for name in per_backend if name not in backends]
    if undeclared:
        raise ExpectationError(f"{path}: timeout_per_backend names {undeclared}, which the listing does not run on")
    reason = data.get("timeout_reason", {})
    if not isinstance(reason, dict) or not all(isinstance(v, str) for v in reason.values()):
        raise ExpectationError(f'{path}: timeout_reason = {{ en = "...", zh = "..." }}')
    return {"timeout_per_backend": {k: float(v) for k, v in per_backend.items()}, "timeout_reason": dict(reason)}


def check_budget(path: Path, expectations: Expectations, budget: float) -> None:
    """A time limit above the site's per-listing budget must say why, in each page language.

    Raises:
        ExpectationError: naming ``path``, when a limit is above ``budget`` (seconds) without
            ``timeout_reason``, or when ``timeout_reason`` is given but no limit needs it.
    """
    over = {backend: expectations.timeout_for(backend) for backend in expectations.backends
            if expectations.timeout_for(backend) > budget}
    if over:
        missing = [language for language in LANGUAGES if not expectations.timeout_reason.get(language, "").strip()]
        if missing:
            limits = ", ".join(f"{backend} {seconds:g} s" for backend, seconds in over.items())
            raise ExpectationError(
                f"{path}: its time limit ({limits}) is above the {budget:g} s budget of a listing, so it "
                f'must say why, for each page language: timeout_reason = {{ en = "...", zh = "..." }} '
                f"(missing: {missing})"
            )
    elif expectations.timeout_reason:
        raise ExpectationError(f"{path}: timeout_reason is given, but no time limit is above the {budget:g} s budget")


def _parse_table(path: Path, table: object) -> dict:
    if not isinstance(table, dict) or set(table) - {"rows", "zh"}:
        raise ExpectationError(f"{path}: [table] holds rows = [...] and zh = {{...}} only")
    rows, zh = table.get("rows", []), table.get("zh", {})
    if not isinstance(rows, list) or not all(isinstance(row, str) and row for row in rows):
        raise ExpectationError(f"{path}: table.rows must be a list of row names")
    if not isinstance(zh, dict) or not all(isinstance(v, str) for v in zh.values()):
        raise ExpectationError(f"{path}: table.zh must map each row and value to its Chinese")
    return {"table_rows": tuple(rows), "table_zh": dict(zh)}


def _parse_backends(path: Path, data: dict) -> tuple[tuple[str, ...], dict[str, str]]:
    """The declared backends, in page order, and why some are left out (required then)."""
    declared = data.get("backends", list(BACKENDS))
    if not isinstance(declared, list) or not declared or not all(isinstance(b, str) for b in declared):
        raise ExpectationError(f"{path}: backends must be a non-empty list of names, e.g. {list(BACKENDS)}")
    unknown = [name for name in declared if name not in BACKENDS]
    if unknown:
        raise ExpectationError(f"{path}: unknown backend(s) {unknown}: the Keras backends are {list(BACKENDS)}")
    reason = data.get("backends_reason", {})
    if len(set(declared)) < len(BACKENDS):
        missing = [language for language in LANGUAGES if not str(reason.get(language, "")).strip()]
        if not isinstance(reason, dict) or missing:
            raise ExpectationError(
                f"{path}: the listing runs on {declared} only, so it must say why, for each page language: "
                f'backends_reason = {{ en = "...", zh = "..." }} (missing: {missing})'
            )
    elif reason:
        raise ExpectationError(f"{path}: backends_reason is given, but the listing runs on every backend")
    return tuple(name for name in BACKENDS if name in declared), dict(reason)


def _parse_rule(path: Path, index: int, raw: dict) -> ToleranceRule:
    where = f"{path}: tolerance rule {index}"
    if "pattern" not in raw:
        raise ExpectationError(f"{where} has no pattern")
    try:
        pattern = re.compile(raw["pattern"])
    except re.error as error:
        raise ExpectationError(f"{where}: bad pattern: {error}") from None
    groups = set(pattern.groupindex)
    if not groups:
        raise ExpectationError(f"{where}: pattern has no named group, so it checks nothing")
    extra = set(raw) - {"pattern"} - groups
    if extra:
        raise ExpectationError(f"{where}: {sorted(extra)} are not named groups of its pattern")
    checks = []
    for name in sorted(groups):
        spec = raw.get(name)
        if not isinstance(spec, dict) or not spec:
            raise ExpectationError(f"{where}: group {name!r} has no check (min, max, rel or abs)")
        bad_keys = set(spec) - CHECK_KEYS
        if bad_keys:
            raise ExpectationError(f"{where}: group {name!r} has unknown checks {sorted(bad_keys)}")
        checks.append(NumberCheck(name=name, **{key: float(value) for key, value in spec.items()}))
    return ToleranceRule(pattern=pattern, checks=tuple(checks))


def compare_output(recorded: str, actual: str, expectations: Expectations) -> list[str]:
    """Problems found comparing a new output with the recorded one; empty when it holds.

    Also reports rules that match no recorded line: such a rule would check nothing.
    """
    recorded_lines = recorded.splitlines()
    actual_lines = actual.splitlines()
    problems = [
        f"tolerance rule {rule.pattern.pattern!r} matches no line of the recorded output"
        for rule in expectations.rules
        if not any(rule.pattern.fullmatch(line) for line in recorded_lines)
    ]
    if len(recorded_lines) != len(actual_lines):
        problems.append(f"expected {len(recorded_lines)} lines, got {len(actual_lines)}")
    for number, (want, got) in enumerate(zip(recorded_lines, actual_lines), 1):
        problems += [f"line {number}: {p}" for p in _line_problems(want, got, expectations)]
    return problems


def rule_matches(output: str, expectations: Expectations) -> Iterator[tuple[int, ToleranceRule, re.Match[str]]]:
    """(line number, rule, match) for each line of ``output`` that a tolerance rule matches."""
    for number, line in enumerate(output.splitlines(), 1):
        rule = expectations.rule_for(line)
        if rule is not None:
            match = rule.pattern.fullmatch(line)
            assert match is not None
            yield number, rule, match


def bound_problems(actual: str, expectations: Expectations) -> list[str]:
    """Absolute bounds (min/max) broken by an output on its own: the claims a page makes.

    Used when recording, where there is no earlier output to compare with.
    """
    problems = []
    for number, rule, match in rule_matches(actual, expectations):
        for check in rule.checks:
            value = float(match[check.name])
            bounds_only = NumberCheck(name=check.name, min=check.min, max=check.max)
            problems += [f"line {number}: {p}" for p in bounds_only.problems(value, value)]
    return problems


def _line_problems(want: str, got: str, expectations: Expectations) -> list[str]:
    rule = expectations.rule_for(want)
    if rule is None:
        return [] if want == got else ["differs (compared exactly)"]
    match_want, match_got = rule.pattern.fullmatch(want), rule.pattern.fullmatch(got)
    if match_got is None:
        return [f"does not match the tolerance pattern {rule.pattern.pattern!r}"]
    assert match_want is not None
    problems = []
    for check in rule.checks:
        try:
            value, recorded = float(match_got[check.name]), float(match_want[check.name])
        except ValueError:
            problems.append(f"{check.name} is not a number: {match_got[check.name]!r}")
            continue
        problems += check.problems(value, recorded)
    return problems


def unified_diff(recorded: str, actual: str, name: str) -> str:
    """A readable diff of the recorded output against the new one."""
    lines = difflib.unified_diff(
        recorded.splitlines(), actual.splitlines(),
        fromfile=f"{name} (recorded)", tofile=f"{name} (this run)", lineterm="",
    )
    return "\n".join(lines)
