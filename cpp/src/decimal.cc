// parse_decimal: Clinger's fast path where the digits and the power of ten are exact in double (one
// rounding), else an estimate from the first 19 digits, corrected one ULP at a time by comparing the
// exact value with the midpoints between neighbouring doubles in big-integer arithmetic (the
// comparison method of Clinger 1990, "How to read floating point numbers accurately").
#include "ap/decimal.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace ap {
namespace {

/// A non-negative integer as base-2^32 limbs, least significant first.
class Big {
 public:
  void mul_add(std::uint32_t m, std::uint32_t a) {
    std::uint64_t carry = a;
    for (std::uint32_t& l : limbs_) {
      const std::uint64_t t = static_cast<std::uint64_t>(l) * m + carry;
      l = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    if (carry) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }
  void mul_pow5(int e) {
    for (; e >= 13; e -= 13) mul_add(1220703125u, 0);  // 5^13
    std::uint32_t p = 1;
    while (e-- > 0) p *= 5;
    mul_add(p, 0);
  }
  void shl(int bits) {
    if (limbs_.empty() || bits <= 0) return;
    limbs_.insert(limbs_.begin(), static_cast<std::size_t>(bits / 32), 0u);
    if (bits % 32) {
      const int s = bits % 32;
      std::uint32_t carry = 0;
      for (std::uint32_t& l : limbs_) {
        const std::uint32_t next = l >> (32 - s);
        l = (l << s) | carry;
        carry = next;
      }
      if (carry) limbs_.push_back(carry);
    }
  }
  /// -1, 0 or 1 as *this <, ==, > o.
  int compare(const Big& o) const {
    if (limbs_.size() != o.limbs_.size()) return limbs_.size() < o.limbs_.size() ? -1 : 1;
    for (std::size_t i = limbs_.size(); i-- > 0;)
      if (limbs_[i] != o.limbs_[i]) return limbs_[i] < o.limbs_[i] ? -1 : 1;
    return 0;
  }

 private:
  std::vector<std::uint32_t> limbs_;
};

/// Compares digits × 10^e10 with odd × 2^e2 exactly.
int compare_exact(const std::string& digits, int e10, std::uint64_t odd, int e2) {
  Big lhs, rhs;
  for (const char c : digits) lhs.mul_add(10, static_cast<std::uint32_t>(c - '0'));
  rhs.mul_add(1, static_cast<std::uint32_t>(odd >> 32));
  rhs.shl(32);
  rhs.mul_add(1, static_cast<std::uint32_t>(odd));
  // 10^e10 = 5^e10 2^e10: the power of five goes to the side where it multiplies.
  if (e10 >= 0) lhs.mul_pow5(e10);
  else rhs.mul_pow5(-e10);
  const int low = e10 < e2 ? e10 : e2;
  lhs.shl(e10 - low);
  rhs.shl(e2 - low);
  return lhs.compare(rhs);
}

/// digits × 10^e10 (digits: no leading or trailing zeros, not empty) correctly rounded.
double nearest(const std::string& digits, int e10) {
  const int n = static_cast<int>(digits.size());
  if (n + e10 > 310) return HUGE_VAL;
  if (n + e10 < -324) return 0.0;
  std::uint64_t head = 0;
  const int used = n < 19 ? n : 19;
  for (int i = 0; i < used; ++i) head = head * 10 + static_cast<std::uint64_t>(digits[i] - '0');
  static constexpr double kExact[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (n <= 15 && e10 >= -22 && e10 <= 22)  // both exact: the one operation rounds once
    return e10 >= 0 ? static_cast<double>(head) * kExact[e10] : static_cast<double>(head) / kExact[-e10];
  // An estimate within a few ULP (std::pow is within 1 ULP; two steps keep 10^k in range).
  const int k = e10 + n - used;
  double z = static_cast<double>(head);
  if (k < -300) z = z * std::pow(10.0, k + 300) * 1e-300;
  else z = z * std::pow(10.0, k);
  if (std::isinf(z)) z = DBL_MAX;
  if (z == 0) z = std::nextafter(0.0, 1.0);
  for (;;) {
    int exp2 = 0;
    const double frac = std::frexp(z, &exp2);  // z = frac 2^exp2, frac in [0.5, 1)
    int e2 = exp2 - 53;
    if (e2 < -1074) e2 = -1074;  // subnormal: the spacing stays 2^-1074
    const auto m = static_cast<std::uint64_t>(std::ldexp(frac, exp2 - e2));  // z = m 2^e2, exactly
    const int up = compare_exact(digits, e10, 2 * m + 1, e2 - 1);  // against the midpoint above z
    if (up > 0 || (up == 0 && (m & 1))) {
      if (z == DBL_MAX) return HUGE_VAL;
      z = std::nextafter(z, HUGE_VAL);
      continue;
    }
    // The midpoint below z: the spacing below halves at a power of two (not in the subnormals).
    const bool boundary = m == (std::uint64_t{1} << 52) && e2 > -1074;
    const int down = boundary ? compare_exact(digits, e10, 4 * m - 1, e2 - 2) : compare_exact(digits, e10, 2 * m - 1, e2 - 1);
    if (down < 0 || (down == 0 && (m & 1))) {
      z = std::nextafter(z, 0.0);
      if (z == 0) return 0.0;
      continue;
    }
    return z;
  }
}

}  // namespace

double parse_decimal(std::string_view s) {
  std::size_t i = 0;
  const bool negative = i < s.size() && s[i] == '-';
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::string digits;
  int e10 = 0;
  bool any = false, point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      any = true;
      if (c != '0' || !digits.empty()) digits += c;
      if (point) --e10;  // a digit after the point: one more power of ten below
    } else {
      break;
    }
  }
  if (!any) return NAN;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    const bool neg_exp = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i == s.size()) return NAN;
    long exp = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
      if (exp < 100000) exp = exp * 10 + (s[i] - '0');  // beyond that only the sign matters
    e10 += static_cast<int>(neg_exp ? -exp : exp);
  }
  if (i != s.size()) return NAN;
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++e10;
  }
  const double v = digits.empty() ? 0.0 : nearest(digits, e10);
  return negative ? -v : v;
}

double round_significant(double v, int digits) {
  if (v == 0 || !std::isfinite(v)) return v;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
  return parse_decimal(buf);
}

}  // namespace ap
