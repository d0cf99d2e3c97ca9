"""ConvLSTM1D/2D/3D: input shapes, returned states, stateful variables."""

import keras
import numpy as np

keras.utils.set_random_seed(5)


def to_numpy(x):
    return keras.ops.convert_to_numpy(x)


def equal(a, b):
    return bool(np.allclose(to_numpy(a), to_numpy(b), atol=1e-6))


# (batch, time, *spatial, channels): channels last, the default
shapes = {
    keras.layers.ConvLSTM1D: (2, 4, 8, 3),
    keras.layers.ConvLSTM2D: (2, 4, 8, 8, 3),
    keras.layers.ConvLSTM3D: (2, 4, 6, 6, 6, 3),
}
for conv_lstm, shape in shapes.items():
    x = np.random.rand(*shape).astype("float32")
    # --8<-- [start:layer]
    # 5 filters, kernel 3, padding "valid": each spatial size shrinks by 2
    layer = conv_lstm(
        5, 3, return_sequences=True, return_state=True, stateful=True
    )
    outputs, h, c = layer(x)
    second, *_ = layer(x)  # starts where the first call ended
    # --8<-- [end:layer]
    print(f"{conv_lstm.__name__}: input {shape}")
    print("  return_state=True: 3 tensors; outputs", tuple(outputs.shape))
    print("  h", tuple(h.shape), "c", tuple(c.shape))
    print("  h equals the outputs' last step:", equal(h, outputs[:, -1]))
    print(
        "  cell.state_size:",
        layer.cell.state_size,
        " stateful=True: states",
        [tuple(v.shape) for v in layer.states],
    )
    print("  second call differs from the first:", not equal(outputs, second))
    layer.reset_state()
    again, *_ = layer(x)
    print("  after reset_state() equals the first:", equal(outputs, again))
