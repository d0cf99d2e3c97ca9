"""The tutorial's naive model, ported to Keras 3."""

import keras
import numpy as np
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

keras.utils.set_random_seed(7)

letters, next_letters = windows(1)  # the 25 pairs A->B ... Y->Z
x = scale(letters).reshape(-1, 1, 1)  # (samples, time steps, features)
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

# --8<-- [start:model]
model = keras.Sequential(
    [
        keras.Input(shape=(1, 1)),
        keras.layers.LSTM(32, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
# --8<-- [end:model]

# --8<-- [start:train]
PASSES, BATCH_SIZE = 500, 1
updates_per_pass = len(x) // BATCH_SIZE
# Each pass visits the 25 pairs in a new random order, one pair per update, as
# fit(shuffle=True) does.
rng = np.random.default_rng(7)
order = np.concatenate([rng.permutation(len(x)) for _ in range(PASSES)])
model.compile(
    loss="categorical_crossentropy",
    optimizer="adam",
    # 25 passes per call (PyTorch: one update per call, all Keras allows)
    steps_per_execution=1
    if keras.backend.backend() == "torch"
    else 25 * updates_per_pass,
)
model.fit(x[order], y[order], batch_size=BATCH_SIZE, shuffle=False, verbose=0)
# --8<-- [end:train]

predicted = model.predict(x, verbose=0).argmax(axis=1)
accuracy = np.mean(predicted == next_letters)
print(f"Model accuracy: {accuracy:.2%}")
wrong = [
    f"{decode([a])}->{decode([p])}"
    for a, p in zip(letters[:, 0], predicted)
    if p != a + 1
]
print(f"Wrong predictions: {len(wrong)} of {len(x)}")
