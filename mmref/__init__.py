"""mmref: small, readable reference code for matrix multiplication.

Every number on the site's theory pages is computed by this package:

* :mod:`mmref.shapes` -- the shape rules of ``np.matmul`` and ``np.einsum``;
* :mod:`mmref.flops` -- floating-point operation counts, named after the operation;
* :mod:`mmref.kernels` -- matmul three ways: triple loop, sum of outer products, composition;
* :mod:`mmref.embedding` -- an embedding lookup by one-hot matmul and by indexing;
* :mod:`mmref.lowrank` -- rank-r approximations of a product;
* :mod:`mmref.timing` -- timing a kernel and describing the machine it ran on.
"""

from mmref import embedding, flops, kernels, lowrank, shapes
from mmref.embedding import lookup_by_index, lookup_by_matmul, one_hot
from mmref.kernels import compose, naive_matmul, outer_product_sum
from mmref.shapes import einsum_shape, matmul_shape

__all__ = [
    "compose",
    "einsum_shape",
    "embedding",
    "flops",
    "kernels",
    "lookup_by_index",
    "lookup_by_matmul",
    "lowrank",
    "matmul_shape",
    "naive_matmul",
    "one_hot",
    "outer_product_sum",
    "shapes",
]
