"""pytest setup: the names every doctest (docstrings and pages) may use without importing."""

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
