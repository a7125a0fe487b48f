#include "chiso/version.hpp"

namespace chiso {

std::string_view library_version() noexcept {
  return CHISO_VERSION_STRING;
}

}  // namespace chiso
