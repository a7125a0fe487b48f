#include "chiso/batch.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <map>
#include <string>
#include <thread>

#include "batch_support.hpp"
#include "chiso/error.hpp"
#include "chiso/rule.hpp"
#include "score_support.hpp"

namespace chiso {

namespace {
constexpr auto none = std::numeric_limits<std::uint32_t>::max();

std::int64_t scaled(const decimal& value, int scale) {
  return value.with_scale(scale).units();
}
}  // namespace

unit_matrix::unit_matrix(const criterion_tree& tree, std::vector<unit_info> units)
    : tree_(&tree),
      units_(std::move(units)),
      scale_(tree.info().decimals),
      column_(tree.size(), none),
      cells_(cells_type::Zero(static_cast<Eigen::Index>(units_.size()),
                              static_cast<Eigen::Index>(tree.leaves().size()))),
      pattern_(units_.size(), 0) {
  if (units_.size() >= none) throw usage_error("unit_matrix: too many units");
  for (std::size_t c = 0; c < tree.leaves().size(); ++c)
    column_[tree.leaves()[c]] = static_cast<std::uint32_t>(c);
  intern(std::vector<cell_state>(tree.leaves().size(), cell_state::known));
  // A criterion that does not apply to a unit's group (`groups:` / `not_groups:`) starts out
  // not applicable for it, as score() treats it; one pattern per group.
  group_applicability_ = has_group_applicability(tree);
  if (!group_applicability_) return;
  for (std::size_t u = 0; u < units_.size(); ++u) pattern_[u] = group_pattern(units_[u].group);
}

std::uint32_t unit_matrix::group_pattern(const std::string& group) {
  if (!group_applicability_) return 0;
  auto it = group_patterns_.find(group);
  if (it == group_patterns_.end()) {
    const auto excluded = not_applicable_to_group(*tree_, group);
    std::vector<cell_state> pattern(tree_->leaves().size(), cell_state::known);
    for (std::size_t c = 0; c < pattern.size(); ++c)
      if (excluded[tree_->leaves()[c]]) pattern[c] = cell_state::not_applicable;
    it = group_patterns_.emplace(group, intern(std::move(pattern))).first;
  }
  return it->second;
}

unit_matrix::unit_matrix(const criterion_tree& tree, std::vector<unit_info> units, cells_type cells)
    : tree_(&tree),
      units_(std::move(units)),
      scale_(tree.info().decimals),
      column_(tree.size(), none),
      pattern_(units_.size(), 0) {
  if (units_.size() >= none) throw usage_error("unit_matrix: too many units");
  if (static_cast<std::size_t>(cells.rows()) != units_.size() ||
      static_cast<std::size_t>(cells.cols()) != tree.leaves().size())
    throw usage_error("unit_matrix: " + std::to_string(cells.rows()) + " × " +
                      std::to_string(cells.cols()) + " cells for " + std::to_string(units_.size()) +
                      " units × " + std::to_string(tree.leaves().size()) + " leaves");
  cells_ = std::move(cells);
  for (std::size_t c = 0; c < tree.leaves().size(); ++c)
    column_[tree.leaves()[c]] = static_cast<std::uint32_t>(c);
  intern(std::vector<cell_state>(tree.leaves().size(), cell_state::known));
  group_applicability_ = has_group_applicability(tree);  // for set_unit()
}

std::uint32_t unit_matrix::intern(std::vector<cell_state> pattern) {
  const auto [it, inserted] =
      pattern_ids_.try_emplace(pattern, static_cast<std::uint32_t>(patterns_.size()));
  if (inserted) patterns_.push_back(std::move(pattern));
  return it->second;
}

unit_matrix unit_matrix::from_sheets(const criterion_tree& tree,
                                     std::span<const score_sheet> sheets) {
  std::vector<unit_info> units;
  units.reserve(sheets.size());
  for (const auto& sheet : sheets) units.push_back(sheet.unit);
  unit_matrix m(tree, std::move(units));
  for (std::size_t u = 0; u < sheets.size(); ++u) m.set_unit(u, sheets[u]);
  return m;
}

void unit_matrix::set_unit(std::size_t u, const score_sheet& sheet) {
  if (u >= units_.size())
    throw usage_error("unit_matrix: unit " + std::to_string(u) + " of " +
                      std::to_string(units_.size()));
  const auto& tree = *tree_;
  validate_sheet(sheet, tree);
  units_[u] = sheet.unit;
  cells_.row(static_cast<Eigen::Index>(u)).setZero();
  pattern_[u] = group_pattern(sheet.unit.group);
  const bool unknown = sheet.missing == missing_policy::unknown;
  if (!sheet.not_applicable.empty() || unknown) {
    auto pattern = patterns_[pattern_[u]];
    if (unknown) {
      std::replace(pattern.begin(), pattern.end(), cell_state::known, cell_state::unknown);
      for (const auto& e : sheet.points) pattern[column_of(*tree.find(e.code))] = cell_state::known;
      for (const auto& e : sheet.inputs) pattern[column_of(*tree.find(e.code))] = cell_state::known;
    }
    for (const auto& na : sheet.not_applicable) {
      const auto i = *tree.find(na.code);
      for (auto j = i; j < tree[i].subtree_end; ++j)
        if (column_[j] != none) pattern[column_[j]] = cell_state::not_applicable;
    }
    pattern_[u] = intern(std::move(pattern));
  }
  for (const auto& e : sheet.points) set(u, column_of(*tree.find(e.code)), e.points);
  // Rule leaves hold the rule's points, rounded as the rule declares, as score() sums them.
  for (const auto& e : sheet.inputs) {
    const auto leaf = *tree.find(e.code);
    set(u, column_of(leaf), apply_rule(tree[leaf], e.values, e.where).points);
  }
}

std::size_t unit_matrix::column_of(std::size_t node) const {
  if (node >= column_.size() || column_[node] == none)
    throw usage_error("unit_matrix: node " + std::to_string(node) + " is not a leaf");
  return column_[node];
}

void unit_matrix::set(std::size_t unit, std::size_t column, const decimal& points) {
  const auto& code = (*tree_)[tree_->leaves().at(column)].code;
  const auto state_now = state(unit, column);
  if (state_now == cell_state::not_applicable)
    throw usage_error("unit_matrix: criterion '" + code + "' is not applicable to unit '" +
                      units_[unit].id + "'");
  if (points.normalized().scale() > scale_)
    throw usage_error("unit_matrix: criterion '" + code + "': points " + points.to_string() +
                      " have more decimals than the tree declares (" + std::to_string(scale_) +
                      ")");
  const auto value = detail::scaled_cell(points, scale_);
  if (!value)
    throw overflow_error("unit_matrix: criterion '" + code + "': points " + points.to_string() +
                         " do not fit a 32-bit cell at " + std::to_string(scale_) + " decimals");
  // Only a value that fits makes an unknown cell known.
  if (state_now == cell_state::unknown) set_state(unit, column, cell_state::known);
  cells_(static_cast<Eigen::Index>(unit), static_cast<Eigen::Index>(column)) = *value;
}

std::optional<std::int32_t> detail::scaled_cell(const decimal& points, int scale) {
  if (points.normalized().scale() > scale) return std::nullopt;
  std::int64_t value = 0;
  try {
    value = points.with_scale(scale).units();
  } catch (const overflow_error&) {
    return std::nullopt;  // beyond 64 bits: certainly beyond 32
  }
  if (value < std::numeric_limits<std::int32_t>::min() ||
      value > std::numeric_limits<std::int32_t>::max())
    return std::nullopt;
  return static_cast<std::int32_t>(value);
}

std::optional<decimal> unit_matrix::get(std::size_t unit, std::size_t column) const {
  if (state(unit, column) != cell_state::known) return std::nullopt;
  return decimal::from_units(
      cells_(static_cast<Eigen::Index>(unit), static_cast<Eigen::Index>(column)), scale_);
}

void unit_matrix::set_not_applicable(std::size_t unit, std::size_t column) {
  set_state(unit, column, cell_state::not_applicable);
}

void unit_matrix::set_unknown(std::size_t unit, std::size_t column) {
  set_state(unit, column, cell_state::unknown);
}

void unit_matrix::set_state(std::size_t unit, std::size_t column, cell_state s) {
  auto pattern = patterns_[pattern_.at(unit)];
  pattern.at(column) = s;
  pattern_[unit] = intern(std::move(pattern));
  cells_(static_cast<Eigen::Index>(unit), static_cast<Eigen::Index>(column)) = 0;
}

void unit_matrix::set_states(std::size_t unit, std::vector<cell_state> states) {
  if (unit >= unit_count()) throw usage_error("unit_matrix: no unit " + std::to_string(unit));
  if (states.size() != leaf_count())
    throw usage_error("unit_matrix: " + std::to_string(states.size()) + " leaf states for " +
                      std::to_string(leaf_count()) + " leaves");
  for (std::size_t c = 0; c < states.size(); ++c)
    if (states[c] != cell_state::known)
      cells_(static_cast<Eigen::Index>(unit), static_cast<Eigen::Index>(c)) = 0;
  pattern_.at(unit) = intern(std::move(states));
}

cell_state unit_matrix::state(std::size_t unit, std::size_t column) const {
  return patterns_[pattern_.at(unit)].at(column);
}

batch_scores score_batch(const unit_matrix& matrix, std::span<const std::size_t> nodes) {
  const auto& tree = matrix.tree();
  batch_scores b;
  b.matrix_ = &matrix;
  b.nodes_.assign(nodes.begin(), nodes.end());
  b.total_column_.assign(tree.size(), none);

  // Per leaf column: the scored inner nodes (columns of the totals) it adds into.
  std::vector<std::vector<Eigen::Index>> adds_into(matrix.leaf_count());
  std::uint32_t inner = 0;
  for (auto node : b.nodes_) {
    if (node >= tree.size())
      throw usage_error("score_batch: node " + std::to_string(node) + " is not in the tree");
    if (tree.is_leaf(node) && node != 0) continue;
    if (b.total_column_[node] != none) continue;
    b.total_column_[node] = inner;
    for (auto j = node; j < tree[node].subtree_end; ++j)
      if (tree.is_leaf(j) && j != 0) adds_into[matrix.column_of(j)].push_back(inner);
    ++inner;
  }
  const auto rows = static_cast<Eigen::Index>(matrix.unit_count());
  b.totals_.resize(rows, inner);
  // The totals are the product of the cells with the leaf→node incidence, summed here column
  // by column over row blocks: each cell is read once from memory and added into the block's
  // totals (block × nodes × 8 bytes, in cache), with no int64 copy of the cells (the copy
  // and the sparse product made scoring 10^6 × 150 several times slower than reading the
  // bytes). The blocks are shared between the cores (each writes its own rows of the totals).
  constexpr Eigen::Index block = 2048;
  const auto blocks = (rows + block - 1) / block;
  const auto threads =
      std::clamp<Eigen::Index>(static_cast<Eigen::Index>(std::thread::hardware_concurrency()), 1,
                               std::max<Eigen::Index>(blocks, 1));
  const auto& cells = matrix.cells();
  const auto sum_blocks = [&](Eigen::Index t) {
    for (auto k = t; k < blocks; k += threads) {
      const auto r = k * block;
      const auto n = std::min(block, rows - r);
      for (Eigen::Index j = 0; j < b.totals_.cols(); ++j) b.totals_.col(j).segment(r, n).setZero();
      for (std::size_t c = 0; c < adds_into.size(); ++c) {
        const std::int32_t* from = cells.col(static_cast<Eigen::Index>(c)).data() + r;
        for (const auto j : adds_into[c]) {
          std::int64_t* to = b.totals_.col(j).data() + r;
          for (Eigen::Index i = 0; i < n; ++i) to[i] += from[i];
        }
      }
    }
  };
  {
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
    const auto guarded = [&](Eigen::Index t) {
      try {
        sum_blocks(t);
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (Eigen::Index t = 1; t < threads; ++t) pool.emplace_back(guarded, t);
    guarded(0);
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
  }

  // Per pattern: the one-unit scorer on a sheet of zeros gives every constant.
  const int scale = matrix.scale();
  for (const auto& pattern : matrix.patterns()) {
    score_sheet zero;
    zero.criteria = tree.info().id;
    zero.missing = missing_policy::unknown;
    for (std::size_t c = 0; c < pattern.size(); ++c) {
      const auto& code = tree[tree.leaves()[c]].code;
      if (pattern[c] == cell_state::known)
        zero.points.push_back({code, decimal(), {}});
      else if (pattern[c] == cell_state::not_applicable)
        zero.not_applicable.push_back({code, {}});
    }
    // Zero is an offset here, not a score: a leaf's minimum does not apply.
    auto card = detail::score_unchecked(tree, zero);
    std::vector<batch_scores::shape> shapes(tree.size());
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const auto& s = card.scores[i];
      auto& out = shapes[i];
      out.applicable = s.applicable;
      out.complete = s.complete;
      out.points_known = s.points.has_value();
      out.gap_known = s.gap.has_value();
      out.max_known = s.max.has_value();
      if (s.points) out.points_offset = scaled(*s.points, scale);
      if (s.gap) out.gap_offset = scaled(*s.gap, scale);
      if (s.max) out.max = scaled(*s.max, scale);
      out.min = scaled(s.min, scale);
    }
    b.shapes_.push_back(std::move(shapes));
    b.zero_cards_.push_back(std::move(card));
  }
  return b;
}

batch_scores score_batch(const unit_matrix& matrix) {
  std::vector<std::size_t> all(matrix.tree().size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return score_batch(matrix, all);
}

std::int64_t batch_scores::leaf_sum(std::size_t unit, std::size_t node) const {
  if (node < total_column_.size() && total_column_[node] != none)
    return totals_(static_cast<Eigen::Index>(unit), total_column_[node]);
  const auto& tree = matrix_->tree();
  if (node < tree.size() && tree.is_leaf(node) && node != 0)
    return matrix_->cells()(static_cast<Eigen::Index>(unit),
                            static_cast<Eigen::Index>(matrix_->column_of(node)));
  throw usage_error("batch_scores: node " + std::to_string(node) + " was not scored");
}

node_score batch_scores::at(std::size_t unit, std::size_t node) const {
  if (unit >= unit_count()) throw usage_error("batch_scores: no unit " + std::to_string(unit));
  const auto sum = leaf_sum(unit, node);
  node_score r = zero_cards_[matrix_->pattern_of(unit)].scores.at(node);
  if (!r.applicable) return r;
  const auto s = decimal::from_units(sum, matrix_->scale());
  if (r.points) r.points = *r.points + s;
  if (r.gap) r.gap = *r.gap - s;
  return r;
}

scorecard batch_scores::card(std::size_t unit) const {
  scorecard c{matrix_->units().at(unit), 0, scoring_stage::final, {}};
  c.scores.reserve(matrix_->tree().size());
  for (std::size_t i = 0; i < matrix_->tree().size(); ++i) c.scores.push_back(at(unit, i));
  return c;
}

std::vector<std::optional<exact_value>> batch_scores::values(std::size_t node, measure m,
                                                             std::string_view group) const {
  const auto n = unit_count();
  std::vector<std::optional<exact_value>> out(n);
  if (n > 0) static_cast<void>(leaf_sum(0, node));  // throws when the node was not scored
  const auto& units = matrix_->units();
  for (std::size_t u = 0; u < n; ++u) {
    if (!units[u].ranked || (!group.empty() && units[u].group != group)) continue;
    const auto& s = shapes_[matrix_->pattern_of(u)][node];
    if (!s.applicable || !s.points_known) continue;
    const auto points = s.points_offset + leaf_sum(u, node);
    if (m == measure::points) {
      out[u] = exact_value{points, 1};
    } else if (s.max_known && s.max > 0) {
      out[u] = exact_value{points, s.max};
    }
  }
  return out;
}

std::vector<std::optional<rational>> batch_scores::percents(std::size_t node,
                                                            std::string_view group) const {
  const auto values_of = values(node, measure::percent, group);
  std::vector<std::optional<rational>> out(values_of.size());
  for (std::size_t u = 0; u < out.size(); ++u)
    if (values_of[u]) out[u] = values_of[u]->to_rational() * 100;
  return out;
}

}  // namespace chiso
