// actkern/exec_pthreadpool.h: the pthreadpool adapter gives the plain call's
// bits, on pools of 1, 2 and 4 threads and with a NULL pool.
#include "actkern/exec_pthreadpool.h"
#include "adapter_checks.h"

namespace actkern {
namespace test {
namespace {

TEST(PthreadpoolAdapter, SameBitsAsThePlainCall) {
  for (size_t threads : {1, 2, 4}) {
    pthreadpool_t pool = pthreadpool_create(threads);
    ASSERT_NE(pool, nullptr);
    const actkern_exec exec = actkern_pthreadpool_exec(pool);
    EXPECT_EQ(exec.num_threads, threads);
    CheckAdapter(exec);
    pthreadpool_destroy(pool);
  }
  CheckAdapter(actkern_pthreadpool_exec(nullptr));
}

}  // namespace
}  // namespace test
}  // namespace actkern
