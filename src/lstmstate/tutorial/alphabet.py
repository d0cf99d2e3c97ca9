"""The alphabet data set of the tutorial chapters: letters to integers and back, and windows.

The first chapter builds this data step by step in a listing; the later chapters import it
from here so that each listing shows only what is new in it.
"""

from __future__ import annotations

import numpy as np

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""The 26 capital letters, in order: the whole 'sequence' the models learn."""


def encode(text: str) -> list[int]:
    """Map each letter of ``text`` to its position in :data:`ALPHABET` (A -> 0, Z -> 25).

    Raises:
        ValueError: if ``text`` holds a character that is not a capital letter A-Z.
    """
    bad = sorted({ch for ch in text if ch not in ALPHABET})
    if bad:
        raise ValueError(f"not in the alphabet: {bad!r}; only the capital letters A-Z are")
    return [ALPHABET.index(ch) for ch in text]


def decode(indices: list[int] | np.ndarray) -> str:
    """Map integers 0-25 back to letters (the inverse of :func:`encode`)."""
    return "".join(ALPHABET[int(i)] for i in indices)


def windows(seq_length: int) -> tuple[np.ndarray, np.ndarray]:
    """All windows of ``seq_length`` letters and the letter that follows each.

    Returns ``(x, y)``: ``x`` of shape ``(26 - seq_length, seq_length)`` holding letter
    indices, ``y`` of shape ``(26 - seq_length,)`` holding the index of the next letter.
    ``windows(1)`` gives the 25 pairs A->B ... Y->Z.
    """
    if not 1 <= seq_length < len(ALPHABET):
        raise ValueError(f"seq_length must be between 1 and {len(ALPHABET) - 1}, got {seq_length}")
    codes = np.arange(len(ALPHABET))
    starts = range(len(ALPHABET) - seq_length)
    x = np.stack([codes[s : s + seq_length] for s in starts])
    y = codes[seq_length:]
    return x, y


def scale(indices: np.ndarray) -> np.ndarray:
    """Scale letter indices to [0, 1) as the original tutorial does (index / 26), as float32."""
    return (np.asarray(indices, dtype="float32") / len(ALPHABET)).astype("float32")
