#include "twin/h5.hpp"

#include "twin/error.hpp"
#include "twin/h5_global_heap.hpp"
#include "twin/h5_links.hpp"
#include "twin/input_file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <type_traits>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

namespace heattwin::h5 {

namespace detail {
/// What an open file may hold as variable-length strings (issue 20, class 3), shared by the
/// File and every Group of it.
struct StringSafety {
  /// Not empty: the file's schema stores no variable-length string attribute, and this says so
  /// ("twin files of schema 1.2 and later"); a variable-length one is an error.
  std::string no_variable_length_attributes;
  std::mutex mutex;
  bool heap_checked = false;                ///< global_heap_problem() ran (under mutex)
  std::optional<std::string> heap_problem;  ///< its answer
};
}  // namespace detail

namespace {

/// Collects the HDF5 error stack into one line.
std::string error_stack() {
  std::string text;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned n, const H5E_error2_t* err, void* data) -> herr_t {
        auto* out = static_cast<std::string*>(data);
        if (n < 3 && err->desc != nullptr) {
          if (!out->empty()) *out += "; ";
          *out += err->desc;
        }
        return 0;
      },
      &text);
  H5Eclear2(H5E_DEFAULT);
  return text.empty() ? std::string("no HDF5 detail") : text;
}

/// Set by fail(): an HDF5 call failed in this process (exit_now_if_hdf5_failed).
std::atomic<bool> hdf5_call_failed{false};

[[noreturn]] void fail(const std::string& file, const std::string& object, std::string_view what) {
  hdf5_call_failed = true;
  throw IoError(fmt::format("{}: {} '{}' failed ({})", file, what, object, error_stack()));
}

template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, double>)
    return H5T_NATIVE_DOUBLE;
  else if constexpr (std::is_same_v<T, float>)
    return H5T_NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return H5T_NATIVE_INT16;
  else if constexpr (std::is_same_v<T, std::uint16_t>)
    return H5T_NATIVE_UINT16;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return H5T_NATIVE_UINT32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, char>)
    return H5T_NATIVE_CHAR;
  else
    static_assert(!sizeof(T), "unsupported HDF5 element type");
}

Handle vlen_string_type() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return Handle(t, H5Tclose);
}

/// Property lists that keep files byte-identical for identical content (no timestamps).
Handle no_times_plist(hid_t cls) {
  Handle p(H5Pcreate(cls), H5Pclose);
  H5Pset_obj_track_times(p.id(), false);
  return p;
}

/// Creation properties of a group (or of a file, for its root group): no timestamps, and links
/// stored compactly, as messages in the group's object header (version 2: checksummed), up to
/// MAX_COMPACT_LINKS links (issue 20, finding 19). HDF5's default moves a group of more than 8
/// links into dense storage (a fractal heap and a v2 B-tree); a group above the limit still goes
/// dense, and list_links() reads such a group without the libhdf5 path that aborts on it.
Handle group_creation_plist(hid_t cls) {
  Handle p = no_times_plist(cls);
  if (H5Pset_link_phase_change(p.id(), MAX_COMPACT_LINKS, MAX_COMPACT_LINKS) < 0)
    throw IoError(fmt::format("HDF5 refused the compact link storage limit {} ({})", MAX_COMPACT_LINKS, error_stack()));
  return p;
}

/// The names of the links of the open group `group` (file `file`, path `path`), in name order
/// (byte order, as HDF5's increasing name index). Listed in the native order of the group's
/// storage and sorted here: for a dense group, libhdf5 1.10 answers H5Lget_name_by_idx in
/// increasing order by first copying every link into a table, and when a link cannot be read (a
/// fractal heap block whose checksum fails) it frees the entries it never filled
/// (H5G__link_release_table: "free(): invalid pointer", SIGABRT; issue 20, finding 19). The
/// native order walks the group's B-tree of names and returns that checksum error. A listing
/// that fails, or finds another number of links than the group's info, is an IoError naming the
/// file and the group.
std::vector<std::string> list_links(hid_t group, const std::string& file, const std::string& path) {
  H5G_info_t info{};
  if (H5Gget_info(group, &info) < 0) fail(file, path, "listing group");
  struct Listing {
    std::vector<std::string> names;
    hsize_t limit = 0;
  } listing;
  listing.limit = info.nlinks;
  listing.names.reserve(static_cast<std::size_t>(std::min<hsize_t>(info.nlinks, 1u << 16)));
  hsize_t position = 0;
  const herr_t status = H5Literate(
      group, H5_INDEX_NAME, H5_ITER_NATIVE, &position,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        auto* out = static_cast<Listing*>(data);
        if (out->names.size() >= out->limit) return 1;  // more links than the group's info says
        out->names.emplace_back(name);
        return 0;
      },
      &listing);
  if (status != 0 || listing.names.size() != info.nlinks) {
    hdf5_call_failed = true;
    const std::string detail = status < 0 ? error_stack()
                                          : fmt::format("its info counts {} links, its storage holds {}{}", info.nlinks,
                                                        listing.names.size(), status > 0 ? " or more" : "");
    throw FileContentError(
        fmt::format("{}: cannot list group '{}': its link storage is corrupt ({})", file, path, detail));
  }
  std::sort(listing.names.begin(), listing.names.end());
  return std::move(listing.names);
}

