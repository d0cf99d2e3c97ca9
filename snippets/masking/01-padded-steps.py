"""What LSTM and GRU return at padded steps, and their final state."""

import keras
import numpy as np

keras.utils.set_random_seed(3)

PAD = -1.0  # a value no real input takes


def same(a, b):
    return bool(np.allclose(a, b, atol=1e-6))


def numpy(tensors):
    return [keras.ops.convert_to_numpy(t)[0] for t in tensors]


# --8<-- [start:lstm]
# Three real steps; padded to five behind them (post) and in front (pre).
real = np.random.default_rng(0).random((1, 3, 1)).astype("float32")
pad = np.full((1, 2, 1), PAD, dtype="float32")
post = np.concatenate([real, pad], axis=1)
pre = np.concatenate([pad, real], axis=1)


def masked_model(layer):
    inputs = keras.Input(shape=(None, 1))
    return keras.Model(inputs, layer(keras.layers.Masking(PAD)(inputs)))


lstm = keras.layers.LSTM(
    4,
    return_sequences=True,
    return_state=True,
    bias_initializer="random_normal",
)
model = masked_model(lstm)
out, h, c = numpy(model(real))  # the unpadded run
print(f"unpadded: outputs {out.shape}, h {h.shape}, c {c.shape}")

p_out, p_h, p_c = numpy(model(post))
print(f"post: outputs {p_out.shape}")
print("post: steps 1-3 equal the unpadded outputs:", same(p_out[:3], out))
print(
    "post: padded steps 4-5 repeat step 3's output:", same(p_out[3:], out[2])
)
print("post: final h equals unpadded h:", same(p_h, h))
print("post: final c equals unpadded c:", same(p_c, c))

q_out, q_h, q_c = numpy(model(pre))
print("pre: padded steps 1-2 are zeros:", same(q_out[:2], 0.0))
print("pre: steps 3-5 equal the unpadded outputs:", same(q_out[2:], out))
print("pre: final h equals unpadded h:", same(q_h, h))
print("pre: final c equals unpadded c:", same(q_c, c))
print("pre and post: output sequences equal:", same(p_out, q_out))
print(
    "pre and post: last output equals final h:",
    same(p_out[-1], p_h) and same(q_out[-1], q_h),
)
# --8<-- [end:lstm]

# --8<-- [start:zero]
# The same weights, with zero_output_for_mask=True.
zero = keras.layers.LSTM(
    4, return_sequences=True, return_state=True, zero_output_for_mask=True
)
zero_model = masked_model(zero)
zero.set_weights(lstm.get_weights())
z_out, z_h, _ = numpy(zero_model(post))
print(
    "zero_output_for_mask, post: padded steps are zeros:", same(z_out[3:], 0)
)
print("zero_output_for_mask, post: steps 1-3 unchanged:", same(z_out[:3], out))
print("zero_output_for_mask, post: final h unchanged:", same(z_h, h))

# The docstring says the flag is used only with return_sequences=True.
last = keras.layers.LSTM(4, return_state=True, zero_output_for_mask=True)
last_model = masked_model(last)
last.set_weights(lstm.get_weights())
l_out, l_h, _ = numpy(last_model(post))
print("... return_sequences=False, post: output is zeros:", same(l_out, 0))
print("... return_sequences=False, post: final h unchanged:", same(l_h, h))
l_out, _, _ = numpy(last_model(pre))
print("... return_sequences=False, pre: output is unpadded h:", same(l_out, h))
# --8<-- [end:zero]

# --8<-- [start:embedding]
# Embedding(mask_zero=True) masks index 0; a GRU has one state.
tokens = keras.Input(shape=(None,), dtype="int32")
gru = keras.layers.GRU(
    4,
    return_sequences=True,
    return_state=True,
    bias_initializer="random_normal",
)
embedded = keras.Model(
    tokens, gru(keras.layers.Embedding(10, 3, mask_zero=True)(tokens))
)
rows = np.array([[3, 1, 4, 0, 0], [0, 0, 3, 1, 4], [0, 0, 0, 0, 0]])
seqs, states = (keras.ops.convert_to_numpy(t) for t in embedded(rows))
g_out, g_h = numpy(embedded(np.array([[3, 1, 4]])))
print("GRU, post: padded steps repeat step 3:", same(seqs[0, 3:], g_out[2]))
print("GRU, pre: padded steps are zeros:", same(seqs[1, :2], 0.0))
print("GRU, post and pre: final state equals unpadded:", same(states[:2], g_h))
print("GRU, all-padding row: outputs are zeros:", same(seqs[2], 0.0))
print("GRU, all-padding row: state is the zero start:", same(states[2], 0.0))
# --8<-- [end:embedding]
