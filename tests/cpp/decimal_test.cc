// ap::parse_decimal against the C library's strtod, and ap::format_decimal against its snprintf
// (glibc natively, musl in the WASM build: both round correctly, and neither shares code with ours),
// bit for bit and byte for byte. Parsing: every double's shortest and 17-digit forms, each digit
// count from 1 to 25, the exact midpoints between neighbouring doubles (the ties, also just below
// powers of two, where the spacing halves) and decimals just either side of them, the subnormal and
// overflow edges, long digit strings, and the forms the parser and printf write. Formatting: %e, %f
// and %g of random bit patterns and magnitudes at precisions 0 to 20, ties, carries, the extremes.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ap/decimal.h"
#include "ap/rng.h"

namespace {

std::uint64_t bits(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

void expect_same(const std::string& s) {
  const double want = std::strtod(s.c_str(), nullptr);
  const double got = ap::parse_decimal(s);
  EXPECT_EQ(bits(got), bits(want)) << s << ": got " << got << ", strtod " << want;
}

std::string printed(const char* fmt, int precision, double v) {
  char buf[1200];
  std::snprintf(buf, sizeof buf, fmt, precision, v);
  return buf;
}

/// The exact decimal of the midpoint between d > 0 and the next double above it: the exact decimal
/// of d (printf writes it in full at enough digits) plus half an ULP, added digit by digit.
std::string midpoint_above(double d) {
  const double next = std::nextafter(d, HUGE_VAL);
  // Both exact as %.*e with 1100 digits; their mean, in decimal digits: (a + b) / 2.
  const std::string a = printed("%.*e", 1100, d), b = printed("%.*e", 1100, next);
  const int ea = std::atoi(a.c_str() + a.find('e') + 1), eb = std::atoi(b.c_str() + b.find('e') + 1);
  // Digits of each as an integer scaled to the same exponent (eb >= ea).
  std::string da = a.substr(0, 1) + a.substr(2, a.find('e') - 2);
  std::string db = b.substr(0, 1) + b.substr(2, b.find('e') - 2);
  da = std::string(static_cast<std::size_t>(eb - ea), '0') + da;
  db += std::string(static_cast<std::size_t>(eb - ea), '0');
  std::string sum(db.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = db.size(); i-- > 0;) {
    const int t = (da[i] - '0') + (db[i] - '0') + carry;
    sum[i + 1] = static_cast<char>('0' + t % 10);
    carry = t / 10;
  }
  sum[0] = static_cast<char>('0' + carry);
  std::string half(sum.size() + 1, '0');  // sum / 2, one more digit (the last is 0 or 5)
  int rem = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    const int t = rem * 10 + (sum[i] - '0');
    half[i] = static_cast<char>('0' + t / 2);
    rem = t % 2;
  }
  half[sum.size()] = static_cast<char>('0' + rem * 5);
  // half = mean × 10^(len - 1 - eb - 1): place the point after its first digit.
  return half.substr(0, 1) + "." + half.substr(1) + "e" + std::to_string(eb + 1);
}

TEST(Decimal, RandomDoublesInEveryDigitCount) {
  ap::Rng rng(7);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t b = (static_cast<std::uint64_t>(rng.next_u32()) << 32 | rng.next_u32()) & ~(std::uint64_t{1} << 63);
    const double d = from_bits(b);
    if (!std::isfinite(d)) continue;
    expect_same(printed("%.*g", 17, d));
    expect_same(printed("%.*e", static_cast<int>(rng.next_u32() % 25), d));
  }
}

TEST(Decimal, MidpointsRoundToEvenAndTheirNeighboursRoundAway) {
  ap::Rng rng(11);
  const double edges[] = {DBL_MIN, std::nextafter(DBL_MIN, 0.0), DBL_TRUE_MIN, 1.0, 0.5, 2.0, 1e22, 1e23, 9007199254740992.0,
                          std::nextafter(DBL_MAX, 0.0), 1e-310, 5e-324 * 3};
  auto check = [](double d) {
    const std::string mid = midpoint_above(d);
    // Just below and just above the tie: the last digit one less (with borrows) and a 1 appended.
    std::string lo = mid;
    for (std::size_t i = mid.find('e'); i-- > 0;) {
      if (lo[i] == '.') continue;
      if (lo[i] > '0') {
        lo[i] = static_cast<char>(lo[i] - 1);
        break;
      }
      lo[i] = '9';
    }
    const std::string hi = mid.substr(0, mid.find('e')) + "1" + mid.substr(mid.find('e'));
    // The oracle agrees that these are the two sides of the tie (the construction is right).
    ASSERT_EQ(bits(std::strtod(lo.c_str(), nullptr)), bits(d)) << lo;
    ASSERT_EQ(bits(std::strtod(hi.c_str(), nullptr)), bits(std::nextafter(d, HUGE_VAL))) << hi;
    expect_same(mid);
    expect_same(lo);
    expect_same(hi);
  };
  for (const double d : edges) check(d);
  // Below each power of two the spacing halves: its lower tie is the one above the double before it.
  for (int k = -1022; k <= 1023; k += 7) check(std::nextafter(std::ldexp(1.0, k), 0.0));
  for (int i = 0; i < 300; ++i) {
    const std::uint64_t b = (static_cast<std::uint64_t>(rng.next_u32()) << 32 | rng.next_u32()) & ~(std::uint64_t{1} << 63);
    const double d = from_bits(b);
    if (std::isfinite(d) && d < DBL_MAX) check(d);
  }
}

