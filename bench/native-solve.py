"""Solves an MPS file written by bench/solve-lp.ts with native HiGHS (scipy's build of the HiGHS
library), with the in-process options, and prints the solve time, iterations and objective (JSON).

Usage: python3 bench/native-solve.py LP.mps
"""
import json
import sys
import time

from scipy.optimize._highspy import _core as highs_core

h = highs_core._Highs()
h.setOptionValue("output_flag", False)
h.readModel(sys.argv[1])
for name, value in [("random_seed", 0), ("simplex_dual_edge_weight_strategy", 1), ("dual_simplex_cost_perturbation_multiplier", 0.0)]:
    h.setOptionValue(name, value)
start = time.perf_counter()
cpu = time.process_time()
h.run()
cpu = time.process_time() - cpu
elapsed = time.perf_counter() - start
info = h.getInfo()
version = f"{highs_core.HIGHS_VERSION_MAJOR}.{highs_core.HIGHS_VERSION_MINOR}.{highs_core.HIGHS_VERSION_PATCH}"
print(json.dumps({"ms": 1000 * elapsed, "cpuMs": 1000 * cpu, "iterations": info.simplex_iteration_count, "objectiveMin": info.objective_function_value, "version": version}))
