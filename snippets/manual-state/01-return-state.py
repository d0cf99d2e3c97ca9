"""return_state=True and initial_state=: stepping by hand."""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(6)
tf.config.experimental.enable_op_determinism()

# --8<-- [start:layer]
lstm = keras.layers.LSTM(4, return_sequences=True, return_state=True)
# 2 samples, 5 time steps, 1 feature
sequence = np.random.rand(2, 5, 1).astype("float32")
# h: hidden state, c: cell state, after the last step
outputs, h, c = lstm(sequence)
# --8<-- [end:layer]
print(
    "outputs:",
    tuple(outputs.shape),
    " h:",
    tuple(h.shape),
    " c:",
    tuple(c.shape),
)
print(
    "h equals the output at the last step:",
    bool(np.array_equal(outputs[:, -1], h)),
)

# --8<-- [start:steps]
# Feed the same sequence one time step per call, carrying (h, c) by hand.
state = None
for t in range(sequence.shape[1]):
    step_output, *state = lstm(sequence[:, t : t + 1], initial_state=state)
    # the output of step t of the full call, computed with no knowledge of
    # later steps
    assert np.allclose(step_output[:, 0], outputs[:, t], atol=1e-6)
# --8<-- [end:steps]
print(
    "five one-step calls with carried state == one call on five steps:",
    bool(
        np.allclose(state[0], h, atol=1e-6)
        and np.allclose(state[1], c, atol=1e-6)
    ),
)
print(
    "without carrying the state, step 5 alone differs:",
    not np.allclose(lstm(sequence[:, 4:5])[0][:, 0], outputs[:, 4], atol=1e-6),
)
