// Provides std::ios_base_library_init() (GLIBCXX_3.4.32, GCC 13) for hosts whose libstdc++ predates it
// (Debian 12 ships GLIBCXX_3.4.30). GCC 13 emits a reference to this function from every translation unit that
// includes <iostream>, so that the standard streams are initialised before use; older libstdc++ does the same
// through a static std::ios_base::Init object, which this shim holds.
#include <ios>

namespace {
std::ios_base::Init streams_initialised;
}

namespace std {
__attribute__((visibility("default"))) void ios_base_library_init() {}
}
