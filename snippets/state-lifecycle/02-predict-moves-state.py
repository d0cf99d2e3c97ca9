"""predict() moves a stateful layer's state too."""

import keras
import numpy as np
from lstmstate import carry_states

keras.utils.set_random_seed(2)

inputs = keras.Input(batch_shape=(1, 3, 1))
lstm = keras.layers.LSTM(4, stateful=True)
model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)))
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)

x = np.array([[[0.1], [0.2], [0.3]]], dtype="float32")
# --8<-- [start:predict]
first = model.predict(x, verbose=0)[0, 0]
# starts from the state the first call left
second = model.predict(x, verbose=0)[0, 0]
lstm.reset_state()
after_reset = model.predict(x, verbose=0)[0, 0]
# --8<-- [end:predict]
print(f"first predict:       {first:+.6f}")
print(f"second predict:      {second:+.6f}")
print(f"after reset_state(): {after_reset:+.6f}")
print("second == first:", bool(second == first))
print("after reset == first:", bool(after_reset == first))
