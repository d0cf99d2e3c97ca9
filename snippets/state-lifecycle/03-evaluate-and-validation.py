"""evaluate() and fit's validation both move the state."""

import keras
import numpy as np
from lstmstate import carry_states

keras.utils.set_random_seed(3)

inputs = keras.Input(batch_shape=(1, 3, 1))
lstm = keras.layers.LSTM(4, stateful=True)
model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)))
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)
model.compile(optimizer="adam", loss="mse")
x = np.random.rand(2, 3, 1).astype("float32")
y = np.random.rand(2, 1).astype("float32")


def hidden_state(of: keras.Model = model) -> np.ndarray:
    return of.get_layer(lstm.name).states[0].numpy().copy()


# evaluate: compare the state before and after one call.
lstm.reset_state()
model.evaluate(x, y, batch_size=1, verbose=0)
print("evaluate left the state at zero:", bool(np.all(hidden_state() == 0)))


# --8<-- [start:validation]
class StateAfterTrainingAndAfterEpoch(keras.callbacks.Callback):
    """Keeps the state after the last training batch, and at epoch end (after
    validation).
    """

    # Read through self.model: on JAX, that is what brings the state the
    # trainer carries back into the layer before a callback looks at it.
    def on_train_batch_end(self, batch, logs=None):
        self.after_training = hidden_state(self.model)

    def on_epoch_end(self, epoch, logs=None):
        self.at_epoch_end = hidden_state(self.model)


for validation in (None, (x, y)):
    probe = StateAfterTrainingAndAfterEpoch()
    lstm.reset_state()
    model.fit(
        x,
        y,
        batch_size=1,
        epochs=1,
        shuffle=False,
        verbose=0,
        validation_data=validation,
        callbacks=[probe],
    )
    moved = not np.array_equal(probe.after_training, probe.at_epoch_end)
    print(
        f"validation_data={'given' if validation else 'None '}: state moved "
        "between the last "
        f"training batch and the epoch's end: {moved}"
    )
# --8<-- [end:validation]
