#include "twin/h5_global_heap.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace heattwin::h5 {
namespace {

constexpr std::array<std::uint8_t, 4> SIGNATURE{'G', 'C', 'O', 'L'};
constexpr std::uint64_t MIN_COLLECTION_BYTES = 4096;                    // H5HG_MINSIZE
constexpr std::uint64_t MAX_COLLECTION_BYTES = std::uint64_t{1} << 30;  // read into memory to check
constexpr std::uint64_t ALIGNMENT = 8;                                  // H5HG_ALIGNMENT

std::uint64_t little_endian(const std::uint8_t* p, std::size_t bytes) {
  std::uint64_t value = 0;
  for (std::size_t k = bytes; k-- > 0;) value = (value << 8) | p[k];
  return value;
}

/// The problem of the collection whose bytes (header included) are `c`, or nothing.
std::optional<std::string> collection_problem(std::span<const std::uint8_t> c, std::size_t sizeof_size) {
  const std::uint64_t header = 8 + sizeof_size;         // H5HG_SIZEOF_HDR
  const std::uint64_t object_header = 8 + sizeof_size;  // H5HG_SIZEOF_OBJHDR
  const std::uint64_t end = c.size();
  std::vector<bool> seen(65536, false);
  std::uint64_t max_index = 0, objects = 0;
  bool free_space = false;
  std::uint64_t p = header;
  while (p < end) {
    if (end - p < object_header) {
      // libhdf5 takes a tail shorter than an object header as the free space.
      if (free_space) return fmt::format("a second free-space object at offset {}", p);
      free_space = true;
      p = end;
      break;
    }
    const std::size_t index = static_cast<std::size_t>(little_endian(c.data() + p, 2));
    const std::uint64_t size = little_endian(c.data() + p + 8, sizeof_size);
    std::uint64_t need = 0;
    if (index == 0) {
      // The free space: its size counts its header; size 0 makes libhdf5 loop for ever.
      if (free_space) return fmt::format("a second free-space object at offset {}", p);
      if (size < object_header || size % ALIGNMENT != 0 || size > end - p)
        return fmt::format("a free-space object of {} bytes at offset {} (of {})", size, p, end);
      free_space = true;
      need = size;
    } else {
      if (size > end - p - object_header)
        return fmt::format("object {} of {} bytes at offset {} runs past the collection's end ({})", index, size, p,
                           end);
      need = object_header + (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
      if (need > end - p)
        return fmt::format("object {} of {} bytes at offset {} runs past the collection's end ({})", index, size, p,
                           end);
      if (seen[index]) return fmt::format("object index {} twice", index);
      seen[index] = true;
      max_index = std::max<std::uint64_t>(max_index, index);
      ++objects;
    }
    p += need;
  }
  if (p != end) return fmt::format("its objects end at offset {}, not at its size {}", p, end);
  if (objects != max_index)
    return fmt::format("{} objects with indices up to {} (an index is missing)", objects, max_index);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> global_heap_problem(std::uint64_t file_size, std::size_t sizeof_size,
                                               const ReadBytes& read) {
  if (sizeof_size != 2 && sizeof_size != 4 && sizeof_size != 8)
    return fmt::format("the file's size of lengths is {} bytes (2, 4 or 8 expected)", sizeof_size);
  const std::uint64_t header = 8 + sizeof_size;
  // Find every signature, reading the file in blocks that overlap by the signature's length.
  constexpr std::uint64_t BLOCK = std::uint64_t{1} << 20;
  std::vector<std::uint64_t> found;
  std::vector<std::uint8_t> block;
  for (std::uint64_t start = 0; start + SIGNATURE.size() <= file_size; start += BLOCK) {
    const std::uint64_t n = std::min<std::uint64_t>(BLOCK + SIGNATURE.size() - 1, file_size - start);
    block.resize(static_cast<std::size_t>(n));
    if (!read(start, block)) return fmt::format("the file could not be read at byte {}", start);
    auto it = block.begin();
    while ((it = std::search(it, block.end(), SIGNATURE.begin(), SIGNATURE.end())) != block.end()) {
      const auto at = static_cast<std::uint64_t>(it - block.begin());
      if (at < BLOCK) found.push_back(start + at);
      ++it;
    }
  }
  std::vector<std::uint8_t> collection;
  for (const std::uint64_t at : found) {
    std::array<std::uint8_t, 16> head{};
    if (file_size - at < header) continue;  // too short to be a collection libhdf5 would decode
    if (!read(at, std::span(head.data(), static_cast<std::size_t>(header))))
      return fmt::format("the file could not be read at byte {}", at);
    if (head[4] != 1) continue;  // libhdf5 refuses another version with an error
    const std::uint64_t size = little_endian(head.data() + 8, sizeof_size);
    if (size < MIN_COLLECTION_BYTES || size > file_size - at || size > MAX_COLLECTION_BYTES) {
      return fmt::format("the global heap collection at byte {} has an implausible size of {} bytes (file {} bytes)",
                         at, size, file_size);
    }
    collection.resize(static_cast<std::size_t>(size));
    if (!read(at, collection)) return fmt::format("the file could not be read at byte {}", at);
    if (auto problem = collection_problem(collection, sizeof_size))
      return fmt::format("the global heap collection at byte {} is corrupt: {}", at, *problem);
  }
  return std::nullopt;
}

}  // namespace heattwin::h5
