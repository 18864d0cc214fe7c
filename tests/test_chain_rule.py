"""Notebook 03 (the chain rule): the graph drawing, the backward-pass dashboard, the
local derivatives it shows, and the cost counts behind "why backprop is efficient"."""

import re

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lessons_lib import cost, plots
from lessons_lib.autograd import Value, backward_steps, local_derivative, sigmoid_neuron, trace
from lessons_lib.gradcheck import numerical_gradient
from lessons_lib.nn import MLP
from lessons_lib.widgets import X_VALUES, backward_pass_dashboard, backward_view

from dashboard_checks import rebuild_from_call, sweep_every_control

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("warnings_are_errors")  # conftest.py


def number(text: str) -> float:
    """A number as format_number writes it ("−0.108", "1.2e-05") back to a float."""
    return float(text.replace("\u2212", "-"))


# --- random expression graphs, for the properties ---------------------------------------

UNARY = ["exp", "tanh", "sigmoid", "relu", "square", "neg"]
BINARY = ["+", "-", "*"]


@st.composite
def expressions(draw):
    """A random graph of Values (nodes may be used more than once) and its leaves."""
    n_leaves = draw(st.integers(1, 3))
    leaves = [Value(draw(st.floats(-2, 2)), label=f"x{i}") for i in range(n_leaves)]
    pool = list(leaves)
    for k in range(draw(st.integers(1, 7))):
        if draw(st.booleans()):
            a = draw(st.sampled_from(pool))
            op = draw(st.sampled_from(UNARY))
            out = {"exp": lambda v: (v * 0.3).exp(), "tanh": Value.tanh,
                   "sigmoid": Value.sigmoid, "relu": Value.relu,
                   "square": lambda v: v ** 2, "neg": lambda v: -v}[op](a)
        else:
            a, b = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
            op = draw(st.sampled_from(BINARY))
            out = {"+": a + b, "-": a - b, "*": a * b}[op]
        pool.append(out.named(f"n{k}"))
    root = pool[-1]
    for leaf in leaves:  # every leaf in the graph, so the root depends on all of them
        root = root + leaf * 0.5
    return root.named("J"), leaves


# --- cost.py ----------------------------------------------------------------------------

sizes_lists = st.lists(st.integers(1, 12), min_size=2, max_size=5)


@given(sizes_lists)
@settings(max_examples=40, deadline=None)
def test_param_count_is_the_networks(sizes):
    assert cost.param_count(sizes) == MLP(sizes).n_params
    assert cost.forward_madds(sizes, n_samples=3) == 3 * MLP(sizes).n_params


def test_counts_of_a_small_network_by_hand():
    # [2, 3, 1]: W1 (3, 2) + b1 (3) + W2 (1, 3) + b2 (1) = 13 parameters.
    # Backward, last layer first: δ2 (1) + ∂J/∂W2 (3) + ∂J/∂b2 (1) + ∂J/∂A1 (3) = 8;
    # first layer: δ1 (3) + ∂J/∂W1 (6) + ∂J/∂b1 (3), no ∂J/∂X = 12.
    c = cost.gradient_costs([2, 3, 1])
    assert (c.params, c.forward, c.backward, c.backprop) == (13, 13, 20, 33)
    assert c.finite_diff == 2 * 13 * 13 and c.ratio == pytest.approx(338 / 33)


@given(sizes_lists, st.integers(1, 4))
@settings(max_examples=40, deadline=None)
def test_backprop_is_about_3P_and_finite_differences_2P_squared(sizes, n):
    c = cost.gradient_costs(sizes, n_samples=n)
    P, units = c.params, sum(sizes[1:])
    assert c.forward == n * P
    assert n * 2 * P - n * sizes[0] * sizes[1] <= c.backward <= n * (2 * P + units)
    assert c.finite_diff == 2 * P * c.forward


def test_finite_differences_run_two_forward_passes_per_parameter():
    sizes = [3, 4, 2]
    calls = []
    numerical_gradient(lambda th: calls.append(1) or 0.0, np.zeros(cost.param_count(sizes)))
    assert len(calls) * cost.forward_madds(sizes) == cost.gradient_costs(sizes).finite_diff


