// Strict command-line parsing for actkern's tools. A tool that misreads an
// argument measures something other than what was asked (a range of [0, 0],
// a sweep that fails only at the end), so every value is checked in full up
// front and any mistake ends the process with one line on stderr naming the
// argument, and exit status 2, before any work starts. Not installed.
#ifndef ACTKERN_TOOLS_ARGS_H_
#define ACTKERN_TOOLS_ARGS_H_

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <string>
#include <vector>

namespace actkern {
namespace tools {

// Walks argv, splitting "--name=value" into name and value so both spellings
// work. Errors go through Fail(), which never returns.
class ArgReader {
 public:
  ArgReader(const char* prog, int argc, char** argv)
      : prog_(Basename(prog)), argc_(argc), argv_(argv) {}

  // Advances to the next argument; false when none is left.
  bool Next() {
    if (++i_ >= argc_) return false;
    const std::string a = argv_[i_];
    inline_value_.clear();
    has_inline_ = false;
    const size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      name_ = a.substr(0, eq);
      inline_value_ = a.substr(eq + 1);
      has_inline_ = true;
    } else {
      name_ = a;
    }
    return true;
  }

  const std::string& name() const { return name_; }

  // For options that take no value: rejects "--flag=x".
  void NoValue() const {
    if (has_inline_) Fail("%s takes no value", name_.c_str());
  }

  // The option's value: the "=value" part or the next argument.
  std::string Value() {
    if (has_inline_) {
      has_inline_ = false;
      if (inline_value_.empty()) Fail("%s needs a value", name_.c_str());
      return inline_value_;
    }
    if (i_ + 1 >= argc_) Fail("%s needs a value", name_.c_str());
    return argv_[++i_];
  }

  // An unsigned decimal integer in [lo, hi], the whole string.
  uint64_t U64(uint64_t lo, uint64_t hi) {
    const std::string s = Value();
    uint64_t v = 0;
    if (!ParseU64(s, &v)) {
      Fail("%s: '%s' is not a whole number", name_.c_str(), s.c_str());
    }
    if (v < lo || v > hi) {
      Fail("%s: %s is out of range [%llu, %llu]", name_.c_str(), s.c_str(),
           static_cast<unsigned long long>(lo),
           static_cast<unsigned long long>(hi));
    }
    return v;
  }

  // A float (decimal or hex, infinities allowed; NaN and values beyond the
  // float range are refused rather than turned into something else).
  float Float() {
    const std::string s = Value();
    float v = 0;
    if (!ParseFloat(s, &v)) {
      char* end = nullptr;
      strtod(s.c_str(), &end);
      if (!s.empty() && *end == '\0') {
        Fail("%s: %s is beyond the float range", name_.c_str(), s.c_str());
      }
      Fail("%s: '%s' is not a number", name_.c_str(), s.c_str());
    }
    if (std::isnan(v)) Fail("%s: NaN is not allowed", name_.c_str());
    return v;
  }

  // A positive finite double (e.g. seconds).
  double PositiveDouble() {
    const std::string s = Value();
    char* end = nullptr;
    errno = 0;
    const double v = strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
      Fail("%s: '%s' is not a number", name_.c_str(), s.c_str());
    }
    if (!(v > 0)) Fail("%s: %s must be positive", name_.c_str(), s.c_str());
    return v;
  }

  void Unknown() const {
    if (name_.rfind("-", 0) == 0) {
      Fail("unknown option '%s' (try --help)", name_.c_str());
    }
    Fail("unexpected argument '%s' (try --help)", name_.c_str());
  }

  [[noreturn]] void Fail(const char* fmt, ...) const
      __attribute__((format(printf, 2, 3))) {
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s\n", prog_.c_str(), msg);
    exit(2);
  }

  const std::string& prog() const { return prog_; }

  static bool ParseU64(const std::string& s, uint64_t* out) {
    // strtoull accepts a sign and leading blanks; a count has neither.
    if (s.empty() || s[0] < '0' || s[0] > '9') return false;
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = strtoull(s.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return false;
    *out = v;
    return true;
  }

  static bool ParseFloat(const std::string& s, float* out) {
    if (s.empty() || isspace(static_cast<unsigned char>(s[0]))) return false;
    char* end = nullptr;
    errno = 0;
    const float v = strtof(s.c_str(), &end);
    if (*end != '\0') return false;
    // ERANGE is also set for results in the subnormal range, which are fine;
    // only overflow (a finite decimal that became infinite) is refused.
    if (errno == ERANGE && std::isinf(v)) return false;
    *out = v;
    return true;
  }

 private:
  static std::string Basename(const char* p) {
    const char* slash = strrchr(p, '/');
    return slash ? slash + 1 : p;
  }

  std::string prog_;
  int argc_;
  char** argv_;
  int i_ = 0;
  std::string name_, inline_value_;
  bool has_inline_ = false;
};

// The directory part of a path ("." when there is none).
inline std::string DirName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

inline bool IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Whether `path` can be opened for writing, without creating or changing it:
// an existing regular file that is writable, or a new name in a writable
// directory.
inline bool CanWriteFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    return !S_ISDIR(st.st_mode) && access(path.c_str(), W_OK) == 0;
  }
  const std::string dir = DirName(path);
  return IsDir(dir) && access(dir.c_str(), W_OK | X_OK) == 0;
}

// Whether `dir` is, or can be made by one mkdir as, a writable directory.
inline bool CanWriteDir(const std::string& dir) {
  if (IsDir(dir)) return access(dir.c_str(), W_OK | X_OK) == 0;
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) return false;  // exists, not a directory
  std::string d = dir;
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  const std::string parent = DirName(d);
  return IsDir(parent) && access(parent.c_str(), W_OK | X_OK) == 0;
}

inline bool CanReadFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode) &&
         access(path.c_str(), R_OK) == 0;
}

}  // namespace tools
}  // namespace actkern

#endif  // ACTKERN_TOOLS_ARGS_H_
