// peers_accuracy: the max ULP error of every peer implementation of a
// catalogue kernel (bench/peers/), measured exactly as actkern's own
// accuracy is (actkern's double reference, actkern_ulp_error), so each speed
// figure in peers_bench can sit next to that implementation's accuracy.
//
// Sweep: every K-th float bit pattern (default K = 251, about 17 M inputs)
// plus the special values, shared by every implementation of a kernel. Per
// implementation it reports
//   max_ulp          over every non-NaN input
//   max_ulp_normal   over inputs whose reference result is a normal float or
//                    overflows (i.e. leaving out subnormal results, to tell a
//                    subnormal flush from a real accuracy problem)
//   max_ulp_typical  over inputs in the catalogue's bench range
//   nan_mismatches   NaN input whose output is not NaN
//   envelope         max ULP per input bucket, bucketed as actkern-accuracy
//                    --envelopes does (tools/sweep.h: sign, biased exponent,
//                    top mantissa bit; null where no input fell), for
//                    scripts/plots.py
// and the worst input. The softmax family's peers are measured on normal
// logit rows (sigma 1 and 10; 64 x 1000 and 4 x 32000) against softmax /
// log-softmax computed in double, each (sigma, shape) case's max ULP kept
// too.
//
// Usage: peers_accuracy [--isa AVX2|AVX3|...|all] [--stride K]
//                       [--kernel NAME[,NAME...]] [--json FILE]
// --isa: actkern at that target, peers capped there (as in peers_bench);
// default AVX2.
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/reference.h"
#include "catalog.h"
#include "peers/peers.h"
#include "sweep.h"

namespace {

struct Impl {
  std::string impl, isa;
  actkern::peers::UnaryFn run;  // nullptr: actkern through the catalogue
  const actkern::catalog::UnaryKernel* k;
  double max_ulp = 0, max_ulp_normal = 0, max_ulp_typical = 0;
  float worst_x = 0, worst_y = 0;
  double worst_ref = 0;
  uint64_t nan_mismatches = 0, count = 0;
  std::vector<double> envelope = std::vector<double>(
      actkern::catalog::kEnvelopeBuckets, actkern::catalog::kEnvelopeEmpty);
};

// An envelope entry: null where no input fell.
std::string JsonEnvelope(const std::vector<double>& env) {
  std::string s = "[";
  for (size_t i = 0; i < env.size(); ++i) {
    if (i) s += ",";
    if (env[i] < 0) {
      s += "null";
    } else if (std::isinf(env[i])) {
      s += "\"inf\"";
    } else {
      char b[32];
      snprintf(b, sizeof(b), "%.5g", env[i]);
      s += b;
    }
  }
  return s + "]";
}

std::vector<std::string> SplitNames(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

std::string Json(double v) {
  if (std::isinf(v)) return "\"inf\"";
  if (std::isnan(v)) return "\"nan\"";
  char b[64];
  snprintf(b, sizeof(b), "%.6g", v);
  return b;
}

float FromBits(uint32_t b) {
  float f;
  memcpy(&f, &b, 4);
  return f;
}
uint32_t Bits(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string isa = "AVX2", json_path;
  std::vector<std::string> only;
  uint64_t stride = 251;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--isa") && i + 1 < argc) {
      isa = argv[++i];
      if (isa == "all") isa.clear();
    } else if (!strcmp(argv[i], "--stride") && i + 1 < argc) {
      stride = strtoull(argv[++i], nullptr, 10);
    } else if (!strcmp(argv[i], "--kernel") && i + 1 < argc) {
      only = SplitNames(argv[++i]);
    } else if (!strcmp(argv[i], "--json") && i + 1 < argc) {
      json_path = argv[++i];
    } else {
      fprintf(stderr,
              "usage: %s [--isa AVX2|AVX3|all] [--stride K] "
              "[--kernel NAME[,NAME...]] [--json FILE]\n",
              argv[0]);
      return 2;
    }
  }
  if (stride == 0) return 2;
  std::string target = isa;
  if (target.empty()) target = actkern::catalog::RunnableTargets().front();
  if (actkern_set_max_target(target.c_str()) != ACTKERN_OK) {
    fprintf(stderr, "peers_accuracy: target %s not runnable here\n",
            target.c_str());
    return 2;
  }
  if (!actkern::peers::Init(isa)) {
    fprintf(stderr, "peers_accuracy: unknown ISA %s\n", isa.c_str());
    return 2;
  }

