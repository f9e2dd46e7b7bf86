// Memory placed against inaccessible pages: any read or write past the end
// (or before the start) of a buffer faults at once, on any target, without a
// sanitizer.
#ifndef ACTKERN_TESTS_HARDENING_GUARDED_H_
#define ACTKERN_TESTS_HARDENING_GUARDED_H_

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>

namespace actkern {
namespace test {

// [PROT_NONE page][data pages][PROT_NONE page]. End() is the first byte of
// the trailing guard page, Begin() the first byte after the leading one.
class GuardedRegion {
 public:
  explicit GuardedRegion(size_t bytes) {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    data_ = (bytes + page_ - 1) / page_ * page_;
    if (data_ == 0) data_ = page_;
    size_ = data_ + 2 * page_;
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) std::abort();
    base_ = static_cast<char*>(p);
    if (mprotect(base_, page_, PROT_NONE) != 0 ||
        mprotect(base_ + page_ + data_, page_, PROT_NONE) != 0) {
      std::abort();
    }
  }
  ~GuardedRegion() { munmap(base_, size_); }
  GuardedRegion(const GuardedRegion&) = delete;
  GuardedRegion& operator=(const GuardedRegion&) = delete;

  char* Begin() const { return base_ + page_; }
  char* End() const { return base_ + page_ + data_; }
  // n floats ending exactly at the trailing guard page.
  float* FloatsAtEnd(size_t n) const {
    return reinterpret_cast<float*>(End()) - n;
  }
  // n floats starting exactly after the leading guard page.
  float* FloatsAtBegin(size_t) const {
    return reinterpret_cast<float*>(Begin());
  }
  // The same for elements of any type (16-bit values).
  template <class T>
  T* AtEnd(size_t n) const {
    return reinterpret_cast<T*>(End()) - n;
  }
  template <class T>
  T* AtBegin() const {
    return reinterpret_cast<T*>(Begin());
  }

 private:
  size_t page_ = 0, data_ = 0, size_ = 0;
  char* base_ = nullptr;
};

}  // namespace test
}  // namespace actkern

#endif  // ACTKERN_TESTS_HARDENING_GUARDED_H_
