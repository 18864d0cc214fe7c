"""Value (scalar autodiff): every op's gradient against finite differences, hand-derived
composites, agreement with ``activations``, accumulation, graph traversal, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons_lib import activations
from lessons_lib.autograd import Value, backward_steps, local_derivative, sigmoid_neuron, trace
from lessons_lib.gradcheck import numerical_gradient, rel_error

TOL = 1e-6


def assert_grads_match(build, xs):
    """The gradient of ``build`` (a list of Values -> a Value) at xs, from backward(), agrees
    with central differences: rel_error < 1e-6.

    Central differences carry a rounding error of a few ε·M/h ≈ 1e-10·M (h = 1e-6), where
    M is the largest |value| met on the way to f, so an entry of ~1e-7 cannot be checked
    *relatively*. The floor 1e-3·max(1, M) checks such near-zero entries absolutely instead
    (to within 1e-9·max(1, M)); entries above the floor are checked relatively.
    """
    leaves = [Value(x) for x in xs]
    out = build(leaves)
    out.backward()
    analytic = np.array([v.grad for v in leaves])
    numerical = numerical_gradient(lambda x: build([Value(v) for v in x]).data, xs)
    floor = 1e-3 * max(1.0, max(abs(v.data) for v in trace(out)[0]))
    assert rel_error(analytic, numerical, floor=floor) < TOL, (analytic, numerical)


def away_from_zero(lo, hi):
    """Floats with lo ≤ |x| ≤ hi, either sign."""
    return st.tuples(st.floats(lo, hi), st.booleans()).map(lambda t: t[0] if t[1] else -t[0])


moderate = st.floats(-3, 3)

BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


# ----- every op against central finite differences -----------------------------------------
@settings(max_examples=200, deadline=None)
@given(op=st.sampled_from(sorted(BINARY)), a=moderate, b=away_from_zero(0.2, 3))
def test_binary_ops_match_finite_differences(op, a, b):
    f = BINARY[op]
    out = f(Value(a), Value(b))
    assert out.op == op and out.data == pytest.approx(f(a, b), rel=1e-12, abs=1e-300)
    assert_grads_match(lambda v: f(v[0], v[1]), [a, b])


@settings(max_examples=150, deadline=None)
@given(op=st.sampled_from(sorted(BINARY)), c=away_from_zero(0.2, 3),
       x=away_from_zero(0.2, 3), number_first=st.booleans())
def test_a_plain_number_on_either_side(op, c, x, number_first):
    # c is a plain float: this exercises radd, rsub, rmul, rtruediv as well as add … truediv.
    f = BINARY[op]
    if number_first:
        def build(v):
            return f(c, v[0])
        expected = f(c, x)
    else:
        def build(v):
            return f(v[0], c)
        expected = f(x, c)
    out = build([Value(x)])
    assert isinstance(out, Value)
    assert out.data == pytest.approx(expected, rel=1e-12)
    assert_grads_match(build, [x])


@settings(max_examples=150, deadline=None)
@given(k=st.sampled_from([0, 1, 2, 3, -1, -2, 0.5, 1.5, -0.5, 2.5, 3.0]),
       x=away_from_zero(0.3, 2.5))
def test_power_matches_finite_differences(k, x):
    if not float(k).is_integer():
        x = abs(x)  # a negative base needs a whole-number exponent
    out = Value(x) ** k
    assert out.data == pytest.approx(x**k, rel=1e-12)
    assert out.op == f"**{k:g}"
    assert_grads_match(lambda v: v[0] ** k, [x])


UNARY = {
    "neg": (lambda v: -v, lambda x: -x),
    "exp": (Value.exp, math.exp),
    "log": (Value.log, math.log),
    "tanh": (Value.tanh, math.tanh),
    "sigmoid": (Value.sigmoid, lambda x: 1 / (1 + math.exp(-x))),
    "relu": (Value.relu, lambda x: max(x, 0.0)),
}


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(UNARY)), x=away_from_zero(0.01, 4))
def test_unary_functions_match_finite_differences(name, x):
    if name == "log":
        x = abs(x)  # log needs x > 0
    method, reference = UNARY[name]
    out = method(Value(x))
    assert out.op == name
    assert out.data == pytest.approx(reference(x), rel=1e-12, abs=1e-300)
    assert_grads_match(lambda v: method(v[0]), [x])


def composite(v):
    x, y, z = v
    # x, y and z are each used several times, so their gradients add up from several paths.
    softplus = (1 + x.exp()).log()
    return (x * y + z).tanh() * x - y.sigmoid() / (1 + z**2) + softplus * (y - z).relu()


@settings(max_examples=150, deadline=None)
@given(x=moderate, y=moderate, gap=away_from_zero(0.01, 3))
def test_composite_expression_matches_finite_differences(x, y, gap):
    z = y - gap  # so y − z = gap stays away from relu's kink at 0
    assert_grads_match(composite, [x, y, z])


OPS = ["+", "-", "*", "tanh", "sigmoid"]


def run_program(leaves, program):
    """Apply (op, i, j) steps to a growing pool of Values; operands can repeat."""
    pool = list(leaves)
    for op, i, j in program:
        p, q = pool[i % len(pool)], pool[j % len(pool)]
        pool.append(getattr(p, op)() if op in ("tanh", "sigmoid") else BINARY[op](p, q))
    return pool


programs = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
                    min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(xs=st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=3), program=programs)
def test_random_graphs_gradient_and_trace(xs, program):
    leaves = [Value(x) for x in xs]
    pool = run_program(leaves, program)
    root = pool[-1]
    assume(all(abs(v.data) < 100 for v in pool))  # finite differences want moderate values
    assert_grads_match(lambda v: run_program(v, program)[-1], xs)
    # trace: the nodes reachable from root (found by a plain recursive walk), each once
    reachable = set()

    def walk(v):
        if v not in reachable:
            reachable.add(v)
            for c in v.children:
                walk(c)

    walk(root)
    nodes, edges = trace(root)
    assert len(nodes) == len(set(nodes)) == len(reachable) and set(nodes) == reachable
    assert nodes[-1] is root
    position = {v: k for k, v in enumerate(nodes)}
    assert all(position[c] < position[p] for c, p in edges)  # inputs before what they feed
    assert len(edges) == len(set(edges))
    assert set(edges) == {(c, p) for p in nodes for c in p.children}


# ----- composites against hand-derived derivatives -------------------------------------------
def test_karpathy_neuron_by_hand():
    # The neuron of Karpathy's micrograd lecture: z = w1·x1 + w2·x2 + b
    # = (−3)(2) + (1)(0) + 6.8813735870195432 = 0.8813735870195432 = atanh(1/√2),
    # so a = tanh z = 1/√2 ≈ 0.7071 and ∂a/∂z = 1 − a² = 1 − 1/2 = 0.5. Then
    # ∂a/∂w1 = 0.5·x1 = 1, ∂a/∂x1 = 0.5·w1 = −1.5, ∂a/∂w2 = 0.5·x2 = 0, ∂a/∂x2 = 0.5·w2 = 0.5,
    # ∂a/∂b = 0.5.
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    a = (w1 * x1 + w2 * x2 + b).tanh().named("a")
    a.backward()
    assert a.data == pytest.approx(1 / math.sqrt(2), rel=1e-12)
    got = [w1.grad, x1.grad, w2.grad, x2.grad, b.grad]
    np.testing.assert_allclose(got, [1.0, -1.5, 0.0, 0.5, 0.5], rtol=1e-12, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(moderate, min_size=5, max_size=5))
def test_neuron_gradient_is_one_minus_a_squared_times_input(v):
    w1_, w2_, x1_, x2_, b_ = v
    # a = tanh z, z = w1·x1 + w2·x2 + b: ∂a/∂z = 1 − a²; ∂z/∂w1 = x1, ∂z/∂x1 = w1, ∂z/∂b = 1.
    a_ = math.tanh(w1_ * x1_ + w2_ * x2_ + b_)
    da_dz = 1 - a_ * a_
    w1, w2, x1, x2, b = (Value(t) for t in v)
    a = (w1 * x1 + w2 * x2 + b).tanh()
    a.backward()
    assert a.data == pytest.approx(a_, rel=1e-12, abs=1e-15)
    got = [w1.grad, w2.grad, x1.grad, x2.grad, b.grad]
    expected = [da_dz * x1_, da_dz * x2_, da_dz * w1_, da_dz * w2_, da_dz]
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-15)


def test_micrograd_readme_example():
    # From micrograd's README. The forward pass by hand, a = −4, b = 2:
    # c = a + b = −2; d = a·b + b³ = −8 + 8 = 0; c = c + c + 1 = −3; c = c + 1 + c − a = −1;
    # d = d + 2d + relu(b + a) = relu(−2) = 0; d = d + 3d + relu(b − a) = relu(6) = 6;
    # e = c − d = −7; f = e² = 49; g = f/2 + 10/f = 24.5 + 0.2041 = 24.7041.
    a, b = Value(-4.0), Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    assert f"{g.data:.4f}" == "24.7041"
    g.backward()
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


def test_square_of_a_sum_by_hand():
    # L = (a·b + c)², a = 2, b = −3, c = 10: s = a·b + c = 4, L = 16.
    # ∂L/∂s = 2s = 8, ∂L/∂a = 8·b = −24, ∂L/∂b = 8·a = 16, ∂L/∂c = 8.
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    L = (a * b + c) ** 2
    L.backward()
    assert L.data == 16.0
    assert (a.grad, b.grad, c.grad, L.grad) == (-24.0, 16.0, 8.0, 1.0)


def test_a_node_used_twice_gets_both_contributions():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0  # ∂(a + a)/∂a = 1 + 1
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0  # ∂(b·b)/∂b = b + b = 6


# ----- agreement with lessons_lib.activations --------------------------------------------------
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
@settings(max_examples=100, deadline=None)
@given(z=away_from_zero(0.01, 8), upstream=away_from_zero(0.1, 3))
def test_value_activation_agrees_with_activations_module(name, z, upstream):
    # J = upstream · f(z), so ∂J/∂a = upstream and ∂J/∂z = upstream · f'(z).
    act = activations.get(name)
    z_arr = np.array([z])
    a_arr = act.forward(z_arr)
    zv = Value(z)
    av = getattr(zv, name)()
    (av * upstream).backward()
    assert av.data == pytest.approx(a_arr[0], rel=1e-12, abs=1e-300)
    # math.tanh and np.tanh may differ in the last bit; 1 − a² then magnifies that
    # difference by 1/(1 − a²) (≤ ~1e7 for |z| ≤ 8), hence rel=1e-8 for the derivatives.
    assert zv.grad == pytest.approx(upstream * act.derivative(z_arr, a_arr)[0], rel=1e-8,
                                    abs=1e-300)
    dz = act.backward(z_arr, a_arr, np.array([upstream]))[0]
    assert zv.grad == pytest.approx(dz, rel=1e-8, abs=1e-300)


# ----- accumulation, zero_grad ---------------------------------------------------------------
def square_of_sum():
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    ab = (a * b).named("ab")
    s = (ab + c).named("s")
    L = (s**2).named("L")
    return a, b, c, ab, s, L


def test_two_backward_calls_double_the_gradients():
    a, b, c, ab, s, L = square_of_sum()
    L.backward()
    L.backward()
    # single-call values (see test_square_of_a_sum_by_hand): −24, 16, 8; now twice that
    assert (a.grad, b.grad, c.grad) == (-48.0, 32.0, 16.0)
    assert L.grad == 2.0 and s.grad == 16.0


def test_zero_grad_then_backward_gives_the_single_call_values():
    a, b, c, ab, s, L = square_of_sum()
    L.backward()
    L.backward()
    L.zero_grad()
    assert all(v.grad == 0.0 for v in (a, b, c, ab, s, L))
    L.backward()
    assert (a.grad, b.grad, c.grad, ab.grad, s.grad, L.grad) == (-24.0, 16.0, 8.0, 8.0, 8.0, 1.0)


def test_a_deep_chain_needs_no_recursion():
    x = Value(1.5)
    y = x
    for _ in range(5000):
        y = y + x  # y = 5001·x
    y.backward()
    assert y.data == pytest.approx(5001 * 1.5) and x.grad == 5001.0
    assert len(trace(y)[0]) == 5001


# ----- trace and backward_steps ----------------------------------------------------------------
def test_trace_of_a_small_graph():
    a, b, c, ab, s, L = square_of_sum()
    nodes, edges = trace(L)
    assert nodes == [a, b, ab, c, s, L]
    assert edges == [(a, ab), (b, ab), (ab, s), (c, s), (s, L)]
    assert [v.op for v in nodes] == ["", "", "*", "", "+", "**2"]


def test_trace_lists_a_reused_node_once_with_one_edge():
    a = Value(1.0)
    y = a + a
    nodes, edges = trace(y)
    assert nodes == [a, y] and edges == [(a, y)]
    assert y.children == (a, a)


def test_backward_steps_one_node_at_a_time():
    a, b, c, ab, s, L = square_of_sum()
    L.backward()
    L.backward()  # earlier gradients must not leak into the steps
    steps = backward_steps(L)
    # Non-leaf nodes from the output back: L, s, ab, so 3 steps after the start.
    # L passes ∂L/∂s = 2s = 8; s passes 8 to ab and to c; ab passes 8·b = −24 to a, 8·a = 16 to b.
    order = [a, b, ab, c, s, L]
    expected = [
        [0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 8, 1],
        [0, 0, 8, 8, 8, 1],
        [-24, 16, 8, 8, 8, 1],
    ]
    assert len(steps) == len(expected)
    for step, want in zip(steps, expected):
        assert set(step) == set(order)
        assert [step[v] for v in order] == want
    # afterwards the graph holds the normal backward result
    assert [v.grad for v in order] == expected[-1]


@settings(max_examples=100, deadline=None)
@given(xs=st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=3), program=programs)
def test_backward_steps_start_and_end(xs, program):
    root = run_program([Value(x) for x in xs], program)[-1]
    nodes, _ = trace(root)
    steps = backward_steps(root)
    assert len(steps) == 1 + sum(1 for v in nodes if v.children)
    assert steps[0] == {v: (1.0 if v is root else 0.0) for v in nodes}
    # the last entry is what a fresh backward() gives, and the graph is left holding it
    assert steps[-1] == {v: v.grad for v in nodes}
    fresh = run_program([Value(x) for x in xs], program)[-1]
    fresh.backward()
    assert [steps[-1][v] for v in nodes] == [v.grad for v in trace(fresh)[0]]


# ----- labels, repr, numerical safety --------------------------------------------------------
def test_labels_ops_and_repr():
    x = Value(0.5, label="z")
    x.grad = -0.25
    assert repr(x) == "Value(data=0.5, grad=-0.25, label='z')"
    assert repr(Value(2)) == "Value(data=2, grad=0)"
    y = (x * 3).named("y")
    assert y.label == "y" and y.op == "*" and x.op == "" and x.children == ()
    assert (x - 1).label == ""  # a result has no label until you name it
    assert isinstance(x.data, float) and isinstance(Value(3).data, float)


def test_numpy_scalars_work_on_either_side():
    x = Value(2.0)
    y = np.float64(3.0) * x + np.int64(1)
    assert isinstance(y, Value) and y.data == 7.0


def test_sigmoid_is_stable_for_huge_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hi, lo = Value(1000.0), Value(-1000.0)
        s_hi, s_lo = hi.sigmoid(), lo.sigmoid()
        (s_hi + s_lo).backward()
        t = Value(1000.0).tanh()
    assert s_hi.data == 1.0 and s_lo.data == 0.0 and t.data == 1.0
    assert hi.grad == 0.0 and lo.grad == 0.0


# ----- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize("make, match", [
    (lambda: Value(0.0).log(), "log needs a positive number"),
    (lambda: Value(-2.0).log(), "log needs a positive number"),
    (lambda: Value(1.0) / 0, "division by zero"),
    (lambda: 1 / Value(0.0), "division by zero"),
    (lambda: Value(1.0) / Value(0.0), "division by zero"),
    (lambda: Value(float("nan")), "finite"),
    (lambda: Value(float("inf")), "finite"),
    (lambda: Value("1.5"), "real number"),
    (lambda: Value(True), "real number"),
    (lambda: Value(np.array([1.0, 2.0])), "real number"),
    (lambda: Value(2.0) ** Value(2.0), "Value exponent is not supported"),
    (lambda: 2 ** Value(2.0), "Value exponent is not supported"),
    (lambda: Value(2.0) ** float("nan"), "exponent"),
    (lambda: Value(0.0) ** -1, "0 \\*\\* -1 is undefined"),
    (lambda: Value(0.0) ** -0.5, "undefined"),
    (lambda: Value(0.0) ** 0.5, "infinite slope"),
    (lambda: Value(-8.0) ** (1 / 3), "not a real number"),
    (lambda: Value(1000.0).exp(), "too large"),
    (lambda: Value(1e200) * 1e200, "too large"),
    (lambda: Value(1e200) ** 2, "too large"),
    (lambda: Value(1.0) + "2", "Value or a number"),
    (lambda: Value(1.0, label=3), "label must be a string"),
    (lambda: Value(1.0).named(None), "label must be a string"),
    (lambda: trace(1.0), "root must be a Value"),
    (lambda: backward_steps([Value(1.0)]), "root must be a Value"),
])
def test_bad_input_is_a_clear_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()


# --- the same network three ways: Value graph, nn.MLP and the worked exam solution ----------

def value_network_loss(weights, biases, x, target, act):
    """½Σ(t − o)² of a small network built node by node from Values (W is (n_out, n_in))."""
    W = [[[Value(w) for w in row] for row in Wl] for Wl in weights]
    b = [[Value(v) for v in bl] for bl in biases]
    a = [Value(v) for v in x]
    for Wl, bl in zip(W, b):
        z = [sum((w * ai for w, ai in zip(row, a)), bj) for row, bj in zip(Wl, bl)]
        a = [getattr(zj, act)() for zj in z]
    loss = sum((0.5 * (t - o) ** 2 for t, o in zip(target, a)), Value(0.0))
    return loss, W, b


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_value_graph_agrees_with_nn_and_worked(act, seed):
    from lessons_lib.nn import MLP
    from lessons_lib.worked import backprop_step

    rng = np.random.default_rng(seed)
    sizes = [3, 2, 2]
    weights = [rng.uniform(-1, 1, (n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [rng.uniform(-1, 1, n_out) for n_out in sizes[1:]]
    x, target = rng.uniform(-1, 1, 3), rng.uniform(0, 1, 2)

    loss, W, b = value_network_loss(weights, biases, x, target, act)
    loss.backward()
    J, gW, gb = MLP.from_params(weights, biases, act).loss_and_grads(x[None], target[None],
                                                                     "half_sse")
    report = backprop_step(weights, biases, x, target, lr=0.1, activation=act)
    assert loss.data == pytest.approx(J, rel=1e-12) == pytest.approx(report.loss, rel=1e-12)
    for l in range(2):
        graph_gW = np.array([[w.grad for w in row] for row in W[l]])
        graph_gb = np.array([v.grad for v in b[l]])
        np.testing.assert_allclose(graph_gW, gW[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(graph_gb, gb[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(graph_gW, report.grad_W[l], rtol=1e-10, atol=1e-14)


def test_one_sigmoid_neuron_by_hand():
    # z = w·x + b = 0.5·2 + (−0.5) = 0.5; a = σ(0.5) = 0.6224593; J = ½(0.3775407)² = 0.0712685
    # ∂J/∂a = a − 1 = −0.3775407; ∂a/∂z = a(1 − a) = 0.2350037; ∂J/∂z = −0.0887235
    # ∂J/∂w = ∂J/∂z · x = −0.1774469;  ∂J/∂b = ∂J/∂z = −0.0887235
    w, x, b = Value(0.5), Value(2.0), Value(-0.5)
    a = (w * x + b).sigmoid()
    J = 0.5 * (1 - a) ** 2
    J.backward()
    assert a.data == pytest.approx(0.6224593, abs=1e-7)
    assert J.data == pytest.approx(0.0712685, abs=1e-7)
    assert w.grad == pytest.approx(-0.1774469, abs=1e-7)
    assert b.grad == pytest.approx(-0.0887235, abs=1e-7)


# --- local derivatives: what each op passes back, and the one-neuron example -----------------

def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@settings(max_examples=200, deadline=None)
@given(op=st.sampled_from(sorted(BINARY)), a=moderate, b=away_from_zero(0.2, 3))
def test_local_derivatives_of_binary_ops_match_finite_differences(op, a, b):
    f = BINARY[op]
    x, y = Value(a, label="x"), Value(b, label="y")
    out = f(x, y)
    assert local_derivative(out, x)[0] == pytest.approx(central(lambda v: f(v, b), a),
                                                        rel=1e-6, abs=1e-8)
    assert local_derivative(out, y)[0] == pytest.approx(central(lambda v: f(a, v), b),
                                                        rel=1e-6, abs=1e-8)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(UNARY) + ["**2", "**3", "**-1", "**0.5"]),
       x=away_from_zero(0.05, 3))
def test_local_derivatives_of_unary_ops_match_finite_differences(name, x):
    if name.startswith("**"):
        k = float(name[2:])
        method, reference = (lambda v: v ** k), (lambda t: t ** k)
        x = abs(x) if not k.is_integer() else x
    else:
        method, reference = UNARY[name]
        x = abs(x) if name == "log" else x
    z = Value(x, label="z")
    value, _ = local_derivative(method(z), z)
    assert value == pytest.approx(central(reference, x), rel=1e-6, abs=1e-8)


@settings(max_examples=150, deadline=None)
@given(xs=st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=3), program=programs)
def test_local_derivatives_times_parent_grads_add_up_to_every_grad(xs, program):
    # The chain rule node by node: ∂J/∂n = Σ over the nodes p that n feeds of
    # ∂p/∂n · ∂J/∂p (an edge counted once; local_derivative adds both uses of a·a).
    root = run_program([Value(x) for x in xs], program)[-1]
    nodes, edges = trace(root)
    root.backward()
    total = {n: 0.0 for n in nodes}
    total[root] = 1.0
    for child, parent in edges:
        total[child] += local_derivative(parent, child)[0] * parent.grad
    for n in nodes:
        assert total[n] == pytest.approx(n.grad, rel=1e-12, abs=1e-15)


def test_local_derivative_formulas_of_every_op():
    x, y = Value(1.5, label="x"), Value(-2.0, label="y")

    def formula(out, child):
        return local_derivative(out.named("o"), child)[1]

    assert [formula(x + y, x), formula(x + y, y)] == ["1", "1"]
    assert [formula(x - y, x), formula(x - y, y)] == ["1", "−1"]
    assert [formula(x * y, x), formula(x * y, y)] == ["y", "x"]
    assert [formula(x / y, x), formula(x / y, y)] == ["1/y", "−x/y²"]
    assert formula(-x, x) == "−1" and formula(x ** 2, x) == "2x"
    assert formula(x ** 3, x) == "3·x^2" and formula(x ** 0.5, x) == "0.5·x^-0.5"
    assert formula(x.exp(), x) == "exp(x)" and formula(x.log(), x) == "1/x"
    assert formula(x.tanh(), x) == "1 − o²" and formula(x.sigmoid(), x) == "o(1 − o)"
    assert formula(x.relu(), x) == "1 (as x > 0)" and formula(y.relu(), y) == "0 (as y ≤ 0)"
    # a child used twice: both uses add up; an unlabelled constant is named by its value
    assert local_derivative((x * x).named("xx"), x) == (3.0, "x + x")
    half = 0.5 * y
    assert local_derivative(half, y) == (0.5, "0.5")
    assert local_derivative(half, y, name=lambda n: n.label or "c")[1] == "c"
    s = x.sigmoid().named("a")
    assert local_derivative(s, x)[0] == s.data * (1 - s.data)
    with pytest.raises(ValueError, match="not an input"):
        local_derivative(x * y, Value(1.0))
    with pytest.raises(ValueError, match="must be Values"):
        local_derivative(x * y, 1.5)


def test_sigmoid_neuron_is_the_formula_with_named_nodes():
    x, w, b, t = 1.5, 0.5, -0.5, 1.0
    a = 1 / (1 + math.exp(-(w * x + b)))
    J = sigmoid_neuron(x, w, b, t)
    assert J.data == pytest.approx(0.5 * (t - a) ** 2) and J.label == "J"
    nodes, _ = trace(J)
    assert sorted(n.label for n in nodes) == sorted(
        ["", "w", "x", "b", "t", "wx", "z", "a", "e", "e²", "J"])
    J.backward()
    by = {n.label: n for n in nodes}
    assert by["w"].grad == pytest.approx((a - t) * a * (1 - a) * x)
    with pytest.raises(ValueError, match="w must be a real number"):
        sigmoid_neuron(w="0.5")
    with pytest.raises(ValueError, match="t must be a finite number"):
        sigmoid_neuron(t=math.inf)
