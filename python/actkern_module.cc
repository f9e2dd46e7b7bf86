// actkern's Python extension _actkern: every kernel of the C API as a
// function over NumPy arrays (python/actkern re-exports it; docs/python.md).
//
// The elementwise and gated functions are generated from the kernel table
// (actkern/kernel_table.def): one expansion defines each row's entry points
// as function pointers, another registers its Python functions, so a new
// row gets its functions without an edit here.
//
// Arrays reach the C API as (pointer, row stride) matrices: an array of
// shape (..., cols) whose last axis is contiguous and whose leading axes
// collapse to one axis of rows with a row stride >= cols is passed as it is
// (no copy); any other layout is copied (inputs) or computed into a
// temporary and copied back (out). Everything a Python caller can get wrong
// (dtype, shape, writability, overlap) is checked before any kernel runs;
// the C API's status codes become actkern.Error (a ValueError).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cfenv>
#include <cstdint>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/reference.h"
#include "kernel_docs.h"

namespace py = pybind11;

namespace actkern_python {
namespace {

// A C API status other than ACTKERN_OK, raised as actkern.Error.
class StatusError : public std::runtime_error {
 public:
  StatusError(const std::string& fn, actkern_status s)
      : std::runtime_error(fn + ": " + actkern_status_string(s)) {}
};

void Check(const std::string& fn, actkern_status s) {
  if (s != ACTKERN_OK) throw StatusError(fn, s);
}

// Float operands copied (inputs in a layout the C API cannot take) or
// staged (such outputs): what the no-copy tests watch.
size_t g_copies = 0;

// Around every kernel call: the GIL released, and the floating-point
// exception flags as they were before. The kernels raise "invalid" and
// "overflow" internally on NaN and infinite lanes as a matter of course;
// NumPy reads those flags after its next operation and would warn about
// the user's unrelated cast ("invalid value encountered in cast").
class KernelScope {
 public:
  KernelScope() { fegetexceptflag(&flags_, FE_ALL_EXCEPT); }
  ~KernelScope() { fesetexceptflag(&flags_, FE_ALL_EXCEPT); }
  KernelScope(const KernelScope&) = delete;
  KernelScope& operator=(const KernelScope&) = delete;

 private:
  py::gil_scoped_release release_;
  fexcept_t flags_;
};

enum class Type { kF32, kF16, kBf16 };

const char* TypeName(Type t) {
  switch (t) {
    case Type::kF32:
      return "float32";
    case Type::kF16:
      return "float16";
    case Type::kBf16:
      return "bfloat16";
  }
  return "?";
}

py::module_ Numpy() { return py::module_::import("numpy"); }

// ------------------------------------------------------------ dtypes
// The `dtype=` argument: None, or a name or NumPy dtype. "bfloat16" is only
// a name (NumPy has no such dtype): the array then holds bfloat16 bit
// patterns as uint16 (or int16: torch's bfloat16 storage viewed as int16).
std::optional<Type> ParseTypeArg(const py::object& arg) {
  if (arg.is_none()) return std::nullopt;
  std::string name;
  if (py::isinstance<py::str>(arg)) {
    name = arg.cast<std::string>();
  } else {
    try {
      name =
          py::str(Numpy().attr("dtype")(arg).attr("name")).cast<std::string>();
    } catch (py::error_already_set&) {
      throw py::type_error("dtype must be 'float32', 'float16' or 'bfloat16'");
    }
  }
  if (name == "float32" || name == "f32") return Type::kF32;
  if (name == "float16" || name == "f16" || name == "half") return Type::kF16;
  if (name == "bfloat16" || name == "bf16") return Type::kBf16;
  throw py::type_error(
      "dtype must be 'float32', 'float16' or 'bfloat16', not '" + name + "'");
}

std::string DtypeString(const py::dtype& d) {
  return py::str(static_cast<const py::object&>(d)).cast<std::string>();
}

// Byte order and type number from the dtype's descriptor: per-call checks
// without a Python attribute lookup (they are most of the call overhead of
// a small array).
bool IsNative(const py::dtype& d) {
  const char order = py::detail::array_descriptor_proxy(d.ptr())->byteorder;
  const char native = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? '<' : '>';
  return order == '=' || order == '|' || order == native;
}
bool IsNative(const py::array& a) { return IsNative(a.dtype()); }

// The same type (type number) and both native.
bool SameType(const py::dtype& a, const py::dtype& b) {
  return py::detail::array_descriptor_proxy(a.ptr())->type_num ==
             py::detail::array_descriptor_proxy(b.ptr())->type_num &&
         IsNative(a) && IsNative(b);
}

// The type an array holds, given the dtype= argument; TypeError for any
// other dtype. No conversion: a float64 array is an error, not a copy.
Type ArrayType(const py::array& a, std::optional<Type> requested,
               const std::string& fn, const char* what) {
  const char kind = a.dtype().kind();
  const ssize_t size = a.itemsize();
  std::optional<Type> held;
  if (IsNative(a)) {
    if (kind == 'f' && size == 4) held = Type::kF32;
    if (kind == 'f' && size == 2) held = Type::kF16;
    if ((kind == 'u' || kind == 'i') && size == 2) {
      if (requested == Type::kBf16) return Type::kBf16;
      throw py::type_error(fn + ": " + what +
                           " is a 16-bit integer array; pass "
                           "dtype='bfloat16' if it holds bfloat16 bit "
                           "patterns");
    }
  }
  if (!held) {
    throw py::type_error(fn + ": " + what + " has dtype " +
                         DtypeString(a.dtype()) +
                         "; actkern takes native float32, float16, or "
                         "bfloat16 as uint16 with dtype='bfloat16'");
  }
  if (requested && *requested != *held) {
    throw py::type_error(fn + ": " + what + " has dtype " + TypeName(*held) +
                         " but dtype='" + TypeName(*requested) + "' was given");
  }
  return *held;
}

// An input as an ndarray: arrays as they are; anything else (lists,
// scalars) through numpy.asarray in the requested type (float32 by default).
py::array AsArray(const py::object& obj, std::optional<Type> requested,
                  const std::string& fn) {
  if (py::isinstance<py::array>(obj)) return obj.cast<py::array>();
  if (requested == Type::kBf16) {
    throw py::type_error(fn + ": bfloat16 input must be a uint16 ndarray");
  }
  const char* dt = requested == Type::kF16 ? "float16" : "float32";
  return Numpy().attr("asarray")(obj, dt).cast<py::array>();
}

// An input of a row or gated function: its array and type (float32, float16, or
// bfloat16 bit patterns with dtype='bfloat16').
py::array AsRowInput(const py::object& obj, std::optional<Type> requested,
                     const std::string& fn, const char* what, Type* t) {
  py::array a = AsArray(obj, requested, fn);
  *t = ArrayType(a, requested, fn, what);
  return a;
}

py::array AsF32(const py::object& obj, const std::string& fn,
                const char* what) {
  py::array a = AsArray(obj, Type::kF32, fn);
  const Type t = ArrayType(a, std::nullopt, fn, what);
  if (t != Type::kF32) {
    throw py::type_error(fn + ": " + what + " must be float32, not " +
                         TypeName(t));
  }
  return a;
}

std::vector<ssize_t> ShapeOf(const py::array& a) {
  return std::vector<ssize_t>(a.shape(), a.shape() + a.ndim());
}

std::string ShapeString(const std::vector<ssize_t>& s) {
  std::string r = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    r += std::to_string(s[i]);
    if (s.size() == 1 || i + 1 < s.size()) r += i + 1 < s.size() ? ", " : ",";
  }
  return r + ")";
}

// ------------------------------------------------------------ layouts
// A (pointer, row stride) view of an array of shape (..., cols).
struct Matrix {
  char* data = nullptr;
  size_t rows = 0, cols = 0, stride = 0;  // stride in elements
  size_t item = 4;
  char* Row(size_t r) const { return data + r * stride * item; }
  // One dense run of rows * cols elements.
  bool Dense() const { return rows <= 1 || stride == cols; }
};

// A float32 matrix's data.
const float* F(const Matrix& m) {
  return reinterpret_cast<const float*>(m.data);
}
float* FMut(const Matrix& m) { return reinterpret_cast<float*>(m.data); }

// rows and cols from the shape alone: rows = product of the leading axes.
void RowsCols(const py::array& a, size_t* rows, size_t* cols) {
  const ssize_t nd = a.ndim();
  *cols = nd ? static_cast<size_t>(a.shape(nd - 1)) : 1;
  *rows = 1;
  for (ssize_t i = 0; i + 1 < nd; ++i) *rows *= static_cast<size_t>(a.shape(i));
}

// Whether the array's layout is a (pointer, row stride >= cols) matrix.
bool AsMatrix(const py::array& a, Matrix* m) {
  const ssize_t nd = a.ndim();
  const ssize_t item = a.itemsize();
  m->data = static_cast<char*>(const_cast<void*>(a.data()));
  m->item = static_cast<size_t>(item);
  RowsCols(a, &m->rows, &m->cols);
  m->stride = m->cols;
  if (m->rows == 0 || m->cols == 0) return true;
  if (m->cols > 1 && a.strides(nd - 1) != item) return false;
  // The innermost leading axis of extent > 1 gives the row stride; every
  // outer one must continue it (stride = inner stride * inner extent).
  ssize_t row_stride = 0, expect = 0;
  bool found = false;
  for (ssize_t i = nd - 2; i >= 0; --i) {
    if (a.shape(i) == 1) continue;
    if (!found) {
      row_stride = a.strides(i);
      found = true;
    } else if (a.strides(i) != expect) {
      return false;
    }
    expect = a.strides(i) * a.shape(i);
  }
  if (!found) return true;  // a single row
  if (row_stride <= 0 || row_stride % item != 0) return false;
  m->stride = static_cast<size_t>(row_stride / item);
  return m->stride >= m->cols;
}

// The byte range an array's elements span (strides of any sign).
struct Extent {
  uintptr_t lo = 0, hi = 0;
  bool empty = true;
};

Extent ExtentOf(const py::array& a) {
  Extent e;
  if (a.size() == 0) return e;
  e.empty = false;
  e.lo = e.hi = reinterpret_cast<uintptr_t>(a.data());
  for (ssize_t i = 0; i < a.ndim(); ++i) {
    const ssize_t d = (a.shape(i) - 1) * a.strides(i);
    if (d < 0) {
      e.lo -= static_cast<uintptr_t>(-d);
    } else {
      e.hi += static_cast<uintptr_t>(d);
    }
  }
  e.hi += static_cast<uintptr_t>(a.itemsize());
  return e;
}

bool SameView(const py::array& a, const py::array& b) {
  if (a.data() != b.data() || a.ndim() != b.ndim() ||
      a.itemsize() != b.itemsize())
    return false;
  for (ssize_t i = 0; i < a.ndim(); ++i) {
    if (a.shape(i) != b.shape(i)) return false;
    if (a.shape(i) > 1 && a.strides(i) != b.strides(i)) return false;
  }
  return true;
}

// The C API's aliasing rule on the arrays as given: an output overlapping
// an input is ACTKERN_ERROR_OVERLAP unless it is exactly that input (same
// data, shape and strides) and the function allows that alias. Checked
// here because a copy or a row-by-row call would hide the overlap from the
// C API's own check.
struct Operand {
  const py::array* array;
  bool may_alias;
};

void CheckOverlap(const std::string& fn, const py::array& out,
                  std::initializer_list<Operand> inputs) {
  const Extent o = ExtentOf(out);
  if (o.empty) return;
  for (const Operand& in : inputs) {
    const Extent e = ExtentOf(*in.array);
    if (e.empty || e.hi <= o.lo || o.hi <= e.lo) continue;
    if (in.may_alias && SameView(out, *in.array)) continue;
    throw StatusError(fn, ACTKERN_ERROR_OVERLAP);
  }
}

// numpy.moveaxis(a, axis, -1) (a view), or a itself.
py::array AxisLast(const py::array& a, ssize_t axis) {
  if (axis == a.ndim() - 1) return a;
  return Numpy().attr("moveaxis")(a, axis, -1).cast<py::array>();
}

ssize_t NormalizeAxis(ssize_t axis, ssize_t nd, const std::string& fn) {
  if (axis < -nd || axis >= nd) {
    throw py::value_error(fn + ": axis " + std::to_string(axis) +
                          " is out of bounds for an array of dimension " +
                          std::to_string(nd));
  }
  return axis < 0 ? axis + nd : axis;
}

// An input in a layout the C API takes (with the softmax axis last).
struct Input {
  py::array array;  // keeps a copy alive
  Matrix m;
};

Input PrepareInput(const py::array& a, ssize_t axis) {
  Input in;
  in.array = AxisLast(a, axis);
  if (!AsMatrix(in.array, &in.m)) {
    in.array = Numpy().attr("ascontiguousarray")(in.array).cast<py::array>();
    ++g_copies;
    AsMatrix(in.array, &in.m);
  }
  return in;
}

// An output: the caller's `out` (checked), or a new array. `result` is what
// the function returns; the kernel writes `m`, which is `out` itself unless
// out's layout is not a matrix (then a temporary, copied into out after a
// successful call).
struct Output {
  py::object result;
  py::array written;                     // the array m points into
  py::object copy_back_to = py::none();  // or the view of out to fill
  Matrix m;
  bool provided = false;

