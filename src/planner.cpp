#include "chiso/planner.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>

#include "chiso/batch.hpp"
#include "chiso/error.hpp"
#include "simulation_support.hpp"
#include "yaml_support.hpp"

namespace chiso {

namespace {

const criterion_setting* deepest(const criterion_tree& tree, std::size_t leaf,
                                 std::span<const criterion_setting> settings, bool want_cap) {
  for (auto i = static_cast<std::uint32_t>(leaf); i != criterion::no_parent; i = tree[i].parent)
    for (const auto& s : settings) {
      if (s.code != tree[i].code) continue;
      if (want_cap ? (s.cap_percent || s.cap_points) : s.cost.has_value()) return &s;
    }
  return nullptr;
}

std::size_t unit_index(std::span<const scorecard> cards, std::string_view id) {
  for (std::size_t u = 0; u < cards.size(); ++u)
    if (cards[u].unit.id == id) return u;
  throw usage_error("unknown unit '" + std::string(id) + "'");
}

rational known_percent(const scorecard& card) {
  const auto p = card.total().percent();
  if (!p)
    throw usage_error("unit '" + card.unit.id +
                      "': its % of max is unknown (a partial tree or an unknown maximum)");
  return *p;
}

// The others' exact %, best first: the unit is held against these fixed values.
std::vector<rational> others_percent(std::span<const scorecard> cards, std::size_t unit) {
  std::vector<rational> out;
  for (std::size_t u = 0; u < cards.size(); ++u) {
    if (u == unit || !cards[u].unit.ranked) continue;
    if (auto p = cards[u].total().percent()) out.push_back(*p);
  }
  std::sort(out.begin(), out.end(), std::greater<>());
  return out;
}

std::size_t rank_against(const std::vector<rational>& others, const rational& percent) {
  return 1 + static_cast<std::size_t>(std::count_if(
                 others.begin(), others.end(), [&](const rational& o) { return o > percent; }));
}

// Points to add so that points/max reaches `percent`, rounded up to the tree's decimals.
decimal points_to_reach(const rational& percent, const decimal& max, const decimal& points,
                        int decimals) {
  const rational missing = percent * max.to_rational() / 100 - points.to_rational();
  if (missing <= 0) return decimal::from_units(0, decimals);
  return detail::ceil_to_decimals(missing, decimals);
}

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw overflow_error("plan cost does not fit 64 bits");
  return out;
}

// Whole-criterion mode: choose a subset of items (room r_i > 0, cost c_i >= 0, integers) with
// Σ r_i >= need at the least Σ c_i. f_i(j) = least cost covering j more grains with items
// i..n-1; f_n(0) = 0, f_n(j > 0) = ∞; f_i(j) = min(f_{i+1}(j), c_i + f_{i+1}(max(0, j − r_i))).
// Exact (dynamic programming over every j), O(n × need) time, n × need bits of memory.
std::vector<bool> cover_exactly(const std::vector<std::int64_t>& room,
                                const std::vector<std::int64_t>& cost, std::int64_t need) {
  const std::size_t n = room.size();
  const auto width = static_cast<std::size_t>(need) + 1;
  if (n * width > std::size_t{400'000'000})
    throw usage_error("whole-criterion plan too large: " + std::to_string(n) + " criteria × " +
                      std::to_string(need) +
                      " grains of points; use fewer decimals or the fractional mode");
  constexpr std::int64_t inf = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> next(width, inf), cur(width, inf);
  next[0] = 0;
  std::vector<bool> take(n * width, false);
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = 0; j < width; ++j) {
      cur[j] = next[j];
      const auto rest = static_cast<std::size_t>(
          std::max<std::int64_t>(0, static_cast<std::int64_t>(j) - room[i]));
      if (next[rest] == inf) continue;
      const std::int64_t with = checked_add(cost[i], next[rest]);
      if (with < cur[j]) {
        cur[j] = with;
        take[i * width + j] = true;
      }
    }
    std::swap(cur, next);
  }
  std::vector<bool> chosen(n, false);
  auto j = static_cast<std::size_t>(need);
  for (std::size_t i = 0; i < n; ++i) {
    if (!take[i * width + j]) continue;
    chosen[i] = true;
    j = static_cast<std::size_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(j) - room[i]));
  }
  return chosen;
}

}  // namespace