/// Writes the scalar string attribute `name` of `object` fixed-length: UTF-8, NUL-padded, as
/// long as the value (at least 1 byte; HDF5 has no 0-byte string type). Variable-length string
/// attributes live in the global heap, which has no checksum (issue 20, class 3).
void write_string_attribute(hid_t object, const std::string& name, std::string_view value, const std::string& file,
                            const std::string& what) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), std::max<std::size_t>(value.size(), 1));
  H5Tset_strpad(type.id(), H5T_STR_NULLPAD);
  H5Tset_cset(type.id(), H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle a(H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!a.valid()) fail(file, what, "creating attribute");
  std::string buffer(value);
  buffer.resize(std::max<std::size_t>(value.size(), 1), '\0');
  if (H5Awrite(a.id(), type.id(), buffer.data()) < 0) fail(file, what, "writing attribute");
}

void write_unit_attributes(const Group& g, hid_t dataset, const WriteOptions& options) {
  auto put = [&](const char* attr, std::string_view value) {
    if (value.empty()) return;
    write_string_attribute(dataset, attr, value, g.file(), g.path());
  };
  put("unit", options.unit);
  put("description", options.description);
}

/// Reads a fixed-length string attribute (stored type `stored`): up to the first NUL.
std::string read_fixed_string_attribute(hid_t attribute, hid_t stored, const std::string& file,
                                        const std::string& what) {
  const std::size_t size = H5Tget_size(stored);
  if (size == 0 || size > (std::size_t{1} << 26))
    throw FileContentError(fmt::format("{}: attribute '{}' has an implausible string size {}", file, what, size));
  Handle space(H5Aget_space(attribute), H5Sclose);
  if (H5Sget_simple_extent_npoints(space.id()) != 1)
    throw FileContentError(fmt::format("{}: attribute '{}' is not a single string", file, what));
  std::string value(size, '\0');
  if (H5Aread(attribute, stored, value.data()) < 0) fail(file, what, "reading attribute");
  value.resize(std::min(value.size(), value.find('\0')));
  return value;
}

/// The string rules of a file this program writes: it writes no variable-length string.
std::shared_ptr<detail::StringSafety> written_file_strings() {
  auto strings = std::make_shared<detail::StringSafety>();
  strings->no_variable_length_attributes = "files written by this program";
  return strings;
}

/// The object `name` of `group` (at `path` in `file`) exists and is of the kind `wanted`, else a
/// FileContentError naming the file and the object: a file whose schema requires a dataset or a
/// group there is bad input when it lacks it or holds the other kind (exit code 2, not IoError's 1).
void require_object(hid_t group, std::string_view name, H5O_type_t wanted, const std::string& file,
                    const std::string& path) {
  const std::string nm(name);
  const char* kind = wanted == H5O_TYPE_GROUP ? "group" : "dataset";
  if (H5Lexists(group, nm.c_str(), H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw FileContentError(fmt::format("{}: {} '{}' is missing", file, kind, path));
  }
  H5O_info_t info{};
  if (H5Oget_info_by_name2(group, nm.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw FileContentError(fmt::format(
        "{}: '{}' cannot be opened where a {} belongs (a dangling link or a corrupt object header)", file, path, kind));
  }
  if (info.type != wanted) {
    throw FileContentError(fmt::format("{}: '{}' is a {} where a {} belongs", file, path,
                                       info.type == H5O_TYPE_GROUP     ? "group"
                                       : info.type == H5O_TYPE_DATASET ? "dataset"
                                                                       : "named data type",
                                       kind));
  }
}

}  // namespace

void exit_now_if_hdf5_failed(int code) {
  if (!hdf5_call_failed) return;
  // The library may still hold a file it could not flush or close (a full disk). Its clean-up at
  // exit would flush it again and crash: HDF5's own handler is off (silence_hdf5_errors), but the
  // C++ API's static destructor (libhdf5_cpp, linked by OpenTURNS) calls H5close regardless. Every
  // file HeatTwin writes was committed or discarded by its owner before this point.
  spdlog::shutdown();
  std::fflush(nullptr);
  std::_Exit(code);
}

void silence_hdf5_errors() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No library clean-up at exit (issue 20, class 3): after a failed write (a full disk) the
    // file could not be closed, and HDF5's exit handler crashed (SIGSEGV) flushing it again after
    // the error had been reported. Every file HeatTwin writes is closed (commit) or discarded by
    // its owner before exit, so there is nothing left for the handler to do. Effective only
    // before the library's first use, which is here for the program (a no-op otherwise).
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  });
}

std::string Group::child(std::string_view name) const {
  return path_ == "/" ? "/" + std::string(name) : path_ + "/" + std::string(name);
}

