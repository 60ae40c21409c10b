"""pytest setup: the names the docstring examples of mmref use without importing them.

Only the package's docstrings rely on it (the site's pages import what they use);
it can go once every docstring example has its own import lines.
"""

import math

import numpy as np
import pytest

import mmref
from mmref import embedding, flops, kernels, lowrank, shapes, timing


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace.update(
        math=math, np=np, mmref=mmref, flops=flops, shapes=shapes, kernels=kernels,
        embedding=embedding, lowrank=lowrank, timing=timing,
    )
