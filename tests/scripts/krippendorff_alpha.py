"""Krippendorff's alpha by the PyPI package `krippendorff`, to cross-check `polpos agreement`.

Reads on stdin a JSON list of {"level": "nominal" | "ordinal" | "interval", "data": [[value or
null, ...] one row per coder]}; writes a JSON list of alphas, null where alpha is undefined (no
pairable values, or no variation among them).
"""

import json
import math
import sys

import krippendorff
import numpy as np


def alpha(case):
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    try:
        value = krippendorff.alpha(reliability_data=data, level_of_measurement=case["level"])
    except ValueError:
        # The package refuses data with no pairable unit or with a single value.
        return None
    # With values that vary only outside the pairable units, D_e = 0 and the package gives NaN.
    return None if math.isnan(value) else float(value)


with np.errstate(invalid="ignore", divide="ignore"):
    json.dump([alpha(case) for case in json.load(sys.stdin)], sys.stdout)
