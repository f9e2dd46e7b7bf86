/* actkern: an actkern_exec running tasks on a pthreadpool (the thread pool of
 * XNNPACK; Debian: libpthreadpool-dev). Header-only, C and C++: link the
 * including program with -lpthreadpool.
 *
 *   pthreadpool_t pool = pthreadpool_create(0);  // 0: one thread per core
 *   const actkern_exec exec = actkern_pthreadpool_exec(pool);
 *   actkern_gelu_f32_par(&exec, x, y, n);
 *
 * actkern's task signature is pthreadpool's 1-D task, so tasks are handed
 * over as they are (pthreadpool_parallelize_1d; the calling thread takes
 * part). */
#ifndef ACTKERN_EXEC_PTHREADPOOL_H_
#define ACTKERN_EXEC_PTHREADPOOL_H_

#include <pthreadpool.h>
#include <stddef.h>

#include "actkern/common.h"

static inline void actkern_pthreadpool_parallel_for(void* pool, size_t count,
                                                    actkern_task_fn task,
                                                    void* task_context) {
  /* actkern_task_fn is pthreadpool_task_1d_t: void (*)(void*, size_t). */
  pthreadpool_parallelize_1d((pthreadpool_t)pool, task, task_context, count, 0);
}

/* pool may be NULL (pthreadpool then runs on the calling thread). */
static inline actkern_exec actkern_pthreadpool_exec(pthreadpool_t pool) {
  actkern_exec exec;
  exec.parallel_for = actkern_pthreadpool_parallel_for;
  exec.pool = (void*)pool;
  exec.num_threads = pool != NULL ? pthreadpool_get_threads_count(pool) : 1;
  return exec;
}

#endif /* ACTKERN_EXEC_PTHREADPOOL_H_ */