std::vector<leaf_room> leaf_rooms(const criterion_tree& tree, const scorecard& card,
                                  std::span<const criterion_setting> settings) {
  const int decimals = tree.info().decimals;
  std::vector<leaf_room> out;
  for (const auto leaf : tree.leaves()) {
    const auto& s = card.scores.at(leaf);
    if (!s.applicable) continue;
    if (!s.max || !s.points)
      throw usage_error("unit '" + card.unit.id + "': criterion '" + tree[leaf].code +
                        "' has no known maximum");
    decimal cap = *s.max;
    if (const auto* set = deepest(tree, leaf, settings, true)) {
      if (set->cap_points) cap = std::min(cap, *set->cap_points);
      if (set->cap_percent)
        cap = std::min(cap, detail::floor_to_decimals(
                                *set->cap_percent * s.max->to_rational() / 100, decimals));
    }
    cap = std::max(cap, *s.points);
    std::optional<decimal> cost;
    if (const auto* set = deepest(tree, leaf, settings, false)) cost = set->cost;
    out.push_back({leaf, *s.points, cap, cap - *s.points, cost});
  }
  return out;
}

rank_gain_result rank_gain(const criterion_tree& tree, std::span<const scorecard> cards,
                           std::size_t unit, std::span<const criterion_setting> settings) {
  const auto& card = cards[unit];
  if (!card.unit.ranked) throw usage_error("unit '" + card.unit.id + "' is not ranked");
  rank_gain_result r;
  r.unit = unit;
  r.percent = known_percent(card);
  const auto others = others_percent(cards, unit);
  r.rank = rank_against(others, r.percent);
  const auto rooms = leaf_rooms(tree, card, settings);
  const auto& total = card.total();
  std::optional<rational> previous;
  // Nearest better % first; equal % of several units is one step.
  for (auto it = others.rbegin(); it != others.rend(); ++it) {
    if (*it <= r.percent || (previous && *previous == *it)) continue;
    previous = *it;
    rank_step step;
    step.rank = rank_against(others, *it);
    step.percent = *it;
    step.percent_needed = *it - r.percent;
    step.points_needed = points_to_reach(*it, *total.max, *total.points, tree.info().decimals);
    for (const auto& room : rooms)
      if (room.room >= step.points_needed) step.single_criteria.push_back(tree[room.node].code);
    r.steps.push_back(std::move(step));
  }
  return r;
}