  void Finish() {
    if (!copy_back_to.is_none()) Numpy().attr("copyto")(copy_back_to, written);
  }
};

Output PrepareOutput(const py::object& out, const py::dtype& dtype,
                     const std::vector<ssize_t>& shape, ssize_t axis,
                     const std::string& fn, const char* what = "out") {
  Output o;
  if (out.is_none()) {
    // A new array, C order with the row axis last; for another axis the
    // result is its moveaxis view (no copy either way).
    std::vector<ssize_t> moved = shape;
    if (!shape.empty() && axis != static_cast<ssize_t>(shape.size()) - 1) {
      moved.erase(moved.begin() + axis);
      moved.push_back(shape[axis]);
    }
    o.written = py::array(dtype, moved);
    o.result = o.written;
    if (!moved.empty() && axis != static_cast<ssize_t>(shape.size()) - 1) {
      o.result = Numpy().attr("moveaxis")(o.written, -1, axis);
    }
    AsMatrix(o.written, &o.m);
    return o;
  }
  o.provided = true;
  if (!py::isinstance<py::array>(out)) {
    throw py::type_error(fn + ": " + what + " must be a numpy.ndarray");
  }
  py::array a = out.cast<py::array>();
  if (!SameType(a.dtype(), dtype)) {
    throw py::type_error(fn + ": " + what + " has dtype " +
                         DtypeString(a.dtype()) + ", expected " +
                         DtypeString(dtype));
  }
  if (ShapeOf(a) != shape) {
    throw py::value_error(fn + ": " + what + " has shape " +
                          ShapeString(ShapeOf(a)) + ", expected " +
                          ShapeString(shape));
  }
  if (!a.writeable()) {
    throw py::value_error(fn + ": " + what + " is read-only");
  }
  o.result = a;
  py::array view = AxisLast(a, axis);
  if (AsMatrix(view, &o.m)) {
    o.written = view;
  } else {
    o.written = py::array(dtype, ShapeOf(view));
    o.copy_back_to = view;
    ++g_copies;
    AsMatrix(o.written, &o.m);
  }
  return o;
}

// ------------------------------------------------------------ elementwise
using UnaryFn = actkern_status (*)(const void* x, void* y, size_t n,
                                   const float* p);
using BinaryFn = actkern_status (*)(const void* in, const void* dy, void* dx,
                                    size_t n, const float* p);

// y = act(x + bias) over a (pointer, row stride) matrix, float32 only.
using BiasFn = actkern_status (*)(const float* x, size_t xs, const float* b,
                                  float* y, size_t ys, size_t rows, size_t cols,
                                  const float* p);
struct UnaryKernel {
  const char* name;
  UnaryFn f32, fast_f32, bf16, f16;  // fast_f32: nullptr without a fast tier
  BiasFn bias, bias_fast;            // bias_fast: likewise
};
struct BinaryKernel {
  const char* name;
  BinaryFn f32, bf16, f16;
};

// Runs an elementwise function on matrices of equal rows and cols: one call
// when every operand is dense, else one call per row (a result does not
// depend on its position, so the bits are the same), after a call with
// n = 0 that checks the parameters first, as the C API's error order does.
template <class Call>
actkern_status RunRows(const Matrix& first, bool all_dense, const Call& call) {
  if (all_dense) return call(0, first.rows * first.cols);
  const actkern_status s = call(SIZE_MAX, 0);
  if (s != ACTKERN_OK) return s;
  for (size_t r = 0; r < first.rows; ++r) {
    const actkern_status sr = call(r, first.cols);
    if (sr != ACTKERN_OK) return sr;
  }
  return ACTKERN_OK;
}

// Pointer of row r (SIZE_MAX: the parameter check, no data).
const char* At(const Matrix& m, size_t r) {
  return r == SIZE_MAX ? nullptr : m.Row(r);
}
char* AtMut(const Matrix& m, size_t r) {
  return r == SIZE_MAX ? nullptr : m.Row(r);
}

std::string EntryName(const char* name, const char* suffix, Type t, bool fast) {
  std::string s = std::string("actkern_") + name + suffix;
  if (t == Type::kF32) return s + (fast ? "_fast_f32" : "_f32");
  return s + (t == Type::kBf16 ? "_bf16" : "_f16");
}

// act(x + bias), bias of shape (x.shape[-1],) added along the last axis:
// actkern_<name>_bias_f32 (or _bias_fast_f32) on x as a matrix.
py::object RunUnaryBias(const UnaryKernel& k, const py::array& x,
                        const py::object& bias_obj, const float* p,
                        const py::object& out, bool fast) {
  const std::string entry = std::string("actkern_") + k.name +
                            (fast ? "_bias_fast_f32" : "_bias_f32");
  if (x.ndim() == 0) throw py::value_error(entry + ": x is 0-d");
  py::array bias = AsF32(bias_obj, entry, "bias");
  const ssize_t cols = x.shape(x.ndim() - 1);
  if (bias.ndim() != 1 || bias.shape(0) != cols) {
    throw py::value_error(entry + ": bias has shape " +
                          ShapeString(ShapeOf(bias)) + ", expected (" +
                          std::to_string(cols) + ",) (x's last axis)");
  }
  const ssize_t last = x.ndim() - 1;
  Output o = PrepareOutput(out, x.dtype(), ShapeOf(x), last, entry);
  if (o.provided) {
    CheckOverlap(entry, o.result.cast<py::array>(),
                 {{&x, true}, {&bias, false}});
  }
  const Input in = PrepareInput(x, last);
  const Input b = PrepareInput(bias, 0);
  const BiasFn fn = fast ? k.bias_fast : k.bias;
  actkern_status s;
  {
    KernelScope scope;
    s = fn(F(in.m), in.m.stride, F(b.m), FMut(o.m), o.m.stride, o.m.rows,
           o.m.cols, p);
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

py::object RunUnary(const UnaryKernel& k, const py::object& x_obj,
                    const float* p, const py::object& out, bool fast,
                    const py::object& dtype_arg,
                    const py::object& bias = py::none()) {
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  py::array x = AsArray(x_obj, requested, k.name);
  const Type t = ArrayType(x, requested, k.name, "x");
  if (fast && k.fast_f32 == nullptr) {
    throw py::value_error(std::string(k.name) + " has no fast tier");
  }
  if (!bias.is_none()) {
    if (t != Type::kF32) {
      throw py::type_error(std::string(k.name) +
                           ": bias= takes float32 x only (the C API's "
                           "bias-fused forms are float32), not " +
                           TypeName(t));
    }
    return RunUnaryBias(k, x, bias, p, out, fast);
  }
  // The 16-bit forms are correctly rounded whatever the tier (they use the
  // fast float kernel inside), so fast= changes nothing for them.
  const UnaryFn fn = t == Type::kF32    ? (fast ? k.fast_f32 : k.f32)
                     : t == Type::kBf16 ? k.bf16
                                        : k.f16;
  const std::string entry = EntryName(k.name, "", t, fast);
  const ssize_t last = x.ndim() - 1;
  Output o = PrepareOutput(out, x.dtype(), ShapeOf(x), last, entry);
  if (o.provided) CheckOverlap(entry, o.result.cast<py::array>(), {{&x, true}});
  const Input in = PrepareInput(x, last);
  actkern_status s;
  {
    KernelScope scope;
    s = RunRows(in.m, in.m.Dense() && o.m.Dense(), [&](size_t r, size_t n) {
      return fn(At(in.m, r), AtMut(o.m, r), n, p);
    });
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

py::object RunBinary(const BinaryKernel& k, const char* in_name,
                     const py::object& in_obj, const py::object& dy_obj,
                     const float* p, const py::object& out,
                     const py::object& dtype_arg) {
  const std::string fn_name = std::string(k.name) + "_backward";
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  py::array in = AsArray(in_obj, requested, fn_name);
  const Type t = ArrayType(in, requested, fn_name, in_name);
  py::array dy = AsArray(dy_obj, t, fn_name);
  ArrayType(dy, t, fn_name, "dy");
  if (!SameType(dy.dtype(), in.dtype())) {
    throw py::type_error(fn_name + ": dy has dtype " + DtypeString(dy.dtype()) +
                         ", " + in_name + " " + DtypeString(in.dtype()));
  }
  if (ShapeOf(dy) != ShapeOf(in)) {
    throw py::value_error(fn_name + ": dy has shape " +
                          ShapeString(ShapeOf(dy)) + ", " + in_name + " " +
                          ShapeString(ShapeOf(in)) + " (no broadcasting)");
  }
  const BinaryFn fn = t == Type::kF32    ? k.f32
                      : t == Type::kBf16 ? k.bf16
                                         : k.f16;
  const std::string entry = EntryName(k.name, "_backward", t, false);
  const ssize_t last = in.ndim() - 1;
  Output o = PrepareOutput(out, in.dtype(), ShapeOf(in), last, entry);
  if (o.provided) {
    CheckOverlap(entry, o.result.cast<py::array>(), {{&in, true}, {&dy, true}});
  }
  const Input a = PrepareInput(in, last);
  const Input b = PrepareInput(dy, last);
  actkern_status s;
  {
    KernelScope scope;
    s = RunRows(a.m, a.m.Dense() && b.m.Dense() && o.m.Dense(),
                [&](size_t r, size_t n) {
                  return fn(At(a.m, r), At(b.m, r), AtMut(o.m, r), n, p);
                });
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

// ------------------------------------------------------------ table rows
// The parameters as an array (p[0], p[1]); ParamArray(0.0f, a, b) drops
// the leading placeholder that lets the table's ", a, b" follow it.
template <class... T>
std::array<float, 2> ParamArray(float, T... v) {
  std::array<float, 2> p{};
  const float values[] = {0.0f, static_cast<float>(v)...};
  for (size_t i = 0; i + 1 < sizeof(values) / sizeof(values[0]); ++i)
    p[i] = values[i + 1];
  return p;
}

// A parameter's default from the table's `defaults` column ("= 1.0f" or
// nothing): `OptionalFloat a = 1.0f;` or `OptionalFloat a;`.
struct OptionalFloat {
  OptionalFloat() = default;
  OptionalFloat(float v) : set(true), value(v) {}  // NOLINT: "= 1.0f" form
  bool set = false;
  float value = 0.0f;
};

// A row's data (field names apart from the table's column names, which the
// expansions below use as macro parameters).
struct KernelInfo {
  std::string kernel;
  std::vector<std::string> param_names;
  std::vector<OptionalFloat> param_defaults;
  double max_ulp;
  bool has_fast;
  double fast_bound;
  std::string backward_input;  // "x", "y" or "" (no backward kernel)
  double backward_bound;
  bool has_abs_terms;
  std::string summary;
  std::vector<std::pair<std::string, std::vector<float>>> catalogued;
};

std::vector<KernelInfo>& Infos() {
  static std::vector<KernelInfo>* infos = new std::vector<KernelInfo>();
  return *infos;
}

// Docstrings outlive the module's functions (pybind11 keeps the pointer).
const char* Keep(std::string s) {
  static std::deque<std::string>* kept = new std::deque<std::string>();
  kept->push_back(std::move(s));
  return kept->back().c_str();
}

// The README note without its "([detail](...))" link.
std::string PlainNote(const char* note) {
  std::string s = note;
  const size_t link = s.find(" ([");
  if (link != std::string::npos) s.erase(link);
  return s;
}

const char* Contract(const char* name, bool gated) {
  for (const KernelDoc& d : kKernelDocs) {
    if (d.gated == gated && std::strcmp(d.name, name) == 0) return d.contract;
  }
  return "";
}

std::string Num(double v) {
  std::string s = py::str(py::float_(v)).cast<std::string>();
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0)
    s.resize(s.size() - 2);
  return s;
}

#define ACTKERN_PY_STR_I(x) #x
#define ACTKERN_PY_STR(x) ACTKERN_PY_STR_I(x)
#define ACTKERN_PY_ABS_HAS_NONE false
#define ACTKERN_PY_ABS_HAS_TERMS(e) true
#define ACTKERN_PY_ABS_EXPR_NONE 0.0
#define ACTKERN_PY_ABS_EXPR_TERMS(e) (e)
#define ACTKERN_PY_INPUT_STR_X "x"
#define ACTKERN_PY_INPUT_STR_Y "y"
#define ACTKERN_PY_INPUT_STR_NONE ""

// ", py::arg("alpha") = 1.0f": the parameters' Python arguments.
#define ACTKERN_PY_ARGS_0(unused_name, unused_default)
#define ACTKERN_PY_ARGS_1(a, da) , py::arg(#a) da
#define ACTKERN_PY_ARGS_2(a, b, da, db) , py::arg(#a) da, py::arg(#b) db
#define ACTKERN_PY_ARGS(np, params, defaults)            \
  ACTKERN_KT_APPLY(ACTKERN_KT_CAT(ACTKERN_PY_ARGS_, np), \
                   (ACTKERN_KT_UNPACK params, ACTKERN_KT_UNPACK defaults))
// The defaults as OptionalFloat values.
#define ACTKERN_PY_DEFAULTS_0(unused_name, unused_default) \
  std::vector<OptionalFloat> {}
#define ACTKERN_PY_DEFAULTS_1(a, da)      \
  [] {                                    \
    OptionalFloat a da;                   \
    return std::vector<OptionalFloat>{a}; \
  }()
#define ACTKERN_PY_DEFAULTS_2(a, b, da, db)  \
  [] {                                       \
    OptionalFloat a da;                      \
    OptionalFloat b db;                      \
    return std::vector<OptionalFloat>{a, b}; \
  }()
#define ACTKERN_PY_DEFAULTS(np, params, defaults)            \
  ACTKERN_KT_APPLY(ACTKERN_KT_CAT(ACTKERN_PY_DEFAULTS_, np), \
                   (ACTKERN_KT_UNPACK params, ACTKERN_KT_UNPACK defaults))
// The parameter names as strings.
#define ACTKERN_PY_NAMES_0() \
  std::vector<std::string> {}
#define ACTKERN_PY_NAMES_1(a) \
  std::vector<std::string> { #a }
#define ACTKERN_PY_NAMES_2(a, b) \
  std::vector<std::string> { #a, #b }
#define ACTKERN_PY_NAMES(np, params) \
  ACTKERN_KT_CAT(ACTKERN_PY_NAMES_, np) params
// The parameters as named locals from p (for the TERMS expressions).
#define ACTKERN_PY_BIND_0(p, unused)
#define ACTKERN_PY_BIND_1(p, a) [[maybe_unused]] const float a = p[0];
#define ACTKERN_PY_BIND_2(p, a, b)       \
  [[maybe_unused]] const float a = p[0]; \
  [[maybe_unused]] const float b = p[1];
#define ACTKERN_PY_BIND(np, p, params)                   \
  ACTKERN_KT_APPLY(ACTKERN_KT_CAT(ACTKERN_PY_BIND_, np), \
                   (p, ACTKERN_KT_UNPACK params))

// Expansion 1: each row's entry points, references and data.
#define ACTKERN_KERNEL(name, Cxx, np, params, defaults, valid, bound, props,   \
                       lo, hi, naive, variants, note, input, abs, bwd_bound,   \
                       bwd_naive, measured, bwd_note, fast)                    \
  struct Row_##name {                                                          \
    static constexpr int kNumParams = np;                                      \
    static actkern_status F32(const void* x, void* y, size_t n,                \
                              [[maybe_unused]] const float* p) {               \
      return actkern_##name##_f32(static_cast<const float*>(x),                \
                                  static_cast<float*>(y),                      \
                                  n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));       \
    }                                                                          \
    static actkern_status Bf16(const void* x, void* y, size_t n,               \
                               [[maybe_unused]] const float* p) {              \
      return actkern_##name##_bf16(static_cast<const uint16_t*>(x),            \
                                   static_cast<uint16_t*>(y),                  \
                                   n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));      \
    }                                                                          \
    static actkern_status F16(const void* x, void* y, size_t n,                \
                              [[maybe_unused]] const float* p) {               \
      return actkern_##name##_f16(static_cast<const uint16_t*>(x),             \
                                  static_cast<uint16_t*>(y),                   \
                                  n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));       \
    }                                                                          \
    ACTKERN_KT_IF_FAST_##fast(static actkern_status Fast(                      \
        const void* x, void* y, size_t n, [[maybe_unused]] const float* p) {   \
      return actkern_##name##_fast_f32(static_cast<const float*>(x),           \
                                       static_cast<float*>(y),                 \
                                       n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));  \
    }) static UnaryFn FastFn() {                                               \
      ACTKERN_KT_IF_FAST_##fast(return &Fast;) return nullptr;                 \
    }                                                                          \
    static actkern_status Bias(const float* x, size_t xs, const float* b,      \
                               float* y, size_t ys, size_t rows, size_t cols,  \
                               [[maybe_unused]] const float* p) {              \
      return actkern_##name##_bias_f32(                                        \
          x, xs, b, y, ys, rows, cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p));     \
    }                                                                          \
    ACTKERN_KT_IF_FAST_##fast(static actkern_status BiasFast(                  \
        const float* x, size_t xs, const float* b, float* y, size_t ys,        \
        size_t rows, size_t cols, [[maybe_unused]] const float* p) {           \
      return actkern_##name##_bias_fast_f32(                                   \
          x, xs, b, y, ys, rows, cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p));     \
    }) static BiasFn BiasFastFn() {                                            \
      ACTKERN_KT_IF_FAST_##fast(return &BiasFast;) return nullptr;             \
    }                                                                          \
    ACTKERN_KT_IF_BACKWARD_##input(                                            \
        static actkern_status BwdF32(const void* in, const void* dy, void* dx, \
                                     size_t n,                                 \
                                     [[maybe_unused]] const float* p) {        \
          return actkern_##name##_backward_f32(                                \
              static_cast<const float*>(in), static_cast<const float*>(dy),    \
              static_cast<float*>(dx), n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));  \
        } static actkern_status BwdBf16(const void* in, const void* dy,        \
                                        void* dx, size_t n,                    \
                                        [[maybe_unused]] const float* p) {     \
          return actkern_##name##_backward_bf16(                               \
              static_cast<const uint16_t*>(in),                                \
              static_cast<const uint16_t*>(dy), static_cast<uint16_t*>(dx),    \
              n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                           \
        } static actkern_status BwdF16(const void* in, const void* dy,         \
                                       void* dx, size_t n,                     \
                                       [[maybe_unused]] const float* p) {      \
          return actkern_##name##_backward_f16(                                \
              static_cast<const uint16_t*>(in),                                \
              static_cast<const uint16_t*>(dy), static_cast<uint16_t*>(dx),    \
              n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                           \
        } static double RefBackward(double in, double dy,                      \
                                    [[maybe_unused]] const double* p) {        \
          return actkern_ref_##name##_backward(                                \
              in, dy ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                      \
        }) static double Ref(double x, [[maybe_unused]] const double* p) {     \
      return actkern_ref_##name(x ACTKERN_KT_PARAM_FROM_ARRAY(np, p));         \
    }                                                                          \
    static double AbsTerms([[maybe_unused]] double x,                          \
                           [[maybe_unused]] const float* p) {                  \
      ACTKERN_PY_BIND(np, p, params)                                           \
      return ACTKERN_PY_ABS_EXPR_##abs;                                        \
    }                                                                          \
    static KernelInfo Info() {                                                 \
      KernelInfo i;                                                            \
      i.kernel = #name;                                                        \
      i.param_names = ACTKERN_PY_NAMES(np, params);                            \
      i.param_defaults = ACTKERN_PY_DEFAULTS(np, params, defaults);            \
      i.max_ulp = bound;                                                       \
      i.has_fast = ACTKERN_KT_HAS_FAST_##fast;                                 \
      i.fast_bound = ACTKERN_KT_FAST_BOUND_##fast;                             \
      i.backward_input = ACTKERN_PY_INPUT_STR_##input;                         \
      i.backward_bound = bwd_bound;                                            \
      i.has_abs_terms = ACTKERN_PY_ABS_HAS_##abs;                              \
      i.summary = PlainNote(note);                                             \
      struct Variant {                                                         \
        const char* label;                                                     \
        std::array<float, np> p;                                               \
      };                                                                       \
      const Variant vs[] = {ACTKERN_KT_UNPACK variants};                       \
      for (const Variant& v : vs)                                              \
        i.catalogued.emplace_back(v.label,                                     \
                                  std::vector<float>(v.p.begin(), v.p.end())); \
      return i;                                                                \
    }                                                                          \
  };
