"""Training pairs from the alphabet: each letter and the next one."""

import keras
import numpy as np

alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# --8<-- [start:encode]
# Networks work on numbers: give each letter its position (A=0 ... Z=25).
letter_to_index = {letter: index for index, letter in enumerate(alphabet)}
index_to_letter = dict(enumerate(alphabet))

# Input: one letter. Target: the next one. 25 pairs, from A->B to Y->Z.
inputs = [letter_to_index[letter] for letter in alphabet[:-1]]
targets = [letter_to_index[letter] for letter in alphabet[1:]]
# --8<-- [end:encode]
for i in (0, 1, 24):
    print(
        f"{index_to_letter[inputs[i]]} -> {index_to_letter[targets[i]]}   "
        f"({inputs[i]} -> {targets[i]})"
    )

# --8<-- [start:shape]
# An LSTM reads a 3-D array: (samples, time steps, features per step).
# Here each sample is one time step carrying one number, scaled into [0, 1).
x = np.array(inputs, dtype="float32").reshape(len(inputs), 1, 1) / len(
    alphabet
)
# The target is one of 26 classes: one-hot encode it for a softmax output.
y = keras.utils.to_categorical(targets, num_classes=len(alphabet))
# --8<-- [end:shape]
print("x shape:", x.shape, "y shape:", y.shape)
print("x for B:", round(float(x[1, 0, 0]), 4))
print("y for B -> C:", y[1].astype(int).tolist())
