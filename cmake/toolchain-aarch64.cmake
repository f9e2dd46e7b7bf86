# Cross-compiles actkern for aarch64 Linux with Debian's g++-aarch64-linux-gnu
# and the arm64 multiarch packages (libhwy-dev:arm64, libgtest-dev:arm64,
# optionally libbenchmark-dev:arm64), which install under
# /usr/{include,lib}/aarch64-linux-gnu where the cross compiler finds them
# without any sysroot flag. `scripts/install-deps.sh --cross` installs all of
# it. Tests run under qemu-user through CMAKE_CROSSCOMPILING_EMULATOR (binfmt
# is not needed); the emulated CPU comes from the QEMU_CPU environment
# variable, which tests/hardening/CMakeLists.txt sets per CTest entry.
#
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake
#
# GCC only: clang 14 builds NEON-only for Arm with Highway 1.0.3 (no SVE).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(ACTKERN_CROSS_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${ACTKERN_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${ACTKERN_CROSS_TRIPLE}-g++)

# Debian multiarch: the arm64 packages live in the normal prefix, under the
# triple's library directory. Search programs on the host, everything else
# for the target only, so the host's x86 libhwy can never be picked up.
set(CMAKE_LIBRARY_ARCHITECTURE ${ACTKERN_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${ACTKERN_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# qemu-user. -cpu is not given here: QEMU_CPU in the environment picks the
# emulated CPU (and so the Highway target) per test. The loader prefix
# matters: with multiarch, libc6:arm64 (pulled in by libhwy-dev:arm64)
# provides /lib/ld-linux-aarch64.so.1 and the libc.so.6 that loader finds, so
# qemu must use that loader (no -L). Pairing the cross package's loader
# (-L /usr/aarch64-linux-gnu) with the multiarch libc mixes two glibc builds:
# single-threaded programs happen to run, but pthread_create spins forever.
find_program(ACTKERN_QEMU qemu-aarch64)
if(ACTKERN_QEMU)
  if(EXISTS /lib/ld-linux-aarch64.so.1)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${ACTKERN_QEMU})
  else()
    set(CMAKE_CROSSCOMPILING_EMULATOR ${ACTKERN_QEMU};-L;/usr/${ACTKERN_CROSS_TRIPLE})
  endif()
endif()
