#pragma once
/// \file Hourly heating and cooling demand with the 5R1C model of EN ISO 13790:2008 (Annex C),
/// for many buildings at once.
///
/// Each building is one thermal zone with five conductances (ventilation H_ve, windows H_tr_w,
/// opaque elements split into H_tr_em and H_tr_ms around the mass node, surface-to-air H_tr_is)
/// and one heat capacity C_m, integrated with the Crank-Nicolson scheme of Annex C.3. Heating and
/// cooling are ideal (unlimited, convective, to the air set point): because every node
/// temperature is linear in the heating power, the power that holds the set point is solved
/// exactly instead of by the standard's 10 W/m² probe.
///
/// Inputs are columns (one entry per building); results go into sinks — annual, monthly and peak
/// values per building, hourly sums per region and per further grouping (e.g. 100 m cells) —
/// never into an hours × buildings array. Internally each building's hour is folded into two
/// five-term dot products (docs/DEMAND.md).
/// Buildings are processed in fixed blocks with OpenMP; every sum that reaches an output is formed
/// per fixed block in index order, so results are bit-identical at any thread count.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::solvers::demand {

/// EN ISO 13790 §7.2.2: heat transfer coefficient between air and surface node per m² of
/// internal surface, and between surface and mass node per m² of effective mass area, W/(m²K).
inline constexpr double H_IS_W_PER_M2K = 3.45;
inline constexpr double H_MS_W_PER_M2K = 9.1;

/// Physical description of one zone, from which `Rc5Buildings::append` derives the 5R1C columns.
struct Rc5Zone {
  double floor_area_m2 = 0.0;                    ///< conditioned floor area A_f
  double internal_surface_area_m2 = 0.0;         ///< A_t, all room-facing surfaces (ISO default 4.5 A_f)
  double effective_mass_area_m2 = 0.0;           ///< A_m (ISO 13790 §12.2.2)
  double heat_capacity_j_per_k = 0.0;            ///< C_m
  double window_h_w_per_k = 0.0;                 ///< H_tr_w = Σ U_w A_w (windows, doors with no mass)
  double opaque_h_w_per_k = 0.0;                 ///< H_op = Σ b U A of opaque elements incl. ground
  double ground_h_w_per_k = 0.0;                 ///< part of H_op that goes to the ground temperature
  double ventilation_h_w_per_k = 0.0;            ///< H_ve, always on
  double scheduled_ventilation_h_w_per_k = 0.0;  ///< extra H_ve × the schedule's ventilation fraction
  double internal_gains_w = 0.0;                 ///< × the schedule's gain fraction
  double internal_convective_fraction = 0.5;     ///< ISO 13790 splits gains 50/50
  std::vector<double> solar_aperture_m2;         ///< per solar channel: gain = aperture × channel W/m²
  std::uint32_t schedule = 0;                    ///< row of Rc5Schedules
  std::uint32_t region = 0;                      ///< group of the hourly sums
};

/// 5R1C columns for many buildings (structure of arrays).
struct Rc5Buildings {
  std::vector<double> floor_area_m2;
  std::vector<double> h_tr_w_w_per_k;
  std::vector<double> h_tr_em_w_per_k;
  std::vector<double> h_tr_is_w_per_k;
  std::vector<double> h_tr_ms_w_per_k;
  std::vector<double> h_ve_w_per_k;
  std::vector<double> h_ve_scheduled_w_per_k;
  std::vector<double> heat_capacity_j_per_k;
  std::vector<double> mass_share;     ///< A_m / A_t
  std::vector<double> surface_share;  ///< 1 − A_m/A_t − H_tr_w / (9.1 A_t)
  std::vector<double> ground_share;   ///< H_ground / H_op: weight of the ground temperature on the em path
  std::vector<double> internal_gains_w;
  std::vector<double> internal_convective_fraction;
  std::vector<std::vector<double>> solar_aperture_m2;  ///< [channel][building]
  std::vector<std::uint32_t> schedule;
  std::vector<std::uint32_t> region;

  std::size_t size() const { return floor_area_m2.size(); }
  /// Derives and appends the columns of one zone; throws InputError (naming `id`) for
  /// non-physical values (negative conductance, A_m > A_t, opaque H not above H_tr_ms's share, …).
  void append(const Rc5Zone& zone, const std::string_view id);
};

/// Hourly profiles shared by groups of buildings (use classes, or a test case's thermostat).
/// Each vector is [schedule][hour]; a heating set point of −∞ means heating off, a cooling set
/// point of +∞ cooling off.
struct Rc5Schedules {
  std::vector<std::vector<double>> heating_setpoint_c;
  std::vector<std::vector<double>> cooling_setpoint_c;
  std::vector<std::vector<double>> internal_gain_fraction;
  std::vector<std::vector<double>> ventilation_fraction;
  std::size_t size() const { return heating_setpoint_c.size(); }
};

