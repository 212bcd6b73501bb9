// The error slot behind ap::Status (ap/status.h).
#include "ap/status.h"

#include <utility>

namespace ap {
namespace {

struct Slot {
  std::string message;
  int column = 0;
};

Slot& slot() {
  static Slot s;
  return s;
}

}  // namespace

const std::string& Status::message() const {
  static const std::string none;
  return ok() ? none : slot().message;
}

int Status::column() const { return ok() ? 0 : slot().column; }

std::string Status::take_message() const {
  std::string m = ok() ? std::string() : std::move(slot().message);
  slot().message = std::string();  // a moved-from string may keep its buffer: release it
  return m;
}

Status range_error(std::string message, int column) {
  slot().message = std::move(message);
  slot().column = column;
  return Status(ErrorKind::range);
}

Status syntax_error(std::string message, int column) {
  slot().message = std::move(message);
  slot().column = column;
  return Status(ErrorKind::syntax);
}

}  // namespace ap
