"""State helpers for Keras 3 recurrent layers, used by the lstmstate site's chapters."""

from lstmstate.backends import StateNotCarriedError, carry_states, require_carried_states
from lstmstate.batching import batchify, batchify_pairs, unbatchify
from lstmstate.callbacks import ResetStates
from lstmstate.checks import check_stateful_batches, model_batch_size
from lstmstate.evaluation import bits_by_position
from lstmstate.inference import generate, inference_copy
from lstmstate.layers import get_states, reset_states, set_states, stateful_layers
from lstmstate.rows import reset_rows

__version__ = "0.1.0"

__all__ = [
    "ResetStates",
    "StateNotCarriedError",
    "batchify",
    "batchify_pairs",
    "bits_by_position",
    "carry_states",
    "check_stateful_batches",
    "generate",
    "get_states",
    "inference_copy",
    "model_batch_size",
    "require_carried_states",
    "reset_rows",
    "reset_states",
    "set_states",
    "stateful_layers",
    "unbatchify",
]
