"""The checker's settings, read from ``[tool.listingcheck]`` in the project's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    root: Path  # the folder holding pyproject.toml; includes are resolved from `base` in it
    base: Path
    docs: Path
    snippets: Path
    preload: tuple[str, ...]
    default_timeout: float
    listing_budget: float  # seconds a listing may take per backend unless its .toml says why
    work: Path  # where listings run and write their files

    @classmethod
    def load(cls, start: Path) -> "Config":
        root = find_root(start)
        settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        table = settings.get("tool", {}).get("listingcheck", {})
        return cls(
            root=root,
            base=root / table.get("base", "."),
            docs=root / table.get("docs", "docs"),
            snippets=root / table.get("snippets", "snippets"),
            preload=tuple(table.get("preload", [])),
            default_timeout=float(table.get("default_timeout", 120)),
            listing_budget=float(table.get("listing_budget", table.get("default_timeout", 120))),
            work=root / table.get("work", "build/listings"),
        )


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.listingcheck]."""
    for folder in [start.resolve(), *start.resolve().parents]:
        pyproject = folder / "pyproject.toml"
        if pyproject.exists() and "[tool.listingcheck]" in pyproject.read_text(encoding="utf-8"):
            return folder
    raise FileNotFoundError(f"no pyproject.toml with [tool.listingcheck] at or above {start}")
