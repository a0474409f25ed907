#pragma once
/// \file Error types and the HEATTWIN_CHECK / HEATTWIN_ASSERT macros.
/// Libraries throw these; only app/main.cpp catches them and maps them to exit codes
/// (InputError → 2, everything else → 1).

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace heattwin {

/// Base of every error HeatTwin throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad user input: a file, a mapping, a command-line value. Exit code 2.
class InputError : public Error {
 public:
  using Error::Error;
};

/// Data that parses but violates the model (an invariant of the twin, an impossible value).
class DataError : public InputError {
 public:
  using InputError::InputError;
};

/// A file HeatTwin reads lacks an object its format requires, or holds one of the wrong kind, type or
/// shape (a dataset removed, a group where a dataset belongs, a corrupt link table): the file the
/// user gave is not what it must be, so bad input (exit code 2), naming the file and the object.
/// Failures of the disk or of a library call while reading or writing stay IoError (exit code 1).
class FileContentError : public InputError {
 public:
  using InputError::InputError;
};

/// A numerical solver failed (did not converge, singular system, …). Exit code 1.
class SolverError : public Error {
 public:
  using Error::Error;
};

/// Reading or writing a file failed for reasons other than its content (disk, permissions, HDF5).
class IoError : public Error {
 public:
  using Error::Error;
};

}  // namespace heattwin

/// Always-on check for user and data errors: throws `ErrorType` with a formatted message.
#define HEATTWIN_CHECK_AS(ErrorType, cond, ...)  \
  do {                                           \
    if (!(cond)) [[unlikely]] {                  \
      throw ErrorType(fmt::format(__VA_ARGS__)); \
    }                                            \
  } while (false)

/// Always-on check whose failure is an InputError.
#define HEATTWIN_CHECK(cond, ...) HEATTWIN_CHECK_AS(::heattwin::InputError, cond, __VA_ARGS__)

#if !defined(NDEBUG) || defined(HEATTWIN_ENABLE_ASSERTS)
/// Internal invariant; on in Debug builds or with HEATTWIN_ENABLE_ASSERTS.
#define HEATTWIN_ASSERT(cond)                                                                        \
  do {                                                                                               \
    if (!(cond)) [[unlikely]] {                                                                      \
      throw ::heattwin::Error(                                                                       \
          fmt::format("internal error: assertion '{}' failed at {}:{}", #cond, __FILE__, __LINE__)); \
    }                                                                                                \
  } while (false)
#else
#define HEATTWIN_ASSERT(cond) ((void)0)
#endif
