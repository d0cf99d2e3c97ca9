"""State helpers for Keras 3 recurrent layers, used by the lstmstate site's chapters."""

__version__ = "0.1.0"
