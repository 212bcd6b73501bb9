// Errors as values: the core reports bad input by returning a Status (or an Expected<T> that holds
// one), never by throwing. The WASM engine is built without C++ exceptions (-fno-exceptions), which
// keeps their landing pads and unwinder out of engine.wasm (README, "Engine size"); the bindings turn
// a failed Status into a JS error named after the call.
//
// The rule: a function that takes outside input either returns Status / Expected<T>, or has a check
// function returning Status that its callers run first (Mlp::check_points before Mlp::fit, for the
// calls the training loop makes every frame). The messages name the argument in the core's terms
// ("x[3] must be finite, got nan"); the bindings prefix the JS call.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace ap {

enum class ErrorKind : unsigned char {
  none,    ///< success
  range,   ///< an argument out of its range, an unknown name, a limit (JS RangeError)
  syntax,  ///< a formula that does not parse (JS SyntaxError, with a column)
};

/// Success, or the kind of a failure whose message and column are kept in the engine's error slot
/// until the next failure. A Status is one byte that callers pass up by value (no string to move or
/// destroy on every return path: what engine.wasm would otherwise spend on each check); so read
/// message() before the next call that can fail, as with errno. The core is single-threaded.
class [[nodiscard]] Status {
 public:
  Status() = default;  ///< success
  bool ok() const { return kind_ == ErrorKind::none; }
  ErrorKind kind() const { return kind_; }
  /// The message of the last failure (empty for a success).
  const std::string& message() const;
  /// 1-based column in a formula; 0 when the error is not at a place in one.
  int column() const;
  /// Moves the message out of the slot: the bindings free it before they throw to JS.
  std::string take_message() const;

  friend Status range_error(std::string message, int column);
  friend Status syntax_error(std::string message, int column);

 private:
  explicit Status(ErrorKind kind) : kind_(kind) {}
  ErrorKind kind_ = ErrorKind::none;
};

/// Keep `message` (and the column) in the error slot and return the failure.
Status range_error(std::string message, int column = 0);
Status syntax_error(std::string message, int column);

/// A value or the Status of why there is none (value() is only for an ok() one).
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}              // NOLINT: implicit, as std::expected
  Expected(Status failure) : status_(failure) {}               // NOLINT
  bool ok() const { return status_.ok(); }
  Status& status() { return status_; }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace ap

/// Returns the Status of `expr` from the enclosing function if it failed.
#define AP_TRY(expr)                                     \
  do {                                                   \
    if (::ap::Status ap_try_ = (expr); !ap_try_.ok()) return ap_try_; \
  } while (0)