#define ACTKERN_TABLE_ALL
#include "actkern/kernel_table.def"

// A forward docstring from the row's data and contract comment.
std::string ForwardDoc(const KernelInfo& i, const char* contract) {
  std::string d = i.summary + ".\n\n";
  d += "Max error: " + Num(i.max_ulp) + " ULP against the double reference " +
       "(actkern.reference." + i.kernel + ")";
  d += i.has_fast ? "; fast=True: the fast tier, " + Num(i.fast_bound) +
                        " ULP, the same special values.\n"
                  : "; no fast tier (fast=True raises ValueError).\n";
  d += "\nContract (include/actkern/kernel_table.def): ";
  d += contract;
  d += "\n\nx: float32 or float16 ndarray, or bfloat16 bit patterns as a "
       "uint16 (or int16) ndarray with dtype='bfloat16'; the 16-bit results "
       "are correctly rounded. out: an array of x's dtype and shape, or None. "
       "bias: None, or float32 of shape (x.shape[-1],): the result is then "
       "the kernel of the float sums x + bias (actkern_<name>_bias_f32, "
       "float32 x only), bit for bit. "
       "Returns out (or a new array). Errors raise actkern.Error (a "
       "ValueError), TypeError or ValueError before anything is written.";
  return d;
}

std::string BackwardDoc(const KernelInfo& i) {
  std::string d =
      "Gradient of " + i.kernel + ": dx = " + i.kernel + "'(.) * dy, from " +
      (i.backward_input == "y" ? "the forward output y = " + i.kernel + "(x)"
                               : std::string("the forward input x")) +
      ".\n\nMax error: " + Num(i.backward_bound) + " ULP";
  if (i.has_abs_terms) {
    d += ", or an absolute bound 4 * 2^-24 * |dy| * terms(x) near the "
         "derivative's zero (actkern.reference." +
         i.kernel + "_abs_terms)";
  }
  d += " (16-bit forms: 1 ULP of the type).\nout (dx) may be " +
       i.backward_input + " or dy itself.";
  return d;
}

