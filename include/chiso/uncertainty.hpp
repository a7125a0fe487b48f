// Monte Carlo uncertainty of ranks: survey sampling error and weight perturbation.
//
// Statistics here are estimates and use double; the scores fed in are exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/progress.hpp"
#include "chiso/score.hpp"
#include "chiso/tree.hpp"

namespace chiso {

class unit_matrix;  // chiso/batch.hpp

/// How a survey leaf's sampled share is drawn.
enum class sampling_model {
  binomial,  ///< exact: n Bernoulli draws of the share p = points ÷ max (cost O(n) per draw)
  normal,    ///< p + z·√(p(1−p)/n), clipped to [0, 1]
};

/// The declared uncertainty of survey leaves. On an inner node it applies to every survey leaf
/// below it; the deepest declaration wins. Exactly one of the two must be given.
struct survey_spec {
  std::string code;
  std::optional<std::int64_t> sample_size;  ///< respondents behind the leaf's score
  /// Half-width of a 95% interval, in points: the score ± this (normal, σ = half_width ÷ 1.96).
  std::optional<decimal> half_width;
};

struct uncertainty_spec {
  std::size_t draws = 0;   ///< required, > 0
  std::uint64_t seed = 0;  ///< the run is a pure function of the inputs and this seed
  sampling_model model = sampling_model::normal;
  std::vector<survey_spec> surveys;
  /// Survey leaves (or subtrees) deliberately held at their scores. A survey leaf neither
  /// declared nor excluded is an error: nothing is varied or held silently.
  std::vector<std::string> excluded;
  /// When set, each domain's weight is multiplied by 1 + u·jitter, u uniform in [−1, 1], per
  /// draw (the same for every unit): the total % becomes Σ f·points ÷ Σ f·max.
  std::optional<decimal> weight_jitter;
  std::optional<rational> target_percent;  ///< probability of reaching at least this %
  std::optional<std::size_t> target_rank;  ///< probability of this rank or better
  /// Threads computing the draws; 0 uses every core. The result does not depend on it.
  unsigned threads = 0;
};

/// One varied leaf and how.
struct varied_leaf {
  std::size_t node = 0;
  std::string how;  ///< "sample size 1200, normal" / "±0.05 points (95%)"
};

struct unit_uncertainty {
  std::size_t unit = 0;                                    ///< index into the data set
  std::optional<std::size_t> baseline_rank;                ///< with no variation
  std::size_t rank_p5 = 0, rank_median = 0, rank_p95 = 0;  ///< nearest-rank percentiles
  double mean_percent = 0;
  std::optional<double> p_target_percent;
  std::optional<double> p_target_rank;
};

struct CHISO_EXPORT uncertainty_result {
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  sampling_model model = sampling_model::normal;
  std::vector<varied_leaf> varied;
  std::vector<std::size_t> excluded;  ///< survey leaves held fixed, by request
  std::optional<decimal> weight_jitter;
  std::vector<std::string> weights_varied;  ///< domain codes, when weights were perturbed
  std::vector<unit_uncertainty> units;      ///< ranked units only, in data-set order

  /// A plain-text statement of exactly what was varied, for the top of any output.
  [[nodiscard]] std::string describe(const criterion_tree& tree) const;
};

/// Runs the Monte Carlo on `spec.threads` threads. Draw k uses its own counter-based stream
/// keyed by (seed, k) — SplitMix64 outputs with chiso's own transforms — so a seed gives the
/// same result with any standard library and any number of threads. Throws usage_error for a survey
/// leaf without a declaration or exclusion or draws == 0, and input_error with a diagnostic
/// `uncertainty-unknown-percent` per unit whose % of max is unknown (naming the unit, without a
/// position: the caller knows which file the unit came from).
/// `progress`, when set, is told how many of the `spec.draws` draws are done.
[[nodiscard]] CHISO_EXPORT uncertainty_result
simulate_uncertainty(const criterion_tree& tree, std::span<const scorecard> cards,
                     const uncertainty_spec& spec, const progress_callback& progress = {});

/// The same run on the units of a matrix (units × leaves, the batch engine): the totals, domain
/// scores and varied leaves come from score_batch(), not from a scorecard per unit; the result
/// equals simulate_uncertainty() on the cards of the sheets the matrix was read from, for the
/// same seed. Throws as the overload on cards does.
[[nodiscard]] CHISO_EXPORT uncertainty_result simulate_uncertainty(
    const unit_matrix& units, const uncertainty_spec& spec, const progress_callback& progress = {});

/// Loads a `kind: chiso/uncertainty` run file (docs/simulation.md): the fields of
/// uncertainty_spec, checked against `tree` (unknown codes, codes with no survey criterion,
/// survey criteria neither declared nor excluded, counts and ranges). Every problem is reported
/// at once as one input_error.
[[nodiscard]] CHISO_EXPORT uncertainty_spec load_uncertainty_spec(const std::filesystem::path& file,
                                                                  const criterion_tree& tree);
[[nodiscard]] CHISO_EXPORT uncertainty_spec parse_uncertainty_spec(std::string_view yaml,
                                                                   std::string file_name,
                                                                   const criterion_tree& tree);

}  // namespace chiso
