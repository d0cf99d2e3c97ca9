"""Tests of lstmstate.tutorial.figures.save_curves, the charts saved by the listings."""

import pytest

from lstmstate.tutorial import figures

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_saves_a_png_of_the_declared_size(tmp_path):
    path = tmp_path / "curve.png"
    figures.save_curves(
        str(path),
        {"training": [0.5, 0.7, 0.9], "test": [0.5, 0.6, 0.8]},
        levels={"final": 0.85},
        title="t",
        ylabel="accuracy",
        ylim=(0, 1),
    )
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (400, 240)  # 5 x 3 inches at 80 dpi


@pytest.mark.parametrize("curves", [{}, {"empty": []}])
def test_refuses_nothing_to_draw(tmp_path, curves):
    with pytest.raises(ValueError, match="at least one curve"):
        figures.save_curves(str(tmp_path / "x.png"), curves, title="t", ylabel="y")
    assert not (tmp_path / "x.png").exists()
