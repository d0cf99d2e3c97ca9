"""A stateless LSTM: every batch starts from zeros."""

import keras
import numpy as np
from lstmstate.tutorial.alphabet import scale, windows

keras.utils.set_random_seed(4)

model = keras.Sequential(
    [keras.Input(shape=(1, 1)), keras.layers.LSTM(8), keras.layers.Dense(26)]
)
letters, _ = windows(1)
x = scale(letters).reshape(-1, 1, 1)  # the 25 letters A..Y, one time step each

# --8<-- [start:compare]
whole_batch = model.predict(x, batch_size=25, verbose=0)
one_at_a_time = np.concatenate(
    [model.predict(x[i : i + 1], verbose=0) for i in range(25)]
)
order = np.random.permutation(25)
shuffled = model.predict(x[order], batch_size=25, verbose=0)[np.argsort(order)]
again = model.predict(x, batch_size=25, verbose=0)
# --8<-- [end:compare]
# Different batch sizes may use different matrix kernels, so allow float
# rounding (1e-6).
print(
    "whole batch == one at a time (to 1e-6):",
    bool(np.allclose(whole_batch, one_at_a_time, rtol=0, atol=1e-6)),
)
print(
    "whole batch == shuffled batch (to 1e-6):",
    bool(np.allclose(whole_batch, shuffled, rtol=0, atol=1e-6)),
)
print(
    "first call == second call (exactly):",
    bool(np.array_equal(whole_batch, again)),
)
print(
    "the stateless layer keeps state variables:", bool(model.layers[0].states)
)
