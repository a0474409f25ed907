#include "twin/log.hpp"

namespace heattwin {

std::shared_ptr<spdlog::logger> logger(const std::string& module) {
  if (auto existing = spdlog::get(module)) return existing;
  auto base = spdlog::default_logger();
  auto created = std::make_shared<spdlog::logger>(module, base->sinks().begin(), base->sinks().end());
  created->set_level(base->level());
  try {
    spdlog::register_logger(created);
  } catch (const spdlog::spdlog_ex&) {
    // Another thread registered it first; use that one.
    if (auto existing = spdlog::get(module)) return existing;
  }
  return created;
}

}  // namespace heattwin
