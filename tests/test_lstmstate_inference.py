"""Tests of lstmstate.inference: one-step stateful copies of trained models, and generation."""

import keras
import numpy as np
import pytest

from lstmstate import generate, get_states, inference_copy, reset_states, stateful_layers

FEATURES, CLASSES = 2, 5


@pytest.fixture(scope="module")
def model():
    """A stateless sequence model (random weights), as trained on whole sequences."""
    keras.utils.set_random_seed(5)
    return keras.Sequential(
        [
            keras.Input(shape=(None, FEATURES)),
            keras.layers.LSTM(4, return_sequences=True),
            keras.layers.GRU(3),
            keras.layers.Dense(CLASSES, activation="softmax"),
        ]
    )


@pytest.fixture(scope="module")
def step_model(model):
    return inference_copy(model, batch_size=2)


@pytest.fixture(scope="module")
def sequences():
    return np.random.default_rng(5).normal(size=(2, 6, FEATURES)).astype("float32")


def encode(ids):
    """Turn class ids into one input step of FEATURES numbers."""
    return np.stack([ids / CLASSES, (ids % 2) - 0.5], axis=1)


def test_copy_takes_one_step_of_a_fixed_batch_and_is_stateful(step_model):
    assert tuple(step_model.inputs[0].shape) == (2, 1, FEATURES)
    layers = stateful_layers(step_model)
    assert [type(layer).__name__ for layer in layers] == ["LSTM", "GRU"]
    assert [tuple(layer.states[0].shape) for layer in layers] == [(2, 4), (2, 3)]
    assert all(not np.any(a) for layer in get_states(step_model) for a in layer)


def test_copy_has_equal_but_separate_weights(model):
    copy = inference_copy(model)
    for ours, theirs in zip(copy.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    copy.layers[-1].kernel.assign(np.zeros((3, CLASSES)))
    assert np.any(model.layers[-1].kernel.numpy())


def test_stepping_the_copy_gives_the_whole_sequence_output(model, step_model, sequences):
    expected = keras.ops.convert_to_numpy(model(sequences))
    reset_states(step_model)
    for t in range(sequences.shape[1]):
        out = step_model.predict_on_batch(sequences[:, t : t + 1])
    np.testing.assert_allclose(out, expected, atol=1e-5)
    # Without the carried state the last step alone would give something else.
    assert not np.allclose(
        keras.ops.convert_to_numpy(model(sequences[:, -1:])), expected, atol=1e-3
    )


def test_functional_return_sequences_model_from_a_stateful_one(sequences):
    keras.utils.set_random_seed(6)
    inputs = keras.Input(batch_shape=(3, 6, FEATURES))  # trained stateful, other batch size
    h = keras.layers.SimpleRNN(3, stateful=True, return_sequences=True)(inputs)
    trained = keras.Model(inputs, keras.layers.Dense(2)(h))
    copy = inference_copy(trained, batch_size=2)
    assert tuple(copy.inputs[0].shape) == (2, 1, FEATURES)
    reset_states(trained)
    padded = np.concatenate([sequences, sequences[:1]])  # the trained model takes 3 rows
    expected = keras.ops.convert_to_numpy(trained(padded))[:2]
    for t in range(6):
        out = copy.predict_on_batch(sequences[:, t : t + 1])
        np.testing.assert_allclose(out[:, 0], expected[:, t], atol=1e-5)


def test_embedding_model_takes_ids_and_keeps_the_input_dtype():
    keras.utils.set_random_seed(7)
    model = keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(CLASSES, 3),
            keras.layers.GRU(4),
            keras.layers.Dense(CLASSES),
        ]
    )
    copy = inference_copy(model)
    assert tuple(copy.inputs[0].shape) == (1, 1)
    assert copy.inputs[0].dtype == "int32"
    prompt = np.array([[1, 4, 2]])
    ids = generate(copy, prompt, 4)  # no encode: the ids are the inputs
    assert ids.shape == (1, 4)
    history = prompt
    for step in range(4):
        expected = int(np.argmax(keras.ops.convert_to_numpy(model(history))[0]))
        assert ids[0, step] == expected
        history = np.concatenate([history, [[expected]]], axis=1)


def oracle(model, history, n_steps):
    """Generate with the stateless model by re-reading the whole history at every step."""
    ids = []
    for _ in range(n_steps):
        next_ids = np.argmax(keras.ops.convert_to_numpy(model(history)), axis=-1)
        ids.append(next_ids)
        history = np.concatenate([history, encode(next_ids)[:, None].astype("float32")], axis=1)
    return np.stack(ids, axis=1), history