// Why the fractional greedy is exactly optimal. The problem is: minimise Σ w_i x_i subject to
// Σ x_i >= N and 0 <= x_i <= h_i, where x_i, h_i and N are integers counted in grains of
// 10^-decimals points and w_i >= 0 is the cost per grain (1 under the points objective).
// (1) Relaxation: let x be any optimal real solution. If some x_j > 0 while a cheaper item i
//     (w_i < w_j, or w_i = w_j earlier in the greedy order) has x_i < h_i, moving
//     δ = min(x_j, h_i − x_i) from j to i keeps feasibility and changes the cost by
//     δ (w_i − w_j) <= 0. Repeating the exchange turns x into the greedy solution — items filled
//     to h_i in order of w, the last one partially, stopping at exactly N (any excess could be
//     removed at no gain since w >= 0) — without raising the cost, so greedy is optimal for the
//     relaxation.
// (2) Integrality: greedy fills whole h_i (integers) and then N − Σ(previous h_i) (an integer),
//     so its solution is integral. A solution optimal over the reals that is integral is optimal
//     over the integers, which are a subset. Hence greedy is the exact optimum at the tree's
//     granularity. (This fails for the 0/1 "whole criterion" variant, solved by DP instead.)
namespace {

// The plan for `card` held against the others' exact % (best first).
plan plan_against(const criterion_tree& tree, const scorecard& card,
                  const std::vector<rational>& others, const plan_request& request) {
  const int decimals = tree.info().decimals;
  plan p;
  p.percent_before = known_percent(card);
  if (card.unit.ranked) p.rank_before = rank_against(others, p.percent_before);
  const decimal max = *card.total().max, points = *card.total().points;

  if (request.target.type == plan_target::kind::percent) {
    p.target_percent = request.target.percent;
  } else {
    if (!card.unit.ranked) throw usage_error("unit '" + card.unit.id + "' is not ranked");
    if (request.target.rank == 0) throw usage_error("target rank must be 1 or more");
    // Top N: at most N − 1 others strictly above, i.e. at least the N-th best other's % (ties
    // share the better rank, so equality suffices).
    p.target_percent =
        others.size() < request.target.rank ? p.percent_before : others[request.target.rank - 1];
  }
  p.points_needed = points_to_reach(p.target_percent, max, points, decimals);
  p.already_met = p.points_needed.is_zero();
  p.total_points = p.total_cost = decimal::from_units(0, decimals);

  struct item {
    leaf_room room;
    decimal cost;  // per point
  };
  std::vector<item> items;
  p.points_available = decimal::from_units(0, decimals);
  for (const auto& room : leaf_rooms(tree, card, request.settings)) {
    if (room.room.is_zero()) continue;
    decimal cost = 1;
    if (request.objective == plan_objective::cost) {
      if (room.cost)
        cost = *room.cost;
      else if (request.default_cost)
        cost = *request.default_cost;
      else
        throw usage_error("criterion '" + tree[room.node].code +
                          "' has no cost and the plan declares no default_cost");
    }
    if (cost.is_negative())
      throw usage_error("criterion '" + tree[room.node].code + "' has a negative cost");
    p.points_available += room.room;
    items.push_back({room, cost});
  }
  // Cheapest per point first; among equals the larger room (fewer criteria), then tree order.
  std::stable_sort(items.begin(), items.end(), [](const item& a, const item& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    return a.room.room > b.room.room;
  });
  p.feasible = p.points_available >= p.points_needed;
  if (!p.feasible || p.already_met) return p;

  std::vector<decimal> gained(items.size(), decimal::from_units(0, decimals));
  const std::int64_t need = detail::to_grains(p.points_needed, decimals);
  if (request.mode == plan_mode::fractional) {
    decimal left = p.points_needed;
    for (std::size_t i = 0; i < items.size() && !left.is_zero(); ++i) {
      gained[i] = std::min(items[i].room.room, left);
      left -= gained[i];
    }
  } else {
    std::vector<std::int64_t> room, cost;
    int cost_scale = 0;
    std::vector<decimal> whole_cost;
    for (const auto& it : items) {
      whole_cost.push_back(it.cost * it.room.room);
      cost_scale = std::max(cost_scale, whole_cost.back().scale());
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      room.push_back(detail::to_grains(items[i].room.room, decimals));
      cost.push_back(whole_cost[i].with_scale(cost_scale).units());
    }
    const auto chosen = cover_exactly(room, cost, need);
    for (std::size_t i = 0; i < items.size(); ++i)
      if (chosen[i]) gained[i] = items[i].room.room;
  }

  decimal total = points;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (gained[i].is_zero()) continue;
    total += gained[i];
    const decimal cost = items[i].cost * gained[i];
    p.total_points += gained[i];
    p.total_cost += cost;
    plan_step step{items[i].room.node, gained[i], cost, total, std::nullopt, std::nullopt};
    step.percent =
        max.is_zero() ? std::nullopt : std::optional(total.to_rational() / max.to_rational() * 100);
    if (card.unit.ranked && step.percent) step.rank = rank_against(others, *step.percent);
    p.steps.push_back(step);
  }
  return p;
}

}  // namespace

plan make_plan(const criterion_tree& tree, std::span<const scorecard> cards,
               const plan_request& request) {
  const std::size_t unit = unit_index(cards, request.unit);
  return plan_against(tree, cards[unit], others_percent(cards, unit), request);
}

