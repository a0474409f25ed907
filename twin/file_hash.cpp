#include "twin/file_hash.hpp"

#include "twin/error.hpp"
#include "twin/input_file.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace heattwin::twin {

std::string file_sha256_hex(const std::string& path) {
  check_input_file(path, "the input file");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!in) throw IoError(fmt::format("{}: cannot open for hashing: {}", path, std::strerror(errno)));
  const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw IoError(fmt::format("{}: OpenSSL could not start a SHA-256 digest", path));
  std::vector<unsigned char> block(1 << 20);
  std::size_t got = 0;
  while ((got = std::fread(block.data(), 1, block.size(), in.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), block.data(), got);
  }
  if (std::ferror(in.get())) throw IoError(fmt::format("{}: read error while hashing", path));
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int k = 0; k < length; ++k) hex += fmt::format("{:02x}", digest[k]);
  return hex;
}

}  // namespace heattwin::twin
