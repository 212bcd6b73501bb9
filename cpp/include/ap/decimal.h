// Decimal numbers to double and back without libc's strtod and printf: musl's scanner and its float
// formatting work in 128-bit long double, in software (README, "Engine size").
#pragma once
#include <string>
#include <string_view>

namespace ap {

/// The double nearest to the decimal number s (ties to even), as a correctly rounding strtod reads
/// it: [+-]digits[.digits][(e|E)[+-]digits] with at least one digit; beyond the double range, +-inf
/// or +-0. Anything else (inf, nan, hex, a stray character) gives NaN.
double parse_decimal(std::string_view s);

/// printf's "%.*e", "%.*f" or "%.*g" (conversion 'e', 'f', 'g') of v with that precision (>= 0),
/// byte for byte as the C locale writes them: exact digits rounded to even, "inf", "nan", "-0".
std::string format_decimal(double v, char conversion, int precision);

/// v rounded to `digits` significant decimal digits (1 to 17), i.e. the double nearest to printf's
/// "%.*e" of it; non-finite values and zeros are returned as they are.
double round_significant(double v, int digits);

}  // namespace ap
