"""A stateful LSTM under a mask: padded steps and all-padding rows."""

import keras
import numpy as np

keras.utils.set_random_seed(5)

PAD = -1.0


def same(a, b):
    return bool(np.allclose(a, b, atol=1e-6))


# --8<-- [start:model]
# Two rows per batch; each row continues the same row of the last batch.
inputs = keras.Input(batch_shape=(2, None, 1))
lstm = keras.layers.LSTM(
    4, stateful=True, return_sequences=True, bias_initializer="random_normal"
)
model = keras.Model(inputs, lstm(keras.layers.Masking(PAD)(inputs)))


def states():
    return [keras.ops.convert_to_numpy(v.value).copy() for v in lstm.states]


rng = np.random.default_rng(1)
model(rng.random((2, 3, 1)).astype("float32"))  # both rows real
h, c = states()
print("after call 1: |h| > 0 in both rows:", bool(np.all(np.abs(h) > 0)))
# --8<-- [end:model]

# --8<-- [start:row]
# Call 2: row 1 real, row 2 all padding.
batch = rng.random((2, 3, 1)).astype("float32")
batch[1] = PAD
out = keras.ops.convert_to_numpy(model(batch))
h2, c2 = states()
print("call 2, all-padding row: h kept:", same(h2[1], h[1]))
print("call 2, all-padding row: c kept:", same(c2[1], c[1]))
print("call 2, real row: h moved:", not same(h2[0], h[0]))
print("call 2, all-padding row: outputs are zeros:", same(out[1], 0.0))
print("call 2, all-padding row: outputs repeat kept h:", same(out[1], h[1]))
# --8<-- [end:row]

# --8<-- [start:pre]
# Call 3: both rows pre-padded, two padded steps then three real ones.
real = rng.random((2, 3, 1)).astype("float32")
batch = np.concatenate([np.full((2, 2, 1), PAD, "float32"), real], axis=1)
out = keras.ops.convert_to_numpy(model(batch))
h3, c3 = states()
print("call 3, padded steps: outputs are zeros:", same(out[:, :2], 0.0))
print("call 3, padded steps: outputs repeat carried h:", same(out[:, 0], h2))

# The same weights, stateless, started by hand from the carried state.
check = keras.layers.LSTM(4, return_sequences=True, return_state=True)
check.build(real.shape)
check.set_weights(lstm.get_weights())
ref, ref_h, ref_c = (
    keras.ops.convert_to_numpy(t) for t in check(real, initial_state=[h2, c2])
)
print("call 3, real steps match a run on them alone:", same(out[:, 2:], ref))
print("call 3, final h and c match:", same(h3, ref_h) and same(c3, ref_c))
# --8<-- [end:pre]