def test_generate_matches_rereading_the_whole_history(model, step_model, sequences):
    prompt = sequences[:, :3]
    ids = generate(step_model, prompt, 5, encode)
    expected, _ = oracle(model, prompt, 5)
    assert ids.shape == (2, 5)
    assert ids.dtype == np.int64
    np.testing.assert_array_equal(ids, expected)
    assert len(np.unique(expected)) > 1  # the check would be weak if every id were the same


def test_generate_with_reset_false_continues_from_the_last_fed_step(model, step_model, sequences):
    first = generate(step_model, sequences[:, :2], 3, encode)
    second = generate(step_model, sequences[:, 2:4], 2, encode, reset=False)
    # The state has seen the first prompt and the inputs made from all but the last id.
    seen = np.concatenate(
        [
            sequences[:, :2],
            encode(first[:, 0])[:, None],
            encode(first[:, 1])[:, None],
            sequences[:, 2:4],
        ],
        axis=1,
    )
    expected, _ = oracle(model, seen.astype("float32"), 2)
    np.testing.assert_array_equal(second, expected)


def test_generate_accepts_encode_results_with_the_time_axis(step_model, sequences):
    plain = generate(step_model, sequences[:, :2], 3, encode)
    with_axis = generate(step_model, sequences[:, :2], 3, lambda ids: encode(ids)[:, None])
    np.testing.assert_array_equal(plain, with_axis)


def test_generate_reads_the_last_step_of_return_sequences_outputs():
    keras.utils.set_random_seed(8)
    model = keras.Sequential(
        [
            keras.Input((None, FEATURES)),
            keras.layers.LSTM(3, return_sequences=True),
            keras.layers.Dense(CLASSES),
        ]
    )
    copy = inference_copy(model)
    prompt = np.random.default_rng(8).normal(size=(1, 2, FEATURES)).astype("float32")
    ids = generate(copy, prompt, 1, encode)
    assert ids[0, 0] == int(np.argmax(keras.ops.convert_to_numpy(model(prompt))[0, -1]))


# --- the errors of inference_copy ---


def bidirectional_model():
    inputs = keras.Input((None, FEATURES))
    h = keras.layers.Bidirectional(keras.layers.LSTM(2), name="both_ways")(inputs)
    return keras.Model(inputs, keras.layers.Dense(CLASSES)(h))


def nested_model():
    inner = keras.Sequential([keras.Input((None, FEATURES)), keras.layers.GRU(2, name="deep")])
    inputs = keras.Input((None, FEATURES))
    return keras.Model(inputs, keras.layers.Dense(CLASSES)(inner(inputs)))


def two_input_model():
    a, b = keras.Input((None, FEATURES)), keras.Input((None, FEATURES))
    return keras.Model(
        [a, b], keras.layers.Add()([keras.layers.LSTM(2)(a), keras.layers.LSTM(2)(b)])
    )


def no_time_axis_model():
    inputs = keras.Input(shape=())
    return keras.Model(inputs, keras.layers.Reshape((1, 1))(inputs))


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.rnn = keras.layers.LSTM(2)

    def call(self, x):
        return self.rnn(x)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (bidirectional_model, r"'both_ways' is Bidirectional: .*one step at a time"),
        (
            lambda: keras.Sequential(
                [keras.Input((None, 1)), keras.layers.LSTM(2, go_backwards=True, name="back")]
            ),
            r"'back' has go_backwards=True",
        ),
        (nested_model, r"'deep' is inside a nested model or wrapper"),
        (lambda: keras.Sequential([keras.Input((4, 1)), keras.layers.Dense(2)]), "no RNN layer"),
        (no_time_axis_model, r"input has shape \(None,\); .*needs a time axis"),
        (two_input_model, "exactly one input, it has 2"),
        (Subclassed, "no known inputs.*subclassed"),
        (lambda: keras.Sequential([keras.layers.LSTM(2)]), "no known inputs"),
    ],
)
def test_inference_copy_refuses_models_it_cannot_rebuild(make, message):
    with pytest.raises(ValueError, match=message):
        inference_copy(make())


@pytest.mark.parametrize("bad", [0, -1, 1.0, None])
def test_inference_copy_refuses_bad_batch_sizes(model, bad):
    with pytest.raises(ValueError, match=f"batch_size must be a positive integer, got {bad}"):
        inference_copy(model, batch_size=bad)


