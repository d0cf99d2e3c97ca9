"""Set a stateful layer's state to chosen values in Keras 3."""

import keras
import numpy as np
from lstmstate import get_states, set_states

keras.utils.set_random_seed(21)

inputs = keras.Input(batch_shape=(2, 3, 1))
lstm = keras.layers.LSTM(4, stateful=True, name="lstm")
model = keras.Model(inputs, lstm(inputs))
h0 = np.full((2, 4), 0.5, dtype="float32")
c0 = np.full((2, 4), -0.25, dtype="float32")

# --8<-- [start:keras2]
# Keras 2 ways to set a state: all gone in Keras 3
attempts = {
    "model.reset_states()": lambda: model.reset_states(),
    "lstm.reset_states(states=...)": lambda: lstm.reset_states(
        states=[h0, c0]
    ),
    "lstm.reset_state(states=...)": lambda: lstm.reset_state(states=[h0, c0]),
}
for call, attempt in attempts.items():
    try:
        attempt()
        print(call, "works")
    except (AttributeError, TypeError) as e:
        print(call, "->", type(e).__name__ + ":", str(e)[:62])
# --8<-- [end:keras2]

# --8<-- [start:assign]
print("lstm.states:", [tuple(v.shape) for v in lstm.states])
lstm.states[0].assign(h0)  # h
lstm.states[1].assign(c0)  # c
h, c = [keras.ops.convert_to_numpy(v) for v in lstm.states]
print("after assign, h == h0:", np.array_equal(h, h0))
print("after assign, c == c0:", np.array_equal(c, c0))

set_states(model, [[h0 * 2, c0 * 2]])  # one list per stateful layer
print("get_states after set_states:", get_states(model)[0][0][0, :2])
# --8<-- [end:assign]

# --8<-- [start:twin]
# A stateless twin with the same weights, given the state explicitly
twin_inputs = keras.Input(batch_shape=(2, 3, 1))
twin_lstm = keras.layers.LSTM(4, name="twin")
twin = keras.Model(twin_inputs, twin_lstm(twin_inputs))
twin.set_weights(model.get_weights())

x = np.random.rand(2, 3, 1).astype("float32")
set_states(model, [[h0, c0]])
stateful_out = keras.ops.convert_to_numpy(model(x))
twin_out = keras.ops.convert_to_numpy(twin_lstm(x, initial_state=[h0, c0]))
cold_out = keras.ops.convert_to_numpy(twin(x))
print("stateful call == twin with initial_state:", end=" ")
print(bool(np.allclose(stateful_out, twin_out, atol=1e-6)))
print("stateful call == twin from zeros:", end=" ")
print(bool(np.allclose(stateful_out, cold_out, atol=1e-6)))
# --8<-- [end:twin]
