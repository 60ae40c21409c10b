"""Property tests: every mmref kernel and shape rule agrees with NumPy, errors included."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mmref
from mmref import embedding, flops, kernels, lowrank, shapes, stats, timing

dims = st.integers(min_value=0, max_value=4)
pos_dims = st.integers(min_value=1, max_value=5)
finite = st.floats(-100, 100, allow_nan=False, allow_infinity=False, width=32)


def zeros(shape):
    return np.zeros(shape, dtype=np.float32)


@st.composite
def matmul_operands(draw):
    """Two shapes that usually compose: random batch axes (with 1s to broadcast), 1-D cases,
    and now and then a wrong inner dimension or batch axes that do not broadcast."""
    m, k, n = draw(dims), draw(dims), draw(dims)
    k_right = draw(st.sampled_from([k, k, k, k + 1]))
    batch = draw(st.lists(st.integers(1, 3), max_size=3))
    left_batch = [draw(st.sampled_from([d, 1, d + 1])) for d in batch][draw(st.integers(0, len(batch))):]
    right_batch = [draw(st.sampled_from([d, 1])) for d in batch][draw(st.integers(0, len(batch))):]
    a = (k,) if draw(st.booleans()) and not left_batch else tuple(left_batch) + (m, k)
    b = (k_right,) if draw(st.booleans()) and not right_batch else tuple(right_batch) + (k_right, n)
    return a, b


@given(matmul_operands())
def test_matmul_shape_matches_numpy(operands):
    a, b = operands
    try:
        expected = np.matmul(zeros(a), zeros(b)).shape
    except ValueError:
        with pytest.raises(ValueError, match=r"matmul"):
            mmref.matmul_shape(a, b)
        return
    assert mmref.matmul_shape(a, b) == expected


@given(st.tuples(pos_dims, pos_dims), st.tuples(pos_dims, pos_dims))
def test_inner_mismatch_names_both_shapes_and_inner_dims(a, b):
    assume(a[1] != b[0])
    with pytest.raises(ValueError) as err:
        mmref.matmul_shape(a, b)
    message = str(err.value)
    assert str(a) in message and str(b) in message
    assert f"{a[1]} (last axis of the left operand)" in message
    assert f"{b[0]} (first matrix axis of the right operand)" in message


@pytest.mark.parametrize(
    "a, b, fragment",
    [
        ((2, -3), (3, 2), "negative dimension -3"),
        ((2, 3.0), (3, 2), "non-integer dimension 3.0"),
        ((2, "3"), (3, 2), "non-integer dimension '3'"),
        ((2, True), (3, 2), "non-integer dimension True"),
        ((), (3, 2), "0-D operand"),
        ((2, 3, 4), (5, 4, 2), "do not broadcast: 2 and 5"),
    ],
)
def test_bad_shapes_are_rejected_clearly(a, b, fragment):
    with pytest.raises(ValueError, match=fragment):
        mmref.matmul_shape(a, b)


@st.composite
def einsum_problems(draw):
    """A random einsum with 1-3 operands over letters i..n, explicit or implicit output."""
    letters = draw(st.lists(st.sampled_from("ijklmn"), min_size=1, max_size=4, unique=True))
    size = {c: draw(st.integers(1, 3)) for c in letters}
    terms = draw(st.lists(st.lists(st.sampled_from(letters), min_size=0, max_size=3), min_size=1, max_size=3))
    used = sorted({c for t in terms for c in t})
    shapes_ = [tuple(size[c] for c in t) for t in terms]
    if draw(st.booleans()) and shapes_ and shapes_[0]:  # break one size now and then
        shapes_[0] = (shapes_[0][0] + 1,) + shapes_[0][1:]
    explicit = draw(st.booleans())
    out = "".join(draw(st.permutations(used))[: draw(st.integers(0, len(used)))]) if explicit else ""
    spec = ",".join("".join(t) for t in terms) + ("->" + out if explicit else "")
    return spec, shapes_


@given(einsum_problems())
def test_einsum_shape_matches_numpy(problem):
    spec, shape_list = problem
    try:
        expected = np.einsum(spec, *map(zeros, shape_list)).shape
    except ValueError:
        with pytest.raises(ValueError, match="einsum"):
            mmref.einsum_shape(spec, *shape_list)
        return
    assert mmref.einsum_shape(spec, *shape_list) == expected


def test_einsum_size_mismatch_names_index_and_shapes():
    with pytest.raises(ValueError, match=r"index 'j' has size 3 in operand 0 \(shape \(2, 3\)\) but 4"):
        mmref.einsum_shape("ij,jk->ik", (2, 3), (4, 5))


@st.composite
def matrix_pair(draw, max_dim=5):
    m, k, n = draw(pos_dims), draw(pos_dims), draw(pos_dims)
    a = draw(st.lists(st.lists(finite, min_size=k, max_size=k), min_size=m, max_size=m))
    b = draw(st.lists(st.lists(finite, min_size=n, max_size=n), min_size=k, max_size=k))
    return np.array(a, dtype=np.float32), np.array(b, dtype=np.float32)


@given(matrix_pair())
def test_naive_matmul_matches_numpy(pair):
    a, b = pair
    expected = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(kernels.naive_matmul(a.tolist(), b.tolist()), expected, rtol=1e-12, atol=1e-9)


@given(matrix_pair())
def test_outer_product_sum_matches_numpy(pair):
    a, b = pair
    np.testing.assert_allclose(kernels.outer_product_sum(a, b), a @ b, rtol=1e-5, atol=1e-2)


@given(matrix_pair(), st.data())
def test_composition_is_the_product(pair, data):
    a, b = pair
    x = np.array(data.draw(st.lists(finite, min_size=b.shape[1], max_size=b.shape[1])), dtype=np.float64)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    np.testing.assert_allclose(kernels.compose(a64, b64)(x), (a64 @ b64) @ x, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("kernel", [kernels.naive_matmul, kernels.outer_product_sum, kernels.compose])
def test_kernels_refuse_mismatched_matrices(kernel):
    a, b = np.ones((2, 3), np.float32), np.ones((4, 2), np.float32)
    args = (a.tolist(), b.tolist()) if kernel is kernels.naive_matmul else (a, b)
    with pytest.raises(ValueError, match=r"inner dimensions differ, 3 .* != 4"):
        kernel(*args)


@given(st.integers(1, 50), st.integers(1, 8), st.lists(st.integers(0, 49), min_size=1, max_size=6))
def test_embedding_lookups_agree(vocab, dim, ids):
    ids = [i % vocab for i in ids]
    table = np.random.default_rng(vocab).standard_normal((vocab, dim), dtype=np.float32)
    by_index = embedding.lookup_by_index(table, ids)
    np.testing.assert_allclose(embedding.lookup_by_matmul(table, ids), by_index, rtol=1e-5)
    np.testing.assert_allclose(table.T @ embedding.one_hot(ids[0], vocab), table[ids[0]], rtol=1e-5)
    assert embedding.one_hot(ids, vocab).sum(axis=-1).tolist() == [1.0] * len(ids)


def test_one_hot_rejects_out_of_range():
    with pytest.raises(ValueError, match=r"outside 0..599"):
        embedding.one_hot(600, 600)


@given(matrix_pair(), st.integers(0, 5))
def test_truncated_svd_is_never_worse_than_keeping_products(pair, r):
    """Eckart-Young-Mirsky: no rank-r matrix beats the truncated SVD of AB."""
    a, b = (x.astype(np.float64) for x in pair)
    product = a @ b
    best = np.linalg.norm(product - lowrank.truncated_svd(product, r))
    kept = lowrank.largest_outer_products(a, b, r)
    assert np.linalg.matrix_rank(kept) <= r
    assert best <= np.linalg.norm(product - kept) * (1 + 1e-9) + 1e-9


def test_keeping_products_can_be_far_from_optimal():
    a, b = np.eye(2, dtype=np.float32), np.ones((2, 2), dtype=np.float32)
    assert math.isclose(np.linalg.norm(a @ b - lowrank.largest_outer_products(a, b, 1)), math.sqrt(2), rel_tol=1e-5)
    assert np.linalg.norm(a @ b - lowrank.truncated_svd(a @ b, 1)) < 1e-6


@st.composite
def low_rank_matrix(draw):
    """A float32 or float64 matrix built as (M, r) @ (r, N): rank r in exact arithmetic."""
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    r = draw(st.integers(0, min(m, n)))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return (rng.standard_normal((m, r)) @ rng.standard_normal((r, n))).astype(dtype)


@given(low_rank_matrix())
def test_numerical_rank_is_what_matrix_rank_says(a):
    s = np.linalg.svd(a, compute_uv=False)
    assert lowrank.numerical_rank(s, a.shape, a.dtype) == np.linalg.matrix_rank(a)
    assert lowrank.numerical_rank(s, a.shape, a.dtype, tol=0) == np.count_nonzero(s)
    tol = lowrank.rank_tolerance(s, a.shape, a.dtype)
    assert math.isclose(tol, float(s.max(initial=0)) * max(a.shape) * float(np.finfo(a.dtype).eps), rel_tol=1e-6)


@given(low_rank_matrix(), st.integers(0, 8))
def test_eckart_young_errors_are_the_truncated_svd_errors(a, r):
    a = a.astype(np.float64)
    s = np.linalg.svd(a, compute_uv=False)
    residual = a - lowrank.truncated_svd(a, r)
    frobenius, spectral = lowrank.eckart_young_errors(s, r)
    scale = 1e-9 * (1 + float(s.max(initial=0)))
    assert abs(frobenius - np.linalg.norm(residual)) <= scale
    assert abs(spectral - np.linalg.norm(residual, 2)) <= scale


def test_eckart_young_errors_reject_unsorted_values_and_bad_ranks():
    with pytest.raises(ValueError, match="largest first"):
        lowrank.eckart_young_errors([1.0, 2.0], 1)
    with pytest.raises(ValueError, match="r=-1"):
        lowrank.eckart_young_errors([2.0, 1.0], -1)


@given(st.integers(0, 300), st.integers(0, 300), st.integers(0, 40))
def test_factor_sizes_count_the_factors(m, n, r):
    left, right = np.zeros((m, r)), np.zeros((r, n))
    assert lowrank.storage(m, n, r) == left.size + right.size
    assert lowrank.lora_parameters(m, n, r) == left.size + right.size
    x = np.zeros(n)
    assert flops.low_rank_apply(m, n, r) == flops.matmul(r, n, 1) + flops.matmul(m, r, 1) == 2 * r * (m + n)
    assert (left @ (right @ x)).shape == (m,)
    with pytest.raises(ValueError, match="whole numbers"):
        lowrank.storage(m, n, -1 - r)


@given(pos_dims, pos_dims, pos_dims, st.integers(1, 6))
def test_flop_counts_agree_with_each_other(m, k, n, batch):
    assert flops.matmul_exact(m, k, n) == flops.multiplies(m, k, n) + flops.adds(m, k, n) == 2 * m * k * n - m * n
    assert flops.matmul(m, k, n, batch=batch) == batch * flops.matmul(m, k, n)
    assert flops.batched_matmul((batch, m, k), (k, n)) == flops.matmul(m, k, n, batch=batch)
    assert flops.batched_matmul((batch, 1, m, k), (3, k, n)) == 3 * batch * flops.matmul(m, k, n)
    assert flops.dot(k) == flops.matmul_exact(1, k, 1)
    assert flops.outer(m, n) == flops.multiplies(m, 1, n)


@given(*(st.integers(1, 64) for _ in range(4)))
def test_transformer_block_formulas(b, t, d, d_ff):
    assert flops.ffn(b, t, d, d_ff) == 4 * b * t * d * d_ff
    heads, d_head = 4, d
    assert flops.attention_core(b, heads, t, d_head) == 4 * b * heads * t**2 * d_head
    projections = 4 * 2 * b * t * d * heads * d_head
    assert flops.attention_block(b, heads, t, d, d_head) == projections + 4 * b * heads * t**2 * d_head


def test_counts_reject_bad_sizes():
    with pytest.raises(ValueError, match="cannot be negative"):
        flops.matmul(-1, 2, 3)
    with pytest.raises(ValueError, match="whole-number sizes"):
        flops.ffn(32, 16, 64.0, 256)


def test_public_names_read_like_the_maths():
    for name in ("compose", "outer_product_sum", "naive_matmul", "matmul_shape", "einsum_shape"):
        assert callable(getattr(mmref, name))
    assert callable(mmref.flops.matmul)


@settings(max_examples=200, deadline=None)
@given(low=st.floats(-1e6, 1e6), span=st.floats(1e-4, 1e6), n=st.integers(3, 9),
       language=st.sampled_from(["en", "es"]))
def test_tick_labels_are_exact_and_alike(low, span, n, language):
    """Every tick label reads back as its tick's value, and one axis's labels share their decimals."""
    from matplotlib.ticker import MaxNLocator

    from mmref.numbers import read_numbers, tick_labels

    values = [float(v) for v in MaxNLocator(n).tick_values(low, low + span)]
    labels = tick_labels(values, language)
    for value, label in zip(values, labels):
        (number,) = read_numbers(label, language)
        assert math.isclose(float(number.value), value, rel_tol=1e-9, abs_tol=1e-9 * max(map(abs, values))), (label, value)
    mark = "," if language == "es" else "."
    assert len({len(label.partition(mark)[2]) for label in labels}) == 1, labels


def test_log_tick_labels_never_mix_powers_and_plain_numbers():
    from mmref.numbers import tick_labels

    assert tick_labels([1e-3, 1e-2, 1e-1, 1], "es", log=True) == ["10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    assert tick_labels([1e-2, 1e-1, 1, 10], "es", log=True) == ["0,01", "0,1", "1", "10"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_whole_number_data_get_whole_number_ticks(language):
    """Batch sizes 1 to 4096 on a base-2 axis, and counts on a linear one, are labelled as
    whole numbers: ticks the axis does not show (0.25 below 1) add no decimals."""
    import matplotlib.pyplot as plt

    from mmref import figures
    from mmref.numbers import read_numbers

    def draw(_):
        fig, (batches, counts) = plt.subplots(1, 2)
        batches.plot([1, 8, 64, 512, 4096], [3, 1, 4, 1, 5], "o-")
        figures.log_axes(batches, _, x=2, y=False)
        counts.plot([0, 10, 20, 30], [3, 1, 4, 1], "o-")
        _.ticks(counts.xaxis)
        return fig

    fig = figures.figure(draw).redraw(language)
    fig.canvas.draw()
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.xaxis.get_ticklabels()
                  if t.get_text() and ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]]
        assert len(labels) >= 3, labels
        numbers = [n for label in labels for n in read_numbers(label, language)]
        assert len(numbers) == len(labels) and all(n.decimals == 0 for n in numbers), labels
    plt.close("all")


# Growth between sizes: the exponent of each step, and where a value lies against an interval.

sizes_strategy = st.lists(st.integers(2, 4096), min_size=2, max_size=6, unique=True).map(sorted)


@given(sizes_strategy, st.floats(0.3, 4.0), st.floats(1e-9, 1e-3))
def test_step_exponents_recover_a_power_law(sizes, power, scale):
    runs = [[scale * n**power] * 3 for n in sizes]
    steps = stats.step_exponents(sizes, runs)
    assert len(steps) == len(sizes) - 1
    assert all(math.isclose(s, power, rel_tol=1e-9, abs_tol=1e-9) for s in steps)


def test_a_curving_growth_leaves_the_fitted_interval():
    """Times n² + n³/500 curve on a log-log plot: the steps rise, and the fit's bootstrap
    interval (run-to-run noise only) excludes the last step, which lies above it."""
    sizes = [64, 128, 256, 512]
    rng = np.random.default_rng(1)
    runs = [list((n**2 + n**3 / 500) * (1 + 0.01 * rng.standard_normal(9))) for n in sizes]
    steps = stats.step_exponents(sizes, runs)
    assert steps == sorted(steps)
    fit = stats.power_law(sizes, runs)
    assert stats.position(steps[-1], fit.exponent) == "above"
    assert stats.position(steps[0], fit.exponent) == "below"


@given(st.floats(-10, 10), st.floats(-10, 10), st.floats(0, 5))
def test_position_says_where_a_value_lies(value, low, width):
    interval = stats.Estimate(low + width / 2, low, low + width)
    where = stats.position(value, interval)
    assert where == ("above" if value > low + width else "below" if value < low else "inside")
    assert (where == "inside") == interval.contains(value)


def test_step_exponents_need_two_sizes_with_their_runs():
    with pytest.raises(ValueError, match="at least two sizes"):
        stats.step_exponents([64], [[1.0]])
    with pytest.raises(ValueError, match="one list per size"):
        stats.step_exponents([64, 128], [[1.0]])


def test_machine_line_separates_the_default_threads_from_the_timed_ones():
    facts = timing.machine_facts()
    line = timing.machine_summary()
    assert line.endswith(f"{facts['blas_threads']} thread{'s' if facts['blas_threads'] != 1 else ''} by default")
    assert timing.machine_summary(threads=1) == line + "; timed here on 1 BLAS thread"
    assert timing.machine_summary(threads=2) == line + "; timed here on 2 BLAS threads"


# Parts shown beside their whole: the median run, and parts rounded so that they add up.

timings = st.floats(0, 1e4, allow_nan=False, allow_infinity=False)


@given(st.lists(timings, min_size=1, max_size=6), st.integers(0, 3))
def test_round_parts_add_up_to_the_rounded_sum(parts, decimals):
    from decimal import Decimal

    from mmref.numbers import round_parts

    shown = round_parts(parts, decimals)
    unit = Decimal(1).scaleb(-decimals)
    exact = sum(Decimal(repr(p)) for p in parts)
    assert sum(shown) == exact.quantize(unit)  # the whole, rounded to the nearest
    assert all(s.as_tuple().exponent == -decimals for s in shown)  # written with `decimals` places
    assert all(abs(s - Decimal(repr(p))) < unit for s, p in zip(shown, parts))  # each within a unit


@given(st.lists(st.lists(timings, min_size=2, max_size=3), min_size=1, max_size=9)
       .filter(lambda runs: len(runs) % 2 == 1 and len({len(r) for r in runs}) == 1))
def test_the_median_run_adds_up_to_the_median_of_the_whole(runs):
    from mmref import stats

    wholes = [sum(parts) for parts in runs]
    i = stats.median_run(wholes)
    assert wholes[i] == np.median(wholes)
    assert sum(runs[i]) == np.median(wholes)


def test_the_median_run_needs_an_odd_number_of_runs():
    from mmref import stats

    with pytest.raises(ValueError, match="odd number of runs, got 4"):
        stats.median_run([1.0, 2.0, 3.0, 4.0])


# Naming a growth: a whole power needs the widened interval AND the point estimate near it.

WHOLE_POWERS = {"linear": 1, "quadratic": 2, "cubic": 3}


@given(st.floats(0.0, 4.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_a_named_power_is_near_the_estimate_and_the_only_one_allowed(value, below, above):
    exponent = stats.Estimate(value, value - below, value + above)
    word = stats.growth_word(exponent)
    shown = exponent.as_printed()  # the rule reads the numbers as the page prints them
    tol = 0.15 + 1e-9
    allowed = [p for p in range(1, 8) if shown.low - tol <= p <= shown.high + tol]
    if word in WHOLE_POWERS:
        assert allowed == [WHOLE_POWERS[word]]
        assert abs(shown.value - WHOLE_POWERS[word]) <= tol
    else:
        assert (word == "unclear") == any(p in WHOLE_POWERS.values() for p in allowed)


def test_an_interval_that_only_reaches_a_power_does_not_name_it():
    """p = 2.23 [2.18, 3.00]: the widened interval allows 3 only, yet the estimate is far from
    3; the growth is "unclear", and cubic_fact does not say "cubic"."""
    from mmref import ladder
    wide = stats.Estimate(2.23, 2.18, 3.00)
    assert stats.growth_word(wide) == "unclear"
    assert ladder.cubic_fact(wide) == "far_from_3"  # only 3 within the allowance, p far from it
    assert stats.growth_word(stats.Estimate(2.9, 2.8, 3.05)) == "cubic"


def test_an_interval_that_reaches_4_allows_another_whole_power_than_3():
    """p = 3.29 [2.51, 4.81]: widened by 0.15 it holds 3 and 4, so the page may not say it
    allows 3 "and no other whole power"."""
    from mmref import ladder
    wide = stats.Estimate(3.29, 2.51, 4.81)
    assert stats.powers_allowed(wide) == [3, 4]
    assert stats.growth_word(wide) == "unclear"
    assert ladder.cubic_fact(wide) == "several_powers"
    assert stats.growth_word(stats.Estimate(4.0, 3.9, 4.1)) == "faster"  # 4 alone is not named


# The smallest (or largest) of several estimates: named alone only when clearly apart.

estimates_strategy = st.dictionaries(
    st.integers(1, 9), st.tuples(st.floats(1, 100), st.floats(0, 10), st.floats(0, 10)),
    min_size=1, max_size=5).map(
        lambda d: {k: stats.Estimate(v, v - lo, v + hi) for k, (v, lo, hi) in d.items()})


@given(estimates_strategy, st.booleans())
def test_an_extreme_is_alone_only_when_its_interval_clears_the_others(estimates, lowest):
    best, rival = stats.extreme(estimates, lowest)
    sign = 1 if lowest else -1
    assert all(sign * estimates[best].value <= sign * e.value for e in estimates.values())
    others = [e for k, e in estimates.items() if k != best]
    if rival is None:
        assert all((e.low > estimates[best].high) if lowest else (e.high < estimates[best].low)
                   for e in others)
    else:
        assert rival != best
        a, b = estimates[best], estimates[rival]
        assert a.low <= b.high and b.low <= a.high


def test_sizes_with_overlapping_intervals_are_not_ranked():
    """The audited case: 60.1 at N = 512 and 60.7 at N = 128, intervals overlapping."""
    E = stats.Estimate
    slowdowns = {128: E(60.7, 57.9, 63.8), 256: E(66.0, 64.0, 69.0), 512: E(60.1, 58.2, 61.9)}
    assert stats.extreme(slowdowns) == (512, 128)
    assert stats.extreme(slowdowns, lowest=False) == (256, None)


@settings(max_examples=10)
@given(st.integers(1, 4), st.integers(1, 3))
def test_measure_in_turns_alternates_run_by_run(repeat, count):
    """Every function gets ``repeat`` runs, and the runs take turns: each function's calls form
    one block per run, in the order of the functions, run after run."""
    calls = []
    fns = [lambda i=i: calls.append(i) for i in range(count)]
    timings = timing.measure_in_turns(fns, repeat=repeat, min_time=0.0)
    assert [t.repeat for t in timings] == [repeat] * count
    blocks = [i for j, i in enumerate(calls) if j == 0 or calls[j - 1] != i]
    assert blocks == list(range(count)) * repeat if count > 1 else blocks == [0]
