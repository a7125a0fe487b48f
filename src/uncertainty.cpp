#include "chiso/uncertainty.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "chiso/error.hpp"
#include "simulation_support.hpp"

namespace chiso {

namespace {

// The std distributions differ between standard libraries; these transforms use only the
// generator's raw 64-bit output and IEEE-exact operations (+, −, ×, ÷, √), so a seed gives the
// same draws everywhere.
double uniform01(std::mt19937_64& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
}

// Irwin–Hall: the sum of 12 uniforms − 6 has mean 0 and variance 1; its tails stop at ±6,
// which does not matter for 5th–95th percentiles.
double standard_normal(std::mt19937_64& g) {
  double sum = 0;
  for (int i = 0; i < 12; ++i) sum += uniform01(g);
  return sum - 6;
}

struct varied {
  std::size_t leaf = 0;
  std::size_t domain = 0;  // position among the root's children
  const survey_spec* spec = nullptr;
};

// How deep in the tree the node named `code` is, when it is `leaf` or one of its ancestors.
std::optional<std::uint32_t> match_depth(const criterion_tree& tree, std::size_t leaf,
                                         const std::string& code) {
  for (auto i = static_cast<std::uint32_t>(leaf); i != criterion::no_parent; i = tree[i].parent)
    if (tree[i].code == code && i != 0) return tree[i].depth;
  return std::nullopt;
}

std::string describe_spec(const survey_spec& s, sampling_model model) {
  if (s.sample_size)
    return "sample size " + std::to_string(*s.sample_size) +
           (model == sampling_model::binomial ? ", binomial" : ", normal approximation");
  return "±" + s.half_width->normalized().to_string() + " points (95% interval, normal)";
}

std::size_t nearest_rank(const std::vector<std::size_t>& sorted, std::size_t q) {
  const std::size_t n = sorted.size();
  const std::size_t idx = (q * n + 99) / 100;
  return sorted[idx == 0 ? 0 : idx - 1];
}

}  // namespace

uncertainty_result simulate_uncertainty(const criterion_tree& tree,
                                        std::span<const scorecard> cards,
                                        const uncertainty_spec& spec) {
  if (spec.draws == 0) throw usage_error("uncertainty: 'draws' must be at least 1");
  for (const auto& s : spec.surveys) {
    if (!tree.find(s.code) || s.code.empty())
      throw usage_error("uncertainty: unknown criterion '" + s.code + "'");
    if (s.sample_size.has_value() == s.half_width.has_value())
      throw usage_error("uncertainty: '" + s.code +
                        "' needs exactly one of a sample size or an interval half-width");
    if (s.sample_size && *s.sample_size < 1)
      throw usage_error("uncertainty: '" + s.code + "' has a sample size below 1");
    if (s.half_width && s.half_width->is_negative())
      throw usage_error("uncertainty: '" + s.code + "' has a negative half-width");
  }
  for (const auto& code : spec.excluded)
    if (!tree.find(code) || code.empty())
      throw usage_error("uncertainty: unknown excluded criterion '" + code + "'");

  uncertainty_result r;
  r.draws = spec.draws;
  r.seed = spec.seed;
  r.model = spec.model;
  r.weight_jitter = spec.weight_jitter;

  // Domains are the root's children; a leaf's domain is its depth-1 ancestor.
  const auto domains = tree.children(0);
  const auto domain_pos = [&](std::size_t node) {
    const auto d = tree.domain_of(node);
    return static_cast<std::size_t>(std::find(domains.begin(), domains.end(), d) - domains.begin());
  };

  std::vector<varied> leaves;
  std::vector<std::string> undeclared;
  std::vector<bool> spec_used(spec.surveys.size(), false);
  for (const auto leaf : tree.leaves()) {
    if (!detail::is_survey(tree, leaf)) continue;
    const survey_spec* best = nullptr;
    std::uint32_t best_depth = 0;
    for (std::size_t k = 0; k < spec.surveys.size(); ++k)
      if (auto d = match_depth(tree, leaf, spec.surveys[k].code); d && (!best || *d > best_depth)) {
        best = &spec.surveys[k];
        best_depth = *d;
      }
    std::optional<std::uint32_t> excluded_depth;
    for (const auto& code : spec.excluded)
      if (auto d = match_depth(tree, leaf, code); d && (!excluded_depth || *d > *excluded_depth))
        excluded_depth = d;
    if (excluded_depth && (!best || *excluded_depth >= best_depth)) {
      r.excluded.push_back(leaf);
      continue;
    }
    if (!best) {
      undeclared.push_back(tree[leaf].code);
      continue;
    }
    spec_used[static_cast<std::size_t>(best - spec.surveys.data())] = true;
    leaves.push_back({leaf, domain_pos(leaf), best});
    r.varied.push_back({leaf, describe_spec(*best, spec.model)});
  }
  if (!undeclared.empty()) {
    std::string list;
    for (const auto& c : undeclared) list += (list.empty() ? "" : ", ") + c;
    throw usage_error("uncertainty: survey criteria without a sample size or interval: " + list +
                      " (declare them or exclude them explicitly)");
  }
  for (std::size_t k = 0; k < spec.surveys.size(); ++k)
    if (!spec_used[k])
      throw usage_error("uncertainty: '" + spec.surveys[k].code +
                        "' is declared but no survey criterion under it is varied");
  if (spec.weight_jitter)
    for (const auto d : domains) r.weights_varied.push_back(tree[d].code);

  // Per unit: domain points without the varied leaves, domain maxima, and the varied leaves'
  // exact shares.
  const auto n_units = static_cast<Eigen::Index>(cards.size());
  const auto n_domains = static_cast<Eigen::Index>(domains.size());
  Eigen::MatrixXd fixed_points = Eigen::MatrixXd::Zero(n_units, n_domains);
  Eigen::MatrixXd domain_max = Eigen::MatrixXd::Zero(n_units, n_domains);
  struct unit_leaf {
    std::size_t domain;
    double max, share;
    std::uint64_t threshold;  // binomial: a raw draw below it is a "yes"
    bool always;              // share == 1
    const survey_spec* spec;
  };
  std::vector<std::vector<unit_leaf>> unit_leaves(cards.size());
  using boost::multiprecision::cpp_int;
  for (std::size_t u = 0; u < cards.size(); ++u) {
    const auto& card = cards[u];
    if (!card.total().percent())
      throw usage_error("uncertainty: unit '" + card.unit.id + "' has no known % of max");
    const auto row = static_cast<Eigen::Index>(u);
    for (std::size_t d = 0; d < domains.size(); ++d) {
      const auto& s = card.scores.at(domains[d]);
      if (!s.applicable) continue;
      const auto col = static_cast<Eigen::Index>(d);
      fixed_points(row, col) = static_cast<double>(s.points->to_rational());
      domain_max(row, col) = static_cast<double>(s.max->to_rational());
    }
    for (const auto& v : leaves) {
      const auto& s = card.scores.at(v.leaf);
      if (!s.applicable || !s.max || s.max->is_zero()) continue;
      const rational share = s.points->to_rational() / s.max->to_rational();
      const rational scaled_share = share * rational(cpp_int(1) << 64);
      const cpp_int scaled = boost::multiprecision::numerator(scaled_share) /
                             boost::multiprecision::denominator(scaled_share);
      const bool always = share >= 1;
      unit_leaf ul{v.domain,
                   static_cast<double>(s.max->to_rational()),
                   static_cast<double>(share),
                   always ? 0 : static_cast<std::uint64_t>(scaled),
                   always,
                   v.spec};
      fixed_points(row, static_cast<Eigen::Index>(v.domain)) -= ul.share * ul.max;
      unit_leaves[u].push_back(ul);
    }
  }

  const auto draws = static_cast<Eigen::Index>(spec.draws);
  Eigen::MatrixXd percent(draws, n_units);
  std::mt19937_64 gen(spec.seed);
  const double jitter =
      spec.weight_jitter ? static_cast<double>(spec.weight_jitter->to_rational()) : 0.0;
  Eigen::VectorXd factors = Eigen::VectorXd::Ones(n_domains);
  Eigen::MatrixXd points(n_units, n_domains);
  for (Eigen::Index k = 0; k < draws; ++k) {
    if (spec.weight_jitter)
      for (Eigen::Index d = 0; d < n_domains; ++d)
        factors(d) = 1 + jitter * (2 * uniform01(gen) - 1);
    points = fixed_points;
    for (std::size_t u = 0; u < cards.size(); ++u) {
      for (const auto& ul : unit_leaves[u]) {
        double drawn = 0;
        if (ul.spec->sample_size) {
          const auto n = *ul.spec->sample_size;
          if (spec.model == sampling_model::binomial) {
            std::int64_t yes = 0;
            for (std::int64_t i = 0; i < n; ++i)
              if (ul.always || gen() < ul.threshold) ++yes;
            drawn = static_cast<double>(yes) / static_cast<double>(n) * ul.max;
          } else {
            const double sd = std::sqrt(ul.share * (1 - ul.share) / static_cast<double>(n));
            drawn = std::clamp(ul.share + sd * standard_normal(gen), 0.0, 1.0) * ul.max;
          }
        } else {
          const double sd = static_cast<double>(ul.spec->half_width->to_rational()) / 1.96;
          drawn = std::clamp(ul.share * ul.max + sd * standard_normal(gen), 0.0, ul.max);
        }
        points(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(ul.domain)) += drawn;
      }
    }
    // Batch arithmetic over all units at once: Σ f·points ÷ Σ f·max.
    percent.row(k) =
        ((points * factors).array() / (domain_max * factors).array() * 100).transpose();
  }

  const auto baseline = detail::competition_ranks(cards);
  for (std::size_t u = 0; u < cards.size(); ++u) {
    if (!cards[u].unit.ranked) continue;
    const auto col = static_cast<Eigen::Index>(u);
    std::vector<std::size_t> ranks(spec.draws);
    std::size_t hit_percent = 0, hit_rank = 0;
    for (Eigen::Index k = 0; k < draws; ++k) {
      std::size_t better = 0;
      for (std::size_t o = 0; o < cards.size(); ++o)
        if (cards[o].unit.ranked && percent(k, static_cast<Eigen::Index>(o)) > percent(k, col))
          ++better;
      ranks[static_cast<std::size_t>(k)] = better + 1;
      if (spec.target_percent && percent(k, col) >= static_cast<double>(*spec.target_percent))
        ++hit_percent;
      if (spec.target_rank && better + 1 <= *spec.target_rank) ++hit_rank;
    }
    std::sort(ranks.begin(), ranks.end());
    unit_uncertainty uu;
    uu.unit = u;
    uu.baseline_rank = baseline[u];
    uu.rank_p5 = nearest_rank(ranks, 5);
    uu.rank_median = nearest_rank(ranks, 50);
    uu.rank_p95 = nearest_rank(ranks, 95);
    uu.mean_percent = percent.col(col).mean();
    const auto n = static_cast<double>(spec.draws);
    if (spec.target_percent) uu.p_target_percent = static_cast<double>(hit_percent) / n;
    if (spec.target_rank) uu.p_target_rank = static_cast<double>(hit_rank) / n;
    r.units.push_back(uu);
  }
  return r;
}

std::string uncertainty_result::describe(const criterion_tree& tree) const {
  std::ostringstream out;
  out << "Monte Carlo: " << draws << " draws, seed " << seed << "\n";
  out << "Varied survey criteria (" << varied.size() << "):\n";
  for (const auto& v : varied) out << "  " << tree[v.node].code << ": " << v.how << "\n";
  out << "Survey criteria held fixed by request (" << excluded.size() << ")";
  for (std::size_t i = 0; i < excluded.size(); ++i)
    out << (i ? ", " : ": ") << tree[excluded[i]].code;
  out << "\n";
  if (weight_jitter) {
    out << "Domain weights varied: × (1 ± " << weight_jitter->normalized().to_string()
        << ") uniform, domains";
    for (const auto& d : weights_varied) out << " " << d;
    out << "\n";
  } else {
    out << "Domain weights: not varied\n";
  }
  return out.str();
}

}  // namespace chiso
