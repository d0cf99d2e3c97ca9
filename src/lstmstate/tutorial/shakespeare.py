"""The text of the whole-book chapter: a 100 KB slice of tiny Shakespeare, as character ids.

The slice ships inside the package (``lstmstate/tutorial/data/tinyshakespeare_100k.txt``; its source
is in ``data/README.md``), so nothing is downloaded.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass

import numpy as np

__all__ = ["Characters", "load", "text"]


def text() -> str:
    """The whole slice, about 100,000 characters of plain text."""
    path = importlib.resources.files("lstmstate.tutorial") / "data" / "tinyshakespeare_100k.txt"
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Characters:
    """The distinct characters of a text, in sorted order: id ``i`` is ``chars[i]``."""

    chars: str

    @classmethod
    def of(cls, text: str) -> Characters:
        """The characters that occur in ``text``."""
        return cls("".join(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """The id of each character of ``text``, an int32 array.

        Raises:
            ValueError: if ``text`` holds a character that is not in ``chars``.
        """
        index = {c: i for i, c in enumerate(self.chars)}
        unknown = sorted(set(text) - index.keys())
        if unknown:
            raise ValueError(f"characters not in the vocabulary: {unknown!r}")
        return np.array([index[c] for c in text], dtype="int32")

    def decode(self, ids: np.ndarray) -> str:
        """The characters of ``ids`` (the inverse of :meth:`encode`)."""
        return "".join(self.chars[int(i)] for i in np.asarray(ids).ravel())


def load(validation_fraction: float = 0.1) -> tuple[np.ndarray, np.ndarray, Characters]:
    """The slice as ids, split in two: ``(train_ids, validation_ids, characters)``.

    The validation ids are the last ``validation_fraction`` of the text, held out whole so
    that a model can also read them as one stream.

    Raises:
        ValueError: if ``validation_fraction`` is not strictly between 0 and 1.
    """
    if not 0 < validation_fraction < 1:
        raise ValueError(f"validation_fraction must be between 0 and 1, got {validation_fraction}")
    whole = text()
    characters = Characters.of(whole)
    ids = characters.encode(whole)
    split = int(len(ids) * (1 - validation_fraction))  # rounded down
    return ids[:split], ids[split:], characters
