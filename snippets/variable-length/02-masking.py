"""A padded input, with and without a mask, against the unpadded one."""

import keras
import numpy as np
from lstmstate.tutorial.alphabet import encode, scale

keras.utils.set_random_seed(7)

PAD = -1.0  # a value no letter takes: letters are scaled into [0, 1)
# One layer, shared below, so every variant has the same weights. Its biases
# are random, as
# after training: a fresh LSTM's biases are zero, and then a zero input leaves
# a zero state
# unchanged, which would hide the effect of zero padding.
lstm = keras.layers.LSTM(8, bias_initializer="random_normal")
plain = keras.Sequential([keras.Input(shape=(None, 1)), lstm])
masked = keras.Sequential(
    [keras.Input(shape=(None, 1)), keras.layers.Masking(PAD), lstm]
)


def pad(codes, padding="pre", value=PAD):
    """Scaled letters, padded to 5 steps, shaped (1, 5, 1)."""
    return keras.utils.pad_sequences(
        [scale(codes)], maxlen=5, dtype="float32", padding=padding, value=value
    )[..., np.newaxis]


# --8<-- [start:compare]
klm = encode("KLM")
unpadded = keras.ops.convert_to_numpy(plain(scale(klm).reshape(1, 3, 1)))
for name, model, x in [
    ("pre-padded with 0, no mask (the book)", plain, pad(klm, value=0.0)),
    ("pre-padded with -1, no mask", plain, pad(klm)),
    ("pre-padded with -1, Masking(-1)", masked, pad(klm)),
    ("post-padded with -1, Masking(-1)", masked, pad(klm, padding="post")),
]:
    difference = np.abs(keras.ops.convert_to_numpy(model(x)) - unpadded).max()
    print(f"KLM {name}: max |difference| from unpadded = {difference:.2g}")
# --8<-- [end:compare]

# --8<-- [start:embedding]
# With an Embedding, index 0 is the padding: shift the letters to 1..26 and use
# mask_zero=True.
embedded = keras.Sequential(
    [
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(input_dim=27, output_dim=4, mask_zero=True),
        keras.layers.LSTM(8),
    ]
)
codes = np.array(klm) + 1
# [[0, 0, 11, 12, 13]]
padded_codes = keras.utils.pad_sequences([codes], maxlen=5)
difference = np.abs(
    keras.ops.convert_to_numpy(embedded(padded_codes))
    - keras.ops.convert_to_numpy(embedded(codes[np.newaxis]))
)
print(
    "KLM Embedding(mask_zero=True), pre-padded: max |difference| = "
    f"{difference.max():.2g}"
)
# --8<-- [end:embedding]

# --8<-- [start:zero]
# The book pads with 0, and its letter A is also 0 (0/26): a mask on 0 would
# drop every A.
abc = keras.utils.pad_sequences(
    [scale(encode("ABC"))], maxlen=5, dtype="float32"
)[..., np.newaxis]
mask = keras.layers.Masking(mask_value=0.0).compute_mask(abc)
print(
    "ABC padded with 0, Masking(0.0) keeps steps: "
    f"{np.asarray(mask)[0].astype(int).tolist()}"
)
# --8<-- [end:zero]