/// Boundary conditions for every hour.
struct Rc5Climate {
  std::vector<double> outdoor_c;                    ///< also the supply air temperature
  std::vector<double> ground_c;                     ///< temperature beyond ground-coupled elements
  std::vector<std::vector<double>> solar_w_per_m2;  ///< [channel][hour], × aperture = gain W
  std::vector<int> month;                           ///< 1..12 per hour
};

/// Instruction-set variant of the kernel, chosen at run time. The variants compute the same bits
/// (the kernel is compiled without floating-point contraction and sums in a fixed order), so a
/// portable binary runs at the speed of the CPU it finds (docs/PERFORMANCE.md).
enum class Rc5KernelIsa {
  automatic,  ///< the widest variant the CPU supports
  baseline,   ///< the build's own target (x86-64: SSE2)
  avx2,       ///< x86-64-v3: AVX2 (FMA not used: no contraction)
  avx512,     ///< x86-64-v4: AVX-512F/BW/CD/DQ/VL
};
std::string_view to_string(Rc5KernelIsa isa);
/// Whether this CPU and build can run `isa` (automatic and baseline always).
bool rc5_kernel_isa_supported(Rc5KernelIsa isa);
/// The variant `automatic` runs on this CPU.
Rc5KernelIsa best_rc5_kernel_isa();

struct Rc5Options {
  double initial_mass_temperature_c = 20.0;
  int warmup_days = 0;        ///< days of the year's end simulated first to start from a periodic state
  bool record_trace = false;  ///< hourly node temperatures and power of every building (tests, small cases)
  /// Buildings updated together per hour; must divide 16,384. 256 measured fastest (docs/DEMAND.md):
  /// smaller blocks keep the working set in L1 but pay the per-hour set-up more often.
  std::size_t block_size = 256;
  /// Further groupings of the hourly heating sums besides `Rc5Buildings::region` (for example
  /// the 100 m grid cell): [grouping][building] group id. Each costs one sum per run of equal
  /// ids in a block and hour (so order buildings by group where possible: runs of 8 cost
  /// ≈ 1.3 × the plain kernel, one run per building ≈ 3 ×) and 8 bytes × hours per (chunk, group)
  /// pair of memory: about 2 × groups × hours × 8 B in all (the chunks' partial sums and the
  /// merged sums).
  std::vector<std::vector<std::uint32_t>> hourly_groupings;
  /// Kernel variant; an unsupported one is an error. Tests and benchmarks compare the variants.
  Rc5KernelIsa isa = Rc5KernelIsa::automatic;
};

/// Hourly heating sums of one further grouping (`Rc5Options::hourly_groupings`), flat so that a
/// writer can take them as one [group][hour] array without a copy.
struct Rc5GroupingSums {
  std::vector<std::uint32_t> groups;  ///< group ids present, ascending
  std::size_t hours = 0;
  std::vector<double> heating_w;  ///< [group index × hours + hour], Σ heating power of its buildings, W
  /// The hourly series of group index k.
  std::span<const double> heating(std::size_t k) const { return {heating_w.data() + k * hours, hours}; }
};

/// Per-building results, per-region hourly sums and the sums of further groupings.
struct Rc5Results {
  std::vector<double> annual_heating_kwh, annual_cooling_kwh;  ///< cooling positive
  std::vector<double> peak_heating_w, peak_cooling_w;
  std::vector<double> monthly_heating_kwh, monthly_cooling_kwh;  ///< [building × 12 + month]
  std::vector<double> min_air_c, mean_air_c, max_air_c;
  std::vector<std::uint32_t> regions;                 ///< region ids present, ascending
  std::vector<std::vector<double>> region_heating_w;  ///< [region index][hour]
  std::vector<std::vector<double>> region_cooling_w;
  std::vector<Rc5GroupingSums> grouping_sums;  ///< one per `Rc5Options::hourly_groupings` entry
  /// Trace (only with record_trace): [building][hour].
  std::vector<std::vector<double>> trace_air_c, trace_surface_c, trace_mass_c, trace_mass_end_c, trace_power_w;
  Rc5KernelIsa isa = Rc5KernelIsa::baseline;  ///< the variant that ran
};

/// Runs the year for every building. Throws InputError if the inputs disagree in size or a
/// building refers to a schedule or solar channel that does not exist.
Rc5Results simulate_5r1c(const Rc5Buildings& buildings, const Rc5Schedules& schedules, const Rc5Climate& climate,
                         const Rc5Options& options = {});

}  // namespace heattwin::solvers::demand