def test_the_gap_grows_with_the_network():
    costs = [cost.gradient_costs(s) for s in cost.widening_mlps([2, 8, 32, 128])]
    ratios = [c.ratio for c in costs]
    assert all(b > 3 * a for a, b in zip(ratios, ratios[1:]))
    assert all(c.ratio == pytest.approx(2 * c.params / 3, rel=0.25) for c in costs[1:])
    assert cost.widening_mlps([5], depth=3) == [[2, 5, 5, 5, 1]]


def test_measured_timings_agree_with_the_counts():
    t = cost.time_gradients([2, 8, 8, 1], n_samples=8, repeats=3)
    assert t.params == 105 and t.forward_calls == 2 * 105
    assert t.rel_error < 1e-6  # both ways give the same gradient
    assert min(t.forward_s, t.backprop_s, t.finite_diff_s) > 0
    assert t.finite_diff_s > 20 * t.backprop_s  # 210 forward passes against one of each
    assert t.counted == cost.gradient_costs([2, 8, 8, 1], n_samples=8)


@pytest.mark.parametrize("call, match", [
    (lambda: cost.param_count([2]), "sizes must be"),
    (lambda: cost.param_count([2, 0, 1]), "sizes must be"),
    (lambda: cost.param_count("2, 3"), "sizes must be"),
    (lambda: cost.forward_madds([2, 1], n_samples=0), "n_samples must be"),
    (lambda: cost.widening_mlps([4], depth=0), "depth must be"),
    (lambda: cost.widening_mlps([]), "widths must"),
    (lambda: cost.time_gradients([2, 1], repeats=0), "repeats must be"),
])
def test_cost_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- layout -----------------------------------------------------------------------------

def test_layout_of_the_neuron():
    nodes, edges = trace(sigmoid_neuron())
    pos = plots.graph_layout(nodes, edges)
    by = {n.label or "const": p for n, p in pos.items()}
    assert by["J"][0] == max(c for c, _ in pos.values())  # the output is rightmost
    for child, parent in edges:  # every input sits exactly one column left of its use
        assert pos[parent][0] - pos[child][0] == 1
    assert by["w"][0] == by["x"][0] == 0
    assert by["z"][1] == pytest.approx((by["wx"][1] + by["b"][1]) / 2)
    assert len(set(pos.values())) == len(nodes)


@given(expressions())
@settings(max_examples=60, deadline=None)
def test_layout_arrows_point_right_and_boxes_never_share_a_place(expr):
    root, _ = expr
    nodes, edges = trace(root)
    pos = plots.graph_layout(nodes, edges)
    assert pos[root][0] == max(c for c, _ in pos.values())
    for child, parent in edges:
        assert pos[child][0] < pos[parent][0]
    for col in {c for c, _ in pos.values()}:
        rows = sorted(r for c, r in pos.values() if c == col)
        assert all(b - a >= 1 - 1e-9 for a, b in zip(rows, rows[1:]))


def test_layout_bad_input():
    with pytest.raises(ValueError, match="no nodes"):
        plots.graph_layout([], [])
    a = Value(1.0)
    with pytest.raises(ValueError, match="edge must join"):
        plots.graph_layout([a], [(a, Value(2.0))])


# --- drawing ----------------------------------------------------------------------------

