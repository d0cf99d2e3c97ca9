"""The Keras 3 backends a listing can run on: one table, read by the runner, record and pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backend:
    key: str  # the value of KERAS_BACKEND, and the name a listing's .toml uses
    name: str  # as pages and notebooks show it
    package: str  # the module the runner imports before forking each listing
    distributions: tuple[str, ...]  # whose installed version provenance records, first found
    install_hint: str  # what to do when it is missing (the pins are in requirements.lock)


# In the order pages show them: TensorFlow first.
TABLE: dict[str, Backend] = {
    backend.key: backend
    for backend in (
        Backend("tensorflow", "TensorFlow", "tensorflow", ("tensorflow", "tensorflow-cpu"),
                "pip install tensorflow-cpu (the pinned version: make .venv/.ready)"),
        Backend("jax", "JAX", "jax", ("jax",),
                "pip install jax jaxlib (the pinned versions: make .venv/.ready)"),
        Backend("torch", "PyTorch", "torch", ("torch",),
                "pip install torch==2.13.0 (the CPU build; the pinned version: make .venv/.ready)"),
    )
}
BACKENDS = tuple(TABLE)


def display_name(key: str) -> str:
    """How pages name a backend; an unknown key is shown as it is."""
    return TABLE[key].name if key in TABLE else key