Group Group::create_group(std::string_view name) const {
  Handle gcpl = group_creation_plist(H5P_GROUP_CREATE);
  const std::string n(name);
  Handle g(H5Gcreate2(h_.id(), n.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail(file_, child(name), "creating group");
  return Group(std::move(g), child(name), file_, strings_);
}

Group Group::open_group(std::string_view name) const {
  require_object(h_.id(), name, H5O_TYPE_GROUP, file_, child(name));
  const std::string n(name);
  Handle g(H5Gopen2(h_.id(), n.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail(file_, child(name), "opening group");
  return Group(std::move(g), child(name), file_, strings_);
}

/// Copies every attribute of object `src` to object `dst` (both open), each with its own file
/// type and shape: H5Ocopy's own attribute copy crashes (HDF5 1.10, H5T__conv_vlen) on
/// variable-length string attributes in dense storage, so Group::copy_to copies objects without
/// attributes and then the attributes through a plain read and write. A string attribute is
/// read with the checks of string_attribute() and written fixed-length.
void Group::copy_attributes(hid_t src, hid_t dst, const std::string& object) const {
  const std::string& file = file_;
  H5O_info_t info;
  if (H5Oget_info2(src, &info, H5O_INFO_NUM_ATTRS) < 0) fail(file, object, "reading the attribute count");
  for (hsize_t k = 0; k < info.num_attrs; ++k) {
    Handle a(H5Aopen_by_idx(src, ".", H5_INDEX_NAME, H5_ITER_INC, k, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!a.valid()) fail(file, object, "opening an attribute to copy");
    const ssize_t name_size = H5Aget_name(a.id(), 0, nullptr);
    std::string name(static_cast<std::size_t>(std::max<ssize_t>(name_size, 0)), '\0');
    H5Aget_name(a.id(), name.size() + 1, name.data());
    Handle file_type(H5Aget_type(a.id()), H5Tclose);
    if (file_type.valid() && H5Tget_class(file_type.id()) == H5T_STRING) {
      const std::string what = object + "@" + name;
      write_string_attribute(dst, name, read_string_attribute(a.id(), what, src), file, what);
      continue;
    }
    Handle space(H5Aget_space(a.id()), H5Sclose);
    Handle memory_type(H5Tget_native_type(file_type.id(), H5T_DIR_DEFAULT), H5Tclose);
    if (!file_type.valid() || !space.valid() || !memory_type.valid())
      fail(file, object, fmt::format("reading the type of attribute '{}'", name));
    const hssize_t points = H5Sget_simple_extent_npoints(space.id());
    std::vector<unsigned char> buffer(static_cast<std::size_t>(std::max<hssize_t>(points, 1)) *
                                      H5Tget_size(memory_type.id()));
    if (H5Aread(a.id(), memory_type.id(), buffer.data()) < 0)
      fail(file, object, fmt::format("reading attribute '{}'", name));
    Handle b(H5Acreate2(dst, name.c_str(), file_type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const bool written = b.valid() && H5Awrite(b.id(), memory_type.id(), buffer.data()) >= 0;
    if (H5Tdetect_class(memory_type.id(), H5T_VLEN) > 0 || H5Tis_variable_str(memory_type.id()) > 0)
      H5Dvlen_reclaim(memory_type.id(), space.id(), H5P_DEFAULT, buffer.data());
    if (!written) fail(file, object, fmt::format("writing the copy of attribute '{}'", name));
  }
}

/// copy_attributes() from `src_name` in `src_parent` to `dst_name` in `dst_parent` and, for a
/// group, for everything in it.
void Group::copy_attributes_tree(hid_t src_parent, const std::string& src_name, hid_t dst_parent,
                                 const std::string& dst_name, const std::string& object) const {
  const std::string& file = file_;
  Handle src(H5Oopen(src_parent, src_name.c_str(), H5P_DEFAULT), H5Oclose);
  Handle dst(H5Oopen(dst_parent, dst_name.c_str(), H5P_DEFAULT), H5Oclose);
  if (!src.valid() || !dst.valid()) fail(file, object, "opening a copied object");
  copy_attributes(src.id(), dst.id(), object);
  if (H5Iget_type(src.id()) != H5I_GROUP) return;
  for (const std::string& child : list_links(src.id(), file, object))
    copy_attributes_tree(src.id(), child, dst.id(), child, object + "/" + child);
}

void Group::copy_to(std::string_view name, const Group& destination, std::string_view destination_name) const {
  if (!has(name)) throw FileContentError(fmt::format("{}: '{}' is missing, cannot copy it", file_, child(name)));
  const std::string from(name), to(destination_name);
  // H5Ocopy reads the variable-length strings of old string datasets from the global heap.
  if (strings_ != nullptr && strings_->no_variable_length_attributes.empty())
    check_variable_length_read(h_.id(), fmt::format("'{}' (to copy)", child(name)), /*attribute=*/false);
  Handle ocpypl(H5Pcreate(H5P_OBJECT_COPY), H5Pclose);
  if (!ocpypl.valid() || H5Pset_copy_object(ocpypl.id(), H5O_COPY_WITHOUT_ATTR_FLAG) < 0)
    fail(file_, child(name), "setting up the copy");
  if (H5Ocopy(h_.id(), from.c_str(), destination.id(), to.c_str(), ocpypl.id(), H5P_DEFAULT) < 0)
    fail(file_, child(name), fmt::format("copying to {}:{}", destination.file(), destination.child(destination_name)));
  // The attributes: of the copied object under its new name, then of everything below it.
  copy_attributes_tree(h_.id(), from, destination.id(), to, child(name));
}

bool Group::has(std::string_view name) const {
  const std::string n(name);
  return H5Lexists(h_.id(), n.c_str(), H5P_DEFAULT) > 0;
}

bool Group::is_in_memory() const {
  // A file of File::create_in_memory(): nobody reads it, so its datasets are not compressed.
  const hid_t file = H5Iget_file_id(h_.id());
  if (file < 0) return false;
  const hid_t fapl = H5Fget_access_plist(file);
  const bool core = fapl >= 0 && H5Pget_driver(fapl) == H5FD_CORE;
  if (fapl >= 0) H5Pclose(fapl);
  H5Fclose(file);
  return core;
}

template <class T>
void Group::write(std::string_view name, std::span<const T> values, const WriteOptions& options) const {
  const hsize_t n = values.size();
  const hsize_t columns = options.columns;
  if (columns > 0 && n % columns != 0) {
    throw IoError(fmt::format("{}: dataset '{}': {} values do not form rows of {}", file_, child(name), n, columns));
  }
  const int rank = columns > 0 ? 2 : 1;
  const std::array<hsize_t, 2> dims =
      columns > 0 ? std::array<hsize_t, 2>{n / columns, columns} : std::array<hsize_t, 2>{n, 1};
  Handle space(H5Screate_simple(rank, dims.data(), nullptr), H5Sclose);
  Handle dcpl = no_times_plist(H5P_DATASET_CREATE);
  if (options.compress && n > 0 && !is_in_memory()) {
    // Chunks of whole rows, about 64 Ki values each.
    const hsize_t rows_per_chunk = columns > 0 ? std::max<hsize_t>(1, (hsize_t{1} << 16) / columns) : 0;
    const std::array<hsize_t, 2> chunk = columns > 0
                                             ? std::array<hsize_t, 2>{std::min(dims[0], rows_per_chunk), columns}
                                             : std::array<hsize_t, 2>{std::min<hsize_t>(n, hsize_t{1} << 16), 1};
    H5Pset_chunk(dcpl.id(), rank, chunk.data());
    H5Pset_fletcher32(dcpl.id());
    if (sizeof(T) > 1) H5Pset_shuffle(dcpl.id());
    H5Pset_deflate(dcpl.id(), 1);
  }
  const std::string nm(name);
  Handle d(H5Dcreate2(h_.id(), nm.c_str(), native_type<T>(), space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
           H5Dclose);
  if (!d.valid()) fail(file_, child(name), "creating dataset");
  if (n > 0 && H5Dwrite(d.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(file_, child(name), "writing dataset");
  write_unit_attributes(*this, d.id(), options);
}

std::size_t Group::extent(std::string_view name) const {
  require_object(h_.id(), name, H5O_TYPE_DATASET, file_, child(name));
  const std::string nm(name);
  Handle d(H5Dopen2(h_.id(), nm.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.valid()) fail(file_, child(name), "opening dataset");
  Handle space(H5Dget_space(d.id()), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.id()) != 1)
    throw FileContentError(fmt::format("{}: dataset '{}' is not one-dimensional", file_, child(name)));
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.id(), &n, nullptr);
  return static_cast<std::size_t>(n);
}

template <class T>
std::vector<T> Group::read(std::string_view name) const {
  const std::size_t n = extent(name);
  const std::string nm(name);
  Handle d(H5Dopen2(h_.id(), nm.c_str(), H5P_DEFAULT), H5Dclose);
  Handle type(H5Dget_type(d.id()), H5Tclose);
  const H5T_class_t stored = H5Tget_class(type.id());
  const H5T_class_t wanted = std::is_floating_point_v<T> ? H5T_FLOAT : H5T_INTEGER;
  if (stored != wanted)
    throw FileContentError(fmt::format("{}: dataset '{}' has the wrong element type (expected {})", file_, child(name),
                                       std::is_floating_point_v<T> ? "floating point" : "integer"));
  std::vector<T> values(n);
  if (n > 0 && H5Dread(d.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(file_, child(name), "reading dataset (corrupt or truncated data)");
  return values;
}

void Group::write_strings(std::string_view name, const std::vector<std::string>& values,
                          const WriteOptions& options) const {
  // Fixed-length UTF-8 strings (NUL-padded to the longest), chunked with a Fletcher-32 checksum
  // (issue 20, class 3). Variable-length strings live in HDF5's global heap, and libhdf5 follows
  // a corrupt heap reference without checking it (a crash in H5HG_read); HDF5 allows no filter,
  // hence no checksum, on variable-length data. Fixed-length data is plain bytes under the
  // checksum: a flipped bit is a read error naming the dataset.
  const hsize_t n = values.size();
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), width);
  H5Tset_strpad(type.id(), H5T_STR_NULLPAD);
  H5Tset_cset(type.id(), H5T_CSET_UTF8);
  Handle dcpl = no_times_plist(H5P_DATASET_CREATE);
  if (n > 0) {
    // About 64 KiB per chunk.
    const hsize_t chunk = std::clamp<hsize_t>((hsize_t{1} << 16) / width, 1, n);
    H5Pset_chunk(dcpl.id(), 1, &chunk);
    H5Pset_fletcher32(dcpl.id());
    H5Pset_deflate(dcpl.id(), 1);
  }
  const std::string nm(name);
  Handle d(H5Dcreate2(h_.id(), nm.c_str(), type.id(), space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT), H5Dclose);
  if (!d.valid()) fail(file_, child(name), "creating dataset");
  std::string buffer(static_cast<std::size_t>(n) * width, '\0');
  for (std::size_t k = 0; k < values.size(); ++k) buffer.replace(k * width, values[k].size(), values[k]);
  if (n > 0 && H5Dwrite(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0)
    fail(file_, child(name), "writing dataset");
  write_unit_attributes(*this, d.id(), options);
}

std::vector<std::string> Group::read_strings(std::string_view name) const {
  const std::size_t n = extent(name);
  const std::string nm(name);
  Handle d(H5Dopen2(h_.id(), nm.c_str(), H5P_DEFAULT), H5Dclose);
  Handle stored(H5Dget_type(d.id()), H5Tclose);
  if (H5Tget_class(stored.id()) != H5T_STRING)
    throw FileContentError(fmt::format("{}: dataset '{}' is not a string list", file_, child(name)));
  std::vector<std::string> values;
  values.reserve(n);
  if (H5Tis_variable_str(stored.id()) <= 0) {
    // Fixed-length strings (files written since issue 20).
    const std::size_t width = H5Tget_size(stored.id());
    if (width == 0 || (n > 0 && width > (std::size_t{1} << 30) / n))
      throw FileContentError(
          fmt::format("{}: dataset '{}' has an implausible string width {}", file_, child(name), width));
    Handle type(H5Tcopy(stored.id()), H5Tclose);
    std::string buffer(n * width, '\0');
    if (n > 0 && H5Dread(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0)
      fail(file_, child(name), "reading dataset (corrupt or truncated data)");
    for (std::size_t k = 0; k < n; ++k) {
      const std::string_view cell(buffer.data() + k * width, width);
      values.emplace_back(cell.substr(0, cell.find('\0')));
    }
    return values;
  }
  // Variable-length strings: files written before issue 20 (no checksum is possible on them).
  check_variable_length_read(d.id(), fmt::format("dataset '{}'", child(name)), /*attribute=*/false);
  Handle type = vlen_string_type();
  std::vector<char*> ptrs(n, nullptr);
  if (n > 0 && H5Dread(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    fail(file_, child(name), "reading dataset");
  for (char* p : ptrs) values.emplace_back(p != nullptr ? p : "");
  if (n > 0) {
    Handle space(H5Dget_space(d.id()), H5Sclose);
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, ptrs.data());
  }
  return values;
}

void Group::set_attribute(std::string_view name, std::string_view value) const {
  const std::string nm(name);
  write_string_attribute(h_.id(), nm, value, file_, path_ + "@" + nm);
}

void Group::set_attribute(std::string_view name, std::span<const std::int64_t> values) const {
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  const std::string nm(name);
  Handle a(H5Acreate2(h_.id(), nm.c_str(), H5T_NATIVE_INT64, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!a.valid()) fail(file_, path_ + "@" + nm, "creating attribute");
  if (H5Awrite(a.id(), H5T_NATIVE_INT64, values.data()) < 0) fail(file_, path_ + "@" + nm, "writing attribute");
}

bool Group::has_attribute(std::string_view name) const {
  const std::string nm(name);
  return H5Aexists(h_.id(), nm.c_str()) > 0;
}

void Group::check_variable_length_read(hid_t object, const std::string& what, bool attribute) const {
  if (attribute && strings_ != nullptr && !strings_->no_variable_length_attributes.empty()) {
    throw FileContentError(
        fmt::format("{}: {} is a variable-length string, but {} store every string attribute "
                    "fixed-length: the file is corrupt or was not written by heattwin",
                    file_, what, strings_->no_variable_length_attributes));
  }
  if (attribute) {
    // The heap reference is in the object's header: with version 2 the header has a checksum
    // that libhdf5 checks, so the reference is the one libhdf5 wrote.
    H5O_info_t info{};
    if (H5Oget_info2(object, &info, H5O_INFO_HDR) < 0) fail(file_, what, "reading the object header of");
    if (info.hdr.version < 2) {
      throw FileContentError(
          fmt::format("{}: {} is a variable-length string in an object header without checksum "
                      "(version {}); it cannot be read safely: the file was not written by heattwin",
                      file_, what, info.hdr.version));
    }
  }
  auto check_heap = [&]() -> std::optional<std::string> {
    const hid_t file_id = H5Iget_file_id(object);
    if (file_id < 0) fail(file_, what, "finding the file of");
    Handle file(file_id, H5Fclose);
    hsize_t file_size = 0;
    if (H5Fget_filesize(file.id(), &file_size) < 0) fail(file_, what, "reading the file size for");
    Handle fcpl(H5Fget_create_plist(file.id()), H5Pclose);
    std::size_t sizeof_addr = 0, sizeof_size = 0;
    if (!fcpl.valid() || H5Pget_sizes(fcpl.id(), &sizeof_addr, &sizeof_size) < 0)
      fail(file_, what, "reading the sizes of lengths for");
    Handle fapl(H5Fget_access_plist(file.id()), H5Pclose);
    if (fapl.valid() && H5Pget_driver(fapl.id()) == H5FD_SEC2) {
      void* handle = nullptr;
      if (H5Fget_vfd_handle(file.id(), H5P_DEFAULT, &handle) < 0 || handle == nullptr)
        fail(file_, what, "reading the file descriptor for");
      const int fd = *static_cast<int*>(handle);
      // The check reads the whole file: its answer is kept for the process, keyed by the file's
      // identity and version (device, inode, size, modification time), so a reader that opens
      // the same older file again (the heat plan report, once per municipality) checks it once.
      struct stat st {};
      const bool known = ::fstat(fd, &st) == 0;
      const std::array<std::int64_t, 6> key{static_cast<std::int64_t>(st.st_dev),
                                            static_cast<std::int64_t>(st.st_ino),
                                            static_cast<std::int64_t>(st.st_size),
                                            st.st_mtim.tv_sec,
                                            st.st_mtim.tv_nsec,
                                            static_cast<std::int64_t>(sizeof_size)};
      static std::mutex checked_mutex;
      static std::map<std::array<std::int64_t, 6>, std::optional<std::string>> checked;
      if (known) {
        const std::lock_guard lock(checked_mutex);
        if (const auto it = checked.find(key); it != checked.end()) return it->second;
      }
      auto problem =
          global_heap_problem(file_size, sizeof_size, [fd](std::uint64_t offset, std::span<std::uint8_t> bytes) {
            std::size_t done = 0;
            while (done < bytes.size()) {
              const ssize_t n =
                  ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
              if (n <= 0) return false;
              done += static_cast<std::size_t>(n);
            }
            return true;
          });
      if (known) {
        const std::lock_guard lock(checked_mutex);
        checked.emplace(key, problem);
      }
      return problem;
    }
    // Another driver (a file image in memory): its image.
    const ssize_t image_size = H5Fget_file_image(file.id(), nullptr, 0);
    if (image_size < 0) fail(file_, what, "reading the file image for");
    std::vector<std::uint8_t> image(static_cast<std::size_t>(image_size));
    if (image_size > 0 && H5Fget_file_image(file.id(), image.data(), image.size()) < 0)
      fail(file_, what, "reading the file image for");
    return global_heap_problem(
        image.size(), sizeof_size, [&image](std::uint64_t offset, std::span<std::uint8_t> bytes) {
          if (offset > image.size() || bytes.size() > image.size() - offset) return false;
          std::copy_n(image.begin() + static_cast<std::ptrdiff_t>(offset), bytes.size(), bytes.begin());
          return true;
        });
  };
  std::optional<std::string> problem;
  if (strings_ != nullptr) {
    const std::lock_guard lock(strings_->mutex);
    if (!strings_->heap_checked) {
      strings_->heap_problem = check_heap();
      strings_->heap_checked = true;
    }
    problem = strings_->heap_problem;
  } else {
    problem = check_heap();
  }
  if (problem)
    throw FileContentError(fmt::format("{}: cannot read {}, a variable-length string: {}", file_, what, *problem));
}

std::string Group::read_string_attribute(hid_t attribute, const std::string& what, hid_t object) const {
  Handle stored(H5Aget_type(attribute), H5Tclose);
  if (!stored.valid() || H5Tget_class(stored.id()) != H5T_STRING)
    throw FileContentError(fmt::format("{}: attribute '{}' is not a string", file_, what));
  if (H5Tis_variable_str(stored.id()) <= 0) return read_fixed_string_attribute(attribute, stored.id(), file_, what);
  // Variable-length: files of older schemas only (issue 20, class 3).
  check_variable_length_read(object, fmt::format("attribute '{}'", what), /*attribute=*/true);
  Handle space(H5Aget_space(attribute), H5Sclose);
  if (H5Sget_simple_extent_npoints(space.id()) != 1)
    throw FileContentError(fmt::format("{}: attribute '{}' is not a single string", file_, what));
  Handle type = vlen_string_type();
  char* ptr = nullptr;
  if (H5Aread(attribute, type.id(), &ptr) < 0) fail(file_, what, "reading attribute");
  std::string value = ptr != nullptr ? ptr : "";
  H5free_memory(ptr);
  return value;
}

std::string Group::string_attribute(std::string_view name) const {
  const std::string nm(name);
  if (!has_attribute(name)) throw FileContentError(fmt::format("{}: attribute '{}@{}' is missing", file_, path_, nm));
  Handle a(H5Aopen(h_.id(), nm.c_str(), H5P_DEFAULT), H5Aclose);
  if (!a.valid()) fail(file_, path_ + "@" + nm, "opening attribute");
  return read_string_attribute(a.id(), path_ + "@" + nm, h_.id());
}

std::vector<std::string> Group::attribute_names() const {
  H5O_info_t info{};
  if (H5Oget_info2(h_.id(), &info, H5O_INFO_NUM_ATTRS) < 0) fail(file_, path_, "listing attributes");
  std::vector<std::string> names;
  for (hsize_t k = 0; k < info.num_attrs; ++k) {
    const ssize_t size = H5Aget_name_by_idx(h_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, k, nullptr, 0, H5P_DEFAULT);
    if (size < 0) fail(file_, path_, "listing attributes");
    std::string name(static_cast<std::size_t>(size) + 1, '\0');
    H5Aget_name_by_idx(h_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, k, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(size));
    names.push_back(std::move(name));
  }
  return names;
}

std::string Group::dataset_string_attribute(std::string_view name, std::string_view attribute) const {
  const std::string nm(name), an(attribute);
  if (!has(name) || H5Aexists_by_name(h_.id(), nm.c_str(), an.c_str(), H5P_DEFAULT) <= 0) return {};
  Handle a(H5Aopen_by_name(h_.id(), nm.c_str(), an.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!a.valid()) fail(file_, child(name) + "@" + an, "opening attribute");
  Handle stored(H5Aget_type(a.id()), H5Tclose);
  if (H5Tget_class(stored.id()) != H5T_STRING) return {};
  Handle dataset(H5Oopen(h_.id(), nm.c_str(), H5P_DEFAULT), H5Oclose);
  if (!dataset.valid()) fail(file_, child(name), "opening");
  return read_string_attribute(a.id(), child(name) + "@" + an, dataset.id());
}

std::vector<std::string> Group::members() const { return list_links(h_.id(), file_, path_); }

bool Group::is_group(std::string_view name) const {
  if (!has(name)) return false;
  const std::string nm(name);
  H5O_info_t info{};
  if (H5Oget_info_by_name2(h_.id(), nm.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return false;
  return info.type == H5O_TYPE_GROUP;
}

std::vector<std::size_t> Group::shape(std::string_view name) const {
  require_object(h_.id(), name, H5O_TYPE_DATASET, file_, child(name));
  const std::string nm(name);
  Handle d(H5Dopen2(h_.id(), nm.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.valid()) fail(file_, child(name), "opening dataset");
  Handle space(H5Dget_space(d.id()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) fail(file_, child(name), "reading the dataset's shape");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

bool Group::is_numeric(std::string_view name) const {
  if (!has(name) || is_group(name)) return false;
  const std::string nm(name);
  Handle d(H5Dopen2(h_.id(), nm.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.valid()) return false;
  Handle type(H5Dget_type(d.id()), H5Tclose);
  const H5T_class_t c = H5Tget_class(type.id());
  return c == H5T_INTEGER || c == H5T_FLOAT;
}

std::vector<double> Group::read_flat_doubles(std::string_view name) const {
  if (!is_numeric(name))
    throw FileContentError(fmt::format("{}: '{}' is missing or not a numeric dataset", file_, child(name)));
  std::size_t n = 1;
  for (const std::size_t d : shape(name)) n *= d;
  const std::string nm(name);
  Handle d(H5Dopen2(h_.id(), nm.c_str(), H5P_DEFAULT), H5Dclose);
  std::vector<double> values(n);
  if (n > 0 && H5Dread(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(file_, child(name), "reading dataset (corrupt or truncated data)");
  return values;
}

std::vector<std::int64_t> Group::int_attribute(std::string_view name) const {
  const std::string nm(name);
  if (!has_attribute(name)) throw FileContentError(fmt::format("{}: attribute '{}@{}' is missing", file_, path_, nm));
  Handle a(H5Aopen(h_.id(), nm.c_str(), H5P_DEFAULT), H5Aclose);
  Handle space(H5Aget_space(a.id()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  Handle stored(H5Aget_type(a.id()), H5Tclose);
  if (H5Tget_class(stored.id()) != H5T_INTEGER || n < 0)
    throw FileContentError(fmt::format("{}: attribute '{}@{}' is not an integer array", file_, path_, nm));
  std::vector<std::int64_t> values(static_cast<std::size_t>(n));
  if (n > 0 && H5Aread(a.id(), H5T_NATIVE_INT64, values.data()) < 0) fail(file_, path_ + "@" + nm, "reading attribute");
  return values;
}

#define HEATTWIN_H5_INSTANTIATE(T)                                                                \
  template void Group::write<T>(std::string_view, std::span<const T>, const WriteOptions&) const; \
  template std::vector<T> Group::read<T>(std::string_view) const;
HEATTWIN_H5_INSTANTIATE(double)
HEATTWIN_H5_INSTANTIATE(float)
HEATTWIN_H5_INSTANTIATE(std::int8_t)
HEATTWIN_H5_INSTANTIATE(std::uint8_t)
HEATTWIN_H5_INSTANTIATE(std::int16_t)
HEATTWIN_H5_INSTANTIATE(std::uint16_t)
HEATTWIN_H5_INSTANTIATE(std::int32_t)
HEATTWIN_H5_INSTANTIATE(std::uint32_t)
HEATTWIN_H5_INSTANTIATE(std::int64_t)
HEATTWIN_H5_INSTANTIATE(std::uint64_t)
HEATTWIN_H5_INSTANTIATE(char)
#undef HEATTWIN_H5_INSTANTIATE

File File::create(const std::string& path) {
  silence_hdf5_errors();
  File f;
  f.path_ = path;
  f.temp_.emplace(path);
  f.strings_ = written_file_strings();
  Handle fcpl = group_creation_plist(H5P_FILE_CREATE);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V18, H5F_LIBVER_V110);
  f.h_ = Handle(H5Fcreate(f.temp_->temp_path().c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id()), H5Fclose);
  if (!f.h_.valid()) {
    throw IoError(
        fmt::format("{}: cannot create the file ({}); is the folder there and writable?", path, error_stack()));
  }
  return f;
}

File File::create(const std::string& path, const FileKind& kind) {
  File f = create(path);
  const Group root = f.root();
  root.set_attribute("filetype", kind.filetype);
  root.set_attribute("schema_version", kind.schema_version);
  return f;
}

File File::create_in_memory(const std::string& name, const FileKind& kind) {
  silence_hdf5_errors();
  File f;
  f.path_ = name;
  f.strings_ = written_file_strings();
  Handle fcpl = group_creation_plist(H5P_FILE_CREATE);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V18, H5F_LIBVER_V110);
  H5Pset_fapl_core(fapl.id(), std::size_t{1} << 20, /*backing_store=*/0);
  f.h_ = Handle(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id()), H5Fclose);
  if (!f.h_.valid()) throw IoError(fmt::format("{}: cannot create the in-memory file ({})", name, error_stack()));
  const Group root = f.root();
  root.set_attribute("filetype", kind.filetype);
  root.set_attribute("schema_version", kind.schema_version);
  return f;
}

File File::open_checked(const std::string& path, const FileKind& kind) {
  File f = open_read(path);
  const Group root = f.root();
  // The version first (integers, no heap): it says whether the file may hold variable-length
  // string attributes at all, before the first string attribute is read.
  const auto version =
      root.has_attribute("schema_version") ? root.int_attribute("schema_version") : std::vector<std::int64_t>{};
  if (kind.fixed_length_attributes_since_minor >= 0 && version.size() == 2 && version[0] == kind.schema_version[0] &&
      version[1] >= kind.fixed_length_attributes_since_minor) {
    f.strings_->no_variable_length_attributes = fmt::format("{} files of schema {}.{} and later", kind.name, version[0],
                                                            kind.fixed_length_attributes_since_minor);
  }
  HEATTWIN_CHECK(root.has_attribute("filetype") && root.string_attribute("filetype") == kind.filetype,
                 "{}: not a HeatTwin {} file (root attribute filetype is not '{}')", path, kind.name, kind.filetype);
  HEATTWIN_CHECK(version.size() == 2, "{}: the root attribute schema_version must have two numbers (major, minor)",
                 path);
  HEATTWIN_CHECK(version[0] == kind.schema_version[0],
                 "{}: {} schema {}.{} cannot be read by this program, which reads schema {}.x{}; {}", path, kind.name,
                 version[0], version[1], kind.schema_version[0],
                 root.has_attribute("heattwin_version")
                     ? fmt::format(" (written by heattwin {})", root.string_attribute("heattwin_version"))
                     : std::string(),
                 kind.fix);
  return f;
}

File File::open_read(const std::string& path) {
  silence_hdf5_errors();
  twin::check_input_file(path, "the HDF5 file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(fmt::format("{}: not an HDF5 file (or truncated/corrupt)", path));
  }
  File f;
  f.path_ = path;
  f.strings_ = std::make_shared<detail::StringSafety>();
  f.h_ = Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f.h_.valid()) {
    throw InputError(
        fmt::format("{}: cannot open as HDF5 ({}); the file may be truncated or corrupt", path, error_stack()));
  }
  return f;
}

File::~File() {
  h_.reset();  // HDF5 closes the temporary file before it is removed
  temp_.reset();
}
File::File(File&& other) noexcept
    : h_(std::move(other.h_)),
      path_(std::move(other.path_)),
      temp_(std::exchange(other.temp_, std::nullopt)),
      strings_(std::move(other.strings_)) {}
File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    h_.reset();
    temp_.reset();
    h_ = std::move(other.h_);
    path_ = std::move(other.path_);
    temp_ = std::exchange(other.temp_, std::nullopt);
    strings_ = std::move(other.strings_);
  }
  return *this;
}

Group File::root() const {
  Handle g(H5Gopen2(h_.id(), "/", H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail(path_, "/", "opening root group");
  return Group(std::move(g), "/", path_, strings_);
}

void File::commit() {
  if (!temp_) return;
  if (H5Fflush(h_.id(), H5F_SCOPE_GLOBAL) < 0) fail(path_, "/", "flushing file");
  h_.reset();
  temp_->commit();
  temp_.reset();
}

}  // namespace heattwin::h5
