"""An embedding lookup, written as a one-hot matmul and as plain indexing.

Both return row i of the table E (shape (V, D)); they differ in the work they do.
"""

from __future__ import annotations

import numpy as np


def one_hot(index: int | np.ndarray, size: int, dtype: type = np.float32) -> np.ndarray:
    """One-hot vectors of length ``size``: shape ``(size,)`` for an int, ``(*index.shape, size)`` else.

    >>> from mmref import embedding
    >>> embedding.one_hot(2, 4).tolist()
    [0.0, 0.0, 1.0, 0.0]
    """
    index = np.asarray(index)
    if np.any(index < 0) or np.any(index >= size):
        raise ValueError(f"index {index.tolist()} is outside 0..{size - 1}")
    return (index[..., None] == np.arange(size)).astype(dtype)


def lookup_by_matmul(table: np.ndarray, index: int | np.ndarray) -> np.ndarray:
    """Rows of ``table`` picked by ``one_hot(index) @ table``: 2*V*D FLOPs per row.

    >>> import numpy as np
    >>> from mmref import embedding
    >>> E = np.arange(6, dtype=np.float32).reshape(3, 2)
    >>> embedding.lookup_by_matmul(E, 1).tolist()
    [2.0, 3.0]
    """
    return one_hot(index, table.shape[0], dtype=table.dtype) @ table


def lookup_by_index(table: np.ndarray, index: int | np.ndarray) -> np.ndarray:
    """Rows of ``table`` picked by indexing: no arithmetic at all.

    >>> import numpy as np
    >>> from mmref import embedding
    >>> E = np.arange(6, dtype=np.float32).reshape(3, 2)
    >>> embedding.lookup_by_index(E, [1, 1, 0]).tolist()
    [[2.0, 3.0], [2.0, 3.0], [0.0, 1.0]]
    """
    return table[np.asarray(index)]
