"""Claims of the Performance page that no listing prints, checked here on every run."""

import keras
import numpy as np
import pytest

pytestmark = pytest.mark.skipif(
    keras.backend.backend() != "tensorflow", reason="the claim is about TensorFlow's tracing"
)


def traces_of_the_training_step(build_optimizer_first: bool) -> int:
    """How many times TensorFlow traces `train_step` during a two-epoch `fit`.

    Tracing runs the Python body of `train_step`; running the traced graph does not, so the
    count of Python calls is the count of traces.
    """
    keras.utils.set_random_seed(7)
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(1, 1, 1)),
            keras.layers.LSTM(4, stateful=True, unroll=True),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
    if build_optimizer_first:
        model.optimizer.build(model.trainable_variables)
    traces = 0
    train_step = model.train_step

    def counted(data):
        nonlocal traces
        traces += 1
        return train_step(data)

    model.train_step = counted  # looked up when Keras traces its training function
    x = np.arange(3, dtype="float32").reshape(3, 1, 1)
    y = keras.utils.to_categorical([1, 2, 0], 3)
    model.fit(x, y, batch_size=1, epochs=2, shuffle=False, verbose=0)
    return traces


def test_building_adams_variables_first_saves_a_trace():
    # The page: the step is traced twice, then once. Adam creating its variables inside the
    # first trace makes tf.function trace the step again, once the variables exist.
    assert traces_of_the_training_step(build_optimizer_first=False) == 2
    assert traces_of_the_training_step(build_optimizer_first=True) == 1
