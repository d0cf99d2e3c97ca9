"""Tests of lstmstate.callbacks.ResetStates, through model.fit and on its own."""

import keras
import numpy as np
import pytest

from lstmstate import ResetStates, carry_states, get_states, reset_states

BATCH = 2
N_BATCHES = 6  # per epoch


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(BATCH, 3, 1)),
            keras.layers.LSTM(3, stateful=True),
            keras.layers.Dense(1),
        ]
    )
    carry_states(model)  # JAX, PyTorch: see lstmstate.backends
    # A zero learning rate: the weights stay put, so every fit sees the same model.
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.0), jit_compile=False)
    return model


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    x = rng.uniform(0.5, 1.0, (BATCH * N_BATCHES, 3, 1)).astype("float32")
    return x, np.ones((len(x), 1), "float32")


class Probe(keras.callbacks.Callback):
    """Records, before each batch, whether the model's state is blank."""

    def __init__(self):
        super().__init__()
        self.blank: list[bool] = []
        self.test_blank: list[bool] = []

    def _blank(self):
        return all(not np.any(a) for layer in get_states(self.model) for a in layer)

    def on_train_batch_begin(self, batch, logs=None):
        self.blank.append(self._blank())

    def on_test_batch_begin(self, batch, logs=None):
        self.test_blank.append(self._blank())


def blank_pattern(model, data, callbacks, epochs=2):
    """Fit from a blank state; return per epoch the batches that started from a blank state."""
    reset_states(model)
    probe = Probe()
    x, y = data
    model.fit(
        x,
        y,
        batch_size=BATCH,
        epochs=epochs,
        shuffle=False,
        verbose=0,
        callbacks=[*callbacks, probe],
    )
    return [
        [i for i, blank in enumerate(probe.blank[e * N_BATCHES : (e + 1) * N_BATCHES]) if blank]
        for e in range(epochs)
    ]


def test_without_the_callback_keras_carries_state_across_epochs(model, data):
    # The control: nothing resets, so only the very first batch starts blank.
    assert blank_pattern(model, data, []) == [[0], []]


def test_default_resets_at_the_start_of_each_epoch(model, data):
    assert blank_pattern(model, data, [ResetStates()]) == [[0], [0]]


def test_every_batches_counts_within_each_epoch(model, data):
    # Batches 0 and 4 of each epoch (a global count would reset at global batch 8 instead).
    assert blank_pattern(model, data, [ResetStates(every_batches=4)]) == [[0, 4], [0, 4]]


def test_boundaries_reset_before_the_listed_batches(model, data):
    assert blank_pattern(model, data, [ResetStates(boundaries={2, 5})]) == [[0, 2, 5], [0, 2, 5]]


def test_each_epoch_false_carries_state_into_the_next_epoch(model, data):
    pattern = blank_pattern(model, data, [ResetStates(boundaries=[2], each_epoch=False)])
    assert pattern == [[0, 2], [2]]  # epoch 0 batch 0 is blank only because fit started blank


def test_resets_before_evaluate_unless_told_not_to(model, data):
    x, y = data
    for before_test, expected in [(True, True), (False, False)]:
        model.predict_on_batch(x[:BATCH])  # leave a non-blank state behind
        probe = Probe()
        model.evaluate(
            x[: 2 * BATCH],
            y[: 2 * BATCH],
            batch_size=BATCH,
            verbose=0,
            callbacks=[ResetStates(before_test=before_test), probe],
        )
        assert probe.test_blank[0] is expected


def test_refuses_a_model_without_stateful_layers():
    stateless = keras.Sequential([keras.Input((3, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)])
    stateless.compile(loss="mse")
    with pytest.raises(ValueError, match=r"no stateful RNN layer.*stateful=True"):
        stateless.fit(
            np.ones((4, 3, 1)), np.ones((4, 1)), batch_size=2, verbose=0, callbacks=[ResetStates()]
        )


# Keras refuses steps_per_execution other than 1 on PyTorch before any callback runs
# (keras/src/backend/torch/trainer.py), so there is no schedule for ResetStates to refuse.
TORCH_ALLOWS_ONE_STEP = pytest.mark.skipif(
    keras.backend.backend() == "torch", reason="PyTorch: Keras allows only steps_per_execution=1"
)


@pytest.fixture(scope="module")
def fast_model():
    """A stateful model compiled with steps_per_execution=3."""
    model = keras.Sequential(
        [keras.Input(batch_shape=(BATCH, 3, 1)), keras.layers.GRU(2, stateful=True)]
    )
    carry_states(model)
    model.compile(loss="mse", steps_per_execution=3)
    return model


@pytest.mark.parametrize(
    ("callback", "described"),
    [
        (ResetStates(every_batches=6), r"ResetStates\(every_batches=6\)"),
        (ResetStates(boundaries={9, 3}), r"ResetStates\(boundaries=\[3, 9\]\)"),
    ],
)
@TORCH_ALLOWS_ONE_STEP
def test_refuses_batch_schedules_with_steps_per_execution(fast_model, callback, described):
    with pytest.raises(ValueError, match=described) as info:
        fast_model.fit(
            np.ones((12, 3, 1)), np.ones((12, 2)), batch_size=BATCH, verbose=0, callbacks=[callback]
        )
    message = str(info.value)
    assert "steps_per_execution=3" in message
    assert "once every 3 batches" in message
    assert "Compile with steps_per_execution=1" in message


def test_epoch_schedule_is_fine_with_steps_per_execution(fast_model):
    callback = ResetStates()
    callback.set_model(fast_model)
    callback.on_train_begin()  # no error: epoch hooks still run every epoch


def test_refuses_batch_schedules_with_auto_steps_per_execution():
    model = keras.Sequential(
        [keras.Input(batch_shape=(1, 2, 1)), keras.layers.SimpleRNN(2, stateful=True)]
    )
    carry_states(model)
    model.compile(loss="mse", steps_per_execution="auto")
    callback = ResetStates(every_batches=2)
    callback.set_model(model)
    with pytest.raises(ValueError, match="steps_per_execution='auto'.*not on every batch"):
        callback.on_train_begin()


def test_accepts_numpy_integers():
    callback = ResetStates(every_batches=np.int64(3), boundaries=None)
    assert callback.every_batches == 3
    assert ResetStates(boundaries=np.array([4, 1])).boundaries == frozenset({1, 4})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"every_batches": 2, "boundaries": [1]}, "not both"),
        ({"every_batches": 0}, "every_batches must be a positive integer, got 0"),
        ({"every_batches": True}, "every_batches must be a positive integer, got True"),
        ({"every_batches": 1.5}, "every_batches must be a positive integer, got 1.5"),
        ({"boundaries": 4}, r"collection of batch indices, got 4; .*every_batches=4"),
        ({"boundaries": []}, r"boundaries is empty; .*ResetStates\(\)"),
        ({"boundaries": [1, -2, "a"]}, r"integers >= 0\), got \[-2, 'a'\]"),
        ({"each_epoch": False}, "nothing to reset"),
    ],
)
def test_refuses_bad_schedules(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ResetStates(**kwargs)
