"""return_state=True and initial_state=: stepping by hand."""

import keras
import numpy as np

keras.utils.set_random_seed(6)


def close(a, b, atol=1e-6):
    """Compare layer outputs (tensors of the backend) as NumPy arrays."""
    a, b = keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b)
    return np.allclose(a, b, atol=atol)


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
    bool(close(outputs[:, -1], h, atol=0)),
)

# --8<-- [start:steps]
# Feed the same sequence one time step per call, carrying (h, c) by hand.
state = None
for t in range(sequence.shape[1]):
    step_output, *state = lstm(sequence[:, t : t + 1], initial_state=state)
    # the output of step t of the full call, computed with no knowledge of
    # later steps
    assert close(step_output[:, 0], outputs[:, t])
# --8<-- [end:steps]
print(
    "five one-step calls with carried state == one call on five steps:",
    bool(close(state[0], h) and close(state[1], c)),
)
print(
    "without carrying the state, step 5 alone differs:",
    not close(lstm(sequence[:, 4:5])[0][:, 0], outputs[:, 4]),
)
