"""Original recipe: the stateful one-letter model (the book's chapter 27.6), ported to Keras 3.

LSTM(16, stateful=True) with a batch size of 1; 300 separate fit(epochs=1, batch_size=1,
shuffle=False) calls, the state reset after each; Adam at its default learning rate.
The book reports "Model Accuracy: 100.00%".

Changed from the book, and nothing else: `keras.Input(batch_shape=(1, 1, 1))` (instead of
`batch_input_shape=`), `layer.reset_state()` (instead of model.reset_states()),
`keras.utils.to_categorical`, `keras.utils.set_random_seed(7)`, verbose=0, and no
demonstration printout after the accuracy.
BENCH_FRACTION (default 1) scales the number of fit calls, for timing over a declared fraction.
"""

import os

import keras
import numpy as np

FRACTION = float(os.environ.get("BENCH_FRACTION", "1"))
FIT_CALLS = max(1, round(300 * FRACTION))

keras.utils.set_random_seed(7)
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
index = {letter: i for i, letter in enumerate(alphabet)}
inputs = [[index[letter]] for letter in alphabet[:-1]]
targets = [index[letter] for letter in alphabet[1:]]
x = np.reshape(inputs, (len(inputs), 1, 1)) / float(len(alphabet))
y = keras.utils.to_categorical(targets)

batch_size = 1
lstm = keras.layers.LSTM(16, stateful=True)
model = keras.Sequential([
    keras.Input(batch_shape=(batch_size, 1, 1)),
    lstm,
    keras.layers.Dense(y.shape[1], activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
for _ in range(FIT_CALLS):
    model.fit(x, y, epochs=1, batch_size=batch_size, shuffle=False, verbose=0)
    lstm.reset_state()

scores = model.evaluate(x, y, batch_size=batch_size, verbose=0)
lstm.reset_state()
print(f"Model accuracy: {scores[1] * 100:.2f}%")
