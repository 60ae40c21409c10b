"""Shape rules: what ``np.matmul`` and ``np.einsum`` return, computed from shapes alone.

A shape is a tuple of non-negative integers.  Nothing here allocates an array, so the
rules can be checked for sizes far too large to build.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest

Shape = tuple[int, ...]


def as_shape(shape: Sequence[int], name: str = "shape") -> Shape:
    """Return ``shape`` as a tuple of ints, rejecting anything that is not a shape.

    Examples
    --------
    >>> from mmref import shapes
    >>> shapes.as_shape([2, 3])
    (2, 3)
    >>> shapes.as_shape((2, -1))
    Traceback (most recent call last):
    ...
    ValueError: shape (2, -1) has a negative dimension -1; dimensions are sizes, use 0 or more
    """
    dims = tuple(shape)
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, int) and not hasattr(d, "__index__"):
            raise ValueError(
                f"{name} {dims!r} has a non-integer dimension {d!r}; "
                "dimensions must be whole numbers such as 3, not 3.0 or '3'"
            )
        if int(d) < 0:
            raise ValueError(
                f"{name} {dims!r} has a negative dimension {int(d)}; "
                "dimensions are sizes, use 0 or more"
            )
    return tuple(int(d) for d in dims)


def broadcast_shape(a: Sequence[int], b: Sequence[int]) -> Shape:
    """Broadcast two batch shapes the NumPy way (align on the right; 1 stretches).

    Examples
    --------
    >>> from mmref import shapes
    >>> shapes.broadcast_shape((8, 1), (4,))
    (8, 4)
    >>> shapes.broadcast_shape((3,), (4,))
    Traceback (most recent call last):
    ...
    ValueError: batch shapes (3,) and (4,) do not broadcast: 3 and 4 differ and neither is 1
    """
    a, b = as_shape(a), as_shape(b)
    out = []
    for x, y in zip_longest(reversed(a), reversed(b), fillvalue=1):
        if x != y and 1 not in (x, y):
            raise ValueError(
                f"batch shapes {a} and {b} do not broadcast: "
                f"{x} and {y} differ and neither is 1"
            )
        out.append(y if x == 1 else x)
    return tuple(reversed(out))


def matmul_shape(a: Sequence[int], b: Sequence[int]) -> Shape:
    """Shape of ``np.matmul(x, y)`` for ``x.shape == a`` and ``y.shape == b``.

    The last two axes are the matrices, (M, K) @ (K, N) -> (M, N); every axis before them
    is a batch axis and broadcasts.  A one-dimensional operand is promoted to a matrix (a row
    on the left, a column on the right) and the added axis is removed from the result.  An error
    message names both shapes and both inner dimensions.

    Raises
    ------
    ValueError
        If a shape is zero-dimensional, the inner dimensions differ or the batch axes do not broadcast.

    Examples
    --------
    >>> from mmref import shapes
    >>> shapes.matmul_shape((32, 4, 16, 16), (32, 4, 16, 16))
    (32, 4, 16, 16)
    >>> shapes.matmul_shape((600, 64), (64,))
    (600,)
    >>> shapes.matmul_shape((2, 3), (4, 5))
    Traceback (most recent call last):
    ...
    ValueError: matmul (2, 3) @ (4, 5): inner dimensions differ, 3 (last axis of the left operand) != 4 (first matrix axis of the right operand)
    """
    a, b = as_shape(a, "left shape"), as_shape(b, "right shape")
    if not a or not b:
        raise ValueError(
            f"matmul {a} @ {b}: a 0-D operand (a scalar) has no matrix axes; "
            "multiply scalars with * instead"
        )
    left = (1,) + a if len(a) == 1 else a
    right = b + (1,) if len(b) == 1 else b
    (m, k_left), (k_right, n) = left[-2:], right[-2:]
    if k_left != k_right:
        raise ValueError(
            f"matmul {a} @ {b}: inner dimensions differ, "
            f"{k_left} (last axis of the left operand) != "
            f"{k_right} (first matrix axis of the right operand)"
        )
    try:
        batch = broadcast_shape(left[:-2], right[:-2])
    except ValueError as err:
        raise ValueError(f"matmul {a} @ {b}: {err}") from None
    out = batch + ((m,) if len(a) > 1 else ()) + ((n,) if len(b) > 1 else ())
    return out


def einsum_shape(subscripts: str, *shapes: Sequence[int]) -> Shape:
    """Shape of ``np.einsum(subscripts, *operands)`` for operands of the given shapes.

    Supports explicit output (``'ij,jk->ik'``) and implicit output (``'ij,jk'``: the
    letters that occur once, in alphabetical order).  As in NumPy, an axis of size 1
    broadcasts against the other operands' axes with the same letter.  Ellipses are not
    supported.

    Examples
    --------
    >>> from mmref import shapes
    >>> shapes.einsum_shape('bhqd,bhkd->bhqk', (32, 4, 16, 16), (32, 4, 16, 16))
    (32, 4, 16, 16)
    >>> shapes.einsum_shape('ii->', (3, 3))
    ()
    >>> shapes.einsum_shape('ij,jk->ik', (2, 3), (4, 5))
    Traceback (most recent call last):
    ...
    ValueError: einsum 'ij,jk->ik': index 'j' has size 3 in operand 0 (shape (2, 3)) but 4 in operand 1 (shape (4, 5))
    """
    spec = subscripts.replace(" ", "")
    if "." in spec:
        raise ValueError(f"einsum {subscripts!r}: ellipsis '...' is not supported here")
    inputs, arrow, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(
            f"einsum {subscripts!r}: {len(terms)} operand subscripts but {len(shapes)} shapes"
        )
    sizes: dict[str, tuple[int, int, Shape]] = {}
    for pos, (term, shape) in enumerate(zip(terms, shapes)):
        shape = as_shape(shape, f"operand {pos} shape")
        if len(term) != len(shape):
            raise ValueError(
                f"einsum {subscripts!r}: operand {pos} has {len(term)} subscripts "
                f"{term!r} but shape {shape} has {len(shape)} axes"
            )
        for axis, (letter, size) in enumerate(zip(term, shape)):
            if not letter.isalpha():
                raise ValueError(f"einsum {subscripts!r}: {letter!r} is not a subscript letter")
            if letter in term[:axis] and shape[term.index(letter)] != size:
                raise ValueError(
                    f"einsum {subscripts!r}: index {letter!r} repeats in operand {pos} "
                    f"(shape {shape}) with different sizes {shape[term.index(letter)]} and {size}"
                )
            seen = sizes.setdefault(letter, (size, pos, shape))
            if seen[0] == 1 and size != 1:  # like NumPy, a size-1 axis broadcasts
                sizes[letter] = (size, pos, shape)
            elif seen[0] != size and size != 1:
                raise ValueError(
                    f"einsum {subscripts!r}: index {letter!r} has size {seen[0]} in operand "
                    f"{seen[1]} (shape {seen[2]}) but {size} in operand {pos} (shape {shape})"
                )
    if not arrow:
        counts = "".join(terms)
        output = "".join(sorted(c for c in sizes if counts.count(c) == 1))
    for letter in output:
        if letter not in sizes:
            raise ValueError(
                f"einsum {subscripts!r}: output index {letter!r} appears in no operand"
            )
        if output.count(letter) > 1:
            raise ValueError(f"einsum {subscripts!r}: output index {letter!r} repeats")
    return tuple(sizes[c][0] for c in output)