  const float specials[] = {0.0f,         -0.0f,         INFINITY, -INFINITY,
                            FLT_MAX,      -FLT_MAX,      FLT_MIN,  -FLT_MIN,
                            FLT_TRUE_MIN, -FLT_TRUE_MIN, 1.0f,     -1.0f,
                            NAN};
  std::string json =
      "{\n  \"isa\": \"" + (isa.empty() ? std::string("all") : isa) +
      "\",\n  \"actkern_target\": \"" + target +
      "\",\n  \"stride\": " + std::to_string(stride) + ",\n  \"kernels\": {";
  bool first_kernel = true;
  printf(
      "| kernel | implementation | ISA | max ULP | max ULP (normal results) | "
      "max ULP (typical range) | NaN mismatches | worst input |\n");
  printf("|---|---|---|---|---|---|---|---|\n");
  for (const auto& k : actkern::catalog::UnaryKernels()) {
    if (!only.empty() &&
        std::find(only.begin(), only.end(), k.name) == only.end())
      continue;
    std::vector<Impl> impls;
    impls.push_back({"actkern", target, nullptr, &k});
    for (const auto& p : actkern::peers::UnaryPeers()) {
      if (p.kernel != k.name) continue;
      if (!isa.empty() && p.isa != isa) continue;
      impls.push_back({p.impl, p.isa, p.run, &k});
    }
    constexpr size_t kChunk = 1 << 16;
    std::vector<float> x, y(kChunk);
    std::vector<double> ref;
    x.reserve(kChunk);
    uint64_t next = 0;
    bool specials_done = false;
    for (;;) {
      x.clear();
      if (!specials_done) {
        x.assign(std::begin(specials), std::end(specials));
        specials_done = true;
      }
      while (x.size() < kChunk && next < (1ull << 32)) {
        x.push_back(FromBits(static_cast<uint32_t>(next)));
        next += stride;
      }
      if (x.empty()) break;
      ref.resize(x.size());
      for (size_t i = 0; i < x.size(); ++i) ref[i] = k.reference(x[i]);
      for (Impl& m : impls) {
        if (m.run == nullptr) {
          k.run(x.data(), y.data(), x.size());
        } else {
          m.run(x.data(), y.data(), x.size());
        }
        for (size_t i = 0; i < x.size(); ++i) {
          ++m.count;
          if (std::isnan(x[i])) {
            if (!std::isnan(y[i])) ++m.nan_mismatches;
            continue;
          }
          const double u = actkern_ulp_error(y[i], ref[i]);
          double& bucket = m.envelope[static_cast<size_t>(
              actkern::catalog::EnvelopeBucket(Bits(x[i])))];
          if (!(u <= bucket)) bucket = u;
          if (!(u <= m.max_ulp)) {
            m.max_ulp = u;
            m.worst_x = x[i];
            m.worst_y = y[i];
            m.worst_ref = ref[i];
          }
          if (!(std::fabs(ref[i]) < FLT_MIN && ref[i] != 0) &&
              !(u <= m.max_ulp_normal)) {
            m.max_ulp_normal = u;
          }
          if (x[i] >= k.bench_lo && x[i] <= k.bench_hi &&
              !(u <= m.max_ulp_typical)) {
            m.max_ulp_typical = u;
          }
        }
      }
      if (next >= (1ull << 32)) break;
    }
    json +=
        std::string(first_kernel ? "" : ",") + "\n    \"" + k.name + "\": [";
    first_kernel = false;
    bool first = true;
    for (const Impl& m : impls) {
      printf(
          "| %s | %s | %s | %.3g | %.3g | %.3g | %llu | %.9g (0x%08x) -> %.9g, "
          "ref %.9g |\n",
          k.name.c_str(), m.impl.c_str(), m.isa.c_str(), m.max_ulp,
          m.max_ulp_normal, m.max_ulp_typical,
          static_cast<unsigned long long>(m.nan_mismatches), m.worst_x,
          Bits(m.worst_x), m.worst_y, m.worst_ref);
      char worst[64];
      snprintf(worst, sizeof(worst), "\"0x%08x\"", Bits(m.worst_x));
      json +=
          std::string(first ? "" : ",") + "\n      {\"impl\": \"" + m.impl +
          "\", \"isa\": \"" + m.isa + "\", \"max_ulp\": " + Json(m.max_ulp) +
          ", \"max_ulp_normal\": " + Json(m.max_ulp_normal) +
          ", \"max_ulp_typical\": " + Json(m.max_ulp_typical) +
          ", \"nan_mismatches\": " + std::to_string(m.nan_mismatches) +
          ", \"inputs\": " + std::to_string(m.count) +
          ", \"worst_x\": " + Json(m.worst_x) + ", \"worst_bits\": " + worst +
          ",\n       \"envelope\": " + JsonEnvelope(m.envelope) + "}";
      first = false;
    }
    json += "\n    ]";
    fflush(stdout);
  }
  json += "\n  },\n  \"rows\": {";
  // ---- softmax family peers: max ULP against a double-precision softmax /
  // log-softmax of the same rows (normal logits, sigma 1 and 10, the
  // softmax issue's distributions), 64 x 1000 and 4 x 32000.
  bool first_rows = true;
  auto wanted = [&](const char* name) {
    return only.empty() ||
           std::find(only.begin(), only.end(), name) != only.end();
  };
  if (wanted("softmax") || wanted("log_softmax")) {
    struct RowsCase {
      size_t rows, cols;
      float sigma;
    };
    const RowsCase cases[] = {{64, 1000, 1.0f},
                              {64, 1000, 10.0f},
                              {4, 32000, 1.0f},
                              {4, 32000, 10.0f}};
    for (const char* kernel : {"softmax", "log_softmax"}) {
      if (!wanted(kernel)) continue;
      const bool log = !strcmp(kernel, "log_softmax");
      json +=
          std::string(first_rows ? "" : ",") + "\n    \"" + kernel + "\": [";
      first_rows = false;
      bool first = true;
      for (const auto& p : actkern::peers::RowsPeers()) {
        if (p.kernel != kernel) continue;
        if (!isa.empty() && p.isa != isa && p.isa != "SCALAR") continue;
        double max_ulp = 0, max_ulp_normal = 0;
        std::string per_case;
        for (const RowsCase& c : cases) {
          double case_ulp = 0;
          std::mt19937 rng(5);
          std::normal_distribution<float> dist(0.0f, c.sigma);
          std::vector<float> x(c.rows * c.cols), y(x.size());
          for (float& v : x) v = dist(rng);
          p.run(x.data(), y.data(), c.rows, c.cols);
          for (size_t r = 0; r < c.rows; ++r) {
            const float* xr = x.data() + r * c.cols;
            double m = -INFINITY, sum = 0;
            for (size_t j = 0; j < c.cols; ++j)
              m = std::max(m, static_cast<double>(xr[j]));
            for (size_t j = 0; j < c.cols; ++j) sum += std::exp(xr[j] - m);
            for (size_t j = 0; j < c.cols; ++j) {
              const double ref =
                  log ? xr[j] - m - std::log(sum) : std::exp(xr[j] - m) / sum;
              const double u = actkern_ulp_error(y[r * c.cols + j], ref);
              max_ulp = std::max(max_ulp, u);
              case_ulp = std::max(case_ulp, u);
              if (std::fabs(ref) >= FLT_MIN)
                max_ulp_normal = std::max(max_ulp_normal, u);
            }
          }
          char cell[128];
          snprintf(cell, sizeof(cell),
                   "%s{\"sigma\": %g, \"rows\": %zu, \"cols\": %zu, "
                   "\"max_ulp\": %s}",
                   per_case.empty() ? "" : ", ", static_cast<double>(c.sigma),
                   c.rows, c.cols, Json(case_ulp).c_str());
          per_case += cell;
        }
        printf(
            "| %s | %s | %s | %.3g | %.3g | | | normal rows, sigma 1 and 10 "
            "|\n",
            kernel, p.impl.c_str(), p.isa.c_str(), max_ulp, max_ulp_normal);
        json += std::string(first ? "" : ",") + "\n      {\"impl\": \"" +
                p.impl + "\", \"isa\": \"" + p.isa +
                "\", \"max_ulp\": " + Json(max_ulp) +
                ", \"max_ulp_normal\": " + Json(max_ulp_normal) +
                ",\n       \"cases\": [" + per_case + "]}";
        first = false;
      }
      json += "\n    ]";
    }
  }
  json += "\n  }\n}\n";
  actkern_set_max_target(nullptr);
  if (!json_path.empty()) {
    FILE* f = fopen(json_path.c_str(), "w");
    if (f == nullptr || fputs(json.c_str(), f) < 0 || fclose(f) != 0) {
      fprintf(stderr, "peers_accuracy: cannot write %s\n", json_path.c_str());
      return 1;
    }
  }
  return 0;
}
