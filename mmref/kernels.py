"""Matrix multiplication three ways, written to be read rather than to be fast.

* :func:`naive_matmul` -- the sum-of-products definition, three nested Python loops;
* :func:`outer_product_sum` -- the sum of K column-times-row outer products;
* :func:`compose` -- a matrix as a linear map, and the product as composition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from mmref.shapes import matmul_shape

Matrix = Sequence[Sequence[float]]


def naive_matmul(a: Matrix, b: Matrix) -> list[list[float]]:
    """C[i][j] = sum over k of A[i][k] * B[k][j], with three Python loops.

    Takes nested lists (or anything indexable the same way) and returns nested lists of
    Python floats, so it computes in float64 whatever the input type.

    Examples
    --------
    >>> from mmref import kernels
    >>> kernels.naive_matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    [[19.0, 22.0], [43.0, 50.0]]
    """
    m, k = len(a), len(a[0]) if len(a) else 0
    k_b, n = len(b), len(b[0]) if len(b) else 0
    matmul_shape((m, k), (k_b, n))
    c = [[0.0] * n for _ in range(m)]
    for i in range(m):
        row_a, row_c = a[i], c[i]
        for j in range(n):
            total = 0.0
            for kk in range(k):
                total += row_a[kk] * b[kk][j]
            row_c[j] = total
    return c


def outer_product_sum(a: np.ndarray, b: np.ndarray, terms: Iterable[int] | None = None) -> np.ndarray:
    """Sum of the outer products A[:, k] (x) B[k, :] over k in ``terms`` (default: all K).

    With every term this equals ``a @ b``; with some, it is a partial sum of rank-1 pieces.

    Examples
    --------
    >>> import numpy as np
    >>> from mmref import kernels
    >>> a = np.array([[1, 2], [3, 4]], dtype=np.float32)
    >>> b = np.array([[5, 6], [7, 8]], dtype=np.float32)
    >>> kernels.outer_product_sum(a, b).tolist()
    [[19.0, 22.0], [43.0, 50.0]]
    >>> kernels.outer_product_sum(a, b, terms=[0]).tolist()  # only column 0 times row 0
    [[5.0, 6.0], [15.0, 18.0]]
    """
    a, b = np.asarray(a), np.asarray(b)
    m, n = matmul_shape(a.shape, b.shape)
    c = np.zeros((m, n), dtype=np.result_type(a, b))
    for k in range(a.shape[1]) if terms is None else terms:
        c += np.outer(a[:, k], b[k, :])
    return c


def compose(a: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The linear map x -> A(Bx): apply B first, then A.

    A of shape (M, K) is a map R^K -> R^M and B of shape (K, N) a map R^N -> R^K, so the
    composition exists only when the inner dimensions agree; that is checked here, once,
    before any vector is seen.

    Examples
    --------
    >>> import numpy as np
    >>> from mmref import kernels
    >>> a = np.array([[0, -1], [1, 0]], dtype=np.float32)  # rotate by 90 degrees
    >>> b = np.array([[2, 0], [0, 1]], dtype=np.float32)   # stretch x by 2
    >>> x = np.array([1, 1], dtype=np.float32)
    >>> kernels.compose(a, b)(x).tolist(), ((a @ b) @ x).tolist()
    ([-1.0, 2.0], [-1.0, 2.0])
    """
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 2 or b.ndim != 2:
        raise ValueError(f"compose takes two matrices; got shapes {a.shape} and {b.shape}")
    matmul_shape(a.shape, b.shape)

    def composed(x: np.ndarray) -> np.ndarray:
        return a @ (b @ x)

    return composed
