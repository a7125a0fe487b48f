#include "chiso/ranking.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>
#include <thread>

#include "chiso/error.hpp"
#include "chiso/format.hpp"

namespace chiso {

int compare(const exact_value& a, const exact_value& b) noexcept {
  if (a.denominator == b.denominator)  // the common case: units with the same maximum
    return a.numerator < b.numerator ? -1 : (a.numerator > b.numerator ? 1 : 0);
  // Two 64-bit products need up to 127 bits.
  using boost::multiprecision::int128_t;
  const int128_t left = int128_t(a.numerator) * b.denominator;
  const int128_t right = int128_t(b.numerator) * a.denominator;
  return left < right ? -1 : (left > right ? 1 : 0);
}

template <class HasValue, class Compare>
ranking ranking::build(std::size_t n, HasValue has_value, Compare cmp,
                       const ranking_options& options, std::vector<std::uint32_t>* sorted) {
  if (n >= std::numeric_limits<std::uint32_t>::max() / 2)
    throw usage_error("ranking: too many units (" + std::to_string(n) + ")");
  if (options.method == rank_method::ordinal && !options.tie_break)
    throw usage_error("ranking: ordinal ranking needs an explicit tie_break");
  ranking r;
  r.method_ = options.method;
  r.twice_rank_.assign(n, 0);
  r.position_.assign(n, std::numeric_limits<std::uint32_t>::max());
  if (sorted) {
    r.order_ = std::move(*sorted);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      if (has_value(i)) r.order_.push_back(static_cast<std::uint32_t>(i));
    // better(a, b): a is ranked before b on value alone.
    const auto better = [&](std::uint32_t a, std::uint32_t b) {
      const int c = cmp(a, b);
      return options.ascending ? c < 0 : c > 0;
    };
    std::stable_sort(r.order_.begin(), r.order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (better(a, b)) return true;
      if (better(b, a)) return false;
      return options.tie_break ? options.tie_break(a, b) : false;
    });
  }
  const auto m = r.order_.size();
  r.group_begin_.resize(m);
  r.group_end_.resize(m);
  std::uint32_t dense = 0;
  for (std::size_t begin = 0; begin < m;) {
    std::size_t end = begin + 1;
    while (end < m && cmp(r.order_[begin], r.order_[end]) == 0) ++end;
    ++dense;
    for (auto k = begin; k < end; ++k) {
      const auto unit = r.order_[k];
      r.position_[unit] = static_cast<std::uint32_t>(k);
      r.group_begin_[k] = static_cast<std::uint32_t>(begin);
      r.group_end_[k] = static_cast<std::uint32_t>(end);
      std::uint32_t twice = 0;
      switch (options.method) {
        case rank_method::competition:
          twice = static_cast<std::uint32_t>(2 * (begin + 1));
          break;
        case rank_method::dense:
          twice = 2 * dense;
          break;
        case rank_method::fractional:  // mean of places begin+1 … end
          twice = static_cast<std::uint32_t>(begin + 1 + end);
          break;
        case rank_method::ordinal:
          if (k + 1 < end && !options.tie_break(r.order_[k], r.order_[k + 1]))
            throw usage_error("ranking: tie_break leaves units " + std::to_string(r.order_[k]) +
                              " and " + std::to_string(r.order_[k + 1]) + " tied");
          twice = static_cast<std::uint32_t>(2 * (k + 1));
          break;
      }
      r.twice_rank_[unit] = twice;
    }
    begin = end;
  }
  return r;
}

namespace {

// (key, unit) pairs in input order sorted by key, ties in input order, as units: a stable
// least-significant-digit radix sort over the bits the keys span, 11 bits a pass (scores of
// 4-decimal points span about 21 bits: two passes over 8 bytes a unit instead of a comparison
// sort). nullopt when the keys span 2^32 or more.
template <class Entry>
std::optional<std::vector<std::uint32_t>> radix_sorted(const std::vector<Entry>& keys) {
  if (keys.empty()) return std::vector<std::uint32_t>();
  auto low = keys.front().key, high = keys.front().key;
  for (const auto& e : keys) {
    low = std::min(low, e.key);
    high = std::max(high, e.key);
  }
  const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span >> 32 != 0) return std::nullopt;
  // key − low in the high 32 bits, the unit in the low 32: sorting these integers is sorting by
  // (key, unit), and the passes only need the high bits since input order is unit order.
  std::vector<std::uint64_t> a(keys.size()), b(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k)
    a[k] = (static_cast<std::uint64_t>(keys[k].key) - static_cast<std::uint64_t>(low)) << 32 |
           keys[k].unit;
  constexpr int digit = 11;
  constexpr std::size_t buckets = std::size_t{1} << digit;
  const int bits = static_cast<int>(std::bit_width(span));
  for (int shift = 32; shift < 32 + bits; shift += digit) {
    std::vector<std::size_t> start(buckets + 1, 0);
    for (const auto x : a) ++start[((x >> shift) & (buckets - 1)) + 1];
    for (std::size_t d = 0; d < buckets; ++d) start[d + 1] += start[d];
    for (const auto x : a) b[start[(x >> shift) & (buckets - 1)]++] = x;
    a.swap(b);
  }
  std::vector<std::uint32_t> order(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) order[k] = static_cast<std::uint32_t>(a[k]);
  return order;
}

