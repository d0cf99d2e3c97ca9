"""fit() does not reset a stateful layer's state."""

import keras
import numpy as np
from lstmstate import carry_states

keras.utils.set_random_seed(1)

# --8<-- [start:model]
# A stateful layer needs a fixed batch size: here 2 sequences side by side.
inputs = keras.Input(batch_shape=(2, 3, 1))
lstm = keras.layers.LSTM(4, stateful=True)
model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)))
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)
model.compile(optimizer="adam", loss="mse")
# --8<-- [end:model]


def hidden_state_size() -> float:
    """Largest absolute value in the layer's hidden state h: 0.0 right after a
    reset.
    """
    return float(np.abs(lstm.states[0].numpy()).max())


class ShowStateAtEpochStart(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        print(
            f"epoch {epoch + 1} starts with |h| max = "
            f"{hidden_state_size():.4f}"
        )


x = np.random.rand(4, 3, 1).astype("float32")  # 4 sequences: 2 batches of 2
y = np.random.rand(4, 1).astype("float32")
print(f"before fit:          |h| max = {hidden_state_size():.4f}")
model.fit(
    x,
    y,
    batch_size=2,
    epochs=3,
    shuffle=False,
    verbose=0,
    callbacks=[ShowStateAtEpochStart()],
)
print(f"after fit:           |h| max = {hidden_state_size():.4f}")
lstm.reset_state()
print(f"after reset_state(): |h| max = {hidden_state_size():.4f}")