# --- the errors of generate ---


def test_generate_refuses_a_model_that_is_not_one_step(model, sequences):
    with pytest.raises(ValueError, match=r"shape \(None, None, 2\); .*inference_copy\(model\)"):
        generate(model, sequences, 2, encode)


def test_generate_refuses_a_one_step_model_without_state(sequences):
    forgetful = keras.Sequential(
        [
            keras.Input(batch_shape=(2, 1, FEATURES)),
            keras.layers.LSTM(2),
            keras.layers.Dense(CLASSES),
        ]
    )
    with pytest.raises(ValueError, match="no stateful RNN layer, so it would forget"):
        generate(forgetful, sequences, 2, encode)


@pytest.mark.parametrize(
    ("prompt_shape", "message"),
    [
        ((3, 4, FEATURES), r"prompt has shape \(3, 4, 2\); step_model needs \(2, T, 2\)"),
        ((2, 4), r"prompt has shape \(2, 4\); step_model needs \(2, T, 2\)"),
        ((2, 4, 3), r"prompt has shape \(2, 4, 3\)"),
        ((2, 0, FEATURES), "at least one time step"),
    ],
)
def test_generate_refuses_a_prompt_of_the_wrong_shape(step_model, prompt_shape, message):
    with pytest.raises(ValueError, match=message):
        generate(step_model, np.zeros(prompt_shape), 2, encode)


@pytest.mark.parametrize("bad", [0, -2, 2.5])
def test_generate_refuses_bad_step_counts(step_model, sequences, bad):
    with pytest.raises(ValueError, match=f"n_steps must be a positive integer, got {bad}"):
        generate(step_model, sequences, bad, encode)


def test_generate_needs_encode_for_feature_inputs(step_model, sequences):
    with pytest.raises(ValueError, match=r"not class ids: pass encode=.*shape \(2, 2\)"):
        generate(step_model, sequences, 2)


def test_generate_refuses_encode_results_of_the_wrong_shape(step_model, sequences):
    with pytest.raises(
        ValueError, match=r"encode returned an array of shape \(2, 3\); expected \(2, 2\)"
    ):
        generate(step_model, sequences, 2, lambda ids: np.zeros((2, 3)))


def test_generate_refuses_outputs_that_are_not_class_scores():
    regression = keras.Sequential(
        [
            keras.Input(batch_shape=(1, 1, 1)),
            keras.layers.LSTM(2, stateful=True),
            keras.layers.Dense(1),
        ]
    )
    with pytest.raises(ValueError, match=r"output has shape \(1, 1\); .*n_classes >= 2"):
        generate(regression, np.zeros((1, 2, 1)), 2, lambda ids: ids[:, None])


def test_generate_refuses_a_model_with_two_outputs():
    inputs = keras.Input(batch_shape=(1, 1, 1))
    h = keras.layers.LSTM(2, stateful=True)(inputs)
    two = keras.Model(inputs, [keras.layers.Dense(3)(h), keras.layers.Dense(3)(h)])
    with pytest.raises(ValueError, match="single output .*it has 2"):
        generate(two, np.zeros((1, 2, 1)), 2, lambda ids: ids[:, None])


def test_copy_with_several_steps_per_call_carries_state_between_calls(model, sequences):
    expected = keras.ops.convert_to_numpy(model(sequences))
    reader = inference_copy(model, batch_size=2, steps=3)
    assert tuple(reader.inputs[0].shape) == (2, 3, FEATURES)
    reader.predict_on_batch(sequences[:, :3])
    np.testing.assert_allclose(reader.predict_on_batch(sequences[:, 3:]), expected, atol=1e-5)


@pytest.mark.parametrize("bad", [0, -2, 1.5])
def test_inference_copy_refuses_bad_step_counts(model, bad):
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        inference_copy(model, steps=bad)


def logit_model():
    """Ids in, logits over CLASSES out, one per step: a tiny character model."""
    keras.utils.set_random_seed(3)
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(CLASSES, 4),
            keras.layers.LSTM(6, return_sequences=True),
            keras.layers.Dense(CLASSES),
        ]
    )