// The ranked units in rank order when every value has the same denominator and no tie-break
// is given (the common case: units with the same maximum): a sort of plain (key, unit) pairs —
// the numerator, negated bitwise for "highest first" — by radix (radix_sorted()), or when the
// keys span 2^32 or more, in two halves on two threads, then merged. Equal keys keep input order,
// as the stable sort does.
std::optional<std::vector<std::uint32_t>> sort_common_denominator(
    std::span<const std::optional<exact_value>> values, const ranking_options& options) {
  if (options.tie_break) return std::nullopt;
  std::optional<std::int64_t> denominator;
  struct entry {
    std::int64_t key;
    std::uint32_t unit;
    bool operator<(const entry& o) const { return key < o.key || (key == o.key && unit < o.unit); }
  };
  std::vector<entry> keys;
  keys.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    if (!v) continue;
    if (!denominator) denominator = v->denominator;
    if (v->denominator != *denominator) return std::nullopt;
    keys.push_back(
        {options.ascending ? v->numerator : ~v->numerator, static_cast<std::uint32_t>(i)});
  }
  if (auto sorted = radix_sorted(keys)) return sorted;
  const auto middle = keys.begin() + static_cast<std::ptrdiff_t>(keys.size() / 2);
  if (keys.size() >= 100000 && std::thread::hardware_concurrency() > 1) {
    std::thread first([&] { std::sort(keys.begin(), middle); });
    std::sort(middle, keys.end());
    first.join();
    std::inplace_merge(keys.begin(), middle, keys.end());
  } else {
    std::sort(keys.begin(), keys.end());
  }
  std::vector<std::uint32_t> order(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) order[k] = keys[k].unit;
  return order;
}

}  // namespace

ranking rank(std::span<const std::optional<exact_value>> values, const ranking_options& options) {
  for (const auto& v : values)
    if (v && v->denominator <= 0)
      throw usage_error("ranking: an exact_value has a denominator <= 0");
  if (values.size() < std::numeric_limits<std::uint32_t>::max() / 2)
    if (auto sorted = sort_common_denominator(values, options))
      return ranking::build(
          values.size(), [&](std::size_t i) { return values[i].has_value(); },
          [&](std::size_t a, std::size_t b) { return compare(*values[a], *values[b]); }, options,
          &*sorted);
  return ranking::build(
      values.size(), [&](std::size_t i) { return values[i].has_value(); },
      [&](std::size_t a, std::size_t b) { return compare(*values[a], *values[b]); }, options);
}

ranking rank(std::span<const std::optional<rational>> values, const ranking_options& options) {
  return ranking::build(
      values.size(), [&](std::size_t i) { return values[i].has_value(); },
      [&](std::size_t a, std::size_t b) {
        return *values[a] < *values[b] ? -1 : (*values[b] < *values[a] ? 1 : 0);
      },
      options);
}

std::optional<std::uint32_t> ranking::rank(std::size_t unit) const {
  const auto twice = twice_rank_.at(unit);
  if (twice == 0) return std::nullopt;
  if (twice % 2 != 0)
    throw usage_error("ranking: unit " + std::to_string(unit) +
                      " has a fractional rank; use exact_rank()");
  return twice / 2;
}

std::optional<rational> ranking::exact_rank(std::size_t unit) const {
  const auto twice = twice_rank_.at(unit);
  if (twice == 0) return std::nullopt;
  return rational(twice, 2);
}

std::vector<std::size_t> ranking::tied_with(std::size_t unit) const {
  std::vector<std::size_t> tied;
  const auto pos = position_.at(unit);
  if (pos == std::numeric_limits<std::uint32_t>::max()) return tied;
  for (auto k = group_begin_[pos]; k < group_end_[pos]; ++k)
    if (order_[k] != unit) tied.push_back(order_[k]);
  return tied;
}

std::string ranking::label(std::size_t unit, int width) const {
  const auto twice = twice_rank_.at(unit);
  if (twice == 0) return "–";
  std::string text = std::to_string(twice / 2);
  if (text.size() < static_cast<std::size_t>(std::max(width, 0)))
    text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
  if (twice % 2 != 0) text += ",5";
  return text + "/" + std::to_string(ranked_count());
}

std::int64_t rank_change(std::int64_t previous, std::int64_t current) noexcept {
  return previous - current;
}

std::string rank_change_text(std::int64_t previous, std::int64_t current) {
  const auto change = rank_change(previous, current);
  if (change == 0) return "giữ nguyên";
  return (change > 0 ? "tăng " : "giảm ") + std::to_string(change > 0 ? change : -change) + " bậc";
}

}  // namespace chiso
