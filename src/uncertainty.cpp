#include "chiso/uncertainty.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "chiso/batch.hpp"
#include "chiso/error.hpp"
#include "progress_support.hpp"
#include "simulation_support.hpp"
#include "yaml_support.hpp"

namespace chiso {

namespace {

// Each draw has its own stream, keyed by (seed, draw): the i-th output is a SplitMix64 hash of
// the draw's key + i·γ (Steele, Lea & Flood 2014; a counter-based generator in the sense of
// Salmon et al. 2011). A draw's numbers therefore do not depend on which thread computes it or
// on the draws before it. The transforms use only the raw 64-bit outputs and IEEE-exact
// operations (+, −, ×, ÷, √), so a seed gives the same draws with any compiler and library.
class draw_stream {
 public:
  draw_stream(std::uint64_t seed, std::uint64_t draw)
      : state_(mix(seed ^ mix(draw + 0x9E3779B97F4A7C15ULL))) {}
  std::uint64_t operator()() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return mix(state_);
  }

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

double uniform01(draw_stream& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
}

// Irwin–Hall: the sum of 12 uniforms − 6 has mean 0 and variance 1; its tails stop at ±6,
// which does not matter for 5th–95th percentiles. Each 64-bit output gives two 32-bit uniforms;
// their integer sum (below 2^36) is scaled exactly.
double standard_normal(draw_stream& g) {
  std::uint64_t sum = 0;
  for (int i = 0; i < 6; ++i) {
    const auto x = g();
    sum += (x >> 32) + (x & 0xFFFFFFFFULL);
  }
  return static_cast<double>(sum) * 0x1.0p-32 - 6;
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

// Which survey leaves are varied by which declaration, which are held fixed, which are neither.
struct resolution {
  std::vector<std::pair<std::size_t, std::size_t>> varied;  // leaf, index into spec.surveys
  std::vector<std::size_t> excluded;
  std::vector<std::string> undeclared;
  std::vector<bool> used;  // per declaration: does it vary any leaf?
};

// The deepest declaration or exclusion above a survey leaf wins; an exclusion wins a tie.
resolution resolve(const criterion_tree& tree, const uncertainty_spec& spec) {
  resolution out;
  out.used.assign(spec.surveys.size(), false);
  for (const auto leaf : tree.leaves()) {
    if (!detail::is_survey(tree, leaf)) continue;
    std::optional<std::size_t> best;
    std::uint32_t best_depth = 0;
    for (std::size_t k = 0; k < spec.surveys.size(); ++k)
      if (auto d = match_depth(tree, leaf, spec.surveys[k].code); d && (!best || *d > best_depth)) {
        best = k;
        best_depth = *d;
      }
    std::optional<std::uint32_t> excluded_depth;
    for (const auto& code : spec.excluded)
      if (auto d = match_depth(tree, leaf, code); d && (!excluded_depth || *d > *excluded_depth))
        excluded_depth = d;
    if (excluded_depth && (!best || *excluded_depth >= best_depth)) {
      out.excluded.push_back(leaf);
      continue;
    }
    if (!best) {
      out.undeclared.push_back(tree[leaf].code);
      continue;
    }
    out.used[*best] = true;
    out.varied.emplace_back(leaf, *best);
  }
  return out;
}

// The units as scorecards: each node's score as score() gave it.
class card_units {
 public:
  explicit card_units(std::span<const scorecard> cards) : cards_(cards) {}
  [[nodiscard]] std::size_t size() const noexcept { return cards_.size(); }
  [[nodiscard]] const unit_info& unit(std::size_t u) const { return cards_[u].unit; }
  [[nodiscard]] const node_score& at(std::size_t u, std::size_t node) const {
    return cards_[u].scores.at(node);
  }
  [[nodiscard]] std::vector<std::optional<std::size_t>> baseline_ranks() const {
    return detail::competition_ranks(cards_);
  }

 private:
  std::span<const scorecard> cards_;
};

// The units of a matrix: the same node scores from the batch engine (equal to score()'s), read
// only where the run needs them — the total, the domains and the varied leaves.
class matrix_units {
 public:
  explicit matrix_units(const unit_matrix& m) : scores_(score_batch(m, nodes_of(m.tree()))) {}
  [[nodiscard]] std::size_t size() const noexcept { return scores_.unit_count(); }
  [[nodiscard]] const unit_info& unit(std::size_t u) const { return scores_.matrix().units()[u]; }
  [[nodiscard]] node_score at(std::size_t u, std::size_t node) const { return scores_.at(u, node); }
  [[nodiscard]] std::vector<std::optional<std::size_t>> baseline_ranks() const {
    return detail::competition_ranks(scores_.values(0));
  }

 private:
  static std::vector<std::size_t> nodes_of(const criterion_tree& tree) {
    std::vector<std::size_t> nodes = {0};
    for (const auto d : tree.children(0)) nodes.push_back(d);
    return nodes;
  }
  batch_scores scores_;
};

template <class Units>
uncertainty_result run_uncertainty(const criterion_tree& tree, const Units& cards,
                                   const uncertainty_spec& spec,
                                   const progress_callback& progress) {
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
  const auto resolved = resolve(tree, spec);
  r.excluded = resolved.excluded;
  for (const auto& [leaf, k] : resolved.varied) {
    leaves.push_back({leaf, domain_pos(leaf), &spec.surveys[k]});
    r.varied.push_back({leaf, describe_spec(spec.surveys[k], spec.model)});
  }
  const auto& undeclared = resolved.undeclared;
  if (!undeclared.empty()) {
    std::string list;
    for (const auto& c : undeclared) list += (list.empty() ? "" : ", ") + c;
    throw usage_error("uncertainty: survey criteria without a sample size or interval: " + list +
                      " (declare them or exclude them explicitly)");
  }
  for (std::size_t k = 0; k < spec.surveys.size(); ++k)
    if (!resolved.used[k])
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
    double sd = 0;  // normal model: the draw's standard deviation (share or points)
  };
  std::vector<std::vector<unit_leaf>> unit_leaves(cards.size());
  using boost::multiprecision::cpp_int;
  // A unit whose % of max is unknown (points not published, read under missing: unknown) has
  // no rank to be unsure of: bad input, reported per unit (without a position: the caller, which
  // knows where the unit was read, adds it).
  {
    detail::diagnostics unknown;
    for (std::size_t u = 0; u < cards.size(); ++u)
      if (!cards.at(u, 0).percent())
        unknown.add("uncertainty-unknown-percent", {},
                    "unit '" + cards.unit(u).id +
                        "' has no known % of max (some of its points are not published): give "
                        "its points, or leave it out of the units this run reads",
                    cards.unit(u).id);
    unknown.throw_if_any();
  }
  for (std::size_t u = 0; u < cards.size(); ++u) {
    const auto row = static_cast<Eigen::Index>(u);
    for (std::size_t d = 0; d < domains.size(); ++d) {
      const auto& s = cards.at(u, domains[d]);
      if (!s.applicable) continue;
      const auto col = static_cast<Eigen::Index>(d);
      fixed_points(row, col) = static_cast<double>(s.points->to_rational());
      domain_max(row, col) = static_cast<double>(s.max->to_rational());
    }
    for (const auto& v : leaves) {
      const auto& s = cards.at(u, v.leaf);
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
                   v.spec,
                   0.0};
      fixed_points(row, static_cast<Eigen::Index>(v.domain)) -= ul.share * ul.max;
      unit_leaves[u].push_back(ul);
    }
  }