plan make_plan(const unit_matrix& units, const plan_request& request) {
  const auto& ids = units.units();
  const auto it = std::find_if(ids.begin(), ids.end(),
                               [&](const unit_info& u) { return u.id == request.unit; });
  if (it == ids.end()) throw usage_error("unknown unit '" + request.unit + "'");
  const auto unit = static_cast<std::size_t>(it - ids.begin());
  // Every unit's total for the others' %, and the unit's own card from its sheet (score()).
  const std::size_t root[] = {0};
  const auto percent = detail::ranked_percents(score_batch(units, root));
  const auto card = score(units.tree(), detail::sheet_of(units, unit));
  std::vector<rational> others;
  for (std::size_t u = 0; u < percent.size(); ++u)
    if (u != unit && percent[u]) others.push_back(*percent[u]);
  std::sort(others.begin(), others.end(), std::greater<>());
  return plan_against(units.tree(), card, others, request);
}

namespace {

using detail::diagnostics;
using detail::file_name_ptr;
using detail::location_of;
using detail::mapping;

class plan_reader {
 public:
  plan_reader(const criterion_tree& tree, std::span<const unit_info> units, file_name_ptr file)
      : tree_(tree), units_(units), file_(std::move(file)) {}

  plan_request read(std::string_view text) {
    const auto root = detail::parse_yaml(text, file_);
    plan_request r;
    if (!detail::check_file_kind(root, file_, diag_, "chiso/plan")) {
      diag_.throw_if_any();
      return r;
    }
    mapping top(root, file_, diag_, "plan file",
                {"kind", "format_version", "criteria", "unit", "target", "mode", "objective",
                 "default_cost", "settings", "note"});
    if (auto criteria = top.required_string("criteria"); criteria && *criteria != tree_.info().id)
      diag_.add(
          "wrong-criteria", location_of(file_, top.get("criteria")->Mark()),
          "plan file: written for criteria '" + *criteria + "', not '" + tree_.info().id + "'");
    top.optional_string("note");
    if (auto unit = top.required_string("unit")) {
      std::vector<std::string_view> known;
      for (const auto& u : units_) known.push_back(u.id);
      if (std::find(known.begin(), known.end(), *unit) == known.end()) {
        std::string message = "plan file: unknown unit '" + *unit + "'";
        if (auto guess = detail::nearest(*unit, known))
          message += "; did you mean '" + *guess + "'?";
        diag_.add("unknown-unit", location_of(file_, top.get("unit")->Mark()), message);
      }
      r.unit = *unit;
    }
    read_target(top, r);
    if (auto mode = top.get("mode")) {
      const std::string m = mode->IsScalar() ? mode->Scalar() : "";
      if (m == "fractional")
        r.mode = plan_mode::fractional;
      else if (m == "whole_criterion")
        r.mode = plan_mode::whole_criterion;
      else
        diag_.add(
            "plan-mode", location_of(file_, mode->Mark()),
            "plan file: unknown mode '" + m + "' (expected 'fractional' or 'whole_criterion')");
    }
    if (auto objective = top.get("objective")) {
      const std::string o = objective->IsScalar() ? objective->Scalar() : "";
      if (o == "points")
        r.objective = plan_objective::points;
      else if (o == "cost")
        r.objective = plan_objective::cost;
      else
        diag_.add("plan-objective", location_of(file_, objective->Mark()),
                  "plan file: unknown objective '" + o + "' (expected 'points' or 'cost')");
    }
    r.default_cost = top.optional_decimal("default_cost");
    if (r.default_cost && r.default_cost->is_negative())
      diag_.add("negative-value", location_of(file_, top.get("default_cost")->Mark()),
                "plan file: 'default_cost' must not be negative");
    if (auto settings = top.get("settings")) read_settings(*settings, r);
    diag_.throw_if_any();
    return r;
  }

