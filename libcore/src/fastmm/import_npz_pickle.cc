// The pickle subset numpy writes for an object array holding numeric arrays (protocols 2-4):
// GLOBAL numpy.core.multiarray._reconstruct / numpy.ndarray / numpy.dtype, REDUCE, BUILD with
// the ndarray and dtype state tuples, and plain tuples, lists, ints, bools, bytes and strings.
// Nothing is imported or called: the globals only select which of two records to fill.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <variant>

#include "fastmm/import_npz.h"
#include "lapack_ai/error.h"

namespace lapack_ai::fastmm::internal {

namespace {

struct Value;
using Ref = std::shared_ptr<Value>;
struct Global {
  std::string module, name;
};
struct Dtype {
  std::string descr;
  char order = '<';
};
struct Array {
  NpyArray numeric;
  std::vector<Ref> objects;  // an object array's elements
  bool is_object = false;
};
struct Mark {};
struct Value {
  std::variant<std::monostate, bool, int64_t, std::string, std::vector<Ref>, Global, Dtype, Array,
               Mark>
      v;
};

class Machine {
 public:
  Machine(std::string_view bytes, std::string where) : in_(bytes), where_(std::move(where)) {}
  Ref Run();

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw UsageError(fmt::format("{}: unsupported pickle at byte {}: {}", where_, op_at_, what));
  }
  uint64_t Uint(int n) {
    if (pos_ + static_cast<std::size_t>(n) > in_.size()) Fail("truncated");
    uint64_t x = 0;
    for (int i = 0; i < n; ++i) x |= uint64_t{static_cast<unsigned char>(in_[pos_ + i])} << (8 * i);
    pos_ += static_cast<std::size_t>(n);
    return x;
  }
  std::string Bytes(uint64_t n) {
    if (n > in_.size() - pos_) Fail("truncated");
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::string Line() {
    const std::size_t end = in_.find('\n', pos_);
    if (end == std::string_view::npos) Fail("truncated");
    std::string s(in_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }
  Ref Pop() {
    if (stack_.empty()) Fail("stack underflow");
    Ref r = stack_.back();
    stack_.pop_back();
    return r;
  }
  std::vector<Ref> PopToMark() {
    std::vector<Ref> items;
    while (!stack_.empty() && !std::holds_alternative<Mark>(stack_.back()->v))
      items.push_back(Pop());
    if (stack_.empty()) Fail("no MARK");
    stack_.pop_back();
    return {items.rbegin(), items.rend()};
  }
  void Push(auto x) { stack_.push_back(std::make_shared<Value>(Value{std::move(x)})); }
  void Reduce();
  void Build();
  bool Step(unsigned char op);

  std::string_view in_;
  std::string where_;
  std::size_t pos_ = 0, op_at_ = 0;
  std::vector<Ref> stack_;
  std::map<uint64_t, Ref> memo_;
};

void Machine::Reduce() {
  const Ref args = Pop(), fn = Pop();
  const auto* g = std::get_if<Global>(&fn->v);
  const auto* a = std::get_if<std::vector<Ref>>(&args->v);
  if (!g || !a) Fail("REDUCE of something other than a numpy global");
  if (g->name == "_reconstruct" && g->module.ends_with("multiarray")) return Push(Array{});
  if (g->module == "numpy" && g->name == "dtype" && !a->empty()) {
    const auto* descr = std::get_if<std::string>(&a->front()->v);
    if (descr) return Push(Dtype{*descr, '<'});
  }
  Fail(fmt::format("call of {}.{}", g->module, g->name));
}

void Machine::Build() {
  const Ref state = Pop();
  if (stack_.empty()) Fail("BUILD on an empty stack");
  const auto* st = std::get_if<std::vector<Ref>>(&state->v);
  if (!st) Fail("BUILD state is not a tuple");
  if (auto* d = std::get_if<Dtype>(&stack_.back()->v)) {
    const auto* order = st->size() > 1 ? std::get_if<std::string>(&(*st)[1]->v) : nullptr;
    if (order && order->size() == 1) d->order = (*order)[0];
    return;
  }
  auto* arr = std::get_if<Array>(&stack_.back()->v);
  if (!arr || st->size() != 5) Fail("BUILD of an unknown object");
  const auto* shape = std::get_if<std::vector<Ref>>(&(*st)[1]->v);
  const auto* dtype = std::get_if<Dtype>(&(*st)[2]->v);
  const auto* fortran = std::get_if<bool>(&(*st)[3]->v);
  if (!shape || !dtype || !fortran)
    Fail("ndarray state is not (version, shape, dtype, fortran, data)");
  for (const Ref& dim : *shape) {
    const auto* n = std::get_if<int64_t>(&dim->v);
    if (!n || *n < 0) Fail("bad ndarray shape");
    arr->numeric.shape.push_back(*n);
  }
  arr->numeric.fortran = *fortran;
  if (const auto* list = std::get_if<std::vector<Ref>>(&(*st)[4]->v);
      list && dtype->descr == "O8") {
    arr->is_object = true;
    arr->objects = *list;
  } else if (const auto* raw = std::get_if<std::string>(&(*st)[4]->v)) {
    if (!SetDtype(dtype->descr, dtype->order, &arr->numeric)) Fail("dtype " + dtype->descr);
    arr->numeric.data = *raw;
  } else {
    Fail("ndarray data is neither bytes nor a list");
  }
}

bool Machine::Step(unsigned char op) {
  switch (op) {
    case 0x80:
      Uint(1);
      break;  // PROTO
    case 0x95:
      Uint(8);
      break;  // FRAME
    case 'c': {
      std::string m = Line();
      Push(Global{m, Line()});
      break;
    }  // GLOBAL
    case 0x93: {
      Ref n = Pop(), m = Pop();  // STACK_GLOBAL
      const auto* ns = std::get_if<std::string>(&n->v);
      const auto* ms = std::get_if<std::string>(&m->v);
      if (!ns || !ms) Fail("STACK_GLOBAL needs two strings");
      Push(Global{*ms, *ns});
      break;
    }
    case 'q':
    case 'r': {
      const uint64_t id = Uint(op == 'q' ? 1 : 4);  // BINPUT
      if (stack_.empty()) Fail("BINPUT on an empty stack");
      memo_[id] = stack_.back();
      break;
    }
    case 0x94:
      if (stack_.empty()) Fail("MEMOIZE on empty stack");
      memo_[memo_.size()] = stack_.back();
      break;
    case 'h':
    case 'j': {
      const auto it = memo_.find(Uint(op == 'h' ? 1 : 4));
      if (it == memo_.end()) Fail("BINGET of an unknown memo entry");
      stack_.push_back(it->second);
      break;
    }
    case 'K':
      Push(static_cast<int64_t>(Uint(1)));
      break;
    case 'M':
      Push(static_cast<int64_t>(Uint(2)));
      break;
    case 'J':
      Push(static_cast<int64_t>(static_cast<int32_t>(Uint(4))));
      break;
    case 'N':
      Push(std::monostate{});
      break;
    case 0x88:
      Push(true);
      break;
    case 0x89:
      Push(false);
      break;
    case 'C':
    case 0x8c:
      Push(Bytes(Uint(1)));
      break;  // SHORT_BINBYTES/UNICODE
    case 'B':
    case 'X':
      Push(Bytes(Uint(4)));
      break;  // BINBYTES/BINUNICODE
    case 0x8e:
    case 0x8d:
      Push(Bytes(Uint(8)));
      break;  // BINBYTES8/BINUNICODE8
    case '(':
      Push(Mark{});
      break;
    case ')':
      Push(std::vector<Ref>{});
      break;
    case ']':
      Push(std::vector<Ref>{});
      break;
    case 't':
      Push(PopToMark());
      break;
    case 0x85:
    case 0x86:
    case 0x87: {
      std::vector<Ref> t(static_cast<std::size_t>(op - 0x84));
      for (auto it = t.rbegin(); it != t.rend(); ++it) *it = Pop();
      Push(std::move(t));
      break;
    }
    case 'a':
    case 'e': {
      std::vector<Ref> items = op == 'a' ? std::vector<Ref>{Pop()} : PopToMark();
      if (stack_.empty()) Fail("APPEND without a list");
      auto* list = std::get_if<std::vector<Ref>>(&stack_.back()->v);
      if (!list) Fail("APPEND to a non-list");
      list->insert(list->end(), items.begin(), items.end());
      break;
    }
    case 'R':
      Reduce();
      break;
    case 'b':
      Build();
      break;
    case '.':
      return false;
    default:
      Fail(fmt::format("opcode 0x{:02x}", op));
  }
  return true;
}

Ref Machine::Run() {
  while (true) {
    op_at_ = pos_;
    if (!Step(static_cast<unsigned char>(Uint(1)))) break;
  }
  if (stack_.size() != 1) Fail("STOP with a stack that is not one object");
  return stack_.back();
}

}  // namespace

std::vector<NpyArray> UnpickleObjectArray(std::string_view bytes, const std::string& where) {
  const Ref top = Machine(bytes, where).Run();
  const auto* arr = std::get_if<Array>(&top->v);
  if (!arr || !arr->is_object) {
    throw UsageError(fmt::format("{}: the pickle does not hold an object array", where));
  }
  std::vector<NpyArray> out;
  for (const Ref& item : arr->objects) {
    const auto* inner = std::get_if<Array>(&item->v);
    if (!inner || inner->is_object) {
      throw UsageError(
          fmt::format("{}: object array element {} is not a numeric array", where, out.size()));
    }
    out.push_back(inner->numeric);
  }
  return out;
}

}  // namespace lapack_ai::fastmm::internal
