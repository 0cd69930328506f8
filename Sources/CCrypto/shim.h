#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
/* getrandom: the kernel's CSPRNG, which `CryptoRandom` reads (Swift's Glibc module does not declare it). */
#include <sys/random.h>

/// A keyed HMAC-SHA-256 context to copy for each message: OpenSSL 3's one-shot HMAC() looks
/// the algorithm up and sets the key up again on every call. NULL on failure.
static inline EVP_MAC_CTX *ccrypto_hmac_sha256_prepare(const unsigned char *key, size_t length) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *context = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (context == NULL) return NULL;
    OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0), OSSL_PARAM_construct_end() };
    if (EVP_MAC_init(context, key, length, params) != 1) { EVP_MAC_CTX_free(context); return NULL; }
    return context;
}

/// The 32-byte code of `message` from a copy of a prepared context; 0 on failure.
static inline int ccrypto_hmac_sha256_final(const EVP_MAC_CTX *prepared, const unsigned char *message, size_t length, unsigned char *output) {
    EVP_MAC_CTX *context = EVP_MAC_CTX_dup(prepared);
    if (context == NULL) return 0;
    size_t written = 0;
    int ok = EVP_MAC_update(context, message, length) == 1 && EVP_MAC_final(context, output, &written, 32) == 1 && written == 32;
    EVP_MAC_CTX_free(context);
    return ok;
}
