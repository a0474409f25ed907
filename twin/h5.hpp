#pragma once
/// \file The one thin RAII layer over the HDF5 C API (STYLE.md §16). Handles close
/// themselves; every failing call becomes an IoError naming the file, the object path and the
/// HDF5 error stack. A file being read that lacks a required dataset, group or attribute, or holds
/// one of the wrong kind, type or shape, is a FileContentError (an InputError: exit code 2). Used by
/// the twin store and by viz/ for results.

#include "twin/atomic_file.hpp"

#include <hdf5.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::h5 {

namespace detail {
struct StringSafety;  // what an open file may hold as variable-length strings (h5.cpp)
}

/// Owns one hid_t and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_{H5I_INVALID_HID};
  Closer closer_{nullptr};
};

/// How a dataset is written.
struct WriteOptions {
  std::string_view unit{};         ///< stored as attribute "unit" (empty: no attribute)
  std::string_view description{};  ///< stored as attribute "description" (empty: none)
  bool compress = true;            ///< chunked + shuffle + deflate + Fletcher-32 checksum
  std::size_t columns = 0;         ///< > 0: a 2-D dataset [size / columns][columns], row-major
};

/// A group (or the root group) of an open file.
class Group {
 public:
  Group(Handle handle, std::string path, std::string file, std::shared_ptr<detail::StringSafety> strings = nullptr)
      : h_(std::move(handle)), path_(std::move(path)), file_(std::move(file)), strings_(std::move(strings)) {}
  /// True if the group lives in a File::create_in_memory() file (its datasets are not compressed).
  bool is_in_memory() const;

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  hid_t id() const { return h_.id(); }

  Group create_group(std::string_view name) const;
  Group open_group(std::string_view name) const;
  bool has(std::string_view name) const;
  /// Copies member `name` (a dataset, or a group with everything in it, attributes included) to
  /// `destination_name` in `destination`, which may be in another open file (H5Ocopy). Throws
  /// FileContentError if `name` is missing, IoError naming both if the copy fails (e.g. the
  /// destination exists).
  void copy_to(std::string_view name, const Group& destination, std::string_view destination_name) const;

  /// Writes a 1-D dataset. T is an arithmetic type.
  template <class T>
  void write(std::string_view name, std::span<const T> values, const WriteOptions& options = {}) const;
  template <class T>
  void write(std::string_view name, const std::vector<T>& values, const WriteOptions& options = {}) const {
    write(name, std::span<const T>(values), options);
  }
  /// Reads a whole 1-D dataset; throws FileContentError if it is missing, not a dataset, not 1-D, or
  /// has another type class, IoError if libhdf5 cannot read it.
  template <class T>
  std::vector<T> read(std::string_view name) const;
  /// Number of elements of a 1-D dataset.
  std::size_t extent(std::string_view name) const;

  /// Writes a list of strings as a fixed-length UTF-8 string dataset (NUL-padded to the longest;
  /// chunked, deflated, Fletcher-32 checksum; h5py: `.asstr()`). read_strings() also reads the
  /// variable-length string datasets of older files.
  void write_strings(std::string_view name, const std::vector<std::string>& values,
                     const WriteOptions& options = {}) const;
  std::vector<std::string> read_strings(std::string_view name) const;

  /// Writes a fixed-length UTF-8 string attribute (NUL-padded; issue 20, class 3: a
  /// variable-length one lives in the global heap, which has no checksum; h5py reads it as bytes).
  void set_attribute(std::string_view name, std::string_view value) const;
  void set_attribute(std::string_view name, std::span<const std::int64_t> values) const;
  /// Reads a string attribute, fixed-length or (in files of older schemas only) variable-length:
  /// a variable-length one is read only from a checksummed (version 2) object header of a file
  /// whose global heap collections are sound (twin/h5_global_heap.hpp); otherwise FileContentError.
  std::string string_attribute(std::string_view name) const;
  /// Names of the group's attributes, in name order.
  std::vector<std::string> attribute_names() const;
  /// String attribute `attribute` of dataset `name`; "" if the dataset has no such attribute.
  std::string dataset_string_attribute(std::string_view name, std::string_view attribute) const;
  /// Names of the group's members (datasets and groups) in name order.
  std::vector<std::string> members() const;
  /// True if member `name` is a group (false for a dataset or a missing member).
  bool is_group(std::string_view name) const;
  /// Dimensions of dataset `name` (empty for a scalar); throws FileContentError if it is missing or not a dataset.
  std::vector<std::size_t> shape(std::string_view name) const;
  /// True if dataset `name` holds integers or floating-point numbers.
  bool is_numeric(std::string_view name) const;
  /// A numeric dataset of any rank, row-major, converted to double; throws FileContentError if it is
  /// missing or not numeric.
  std::vector<double> read_flat_doubles(std::string_view name) const;
  std::vector<std::int64_t> int_attribute(std::string_view name) const;
  bool has_attribute(std::string_view name) const;

