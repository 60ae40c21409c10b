"""Floating-point operation (FLOP) counts, named after the operation they count.

Convention: one multiply and one add are two FLOPs.  By its definition a matmul
(M, K) @ (K, N) needs at least M*K*N multiplies and M*(K-1)*N adds.  :func:`matmul` reports
the usual count, 2*M*K*N: every multiply paired with an add, as a loop that starts each sum
from zero does, and as a fused multiply-add unit does.  :func:`matmul_exact` reports the
fewest, 2*M*K*N - M*N.  All counts are exact Python integers.
"""

from __future__ import annotations

from math import prod


def _sizes(**dims: int) -> None:
    for name, value in dims.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name}={value!r}: FLOP counts take whole-number sizes")
        if value < 0:
            raise ValueError(f"{name}={value}: sizes cannot be negative")


def multiplies(m: int, k: int, n: int) -> int:
    """Scalar multiplies in (M, K) @ (K, N): one per (i, k, j) triple.

    >>> from mmref import flops
    >>> flops.multiplies(2, 3, 4)
    24
    """
    _sizes(m=m, k=k, n=n)
    return m * k * n


def adds(m: int, k: int, n: int) -> int:
    """The fewest scalar adds of (M, K) @ (K, N): K-1 per output entry.

    >>> from mmref import flops
    >>> flops.adds(2, 3, 4)
    16
    """
    _sizes(m=m, k=k, n=n)
    return m * max(k - 1, 0) * n


def matmul(m: int, k: int, n: int, batch: int = 1) -> int:
    """FLOPs of ``batch`` independent (M, K) @ (K, N) products: 2*batch*M*K*N.

    Parameters
    ----------
    m : int
        Rows of the left operand (M).
    k : int
        The inner dimension the two operands share (K).
    n : int
        Columns of the right operand (N).
    batch : int, optional
        Number of matmul instances (the product of the broadcast batch axes).

    Examples
    --------
    >>> from mmref import flops
    >>> flops.matmul(1024, 1024, 1024)
    2147483648
    >>> flops.matmul(16, 16, 16, batch=32 * 4)
    1048576
    """
    _sizes(m=m, k=k, n=n, batch=batch)
    return 2 * batch * m * k * n


def matmul_exact(m: int, k: int, n: int) -> int:
    """The fewest FLOPs of (M, K) @ (K, N) by its definition: multiplies plus adds, 2*M*K*N - M*N.

    >>> from mmref import flops
    >>> flops.matmul_exact(1, 5, 1)  # a dot product of length 5
    9
    """
    return multiplies(m, k, n) + adds(m, k, n)


