// actkern: a small std::thread pool that implements actkern_exec, for
// programs without a pool of their own (and for actkern's examples, tests
// and benchmarks). Header-only, C++17; actkern itself never creates it.
//
//   actkern::ThreadPool pool(4);   // the calling thread and 3 workers
//   const actkern_exec exec = pool.Exec();
//   actkern_silu_f32_par(&exec, x, y, n);
//
// ParallelFor runs tasks on the workers and on the calling thread, which
// returns when every task has returned. One ParallelFor at a time per pool
// (calls from several threads are serialised). After a job the workers spin
// for a few tens of microseconds before they sleep, so that back-to-back
// calls do not pay a wake-up each.
#ifndef ACTKERN_THREAD_POOL_H_
#define ACTKERN_THREAD_POOL_H_

#include <stddef.h>
#include <stdint.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "actkern/common.h"

namespace actkern {

class ThreadPool {
 public:
  // num_threads: threads that run tasks, the calling thread included (0 is
  // taken as 1: no worker).
  explicit ThreadPool(size_t num_threads) {
    const size_t workers = num_threads > 1 ? num_threads - 1 : 0;
    workers_.reserve(workers);
    for (size_t i = 0; i < workers; ++i)
      workers_.emplace_back([this] { WorkerLoop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t NumThreads() const { return workers_.size() + 1; }

  // The pool as an execution context (valid while the pool lives).
  actkern_exec Exec() {
    return actkern_exec{&ParallelForOf, this, NumThreads()};
  }

  // task(context, i) for every i < count; returns when all have returned.
  void ParallelFor(size_t count, actkern_task_fn task, void* context) {
    if (count == 0) return;
    std::lock_guard<std::mutex> serial(call_mu_);
    if (workers_.empty() || count == 1) {
      for (size_t i = 0; i < count; ++i) task(context, i);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      task_ = task;
      context_ = context;
      count_ = count;
      next_.store(0, std::memory_order_relaxed);
      open_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    RunTasks(task, context, count);
    // Every index is claimed; wait for the workers that joined to finish
    // theirs, then close the job so that no late worker touches it.
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return busy_ == 0; });
    open_ = false;
  }

 private:
  static void ParallelForOf(void* pool, size_t count, actkern_task_fn task,
                            void* context) {
    static_cast<ThreadPool*>(pool)->ParallelFor(count, task, context);
  }

  void RunTasks(actkern_task_fn task, void* context, size_t count) {
    for (;;) {
      const size_t i = next_.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      task(context, i);
    }
  }

  void WorkerLoop() {
    uint64_t seen = 0;
    for (;;) {
      // Spin a little for the next job before sleeping.
      const auto spin_end =
          std::chrono::steady_clock::now() + std::chrono::microseconds(50);
      while (generation_.load(std::memory_order_acquire) == seen &&
             std::chrono::steady_clock::now() < spin_end) {
        std::this_thread::yield();
      }
      actkern_task_fn task;
      void* context;
      size_t count;
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] {
          return generation_.load(std::memory_order_relaxed) != seen;
        });
        seen = generation_.load(std::memory_order_relaxed);
        if (stop_) return;
        if (!open_) continue;  // woke after that job was closed
        task = task_;
        context = context_;
        count = count_;
        ++busy_;
      }
      RunTasks(task, context, count);
      {
        std::lock_guard<std::mutex> lock(mu_);
        --busy_;
      }
      done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex call_mu_;  // one ParallelFor at a time
  std::mutex mu_;       // guards the job fields below
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  bool stop_ = false;
  bool open_ = false;
  size_t busy_ = 0;
  actkern_task_fn task_ = nullptr;
  void* context_ = nullptr;
  size_t count_ = 0;
  std::atomic<size_t> next_{0};
};

}  // namespace actkern

#endif  // ACTKERN_THREAD_POOL_H_