 private:
  std::string child(std::string_view name) const;
  /// Throws FileContentError unless libhdf5 may safely read the variable-length string `what` (e.g.
  /// "attribute '/@crs'") of object `object` of this file (see string_attribute()).
  void check_variable_length_read(hid_t object, const std::string& what, bool attribute) const;
  std::string read_string_attribute(hid_t attribute, const std::string& what, hid_t object) const;
  /// Copies every attribute of object `src` (of this group's file) to object `dst`, string
  /// attributes as fixed-length ones (see copy_to()).
  void copy_attributes(hid_t src, hid_t dst, const std::string& object) const;
  void copy_attributes_tree(hid_t src_parent, const std::string& src_name, hid_t dst_parent,
                            const std::string& dst_name, const std::string& object) const;
  Handle h_;
  std::string path_;
  std::string file_;
  std::shared_ptr<detail::StringSafety> strings_;
};

/// What kind of HeatTwin HDF5 file a file is (STYLE.md §16): its root attribute `filetype`, the
/// `schema_version` {major, minor} this program writes (it reads every file of the same major),
/// a name for messages ("twin", "results") and how the user gets a readable file.
struct FileKind {
  std::string_view filetype;
  std::array<std::int64_t, 2> schema_version;
  std::string_view name;
  std::string_view fix;
  /// Files of this major version from this minor version on hold no variable-length string
  /// attribute (issue 20, class 3): open_checked() makes reading one an error (corrupt file);
  /// older files are read with the checks of Group::string_attribute(). -1: no such version.
  std::int64_t fixed_length_attributes_since_minor = -1;
};

/// An HDF5 file. Files for writing are created under a temporary name and only renamed to
/// their final name by commit(); a file that is never committed is removed, so an interrupted
/// write never leaves a file that looks complete.
class File {
 public:
  /// Creates `path` (atomically, see commit()). Throws IoError.
  static File create(const std::string& path);
  /// Creates `path` (atomically) with the root attributes `filetype` and `schema_version` of `kind`.
  static File create(const std::string& path, const FileKind& kind);
  /// Creates a file that lives in memory only (HDF5 core driver without backing store) with the
  /// root attributes of `kind`: a run whose datasets nobody reads (a sweep's runs) writes into
  /// it and nothing reaches the disk. `name` is for messages. commit() only closes it.
  static File create_in_memory(const std::string& name, const FileKind& kind);
  /// Opens an existing file read-only. Throws IoError naming the file if it is missing,
  /// truncated or not HDF5.
  static File open_read(const std::string& path);
  /// Opens read-only and checks the root attributes: `filetype` must be kind.filetype and the
  /// major `schema_version` kind's. Throws InputError naming the file, the kind, the version found
  /// (and the heattwin that wrote it), the version read and kind.fix.
  static File open_checked(const std::string& path, const FileKind& kind);

  ~File();
  File(File&&) noexcept;
  File& operator=(File&&) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  Group root() const;
  /// Flushes, closes and renames the temporary file to its final name.
  void commit();
  const std::string& path() const { return path_; }

 private:
  File() = default;
  Handle h_;
  std::string path_;
  std::optional<twin::AtomicFile> temp_;  // engaged while an uncommitted write is in progress
  std::shared_ptr<detail::StringSafety> strings_;
};

/// Calls HDF5 with its automatic error printing switched off (once per process).
void silence_hdf5_errors();

/// Ends the process at once with `code` (standard streams flushed, loggers shut down, no exit
/// handlers) when an HDF5 call of this process failed; returns otherwise. For a program's last
/// step after an error: the HDF5 library may still hold a file it could not close (a full disk),
/// and its clean-up at exit would crash on it (issue 20, class 3).
void exit_now_if_hdf5_failed(int code);

}  // namespace heattwin::h5
