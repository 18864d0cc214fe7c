"""train: updates per epoch, batch order and shuffling, exact GD steps, convergence,
divergence without warnings (and the diverge_above rule), callbacks, a run trained in
pieces (history=), and bad input refused."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import data, optimizers
from lessons_lib.nn import MLP
from lessons_lib.training import PATH_MAX_PARAMS, History, Progress, new_history, train


def linear_model(w=0.5, b=0.0):
    """ŷ = w·x + b: one input, one output, no activation."""
    return MLP.from_params([np.array([[w]])], [np.array([b])], "linear")


def mse_step(w, b, x, y, lr):
    """One GD step on J = (1/B) Σ (w xᵢ + b − yᵢ)², written out by hand:
    eᵢ = w xᵢ + b − yᵢ,  ∂J/∂w = (2/B) Σ eᵢ xᵢ,  ∂J/∂b = (2/B) Σ eᵢ.
    Returns (J, w_new, b_new)."""
    e = w * x + b - y
    return np.mean(e**2), w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e)


class RowRecorder:
    """A stand-in model whose X holds row numbers: it notes which rows each call sees.
    Its gradient is 0, so nothing moves."""

    def __init__(self):
        self.calls = []

    def loss_and_grads(self, X, Y, loss):
        self.calls.append(X[:, 0].astype(int).tolist())
        return 1.0, [np.zeros((1, 1))], [np.zeros(1)]

    def params(self):
        return [np.zeros((1, 1))], [np.zeros(1)]

    def set_params(self, weights, biases):
        pass


def recorded_batches(rec, n):
    """The training batches: every call except the full-data loss (all n rows, in order)."""
    return [c for c in rec.calls if c != list(range(n))]


# --- how many updates ---------------------------------------------------------------

@pytest.mark.parametrize(
    "n, batch_size, per_epoch",
    [(10, None, 1), (10, 10, 1), (10, 1, 10), (10, 5, 2), (10, 3, 4), (10, 9, 2),
     (7, 2, 4), (1, 1, 1), (1, None, 1)],
)
def test_batch_minibatch_and_sgd_make_the_right_number_of_updates(n, batch_size, per_epoch):
    X, y = data.line(n, seed=1)
    epochs = 3
    h = train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(0.05),
              epochs=epochs, batch_size=batch_size)
    assert h.updates_per_epoch == per_epoch
    assert h.batch_size == (n if batch_size is None else batch_size)
    assert h.n_updates == epochs * per_epoch and h.update_losses.shape == (epochs * per_epoch,)
    assert h.epoch_losses.shape == (epochs + 1,) and h.epochs_done == epochs
    assert h.params_path.shape == (epochs * per_epoch + 1, 2)
    assert not h.diverged and not h.stopped_early
    assert h.final_loss == h.epoch_losses[-1]


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 30), data_=st.data(), epochs=st.integers(1, 3),
       shuffle=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_every_epoch_visits_every_sample_once_in_batches_of_b(n, data_, epochs, shuffle, seed):
    B = data_.draw(st.integers(1, n))
    X = np.arange(n, dtype=float)[:, None]
    rec = RowRecorder()
    h = train(rec, X, np.zeros((n, 1)), loss="mse", optimizer=optimizers.GD(0.1),
              epochs=epochs, batch_size=B, shuffle=shuffle, seed=seed)
    per = math.ceil(n / B)
    assert h.n_updates == epochs * per
    # One full-data loss at the start and after every epoch, then the batches.
    assert sum(c == list(range(n)) for c in rec.calls) >= epochs + 1
    batches = recorded_batches(rec, n) if B < n else [list(range(n))] * epochs
    assert len(batches) == epochs * per
    for e in range(epochs):
        epoch = batches[e * per:(e + 1) * per]
        assert [len(b) for b in epoch] == [B] * (per - 1) + [n - (per - 1) * B]
        assert sorted(sum(epoch, [])) == list(range(n))
        if not shuffle:
            assert sum(epoch, []) == list(range(n))


def test_shuffle_draws_a_new_order_each_epoch_from_the_seed():
    n, B, seed = 12, 4, 7
    rec = RowRecorder()
    train(rec, np.arange(n, dtype=float)[:, None], np.zeros(n), loss="mse",
          optimizer=optimizers.GD(0.1), epochs=2, batch_size=B, seed=seed)
    batches = recorded_batches(rec, n)
    rng = np.random.default_rng(seed)
    first, second = rng.permutation(n), rng.permutation(n)
    assert sum(batches[:3], []) == first.tolist()
    assert sum(batches[3:], []) == second.tolist()
    assert first.tolist() != second.tolist()


def test_same_seed_same_history_other_seed_other_losses():
    X, y = data.line(20, seed=2)

    def run(seed):
        return train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(0.05),
                     epochs=3, batch_size=4, seed=seed)

    a, b, c = run(5), run(5), run(6)
    np.testing.assert_array_equal(a.update_losses, b.update_losses)
    np.testing.assert_array_equal(a.epoch_losses, b.epoch_losses)
    np.testing.assert_array_equal(a.params_path, b.params_path)
    assert not np.array_equal(a.update_losses, c.update_losses)


# --- the steps are the update rule ----------------------------------------------------

def test_one_epoch_of_batch_gd_is_one_hand_computed_step():
    # Data (1, 2), (2, 3), (3, 5); start w = 0.5, b = 0; α = 0.1.
    # Predictions 0.5, 1, 1.5, errors e = ŷ − y = −1.5, −2, −3.5.
    # J = (2.25 + 4 + 12.25)/3 = 18.5/3.
    # ∂J/∂w = (2/3)(−1.5·1 − 2·2 − 3.5·3) = (2/3)(−16) = −32/3;  ∂J/∂b = (2/3)(−7) = −14/3.
    # θ ← θ − α∇J: w = 0.5 + 3.2/3 = 1.5666…,  b = 0 + 1.4/3 = 0.4666….
    X, y = np.array([[1.0], [2.0], [3.0]]), np.array([[2.0], [3.0], [5.0]])
    model = linear_model(0.5, 0.0)
    h = train(model, X, y, loss="mse", optimizer=optimizers.GD(0.1), epochs=1)
    assert h.n_updates == 1
    assert h.update_losses[0] == pytest.approx(18.5 / 3)
    assert h.epoch_losses[0] == pytest.approx(18.5 / 3)
    np.testing.assert_allclose(h.params_path, [[0.5, 0.0], [0.5 + 3.2 / 3, 1.4 / 3]])
    W, b = model.params()
    np.testing.assert_allclose([W[0][0, 0], b[0][0]], [0.5 + 3.2 / 3, 1.4 / 3])


def test_unshuffled_first_update_uses_the_first_b_rows():
    X, y = data.line(30, seed=3)
    B, lr = 8, 0.05
    h = train(linear_model(0.5, -0.2), X, y, loss="mse", optimizer=optimizers.GD(lr),
              epochs=1, batch_size=B, shuffle=False)
    J, w, b = mse_step(0.5, -0.2, X[:B, 0], y[:B, 0], lr)
    assert h.update_losses[0] == pytest.approx(J, rel=1e-12)
    np.testing.assert_allclose(h.params_path[1], [w, b], rtol=1e-12)


@pytest.mark.parametrize("n, B", [(7, 3), (10, 1), (9, 9), (11, 4)])
def test_every_minibatch_step_matches_the_hand_formula(n, B):
    # Two unshuffled epochs; with n = 7, B = 3 the batches are rows 0–2, 3–5 and 6 alone.
    X, y = data.line(n, seed=4)
    lr, w, b = 0.05, 0.3, 0.1
    h = train(linear_model(w, b), X, y, loss="mse", optimizer=optimizers.GD(lr),
              epochs=2, batch_size=B, shuffle=False)
    path, losses = [[w, b]], []
    for _ in range(2):
        for i in range(0, n, B):
            J, w, b = mse_step(w, b, X[i:i + B, 0], y[i:i + B, 0], lr)
            losses.append(J)
            path.append([w, b])
    np.testing.assert_allclose(h.update_losses, losses, rtol=1e-12)
    np.testing.assert_allclose(h.params_path, path, rtol=1e-12, atol=1e-15)


def test_epoch_losses_are_full_data_losses_at_the_epochs_end():
    X, y = data.line(10, seed=5)
    model = linear_model()
    h = train(model, X, y, loss="mse", optimizer=optimizers.GD(0.05), epochs=2,
              batch_size=3, shuffle=False)
    ends = h.params_path[[0, 4, 8]]  # θ₀, then θ after 4 and 8 updates (⌈10/3⌉ = 4)
    expected = [np.mean((w * X[:, 0] + b - y[:, 0]) ** 2) for w, b in ends]
    np.testing.assert_allclose(h.epoch_losses, expected, rtol=1e-12)


def test_params_path_only_for_small_models():
    X, y = data.xor(8, seed=1)
    small = MLP([2, 2, 1], output_activation="sigmoid")     # 2·2 + 2 + 2 + 1 = 9 numbers
    big = MLP([2, 3, 1], output_activation="sigmoid")       # 6 + 3 + 3 + 1 = 13 numbers
    assert small.n_params <= PATH_MAX_PARAMS < big.n_params
    opt = optimizers.GD(0.5)
    h = train(small, X, y, loss="bce", optimizer=opt, epochs=2, batch_size=4)
    assert h.params_path.shape == (5, 9)
    W, b = small.params()
    np.testing.assert_array_equal(
        h.params_path[-1], np.concatenate([W[0].ravel(), W[1].ravel(), b[0], b[1]]))
    assert train(big, X, y, loss="bce", optimizer=opt, epochs=2).params_path is None


# --- learning works ---------------------------------------------------------------------

def test_gd_on_line_data_goes_downhill_to_the_true_line():
    X, y = data.line(200, slope=2.0, intercept=1.0, noise=0.3, seed=0)
    h = train(linear_model(0.0, 0.0), X, y, loss="mse", optimizer=optimizers.GD(0.1),
              epochs=200)
    # α = 0.1 is below 2/λ_max (λ_max ≈ 2·E[x²] ≈ 2.7), so the loss never rises (it
    # falls strictly until it reaches the minimum to rounding).
    steps = np.diff(h.epoch_losses)
    assert np.all(steps[:30] < 0) and np.all(steps <= 1e-15)
    w, b = h.params_path[-1]
    ls_w, ls_b = np.polyfit(X[:, 0], y[:, 0], 1)
    assert w == pytest.approx(ls_w, abs=1e-6) and b == pytest.approx(ls_b, abs=1e-6)
    assert w == pytest.approx(2.0, abs=0.1) and b == pytest.approx(1.0, abs=0.1)
    # What is left is the noise: J ≈ σ² = 0.09.
    assert h.final_loss == pytest.approx(0.09, rel=0.25)


@pytest.mark.parametrize("opt", [
    optimizers.GD(0.05), optimizers.Momentum(0.02), optimizers.Nesterov(0.02),
    optimizers.RMSProp(0.01), optimizers.Adam(0.05),
])
def test_every_optimizer_trains_with_sgd_and_minibatches(opt):
    X, y = data.line(40, seed=1)
    for B in (1, 8):
        h = train(linear_model(0.0, 0.0), X, y, loss="mse", optimizer=opt, epochs=30,
                  batch_size=B)
        assert h.final_loss < 0.1 * h.epoch_losses[0]


def test_a_stateful_optimizer_is_reset_so_two_runs_agree():
    X, y = data.line(20, seed=1)
    opt = optimizers.Adam(0.05)
    a = train(linear_model(), X, y, loss="mse", optimizer=opt, epochs=3, batch_size=5)
    b = train(linear_model(), X, y, loss="mse", optimizer=opt, epochs=3, batch_size=5)
    np.testing.assert_array_equal(a.params_path, b.params_path)

    class Counting(optimizers.GD):
        resets = 0

        def reset(self):
            type(self).resets += 1
            super().reset()

    counting = Counting(0.1)  # GD's constructor resets once itself
    before = Counting.resets
    train(linear_model(), X, y, loss="mse", optimizer=counting, epochs=4, batch_size=5)
    assert Counting.resets - before == 1


def test_classification_losses_and_integer_labels():
    X, y = data.spirals(60, seed=0)
    model = MLP([2, 8, 3], seed=1)
    h = train(model, X, y, loss="softmax_ce", optimizer=optimizers.Adam(0.05), epochs=20,
              batch_size=16)
    assert h.n_updates == 20 * 4 and h.params_path is None
    assert h.final_loss < h.epoch_losses[0]
    X, y = data.xor(4, noise=0.0)
    h = train(MLP([2, 4, 1], output_activation="sigmoid", seed=0), X, y, loss="bce",
              optimizer=optimizers.Adam(0.05), epochs=300)
    assert h.final_loss < 0.1


# --- divergence -----------------------------------------------------------------------

def test_divergence_is_reported_at_the_right_update_without_warnings():
    X, y = data.line(50, seed=0)
    lr, w, b = 5.0, 0.5, 0.0
    # Batch GD by hand: update s diverges when J at its start θ_{s−1} passes 10¹².
    x, t = X[:, 0], y[:, 0]
    s = 1
    while np.mean((w * x + b - t) ** 2) <= 1e12:
        _, w, b = mse_step(w, b, x, t, lr)
        s += 1
    assert 3 < s < 100
    model = linear_model(0.5, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(model, X, y, loss="mse", optimizer=optimizers.GD(lr), epochs=1000)
    assert h.diverged and h.diverged_at == s
    assert h.n_updates == s - 1 and h.params_path.shape == (s, 2)
    assert np.all(h.update_losses <= 1e12) and np.all(np.isfinite(h.params_path))
    W, b_ = model.params()
    np.testing.assert_array_equal([W[0][0, 0], b_[0][0]], h.params_path[-1])
    assert h.final_loss > 1e12


@pytest.mark.parametrize("batch_size", [None, 1, 7])
@pytest.mark.parametrize("lr", [50.0, 1e200])
def test_a_huge_learning_rate_is_a_lesson_not_a_crash(lr, batch_size):
    X, y = data.house_prices(40)            # unstandardised: sizes ~ 100 m², prices ~ 70
    model = MLP([2, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(model, X, y, loss="mse", optimizer=optimizers.GD(lr), epochs=50,
                  batch_size=batch_size)
    assert h.diverged and 1 <= h.diverged_at <= 50 * h.updates_per_epoch
    assert h.n_updates == h.diverged_at - 1
    assert all(np.all(np.isfinite(p)) for p in sum(model.params(), []))
    assert not h.stopped_early


def test_a_smaller_max_loss_stops_sooner():
    X, y = data.line(30, seed=0)
    kwargs = dict(loss="mse", optimizer=optimizers.GD(2.0), epochs=500)
    late = train(linear_model(), X, y, **kwargs).diverged_at
    early = train(linear_model(), X, y, max_loss=100.0, **kwargs).diverged_at
    assert early < late


# --- callbacks ----------------------------------------------------------------------------

def test_callback_runs_after_every_update_with_the_progress():
    X, y = data.line(10, seed=0)
    seen = []
    h = train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(0.05), epochs=3,
              batch_size=4, callback=seen.append)
    assert len(seen) == h.n_updates == 9
    assert all(isinstance(p, Progress) and isinstance(p.history, History) for p in seen)
    assert [p.update for p in seen] == list(range(1, 10))
    assert [p.epoch for p in seen] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert [p.epoch_done for p in seen] == [False, False, True] * 3
    np.testing.assert_array_equal([p.batch_loss for p in seen], h.update_losses)


def test_callback_sees_the_history_so_far_and_can_stop_training():
    X, y = data.line(10, seed=0)
    model = linear_model()
    sizes = []

    def stop_at_5(progress):
        sizes.append((progress.history.n_updates, len(progress.history.epoch_losses)))
        return progress.update < 5

    h = train(model, X, y, loss="mse", optimizer=optimizers.GD(0.05), epochs=10,
              batch_size=4, callback=stop_at_5)
    assert h.n_updates == 5 and h.stopped_early and not h.diverged
    # after update t the history holds t losses; epoch losses: the start, +1 after t = 3.
    assert sizes == [(1, 1), (2, 1), (3, 2), (4, 2), (5, 2)]
    assert h.epochs_done == 1
    assert h.final_loss == pytest.approx(model.loss(X, y, "mse"))
    assert h.final_loss != h.epoch_losses[-1]


# --- bad input ------------------------------------------------------------------------------

X10, Y10 = data.line(10, seed=0)


@pytest.mark.parametrize(
    "changes, match",
    [
        (dict(epochs=0), "epochs must be a whole number ≥ 1"),
        (dict(epochs=2.5), "epochs must be a whole number"),
        (dict(epochs=True), "epochs must be a whole number"),
        (dict(batch_size=0), r"batch_size must be None \(all N = 10 samples\)"),
        (dict(batch_size=11), "batch_size must be .* from 1 to 10"),
        (dict(batch_size=2.0), "batch_size must be"),
        (dict(Y=Y10[:9]), r"Y must have one row per row of X \(10 samples\)"),
        (dict(X=X10[:, 0]), r"X must have shape \(n_samples, n_in\)"),
        (dict(X=np.empty((0, 1)), Y=np.empty((0, 1))), "X must have shape"),
        (dict(model=object()), "model must have loss_and_grads"),
        (dict(optimizer=0.1), "optimizer must have a step"),
        (dict(shuffle="yes"), "shuffle must be True or False"),
        (dict(seed=-1), "seed must be a whole number ≥ 0"),
        (dict(callback=3), "callback must be a function"),
        (dict(max_loss=0), "max_loss must be a positive number"),
        (dict(loss="msee"), "unknown loss 'msee'"),
    ],
)
def test_bad_input_is_a_clear_error(changes, match):
    args = dict(model=linear_model(), X=X10, Y=Y10, loss="mse",
                optimizer=optimizers.GD(0.1), epochs=2)
    args.update(changes)
    model, X, Y = args.pop("model"), args.pop("X"), args.pop("Y")
    with pytest.raises(ValueError, match=match):
        train(model, X, Y, **args)


# --- a run in pieces: history= continues it --------------------------------------------------

OPTIMIZERS = {"gd": lambda: optimizers.GD(0.05), "momentum": lambda: optimizers.Momentum(0.02),
              "adam": lambda: optimizers.Adam(0.05)}


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 12), data_=st.data(), shuffle=st.booleans(),
       seed=st.integers(0, 2**32 - 1), opt=st.sampled_from(sorted(OPTIMIZERS)),
       chunks=st.lists(st.integers(1, 3), min_size=1, max_size=4))
def test_training_in_pieces_gives_the_history_of_one_call(n, data_, shuffle, seed, opt,
                                                          chunks):
    B = data_.draw(st.integers(1, n))
    X, y = data.line(n, seed=3)
    whole_log, piece_log = [], []
    one = train(linear_model(), X, y, loss="mse", optimizer=OPTIMIZERS[opt](),
                epochs=sum(chunks), batch_size=B, shuffle=shuffle, seed=seed,
                callback=lambda p: whole_log.append((p.epoch, p.update, p.epoch_done)))
    model, optimizer = linear_model(), OPTIMIZERS[opt]()
    h = None
    for k in chunks:
        h2 = train(model, X, y, loss="mse", optimizer=optimizer, epochs=k, batch_size=B,
                   shuffle=shuffle, seed=seed, history=h,
                   callback=lambda p: piece_log.append((p.epoch, p.update, p.epoch_done)))
        assert h is None or h2 is h            # the same History, grown
        h = h2
        assert h.final_loss == h.epoch_losses[-1]
    np.testing.assert_array_equal(h.update_losses, one.update_losses)
    np.testing.assert_array_equal(h.epoch_losses, one.epoch_losses)
    np.testing.assert_array_equal(h.params_path, one.params_path)
    assert (h.n_updates, h.epochs_done, h.final_loss, h.seed) == \
        (one.n_updates, one.epochs_done, one.final_loss, one.seed)
    assert piece_log == whole_log              # updates and epochs go on counting


def test_new_history_then_train_is_one_call_and_numbers_continue():
    X, y = data.xor(40, seed=2)
    kwargs = dict(loss="bce", batch_size=8, seed=4)
    one = train(MLP([2, 3, 1], output_activation="sigmoid", seed=1), X, y,
                optimizer=optimizers.GD(0.5), epochs=5, **kwargs)
    model = MLP([2, 3, 1], output_activation="sigmoid", seed=1)
    h = new_history(model, X, y, **kwargs)
    assert h.n_updates == 0 and h.epochs_done == 0 and h.seed == 4
    assert h.epoch_losses.tolist() == [one.epoch_losses[0]] == [h.final_loss]
    opt = optimizers.GD(0.5)
    for _ in range(5):
        train(model, X, y, optimizer=opt, epochs=1, history=h, **kwargs)
    np.testing.assert_array_equal(h.update_losses, one.update_losses)
    np.testing.assert_array_equal(h.epoch_losses, one.epoch_losses)
    assert h.updates_per_epoch == 5 and h.n_updates == 25


def test_continuing_resets_a_stateful_optimizer_only_at_the_start_of_the_run():
    X, y = data.line(20, seed=1)

    class Counting(optimizers.Adam):
        resets = 0

        def reset(self):
            type(self).resets += 1
            super().reset()

    opt = Counting(0.05)
    before = Counting.resets
    h = train(linear_model(), X, y, loss="mse", optimizer=opt, epochs=2, batch_size=5)
    model = linear_model()
    h = train(model, X, y, loss="mse", optimizer=opt, epochs=2, batch_size=5)
    train(model, X, y, loss="mse", optimizer=opt, epochs=3, batch_size=5, history=h)
    assert Counting.resets - before == 2       # two runs, not three calls


def test_a_history_that_cannot_be_continued_is_refused_with_the_reason():
    X, y = data.line(10, seed=0)
    model = linear_model()
    h = train(model, X, y, loss="mse", optimizer=optimizers.GD(0.05), epochs=2,
              batch_size=5, seed=3)

    def go(**changes):
        args = dict(model=model, X=X, Y=y, loss="mse", optimizer=optimizers.GD(0.05),
                    epochs=1, batch_size=5, seed=3, history=h)
        args.update(changes)
        return train(args.pop("model"), args.pop("X"), args.pop("Y"), **args)

    with pytest.raises(ValueError, match=r"batch_size must be the history's B = 5"):
        go(batch_size=None)
    with pytest.raises(ValueError, match=r"seed must be the history's seed 3"):
        go(seed=0)
    with pytest.raises(ValueError, match=r"X has 9 samples, but the history was trained on N = 10"):
        go(X=X[:9], Y=y[:9], batch_size=5)
    with pytest.raises(ValueError, match="do not continue this history"):
        go(model=linear_model())               # a fresh model, not the one it trained
    with pytest.raises(ValueError, match="do not continue this history"):
        go(loss="mae")
    with pytest.raises(ValueError, match="history must be a History"):
        go(history=h.epoch_losses)
    assert h.n_updates == 4                     # nothing was trained by the refused calls
    go()
    assert h.n_updates == 6 and h.epochs_done == 3

    stopped = train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(0.05),
                    epochs=3, callback=lambda p: False)
    with pytest.raises(ValueError, match="callback stopped this run"):
        train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(0.05), epochs=1,
              history=stopped)
    diverged = train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(5.0),
                     epochs=500)
    with pytest.raises(ValueError, match=f"diverged at update {diverged.diverged_at}"):
        train(linear_model(), X, y, loss="mse", optimizer=optimizers.GD(5.0), epochs=1,
              history=diverged)


# --- diverge_above: J on all N samples far above its start -----------------------------------

@pytest.mark.parametrize("batch_size, lr", [(None, 0.62), (4, 0.62), (1, 0.45)])
def test_diverge_above_stops_after_the_first_epoch_above_k_times_the_start(batch_size, lr):
    X, y = data.line(12, seed=0)
    kwargs = dict(loss="mse", optimizer=optimizers.GD(lr), epochs=60, batch_size=batch_size,
                  seed=1)
    free = train(linear_model(), X, y, **kwargs)            # runs on to max_loss
    J0 = free.epoch_losses[0]
    k = int(np.argmax(free.epoch_losses > 3 * J0))           # the first epoch above 3·J₀
    assert k >= 1 and free.epochs_done > k
    per = free.updates_per_epoch
    model = linear_model()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        seen = []
        h = train(model, X, y, diverge_above=3, callback=seen.append, **kwargs)
    assert h.diverged and h.diverged_at == k * per and not h.stopped_early
    # update k·per and epoch k's loss are kept: the curve shows the jump
    np.testing.assert_array_equal(h.epoch_losses, free.epoch_losses[:k + 1])
    np.testing.assert_array_equal(h.update_losses, free.update_losses[:k * per])
    assert h.final_loss == h.epoch_losses[-1] == pytest.approx(model.loss(X, y, "mse"))
    assert seen[-1].update == h.diverged_at and seen[-1].epoch_done
    # the same rule over a run in pieces, measured from the run's start
    model2, opt = linear_model(), optimizers.GD(lr)
    h2 = new_history(model2, X, y, loss="mse", batch_size=batch_size, seed=1)
    while not h2.diverged:
        train(model2, X, y, loss="mse", optimizer=opt, epochs=1, batch_size=batch_size,
              seed=1, history=h2, diverge_above=3)
    assert h2.diverged_at == h.diverged_at
    np.testing.assert_array_equal(h2.epoch_losses, h.epoch_losses)


def test_a_run_that_stays_below_the_limit_is_not_touched_by_diverge_above():
    X, y = data.line(20, seed=2)
    kwargs = dict(loss="mse", optimizer=optimizers.GD(0.05), epochs=10, batch_size=5)
    a = train(linear_model(), X, y, **kwargs)
    b = train(linear_model(), X, y, diverge_above=1.5, **kwargs)
    assert not b.diverged
    np.testing.assert_array_equal(a.params_path, b.params_path)


@pytest.mark.parametrize("bad", [1, 0.5, -3, math.inf, math.nan, True, "3"])
def test_diverge_above_must_be_a_factor_above_one(bad):
    with pytest.raises(ValueError, match="diverge_above must be None or a factor > 1"):
        train(linear_model(), X10, Y10, loss="mse", optimizer=optimizers.GD(0.1), epochs=1,
              diverge_above=bad)


def test_new_history_refuses_bad_input():
    with pytest.raises(ValueError, match="batch_size must be None"):
        new_history(linear_model(), X10, Y10, loss="mse", batch_size=0)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        new_history(linear_model(), X10, Y10, loss="mse", seed=-2)
    with pytest.raises(ValueError, match="model must have loss_and_grads"):
        new_history(object(), X10, Y10, loss="mse")
    with pytest.raises(ValueError, match="unknown loss"):
        new_history(linear_model(), X10, Y10, loss="msee")
