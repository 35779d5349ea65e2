"""Solves a dumped Chokepoint LP with scipy's HiGHS (native) and prints the median solve time.

Usage: python3 bench/native.py REPEATS LP.json [LP.json ...]   (medians are summed over the files)
"""
import json
import statistics
import sys
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_matrix


def solve(path: str, repeats: int) -> tuple[float, float]:
    with open(path) as handle:
        lp = json.load(handle)
    matrix = csc_matrix((lp["values"], lp["indices"], lp["starts"]), shape=(lp["numRows"], lp["numCols"])).tocsr()
    inf = np.inf
    row_lower = np.array([-inf if v is None else v for v in lp["rowLower"]])
    row_upper = np.array([inf if v is None else v for v in lp["rowUpper"]])
    equal = row_lower == row_upper
    upper = ~equal & np.isfinite(row_upper)
    lower = ~equal & np.isfinite(row_lower)
    from scipy.sparse import vstack
    a_ub = vstack([matrix[upper], -matrix[lower]]).tocsr()
    b_ub = np.concatenate([row_upper[upper], -row_lower[lower]])
    bounds = list(zip(lp["colLower"], [None if v is None else v for v in lp["colUpper"]]))
    cost = -np.array(lp["colCost"])  # Chokepoint maximises
    times = []
    objective = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=matrix[equal], b_eq=row_lower[equal], bounds=bounds, method="highs")
        times.append((time.perf_counter() - start) * 1000)
        objective = -result.fun
        if result.status != 0:
            raise SystemExit(f"scipy: {result.message}")
    return statistics.median(times), objective


def main() -> None:
    repeats = int(sys.argv[1])
    results = [solve(path, repeats) for path in sys.argv[2:]]
    print(json.dumps({"medianMs": sum(r[0] for r in results), "perFileMs": [r[0] for r in results], "objectivesKusd": [r[1] for r in results]}))


if __name__ == "__main__":
    main()