  const auto draws = static_cast<Eigen::Index>(spec.draws);
  Eigen::MatrixXd percent(draws, n_units);
  // Ranks per draw and unit (0 for units not ranked): 1 + the ranked units strictly above.
  std::vector<std::uint32_t> draw_ranks(spec.draws * cards.size(), 0);
  std::vector<Eigen::Index> ranked_units;
  for (std::size_t u = 0; u < cards.size(); ++u)
    if (cards.unit(u).ranked) ranked_units.push_back(static_cast<Eigen::Index>(u));
  const double jitter =
      spec.weight_jitter ? static_cast<double>(spec.weight_jitter->to_rational()) : 0.0;
  for (auto& leaves_of : unit_leaves)
    for (auto& ul : leaves_of)
      ul.sd =
          ul.spec->sample_size
              ? std::sqrt(ul.share * (1 - ul.share) / static_cast<double>(*ul.spec->sample_size))
              : static_cast<double>(ul.spec->half_width->to_rational()) / 1.96;

  // Draw k depends only on (seed, k): each has its own counter-based stream, so any number of
  // threads computes the same draws.
  const auto run_draw = [&](Eigen::Index k, Eigen::VectorXd& factors, Eigen::MatrixXd& points,
                            std::vector<std::pair<double, Eigen::Index>>& order) {
    draw_stream gen(spec.seed, static_cast<std::uint64_t>(k));
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
            drawn = std::clamp(ul.share + ul.sd * standard_normal(gen), 0.0, 1.0) * ul.max;
          }
        } else {
          drawn = std::clamp(ul.share * ul.max + ul.sd * standard_normal(gen), 0.0, ul.max);
        }
        points(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(ul.domain)) += drawn;
      }
    }
    // Batch arithmetic over all units at once: Σ f·points ÷ Σ f·max.
    percent.row(k) =
        ((points * factors).array() / (domain_max * factors).array() * 100).transpose();
    // Competition ranks among the ranked units, by sorting: a NaN % (no maximum left) has no
    // unit strictly above it and is above none.
    order.clear();
    auto* ranks = draw_ranks.data() + static_cast<std::size_t>(k) * cards.size();
    for (const auto u : ranked_units) {
      const double p = percent(k, u);
      if (std::isnan(p))
        ranks[u] = 1;
      else
        order.emplace_back(p, u);
    }
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::size_t first_equal = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (i > 0 && order[i].first < order[i - 1].first) first_equal = i;
      ranks[order[i].second] = static_cast<std::uint32_t>(first_equal + 1);
    }
  };

  const unsigned threads = static_cast<unsigned>(std::clamp<std::size_t>(
      spec.threads ? spec.threads : std::max(1u, std::thread::hardware_concurrency()), 1,
      spec.draws));
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  // Draws are handed out one at a time (an atomic increment is nothing beside a draw); the
  // calling thread works too and reports progress after each of its draws.
  constexpr std::size_t batch = 1;
  const auto work = [&](bool report_progress, detail::progress_reporter* report) {
    Eigen::VectorXd factors = Eigen::VectorXd::Ones(n_domains);
    Eigen::MatrixXd points(n_units, n_domains);
    std::vector<std::pair<double, Eigen::Index>> order;
    order.reserve(cards.size());
    for (;;) {
      if (stop.load(std::memory_order_relaxed)) return;
      const auto first = next.fetch_add(batch);
      if (first >= spec.draws) return;
      const auto last = std::min(first + batch, spec.draws);
      for (auto k = first; k < last; ++k) {
        run_draw(static_cast<Eigen::Index>(k), factors, points, order);
        const auto now = done.fetch_add(1) + 1;
        if (report_progress && now < spec.draws) report->at(now);  // finish() says "all"
      }
    }
  };
  detail::progress_reporter report(progress, spec.draws);
  {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(threads);
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back([&, t] {
        try {
          work(false, nullptr);
        } catch (...) {
          errors[t] = std::current_exception();
          stop = true;
        }
      });
    try {
      work(true, &report);
    } catch (...) {  // the callback's cancellation, or the machine's bad_alloc
      errors[0] = std::current_exception();
      stop = true;
    }
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
  }

  const auto baseline = cards.baseline_ranks();
  for (std::size_t u = 0; u < cards.size(); ++u) {
    if (!cards.unit(u).ranked) continue;
    const auto col = static_cast<Eigen::Index>(u);
    std::vector<std::size_t> ranks(spec.draws);
    std::size_t hit_percent = 0, hit_rank = 0;
    for (Eigen::Index k = 0; k < draws; ++k) {
      const std::size_t rank_k = draw_ranks[static_cast<std::size_t>(k) * cards.size() + u];
      ranks[static_cast<std::size_t>(k)] = rank_k;
      if (spec.target_percent && percent(k, col) >= static_cast<double>(*spec.target_percent))
        ++hit_percent;
      if (spec.target_rank && rank_k <= *spec.target_rank) ++hit_rank;
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
  report.finish();
  return r;
}

}  // namespace

