/* SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but they compute in
   place: EVP's first use initialises the library and its default provider (5 M instructions,
   the largest part of a one-request process's crypto), which SHA-256 and HMAC no longer wait for. */
/* Only these low-level functions come from libcrypto's static archive (a few kilobytes, three
   relocations); the cipher, which needs EVP, is CCipher's, opened at first use. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <openssl/crypto.h>
/* getrandom: the kernel's CSPRNG, which `CryptoRandom` reads (Swift's Glibc module does not declare it). */
#include <sys/random.h>
#include <string.h>

/// The 32-byte SHA-256 digest of `length` bytes.
static inline void ccrypto_sha256(const unsigned char *bytes, size_t length, unsigned char *output) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, bytes, length);
    SHA256_Final(output, &context);
}

/// An HMAC-SHA-256 key set up once (RFC 2104): the hash states after the inner and the outer
/// padded key, which each code continues from a copy of.
typedef struct {
    SHA256_CTX inner;
    SHA256_CTX outer;
} ccrypto_hmac_key;

static inline void ccrypto_hmac_sha256_prepare(ccrypto_hmac_key *prepared, const unsigned char *key, size_t length) {
    unsigned char block[SHA256_CBLOCK] = {0};
    if (length > SHA256_CBLOCK) {
        ccrypto_sha256(key, length, block);
    } else if (length > 0) {
        memcpy(block, key, length);
    }
    unsigned char pad[SHA256_CBLOCK];
    for (size_t index = 0; index < SHA256_CBLOCK; index++) pad[index] = block[index] ^ 0x36;
    SHA256_Init(&prepared->inner);
    SHA256_Update(&prepared->inner, pad, SHA256_CBLOCK);
    for (size_t index = 0; index < SHA256_CBLOCK; index++) pad[index] = block[index] ^ 0x5c;
    SHA256_Init(&prepared->outer);
    SHA256_Update(&prepared->outer, pad, SHA256_CBLOCK);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

/// The 32-byte code of `message` under a prepared key.
static inline void ccrypto_hmac_sha256(const ccrypto_hmac_key *prepared, const unsigned char *message, size_t length, unsigned char *output) {
    SHA256_CTX context = prepared->inner;
    unsigned char inner[SHA256_DIGEST_LENGTH];
    SHA256_Update(&context, message, length);
    SHA256_Final(inner, &context);
    context = prepared->outer;
    SHA256_Update(&context, inner, sizeof inner);
    SHA256_Final(output, &context);
}
