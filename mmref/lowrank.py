"""Low rank: approximations of a product, the rank floating point sees, and what a factorisation costs.

Keeping outer products versus the truncated SVD (:func:`largest_outer_products`,
:func:`truncated_svd`), the numerical rank (:func:`numerical_rank`), the Eckart–Young–Mirsky
errors (:func:`eckart_young_errors`) and the sizes of rank-r factors (:func:`storage`,
:func:`lora_parameters`).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from mmref.kernels import outer_product_sum


def largest_outer_products(a: np.ndarray, b: np.ndarray, r: int) -> np.ndarray:
    """Keep the r outer products A[:, k] (x) B[k, :] with the largest Frobenius norm.

    The norm of one such product is ||A[:, k]|| * ||B[k, :]||.  The returned matrix has rank
    at most r, but in general *not* the best rank-r approximation of AB: see
    :func:`truncated_svd`.

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
    """A closest matrix to ``m`` of rank at most r: its r largest singular values kept.

    No matrix of rank at most r is closer, in the Frobenius or the spectral norm (the
    Eckart–Young–Mirsky theorem).  In the Frobenius norm it is the only closest one when
    ``s[r - 1] > s[r]`` (``s``: the singular values, largest first); in the spectral norm,
    when ``s[r] > 0``, others are as close.

    >>> import numpy as np
    >>> from mmref import lowrank
    >>> m = np.ones((2, 2), dtype=np.float32)
    >>> lowrank.truncated_svd(m, 1).round(6).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    return (u[:, :r] * s[:r]) @ vt[:r]


def rank_tolerance(s: ArrayLike, shape: tuple[int, int], dtype: DTypeLike) -> float:
    """The threshold below which ``np.linalg.matrix_rank`` calls a singular value zero.

    It is ``s.max() * max(M, N) * eps``, where ``eps`` is the spacing of floating-point
    numbers near 1 in ``dtype``.  This is NumPy's default, a rule of thumb for the rounding
    of the SVD computation itself, not a bound.  It knows nothing of how the entries were
    obtained: errors made before (rounding in the products that computed the matrix,
    measurements, 8-bit pixels) can be larger, and for such data NumPy's documentation
    suggests a tolerance near the size of those errors (``tol=`` of :func:`numerical_rank`).

    Parameters
    ----------
    s : array_like
        The singular values of the matrix (any order).
    shape : tuple[int, int]
        The matrix's shape ``(M, N)``.
    dtype : dtype
        The floating-point type the matrix was computed in.

    Examples
    --------
    >>> import numpy as np
    >>> from mmref import lowrank
    >>> eps = float(np.finfo(np.float32).eps)
    >>> lowrank.rank_tolerance([2.0, 1.0], (3, 2), np.float32) == 2.0 * 3 * eps
    True
    """
    m, n = shape
    s = np.asarray(s, dtype=np.float64)
    return float(s.max(initial=0.0) * max(m, n) * np.finfo(dtype).eps)


def numerical_rank(
    s: ArrayLike, shape: tuple[int, int], dtype: DTypeLike, tol: float | None = None
) -> int:
    """The number of singular values above a tolerance: the rank as floating point sees it.

    With ``tol=None`` the tolerance is :func:`rank_tolerance`, as in
    ``np.linalg.matrix_rank``; ``tol=0`` counts every nonzero singular value.

    Parameters
    ----------
    s : array_like
        The singular values of the matrix.
    shape : tuple[int, int]
        The matrix's shape ``(M, N)``.
    dtype : dtype
        The floating-point type the matrix was computed in.
    tol : float, optional
        Count only singular values strictly greater than this.

    Examples
    --------
    >>> import numpy as np
    >>> from mmref import lowrank
    >>> s = np.array([3.0, 1.0, 2e-7], dtype=np.float32)
    >>> lowrank.numerical_rank(s, (3, 3), np.float32), lowrank.numerical_rank(s, (3, 3), np.float32, tol=0)
    (2, 3)
    """
    if tol is None:
        tol = rank_tolerance(s, shape, dtype)
    return int(np.count_nonzero(np.asarray(s, dtype=np.float64) > tol))


def eckart_young_errors(s: ArrayLike, r: int) -> tuple[float, float]:
    """The errors of the best rank-r approximation, from the singular values alone.

    By the Eckart–Young–Mirsky theorem no matrix of rank at most ``r`` is closer than the
    truncated SVD of rank ``r``, in either norm, and its error is, in the Frobenius norm, the
    square root of the sum of the squared singular values left out, and in the spectral norm
    the largest one left out, sigma_(r+1) (zero when none is left out).

    Parameters
    ----------
    s : array_like
        The singular values, largest first.
    r : int
        The rank kept (0 keeps nothing).

    Returns
    -------
    tuple[float, float]
        ``(frobenius, spectral)``: ``sqrt(sum(s[r:] ** 2))`` and ``s[r]``, or 0 when no
        singular value is left out, both computed in float64.

    Examples
    --------
    >>> from mmref import lowrank
    >>> lowrank.eckart_young_errors([4.0, 3.0, 0.0], 1)
    (3.0, 3.0)
    >>> lowrank.eckart_young_errors([4.0, 3.0], 0)
    (5.0, 4.0)
    """
    if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or r < 0:
        raise ValueError(f"r={r!r}: the rank kept is a whole number, 0 or more")
    s = np.asarray(s, dtype=np.float64)
    if np.any(np.diff(s) > 0):
        raise ValueError("singular values must be sorted largest first, as np.linalg.svd returns them")
    dropped = s[r:]
    return float(np.sqrt(np.sum(dropped**2))), float(dropped[0]) if dropped.size else 0.0


def storage(m: int, n: int, r: int) -> int:
    """Numbers stored for a rank-r factorisation of an (M, N) matrix: r*(M+N).

    The factors are an (M, r) matrix (``U_r`` with the singular values folded into its
    columns) and an (r, N) matrix (``V_r`` transposed), against M*N for the matrix itself.

    >>> from mmref import lowrank
    >>> lowrank.storage(600, 512, 20), 600 * 512
    (22240, 307200)
    """
    _whole(m=m, n=n, r=r)
    return r * (m + n)


def lora_parameters(d: int, k: int, r: int) -> int:
    """Trainable parameters of a LoRA update ``B @ A`` to a (d, k) weight: r*(d+k).

    ``B`` has shape (d, r) and ``A`` shape (r, k); the weight ``W`` itself stays frozen,
    and its d*k entries are not trained.

    >>> from mmref import lowrank
    >>> lowrank.lora_parameters(4096, 4096, 8)
    65536
    """
    _whole(d=d, k=k, r=r)
    return d * r + r * k


def rounding_noise_norm(shape: tuple[int, int], step: float,
                        weights: ArrayLike = (1.0,)) -> float:
    """The typical spectral norm of a matrix of rounding errors: s * (sqrt(M) + sqrt(N)).

    Each entry is taken as a weighted sum of independent errors, one per weight, each
    uniformly distributed over a step of width ``step`` (standard deviation
    ``step / sqrt(12)``).  Such an entry has standard deviation ``s = step / sqrt(12) * sqrt(sum(weights ** 2))``, and a
    large (M, N) matrix of independent errors of mean zero and standard deviation ``s`` has
    a largest singular value of approximately ``s * (sqrt(M) + sqrt(N))``.  An estimate, not
    a bound.

    Parameters
    ----------
    shape : tuple[int, int]
        The matrix's shape ``(M, N)``.
    step : float
        The width of one rounding step (``1 / 255`` for 8-bit channels scaled to lie between 0 and 1).
    weights : array_like
        The weights of the rounded values in each entry (one weight: one rounded value).

    Examples
    --------
    The brightness 0.299 R + 0.587 G + 0.114 B of 8-bit channels: its error has about 0.67
    times the standard deviation of one channel's error.

    >>> import math
    >>> from mmref import lowrank
    >>> weights = (0.299, 0.587, 0.114)
    >>> round(math.hypot(*weights), 3)
    0.669
    >>> one = lowrank.rounding_noise_norm((600, 512), 1 / 255)
    >>> round(one, 4), round(lowrank.rounding_noise_norm((600, 512), 1 / 255, weights) / one, 3)
    (0.0533, 0.669)
    """
    m, n = shape
    spread = step / np.sqrt(12) * float(np.linalg.norm(np.asarray(weights, dtype=np.float64)))
    return float(spread * (np.sqrt(m) + np.sqrt(n)))


def payback_uses(svd_to_product: float, rank_fraction: float = 1 / 8) -> int:
    """The fewest uses of rank-``r`` factors that recover the time of one SVD, ``r = rank_fraction * N``.

    Applied to ``N`` vectors at once, factors of an ``(N, N)`` matrix at rank ``r`` take
    ``4 N**2 r`` FLOPs (two products, :func:`mmref.flops.matmul`) instead of ``2 N**3``: they
    save ``1 - 2 r / N`` of one full product.  If their thin products ran as fast as the full
    one, each use would save that fraction of one product's time, and an SVD that took
    ``svd_to_product`` times as long as one product would be recovered after
    ``ceil(svd_to_product / (1 - 2 r / N))`` uses: a whole number, rounded up.

    >>> from mmref import flops, lowrank
    >>> n, r = 512, 64
    >>> 1 - (flops.matmul(r, n, n) + flops.matmul(n, r, n)) / flops.matmul(n, n, n)
    0.75
    >>> lowrank.payback_uses(27.5), lowrank.payback_uses(3.0, rank_fraction=1 / 4)
    (37, 6)
    """
    saved = 1 - 2 * rank_fraction
    if not 0 < saved <= 1:
        raise ValueError(f"rank_fraction={rank_fraction!r}: the factors save nothing unless "
                         f"r / N lies below 1/2")
    return math.ceil(svd_to_product / saved)


def _whole(**sizes: int) -> None:
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name}={value!r}: sizes are whole numbers, 0 or more")
