// PLinOpt .sms importer (in progress).
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/import.h"

namespace lapack_ai::fastmm {

Scheme ImportSms(const std::string& l_path, const std::string&, const std::string&) {
  throw UsageError(l_path + ": sms import is not implemented yet");
}

Scheme ImportScheme(const std::string& path, std::string_view, const std::string&) {
  return ImportJson(path);
}

}  // namespace lapack_ai::fastmm
