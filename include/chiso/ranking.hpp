// Ranking units on exact values: competition (1,2,2,4), dense, fractional and ordinal ranks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"

namespace chiso {

/// An exact value to rank on, numerator ÷ denominator (denominator > 0): a unit's points at the
/// tree's scale over its applicable maximum. Kept as two integers so that a million units do not
/// need a million heap-allocated rationals; comparisons cross-multiply in 128 bits.
struct exact_value {
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;

  [[nodiscard]] rational to_rational() const { return rational(numerator, denominator); }
};

/// How tied units are ranked. No published table states its rule; competition is the default
/// because "1 + number of units strictly better" keeps "top 20" meaningful.
enum class rank_method {
  competition,  ///< 1, 2, 2, 4
  dense,        ///< 1, 2, 2, 3
  fractional,   ///< 1, 2.5, 2.5, 4 (the mean of the places the tied units occupy; exact)
  ordinal,      ///< 1, 2, 3, 4: ties broken by the explicit `tie_break`, which must separate them
};

struct ranking_options {
  rank_method method = rank_method::competition;
  bool ascending = false;  ///< false: the highest value ranks 1st
  /// Required for ordinal ranking: true when unit a goes before unit b among equal values.
  /// Ranking throws usage_error if it leaves two tied units unordered.
  std::function<bool(std::size_t, std::size_t)> tie_break;
};

/// Ranks of a set of units. Units without a value (not ranked, not applicable) get no rank and
/// do not shift the others: "26/63" counts only the ranked units.
class CHISO_EXPORT ranking {
 public:
  ranking() = default;

  [[nodiscard]] std::size_t size() const noexcept { return position_.size(); }
  /// How many units were ranked: the "63" of "26/63".
  [[nodiscard]] std::size_t ranked_count() const noexcept { return order_.size(); }
  [[nodiscard]] bool is_ranked(std::size_t unit) const { return twice_rank_.at(unit) != 0; }
  [[nodiscard]] rank_method method() const noexcept { return method_; }

  /// The integer rank; nullopt when the unit is not ranked. Throws usage_error for a fractional
  /// rank that is not an integer (use exact_rank()).
  [[nodiscard]] std::optional<std::uint32_t> rank(std::size_t unit) const;
  /// The rank as an exact rational (2.5 for fractional ranking of a two-way tie for 2nd).
  [[nodiscard]] std::optional<rational> exact_rank(std::size_t unit) const;
  /// The other ranked units with exactly the same value, in rank order.
  [[nodiscard]] std::vector<std::size_t> tied_with(std::size_t unit) const;
  /// Ranked units from first to last (tied units in tie-break or input order).
  [[nodiscard]] const std::vector<std::uint32_t>& order() const noexcept { return order_; }

  /// "26/63"; `width` zero-pads the rank as official texts do ("09/63" with width 2); a
  /// fractional rank prints with a decimal comma ("2,5/4"); "–" for an unranked unit.
  [[nodiscard]] std::string label(std::size_t unit, int width = 0) const;

 private:
  friend CHISO_EXPORT ranking rank(std::span<const std::optional<exact_value>>,
                                   const ranking_options&);
  friend CHISO_EXPORT ranking rank(std::span<const std::optional<rational>>,
                                   const ranking_options&);
  // Defined and instantiated in ranking.cpp only: a template so that sorting a million units
  // calls the comparison inline rather than through std::function.
  // `sorted`, when given, is the ranked units already in rank order (ties in input order).
  template <class HasValue, class Compare>
  static ranking build(std::size_t n, HasValue has_value, Compare compare,
                       const ranking_options& options,
                       std::vector<std::uint32_t>* sorted = nullptr);
  rank_method method_ = rank_method::competition;
  std::vector<std::uint32_t> twice_rank_;   ///< 2 × rank, 0 = unranked (fractional ranks are k/2)
  std::vector<std::uint32_t> position_;     ///< index into order_, or UINT32_MAX
  std::vector<std::uint32_t> order_;        ///< ranked units in rank order
  std::vector<std::uint32_t> group_begin_;  ///< per position in order_: first position of its tie
  std::vector<std::uint32_t> group_end_;    ///< per position in order_: one past its tie's last
};

/// Compares exact values exactly (never through a rounded or floating-point form).
[[nodiscard]] CHISO_EXPORT int compare(const exact_value& a, const exact_value& b) noexcept;

/// Ranks units by value; nullopt values are not ranked.
[[nodiscard]] CHISO_EXPORT ranking rank(std::span<const std::optional<exact_value>> values,
                                        const ranking_options& options = {});
[[nodiscard]] CHISO_EXPORT ranking rank(std::span<const std::optional<rational>> values,
                                        const ranking_options& options = {});

/// The rank change as official texts count it: previous − current, so rising from 51st to 26th
/// is +25.
[[nodiscard]] CHISO_EXPORT std::int64_t rank_change(std::int64_t previous,
                                                    std::int64_t current) noexcept;
/// "tăng 25 bậc", "giảm 13 bậc" or "giữ nguyên".
[[nodiscard]] CHISO_EXPORT std::string rank_change_text(std::int64_t previous,
                                                        std::int64_t current);

}  // namespace chiso