def drawn_neuron(step=None, **kw):
    root = sigmoid_neuron(**kw)
    nodes, edges = trace(root)
    fig = Figure(figsize=plots.graph_figsize(nodes, edges), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    grads = backward_steps(root)[-1] if step is None else None
    art = plots.computational_graph(ax, nodes, edges, grads)
    fig.canvas.draw()
    return root, nodes, edges, fig, art


LINES = ("heads", "values", "grad_names", "grads")  # the four lines of each box, in order


@pytest.mark.parametrize("x", [1.5, -3.0, 0.3])
def test_text_fits_its_box_and_boxes_do_not_overlap(x):
    root, nodes, edges, fig, art = drawn_neuron(x=x)
    boxes = plots.item_extents(art.boxes)
    lines = {name: plots.item_extents(getattr(art, name)) for name in LINES}
    for i, box in enumerate(boxes):
        for name in LINES:
            t = lines[name][i]
            assert box.x0 + 2 < t.x0 and t.x1 < box.x1 - 2 and box.y0 + 2 < t.y0 \
                and t.y1 < box.y1 - 2, f"{getattr(art, name).get_texts()[i]!r} sticks out"
        for other in boxes[i + 1:]:
            assert not box.overlaps(other)
        ys = [lines[name][i] for name in LINES]  # top to bottom, no two lines touching
        assert all(upper.y0 > lower.y1 for upper, lower in zip(ys, ys[1:]))


def test_arrows_run_between_boxes_not_through_them():
    root, nodes, edges, fig, art = drawn_neuron()
    boxes = plots.item_extents(art.boxes)
    for (i, j), arrow in art.arrows.items():
        path = arrow.get_path()
        pts = arrow.get_transform().transform(path.vertices[path.codes != path.CLOSEPOLY])
        for box in boxes:
            inside = ((pts[:, 0] > box.x0 + 1) & (pts[:, 0] < box.x1 - 1)
                      & (pts[:, 1] > box.y0 + 1) & (pts[:, 1] < box.y1 - 1))
            assert not inside.any()
        for b in (boxes[i], boxes[j]):  # it starts and ends just short of its two boxes
            gap = np.hypot(pts[:, 0] - np.clip(pts[:, 0], b.x0, b.x1),
                           pts[:, 1] - np.clip(pts[:, 1], b.y0, b.y1)).min()
            assert 1 < gap < 8  # pixels


def test_boxes_show_the_forward_values_and_the_gradients():
    root, nodes, edges, fig, art = drawn_neuron()
    full = backward_steps(root)[-1]
    values, names, grads = (getattr(art, k).get_texts() for k in ("values", "grad_names", "grads"))
    tint = art.marks.get_facecolor()
    for i, n in enumerate(nodes):
        if not n.label:
            assert values[i] == "constant" and tint[i][3] == 0
            continue
        assert number(values[i][2:]) == pytest.approx(n.data, rel=5e-3)
        assert names[i] == f"∂J/∂{n.label}"
        assert number(grads[i][2:]) == pytest.approx(full[n], rel=5e-3, abs=1e-12)
        assert tint[i][3] > 0  # every gradient known: tinted
    heads = art.heads.get_texts()
    assert heads[nodes.index(root)] == "J = 0.5·e²"
    assert set(heads) >= {"z = wx + b", "a = σ(z)", "e = t − a", "e²", "wx = w·x"}
    assert not any(a.get_visible() for a in art.back_arrows.values())


def test_update_marks_one_step_and_changes_only_moving_artists():
    root, nodes, edges, fig, art = drawn_neuron()
    static = (art.heads.get_texts(), art.grad_names.get_texts())
    view = backward_view(root, 4)  # e passes its gradient to t and a
    changed = plots.update_graph(art, nodes, view.grads, sender=view.sender,
                                 received=view.received)
    assert changed is False
    assert static == (art.heads.get_texts(), art.grad_names.get_texts())
    label = {n.label: i for i, n in enumerate(nodes)}
    edge = art.marks.get_edgecolor()
    to_rgb = matplotlib.colors.to_rgb
    assert tuple(edge[label["e"]][:3]) == pytest.approx(to_rgb(plots.GRAPH_COLOURS["sender_edge"]))
    for name in "ta":
        assert tuple(edge[label[name]][:3]) == pytest.approx(
            to_rgb(plots.GRAPH_COLOURS["received_edge"]))
    visible = {k for k, a in art.back_arrows.items() if a.get_visible()}
    assert visible == {(label["t"], label["e"]), (label["a"], label["e"])}
    assert art.grads.get_texts()[label["z"]] == "= ?"
    assert art.marks.get_facecolor()[label["z"]][3] == 0  # not known yet: no tint
    with pytest.raises(ValueError, match="has 11 nodes"):
        plots.update_graph(art, nodes[:-1])
    with pytest.raises(ValueError, match="must be nodes of the graph"):
        plots.update_graph(art, nodes, sender=Value(1.0))
    with pytest.raises(ValueError, match="need 11 texts"):
        art.values.set_texts(["= 1"])


def test_graph_figure_saves_without_leaking(tmp_path):
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    root, nodes, edges, fig, art = drawn_neuron()
    fig.savefig(tmp_path / "g.png")
    assert (tmp_path / "g.png").stat().st_size > 20_000
    assert plt.get_fignums() == before


@pytest.mark.parametrize("v, text", [(0, "0"), (0.5, "0.5"), (-0.10782, "−0.108"),
                                     (1234.5, "1.23e+03"), (-1.234e-5, "−1.2e-05"),
                                     (0.0539, "0.0539")])
def test_format_number(v, text):
    assert plots.format_number(v) == text


def test_cost_plots_draw_the_counts():
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    costs = [cost.gradient_costs(s) for s in cost.widening_mlps([2, 16, 128])]
    fd, bp = plots.gradient_work(ax1, costs)
    assert list(fd.get_ydata()) == [c.finite_diff for c in costs]
    assert list(bp.get_ydata()) == [c.backprop for c in costs]
    assert ax1.get_xscale() == ax1.get_yscale() == "log"
    timings = [cost.time_gradients(s, n_samples=4, repeats=2) for s in ([2, 2, 1], [2, 6, 1])]
    fd_dots, fd_pred, bp_dots, bp_pred = plots.gradient_timings(ax2, timings)
    assert list(fd_pred.get_ydata()) == [2 * t.params for t in timings]
    with pytest.raises(ValueError, match="at least two"):
        plots.gradient_work(ax1, costs[:1])


# --- the chain rule: the steps of the backward pass (local derivatives: test_autograd) ---

@given(st.floats(-3, 3), st.floats(-2, 2), st.floats(-2, 2), st.floats(0, 1))
@settings(max_examples=40, deadline=None)
def test_neuron_gradients_match_finite_differences(x, w, b, t):
    full = backward_view(sigmoid_neuron(x=x, w=w, b=b, t=t), 7)
    args = dict(x=x, w=w, b=b, t=t)
    for name in "xwbt":
        def J(v, name=name):
            return sigmoid_neuron(**{**args, name: float(v[0])}).data
        numeric = numerical_gradient(J, [args[name]])[0]
        shown = next(g for n, g in full.grads.items() if n.label == name)
        assert shown == pytest.approx(numeric, abs=1e-7)


@given(expressions())
@settings(max_examples=40, deadline=None)
def test_every_step_of_any_graph_shows_finished_gradients_correctly(expr):
    root, _ = expr
    nodes, edges = trace(root)
    parents = {n: {p for c, p in edges if c is n} for n in nodes}
    root.zero_grad()
    root.backward()
    final = {n: n.grad for n in nodes}
    senders = [v for v in reversed(nodes) if v.children]  # the order the pass visits them
    n_steps = len(senders) + 1
    for step in range(n_steps + 1):
        view = backward_view(root, step)
        done = set(senders[:max(step - 1, 0)])  # the nodes that have passed theirs back
        for n, g in view.grads.items():
            if n is root or parents[n] <= done:  # every use has passed its share back
                assert g == pytest.approx(final[n], rel=1e-9, abs=1e-12)
        assert not re.search(r"\b(nan|inf)\b", " ".join(view.lines))
    assert set(backward_view(root, n_steps).grads) == set(nodes)


def test_backward_view_step_by_step():
    root = sigmoid_neuron()
    nodes, _ = trace(root)
    by = {n.label: n for n in nodes}
    v0 = backward_view(root, 0)
    assert v0.grads == {} and "Forward pass" in v0.lines[0] and "z = wx + b = 0.25" in v0.lines[0]
    v1 = backward_view(root, 1)
    assert v1.grads == {root: 1.0} and v1.received == (root,)
    senders = []
    for step in range(2, 8):
        v = backward_view(root, step)
        senders.append(v.sender.label)
        for k in v.received:  # each just-received gradient is upstream × local
            if k.label:
                local = local_derivative(v.sender, k)[0]
                assert v.grads[k] == pytest.approx(v.grads[v.sender] * local)
    assert senders == ["J", "e²", "e", "a", "z", "wx"]
    last = backward_view(root, 7)
    root.zero_grad()
    root.backward()
    assert all(last.grads[n] == n.grad for n in nodes if n.label)
    assert "Done" in last.lines[-1] and "∂J/∂w = −0.162" in last.lines[-1]
    line = next(s for s in last.lines if s.startswith("∂J/∂w ="))
    a, b, c = (number(m) for m in re.findall(r"\(?([−\d.e+-]+)\)? × \(?([−\d.e+-]+)\)? = "
                                             r"([−\d.e+-]+)", line)[0])
    assert a * b == pytest.approx(c, rel=5e-3) and by["x"].data == b
    for bad in (-1, 8, 1.5, True):
        with pytest.raises(ValueError, match="step must be a whole number from 0 to 7"):
            backward_view(root, bad)


# --- the dashboard ----------------------------------------------------------------------

def test_every_control_over_its_range_and_the_line_that_rebuilds_the_view():
    d = backward_pass_dashboard(step=3, x=-0.7)
    sweep_every_control(d)
    rebuild_from_call(d)


def test_dashboard_defaults_and_reproducing_line():
    d = backward_pass_dashboard()
    assert (d.step.value, d.step.min, d.step.max, d.x.value) == (0, 0, 7, 1.5)
    assert [v for _, v in d.x.options] == X_VALUES and X_VALUES[0] == -3 and X_VALUES[-1] == 3
    assert d.call() == "backward_pass_dashboard(w=0.5, b=-0.5, t=1, step=0, x=1.5)"
    assert "Forward pass" in d.readout.value and d.canvas in d.children


def test_dashboard_steps_reveal_gradients_and_x_changes_every_number():
    d = backward_pass_dashboard()
    a = d.artists
    i_w = next(i for i, n in enumerate(d.nodes) if n.label == "w")
    i_x = next(i for i, n in enumerate(d.nodes) if n.label == "x")
    assert a.grads.get_texts()[i_w] == "= ?"
    d.step.value = 7
    assert a.grads.get_texts()[i_w] == "= −0.162"
    assert "∂J/∂w = ∂J/∂wx · ∂wx/∂w = (−0.108) × 1.5 = −0.162" in d.readout.value
    before = a.values.get_texts()
    d.x.value = -2.0
    assert a.values.get_texts()[i_x] == "= −2"
    changed = sum(b != t for b, t in zip(before, a.values.get_texts()))
    assert changed == 7  # x, wx, z, a, e, e², J; not w, b, t or the constant
    dJ_dw = numerical_gradient(lambda v: sigmoid_neuron(x=-2.0, w=float(v[0])).data, [0.5])[0]
    assert number(a.grads.get_texts()[i_w][2:]) == pytest.approx(dJ_dw, rel=5e-3)
    assert d.code.value == "<code>backward_pass_dashboard(w=0.5, b=-0.5, t=1, step=7, x=-2)</code>"


def test_dashboard_blits_after_the_first_draw():
    d = backward_pass_dashboard()
    d.canvas.draw()
    assert d.blitter.background is not None
    before = np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()
    d.step.value = 2
    after = np.asarray(d.canvas.get_renderer().buffer_rgba())
    assert not np.array_equal(before, after)


@pytest.mark.parametrize("kwargs, match", [
    ({"x": 5.0}, "x must be between"), ({"x": "one"}, "x must be a number"),
    ({"step": 8}, "step must be a whole number from 0 to 7"),
    ({"step": -1}, "step must be"), ({"step": 2.5}, "step must be"),
    ({"w": float("nan")}, "w must be a number"), ({"t": "1"}, "t must be a number"),
    ({"b": None}, "b must be a number"),
])
def test_dashboard_bad_arguments_are_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        backward_pass_dashboard(**kwargs)
