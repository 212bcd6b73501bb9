// Decimal numbers to double without libc's strtod: musl's scanner works in 128-bit long double, whose
// software arithmetic alone was 14 KB of engine.wasm (README, "Engine size"). printf still writes them.
#pragma once
#include <string_view>

namespace ap {

/// The double nearest to the decimal number s (ties to even), as a correctly rounding strtod reads
/// it: [+-]digits[.digits][(e|E)[+-]digits] with at least one digit; beyond the double range, +-inf
/// or +-0. Anything else (inf, nan, hex, a stray character) gives NaN.
double parse_decimal(std::string_view s);

/// v rounded to `digits` significant decimal digits (1 to 17), i.e. the double nearest to printf's
/// "%.*e" of it; non-finite values and zeros are returned as they are.
double round_significant(double v, int digits);

}  // namespace ap