uncertainty_result simulate_uncertainty(const criterion_tree& tree,
                                        std::span<const scorecard> cards,
                                        const uncertainty_spec& spec,
                                        const progress_callback& progress) {
  return run_uncertainty(tree, card_units(cards), spec, progress);
}

uncertainty_result simulate_uncertainty(const unit_matrix& units, const uncertainty_spec& spec,
                                        const progress_callback& progress) {
  return run_uncertainty(units.tree(), matrix_units(units), spec, progress);
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

namespace {

using detail::diagnostics;
using detail::file_name_ptr;
using detail::location_of;
using detail::mapping;

// More draws than this is a typo, not a plan: the run keeps draws × units estimates in memory.
constexpr std::uint64_t max_draws = 10'000'000;

bool has_survey_leaf(const criterion_tree& tree, std::size_t node) {
  for (auto i = node; i < tree[node].subtree_end; ++i)
    if (tree.is_leaf(i) && detail::is_survey(tree, i)) return true;
  return false;
}

std::string text(const decimal& d) {
  return d.normalized().to_string();
}

class uncertainty_reader {
 public:
  uncertainty_reader(const criterion_tree& tree, file_name_ptr file)
      : tree_(tree), file_(std::move(file)) {
    for (const auto& n : tree_.nodes())
      if (!n.code.empty()) codes_.push_back(n.code);
  }

  uncertainty_spec read(std::string_view text_in) {
    const auto root = detail::parse_yaml(text_in, file_);
    uncertainty_spec spec;
    if (!detail::check_file_kind(root, file_, diag_, "chiso/uncertainty")) {
      diag_.throw_if_any();
      return spec;
    }
    mapping top(root, file_, diag_, "uncertainty file",
                {"kind", "format_version", "criteria", "note", "draws", "seed", "model", "surveys",
                 "excluded", "weight_jitter", "target_percent", "target_rank"});
    if (auto criteria = top.required_string("criteria"); criteria && *criteria != tree_.info().id)
      diag_.add("wrong-criteria", location_of(file_, top.get("criteria")->Mark()),
                "uncertainty file: written for criteria '" + *criteria + "', not '" +
                    tree_.info().id + "'");
    top.optional_string("note");
    if (!top.has("draws")) {
      diag_.add("missing-key", top.where(),
                "uncertainty file: missing key 'draws' (the number of draws)");
    } else if (auto n = count(top, "draws", 1, max_draws)) {
      spec.draws = static_cast<std::size_t>(*n);
    }
    if (!top.has("seed")) {
      diag_.add("missing-key", top.where(),
                "uncertainty file: missing key 'seed' (the same seed gives the same result)");
    } else if (auto n = count(top, "seed", 0, std::numeric_limits<std::uint64_t>::max())) {
      spec.seed = *n;
    }
    if (auto model = top.get("model")) {
      const std::string m = model->IsScalar() ? model->Scalar() : "";
      if (m == "normal") {
        spec.model = sampling_model::normal;
      } else if (m == "binomial") {
        spec.model = sampling_model::binomial;
      } else {
        std::string message = "uncertainty file: unknown model '" + m + "'";
        if (auto guess = detail::nearest(m, {"binomial", "normal"}))
          message += " (did you mean '" + *guess + "'?)";
        else
          message += " (expected 'binomial' or 'normal')";
        diag_.add("unknown-model", location_of(file_, model->Mark()), message);
      }
    }
    const bool surveys_ok = read_surveys(top, spec);
    const bool excluded_ok = read_excluded(top, spec);
    if (auto j = top.optional_decimal("weight_jitter")) {
      if (j->is_negative() || *j >= decimal(1))
        diag_.add("uncertainty-jitter", location_of(file_, top.get("weight_jitter")->Mark()),
                  "uncertainty file: 'weight_jitter' must be at least 0 and below 1 (a fraction "
                  "of each domain's weight), not " +
                      text(*j));
      else
        spec.weight_jitter = j;
    }
    if (auto p = top.optional_decimal("target_percent")) {
      if (p->is_negative() || *p > decimal(100))
        diag_.add("percent-range", location_of(file_, top.get("target_percent")->Mark()),
                  "uncertainty file: 'target_percent' must be between 0 and 100, not " + text(*p));
      else
        spec.target_percent = p->to_rational();
    }
    if (top.has("target_rank"))
      if (auto n = count(top, "target_rank", 1, std::numeric_limits<std::int64_t>::max()))
        spec.target_rank = static_cast<std::size_t>(*n);
    if (surveys_ok && excluded_ok) check_coverage(top, spec);
    diag_.throw_if_any();
    return spec;
  }

 private:
  // A whole number in [low, high], read exactly (a seed may exceed any decimal's range).
  std::optional<std::uint64_t> count(mapping& m, std::string_view key, std::uint64_t low,
                                     std::uint64_t high) {
    const auto node = *m.get(key);
    const auto where = location_of(file_, node.Mark());
    const std::string what = m.context() + ": '" + std::string(key) + "'";
    const bool open = high >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    const std::string range = open && low > 0
                                  ? "of at least " + std::to_string(low)
                                  : "from " + std::to_string(low) + " to " + std::to_string(high);
    if (node.IsScalar()) {
      const std::string& s = node.Scalar();
      std::uint64_t value = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
      if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) {
        if (value >= low && value <= high) return value;
        diag_.add("not-a-whole-number", where,
                  what + " must be a whole number " + range + ", not " + s);
        return std::nullopt;
      }
      if (ec == std::errc::result_out_of_range) {
        diag_.add("not-a-whole-number", where,
                  what + " must be a whole number " + range + ", not " + s);
        return std::nullopt;
      }
    }
    // Not a plain count: a count is never a decimal, so a comma can only group thousands
    // ("1,000", "10,000,000" from an English export) or be a mistake ("2000,5").
    if (!node.IsScalar()) {
      diag_.add("not-a-whole-number", where, what + " must be a whole number " + range);
      return std::nullopt;
    }
    const std::string& s = node.Scalar();
    const auto as_decimal = decimal::parse(s);
    if (as_decimal && as_decimal->scale() == 0) {  // a whole number out of range: -1
      diag_.add("not-a-whole-number", where,
                what + " must be a whole number " + range + ", not " + s);
      return std::nullopt;
    }
    std::string message = what + " must be a whole number " + range + ", not '" + s + "'";
    std::string digits;
    bool grouped = !s.empty() && s.front() != ',';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size() && grouped; ++i) {
      if (s[i] == ',') {
        grouped = digits.empty() ? false : (run == 3 || digits.size() == run) && run <= 3;
        run = 0;
      } else if (s[i] >= '0' && s[i] <= '9') {
        digits += s[i];
        ++run;
      } else {
        grouped = false;
      }
    }
    grouped = grouped && run == 3 && s.find(',') != std::string::npos;
    if (grouped)
      message += " (write " + digits + " if the comma separates thousands)";
    else if (as_decimal || s.find(',') != std::string::npos)
      message += ": a count has no decimals";
    diag_.add("not-a-whole-number", where, std::move(message));
    return std::nullopt;
  }

  // A criterion code in the tree under or above which a survey leaf lies; reports otherwise.
  std::optional<std::size_t> survey_code(const std::string& code, const source_location& where,
                                         const std::string& context) {
    const auto found = tree_.find(code);
    if (!found || code.empty()) {
      std::string message = context + ": unknown criterion '" + code + "' (not in criteria '" +
                            tree_.info().id + "')";
      if (auto guess = detail::nearest(code, codes_)) message += "; did you mean '" + *guess + "'?";
      diag_.add("unknown-criterion", where, message);
      return std::nullopt;
    }
    if (!has_survey_leaf(tree_, *found)) {
      diag_.add("not-survey", where,
                context + ": criterion '" + code +
                    "' is not measured by survey (no criterion with method 'survey' on it, "
                    "above or below it)");
      return std::nullopt;
    }
    return found;
  }

  bool read_surveys(mapping& top, uncertainty_spec& spec) {
    const auto list = top.get("surveys");
    if (!list || list->IsNull()) return true;
    if (!list->IsSequence()) {
      diag_.add("not-a-list", location_of(file_, list->Mark()),
                "uncertainty file: 'surveys' must be a list of {code, sample_size} or {code, "
                "half_width}");
      return false;
    }
    bool ok = true;
    std::map<std::string, source_location> seen;
    std::size_t n = 0;
    for (const auto& item : *list) {
      ++n;
      mapping m(item, file_, diag_, "survey " + std::to_string(n),
                {"code", "sample_size", "half_width"});
      if (!m.is_mapping()) {  // reported by mapping
        ok = false;
        continue;
      }
      survey_spec s;
      bool item_ok = true;
      if (const auto code = m.required_string("code")) {
        s.code = *code;
        const auto where = location_of(file_, m.get("code")->Mark());
        if (!survey_code(*code, where, m.context())) item_ok = false;
        const auto twin = seen.find(*code);
        if (twin != seen.end()) {
          diag_.add(
              "survey-twice", where,
              m.context() + ": '" + *code + "' is already declared at " + twin->second.to_string());
          item_ok = false;
        } else {
          seen.emplace(*code, where);
        }
      } else {
        item_ok = false;
      }
      if (m.has("sample_size") == m.has("half_width")) {
        diag_.add("survey-size", m.where(),
                  m.context() +
                      ": give exactly one of 'sample_size' (respondents) or "
                      "'half_width' (points, 95% interval)");
        item_ok = false;
      } else if (m.has("sample_size")) {
        if (auto size = count(m, "sample_size", 1, std::numeric_limits<std::int64_t>::max()))
          s.sample_size = static_cast<std::int64_t>(*size);
        else
          item_ok = false;
      } else if (auto w = m.optional_decimal("half_width")) {
        if (w->is_negative()) {
          diag_.add("negative-value", location_of(file_, m.get("half_width")->Mark()),
                    m.context() + ": 'half_width' must not be negative, not " + text(*w));
          item_ok = false;
        }
        s.half_width = w;
      } else {
        item_ok = false;
      }
      if (item_ok)
        spec.surveys.push_back(std::move(s));
      else
        ok = false;
    }
    return ok;
  }

  bool read_excluded(mapping& top, uncertainty_spec& spec) {
    const auto list = top.get("excluded");
    if (!list || list->IsNull()) return true;
    if (!list->IsSequence()) {
      diag_.add("not-a-list", location_of(file_, list->Mark()),
                "uncertainty file: 'excluded' must be a list of criterion codes");
      return false;
    }
    bool ok = true;
    for (const auto& item : *list) {
      const auto where = location_of(file_, item.Mark());
      if (!item.IsScalar() || item.Scalar().empty()) {
        diag_.add("not-text", where, "excluded: expected a criterion code");
        ok = false;
      } else if (survey_code(item.Scalar(), where, "excluded")) {
        spec.excluded.push_back(item.Scalar());
      } else {
        ok = false;
      }
    }
    return ok;
  }

  // What simulate_uncertainty would refuse for any data set, reported here with a position so
  // that `chiso validate` finds it before a run.
  void check_coverage(mapping& top, const uncertainty_spec& spec) {
    const auto resolved = resolve(tree_, spec);
    if (!resolved.undeclared.empty()) {
      std::string list;
      for (const auto& c : resolved.undeclared) list += (list.empty() ? "" : ", ") + c;
      diag_.add("survey-undeclared", top.has("surveys") ? top.key_where("surveys") : top.where(),
                "uncertainty file: survey criteria neither in 'surveys' nor 'excluded': " + list +
                    " (nothing is varied or held fixed silently)");
    }
    const auto list = top.get("surveys");
    for (std::size_t k = 0; k < spec.surveys.size(); ++k)
      if (!resolved.used[k])
        diag_.add("survey-unused", location_of(file_, (*list)[k].Mark()),
                  "survey " + std::to_string(k + 1) + ": '" + spec.surveys[k].code +
                      "' varies nothing: every survey criterion under it is excluded or declared "
                      "more specifically");
  }

  const criterion_tree& tree_;
  file_name_ptr file_;
  diagnostics diag_;
  std::vector<std::string_view> codes_;
};

}  // namespace

uncertainty_spec parse_uncertainty_spec(std::string_view yaml, std::string file_name,
                                        const criterion_tree& tree) {
  return detail::guarded(file_name, [&]() -> uncertainty_spec {
    auto file = std::make_shared<const std::string>(file_name);
    return uncertainty_reader(tree, file).read(yaml);
  });
}

uncertainty_spec load_uncertainty_spec(const std::filesystem::path& file,
                                       const criterion_tree& tree) {
  return parse_uncertainty_spec(detail::read_file(file), file.string(), tree);
}

}  // namespace chiso
