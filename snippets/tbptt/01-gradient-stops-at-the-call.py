"""The gradient reaches back through one call, not into the previous."""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(5)
tf.config.experimental.enable_op_determinism()

inputs = keras.Input(batch_shape=(1, 3, 1))
model = keras.Model(inputs, keras.layers.LSTM(4, stateful=True)(inputs))
first = tf.constant(np.random.rand(1, 3, 1), dtype="float32")
second = tf.constant(np.random.rand(1, 3, 1), dtype="float32")

# --8<-- [start:across]
# Two calls of a stateful layer: the second starts from the state the first one
# left.
with tf.GradientTape() as tape:
    tape.watch(first)
    model(first)  # stores its final state in the layer's state variables
    loss = tf.reduce_sum(model(second))
gradient = tape.gradient(loss, first)
# --8<-- [end:across]
print("gradient of the 2nd call's loss w.r.t. the 1st call's input:", gradient)

# --8<-- [start:within]
# The same six time steps in one call: now the loss depends on the first three
# steps.
model.layers[1].reset_state()
long_inputs = keras.Input(batch_shape=(1, 6, 1))
long_model = keras.Model(long_inputs, model.layers[1](long_inputs))
both = tf.concat([first, second], axis=1)
with tf.GradientTape() as tape:
    tape.watch(both)
    loss = tf.reduce_sum(long_model(both))
gradient = tape.gradient(loss, both)[:, :3]
# --8<-- [end:within]
print(
    "same steps in one call, gradient w.r.t. the first 3 steps is None:",
    gradient is None,
)
print("and it is non-zero:", bool(tf.reduce_any(gradient != 0)))