def batched_matmul(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> int:
    """FLOPs of ``np.matmul`` on operands of these shapes (2*M*K*N per instance).

    >>> from mmref import flops
    >>> flops.batched_matmul((32, 4, 16, 16), (32, 4, 16, 16))
    1048576
    """
    from mmref.shapes import as_shape, matmul_shape

    out = matmul_shape(a_shape, b_shape)
    a = as_shape(a_shape)
    k = a[-1]
    return 2 * k * prod(out)


def dot(n: int) -> int:
    """The fewest FLOPs of a dot product of two length-N vectors: N multiplies, N-1 adds.

    >>> from mmref import flops
    >>> flops.dot(64)
    127
    """
    _sizes(n=n)
    return 2 * n - 1 if n else 0


def outer(m: int, n: int) -> int:
    """FLOPs of the outer product of an M-vector and an N-vector: M*N multiplies, no adds.

    >>> from mmref import flops
    >>> flops.outer(3, 4)
    12
    """
    _sizes(m=m, n=n)
    return m * n


def hadamard(n: int) -> int:
    """FLOPs of an element-wise product of N entries: one multiply each.

    >>> from mmref import flops
    >>> flops.hadamard(10)
    10
    """
    _sizes(n=n)
    return n


def ffn(batch: int, tokens: int, d_model: int, d_ff: int) -> int:
    """FLOPs of a transformer feed-forward block, x @ W1 then h @ W2: 4*B*T*D*D_ff.

    The ReLU between the two matmuls is not counted.

    >>> from mmref import flops
    >>> flops.ffn(batch=32, tokens=16, d_model=64, d_ff=256)
    33554432
    """
    _sizes(batch=batch, tokens=tokens, d_model=d_model, d_ff=d_ff)
    rows = batch * tokens
    return matmul(rows, d_model, d_ff) + matmul(rows, d_ff, d_model)


def attention_core(batch: int, heads: int, tokens: int, d_head: int) -> int:
    """FLOPs of the scores ``Q @ K^T`` and the weighted sums ``weights @ V``: 4*B*H*T^2*D_k.

    Scaling and softmax are not counted.

    >>> from mmref import flops
    >>> flops.attention_core(batch=32, heads=4, tokens=16, d_head=16)
    2097152
    """
    _sizes(batch=batch, heads=heads, tokens=tokens, d_head=d_head)
    instances = batch * heads
    scores = matmul(tokens, d_head, tokens, batch=instances)
    mix = matmul(tokens, tokens, d_head, batch=instances)
    return scores + mix


def attention_projections(batch: int, heads: int, tokens: int, d_model: int, d_head: int) -> int:
    """FLOPs of the Q, K, V projections and the output projection of an attention block.

    Each of Q, K, V maps (B*T, D) to (B*T, H*D_k); the output projection maps back.

    >>> from mmref import flops
    >>> flops.attention_projections(batch=32, heads=4, tokens=16, d_model=64, d_head=16)
    16777216
    """
    _sizes(batch=batch, heads=heads, tokens=tokens, d_model=d_model, d_head=d_head)
    rows, width = batch * tokens, heads * d_head
    return 3 * matmul(rows, d_model, width) + matmul(rows, width, d_model)


def attention_block(batch: int, heads: int, tokens: int, d_model: int, d_head: int) -> int:
    """FLOPs of a whole attention block: projections plus the attention core.

    >>> from mmref import flops
    >>> flops.attention_block(batch=32, heads=4, tokens=16, d_model=64, d_head=16)
    18874368
    """
    return attention_projections(batch, heads, tokens, d_model, d_head) + attention_core(
        batch, heads, tokens, d_head
    )


def embedding_onehot(vocab: int, dim: int) -> int:
    """FLOPs of an embedding lookup written as a (D, V) @ (V,) matmul with a one-hot.

    Counted like :func:`matmul`, 2*V*D; the same holds for (V,) @ (V, D), the orientation
    :func:`mmref.embedding.lookup_by_matmul` uses.  A lookup by indexing does none.

    >>> from mmref import flops
    >>> flops.embedding_onehot(vocab=600, dim=64)
    76800
    """
    return matmul(dim, vocab, 1)


def naive_intensity(itemsize: int = 4) -> float:
    """FLOPs per byte of the naive inner loop, which loads A[i, k] and B[k, j] per multiply-add.

    >>> from mmref import flops
    >>> flops.naive_intensity(itemsize=4)  # float32
    0.25
    """
    _sizes(itemsize=itemsize)
    return 2 / (2 * itemsize)


def matmul_bytes(m: int, k: int, n: int, itemsize: int = 4) -> int:
    """Bytes (M, K) @ (K, N) moves at the least: A and B read once, C written once.

    >>> from mmref import flops
    >>> flops.matmul_bytes(1, 600, 64)  # a one-hot row times a (600, 64) float32 table
    156256
    """
    _sizes(m=m, k=k, n=n, itemsize=itemsize)
    return (m * k + k * n + m * n) * itemsize


def ideal_intensity(m: int, k: int, n: int, itemsize: int = 4) -> float:
    """FLOPs per byte when A and B are read once and C written once (perfect reuse).

    >>> from mmref import flops
    >>> round(flops.ideal_intensity(1024, 1024, 1024), 1)
    170.7
    """
    return matmul(m, k, n) / matmul_bytes(m, k, n, itemsize)


def low_rank_apply(m: int, n: int, r: int) -> int:
    """FLOPs of applying a rank-r factorisation ``L @ (R @ x)`` to a vector: 2*r*(M+N).

    ``L`` has shape (M, r) and ``R`` shape (r, N), as kept by a truncated SVD with the
    singular values folded into ``L``.  The vector goes through ``R`` first, then ``L``: two
    thin matrix-vector products, against 2*M*N for the (M, N) matrix itself.

    >>> from mmref import flops
    >>> flops.low_rank_apply(600, 512, 20), flops.matmul(600, 512, 1)
    (44480, 614400)
    """
    _sizes(m=m, n=n, r=r)
    return matmul(r, n, 1) + matmul(m, r, 1)
