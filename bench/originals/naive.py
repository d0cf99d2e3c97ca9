"""Original recipe: the naive one-letter model (the book's chapter 27.2), ported to Keras 3.

LSTM(32) reads one letter (scaled to 0-1) and a softmax over the letters predicts the next one;
Adam at its default learning rate, 500 epochs at batch size 1 (fit shuffles every epoch).
The book reports "Model Accuracy: 84.00%".

Changed from the book, and nothing else: `keras.utils.to_categorical` (np_utils is gone),
a leading `keras.Input` (instead of `input_shape=`), `epochs=`, `keras.utils.set_random_seed(7)`
(instead of numpy.random.seed(7), which no longer seeds Keras), verbose=0 (no progress lines,
as in the site's listings), and no demonstration printout after the accuracy.
BENCH_FRACTION (default 1) scales the number of epochs, for timing over a declared fraction.
"""

import os

import keras
import numpy as np

FRACTION = float(os.environ.get("BENCH_FRACTION", "1"))
EPOCHS = max(1, round(500 * FRACTION))

keras.utils.set_random_seed(7)
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
index = {letter: i for i, letter in enumerate(alphabet)}
inputs = [[index[letter]] for letter in alphabet[:-1]]  # A..Y
targets = [index[letter] for letter in alphabet[1:]]  # B..Z
x = np.reshape(inputs, (len(inputs), 1, 1)) / float(len(alphabet))
y = keras.utils.to_categorical(targets)

model = keras.Sequential([
    keras.Input(shape=(1, 1)),
    keras.layers.LSTM(32),
    keras.layers.Dense(y.shape[1], activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y, epochs=EPOCHS, batch_size=1, verbose=0)

scores = model.evaluate(x, y, verbose=0)
print(f"Model accuracy: {scores[1] * 100:.2f}%")
