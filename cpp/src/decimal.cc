// format_decimal: the exact decimal of the double (m 2^e as a big integer), rounded to even, laid out
// as printf lays out %e, %f and %g.
// parse_decimal: Clinger's fast path where the digits and the power of ten are exact in double (one
// rounding), else an estimate from the first 19 digits, corrected one ULP at a time by comparing the
// exact value with the midpoints between neighbouring doubles in big-integer arithmetic (the
// comparison method of Clinger 1990, "How to read floating point numbers accurately").
#include "ap/decimal.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
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
  /// Divides by d, returns the remainder.
  std::uint32_t div_small(std::uint32_t d) {
    std::uint64_t rem = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      const std::uint64_t t = (rem << 32) | limbs_[i];
      limbs_[i] = static_cast<std::uint32_t>(t / d);
      rem = t % d;
    }
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
    return static_cast<std::uint32_t>(rem);
  }
  /// The decimal digits (no leading zeros; "" for 0).
  std::string decimal() const {
    Big q = *this;
    std::string out;
    while (!q.limbs_.empty()) {
      std::uint32_t chunk = q.div_small(1000000000u);
      for (int k = 0; k < 9; ++k, chunk /= 10) out += static_cast<char>('0' + chunk % 10);
    }
    while (!out.empty() && out.back() == '0') out.pop_back();  // the leading zeros, reversed
    return std::string(out.rbegin(), out.rend());
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
  return parse_decimal(format_decimal(v, 'e', digits - 1));
}

namespace {

/// The exact decimal of a finite v > 0: its digits (no leading or trailing zeros) and the power of
/// ten of the first. v = m 2^e2 is m 2^e2 exactly for e2 >= 0, else m 5^-e2 / 10^-e2.
struct Exact {
  std::string digits;
  int exp10;
};
Exact exact_decimal(double v) {
  int exp2 = 0;
  const double frac = std::frexp(v, &exp2);
  const int e2 = exp2 - 53;
  const auto m = static_cast<std::uint64_t>(std::ldexp(frac, 53));
  Big n;
  n.mul_add(1, static_cast<std::uint32_t>(m >> 32));
  n.shl(32);
  n.mul_add(1, static_cast<std::uint32_t>(m));
  if (e2 >= 0) n.shl(e2);
  else n.mul_pow5(-e2);
  Exact x{n.decimal(), 0};
  x.exp10 = static_cast<int>(x.digits.size()) - 1 + (e2 < 0 ? e2 : 0);
  while (x.digits.size() > 1 && x.digits.back() == '0') x.digits.pop_back();
  return x;
}

/// x rounded to its first `keep` digits (ties to even; keep <= 0: to a unit in the place `keep` digits
/// after the first, which may carry into a new first digit). The result has exactly max(keep, 1)
/// digits, or keep + 1 after a carry, which then moves exp10 up (and the last digit is dropped when
/// keep >= 1, so the count stays keep).
Exact round_to(const Exact& x, int keep) {
  const auto size = static_cast<int>(x.digits.size());
  if (keep >= size) return {x.digits + std::string(static_cast<std::size_t>(keep - size), '0'), x.exp10};
  // The dropped part against half a unit of the last kept place.
  bool up;
  if (keep < 0) {
    up = false;
  } else {
    const char first = x.digits[static_cast<std::size_t>(keep)];
    const bool rest = x.digits.find_first_not_of('0', static_cast<std::size_t>(keep) + 1) != std::string::npos;
    const bool odd = keep > 0 && (x.digits[static_cast<std::size_t>(keep) - 1] - '0') % 2 == 1;
    up = first > '5' || (first == '5' && (rest || odd));
  }
  if (keep <= 0) return up ? Exact{"1", x.exp10 + 1} : Exact{"0", x.exp10 + 1};
  std::string d = x.digits.substr(0, static_cast<std::size_t>(keep));
  int exp10 = x.exp10;
  if (up) {
    int i = keep - 1;
    for (; i >= 0 && d[static_cast<std::size_t>(i)] == '9'; --i) d[static_cast<std::size_t>(i)] = '0';
    if (i >= 0) {
      ++d[static_cast<std::size_t>(i)];
    } else {
      d = "1" + d.substr(0, d.size() - 1);
      ++exp10;
    }
  }
  return {d, exp10};
}

std::string e_form(const Exact& r, int precision) {  // r has precision + 1 digits
  std::string s = r.digits.substr(0, 1);
  if (precision > 0) s += "." + r.digits.substr(1);
  const int e = r.exp10;
  s += e < 0 ? "e-" : "e+";
  const std::string mag = std::to_string(e < 0 ? -e : e);
  return s + (mag.size() < 2 ? "0" : "") + mag;
}

std::string f_form(const Exact& x, int precision) {
  // Digits up to `precision` places after the point: x.exp10 + 1 + precision of them.
  const Exact r = x.digits == "0" ? Exact{"0", 0} : round_to(x, x.exp10 + 1 + precision);
  // r.digits[0] has the place 10^r.exp10 (a carry from keep <= 0 leaves "1" or "0" at exp10).
  std::string all = r.digits;
  int first = r.exp10;  // the place of all[0]
  if (first < 0) {
    all = std::string(static_cast<std::size_t>(-first), '0') + all;
    first = 0;
  }
  // Now all[0] is the place 10^first with first >= 0; pad to `precision` places after the point.
  const std::size_t int_len = static_cast<std::size_t>(first) + 1;
  if (all.size() < int_len + static_cast<std::size_t>(precision)) all.resize(int_len + static_cast<std::size_t>(precision), '0');
  all.resize(int_len + static_cast<std::size_t>(precision));
  std::string s = all.substr(0, int_len);
  const std::size_t lead = s.find_first_not_of('0');
  s = lead == std::string::npos ? "0" : s.substr(lead);
  if (precision > 0) s += "." + all.substr(int_len);
  return s;
}

}  // namespace

std::string format_decimal(double v, char conversion, int precision) {
  const std::string sign = std::signbit(v) ? "-" : "";
  if (std::isnan(v)) return sign + "nan";
  if (std::isinf(v)) return sign + "inf";
  const Exact x = v == 0 ? Exact{"0", 0} : exact_decimal(std::fabs(v));
  if (conversion == 'e') return sign + e_form(round_to(x, precision + 1), precision);
  if (conversion == 'f') return sign + f_form(x, precision);
  // 'g': P significant digits; fixed notation where the rounded exponent X satisfies P > X >= -4,
  // then trailing zeros (and a bare point) go.
  const int p = precision == 0 ? 1 : precision;
  const Exact r = round_to(x, p);
  const int e = x.digits == "0" ? 0 : r.exp10;
  std::string s = p > e && e >= -4 ? f_form(x, p - 1 - e) : e_form(r, p - 1);
  const std::size_t point = s.find('.');
  if (point != std::string::npos) {
    const std::size_t exp_at = s.find('e');
    std::string mant = s.substr(0, exp_at), tail = exp_at == std::string::npos ? "" : s.substr(exp_at);
    while (mant.back() == '0') mant.pop_back();
    if (mant.back() == '.') mant.pop_back();
    s = mant + tail;
  }
  return sign + s;
}

}  // namespace ap