 private:
  void read_target(mapping& top, plan_request& r) {
    const auto node = top.get("target");
    if (!node) {
      if (top.is_mapping())
        diag_.add("missing-key", top.where(), "plan file: missing key 'target'");
      return;
    }
    mapping t(*node, file_, diag_, "target", {"percent", "rank"});
    if (!t.is_mapping()) return;
    if (t.has("percent") == t.has("rank")) {
      diag_.add("plan-target", t.where(), "target: give exactly one of 'percent' or 'rank'");
      return;
    }
    if (t.has("percent")) {
      if (auto p = t.optional_decimal("percent")) {
        if (p->is_negative() || *p > decimal(100))
          diag_.add("percent-range", location_of(file_, t.get("percent")->Mark()),
                    "target: 'percent' must be between 0 and 100");
        r.target = plan_target::at_least_percent(p->to_rational());
      }
      return;
    }
    if (auto n = t.optional_int("rank")) {
      if (*n < 1)
        diag_.add("plan-target", location_of(file_, t.get("rank")->Mark()),
                  "target: 'rank' must be 1 or more");
      else
        r.target = plan_target::top(static_cast<std::size_t>(*n));
    }
  }

  void read_settings(const YAML::Node& node, plan_request& r) {
    mapping codes(node, file_, diag_, "settings", {});
    if (!codes.is_mapping()) return;
    std::vector<std::string_view> all;
    for (const auto& n : tree_.nodes())
      if (!n.code.empty()) all.push_back(n.code);
    for (const auto& kv : node) {
      const std::string code = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const auto key_where = location_of(file_, kv.first.Mark());
      const auto index = tree_.find(code);
      if (!index || code.empty()) {
        std::string message = "settings: unknown criterion '" + code + "' (not in criteria '" +
                              tree_.info().id + "')";
        if (auto guess = detail::nearest(code, all)) message += "; did you mean '" + *guess + "'?";
        diag_.add("unknown-criterion", key_where, message);
        continue;
      }
      const auto& crit = tree_[*index];
      mapping m(kv.second, file_, diag_, "settings '" + code + "'", {"cap", "cap_percent", "cost"});
      if (!m.is_mapping()) continue;
      criterion_setting s;
      s.code = code;
      s.where = key_where;
      if (auto cap = m.optional_decimal("cap")) {
        const auto where = location_of(file_, m.get("cap")->Mark());
        if (!tree_.is_leaf(*index))
          diag_.add("plan-cap", where,
                    m.context() + ": 'cap' in points is for a leaf; use 'cap_percent'");
        else if (cap->is_negative() || (crit.max && *cap > *crit.max))
          diag_.add(
              "plan-cap", where,
              m.context() + ": cap " + cap->normalized().to_string() + " is past the maximum " +
                  (crit.max ? crit.max->normalized().to_string() : "?") + " of '" + code + "'");
        else
          s.cap_points = cap;
      }
      if (auto cap = m.optional_decimal("cap_percent")) {
        if (cap->is_negative() || *cap > decimal(100))
          diag_.add("percent-range", location_of(file_, m.get("cap_percent")->Mark()),
                    m.context() + ": 'cap_percent' must be between 0 and 100");
        else
          s.cap_percent = cap->to_rational();
      }
      if (auto cost = m.optional_decimal("cost")) {
        if (cost->is_negative())
          diag_.add("negative-value", location_of(file_, m.get("cost")->Mark()),
                    m.context() + ": 'cost' must not be negative");
        else
          s.cost = cost;
      }
      r.settings.push_back(std::move(s));
    }
  }

  const criterion_tree& tree_;
  std::span<const unit_info> units_;
  file_name_ptr file_;
  diagnostics diag_;
};

}  // namespace

plan_request parse_plan_request(std::string_view yaml, std::string file_name,
                                const criterion_tree& tree, std::span<const unit_info> units) {
  return detail::guarded(file_name, [&]() -> plan_request {
    auto file = std::make_shared<const std::string>(file_name);
    return plan_reader(tree, units, file).read(yaml);
  });
}

plan_request load_plan_request(const std::filesystem::path& file, const criterion_tree& tree,
                               std::span<const unit_info> units) {
  return parse_plan_request(detail::read_file(file), file.string(), tree, units);
}

}  // namespace chiso
