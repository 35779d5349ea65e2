"""Replays bench/warm-calls.ts's recorded calls on native HiGHS (scipy's build of the HiGHS library)
with the in-process options, and times the same warm calls: bounds sent, basis set, run, column
values read back. Prints a JSON line like warm-calls.ts's.

Usage: python3 bench/native-warm.py DUMP-PREFIX
"""
import json
import sys
import time

import numpy as np
from scipy.optimize._highspy import _core as highs_core


def main() -> None:
    prefix = sys.argv[1]
    with open(f"{prefix}.calls.json") as handle:
        recorded = json.load(handle)
    h = highs_core._Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(f"{prefix}.mps")
    # The in-process options (src/solve/backends/highs-wasm.ts).
    for name, value in [("random_seed", 0), ("simplex_dual_edge_weight_strategy", 1), ("dual_simplex_cost_perturbation_multiplier", 0.0)]:
        h.setOptionValue(name, value)
    spent = {"bounds": 0.0, "basis": 0.0, "run": 0.0, "readBack": 0.0}
    basis = None
    measured = 0
    iterations = 0
    objectives = []
    pending_bounds = 0.0
    pending_basis = 0.0
    inf = highs_core.kHighsInf
    for event in recorded["events"]:
        kind = event["type"]
        if kind == "change":
            indices = np.array(event["indices"], dtype=np.int32)
            lower = np.array([-inf if v is None else v for v in event["lower"]], dtype=np.float64)
            upper = np.array([inf if v is None else v for v in event["upper"]], dtype=np.float64)
            start = time.process_time()
            if event["on"] == "columns":
                h.changeColsBounds(len(indices), indices, lower, upper)
            elif event["on"] == "rows":
                for row, low, up in zip(indices, lower, upper):
                    h.changeRowBounds(int(row), float(low), float(up))
            else:
                h.changeColsCost(len(indices), indices, -lower)  # the MPS minimises minus the objective
            pending_bounds += time.process_time() - start
        elif kind == "basis":
            basis = h.getBasis()
        elif kind == "start":
            start = time.process_time()
            h.clearSolver()
            h.setBasis(basis)
            pending_basis = time.process_time() - start
        elif kind == "solve":
            start = time.process_time()
            h.run()
            run = time.process_time() - start
            start = time.process_time()
            values = np.array(h.getSolution().col_value)
            read = time.process_time() - start
            if event["measured"]:
                measured += 1
                spent["bounds"] += pending_bounds
                spent["basis"] += pending_basis
                spent["run"] += run
                spent["readBack"] += read
                iterations += h.getInfo().simplex_iteration_count
                objectives.append(-h.getInfo().objective_function_value + recorded["offset"])
            pending_bounds = 0.0
            pending_basis = 0.0
            del values
    per_call = {name: 1000 * value / measured for name, value in spent.items()}
    agree = max(abs(a * 1000 - b) / max(1.0, abs(b)) for a, b in zip(objectives, recorded["objectives"]))
    print(json.dumps({"backend": f"native HiGHS {highs_core.HIGHS_VERSION_MAJOR}.{highs_core.HIGHS_VERSION_MINOR}.{highs_core.HIGHS_VERSION_PATCH} (scipy)", "variants": measured,
                      "iterationsPerCall": iterations / measured, "callMs": sum(per_call.values()), **{f"{k}Ms": v for k, v in per_call.items()}, "objectiveMaxRelDiff": agree}))


if __name__ == "__main__":
    main()
