"""The diagrams in docs/assets/diagrams/ are exactly what diagrams/ draws now: a stale one fails.

Redraw them with `python -m diagrams` (the Makefile's `record` target does it too).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "docs" / "assets" / "diagrams"


@pytest.fixture(scope="module")
def redrawn(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("diagrams")
    result = subprocess.run(
        [sys.executable, "-m", "diagrams", "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_every_diagram_is_drawn(redrawn):
    drawn = sorted(path.name for path in redrawn.glob("*.svg"))
    assert drawn == ["batch-layout.svg", "lstm-unrolled.svg", "stateful-batches.svg"]
    committed = sorted(path.name for path in COMMITTED.glob("*.svg"))
    assert committed == drawn, "docs/assets/diagrams/ holds a diagram no module draws, or lacks one: run `python -m diagrams`"


@pytest.mark.parametrize("name", ["lstm-unrolled", "stateful-batches", "batch-layout"])
def test_committed_diagram_is_what_its_code_draws(redrawn, name):
    committed = COMMITTED / f"{name}.svg"
    assert committed.is_file(), f"{committed.relative_to(ROOT)} is missing: run `python -m diagrams`"
    assert committed.read_bytes() == (redrawn / f"{name}.svg").read_bytes(), (
        f"{committed.relative_to(ROOT)} is stale (its code, or lstmstate, changed since it was drawn): "
        f"run `python -m diagrams`"
    )


@pytest.mark.parametrize("name", ["lstm-unrolled", "stateful-batches", "batch-layout"])
def test_diagram_is_a_plain_svg_without_date_or_fonts(redrawn, name):
    text = (redrawn / f"{name}.svg").read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "<dc:date>" not in text  # no build date: redrawing gives the same bytes
    assert "<text" not in text  # text drawn as paths: no font needed where it is shown
    assert "<image" not in text  # vector only


def test_diagram_fonts_are_the_ones_matplotlib_ships():
    """The glyphs come from matplotlib's own DejaVu fonts, not from whatever the machine has."""
    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for family, weight in (("DejaVu Sans", "normal"), ("DejaVu Sans Mono", "normal"), ("DejaVu Sans Mono", "bold")):
        found = Path(font_manager.findfont(font_manager.FontProperties(family=family, weight=weight), fallback_to_default=False))
        assert found.parent == bundled, f"{family} {weight} resolves to {found}, not to matplotlib's own font"

