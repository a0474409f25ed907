#include "app/cmd_info.hpp"

#include "twin/summary.hpp"
#include "twin/twin_store.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace heattwin::app {

namespace tw = twin;

int run_info(const InfoOptions& o) {
  const tw::Twin twin = tw::load_twin(o.twin_path);
  if (o.json) {
    auto j = tw::twin_summary_json(twin);
    if (o.quality) j["data_quality_report"] = tw::data_quality_report_json(twin);
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", tw::twin_summary_text(twin));
    if (o.quality) fmt::print("\n{}", tw::data_quality_report_text(twin));
  }
  return 0;
}

}  // namespace heattwin::app
