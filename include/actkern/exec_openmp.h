/* actkern: an actkern_exec running tasks on OpenMP threads. Header-only, C
 * and C++: the parallel loop is compiled in the including file, which must
 * be built with OpenMP (-fopenmp; CMake: OpenMP::OpenMP_C or
 * OpenMP::OpenMP_CXX, Debian: libgomp with GCC, libomp-dev with Clang).
 *
 *   const actkern_exec exec = actkern_openmp_exec();
 *   actkern_softmax_f32_par(&exec, x, cols, y, cols, rows, cols, 1.0f);
 *
 * Each call opens one OpenMP parallel region with omp_get_max_threads()
 * threads (dynamic schedule: chunks of one task). Inside an active parallel
 * region (nested parallelism off, the default) the region has one thread, so
 * a _par call from an OpenMP task runs on that thread. */
#ifndef ACTKERN_EXEC_OPENMP_H_
#define ACTKERN_EXEC_OPENMP_H_

#ifndef _OPENMP
#error "actkern/exec_openmp.h needs OpenMP: compile with -fopenmp"
#endif

#include <omp.h>
#include <stddef.h>

#include "actkern/common.h"

static inline void actkern_openmp_parallel_for(void* pool, size_t count,
                                               actkern_task_fn task,
                                               void* task_context) {
  /* A signed loop index: OpenMP before 3.0 accepts no other. */
  long i;
  (void)pool;
#pragma omp parallel for schedule(dynamic, 1)
  for (i = 0; i < (long)count; ++i) task(task_context, (size_t)i);
}

/* num_threads: omp_get_max_threads() at the time of the call. */
static inline actkern_exec actkern_openmp_exec(void) {
  actkern_exec exec;
  exec.parallel_for = actkern_openmp_parallel_for;
  exec.pool = NULL;
  exec.num_threads = (size_t)omp_get_max_threads();
  return exec;
}

#endif /* ACTKERN_EXEC_OPENMP_H_ */