// Expansion 2: the Python functions of each row.
#define ACTKERN_KERNEL(name, Cxx, np, params, defaults, valid, bound, props,   \
                       lo, hi, naive, variants, note, input, abs, bwd_bound,   \
                       bwd_naive, measured, bwd_note, fast)                    \
  {                                                                            \
    const KernelInfo info = Row_##name::Info();                                \
    Infos().push_back(info);                                                   \
    static const UnaryKernel kUnary = {#name,                                  \
                                       &Row_##name::F32,                       \
                                       Row_##name::FastFn(),                   \
                                       &Row_##name::Bf16,                      \
                                       &Row_##name::F16,                       \
                                       &Row_##name::Bias,                      \
                                       Row_##name::BiasFastFn()};              \
    m.def(                                                                     \
        #name,                                                                 \
        [](const py::object& x ACTKERN_KT_PARAM_DECLS(np, params),             \
           const py::object& out, bool use_fast, const py::object& dtype,      \
           const py::object& bias) {                                           \
          const auto p = ParamArray(0.0f ACTKERN_KT_PARAM_ARGS(np, params));   \
          return RunUnary(kUnary, x, p.data(), out, use_fast, dtype, bias);    \
        },                                                                     \
        Keep(ForwardDoc(info, Contract(#name, false))),                        \
        py::arg("x") ACTKERN_PY_ARGS(np, params, defaults), py::kw_only(),     \
        py::arg("out") = py::none(), py::arg("fast") = false,                  \
        py::arg("dtype") = py::none(), py::arg("bias") = py::none());          \
    ref.def(                                                                   \
        #name,                                                                 \
        [](const py::array_t<double, py::array::forcecast>& x                  \
               ACTKERN_KT_REF_PARAM_DECLS(np, params)) {                       \
          const double p[] = {0.0 ACTKERN_KT_PARAM_ARGS(np, params)};          \
          return MapReference(                                                 \
              x, [&](double v) { return Row_##name::Ref(v, p + 1); });         \
        },                                                                     \
        Keep("Double reference of " #name " (actkern_ref_" #name               \
             "), elementwise, in float64."),                                   \
        py::arg("x") ACTKERN_PY_ARGS(np, params, defaults));                   \
    if (info.has_abs_terms) {                                                  \
      ref.def(                                                                 \
          #name "_abs_terms",                                                  \
          [](const py::array_t<double, py::array::forcecast>& x                \
                 ACTKERN_KT_PARAM_DECLS(np, params)) {                         \
            const auto p = ParamArray(0.0f ACTKERN_KT_PARAM_ARGS(np, params)); \
            return MapReference(x, [&](double v) {                             \
              return Row_##name::AbsTerms(v, p.data());                        \
            });                                                                \
          },                                                                   \
          Keep("Sum of the magnitudes of " #name                               \
               "'s derivative terms at x: where it is non-zero, the "          \
               "backward kernel's absolute bound 4 * 2^-24 * |dy| * terms "    \
               "applies when the ULP bound does not."),                        \
          py::arg("x") ACTKERN_PY_ARGS(np, params, defaults));                 \
    }                                                                          \
    ACTKERN_KT_IF_BACKWARD_##input(                                            \
        static const BinaryKernel kBinary = {#name, &Row_##name::BwdF32,       \
                                             &Row_##name::BwdBf16,             \
                                             &Row_##name::BwdF16};             \
        m.def(                                                                 \
            #name "_backward",                                                 \
            [](const py::object& in,                                           \
               const py::object& dy ACTKERN_KT_PARAM_DECLS(np, params),        \
               const py::object& out, const py::object& dtype) {               \
              const auto p =                                                   \
                  ParamArray(0.0f ACTKERN_KT_PARAM_ARGS(np, params));          \
              return RunBinary(kBinary, ACTKERN_PY_INPUT_STR_##input, in, dy,  \
                               p.data(), out, dtype);                          \
            },                                                                 \
            Keep(BackwardDoc(info)), py::arg(ACTKERN_PY_INPUT_STR_##input),    \
            py::arg("dy") ACTKERN_PY_ARGS(np, params, defaults),               \
            py::kw_only(), py::arg("out") = py::none(),                        \
            py::arg("dtype") = py::none());                                    \
        ref.def(                                                               \
            #name "_backward",                                                 \
            [](const py::array_t<double, py::array::forcecast>& in,            \
               const py::array_t<double, py::array::forcecast>& dy             \
                   ACTKERN_KT_REF_PARAM_DECLS(np, params)) {                   \
              const double p[] = {0.0 ACTKERN_KT_PARAM_ARGS(np, params)};      \
              return MapReference2(in, dy, [&](double a, double b) {           \
                return Row_##name::RefBackward(a, b, p + 1);                   \
              });                                                              \
            },                                                                 \
            Keep("Double reference of " #name "_backward (actkern_ref_" #name  \
                 "_backward), elementwise, in float64."),                      \
            py::arg(ACTKERN_PY_INPUT_STR_##input),                             \
            py::arg("dy") ACTKERN_PY_ARGS(np, params, defaults));)             \
  }

// ------------------------------------------------------------ references
using F64Array = py::array_t<double, py::array::forcecast>;

template <class F>
py::array_t<double> MapReference(const F64Array& x, const F& f) {
  const F64Array c = F64Array::ensure(x);
  py::array_t<double> y(ShapeOf(c));
  const double* in = c.data();
  double* o = y.mutable_data();
  const ssize_t n = c.size();
  {
    KernelScope scope;
    for (ssize_t i = 0; i < n; ++i) o[i] = f(in[i]);
  }
  return y;
}

template <class F>
py::array_t<double> MapReference2(const F64Array& a, const F64Array& b,
                                  const F& f) {
  const F64Array ca = F64Array::ensure(a), cb = F64Array::ensure(b);
  if (ShapeOf(ca) != ShapeOf(cb)) {
    throw py::value_error("reference: the two inputs differ in shape");
  }
  py::array_t<double> y(ShapeOf(ca));
  const double* pa = ca.data();
  const double* pb = cb.data();
  double* o = y.mutable_data();
  const ssize_t n = ca.size();
  KernelScope scope;
  for (ssize_t i = 0; i < n; ++i) o[i] = f(pa[i], pb[i]);
  return y;
}

// ------------------------------------------------------------ gated
// Element types erased (float, or 16-bit storage), as for the softmax rows.
using GatedFwdFn = actkern_status (*)(const void* gate, size_t gs,
                                      const void* up, size_t us, void* y,
                                      size_t ys, size_t rows, size_t cols,
                                      const float* p);
using GatedBwdFn = actkern_status (*)(const void* gate, size_t gs,
                                      const void* up, size_t us, const void* dy,
                                      size_t dys, void* d_gate, size_t dgs,
                                      void* d_up, size_t dus, size_t rows,
                                      size_t cols, const float* p);
struct GatedKernel {
  const char* name;
  GatedFwdFn f32, fast_f32;  // fast_f32: nullptr without a fast tier
  GatedBwdFn backward;
  GatedFwdFn bf16, f16;  // one tier (correctly rounded)
  GatedBwdFn backward_bf16, backward_f16;
};

// Two operands of one type: the second array's type must be the first's.
void SameTypeAs(const py::array& a, const py::array& b, const std::string& fn,
                const char* a_name, const char* b_name) {
  if (!SameType(a.dtype(), b.dtype())) {
    throw py::type_error(fn + ": " + b_name + " has dtype " +
                         DtypeString(b.dtype()) + ", " + a_name + " " +
                         DtypeString(a.dtype()));
  }
}

// The one-tensor layout (F.glu's): x of shape (..., 2 cols) holds up in
// its first half and the gate in its second, both with x's row stride.
void SplitHalves(const Matrix& x, const std::string& fn, Matrix* gate,
                 Matrix* up) {
  if (x.cols % 2 != 0) {
    throw py::value_error(fn +
                          ": the one-tensor form needs an even last "
                          "axis (up, then gate)");
  }
  *up = x;
  up->cols = x.cols / 2;
  *gate = *up;
  gate->data = x.data + up->cols * x.item;
}

py::object RunGated(const GatedKernel& k, const py::object& gate_obj,
                    const py::object& up_obj, const float* p,
                    const py::object& out, bool fast,
                    const py::object& dtype_arg) {
  if (fast && k.fast_f32 == nullptr) {
    throw py::value_error(std::string(k.name) + " has no fast tier");
  }
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  const bool halves = up_obj.is_none();
  Type t;
  py::array gate =
      AsRowInput(gate_obj, requested, k.name, halves ? "x" : "gate", &t);
  const std::string entry = EntryName(k.name, "", t, fast);
  py::array up = gate;
  if (!halves) {
    up = AsArray(up_obj, t, entry);
    ArrayType(up, t, entry, "up");
    SameTypeAs(gate, up, entry, "gate", "up");
  }
  std::vector<ssize_t> shape = ShapeOf(gate);
  if (!halves && ShapeOf(up) != shape) {
    throw py::value_error(entry + ": up has shape " + ShapeString(ShapeOf(up)) +
                          ", gate " + ShapeString(shape));
  }
  if (shape.empty()) throw py::value_error(entry + ": needs at least 1 axis");
  if (halves) {
    if (shape.back() % 2 != 0) {
      throw py::value_error(entry +
                            ": the one-tensor form needs an even last "
                            "axis (up, then gate)");
    }
    shape.back() /= 2;
  }
  const ssize_t last = gate.ndim() - 1;
  Output o = PrepareOutput(out, gate.dtype(), shape, last, entry);
  if (o.provided) {
    CheckOverlap(entry, o.result.cast<py::array>(),
                 {{&gate, !halves}, {&up, !halves}});
  }
  Matrix g, u;
  Input gi = PrepareInput(gate, last);
  Input ui = gi;
  if (halves) {
    SplitHalves(gi.m, entry, &g, &u);
  } else {
    ui = PrepareInput(up, last);
    g = gi.m;
    u = ui.m;
  }
  const GatedFwdFn fn = t == Type::kF32    ? (fast ? k.fast_f32 : k.f32)
                        : t == Type::kBf16 ? k.bf16
                                           : k.f16;
  actkern_status s;
  {
    KernelScope scope;
    s = fn(g.data, g.stride, u.data, u.stride, o.m.data, o.m.stride, o.m.rows,
           o.m.cols, p);
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

py::object RunGatedBackward(const GatedKernel& k, const py::object& gate_obj,
                            const py::object& up_obj, const py::object& dy_obj,
                            const float* p, const py::object& d_gate_out,
                            const py::object& d_up_out, const py::object& out,
                            const py::object& dtype_arg) {
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  const bool halves = up_obj.is_none();
  const std::string fn_name = std::string(k.name) + "_backward";
  Type t;
  py::array gate =
      AsRowInput(gate_obj, requested, fn_name, halves ? "x" : "gate", &t);
  const std::string entry = EntryName(k.name, "_backward", t, false);
  py::array up = gate;
  if (!halves) {
    up = AsArray(up_obj, t, entry);
    ArrayType(up, t, entry, "up");
    SameTypeAs(gate, up, entry, "gate", "up");
  }
  py::array dy = AsArray(dy_obj, t, entry);
  ArrayType(dy, t, entry, "dy");
  SameTypeAs(gate, dy, entry, "gate", "dy");
  const GatedBwdFn bwd = t == Type::kF32    ? k.backward
                         : t == Type::kBf16 ? k.backward_bf16
                                            : k.backward_f16;
  std::vector<ssize_t> shape = ShapeOf(gate);
  if (shape.empty()) throw py::value_error(entry + ": needs at least 1 axis");
  if (!halves && ShapeOf(up) != shape) {
    throw py::value_error(entry + ": up has shape " + ShapeString(ShapeOf(up)) +
                          ", gate " + ShapeString(shape));
  }
  std::vector<ssize_t> half = shape;
  if (halves) {
    if (shape.back() % 2 != 0) {
      throw py::value_error(entry +
                            ": the one-tensor form needs an even last "
                            "axis (up, then gate)");
    }
    half.back() /= 2;
    if (!d_gate_out.is_none() || !d_up_out.is_none()) {
      throw py::type_error(entry +
                           ": the one-tensor form writes out=, not "
                           "d_gate= / d_up=");
    }
  } else if (!out.is_none()) {
    throw py::type_error(entry +
                         ": out= is the one-tensor form's; pass "
                         "d_gate= and d_up=");
  }
  if (ShapeOf(dy) != half) {
    throw py::value_error(entry + ": dy has shape " + ShapeString(ShapeOf(dy)) +
                          ", expected " + ShapeString(half));
  }
  const ssize_t last = gate.ndim() - 1;
  const Input gi = PrepareInput(gate, last);
  Input ui = gi;
  if (!halves) ui = PrepareInput(up, last);
  const Input di = PrepareInput(dy, last);
  Matrix g = gi.m, u = ui.m;
  if (halves) SplitHalves(gi.m, entry, &g, &u);
  actkern_status s;
  if (!halves) {
    Output dg =
        PrepareOutput(d_gate_out, gate.dtype(), shape, last, entry, "d_gate");
    Output du =
        PrepareOutput(d_up_out, gate.dtype(), shape, last, entry, "d_up");
    if (dg.provided) {
      CheckOverlap(entry, dg.result.cast<py::array>(),
                   {{&gate, true}, {&up, false}, {&dy, false}});
    }
    if (du.provided) {
      CheckOverlap(entry, du.result.cast<py::array>(),
                   {{&gate, false}, {&up, true}, {&dy, true}});
    }
    if (dg.provided && du.provided) {
      const py::array a = dg.result.cast<py::array>();
      CheckOverlap(entry, du.result.cast<py::array>(), {{&a, false}});
    }
    {
      KernelScope scope;
      s = bwd(g.data, g.stride, u.data, u.stride, di.m.data, di.m.stride,
              dg.m.data, dg.m.stride, du.m.data, du.m.stride, dg.m.rows,
              dg.m.cols, p);
    }
    Check(entry, s);
    dg.Finish();
    du.Finish();
    return py::make_tuple(dg.result, du.result);
  }
  // One tensor: dx = [d_up | d_gate], row by row (the two halves of a
  // matrix interleave, which the C API counts as overlap for a whole-matrix
  // call; per row they are disjoint).
  Output dx = PrepareOutput(out, gate.dtype(), shape, last, entry);
  if (dx.provided) {
    CheckOverlap(entry, dx.result.cast<py::array>(),
                 {{&gate, false}, {&dy, false}});
  }
  Matrix dg, du;
  SplitHalves(dx.m, entry, &dg, &du);
  {
    KernelScope scope;
    // rows = 0 first: the parameter check of the error order.
    s = bwd(nullptr, 1, nullptr, 1, nullptr, 1, nullptr, 1, nullptr, 1, 0,
            u.cols, p);
    for (size_t r = 0; s == ACTKERN_OK && r < u.rows; ++r) {
      s = bwd(g.Row(r), g.cols, u.Row(r), u.cols, di.m.Row(r), di.m.cols,
              dg.Row(r), dg.cols, du.Row(r), du.cols, 1, u.cols, p);
    }
  }
  Check(entry, s);
  dx.Finish();
  return dx.result;
}

// ------------------------------------------------------------ softmax
// The row functions with their element type erased, so one driver serves
// float32 and both 16-bit types.
using SoftmaxFn = actkern_status (*)(const void*, size_t, void*, size_t, size_t,
                                     size_t, float);
using SoftmaxBwdFn = actkern_status (*)(const void*, size_t, const void*,
                                        size_t, void*, size_t, size_t, size_t);

template <class T, actkern_status (*Fn)(const T*, size_t, T*, size_t, size_t,
                                        size_t, float)>
actkern_status ErasedSoftmax(const void* x, size_t xs, void* y, size_t ys,
                             size_t rows, size_t cols, float scale) {
  return Fn(static_cast<const T*>(x), xs, static_cast<T*>(y), ys, rows, cols,
            scale);
}
template <class T, actkern_status (*Fn)(const T*, size_t, const T*, size_t, T*,
                                        size_t, size_t, size_t)>
actkern_status ErasedSoftmaxBwd(const void* y, size_t ys, const void* dy,
                                size_t dys, void* dx, size_t dxs, size_t rows,
                                size_t cols) {
  return Fn(static_cast<const T*>(y), ys, static_cast<const T*>(dy), dys,
            static_cast<T*>(dx), dxs, rows, cols);
}

// One softmax-family function in every type it has. The 16-bit forms have
// one tier (correctly rounded within 0.51 ULP, computed on the fast float
// core), so fast= changes nothing for them, as for the elementwise kernels.
template <class Fn>
struct RowKernel {
  const char* name;  // "softmax": entries actkern_softmax_{f32,fast_f32,...}
  Fn f32, fast_f32, bf16, f16;  // fast_f32: nullptr without a fast tier
  Fn Pick(Type t, bool fast) const {
    return t == Type::kF32    ? (fast ? fast_f32 : f32)
           : t == Type::kBf16 ? bf16
                              : f16;
  }
};

const RowKernel<SoftmaxFn> kSoftmax = {
    "softmax", &ErasedSoftmax<float, actkern_softmax_f32>,
    &ErasedSoftmax<float, actkern_softmax_fast_f32>,
    &ErasedSoftmax<uint16_t, actkern_softmax_bf16>,
    &ErasedSoftmax<uint16_t, actkern_softmax_f16>};
const RowKernel<SoftmaxFn> kLogSoftmax = {
    "log_softmax", &ErasedSoftmax<float, actkern_log_softmax_f32>,
    &ErasedSoftmax<float, actkern_log_softmax_fast_f32>,
    &ErasedSoftmax<uint16_t, actkern_log_softmax_bf16>,
    &ErasedSoftmax<uint16_t, actkern_log_softmax_f16>};
const RowKernel<SoftmaxBwdFn> kSoftmaxBackward = {
    "softmax_backward", &ErasedSoftmaxBwd<float, actkern_softmax_backward_f32>,
    nullptr, &ErasedSoftmaxBwd<uint16_t, actkern_softmax_backward_bf16>,
    &ErasedSoftmaxBwd<uint16_t, actkern_softmax_backward_f16>};
const RowKernel<SoftmaxBwdFn> kLogSoftmaxBackward = {
    "log_softmax_backward",
    &ErasedSoftmaxBwd<float, actkern_log_softmax_backward_f32>, nullptr,
    &ErasedSoftmaxBwd<uint16_t, actkern_log_softmax_backward_bf16>,
    &ErasedSoftmaxBwd<uint16_t, actkern_log_softmax_backward_f16>};

py::object RunSoftmax(const RowKernel<SoftmaxFn>& k, const py::object& x_obj,
                      ssize_t axis, float scale, bool fast,
                      const py::object& out, const py::object& dtype_arg) {
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  Type t;
  py::array x = AsRowInput(x_obj, requested, k.name, "x", &t);
  const std::string entry = EntryName(k.name, "", t, fast);
  if (x.ndim() == 0) throw py::value_error(entry + ": x is 0-d");
  axis = NormalizeAxis(axis, x.ndim(), entry);
  Output o = PrepareOutput(out, x.dtype(), ShapeOf(x), axis, entry);
  if (o.provided) CheckOverlap(entry, o.result.cast<py::array>(), {{&x, true}});
  const Input in = PrepareInput(x, axis);
  const SoftmaxFn fn = k.Pick(t, fast);
  actkern_status s;
  {
    KernelScope scope;
    s = fn(in.m.data, in.m.stride, o.m.data, o.m.stride, o.m.rows, o.m.cols,
           scale);
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

py::object RunSoftmaxBackward(const RowKernel<SoftmaxBwdFn>& k,
                              const py::object& y_obj, const py::object& dy_obj,
                              ssize_t axis, const py::object& out,
                              const py::object& dtype_arg) {
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  Type t;
  py::array y = AsRowInput(y_obj, requested, k.name, "y", &t);
  const std::string entry = EntryName(k.name, "", t, false);
  py::array dy = AsArray(dy_obj, t, entry);
  ArrayType(dy, t, entry, "dy");
  if (!SameType(dy.dtype(), y.dtype())) {
    throw py::type_error(entry + ": dy has dtype " + DtypeString(dy.dtype()) +
                         ", y " + DtypeString(y.dtype()));
  }
  if (y.ndim() == 0) throw py::value_error(entry + ": y is 0-d");
  if (ShapeOf(dy) != ShapeOf(y)) {
    throw py::value_error(entry + ": dy has shape " + ShapeString(ShapeOf(dy)) +
                          ", y " + ShapeString(ShapeOf(y)));
  }
  axis = NormalizeAxis(axis, y.ndim(), entry);
  Output o = PrepareOutput(out, y.dtype(), ShapeOf(y), axis, entry);
  if (o.provided) {
    CheckOverlap(entry, o.result.cast<py::array>(), {{&y, true}, {&dy, true}});
  }
  const Input a = PrepareInput(y, axis);
  const Input b = PrepareInput(dy, axis);
  const SoftmaxBwdFn fn = k.Pick(t, false);
  actkern_status s;
  {
    KernelScope scope;
    s = fn(a.m.data, a.m.stride, b.m.data, b.m.stride, o.m.data, o.m.stride,
           o.m.rows, o.m.cols);
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

using MaskedFn = actkern_status (*)(const float*, size_t, float*, size_t,
                                    size_t, size_t, float, const int64_t*,
                                    int32_t, int64_t);

// Masked softmax rows of x (..., rows, cols), the mask on the last axis:
// lengths (x.shape[:-1], int64, or None) and the causal limit, whose row
// index counts within each (rows, cols) matrix, so each matrix of the
// leading dimensions is one call.
py::object RunSoftmaxMasked(const char* entry, MaskedFn fn,
                            const py::object& x_obj,
                            const py::object& lengths_obj, bool causal,
                            int64_t causal_offset, float scale,
                            const py::object& out) {
  py::array x = AsF32(x_obj, entry, "x");
  if (x.ndim() == 0) throw py::value_error(std::string(entry) + ": x is 0-d");
  const std::vector<ssize_t> shape = ShapeOf(x);
  const size_t cols = static_cast<size_t>(shape.back());
  const size_t rows_per =
      x.ndim() >= 2 ? static_cast<size_t>(shape[shape.size() - 2]) : 1;
  py::array_t<int64_t, py::array::c_style | py::array::forcecast> lengths;
  const bool have_lengths = !lengths_obj.is_none();
  if (have_lengths) {
    lengths = py::array_t<int64_t, py::array::c_style | py::array::forcecast>(
        lengths_obj);
    const std::vector<ssize_t> row_shape(shape.begin(), shape.end() - 1);
    if (ShapeOf(lengths) != row_shape) {
      throw py::value_error(std::string(entry) + ": lengths has shape " +
                            ShapeString(ShapeOf(lengths)) + ", expected " +
                            ShapeString(row_shape));
    }
  }
  Output o = PrepareOutput(out, x.dtype(), shape, x.ndim() - 1, entry);
  if (o.provided) CheckOverlap(entry, o.result.cast<py::array>(), {{&x, true}});
  const Input in = PrepareInput(x, x.ndim() - 1);
  const size_t rows = in.m.rows;
  const size_t matrices = rows_per == 0 ? 0 : rows / rows_per;
  actkern_status s = ACTKERN_OK;
  {
    KernelScope scope;
    if (matrices <= 1 || !causal) {
      s = fn(F(in.m), in.m.stride, FMut(o.m), o.m.stride, rows, cols, scale,
             have_lengths ? lengths.data() : nullptr, causal ? 1 : 0,
             causal_offset);
    } else {
      // The C contract's error order across the matrices too: the
      // parameters (a call of no rows checks them), then every length,
      // before anything is written.
      s = fn(F(in.m), in.m.stride, FMut(o.m), o.m.stride, 0, cols, scale,
             nullptr, 1, causal_offset);
      for (size_t r = 0; s == ACTKERN_OK && have_lengths && r < rows; ++r) {
        const int64_t l = lengths.data()[r];
        if (l < 0 || static_cast<uint64_t>(l) > cols) {
          s = ACTKERN_ERROR_LENGTH_OUT_OF_RANGE;
        }
      }
      for (size_t b = 0; s == ACTKERN_OK && b < matrices; ++b) {
        s = fn(F(in.m) + b * rows_per * in.m.stride, in.m.stride,
               FMut(o.m) + b * rows_per * o.m.stride, o.m.stride, rows_per,
               cols, scale,
               have_lengths ? lengths.data() + b * rows_per : nullptr, 1,
               causal_offset);
      }
    }
  }
  Check(entry, s);
  o.Finish();
  return o.result;
}

// logsumexp of scale * x along axis: an array of x's shape without it.
py::object RunLogSumExp(const py::object& x_obj, ssize_t axis, float scale) {
  const char* entry = "actkern_logsumexp_f32";
  py::array x = AsF32(x_obj, entry, "x");
  if (x.ndim() == 0) throw py::value_error(std::string(entry) + ": x is 0-d");
  axis = NormalizeAxis(axis, x.ndim(), entry);
  std::vector<ssize_t> row_shape = ShapeOf(x);
  row_shape.erase(row_shape.begin() + axis);
  const Input in = PrepareInput(x, axis);
  py::array_t<float> result(static_cast<ssize_t>(in.m.rows));
  actkern_status s;
  {
    KernelScope scope;
    s = actkern_logsumexp_f32(F(in.m), in.m.stride, result.mutable_data(),
                              in.m.rows, in.m.cols, scale);
  }
  Check(entry, s);
  return result.attr("reshape")(row_shape);
}

actkern_reduction ParseReduction(const std::string& r, const std::string& fn) {
  if (r == "none") return ACTKERN_REDUCTION_NONE;
  if (r == "mean") return ACTKERN_REDUCTION_MEAN;
  if (r == "sum") return ACTKERN_REDUCTION_SUM;
  throw py::value_error(
      fn + ": reduction must be 'none', 'mean' or 'sum', not '" + r + "'");
}

// The loss as the caller sees it: rows' losses in the labels' shape, or a
// NumPy float32 scalar.
py::object LossResult(py::array_t<float>& loss, actkern_reduction red,
                      const std::vector<ssize_t>& row_shape) {
  if (red == ACTKERN_REDUCTION_NONE) return loss.attr("reshape")(row_shape);
  return loss.attr("__getitem__")(0);
}

using CrossEntropyFn = actkern_status (*)(const void*, size_t, const int32_t*,
                                          float*, void*, size_t, size_t, size_t,
                                          int32_t, float, actkern_reduction);
template <class T, actkern_status (*Fn)(const T*, size_t, const int32_t*,
                                        float*, T*, size_t, size_t, size_t,
                                        int32_t, float, actkern_reduction)>
actkern_status ErasedCrossEntropy(const void* z, size_t zs, const int32_t* l,
                                  float* loss, void* g, size_t gs, size_t rows,
                                  size_t cols, int32_t ignore, float eps,
                                  actkern_reduction red) {
  return Fn(static_cast<const T*>(z), zs, l, loss, static_cast<T*>(g), gs, rows,
            cols, ignore, eps, red);
}
const RowKernel<CrossEntropyFn> kCrossEntropy = {
    "softmax_cross_entropy",
    &ErasedCrossEntropy<float, actkern_softmax_cross_entropy_f32>,
    &ErasedCrossEntropy<float, actkern_softmax_cross_entropy_fast_f32>,
    &ErasedCrossEntropy<uint16_t, actkern_softmax_cross_entropy_bf16>,
    &ErasedCrossEntropy<uint16_t, actkern_softmax_cross_entropy_f16>};

py::object RunCrossEntropy(bool fast, const py::object& logits_obj,
                           const py::object& labels_obj, int32_t ignore_index,
                           float label_smoothing, const std::string& reduction,
                           bool want_grad, const py::object& dtype_arg) {
  const std::optional<Type> requested = ParseTypeArg(dtype_arg);
  Type t;
  py::array logits =
      AsRowInput(logits_obj, requested, kCrossEntropy.name, "logits", &t);
  const std::string entry_name = EntryName(kCrossEntropy.name, "", t, fast);
  const char* entry = entry_name.c_str();
  if (logits.ndim() == 0) {
    throw py::value_error(std::string(entry) + ": logits is 0-d");
  }
  const actkern_reduction red = ParseReduction(reduction, entry);
  std::vector<ssize_t> row_shape = ShapeOf(logits);
  row_shape.pop_back();
  py::array labels_any =
      py::isinstance<py::array>(labels_obj)
          ? labels_obj.cast<py::array>()
          : Numpy().attr("asarray")(labels_obj).cast<py::array>();
  const char kind = labels_any.dtype().kind();
  if (kind != 'i' && kind != 'u') {
    throw py::type_error(std::string(entry) +
                         ": labels must be integers, not " +
                         DtypeString(labels_any.dtype()));
  }
  if (ShapeOf(labels_any) != row_shape) {
    throw py::value_error(std::string(entry) + ": labels have shape " +
                          ShapeString(ShapeOf(labels_any)) + ", expected " +
                          ShapeString(row_shape));
  }
  // int32 labels for the C API; a value that int32 cannot hold is out of
  // range whatever cols is (and must not wrap into range).
  if (labels_any.size() > 0 && labels_any.itemsize() >= 4 &&
      !(kind == 'i' && labels_any.itemsize() == 4)) {
    const py::object lo = labels_any.attr("min")();
    const py::object hi = labels_any.attr("max")();
    if (lo.cast<double>() < INT32_MIN || hi.cast<double>() > INT32_MAX) {
      throw StatusError(entry, ACTKERN_ERROR_LABEL_OUT_OF_RANGE);
    }
  }
  const py::array_t<int32_t> labels =
      py::array_t<int32_t, py::array::c_style | py::array::forcecast>::ensure(
          labels_any);
  const Input in = PrepareInput(logits, logits.ndim() - 1);
  const size_t rows = in.m.rows, cols = in.m.cols;
  py::array_t<float> loss(
      static_cast<ssize_t>(red == ACTKERN_REDUCTION_NONE ? rows : 1));
  py::object grad_result = py::none();
  Output grad;
  if (want_grad) {
    grad = PrepareOutput(py::none(), logits.dtype(), ShapeOf(logits),
                         logits.ndim() - 1, entry);
    grad_result = grad.result;
  }
  const CrossEntropyFn ce = kCrossEntropy.Pick(t, fast);
  actkern_status s;
  {
    KernelScope scope;
    s = ce(in.m.data, in.m.stride, labels.data(), loss.mutable_data(),
           want_grad ? static_cast<void*>(grad.m.data) : nullptr,
           want_grad ? grad.m.stride : cols, rows, cols, ignore_index,
           label_smoothing, red);
  }
  Check(entry, s);
  py::object l = LossResult(loss, red, row_shape);
  if (want_grad) return py::make_tuple(l, grad_result);
  return l;
}

py::object RunCrossEntropySoft(bool fast, const py::object& logits_obj,
                               const py::object& targets_obj,
                               float label_smoothing,
                               const std::string& reduction, bool want_grad) {
  const char* entry = fast ? "actkern_softmax_cross_entropy_soft_fast_f32"
                           : "actkern_softmax_cross_entropy_soft_f32";
  py::array logits = AsF32(logits_obj, entry, "logits");
  py::array targets = AsF32(targets_obj, entry, "targets");
  if (logits.ndim() == 0) {
    throw py::value_error(std::string(entry) + ": logits is 0-d");
  }
  if (ShapeOf(targets) != ShapeOf(logits)) {
    throw py::value_error(std::string(entry) + ": targets have shape " +
                          ShapeString(ShapeOf(targets)) + ", logits " +
                          ShapeString(ShapeOf(logits)));
  }
  const actkern_reduction red = ParseReduction(reduction, entry);
  std::vector<ssize_t> row_shape = ShapeOf(logits);
  row_shape.pop_back();
  const ssize_t last = logits.ndim() - 1;
  const Input in = PrepareInput(logits, last);
  const Input t = PrepareInput(targets, last);
  const size_t rows = in.m.rows, cols = in.m.cols;
  py::array_t<float> loss(
      static_cast<ssize_t>(red == ACTKERN_REDUCTION_NONE ? rows : 1));
  py::object grad_result = py::none();
  Output grad;
  if (want_grad) {
    grad =
        PrepareOutput(py::none(), logits.dtype(), ShapeOf(logits), last, entry);
    grad_result = grad.result;
  }
  const auto ce = fast ? &actkern_softmax_cross_entropy_soft_fast_f32
                       : &actkern_softmax_cross_entropy_soft_f32;
  actkern_status s;
  {
    KernelScope scope;
    s = ce(F(in.m), in.m.stride, F(t.m), t.m.stride, loss.mutable_data(),
           want_grad ? FMut(grad.m) : nullptr, want_grad ? grad.m.stride : cols,
           rows, cols, label_smoothing, red);
  }
  Check(entry, s);
  py::object l = LossResult(loss, red, row_shape);
  if (want_grad) return py::make_tuple(l, grad_result);
  return l;
}

// Row references: x of shape (..., n) float32, one reference row per row.
template <class RowFn>
py::array_t<double> RowReference(const py::object& x_obj, const RowFn& row) {
  const auto x =
      py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(
          x_obj);
  if (!x || x.ndim() == 0)
    throw py::value_error("reference: x must be an array");
  py::array_t<double> y(ShapeOf(x));
  size_t rows, cols;
  RowsCols(x, &rows, &cols);
  KernelScope scope;
  for (size_t r = 0; r < rows; ++r) {
    row(x.data() + r * cols, cols, y.mutable_data() + r * cols);
  }
  return y;
}

template <class RowFn>
py::array_t<double> RowReference2(const py::object& a_obj,
                                  const py::object& b_obj, const RowFn& row) {
  using A = py::array_t<float, py::array::c_style | py::array::forcecast>;
  const auto a = A::ensure(a_obj), b = A::ensure(b_obj);
  if (!a || !b || a.ndim() == 0 || ShapeOf(a) != ShapeOf(b)) {
    throw py::value_error("reference: two arrays of one shape");
  }
  py::array_t<double> y(ShapeOf(a));
  size_t rows, cols;
  RowsCols(a, &rows, &cols);
  KernelScope scope;
  for (size_t r = 0; r < rows; ++r) {
    row(a.data() + r * cols, b.data() + r * cols, cols,
        y.mutable_data() + r * cols);
  }
  return y;
}

// ------------------------------------------------------------ 16-bit
using U16Array = py::array_t<uint16_t, py::array::c_style>;

py::array_t<uint16_t> HalfFromDouble(const py::object& x_obj, bool bf16);

py::array_t<uint16_t> ToHalf(const py::object& x_obj, bool bf16) {
  // float64 in: rounded once, from the double (never through float).
  if (py::isinstance<py::array>(x_obj) &&
      x_obj.cast<py::array>().dtype().kind() == 'f' &&
      x_obj.cast<py::array>().itemsize() == 8) {
    return HalfFromDouble(x_obj, bf16);
  }
  const auto x =
      py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(
          x_obj);
  if (!x) throw py::type_error("expected a float array");
  py::array_t<uint16_t> y(ShapeOf(x));
  const size_t n = static_cast<size_t>(x.size());
  KernelScope scope;
  const actkern_status s =
      bf16 ? actkern_f32_to_bf16_array(x.data(), y.mutable_data(), n)
           : actkern_f32_to_f16_array(x.data(), y.mutable_data(), n);
  Check(bf16 ? "actkern_f32_to_bf16_array" : "actkern_f32_to_f16_array", s);
  return y;
}

// 16-bit bit patterns (uint16 or int16, or float16 for binary16) as uint16.
py::array_t<uint16_t> HalfBits(const py::object& x_obj, const char* fn) {
  if (!py::isinstance<py::array>(x_obj)) {
    throw py::type_error(std::string(fn) + ": expected a 16-bit ndarray");
  }
  py::array x = x_obj.cast<py::array>();
  if (x.itemsize() != 2 || !IsNative(x) ||
      (x.dtype().kind() != 'u' && x.dtype().kind() != 'i' &&
       x.dtype().kind() != 'f')) {
    throw py::type_error(std::string(fn) +
                         ": expected uint16, int16 or "
                         "float16, not " +
                         DtypeString(x.dtype()));
  }
  x = Numpy().attr("ascontiguousarray")(x).cast<py::array>();
  return x.attr("view")("uint16").cast<py::array_t<uint16_t>>();
}

py::array_t<float> FromHalf(const py::object& x_obj, bool bf16) {
  const py::array_t<uint16_t> x =
      HalfBits(x_obj, bf16 ? "from_bf16" : "from_f16");
  py::array_t<float> y(ShapeOf(x));
  const size_t n = static_cast<size_t>(x.size());
  KernelScope scope;
  const actkern_status s =
      bf16 ? actkern_bf16_to_f32_array(x.data(), y.mutable_data(), n)
           : actkern_f16_to_f32_array(x.data(), y.mutable_data(), n);
  Check(bf16 ? "actkern_bf16_to_f32_array" : "actkern_f16_to_f32_array", s);
  return y;
}

py::array_t<uint16_t> HalfFromDouble(const py::object& x_obj, bool bf16) {
  const F64Array x = F64Array::ensure(x_obj);
  if (!x) throw py::type_error("expected a float array");
  py::array_t<uint16_t> y(ShapeOf(x));
  const double* in = x.data();
  uint16_t* o = y.mutable_data();
  KernelScope scope;
  for (ssize_t i = 0; i < x.size(); ++i) {
    o[i] =
        bf16 ? actkern_bf16_from_double(in[i]) : actkern_f16_from_double(in[i]);
  }
  return y;
}

py::array_t<double> HalfUlpError(const py::object& y_obj, const F64Array& r_obj,
                                 bool bf16) {
  const py::array_t<uint16_t> y = HalfBits(y_obj, "ulp_error");
  const F64Array r = F64Array::ensure(r_obj);
  if (ShapeOf(y) != ShapeOf(r))
    throw py::value_error("ulp_error: shapes differ");
  py::array_t<double> e(ShapeOf(y));
  KernelScope scope;
  for (ssize_t i = 0; i < y.size(); ++i) {
    e.mutable_data()[i] = bf16
                              ? actkern_ulp_error_bf16(y.data()[i], r.data()[i])
                              : actkern_ulp_error_f16(y.data()[i], r.data()[i]);
  }
  return e;
}

py::dict InfoDict(const KernelInfo& i, const char* contract) {
  py::dict d;
  d["name"] = i.kernel;
  d["params"] = py::tuple(py::cast(i.param_names));
  py::list defaults;
  for (const OptionalFloat& f : i.param_defaults) {
    defaults.append(f.set ? py::object(py::float_(f.value))
                          : py::object(py::none()));
  }
  d["defaults"] = py::tuple(defaults);
  d["bound"] = i.max_ulp;
  d["fast_bound"] =
      i.has_fast ? py::object(py::float_(i.fast_bound)) : py::none();
  d["backward_input"] = i.backward_input.empty() ? py::object(py::none())
                                                 : py::str(i.backward_input);
  d["backward_bound"] = i.backward_input.empty()
                            ? py::object(py::none())
                            : py::object(py::float_(i.backward_bound));
  d["abs_terms"] = i.has_abs_terms;
  d["note"] = i.summary;
  d["contract"] = contract;
  py::list variants;
  for (const auto& v : i.catalogued) {
    variants.append(py::make_tuple(v.first, py::tuple(py::cast(v.second))));
  }
  d["variants"] = variants;
  return d;
}

}  // namespace
}  // namespace actkern_python

// A gated row's forward and backward entry points of one storage type T
// (suffix f32, bf16 or f16), their element types erased.
#define ACTKERN_PY_GATED_FNS(name, suffix, T, np)                              \
  static actkern_status Fwd_##suffix(                                          \
      const void* g, size_t gs, const void* u, size_t us, void* y, size_t ys,  \
      size_t rows, size_t cols, [[maybe_unused]] const float* p) {             \
    return actkern_##name##_##suffix(static_cast<const T*>(g), gs,             \
                                     static_cast<const T*>(u), us,             \
                                     static_cast<T*>(y), ys, rows,             \
                                     cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p)); \
  }                                                                            \
  static actkern_status Bwd_##suffix(                                          \
      const void* g, size_t gs, const void* u, size_t us, const void* dy,      \
      size_t dys, void* dg, size_t dgs, void* du, size_t dus, size_t rows,     \
      size_t cols, [[maybe_unused]] const float* p) {                          \
    return actkern_##name##_backward_##suffix(                                 \
        static_cast<const T*>(g), gs, static_cast<const T*>(u), us,            \
        static_cast<const T*>(dy), dys, static_cast<T*>(dg), dgs,              \
        static_cast<T*>(du), dus, rows,                                        \
        cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                              \
  }

PYBIND11_MODULE(_actkern, m) {
  using namespace actkern_python;  // NOLINT: the module's own namespace
  m.doc() =
      "actkern's kernels over NumPy arrays (the C API of include/actkern/). "
      "See docs/python.md.";
  py::register_exception<StatusError>(m, "Error", PyExc_ValueError);
  py::module_ ref = m.def_submodule(
      "_reference", "Double references of include/actkern/reference.h.");

  // ---- elementwise rows
  {
#define ACTKERN_TABLE_ALL
#include "actkern/kernel_table.def"  // expansion 2 (ACTKERN_KERNEL above)
  } py::list infos;
  for (const KernelInfo& i : Infos()) {
    infos.append(InfoDict(i, Contract(i.kernel.c_str(), false)));
  }
  m.attr("KERNELS") = infos;

  // ---- gated rows
  py::list gated;
#define ACTKERN_GATED(name, Cxx, act, np, params, defaults, valid, input,     \
                      fast)                                                   \
  {                                                                           \
    struct Fns {                                                              \
      ACTKERN_PY_GATED_FNS(name, f32, float, np)                              \
      ACTKERN_PY_GATED_FNS(name, bf16, uint16_t, np)                          \
      ACTKERN_PY_GATED_FNS(name, f16, uint16_t, np)                           \
      ACTKERN_KT_IF_GATED_FAST_##fast(static actkern_status FastFwd(          \
          const void* g, size_t gs, const void* u, size_t us, void* y,        \
          size_t ys, size_t rows, size_t cols,                                \
          [[maybe_unused]] const float* p) {                                  \
        return actkern_##name##_fast_f32(                                     \
            static_cast<const float*>(g), gs, static_cast<const float*>(u),   \
            us, static_cast<float*>(y), ys, rows,                             \
            cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                         \
      }) static GatedFwdFn FastFn() {                                         \
        ACTKERN_KT_IF_GATED_FAST_##fast(return &FastFwd;) return nullptr;     \
      }                                                                       \
    };                                                                        \
    static const GatedKernel kGated = {                                       \
        #name,          &Fns::Fwd_f32, Fns::FastFn(),  &Fns::Bwd_f32,         \
        &Fns::Fwd_bf16, &Fns::Fwd_f16, &Fns::Bwd_bf16, &Fns::Bwd_f16};        \
    const std::string contract = Contract(#name, true);                       \
    m.def(                                                                    \
        #name,                                                                \
        [](const py::object& gate,                                            \
           const py::object& up ACTKERN_KT_PARAM_DECLS(np, params),           \
           const py::object& out, bool use_fast, const py::object& dtype) {   \
          const auto p = ParamArray(0.0f ACTKERN_KT_PARAM_ARGS(np, params));  \
          return RunGated(kGated, gate, up, p.data(), out, use_fast, dtype);  \
        },                                                                    \
        Keep(#name "(gate, up): " + contract +                                \
             " y = act(gate) * up (" #act "), in one pass; "                  \
             "up=None takes one tensor x of shape (..., 2 cols), up in "      \
             "its first half and the gate in its second (F.glu's layout). "   \
             "float32: within 2B + 0.5 ULP, B the activation's bound "        \
             "(docs/kernels.md). float16, or bfloat16 bits with "             \
             "dtype='bfloat16': correctly rounded (fast= changes nothing)."), \
        py::arg("gate"),                                                      \
        py::arg("up") = py::none() ACTKERN_PY_ARGS(np, params, defaults),     \
        py::kw_only(), py::arg("out") = py::none(), py::arg("fast") = false,  \
        py::arg("dtype") = py::none());                                       \
    m.def(                                                                    \
        #name "_backward",                                                    \
        [](const py::object& gate, const py::object& up,                      \
           const py::object& dy ACTKERN_KT_PARAM_DECLS(np, params),           \
           const py::object& d_gate, const py::object& d_up,                  \
           const py::object& out, const py::object& dtype) {                  \
          const auto p = ParamArray(0.0f ACTKERN_KT_PARAM_ARGS(np, params));  \
          return RunGatedBackward(kGated, gate, up, dy, p.data(), d_gate,     \
                                  d_up, out, dtype);                          \
        },                                                                    \
        Keep("Gradients of " #name ": returns (d_gate, d_up), d_gate = dy * " \
             "up * act'(gate), d_up = dy * act(gate); with up=None (one "     \
             "tensor x) returns dx = [d_up | d_gate] in x's layout. 16-bit "  \
             "forms (dtype= as for the forward): d_up correctly rounded, "    \
             "d_gate within 1 ULP of the type."),                             \
        py::arg("gate"), py::arg("up"),                                       \
        py::arg("dy") ACTKERN_PY_ARGS(np, params, defaults), py::kw_only(),   \
        py::arg("d_gate") = py::none(), py::arg("d_up") = py::none(),         \
        py::arg("out") = py::none(), py::arg("dtype") = py::none());          \
    py::dict g;                                                               \
    g["name"] = #name;                                                        \
    g["act"] = #act;                                                          \
    g["params"] = py::tuple(py::cast(ACTKERN_PY_NAMES(np, params)));          \
    g["has_fast"] = Fns::FastFn() != nullptr;                                 \
    g["contract"] = contract;                                                 \
    gated.append(g);                                                          \
  }
#define ACTKERN_TABLE_GATED
#include "actkern/kernel_table.def"
  m.attr("GATED") = gated;

  // ---- softmax family
  m.def(
      "softmax",
      [](const py::object& x, ssize_t axis, float scale, bool fast,
         const py::object& out, const py::object& dtype) {
        return RunSoftmax(kSoftmax, x, axis, scale, fast, out, dtype);
      },
      "softmax(scale * x) along axis. float32: within 2 ULP of the double "
      "reference (fast=True: 4 ULP), rows sum to 1 within 2^-22. float16, "
      "or bfloat16 bits as uint16/int16 with dtype='bfloat16': within 0.51 "
      "ULP of that type (fast= changes nothing). A NaN makes its row NaN; k "
      "+inf entries get 1/k each; a row of all -inf gives 0 everywhere "
      "(PyTorch: NaN); finite logits never overflow. scale must be finite "
      "and non-zero. out may be x (in place).",
      py::arg("x"), py::arg("axis") = -1, py::arg("scale") = 1.0f,
      py::arg("fast") = false, py::arg("out") = py::none(),
      py::arg("dtype") = py::none());
  m.def(
      "log_softmax",
      [](const py::object& x, ssize_t axis, float scale, bool fast,
         const py::object& out, const py::object& dtype) {
        return RunSoftmax(kLogSoftmax, x, axis, scale, fast, out, dtype);
      },
      "log_softmax(scale * x) along axis. float32: within 2 ULP of the "
      "double reference (fast=True: 4 ULP). float16, or bfloat16 bits with "
      "dtype='bfloat16': within 0.51 ULP of that type. k +inf entries give "
      "-log k there and -inf elsewhere; a row of all -inf gives -inf "
      "everywhere (PyTorch: NaN). out may be x (in place).",
      py::arg("x"), py::arg("axis") = -1, py::arg("scale") = 1.0f,
      py::arg("fast") = false, py::arg("out") = py::none(),
      py::arg("dtype") = py::none());
  m.def(
      "softmax_masked",
      [](const py::object& x, const py::object& lengths, bool causal,
         int64_t causal_offset, float scale, bool log, bool fast,
         const py::object& out) {
        if (log) {
          return fast ? RunSoftmaxMasked("actkern_log_softmax_masked_fast_f32",
                                         &actkern_log_softmax_masked_fast_f32,
                                         x, lengths, causal, causal_offset,
                                         scale, out)
                      : RunSoftmaxMasked("actkern_log_softmax_masked_f32",
                                         &actkern_log_softmax_masked_f32, x,
                                         lengths, causal, causal_offset, scale,
                                         out);
        }
        return fast ? RunSoftmaxMasked("actkern_softmax_masked_fast_f32",
                                       &actkern_softmax_masked_fast_f32, x,
                                       lengths, causal, causal_offset, scale,
                                       out)
                    : RunSoftmaxMasked("actkern_softmax_masked_f32",
                                       &actkern_softmax_masked_f32, x, lengths,
                                       causal, causal_offset, scale, out);
      },
      "Masked softmax (log=True: log-softmax) of scale * x over the last "
      "axis, float32, without a mask tensor: row r of each (rows, cols) "
      "matrix uses its first min(lengths[..., r], r + causal_offset + 1 if "
      "causal) columns; those outputs are bit for bit the unmasked function "
      "of those columns, the rest exactly 0 (log: -inf); a fully masked row "
      "is 0 (log: -inf) everywhere. lengths: int64 of x.shape[:-1], each in "
      "[0, cols], or None.",
      py::arg("x"), py::arg("lengths") = py::none(), py::arg("causal") = false,
      py::arg("causal_offset") = 0, py::arg("scale") = 1.0f,
      py::arg("log") = false, py::arg("fast") = false,
      py::arg("out") = py::none());
  m.def(
      "logsumexp",
      [](const py::object& x, ssize_t axis, float scale) {
        return RunLogSumExp(x, axis, scale);
      },
      "log(sum(exp(scale * x))) along axis, float32: within 1.5 ULP of the "
      "double reference where |result| >= 2^-28, else 2^-50 absolute. A NaN "
      "gives NaN, any +inf gives +inf, a row of all -inf gives -inf.",
      py::arg("x"), py::arg("axis") = -1, py::arg("scale") = 1.0f);
  m.def(
      "softmax_backward",
      [](const py::object& y, const py::object& dy, ssize_t axis,
         const py::object& out, const py::object& dtype) {
        return RunSoftmaxBackward(kSoftmaxBackward, y, dy, axis, out, dtype);
      },
      "dx = y * (dy - sum(y * dy)) along axis, from y = softmax(x). float32: "
      "4 ULP, or 2^-21 |y| (|dy| + sum |y dy|). float16/bfloat16 (y, dy and "
      "dx in that type): within 1 ULP of the type of the double dx of the "
      "16-bit inputs, the same bits on every target. out may be y or dy.",
      py::arg("y"), py::arg("dy"), py::arg("axis") = -1, py::kw_only(),
      py::arg("out") = py::none(), py::arg("dtype") = py::none());
  m.def(
      "log_softmax_backward",
      [](const py::object& y, const py::object& dy, ssize_t axis,
         const py::object& out, const py::object& dtype) {
        return RunSoftmaxBackward(kLogSoftmaxBackward, y, dy, axis, out, dtype);
      },
      "dx = dy - exp(y) * sum(dy) along axis, from y = log_softmax(x). "
      "float32: 4 ULP, or 2^-21 (|dy| + e^y sum |dy|). float16/bfloat16: "
      "within 1 ULP of the type, as softmax_backward. out may be y or dy.",
      py::arg("y"), py::arg("dy"), py::arg("axis") = -1, py::kw_only(),
      py::arg("out") = py::none(), py::arg("dtype") = py::none());
  m.def(
      "softmax_cross_entropy",
      [](const py::object& logits, const py::object& labels,
         int32_t ignore_index, float label_smoothing,
         const std::string& reduction, bool grad, bool fast,
         const py::object& dtype) {
        return RunCrossEntropy(fast, logits, labels, ignore_index,
                               label_smoothing, reduction, grad, dtype);
      },
      "Fused softmax cross-entropy, hard labels: logits (..., C) float32 "
      "(classes on the last axis), labels (...) integers. loss_r = "
      "sum_c q_c (lse(z) - z_c), q = (1 - eps) onehot + eps / C (PyTorch's "
      "label smoothing). reduction 'none' | 'mean' (over rows whose label "
      "is not ignore_index; NaN if none) | 'sum'. Returns the loss (an "
      "array of labels' shape, or a float32 scalar), or (loss, grad) with "
      "grad=True: d loss / d logits. A label outside [0, C) other than "
      "ignore_index raises actkern.Error. Loss within 2 ULP (fast: 4). "
      "float16 logits, or bfloat16 bits with dtype='bfloat16': the loss is "
      "float32 (within 4 ULP), grad is in the logits' type, within 0.51 ULP "
      "of it without smoothing (plus 2^-20 (|p - q| + 2q) with smoothing).",
      py::arg("logits"), py::arg("labels"), py::arg("ignore_index") = -100,
      py::arg("label_smoothing") = 0.0f, py::arg("reduction") = "mean",
      py::arg("grad") = false, py::arg("fast") = false,
      py::arg("dtype") = py::none());
  m.def(
      "softmax_cross_entropy_soft",
      [](const py::object& logits, const py::object& targets,
         float label_smoothing, const std::string& reduction, bool grad,
         bool fast) {
        return RunCrossEntropySoft(fast, logits, targets, label_smoothing,
                                   reduction, grad);
      },
      "Fused softmax cross-entropy, soft labels: targets of logits' shape "
      "(non-negative weights). q = (1 - eps) t + eps / C, loss_r = sum q "
      "(lse(z) - z), q = 0 terms count 0; grad = softmax * sum q - q "
      "(divided by rows for 'mean'). Returns loss or (loss, grad).",
      py::arg("logits"), py::arg("targets"), py::arg("label_smoothing") = 0.0f,
      py::arg("reduction") = "mean", py::arg("grad") = false,
      py::arg("fast") = false);

  // ---- targets
  m.def(
      "targets",
      [] {
        std::vector<std::string> t;
        for (size_t i = 0; i < actkern_target_count(); ++i) {
          t.push_back(actkern_target_name(i));
        }
        return t;
      },
      "Targets compiled in and supported by this CPU, best first.");
  m.def(
      "active_target", [] { return std::string(actkern_active_target()); },
      "The target the kernels dispatch to now.");
  m.def(
      "set_max_target",
      [](const std::optional<std::string>& name) {
        Check("actkern_set_max_target",
              actkern_set_max_target(name ? name->c_str() : nullptr));
      },
      "Restricts dispatch to the named target and those below it; None or "
      "'' lifts the restriction. Not thread-safe: call it while no other "
      "thread is inside actkern.",
      py::arg("name"));
  m.def(
      "_copies", [] { return g_copies; },
      "Float operands copied or staged so far (inputs or outputs whose layout "
      "the C API cannot take): the no-copy tests watch it.");

  // ---- 16-bit helpers
  m.def(
      "_to_bf16", [](const py::object& x) { return ToHalf(x, true); },
      py::arg("x"));
  m.def(
      "_from_bf16", [](const py::object& x) { return FromHalf(x, true); },
      py::arg("x"));
  m.def(
      "_to_f16", [](const py::object& x) { return ToHalf(x, false); },
      py::arg("x"));
  m.def(
      "_from_f16", [](const py::object& x) { return FromHalf(x, false); },
      py::arg("x"));
  ref.def(
      "bf16_from_double",
      [](const py::object& x) { return HalfFromDouble(x, true); },
      py::arg("x"));
  ref.def(
      "f16_from_double",
      [](const py::object& x) { return HalfFromDouble(x, false); },
      py::arg("x"));
  ref.def(
      "ulp_error_bf16",
      [](const py::object& y, const F64Array& r) {
        return HalfUlpError(y, r, true);
      },
      py::arg("y"), py::arg("r"));
  ref.def(
      "ulp_error_f16",
      [](const py::object& y, const F64Array& r) {
        return HalfUlpError(y, r, false);
      },
      py::arg("y"), py::arg("r"));

  // ---- references
  ref.def(
      "ulp_error",
      [](const py::array_t<float, py::array::forcecast>& y, const F64Array& r) {
        const auto yc = py::array_t<float, py::array::c_style |
                                               py::array::forcecast>::ensure(y);
        const F64Array rc = F64Array::ensure(r);
        if (ShapeOf(yc) != ShapeOf(rc)) {
          throw py::value_error("ulp_error: shapes differ");
        }
        py::array_t<double> e(ShapeOf(yc));
        KernelScope scope;
        for (ssize_t i = 0; i < yc.size(); ++i) {
          e.mutable_data()[i] = actkern_ulp_error(yc.data()[i], rc.data()[i]);
        }
        return e;
      },
      "ULP error of float32 results y against double references r "
      "(actkern_ulp_error).",
      py::arg("y"), py::arg("r"));
  ref.def(
      "softmax",
      [](const py::object& x, float scale) {
        return RowReference(x, [&](const float* in, size_t n, double* out) {
          actkern_ref_softmax(in, n, scale, out);
        });
      },
      py::arg("x"), py::arg("scale") = 1.0f);
  ref.def(
      "log_softmax",
      [](const py::object& x, float scale) {
        return RowReference(x, [&](const float* in, size_t n, double* out) {
          actkern_ref_log_softmax(in, n, scale, out);
        });
      },
      py::arg("x"), py::arg("scale") = 1.0f);
  ref.def(
      "softmax_backward",
      [](const py::object& y, const py::object& dy) {
        return RowReference2(
            y, dy, [](const float* a, const float* b, size_t n, double* out) {
              actkern_ref_softmax_backward(a, b, n, out);
            });
      },
      py::arg("y"), py::arg("dy"));
  ref.def(
      "log_softmax_backward",
      [](const py::object& y, const py::object& dy) {
        return RowReference2(
            y, dy, [](const float* a, const float* b, size_t n, double* out) {
              actkern_ref_log_softmax_backward(a, b, n, out);
            });
      },
      py::arg("y"), py::arg("dy"));
  ref.def(
      "softmax_cross_entropy",
      [](const py::object& z_obj, int label, float eps) {
        const auto z =
            py::array_t<float, py::array::c_style |
                                   py::array::forcecast>::ensure(z_obj);
        if (!z || z.ndim() != 1) throw py::value_error("one row of logits");
        py::array_t<double> grad(z.size());
        const double loss = actkern_ref_softmax_cross_entropy(
            z.data(), static_cast<size_t>(z.size()), label, eps,
            grad.mutable_data());
        return py::make_tuple(loss, grad);
      },
      "(loss, grad) of one row (label in [0, n)).", py::arg("z"),
      py::arg("label"), py::arg("label_smoothing") = 0.0f);
  ref.def(
      "softmax_cross_entropy_soft",
      [](const py::object& z_obj, const py::object& t_obj, float eps) {
        using A = py::array_t<float, py::array::c_style | py::array::forcecast>;
        const auto z = A::ensure(z_obj), t = A::ensure(t_obj);
        if (!z || !t || z.ndim() != 1 || t.size() != z.size()) {
          throw py::value_error("one row of logits and one of targets");
        }
        py::array_t<double> grad(z.size());
        const double loss = actkern_ref_softmax_cross_entropy_soft(
            z.data(), t.data(), static_cast<size_t>(z.size()), eps,
            grad.mutable_data());
        return py::make_tuple(loss, grad);
      },
      "(loss, grad) of one row with soft targets.", py::arg("z"),
      py::arg("targets"), py::arg("label_smoothing") = 0.0f);
}
