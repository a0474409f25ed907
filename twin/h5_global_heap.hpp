#pragma once
/// \file A check of the global heap collections of an HDF5 file, done before libhdf5 reads a
/// variable-length string from a file of an older schema (issue 20, class 3). Variable-length
/// strings live in global heap collections ("GCOL"), which carry no checksum; libhdf5 1.10 walks a
/// collection without checking it: a free-space object of size 0 makes it loop for ever, an object
/// index that is missing or past the end makes it read through a null or stray pointer
/// (SIGSEGV in H5HG_read). The heap references themselves sit in object headers, which carry a
/// checksum since object header version 2, so what is left to check is every collection.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace heattwin::h5 {

/// Reads `buffer.size()` bytes at `offset`; returns false if the file has fewer.
using ReadBytes = std::function<bool(std::uint64_t offset, std::span<std::uint8_t> buffer)>;

/// Checks every global heap collection of a file of `file_size` bytes whose lengths take
/// `sizeof_size` bytes (the superblock's "size of lengths"; 8 for every file HeatTwin writes) the
/// way libhdf5 1.10 decodes it (H5HG__cache_heap_deserialize), and more strictly: version 1, at
/// least 4,096 bytes, inside the file, objects that tile the collection exactly, a free-space
/// object of at least one object header, no index twice, and indices 1..n without a gap (libhdf5
/// numbers the objects of a collection in order; HeatTwin never deletes one). A collection is
/// found by its signature at any byte; a "GCOL" that is not followed by version 1 is skipped
/// (libhdf5 refuses such a collection itself, with an error). Returns a description of the first
/// problem ("the global heap collection at byte N …"), or nothing if every collection is sound.
std::optional<std::string> global_heap_problem(std::uint64_t file_size, std::size_t sizeof_size, const ReadBytes& read);

}  // namespace heattwin::h5
