"""The same stateless model, trained well."""

import keras
import numpy as np
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

keras.utils.set_random_seed(7)

letters, next_letters = windows(1)
x = scale(letters).reshape(-1, 1, 1)
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

# --8<-- [start:train]
model = keras.Sequential(
    [
        keras.Input(shape=(1, 1)),
        # one time step: unrolling skips the loop machinery
        keras.layers.LSTM(32, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
UPDATES = 400
model.compile(
    loss="categorical_crossentropy",
    optimizer=keras.optimizers.Adam(0.01),
    # all 400 updates in one call (PyTorch: one per call, all Keras allows)
    steps_per_execution=1 if keras.backend.backend() == "torch" else UPDATES,
)
# Create Adam's variables before fit: on TensorFlow, fit would otherwise trace
# its training step twice, once to create them and once to run it.
model.optimizer.build(model.trainable_variables)
# Every update sees the whole data set as one batch: 400 copies, in order.
model.fit(
    np.concatenate([x] * UPDATES),
    np.concatenate([y] * UPDATES),
    batch_size=len(x),
    shuffle=False,
    verbose=0,
)
# --8<-- [end:train]

predicted = model.predict(x, verbose=0).argmax(axis=1)
print(f"Model accuracy: {np.mean(predicted == next_letters):.2%}")
print(f"Loss after training: {model.evaluate(x, y, verbose=0):.4f}")
print(
    " ".join(
        f"{decode([a])}->{decode([p])}"
        for a, p in zip(letters[:, 0], predicted)
    )
)
