"""Fed in chunks, a stateful layer computes what one whole call does."""

import keras
import numpy as np
from lstmstate import batchify, carry_states

keras.utils.set_random_seed(8)

ROWS, STEPS, LENGTH = 3, 4, 36
stream = np.random.rand(LENGTH, 1).astype("float32")

# Stateless: each of the 3 rows is one whole sequence of 12 steps, read in one
# call.
whole = keras.layers.LSTM(5, return_sequences=True)
expected = keras.ops.convert_to_numpy(
    whole(stream.reshape(ROWS, LENGTH // ROWS, 1))
)

# --8<-- [start:stateful]
# Stateful, same weights: the rows arrive 4 steps at a time, the state carries
# the rest.
inputs = keras.Input(batch_shape=(ROWS, STEPS, 1))
chunked = keras.layers.LSTM(5, return_sequences=True, stateful=True)
model = keras.Model(inputs, chunked(inputs))
# JAX and PyTorch: let predict_on_batch carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)
chunked.set_weights(whole.get_weights())


def run_in_chunks(batches: np.ndarray) -> np.ndarray:
    chunked.reset_state()
    outputs = [model.predict_on_batch(batch) for batch in batches]
    # put the chunks of each row back end to end
    return np.concatenate(outputs, axis=1)


right = run_in_chunks(batchify(stream, batch_size=ROWS, steps=STEPS))
# consecutive pieces side by side
wrong = run_in_chunks(stream.reshape(-1, ROWS, STEPS, 1))
# --8<-- [end:stateful]
print(
    "batchify layout: max difference from the whole sequence < 1e-5:",
    bool(np.abs(right - expected).max() < 1e-5),
)
print(
    "consecutive pieces: max difference = "
    f"{np.abs(wrong - expected).max():.2f}"
)
