"""The site's diagrams, drawn from code with matplotlib into docs/assets/diagrams/<name>.svg.

One module per picture, each with ``NAME`` (the file name without .svg) and ``draw()``
(returns the figure). ``python -m diagrams`` redraws them all; tests/test_diagrams.py fails
when a committed file differs from what its module draws now.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # batch_layout imports lstmstate, which imports keras

MODULES = ("lstm_unrolled", "stateful_batches", "batch_layout")
OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "assets" / "diagrams"


def build(out: Path = OUTPUT, names: list[str] | None = None) -> list[Path]:
    """Draw the diagrams (all, or those named) into ``out``; returns the files written."""
    from .style import save, style

    written = []
    for module_name in MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        if names and module.NAME not in names:
            continue
        with style():
            written.append(save(module.draw(), out / f"{module.NAME}.svg"))
    return written


def names() -> list[str]:
    return [importlib.import_module(f"{__name__}.{m}").NAME for m in MODULES]
