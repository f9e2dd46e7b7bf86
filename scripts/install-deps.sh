#!/usr/bin/env bash
# Installs what actkern needs from the distribution (Debian 12 / Ubuntu), only
# if missing. Works as root or through sudo; does nothing when all is present.
#   scripts/install-deps.sh           build + test + bench dependencies (and
#                                     the Python module's, PyTorch included)
#   scripts/install-deps.sh --report  only what scripts/report.sh builds
#                                     without --peers: no GoogleTest or
#                                     Google Benchmark
#   scripts/install-deps.sh --peers   also the peer libraries the benchmarks
#                                     compare against (optional)
#   scripts/install-deps.sh --compare also Google Benchmark's compare.py and
#                                     the SciPy it needs (comparing two runs)
#   scripts/install-deps.sh --cross   also the aarch64 cross toolchain, the
#                                     arm64 Highway/GoogleTest (multiarch) and
#                                     qemu-user, for the emulated Arm runs
#                                     (scripts/ci-arm.sh); enables the arm64
#                                     dpkg architecture if needed
#   scripts/install-deps.sh --fuzz    also clang-14 and its libFuzzer runtime
#                                     (scripts/ci-fuzz.sh)
#   scripts/install-deps.sh --format  also clang-format-14 (scripts/ci-format.sh)
#   scripts/install-deps.sh --threads also the runtimes of the optional thread
#                                     pool adapters and their tests: libgomp1
#                                     (OpenMP, actkern/exec_openmp.h) and
#                                     libpthreadpool-dev (actkern/exec_pthreadpool.h)
set -euo pipefail

# The Python module and its tests (python/, docs/python.md): pybind11, the
# Python headers, NumPy, pytest, and PyTorch, which the tests compare with;
# matplotlib for the figures (scripts/plots.py).
pkgs=(cmake g++ make pkg-config libhwy-dev libgtest-dev libbenchmark-dev
      pybind11-dev python3-dev python3-numpy python3-pytest python3-torch
      python3-matplotlib)
cross=0
for arg in "$@"; do
  if [ "$arg" = --report ]; then pkgs=(cmake g++ make pkg-config libhwy-dev); fi
done
for arg in "$@"; do
  case "$arg" in
    --report) ;;
    # XNNPACK's header includes pthreadpool.h; the peer bench caps XNNPACK's ISA
    # through cpuinfo.h. Both -dev packages are separate on Debian 12.
    # python3-torch: scripts/torch_compare.py (PyTorch's own CPU kernels).
    # python3-matplotlib: the peer report's chart (scripts/plots.py).
    --peers) pkgs+=(libbenchmark-dev libsleef-dev libeigen3-dev libdnnl-dev libxnnpack-dev python3-torch
                    libpthreadpool-dev libcpuinfo-dev python3-matplotlib) ;;
    # compare.py (libbenchmark-tools) needs SciPy, which the package only
    # suggests; SciPy pulls in about 150 MB, so only on request.
    --compare) pkgs+=(libbenchmark-tools python3-scipy) ;;
    --cross)
      cross=1
      pkgs+=(g++-aarch64-linux-gnu libhwy-dev:arm64 libgtest-dev:arm64 qemu-user) ;;
    --fuzz) pkgs+=(clang-14 libclang-rt-14-dev) ;;
    --format) pkgs+=(clang-format-14) ;;
    --threads) pkgs+=(libgomp1 libpthreadpool-dev) ;;
    *) echo "usage: $0 [--report] [--peers] [--compare] [--cross] [--fuzz] [--format] [--threads]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present" >&2
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# The :arm64 packages come from the same Debian mirror through multiarch;
# apt only offers them once the architecture is added (then a fresh update).
if [ "$cross" -eq 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
