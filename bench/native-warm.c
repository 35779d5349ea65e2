/*
 * Replays bench/warm-calls.ts's recorded calls on the native HiGHS C library: the very LP arrays
 * the in-process model was created with (Highs_passLp, maximised, as highs-js's passModel does),
 * the options src/solve/backends/highs-wasm.ts sets (and highs-js's one thread), then every bound,
 * cost, basis and solve call in order, each through the C function highs-js calls in WebAssembly
 * (Highs_changeColsBoundsBySet, Highs_clearSolver + Highs_setBasis, Highs_zeroAllClocks + Highs_run,
 * Highs_getSolution...). Times the measured calls in CPU time of this process and prints one JSON
 * line shaped like warm-calls.ts's. Built against the HiGHS release the npm package `highs`
 * compiles (1.15.1), it measures what WebAssembly costs against native code on the same work.
 *
 * Build (HiGHS built from its source release, e.g. in /tmp/highs/build):
 *   cc -O2 bench/native-warm.c -I SRC/highs -I BUILD -L BUILD/lib -lhighs -lstdc++ -lm -lpthread -lz -o native-warm
 * Usage: native-warm DUMP-PREFIX   (reads DUMP-PREFIX.lp.bin and DUMP-PREFIX.calls.txt)
 *
 * glibc's allocator hands HiGHS's large per-solve work arrays back to the kernel and maps fresh
 * zeroed pages for the next solve (page faults and memset were ~27 % of a perf profile); the
 * WebAssembly heap keeps its memory. Run also with
 *   GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824
 * to compare the solver's own work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interfaces/highs_c_api.h"

static double cpu_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static void *read_exactly(FILE *file, size_t bytes) {
  void *buffer = malloc(bytes ? bytes : 1);
  if (!buffer || fread(buffer, 1, bytes, file) != bytes) {
    fprintf(stderr, "short read\n");
    exit(2);
  }
  return buffer;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: native-warm DUMP-PREFIX\n");
    return 2;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s.lp.bin", argv[1]);
  FILE *lp = fopen(path, "rb");
  if (!lp) {
    perror(path);
    return 2;
  }
  int header[4];
  double offset;
  if (fread(header, sizeof(int), 4, lp) != 4 || fread(&offset, sizeof(double), 1, lp) != 1) return 2;
  const int num_col = header[0], num_row = header[1], num_nz = header[2], stall_limit = header[3];
  double *cost = read_exactly(lp, sizeof(double) * num_col), *col_lower = read_exactly(lp, sizeof(double) * num_col), *col_upper = read_exactly(lp, sizeof(double) * num_col);
  double *row_lower = read_exactly(lp, sizeof(double) * num_row), *row_upper = read_exactly(lp, sizeof(double) * num_row);
  int *starts = read_exactly(lp, sizeof(int) * (num_col + 1)), *index = read_exactly(lp, sizeof(int) * num_nz);
  double *value = read_exactly(lp, sizeof(double) * num_nz);
  fclose(lp);

  void *highs = Highs_create();
  Highs_setBoolOptionValue(highs, "output_flag", 0);
  Highs_setIntOptionValue(highs, "threads", 1);
  Highs_setStringOptionValue(highs, "parallel", "off");
  Highs_setIntOptionValue(highs, "random_seed", 0);
  Highs_setIntOptionValue(highs, "simplex_dual_edge_weight_strategy", 1);
  Highs_setDoubleOptionValue(highs, "dual_simplex_cost_perturbation_multiplier", 0);
  Highs_setIntOptionValue(highs, "simplex_iteration_limit", stall_limit);
  if (Highs_passLp(highs, num_col, num_row, num_nz, kHighsMatrixFormatColwise, kHighsObjSenseMaximize, offset, cost, col_lower, col_upper, row_lower, row_upper, starts, index, value) < 0) return 2;

  snprintf(path, sizeof path, "%s.calls.txt", argv[1]);
  FILE *calls = fopen(path, "r");
  if (!calls) {
    perror(path);
    return 2;
  }
  int *basis_cols = malloc(sizeof(int) * num_col), *basis_rows = malloc(sizeof(int) * num_row);
  double *out_col_value = malloc(sizeof(double) * num_col), *out_col_dual = malloc(sizeof(double) * num_col);
  double *out_row_value = malloc(sizeof(double) * num_row), *out_row_dual = malloc(sizeof(double) * num_row);
  int capacity = num_col > num_row ? num_col : num_row;
  int *indices = malloc(sizeof(int) * capacity);
  double *lower = malloc(sizeof(double) * capacity), *upper = malloc(sizeof(double) * capacity);
  double spent_bounds = 0, spent_basis = 0, spent_run = 0, spent_read = 0, pending_bounds = 0, pending_basis = 0;
  long iterations = 0;
  int measured = 0, failed = 0;
  char kind[4];
  while (fscanf(calls, "%3s", kind) == 1) {
    if (kind[0] == 'c' || kind[0] == 'r' || kind[0] == 'k') {
      int count;
      if (fscanf(calls, "%d", &count) != 1) return 2;
      for (int i = 0; i < count; i++)
        if (fscanf(calls, "%d", &indices[i]) != 1) return 2;
      for (int i = 0; i < count; i++)
        if (fscanf(calls, "%lf", &lower[i]) != 1) return 2;
      if (kind[0] != 'k')
        for (int i = 0; i < count; i++)
          if (fscanf(calls, "%lf", &upper[i]) != 1) return 2;
      const double start = cpu_ms();
      if (kind[0] == 'c') Highs_changeColsBoundsBySet(highs, count, indices, lower, upper);
      else if (kind[0] == 'r') Highs_changeRowsBoundsBySet(highs, count, indices, lower, upper);
      else Highs_changeColsCostBySet(highs, count, indices, lower);
      pending_bounds += cpu_ms() - start;
    } else if (kind[0] == 'b') {
      Highs_getBasis(highs, basis_cols, basis_rows);
    } else if (kind[0] == 's') {
      const double start = cpu_ms();
      Highs_clearSolver(highs);
      Highs_setBasis(highs, basis_cols, basis_rows);
      pending_basis = cpu_ms() - start;
    } else if (kind[0] == 'v') {
      int counted;
      if (fscanf(calls, "%d", &counted) != 1) return 2;
      double start = cpu_ms();
      Highs_zeroAllClocks(highs);
      Highs_run(highs);
      const int status = Highs_getModelStatus(highs);
      int iteration_count = 0;
      Highs_getIntInfoValue(highs, "simplex_iteration_count", &iteration_count);
      const double run = cpu_ms() - start;
      start = cpu_ms();
      Highs_getSolution(highs, out_col_value, out_col_dual, out_row_value, out_row_dual);
      const double objective = Highs_getObjectiveValue(highs);
      const double read = cpu_ms() - start;
      (void)objective;
      if (counted) {
        measured += 1;
        if (status != kHighsModelStatusOptimal) failed += 1;
        iterations += iteration_count;
        spent_bounds += pending_bounds;
        spent_basis += pending_basis;
        spent_run += run;
        spent_read += read;
      }
      pending_bounds = pending_basis = 0;
    }
  }
  fclose(calls);
  if (measured == 0) return 2;
  printf("{\"backend\": \"native HiGHS %s (C library)\", \"variants\": %d, \"notOptimal\": %d, \"iterationsPerCall\": %.3f, \"callMs\": %.4f, \"boundsMs\": %.4f, \"basisMs\": %.4f, \"runMs\": %.4f, \"readBackMs\": %.4f}\n",
         Highs_version(), measured, failed, (double)iterations / measured, (spent_bounds + spent_basis + spent_run + spent_read) / measured, spent_bounds / measured,
         spent_basis / measured, spent_run / measured, spent_read / measured);
  Highs_destroy(highs);
  return 0;
}
