"""Rank-r approximations of a product AB: keeping outer products versus the truncated SVD."""

from __future__ import annotations

import numpy as np

from mmref.kernels import outer_product_sum


def largest_outer_products(a: np.ndarray, b: np.ndarray, r: int) -> np.ndarray:
    """Keep the r outer products A[:, k] (x) B[k, :] with the largest Frobenius norm.

    The norm of one such product is ||A[:, k]|| * ||B[k, :]||.  This is a rank-r matrix,
    but in general *not* the best rank-r approximation of AB: see :func:`truncated_svd`.

    >>> import numpy as np
    >>> from mmref import lowrank
    >>> a = np.eye(2, dtype=np.float32)
    >>> b = np.ones((2, 2), dtype=np.float32)
    >>> lowrank.largest_outer_products(a, b, 1).tolist()
    [[1.0, 1.0], [0.0, 0.0]]
    """
    sizes = np.linalg.norm(a, axis=0) * np.linalg.norm(b, axis=1)
    keep = np.argsort(-sizes, kind="stable")[:r]
    return outer_product_sum(a, b, terms=sorted(keep))


def truncated_svd(m: np.ndarray, r: int) -> np.ndarray:
    """Best rank-r approximation of ``m`` (Eckart-Young-Mirsky): keep its r largest singular values.

    >>> import numpy as np
    >>> from mmref import lowrank
    >>> m = np.ones((2, 2), dtype=np.float32)
    >>> lowrank.truncated_svd(m, 1).round(6).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    return (u[:, :r] * s[:r]) @ vt[:r]
