// actkern-accuracy: re-proves actkern's accuracy bounds on this CPU.
//
// For every kernel x target it measures, against the double reference: max
// ULP error and the input where it occurs, mean ULP, the share of correctly
// rounded results, special-value (NaN) mismatches, monotonicity violations
// between neighbouring inputs (monotone kernels) and symmetry violations
// (odd kernels). Modes: exhaustive (all 2^32 inputs), sampled (every k-th bit
// pattern plus the special values), or a closed range [lo, hi]. --softmax
// runs the softmax family instead: seeded random rows (normal logits with
// sigma 0.01, 1, 10, 1000, lengths 2 to 64 Ki) and adversarial rows, per
// element max ULP of softmax and log-softmax, worst row-sum error, and the
// cross-entropy loss (bound 2 ULP each, row sums within 2^-22 of 1).
// --type bf16,f16 sweeps the 16-bit forms instead: all 65,536 inputs of each
// kernel (backward: with dy in {1, -0.75, 3, 0.01}), max ULP in the 16-bit
// type and the share correctly rounded (forward bound 0.5: correctly
// rounded; backward 1); --write-golden writes tests/golden/accuracy_16bit.json
// in full, --check compares with it. --envelopes FILE writes the max ULP per
// input bucket of every kernel x target (with --softmax: per distribution and
// row length) as JSON, which scripts/plots.py draws.
//
//   actkern-accuracy [--kernel NAME[,NAME...]|all] [--target NAME[,...]|all]
//                    [--exhaustive | --stride K | --range LO HI | --softmax]
//                    [--threads N] [--json FILE] [--markdown]
//                    [--envelopes FILE] [--check GOLDEN] [--write-golden FILE]
//   actkern-accuracy --golden-markdown GOLDEN    (docs/accuracy.md table from a
//   file) actkern-accuracy --verify-table DOC GOLDEN   (the table in DOC == the
//   file's) actkern-accuracy --list | --help
//
// Exit status: 0 OK; 1 a bound or golden figure exceeded (each named on
// stderr); 2 a bad argument (one line naming it, before any work starts);
// 130 interrupted by Ctrl-C (partial results are still printed).
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <random>

#include "actkern/half.h"
#include "actkern/reference.h"
#include "actkern/softmax.h"
#include "args.h"
#include "catalog.h"
#include "hwy/targets.h"
#include "sweep.h"

namespace {

using actkern::catalog::SweepOptions;
using actkern::catalog::SweepResult;
using actkern::catalog::UnaryKernel;

std::atomic<bool> g_stop{false};
void OnSigint(int) { g_stop = true; }

uint32_t ToBits(float f) {
  uint32_t b;
  memcpy(&b, &f, sizeof(b));
  return b;
}

struct Row {
  std::string kernel, target, mode;
  double bound = 0;
  SweepResult r;
  double seconds = 0;
  bool interrupted = false;
};

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string Upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  return s;
}

// ------------------------------------------------------------ golden file
// One JSON object per kernel x target, flat: {"kernel": ..., "target": ...,
// "bound": ..., "max_ulp": ..., "worst_x": ..., "worst_bits": ...,
// "correctly_rounded": ..., "mode": ...}. The reader accepts exactly what the
// writer produces (flat objects of string and number fields).
struct GoldenEntry {
  std::map<std::string, std::string> fields;
  std::string Get(const std::string& k) const {
    auto it = fields.find(k);
    return it == fields.end() ? "" : it->second;
  }
  double Num(const std::string& k) const {
    return strtod(Get(k).c_str(), nullptr);
  }
};

bool ParseGolden(const std::string& s, std::vector<GoldenEntry>* out) {
  size_t pos = s.find('[');
  if (pos == std::string::npos) return false;
  while ((pos = s.find('{', pos)) != std::string::npos) {
    const size_t end = s.find('}', pos);
    if (end == std::string::npos) return false;
    GoldenEntry e;
    size_t p = pos + 1;
    while (true) {
      const size_t k0 = s.find('"', p);
      if (k0 == std::string::npos || k0 > end) break;
      const size_t k1 = s.find('"', k0 + 1);
      const std::string key = s.substr(k0 + 1, k1 - k0 - 1);
      size_t v = s.find(':', k1) + 1;
      while (s[v] == ' ') ++v;
      std::string value;
      if (s[v] == '"') {
        const size_t v1 = s.find('"', v + 1);
        value = s.substr(v + 1, v1 - v - 1);
        p = v1 + 1;
      } else {
        size_t v1 = v;
        while (v1 < end && s[v1] != ',' && s[v1] != '}') ++v1;
        value = s.substr(v, v1 - v);
        while (!value.empty() &&
               isspace(static_cast<unsigned char>(value.back())))
          value.pop_back();
        p = v1;
      }
      e.fields[key] = value;
    }
    out->push_back(e);
    pos = end + 1;
  }
  return true;
}

bool ReadGolden(const std::string& path, std::vector<GoldenEntry>* out) {
  std::ifstream in(path);
  if (!in) return false;
  const std::string s((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
  return ParseGolden(s, out);
}

std::string FloatText(float x) {
  char buf[64];
  snprintf(buf, sizeof(buf), "%.9g", static_cast<double>(x));
  return buf;
}

std::string GoldenLine(const Row& w) {
  char buf[512];
  snprintf(buf, sizeof(buf),
           "{\"kernel\": \"%s\", \"target\": \"%s\", \"mode\": \"%s\", "
           "\"bound\": %.17g, \"max_ulp\": %.17g, \"worst_x\": \"%s\", "
           "\"worst_bits\": \"0x%08x\", \"correctly_rounded\": %.6f}",
           w.kernel.c_str(), w.target.c_str(), w.mode.c_str(), w.bound,
           w.r.max_ulp, FloatText(w.r.worst_x).c_str(), ToBits(w.r.worst_x),
           w.r.count ? static_cast<double>(w.r.correctly_rounded) /
                           static_cast<double>(w.r.count)
                     : 0.0);
  return buf;
}

std::string GoldenLine(const GoldenEntry& e) {
  std::string line = "{";
  const char* keys[] = {"kernel",     "target",           "mode",
                        "bound",      "max_ulp",          "worst_x",
                        "worst_bits", "correctly_rounded"};
  const bool quoted[] = {true, true, true, false, false, true, true, false};
  for (size_t i = 0; i < 8; ++i) {
    if (i) line += ", ";
    line += std::string("\"") + keys[i] + "\": ";
    line += quoted[i] ? "\"" + e.Get(keys[i]) + "\"" : e.Get(keys[i]);
  }
  return line + "}";
}

// Writes the golden file, updating it in place: an existing entry for a
// (kernel, target) measured now is replaced where it stands, the others are
// kept, new ones are appended. So one kernel or target can be re-measured
// without re-running the rest.
bool WriteGolden(const std::string& path, const std::vector<Row>& rows) {
  std::vector<GoldenEntry> old;
  ReadGolden(path, &old);  // absent or unreadable: start empty
  std::vector<std::string> lines;
  std::vector<bool> used(rows.size(), false);
  for (const GoldenEntry& e : old) {
    std::string line = GoldenLine(e);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].kernel == e.Get("kernel") &&
          rows[i].target == e.Get("target")) {
        line = GoldenLine(rows[i]);
        used[i] = true;
      }
    }
    lines.push_back(line);
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!used[i]) lines.push_back(GoldenLine(rows[i]));
  }
  FILE* f = fopen(path.c_str(), "w");
  if (!f) return false;
  fprintf(f, "{\n  \"tool\": \"actkern-accuracy\",\n  \"entries\": [\n");
  for (size_t i = 0; i < lines.size(); ++i) {
    fprintf(f, "    %s%s\n", lines[i].c_str(), i + 1 < lines.size() ? "," : "");
  }
  fprintf(f, "  ]\n}\n");
  return fclose(f) == 0;
}