def test_generate_with_temperature_draws_from_the_softmax():
    step_model = inference_copy(logit_model())
    prompt = np.array([[1, 2]])
    draws = [
        generate(step_model, prompt, 1, temperature=1.0, rng=np.random.default_rng(seed))
        for seed in range(400)
    ]
    counts = np.bincount(np.concatenate(draws).ravel(), minlength=CLASSES)
    reset_states(step_model)
    step_model.predict_on_batch(prompt[:, :1])
    logits = step_model.predict_on_batch(prompt[:, 1:]).reshape(-1).astype("float64")
    p = np.exp(logits - logits.max())
    p /= p.sum()
    # 400 draws: each class within 5 standard deviations of its expected count.
    np.testing.assert_array_less(np.abs(counts - 400 * p), 5 * np.sqrt(400 * p * (1 - p)) + 1)
    assert len(set(counts.nonzero()[0])) > 1  # a draw, not the argmax every time


def test_generate_with_temperature_is_reproducible_and_seeded_globally():
    step_model = inference_copy(logit_model())
    prompt = np.array([[1, 2, 3]])
    runs = []
    for _ in range(2):
        keras.utils.set_random_seed(11)  # seeds NumPy's global generator, used when rng=None
        runs.append(generate(step_model, prompt, 30, temperature=0.7))
    np.testing.assert_array_equal(runs[0], runs[1])
    other = generate(step_model, prompt, 30, temperature=0.7, rng=np.random.default_rng(1))
    assert other.shape == (1, 30) and other.max() < CLASSES


def test_a_low_temperature_picks_the_argmax():
    step_model = inference_copy(logit_model())
    prompt = np.array([[4, 0, 2]])
    greedy = generate(step_model, prompt, 10)
    cold = generate(step_model, prompt, 10, temperature=1e-4, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(cold, greedy)


@pytest.mark.parametrize("bad", [0, -1.0])
def test_generate_refuses_a_temperature_that_is_not_positive(bad):
    step_model = inference_copy(logit_model())
    with pytest.raises(ValueError, match="temperature must be positive"):
        generate(step_model, np.array([[1]]), 3, temperature=bad)


# --- a copy that reads a few steps per call is proved, or refused naming the layer ---


def conv_model():
    """The issue's input: Input((None, 2)) -> Conv1D(4, 3, causal) -> LSTM(4) -> Dense(1)."""
    return keras.Sequential(
        [
            keras.Input((None, 2)),
            keras.layers.Conv1D(4, 3, padding="causal", name="conv"),
            keras.layers.LSTM(4),
            keras.layers.Dense(1),
        ]
    )


def test_a_causal_conv1d_before_the_lstm_is_refused_by_name():
    keras.utils.set_random_seed(3)
    with pytest.raises(ValueError, match=r"layer 'conv' \(Conv1D\) gives other outputs 1 step"):
        inference_copy(conv_model())


def pooled_model():
    return keras.Sequential(
        [
            keras.Input((None, 2)),
            keras.layers.LSTM(4, return_sequences=True),
            keras.layers.GlobalAveragePooling1D(name="pool"),
            keras.layers.Dense(1),
        ]
    )


def attention_model():
    inputs = keras.Input((None, 2))
    h = keras.layers.LSTM(4, return_sequences=True)(inputs)
    return keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Attention(name="attend")([h, h])))


def pooling_model():
    return keras.Sequential(
        [
            keras.Input((None, 2)),
            keras.layers.LSTM(4, return_sequences=True),
            keras.layers.AveragePooling1D(2, padding="same", name="avg"),
            keras.layers.Dense(1),
        ]
    )


@pytest.mark.parametrize(
    "make, name",
    [(pooled_model, "pool"), (attention_model, "attend"), (pooling_model, "avg")],
)
def test_layers_that_mix_time_steps_are_refused_by_name(make, name):
    keras.utils.set_random_seed(3)
    with pytest.raises(ValueError, match=f"layer '{name}' .* mixes time steps"):
        inference_copy(make(), steps=2)


def test_the_probe_leaves_the_global_random_generators_alone(model):
    keras.utils.set_random_seed(11)
    inference_copy(model)  # a clone draws nothing at random: its weights are set
    after_copy = np.random.rand(), keras.ops.convert_to_numpy(keras.random.uniform(()))
    keras.utils.set_random_seed(11)
    keras.models.clone_model(model)
    plain_clone = np.random.rand(), keras.ops.convert_to_numpy(keras.random.uniform(()))
    assert after_copy == plain_clone


def test_the_copy_comes_back_with_blank_state_after_the_probe(model):
    copy = inference_copy(model, batch_size=2)
    assert all(not np.any(a) for layer in get_states(copy) for a in layer)