TEST(Decimal, EdgesOfTheRange) {
  for (const char* s : {"0", "0.0", "-0", "+0", ".5", "5.", "00012.3400", "1e0", "1E+2", "1e-2", "-1.5e-3", "1.7976931348623157e308",
                        "1.7976931348623158e308", "1.797693134862315807e308", "1.7976931348623159e308", "1e309", "1e99999999",
                        "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9406564584124654e-324", "2.4703282292062328e-324",
                        "2.4703282292062327e-324", "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
                        "1e-324", "1e-400", "123456789012345678901234567890", "0.000000000000000000000000000000000000001",
                        "3.141592653589793238462643383279502884197169399375105820974944592307816406286", "9007199254740993",
                        "9007199254740992.5", "1e23", "8.98846567431158e307", "0.1", "0.2", "0.3", "1.1", "1e-5"})
    expect_same(s);
  std::string ones = "0.";
  for (int i = 0; i < 800; ++i) ones += '1';
  expect_same(ones);
  expect_same(std::string(400, '9'));
  expect_same("1" + std::string(400, '0') + "e-400");
}

TEST(Decimal, RejectsWhatIsNotADecimal) {
  for (const char* s : {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1x", "inf", "nan", "0x10", " 1", "1 "})
    EXPECT_TRUE(std::isnan(ap::parse_decimal(s))) << '"' << s << '"';
}

TEST(Decimal, RoundSignificantIsPrintfThenRead) {
  ap::Rng rng(3);
  for (int i = 0; i < 5000; ++i) {
    const std::uint64_t b = static_cast<std::uint64_t>(rng.next_u32()) << 32 | rng.next_u32();
    const double d = from_bits(b);
    const int digits = 1 + static_cast<int>(rng.next_u32() % 17);
    const double want = std::isfinite(d) && d != 0 ? std::strtod(printed("%.*e", digits - 1, d).c_str(), nullptr) : d;
    const double got = ap::round_significant(d, digits);
    if (std::isnan(d)) EXPECT_TRUE(std::isnan(got));
    else EXPECT_EQ(bits(got), bits(want)) << d << " to " << digits;
  }
}

// ap::format_decimal against the C library's snprintf, byte for byte.
void expect_printed(double v, char conversion, int precision) {
  const char fmt[] = {'%', '.', '*', conversion, '\0'};
  EXPECT_EQ(ap::format_decimal(v, conversion, precision), printed(fmt, precision, v))
      << "%." << precision << conversion << " of " << printed("%.*e", 17, v);
}

TEST(Decimal, FormatsAsPrintfDoes) {
  ap::Rng rng(5);
  for (int i = 0; i < 20000; ++i) {
    const double d = from_bits(static_cast<std::uint64_t>(rng.next_u32()) << 32 | rng.next_u32());  // NaNs, infinities too
    const int precision = static_cast<int>(rng.next_u32() % 21);
    for (const char c : {'e', 'g'}) expect_printed(d, c, precision);
    if (std::fabs(d) < 1e30 || !std::isfinite(d)) expect_printed(d, 'f', precision);
  }
  // Moderate magnitudes, where %g switches between its two forms and %f keeps a few digits.
  for (int i = 0; i < 20000; ++i) {
    const double d = std::ldexp(rng.uniform(-1.0, 1.0), static_cast<int>(rng.next_u32() % 81) - 40);
    const int precision = static_cast<int>(rng.next_u32() % 18);
    for (const char c : {'e', 'f', 'g'}) expect_printed(d, c, precision);
  }
  // Ties (exact halves round to even), carries into a new digit, zeros, the extremes.
  for (const double d : {0.5, 1.5, 2.5, 0.125, 0.375, 9.5, 99.5, 999.5, 0.95, 9.96, 0.0005, 0.00005, 1e-5, 123456.5, 1e15, 1e16,
                         1e22, 1e23, 0.0, -0.0, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN, 100.0, 0.1, 1.0 / 3})
    for (int precision = 0; precision <= 17; ++precision)
      for (const char c : {'e', 'f', 'g'}) expect_printed(d, c, precision);
  for (const double d : {HUGE_VAL, -HUGE_VAL, static_cast<double>(NAN), -static_cast<double>(NAN)})
    for (const char c : {'e', 'f', 'g'}) expect_printed(d, c, 6);
}

}  // namespace