// ------------------------------------------------------------ markdown
// The accuracy table of docs/accuracy.md, from golden entries: one row per
// kernel, the max ULP per target, and the worst input and correctly rounded
// share on AVX2 (or the first target present).
// The 16-bit golden file (entries with a "type"): one row per kernel, for
// each type the share correctly rounded (the lowest over the targets
// measured) and the max ULP (the highest), the targets listed above.
std::string HalfMarkdown(const std::vector<GoldenEntry>& entries) {
  std::vector<std::string> kernels, targets;
  for (const auto& e : entries) {
    if (std::find(kernels.begin(), kernels.end(), e.Get("kernel")) ==
        kernels.end())
      kernels.push_back(e.Get("kernel"));
    if (std::find(targets.begin(), targets.end(), e.Get("target")) ==
        targets.end())
      targets.push_back(e.Get("target"));
  }
  std::ostringstream md;
  md << "All 65,536 inputs (backward: with dy in {1, −0.75, 3, 0.01}) on";
  for (size_t i = 0; i < targets.size(); ++i)
    md << (i ? ", " : " ") << targets[i];
  md << "; worst over those targets.\n\n"
     << "| kernel | bf16 correctly rounded | bf16 max ULP | f16 correctly "
        "rounded | f16 max ULP |\n|---|---|---|---|---|\n";
  char buf[64];
  for (const auto& k : kernels) {
    md << "| " << k << " |";
    for (const char* type : {"bf16", "f16"}) {
      double cr = 2.0, ulp = -1.0;
      for (const auto& e : entries) {
        if (e.Get("kernel") != k || e.Get("type") != type) continue;
        cr = std::min(cr, e.Num("correctly_rounded"));
        ulp = std::max(ulp, e.Num("max_ulp"));
      }
      if (ulp < 0) {
        md << " – | – |";
        continue;
      }
      snprintf(buf, sizeof(buf), " %.4f%% | %.4f |", 100.0 * cr, ulp);
      md << buf;
    }
    md << "\n";
  }
  return md.str();
}

bool IsHalfGolden(const std::vector<GoldenEntry>& entries) {
  return !entries.empty() && !entries[0].Get("type").empty();
}

std::string Markdown(const std::vector<GoldenEntry>& entries) {
  if (IsHalfGolden(entries)) return HalfMarkdown(entries);
  std::vector<std::string> kernels, targets;
  for (const auto& e : entries) {
    if (std::find(kernels.begin(), kernels.end(), e.Get("kernel")) ==
        kernels.end()) {
      kernels.push_back(e.Get("kernel"));
    }
    if (std::find(targets.begin(), targets.end(), e.Get("target")) ==
        targets.end()) {
      targets.push_back(e.Get("target"));
    }
  }
  std::ostringstream md;
  md << "| kernel | bound |";
  for (const auto& t : targets) md << " " << t << " |";
  md << " worst input (AVX2) | correctly rounded (AVX2) |\n|---|---|";
  for (size_t i = 0; i < targets.size(); ++i) md << "---|";
  md << "---|---|\n";
  char buf[128];
  for (const auto& k : kernels) {
    const GoldenEntry* ref = nullptr;
    std::map<std::string, const GoldenEntry*> by_target;
    for (const auto& e : entries) {
      if (e.Get("kernel") != k) continue;
      by_target[e.Get("target")] = &e;
      if (ref == nullptr || e.Get("target") == "AVX2") ref = &e;
    }
    snprintf(buf, sizeof(buf), "%g", ref->Num("bound"));
    md << "| " << k << " | " << buf << " |";
    for (const auto& t : targets) {
      auto it = by_target.find(t);
      if (it == by_target.end()) {
        md << " – |";
      } else {
        snprintf(buf, sizeof(buf), "%.3f", it->second->Num("max_ulp"));
        md << " " << buf << " |";
      }
    }
    snprintf(buf, sizeof(buf), "%.4f%%", 100.0 * ref->Num("correctly_rounded"));
    md << " " << ref->Get("worst_x") << " (" << ref->Get("worst_bits") << ") | "
       << buf << " |\n";
  }
  return md.str();
}

constexpr const char* kTableBegin =
    "<!-- accuracy-table:begin (generated by actkern-accuracy "
    "--golden-markdown; do not edit) -->\n";
constexpr const char* kTableEnd = "<!-- accuracy-table:end -->";
// The 16-bit table's markers (a file can hold both tables).
constexpr const char* kHalfTableBegin =
    "<!-- accuracy16-table:begin (generated by actkern-accuracy "
    "--golden-markdown tests/golden/accuracy_16bit.json; do not edit) -->\n";
constexpr const char* kHalfTableEnd = "<!-- accuracy16-table:end -->";

// 0 when the table between the accuracy-table markers of `doc` is exactly
// what --golden-markdown makes of `golden`; 1 when it differs or the markers
// are missing; 2 when a file cannot be read.
int VerifyTable(const std::string& doc, const std::string& golden) {
  std::vector<GoldenEntry> entries;
  if (!ReadGolden(golden, &entries) || entries.empty()) {
    fprintf(stderr,
            "actkern-accuracy: --verify-table: cannot read golden file '%s'\n",
            golden.c_str());
    return 2;
  }
  std::ifstream in(doc);
  if (!in) {
    fprintf(stderr, "actkern-accuracy: --verify-table: cannot read '%s'\n",
            doc.c_str());
    return 2;
  }
  const std::string s((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
  const bool half = IsHalfGolden(entries);
  const char* begin_marker = half ? kHalfTableBegin : kTableBegin;
  const char* end_marker = half ? kHalfTableEnd : kTableEnd;
  const size_t b = s.find(begin_marker);
  const size_t e = s.find(end_marker);
  if (b == std::string::npos || e == std::string::npos || e < b) {
    fprintf(stderr, "%s has no %s markers\n", doc.c_str(),
            half ? "accuracy16-table" : "accuracy-table");
    return 1;
  }
  const std::string table =
      s.substr(b + strlen(begin_marker), e - b - strlen(begin_marker));
  const std::string want = Markdown(entries);
  if (table != want) {
    fprintf(stderr,
            "accuracy table in %s differs from %s. Expected:\n%s\nFound:\n%s\n",
            doc.c_str(), golden.c_str(), want.c_str(), table.c_str());
    return 1;
  }
  printf("accuracy table in %s matches %s (%zu entries)\n", doc.c_str(),
         golden.c_str(), entries.size());
  return 0;
}

// ------------------------------------------------------------ envelopes
// --envelopes FILE: the data scripts/plots.py draws. Per elementwise row the
// max ULP error per input bucket (catalog::EnvelopeBucket: sign << 9 |
// biased exponent << 1 | top mantissa bit, 1024 entries; null where no
// input fell, "inf" for a NaN mismatch); for --softmax, the max ULP of
// softmax per (logit distribution, row length), per target and tier.
struct SoftmaxCell {
  std::string kernel, target, dist;
  size_t cols;
  double max_ulp;
};

std::string JsonUlp(double v) {
  if (v < 0) return "null";
  if (std::isinf(v)) return "\"inf\"";
  if (std::isnan(v)) return "\"nan\"";
  char buf[32];
  snprintf(buf, sizeof(buf), "%.5g", v);
  return buf;
}

bool WriteEnvelopes(const std::string& path, const std::string& mode,
                    const std::vector<Row>& rows,
                    const std::vector<SoftmaxCell>& cells) {
  FILE* f = fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  fprintf(f,
          "{\n  \"tool\": \"actkern-accuracy --envelopes\",\n"
          "  \"mode\": \"%s\",\n"
          "  \"buckets\": \"sign << 9 | biased exponent << 1 | top mantissa "
          "bit; max ULP per bucket, null: no input\",\n  \"results\": [",
          mode.c_str());
  bool first = true;
  for (const Row& w : rows) {
    if (w.r.envelope.empty()) continue;
    const UnaryKernel* k = actkern::catalog::FindUnary(w.kernel);
    fprintf(f,
            "%s\n    {\"kernel\": \"%s\", \"precise\": \"%s\", \"tier\": "
            "\"%s\", \"target\": \"%s\", \"bound\": %g, \"max_ulp\": %s, "
            "\"inputs\": %llu,\n     \"envelope\": [",
            first ? "" : ",", w.kernel.c_str(),
            k ? k->precise.c_str() : w.kernel.c_str(),
            k && k->fast ? "fast" : "precise", w.target.c_str(), w.bound,
            JsonUlp(w.r.max_ulp).c_str(),
            static_cast<unsigned long long>(w.r.count));
    for (size_t i = 0; i < w.r.envelope.size(); ++i) {
      fprintf(f, "%s%s", i ? "," : "", JsonUlp(w.r.envelope[i]).c_str());
    }
    fprintf(f, "]}");
    first = false;
  }
  fprintf(f, "\n  ],\n  \"softmax_cases\": [");
  for (size_t i = 0; i < cells.size(); ++i) {
    const SoftmaxCell& c = cells[i];
    fprintf(f,
            "%s\n    {\"kernel\": \"%s\", \"target\": \"%s\", \"dist\": "
            "\"%s\", \"cols\": %zu, \"max_ulp\": %s}",
            i ? "," : "", c.kernel.c_str(), c.target.c_str(), c.dist.c_str(),
            c.cols, JsonUlp(c.max_ulp).c_str());
  }
  fprintf(f, "\n  ]\n}\n");
  return fclose(f) == 0;
}

// ------------------------------------------------------------ progress
void ProgressLoop(const std::atomic<uint64_t>* done, uint64_t total,
                  const std::atomic<bool>* finished) {
  const auto start = std::chrono::steady_clock::now();
  while (!finished->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    const double d = static_cast<double>(done->load());
    const double frac = total ? d / static_cast<double>(total) : 1.0;
    const double rate = secs > 0 ? d / secs : 0;
    const double left = rate > 0 ? (static_cast<double>(total) - d) / rate : 0;
    const int width = 30;
    const int fill = static_cast<int>(frac * width);
    fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %7.1f M/s  %5.0fs left ", fill,
            "##############################", width - fill, "", 100 * frac,
            rate / 1e6, left);
    fflush(stderr);
  }
  fprintf(stderr, "\r%*s\r", 70, "");
}

// ------------------------------------------------------------ softmax
// Seeded random rows (normal logits of several sigma, several lengths) and
// adversarial rows, through the public row kernels on each target, against
// the double references: per-element max ULP of softmax and log-softmax,
// the worst |row sum - 1| (in double), and the cross-entropy loss.
struct SoftmaxCase {
  std::string dist;
  size_t cols;
  std::vector<float> x;  // one row
};

std::vector<SoftmaxCase> SoftmaxCases() {
  std::vector<SoftmaxCase> cases;
  std::mt19937 rng(20261127);
  const size_t lengths[] = {2, 3, 31, 32, 33, 128, 1000, 4097, 32000, 65536};
  const double sigmas[] = {0.01, 1, 10, 1000};
  for (double sigma : sigmas) {
    std::normal_distribution<float> nd(0.0f, static_cast<float>(sigma));
    for (size_t n : lengths) {
      const size_t rows = std::min<size_t>(16, std::max<size_t>(1, 131072 / n));
      for (size_t r = 0; r < rows; ++r) {
        SoftmaxCase c;
        char name[32];
        snprintf(name, sizeof(name), "normal s=%g", sigma);
        c.dist = name;
        c.cols = n;
        c.x.resize(n);
        for (float& v : c.x) v = nd(rng);
        cases.push_back(std::move(c));
      }
    }
  }
  for (size_t n : lengths) {
    SoftmaxCase huge{"one huge among tiny", n, std::vector<float>(n)};
    std::normal_distribution<float> tiny(0.0f, 1e-3f);
    for (float& v : huge.x) v = tiny(rng);
    huge.x[n / 2] = 60.0f;
    cases.push_back(huge);
    cases.push_back(SoftmaxCase{"all equal", n, std::vector<float>(n, 3.25f)});
    SoftmaxCase alt{"alternating +-1e30", n, std::vector<float>(n)};
    for (size_t i = 0; i < n; ++i) alt.x[i] = (i % 2) ? -1e30f : 1e30f;
    cases.push_back(alt);
  }
  return cases;
}

struct SoftmaxStats {
  SweepResult softmax, log_softmax, xent;
  // Masked rows (the first 2/3 of each row valid: its outputs against the
  // reference of that prefix, the rest required to be exactly +0 / -inf)
  // and logsumexp (precise tier only).
  SweepResult masked, log_masked, lse;
  // The 16-bit rows ([bf16, f16][softmax, log_softmax], precise tier only):
  // the logits rounded to the type, ULPs of the type against the reference of
  // the widened logits, correctly rounded = equal to the reference's RNE.
  SweepResult half[2][2];
  double max_rowsum_err = 0;
  // Max softmax ULP per (distribution, cols), for --envelopes.
  std::map<std::string, std::map<size_t, double>> by_case;
};

// fast: the fast tier's entry points (actkern_softmax_fast_f32 ...).
SoftmaxStats RunSoftmax(const std::vector<SoftmaxCase>& cases, bool fast) {
  SoftmaxStats st;
  const auto softmax_fn = fast ? actkern_softmax_fast_f32 : actkern_softmax_f32;
  const auto log_softmax_fn =
      fast ? actkern_log_softmax_fast_f32 : actkern_log_softmax_f32;
  const auto xent_fn = fast ? actkern_softmax_cross_entropy_fast_f32
                            : actkern_softmax_cross_entropy_f32;
  auto score = [](SweepResult& r, float x, float y, double ref) {
    const double e = actkern_ulp_error(y, ref);
    ++r.count;
    if (std::isinf(e)) {
      ++r.nan_mismatches;
    } else {
      r.sum_ulp += e;
      if (e <= 0.5) ++r.correctly_rounded;
    }
    if (e > r.max_ulp) {
      r.max_ulp = e;
      r.worst_x = x;
      r.worst_y = y;
      r.worst_ref = ref;
    }
  };
  const auto masked_fn =
      fast ? actkern_softmax_masked_fast_f32 : actkern_softmax_masked_f32;
  const auto log_masked_fn = fast ? actkern_log_softmax_masked_fast_f32
                                  : actkern_log_softmax_masked_f32;
  for (const SoftmaxCase& c : cases) {
    const size_t n = c.cols;
    {
      const int64_t valid = static_cast<int64_t>((2 * n + 2) / 3);
      const size_t nv = static_cast<size_t>(valid);
      std::vector<float> my(n), mly(n);
      std::vector<double> mref(nv), mlref(nv);
      if (masked_fn(c.x.data(), n, my.data(), n, 1, n, 1.0f, &valid, 0, 0) !=
              ACTKERN_OK ||
          log_masked_fn(c.x.data(), n, mly.data(), n, 1, n, 1.0f, &valid, 0,
                        0) != ACTKERN_OK) {
        st.masked.kernel_failures += n;
      } else {
        actkern_ref_softmax(c.x.data(), nv, 1.0f, mref.data());
        actkern_ref_log_softmax(c.x.data(), nv, 1.0f, mlref.data());
        for (size_t i = 0; i < n; ++i) {
          score(st.masked, c.x[i], my[i], i < nv ? mref[i] : 0.0);
          score(st.log_masked, c.x[i], mly[i], i < nv ? mlref[i] : -HUGE_VAL);
          // The masked outputs are exact (+0, -inf) or they count as a
          // failure of the row, whatever their ULP distance.
          if (i >= nv &&
              (std::signbit(my[i]) || my[i] != 0.0f || mly[i] != -HUGE_VALF)) {
            ++st.masked.kernel_failures;
          }
        }
      }
    }
    if (!fast) {
      using HalfFn = decltype(&actkern_softmax_bf16);
      const HalfFn fns[2][2] = {
          {actkern_softmax_bf16, actkern_log_softmax_bf16},
          {actkern_softmax_f16, actkern_log_softmax_f16}};
      std::vector<uint16_t> x16(n), y16(n);
      std::vector<float> xf(n);
      std::vector<double> href(n);
      for (int type = 0; type < 2; ++type) {
        for (size_t i = 0; i < n; ++i) {
          x16[i] = type == 0 ? actkern_bf16_from_double(c.x[i])
                             : actkern_f16_from_double(c.x[i]);
          xf[i] = type == 0 ? actkern_bf16_to_f32(x16[i])
                            : actkern_f16_to_f32(x16[i]);
        }
        for (int log = 0; log < 2; ++log) {
          SweepResult& r = st.half[type][log];
          if (fns[type][log](x16.data(), n, y16.data(), n, 1, n, 1.0f) !=
              ACTKERN_OK) {
            r.kernel_failures += n;
            continue;
          }
          (log ? actkern_ref_log_softmax : actkern_ref_softmax)(
              xf.data(), n, 1.0f, href.data());
          for (size_t i = 0; i < n; ++i) {
            const double e = type == 0 ? actkern_ulp_error_bf16(y16[i], href[i])
                                       : actkern_ulp_error_f16(y16[i], href[i]);
            const uint16_t cr = type == 0 ? actkern_bf16_from_double(href[i])
                                          : actkern_f16_from_double(href[i]);
            const float yf = type == 0 ? actkern_bf16_to_f32(y16[i])
                                       : actkern_f16_to_f32(y16[i]);
            ++r.count;
            if (std::isinf(e)) {
              ++r.nan_mismatches;
            } else {
              r.sum_ulp += e;
            }
            if (y16[i] == cr || (href[i] != href[i] && yf != yf)) {
              ++r.correctly_rounded;
            }
            if (e > r.max_ulp) {
              r.max_ulp = e;
              r.worst_x = xf[i];
              r.worst_y = yf;
              r.worst_ref = href[i];
            }
          }
        }
      }
      float lse = 0.0f;
      if (actkern_logsumexp_f32(c.x.data(), n, &lse, 1, n, 1.0f) !=
          ACTKERN_OK) {
        ++st.lse.kernel_failures;
      } else {
        const double want = actkern_ref_logsumexp(c.x.data(), n, 1.0f);
        score(st.lse, c.x[0], lse, want);
      }
    }
    std::vector<float> y(n), ly(n);
    std::vector<double> ref(n), lref(n);
    if (softmax_fn(c.x.data(), n, y.data(), n, 1, n, 1.0f) != ACTKERN_OK ||
        log_softmax_fn(c.x.data(), n, ly.data(), n, 1, n, 1.0f) != ACTKERN_OK) {
      st.softmax.kernel_failures += n;
      continue;
    }
    actkern_ref_softmax(c.x.data(), n, 1.0f, ref.data());
    actkern_ref_log_softmax(c.x.data(), n, 1.0f, lref.data());
    double sum = 0, worst = 0;
    for (size_t i = 0; i < n; ++i) {
      sum += static_cast<double>(y[i]);
      score(st.softmax, c.x[i], y[i], ref[i]);
      worst = std::max(worst, actkern_ulp_error(y[i], ref[i]));
      score(st.log_softmax, c.x[i], ly[i], lref[i]);
    }
    double& cell = st.by_case[c.dist][n];
    cell = std::max(cell, worst);
    st.max_rowsum_err = std::max(st.max_rowsum_err, std::fabs(sum - 1.0));
    // Cross-entropy with a label at the row's smallest logit (the hardest).
    const int32_t label = static_cast<int32_t>(
        std::min_element(c.x.begin(), c.x.end()) - c.x.begin());
    float loss = 0;
    if (xent_fn(c.x.data(), n, &label, &loss, nullptr, n, 1, n, -100, 0.0f,
                ACTKERN_REDUCTION_NONE) == ACTKERN_OK) {
      const double lref1 = actkern_ref_softmax_cross_entropy(
          c.x.data(), n, label, 0.0f, nullptr);
      score(st.xent, c.x[static_cast<size_t>(label)], loss, lref1);
    } else {
      st.xent.kernel_failures += 1;
    }
  }
  return st;
}

void PrintUsage(FILE* f, const std::string& prog) {
  fprintf(f,
          "usage: %s [--kernel NAMES|all] [--target NAMES|all]\n"
          "          [--exhaustive | --stride K | --range LO HI | --softmax |\n"
          "           --type bf16|f16|bf16,f16]\n"
          "          [--threads N]\n"
          "          [--json FILE] [--markdown] [--envelopes FILE]\n"
          "          [--check GOLDEN] [--write-golden FILE]\n"
          "       %s --golden-markdown GOLDEN | --verify-table DOC GOLDEN | "
          "--list | --help\n",
          prog.c_str(), prog.c_str());
}

// Whether `upper` names a Highway target of this architecture, runnable here
// or not: tells a misspelt name from one this CPU cannot run.
bool IsTargetName(const std::string& upper) {
  for (int bit = 0; bit < 63; ++bit) {
    const std::string n = hwy::TargetName(int64_t{1} << bit);
    if (n != "Unknown" && Upper(n) == upper) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

// What the command line asks for, every value already checked.
struct Options {
  std::vector<const UnaryKernel*> kernels;
  std::vector<std::string> targets;
  std::string json_path, envelopes_path, check_path, golden_out;
  std::vector<GoldenEntry> golden;  // read from check_path up front
  uint64_t stride = 251;
  bool exhaustive = false, markdown = false, use_range = false, softmax = false;
  std::vector<int> half_types;  // --type: catalog::HalfKind values
  float range_lo = 0, range_hi = 0;
  int threads = 1;
};

// Parses and checks the whole command line before any work starts; the
// one-shot actions (--list, --golden-markdown, --verify-table, --help) run
// from here and exit. Any mistake exits with status 2 and one line naming it.
Options ParseArgs(int argc, char** argv) {
  actkern::tools::ArgReader in(argv[0], argc, argv);
  Options o;
  o.threads = actkern::catalog::DefaultThreads();
  std::string kernels_arg, targets_arg;
  std::vector<std::string> modes, actions, sweep_opts;
  std::string golden_md, verify_doc, verify_golden;
  while (in.Next()) {
    const std::string a = in.name();
    if (a == "--kernel") {
      kernels_arg = in.Value();
      sweep_opts.push_back(a);
    } else if (a == "--target") {
      targets_arg = in.Value();
    } else if (a == "--exhaustive") {
      in.NoValue();
      o.exhaustive = true;
      modes.push_back(a);
    } else if (a == "--softmax") {
      in.NoValue();
      o.softmax = true;
      modes.push_back(a);
    } else if (a == "--type") {
      const std::string v = in.Value();
      for (const auto& t : Split(v)) {
        if (t == "bf16") {
          o.half_types.push_back(actkern::catalog::kBf16);
        } else if (t == "f16") {
          o.half_types.push_back(actkern::catalog::kF16);
        } else if (t != "f32" || Split(v).size() > 1) {
          in.Fail("--type: unknown type '%s' (bf16, f16 or bf16,f16)",
                  t.c_str());
        }
      }
      if (!o.half_types.empty()) modes.push_back(a);
    } else if (a == "--stride") {
      o.stride = in.U64(1, uint64_t{1} << 32);
      modes.push_back(a);
    } else if (a == "--range") {
      o.use_range = true;
      o.range_lo = in.Float();
      o.range_hi = in.Float();
      modes.push_back(a);
    } else if (a == "--threads") {
      o.threads = static_cast<int>(in.U64(1, 1024));
    } else if (a == "--json") {
      o.json_path = in.Value();
    } else if (a == "--markdown") {
      in.NoValue();
      o.markdown = true;
    } else if (a == "--envelopes") {
      o.envelopes_path = in.Value();
    } else if (a == "--check") {
      o.check_path = in.Value();
      sweep_opts.push_back(a);
    } else if (a == "--write-golden") {
      o.golden_out = in.Value();
    } else if (a == "--golden-markdown") {
      golden_md = in.Value();
      actions.push_back(a);
    } else if (a == "--verify-table" || a == "--verify-readme") {
      verify_doc = in.Value();
      verify_golden = in.Value();
      actions.push_back(a);
    } else if (a == "--list") {
      in.NoValue();
      actions.push_back(a);
    } else if (a == "--help" || a == "-h") {
      PrintUsage(stdout, in.prog());
      exit(0);
    } else {
      in.Unknown();
    }
  }

  // One-shot actions take nothing else.
  if (!actions.empty()) {
    if (actions.size() > 1 || !modes.empty() || !sweep_opts.empty() ||
        !targets_arg.empty() || !o.json_path.empty() ||
        !o.envelopes_path.empty() || !o.golden_out.empty() || o.markdown) {
      in.Fail("%s takes no other option", actions[0].c_str());
    }
    if (actions[0] == "--list") {
      for (const auto& k : actkern::catalog::UnaryKernels()) {
        printf("%s (bound %g ULP)\n", k.name.c_str(), k.max_ulp);
      }
      for (const auto& t : actkern::catalog::RunnableTargets())
        printf("target %s\n", t.c_str());
      exit(0);
    }
    if (actions[0] == "--golden-markdown") {
      std::vector<GoldenEntry> entries;
      if (!actkern::tools::CanReadFile(golden_md) ||
          !ReadGolden(golden_md, &entries) || entries.empty()) {
        in.Fail("--golden-markdown: cannot read golden file '%s'",
                golden_md.c_str());
      }
      printf("%s", Markdown(entries).c_str());
      exit(0);
    }
    if (!actkern::tools::CanReadFile(verify_doc)) {
      in.Fail("%s: cannot read '%s'", actions[0].c_str(), verify_doc.c_str());
    }
    exit(VerifyTable(verify_doc, verify_golden));
  }

  if (modes.size() > 1) {
    in.Fail("%s and %s cannot be combined", modes[0].c_str(), modes[1].c_str());
  }
  if (o.use_range && o.range_lo > o.range_hi) {
    in.Fail("--range: lo %s is above hi %s", FloatText(o.range_lo).c_str(),
            FloatText(o.range_hi).c_str());
  }
  if (!o.half_types.empty() &&
      (!o.json_path.empty() || !o.envelopes_path.empty() || o.markdown)) {
    in.Fail("--type takes --kernel, --target, --check and --write-golden only");
  }
  if (o.softmax && !kernels_arg.empty()) {
    in.Fail(
        "--kernel does not apply to --softmax (it measures the softmax "
        "family)");
  }

  // Kernels: every name must be in the catalogue.
  const auto& all_kernels = actkern::catalog::UnaryKernels();
  if (kernels_arg.empty() || kernels_arg == "all") {
    for (const auto& k : all_kernels) o.kernels.push_back(&k);
  } else {
    const auto names = Split(kernels_arg);
    if (names.empty())
      in.Fail("--kernel: no kernel named in '%s'", kernels_arg.c_str());
    for (const auto& k : all_kernels) {
      if (std::find(names.begin(), names.end(), k.name) != names.end())
        o.kernels.push_back(&k);
    }
    for (const auto& n : names) {
      if (actkern::catalog::FindUnary(n) == nullptr) {
        in.Fail("--kernel: unknown kernel '%s' (see --list)", n.c_str());
      }
    }
  }

  // Targets: known to Highway, and runnable on this CPU.
  const auto runnable = actkern::catalog::RunnableTargets();
  if (targets_arg.empty() || Upper(targets_arg) == "ALL") {
    o.targets = runnable;
  } else {
    const auto names = Split(Upper(targets_arg));
    if (names.empty())
      in.Fail("--target: no target named in '%s'", targets_arg.c_str());
    for (const auto& n : names) {
      if (!IsTargetName(n)) {
        in.Fail("--target: unknown target '%s' (runnable here: %s)", n.c_str(),
                Joined(runnable).c_str());
      }
      if (std::find(runnable.begin(), runnable.end(), n) == runnable.end()) {
        in.Fail("--target: %s is not runnable on this CPU (runnable here: %s)",
                n.c_str(), Joined(runnable).c_str());
      }
    }
    for (const auto& t : runnable) {
      if (std::find(names.begin(), names.end(), t) != names.end())
        o.targets.push_back(t);
    }
  }

  // Files: what is read is read now, what is written must be writable now,
  // so that no sweep runs only to fail at its end.
  if (!o.check_path.empty()) {
    if (!actkern::tools::CanReadFile(o.check_path) ||
        !ReadGolden(o.check_path, &o.golden) || o.golden.empty()) {
      in.Fail("--check: cannot read golden file '%s'", o.check_path.c_str());
    }
  }
  const std::pair<const char*, const std::string*> outputs[] = {
      {"--json", &o.json_path},
      {"--envelopes", &o.envelopes_path},
      {"--write-golden", &o.golden_out}};
  for (const auto& [opt, path] : outputs) {
    if (!path->empty() && !actkern::tools::CanWriteFile(*path)) {
      in.Fail("%s: cannot write '%s'", opt, path->c_str());
    }
  }
  if (o.use_range || o.exhaustive) o.stride = 1;
  if (!o.half_types.empty()) {
    // The 16-bit forms belong to a row's precise variants.
    for (const UnaryKernel* k : o.kernels) {
      if (k->fast && !kernels_arg.empty() && kernels_arg != "all") {
        in.Fail(
            "--type: %s is a fast-tier variant; the 16-bit forms are "
            "listed under %s",
            k->name.c_str(), k->precise.c_str());
      }
    }
    o.kernels.erase(std::remove_if(o.kernels.begin(), o.kernels.end(),
                                   [](const UnaryKernel* k) {
                                     return k->run_half[0] == nullptr;
                                   }),
                    o.kernels.end());
  }
  return o;
}

// ------------------------------------------------------------ 16-bit types
// --type: every one of the 65,536 inputs of each kernel's bf16/f16 form
// (backward forms: every input with the dy values below), against the double
// reference rounded once to the type. Forward bound: correctly rounded (0.5
// ULP); backward: 1 ULP of the type.
struct HalfRow {
  std::string kernel, type, target;
  double bound = 0, max_ulp = 0, seconds = 0;
  uint16_t worst = 0;
  size_t count = 0, correctly_rounded = 0;
};

constexpr double kHalfBackwardDy[] = {1.0, -0.75, 3.0, 0.01};

uint16_t RoundTo(int kind, double v) {
  return kind == actkern::catalog::kBf16 ? actkern_bf16_from_double(v)
                                         : actkern_f16_from_double(v);
}
float WidenFrom(int kind, uint16_t h) {
  return kind == actkern::catalog::kBf16 ? actkern_bf16_to_f32(h)
                                         : actkern_f16_to_f32(h);
}
double HalfUlp(int kind, uint16_t y, double r) {
  return kind == actkern::catalog::kBf16 ? actkern_ulp_error_bf16(y, r)
                                         : actkern_ulp_error_f16(y, r);
}
bool HalfIsNan(int kind, uint16_t h) {
  return (h & 0x7FFF) > (kind == actkern::catalog::kBf16 ? 0x7F80 : 0x7C00);
}

void Score(int kind, uint16_t in, uint16_t y, double r, HalfRow* row) {
  const double e = HalfUlp(kind, y, r);
  const uint16_t want = RoundTo(kind, r);
  ++row->count;
  // Zeros of either sign match: where a backward reference underflows to 0
  // (mish', gelu' far left) it carries no sign, while the kernel's product
  // keeps the sign of the tiny exact value.
  const bool zeros = (y & 0x7FFF) == 0 && (want & 0x7FFF) == 0;
  if (y == want || zeros || (HalfIsNan(kind, y) && HalfIsNan(kind, want)))
    ++row->correctly_rounded;
  if (e > row->max_ulp) {
    row->max_ulp = e;
    row->worst = in;
  }
}

std::vector<HalfRow> SweepHalf(const Options& o) {
  using actkern::catalog::HalfName;
  std::vector<uint16_t> x(65536), dy(65536), y(65536);
  for (uint32_t i = 0; i < 65536; ++i) x[i] = static_cast<uint16_t>(i);
  std::vector<HalfRow> rows;
  for (const std::string& target : o.targets) {
    if (actkern_set_max_target(target.c_str()) != ACTKERN_OK) continue;
    for (const UnaryKernel* k : o.kernels) {
      for (int kind : o.half_types) {
        HalfRow row{k->name, HalfName(kind), target, 0.5};
        const auto t0 = std::chrono::steady_clock::now();
        if (k->run_half[kind](x.data(), y.data(), x.size()) != ACTKERN_OK) {
          row.max_ulp = HUGE_VAL;
        }
        for (size_t i = 0; i < x.size(); ++i) {
          Score(kind, x[i], y[i], k->reference(WidenFrom(kind, x[i])), &row);
        }
        row.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
                .count();
        rows.push_back(row);
        const auto* b = actkern::catalog::FindBackward(k->name + "_backward");
        if (b == nullptr) continue;
        HalfRow brow{b->name, HalfName(kind), target, 1.0};
        const auto t1 = std::chrono::steady_clock::now();
        for (double dyv : kHalfBackwardDy) {
          const uint16_t d = RoundTo(kind, dyv);
          std::fill(dy.begin(), dy.end(), d);
          if (b->run_half[kind](x.data(), dy.data(), y.data(), x.size()) !=
              ACTKERN_OK) {
            brow.max_ulp = HUGE_VAL;
          }
          for (size_t i = 0; i < x.size(); ++i) {
            const float in = WidenFrom(kind, x[i]);
            // Kernels taking the forward output: the outputs it can give.
            if (b->takes_y &&
                !(in >= (b->forward == "tanh" ? -1.0f : 0.0f) && in <= 1.0f))
              continue;
            Score(kind, x[i], y[i], b->reference(in, WidenFrom(kind, d)),
                  &brow);
          }
        }
        brow.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t1)
                .count();
        rows.push_back(brow);
      }
    }
  }
  actkern_set_max_target(nullptr);
  return rows;
}

std::string HalfGoldenLine(const HalfRow& r) {
  char buf[512];
  snprintf(buf, sizeof(buf),
           "{\"kernel\": \"%s\", \"type\": \"%s\", \"target\": \"%s\", "
           "\"mode\": \"exhaustive\", \"bound\": %g, \"max_ulp\": %.6f, "
           "\"worst_bits\": \"0x%04x\", \"correctly_rounded\": %.6f}",
           r.kernel.c_str(), r.type.c_str(), r.target.c_str(), r.bound,
           r.max_ulp, r.worst,
           r.count ? static_cast<double>(r.correctly_rounded) /
                         static_cast<double>(r.count)
                   : 0.0);
  return buf;
}

int RunHalf(const Options& o) {
  const std::vector<HalfRow> rows = SweepHalf(o);
  int failures = 0;
  printf("%-22s %-5s %-8s %6s %9s %8s %12s %8s\n", "kernel", "type", "target",
         "bound", "max_ulp", "worst", "corr.rounded", "seconds");
  for (const HalfRow& r : rows) {
    const double share = r.count ? static_cast<double>(r.correctly_rounded) /
                                       static_cast<double>(r.count)
                                 : 0.0;
    printf("%-22s %-5s %-8s %6g %9.4f   0x%04x %11.4f%% %8.3f\n",
           r.kernel.c_str(), r.type.c_str(), r.target.c_str(), r.bound,
           r.max_ulp, r.worst, 100.0 * share, r.seconds);
    if (!(r.max_ulp <= r.bound)) {
      fprintf(stderr, "actkern-accuracy: %s %s on %s: max ULP %g above %g\n",
              r.kernel.c_str(), r.type.c_str(), r.target.c_str(), r.max_ulp,
              r.bound);
      ++failures;
    }
    if (!o.golden.empty()) {
      // The target's own golden figures; for a target the file does not
      // hold (EMU128, Arm), the worst over the targets it does: correctly
      // rounded results do not depend on the target.
      const GoldenEntry* g = nullptr;
      double golden_ulp = -1.0, golden_share = 2.0;
      for (const auto& e : o.golden) {
        if (e.Get("kernel") != r.kernel || e.Get("type") != r.type) continue;
        if (e.Get("target") == r.target) g = &e;
        golden_ulp = std::max(golden_ulp, e.Num("max_ulp"));
        golden_share = std::min(golden_share, e.Num("correctly_rounded"));
      }
      if (g != nullptr) {
        golden_ulp = g->Num("max_ulp");
        golden_share = g->Num("correctly_rounded");
      } else if (golden_ulp >= 0.0) {
        fprintf(stderr,
                "note: no golden figure for %s %s on %s: held to the worst "
                "over the file's targets\n",
                r.kernel.c_str(), r.type.c_str(), r.target.c_str());
      }
      if (golden_ulp < 0.0) {
        fprintf(stderr, "actkern-accuracy: %s %s: not in the golden file\n",
                r.kernel.c_str(), r.type.c_str());
        ++failures;
      } else if (r.max_ulp > golden_ulp + 5e-7 || share < golden_share - 5e-7) {
        fprintf(stderr,
                "actkern-accuracy: %s %s on %s: max ULP %.6f / correctly "
                "rounded %.6f, golden %.6f / %.6f\n",
                r.kernel.c_str(), r.type.c_str(), r.target.c_str(), r.max_ulp,
                share, golden_ulp, golden_share);
        ++failures;
      }
    }
  }
  if (!o.golden_out.empty()) {
    FILE* f = fopen(o.golden_out.c_str(), "w");
    if (f == nullptr) return 1;
    fprintf(f,
            "{\n  \"tool\": \"actkern-accuracy --type\",\n  \"entries\": [\n");
    for (size_t i = 0; i < rows.size(); ++i) {
      fprintf(f, "    %s%s\n", HalfGoldenLine(rows[i]).c_str(),
              i + 1 < rows.size() ? "," : "");
    }
    fprintf(f, "  ]\n}\n");
    if (fclose(f) != 0) return 1;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = ParseArgs(argc, argv);
  if (!opt.half_types.empty()) return RunHalf(opt);
  std::vector<const UnaryKernel*> kernels = opt.kernels;
  const std::vector<std::string>& targets = opt.targets;
  const std::string &json_path = opt.json_path,
                    &envelopes_path = opt.envelopes_path,
                    &check_path = opt.check_path, &golden_out = opt.golden_out;
  uint64_t stride = opt.stride;
  const bool exhaustive = opt.exhaustive, markdown = opt.markdown,
             use_range = opt.use_range, softmax = opt.softmax;
  const float range_lo = opt.range_lo, range_hi = opt.range_hi;
  const int threads = opt.threads;

  // The input set as bit-pattern intervals [begin, end).
  std::vector<std::pair<uint64_t, uint64_t>> intervals;
  std::string mode;
  if (use_range) {
    // Negative floats: bits grow as values fall, so [lo, min(hi, -0)] is
    // bits(max(hi,-0)) .. bits(lo); positive: bits(max(lo,+0)) .. bits(hi).
    if (std::signbit(range_lo)) {
      const float top = std::signbit(range_hi) ? range_hi : -0.0f;
      intervals.push_back({ToBits(top), uint64_t{ToBits(range_lo)} + 1});
    }
    if (!std::signbit(range_hi)) {
      const float bottom = std::signbit(range_lo) ? 0.0f : range_lo;
      intervals.push_back({ToBits(bottom), uint64_t{ToBits(range_hi)} + 1});
    }
    mode = "range [" + FloatText(range_lo) + ", " + FloatText(range_hi) + "]";
    stride = 1;
  } else {
    intervals.push_back({0, 1ull << 32});
    if (exhaustive) stride = 1;
    mode = exhaustive ? "exhaustive" : "sampled/" + std::to_string(stride);
  }
  uint64_t per_job = 0;
  for (const auto& iv : intervals)
    per_job += (iv.second - iv.first + stride - 1) / stride;

  signal(SIGINT, OnSigint);
  std::atomic<uint64_t> done{0};
  std::atomic<bool> finished{false};
  std::thread progress;
  if (isatty(2)) {
    progress =
        std::thread(ProgressLoop, &done,
                    per_job * kernels.size() * targets.size(), &finished);
  }

  std::vector<Row> rows;
  std::vector<SoftmaxCell> softmax_cells;  // for --envelopes
  // The worst row sum of each tier against its bound (2^-22 precise, 2^-21
  // fast).
  double worst_rowsum[2] = {0, 0};
  const double rowsum_bound[2] = {std::ldexp(1.0, -22), std::ldexp(1.0, -21)};
  if (softmax) {
    const auto cases = SoftmaxCases();
    for (const auto& t : targets) {
      for (int fast = 0; fast < 2; ++fast) {
        if (g_stop) break;
        actkern_set_max_target(t.c_str());
        const auto start = std::chrono::steady_clock::now();
        SoftmaxStats st = RunSoftmax(cases, fast != 0);
        const double secs = std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - start)
                                .count();
        worst_rowsum[fast] = std::max(worst_rowsum[fast], st.max_rowsum_err);
        printf(
            "softmax%s on %-8s: max |row sum - 1| = %.3g (bound %.3g), %zu "
            "rows\n",
            fast ? "_fast" : "", t.c_str(), st.max_rowsum_err,
            rowsum_bound[fast], cases.size());
        const std::string sfx = fast ? "_fast" : "";
        const std::pair<std::string, const SweepResult*> parts[] = {
            {"softmax" + sfx, &st.softmax},
            {"log_softmax" + sfx, &st.log_softmax},
            {"softmax_cross_entropy" + sfx, &st.xent},
            {"softmax_masked" + sfx, &st.masked},
            {"log_softmax_masked" + sfx, &st.log_masked},
            {"logsumexp", &st.lse},
            {"softmax_bf16", &st.half[0][0]},
            {"log_softmax_bf16", &st.half[0][1]},
            {"softmax_f16", &st.half[1][0]},
            {"log_softmax_f16", &st.half[1][1]}};
        for (const auto& [name, res] : parts) {
          const bool lse = res == &st.lse;
          const bool half = res >= &st.half[0][0] && res <= &st.half[1][1];
          // logsumexp and the 16-bit rows have one tier.
          if ((lse || half) && fast) continue;
          Row row;
          row.kernel = name;
          row.target = t;
          row.mode = "rows";
          row.bound = half ? 0.51 : lse ? 1.5 : fast ? 4.0 : 2.0;
          row.r = *res;
          row.seconds = secs;
          rows.push_back(row);
        }
        for (const auto& [dist, by_cols] : st.by_case) {
          for (const auto& [cols, ulp] : by_cols) {
            softmax_cells.push_back({"softmax" + sfx, t, dist, cols, ulp});
          }
        }
      }
    }
    actkern_set_max_target(nullptr);
    kernels.clear();  // no elementwise sweep in this mode
  }
  for (const UnaryKernel* k : kernels) {
    if (g_stop) break;
    std::vector<Row> mine(targets.size());
    for (size_t t = 0; t < targets.size(); ++t) {
      mine[t].kernel = k->name;
      mine[t].target = targets[t];
      mine[t].mode = mode;
      mine[t].bound = k->max_ulp;
    }
    const auto start = std::chrono::steady_clock::now();
    for (size_t j = 0; j < intervals.size(); ++j) {
      SweepOptions o;
      o.begin = intervals[j].first;
      o.end = intervals[j].second;
      o.stride = stride;
      o.with_specials = !use_range && j == 0;
      o.envelope = !envelopes_path.empty();
      o.threads = threads;
      o.progress = &done;
      o.stop = &g_stop;
      const auto results = actkern::catalog::SweepTargets(*k, targets, o);
      for (size_t t = 0; t < targets.size(); ++t) mine[t].r.Merge(results[t]);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    for (auto& row : mine) {
      row.seconds = secs;  // for all targets together (one shared reference)
      row.interrupted = g_stop.load();
      rows.push_back(row);
    }
  }
  actkern_set_max_target(nullptr);
  finished = true;
  if (progress.joinable()) progress.join();

  // Table on stdout.
  printf("%-14s %-8s %-14s %10s %8s %-16s %-12s %9s %8s %7s %5s %5s %7s\n",
         "kernel", "target", "mode", "inputs", "max_ulp", "worst_x",
         "worst_bits", "mean_ulp", "cr_%", "nan_mm", "mono", "sym", "secs*");
  for (const Row& w : rows) {
    printf(
        "%-14s %-8s %-14s %10llu %8.4f %-16s 0x%08x %9.5f %8.4f %7llu %5llu "
        "%5llu %7.1f%s\n",
        w.kernel.c_str(), w.target.c_str(), w.mode.c_str(),
        static_cast<unsigned long long>(w.r.count), w.r.max_ulp,
        FloatText(w.r.worst_x).c_str(), ToBits(w.r.worst_x), w.r.mean_ulp(),
        w.r.count ? 100.0 * static_cast<double>(w.r.correctly_rounded) /
                        static_cast<double>(w.r.count)
                  : 0.0,
        static_cast<unsigned long long>(w.r.nan_mismatches),
        static_cast<unsigned long long>(w.r.monotonicity_violations),
        static_cast<unsigned long long>(w.r.symmetry_violations), w.seconds,
        w.interrupted ? "  (interrupted)" : "");
  }

  if (!json_path.empty()) {
    FILE* f = fopen(json_path.c_str(), "w");
    if (f == nullptr) {
      fprintf(stderr, "cannot write %s\n", json_path.c_str());
      return 2;
    }
    fprintf(f, "{\n  \"cpu_target\": \"%s\",\n  \"results\": [\n",
            targets.front().c_str());
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& w = rows[i];
      fprintf(
          f,
          "    {\"kernel\": \"%s\", \"target\": \"%s\", \"mode\": \"%s\", "
          "\"inputs\": %llu, "
          "\"bound\": %.17g, \"max_ulp\": %.17g, \"worst_x\": \"%s\", "
          "\"worst_bits\": "
          "\"0x%08x\", \"worst_y\": \"%s\", \"worst_ref\": %.17g, "
          "\"mean_ulp\": %.9g, "
          "\"correctly_rounded\": %.9f, \"nan_mismatches\": %llu, "
          "\"monotonicity_violations\": %llu, \"symmetry_violations\": %llu, "
          "\"seconds\": %.2f, \"interrupted\": %s}%s\n",
          w.kernel.c_str(), w.target.c_str(), w.mode.c_str(),
          static_cast<unsigned long long>(w.r.count), w.bound, w.r.max_ulp,
          FloatText(w.r.worst_x).c_str(), ToBits(w.r.worst_x),
          FloatText(w.r.worst_y).c_str(), w.r.worst_ref, w.r.mean_ulp(),
          w.r.count ? static_cast<double>(w.r.correctly_rounded) /
                          static_cast<double>(w.r.count)
                    : 0.0,
          static_cast<unsigned long long>(w.r.nan_mismatches),
          static_cast<unsigned long long>(w.r.monotonicity_violations),
          static_cast<unsigned long long>(w.r.symmetry_violations), w.seconds,
          w.interrupted ? "true" : "false", i + 1 < rows.size() ? "," : "");
    }
    fprintf(f, "  ]\n}\n");
    fclose(f);
  }
  if (!golden_out.empty() && !WriteGolden(golden_out, rows)) {
    fprintf(stderr, "cannot write %s\n", golden_out.c_str());
    return 2;
  }
  if (markdown) {
    // The same entries a golden file would hold, kept in memory.
    std::string json = "[";
    for (const Row& w : rows) json += GoldenLine(w) + ",";
    std::vector<GoldenEntry> entries;
    if (ParseGolden(json + "]", &entries))
      printf("\n%s", Markdown(entries).c_str());
  }
  if (!envelopes_path.empty() &&
      !WriteEnvelopes(envelopes_path, softmax ? "rows" : mode, rows,
                      softmax_cells)) {
    fprintf(stderr, "cannot write %s\n", envelopes_path.c_str());
    return 2;
  }

  int failures = 0;
  const std::vector<GoldenEntry>& golden = opt.golden;
  for (const Row& w : rows) {
    const bool nan_bad = w.r.nan_mismatches != 0 || w.r.kernel_failures != 0;
    if (w.r.max_ulp > w.bound || nan_bad) {
      ++failures;
      fprintf(stderr,
              "FAIL %s on %s: max ULP %.4f > bound %g at x=%s (0x%08x)%s\n",
              w.kernel.c_str(), w.target.c_str(), w.r.max_ulp, w.bound,
              FloatText(w.r.worst_x).c_str(), ToBits(w.r.worst_x),
              nan_bad ? " (NaN mismatch or failed call)" : "");
    }
    if (check_path.empty()) continue;
    const GoldenEntry* g = nullptr;
    for (const auto& e : golden) {
      if (e.Get("kernel") == w.kernel && e.Get("target") == w.target) g = &e;
    }
    if (g == nullptr) {
      fprintf(stderr,
              "note: no golden figure for %s on %s (bound checked only)\n",
              w.kernel.c_str(), w.target.c_str());
      continue;
    }
    // The golden figure is an exhaustive maximum: any subset must stay at or
    // below it (a tiny slack covers the decimal round trip only).
    if (w.r.max_ulp > g->Num("max_ulp") * (1 + 1e-12) + 1e-12) {
      ++failures;
      fprintf(stderr,
              "FAIL %s on %s: max ULP %.6f grew past the golden %.6f at x=%s "
              "(0x%08x)\n",
              w.kernel.c_str(), w.target.c_str(), w.r.max_ulp,
              g->Num("max_ulp"), FloatText(w.r.worst_x).c_str(),
              ToBits(w.r.worst_x));
    }
  }
  for (int fast = 0; fast < 2; ++fast) {
    if (worst_rowsum[fast] > rowsum_bound[fast]) {
      ++failures;
      fprintf(stderr, "FAIL softmax%s row sum off by %.3g > %.3g\n",
              fast ? "_fast" : "", worst_rowsum[fast], rowsum_bound[fast]);
    }
  }
  if (g_stop) return 130;
  return failures ? 1 : 0;
}
