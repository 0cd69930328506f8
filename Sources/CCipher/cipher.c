// libcrypto's EVP ciphers through `LazyLibrary`, each as `ccipher_` and libcrypto's name, with
// libcrypto's signature (`shim.h` declares them so; its EVP header the originals). The prefix
// keeps these apart from the libcrypto functions linked from the static archive.
#include "shim.h"
#define LAZY_PREFIX ccipher_
#include "lazy_library.h"

#define CIPHER_FUNCTIONS(F, V) \
    F(EVP_CIPHER_CTX *, EVP_CIPHER_CTX_new, (void), ()) \
    V(EVP_CIPHER_CTX_free, (EVP_CIPHER_CTX *ctx), (ctx)) \
    F(int, EVP_CIPHER_CTX_ctrl, (EVP_CIPHER_CTX *ctx, int type, int arg, void *ptr), (ctx, type, arg, ptr)) \
    F(const EVP_CIPHER *, EVP_aes_256_gcm, (void), ()) \
    F(int, EVP_EncryptInit_ex, \
      (EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl, const unsigned char *key, const unsigned char *iv), \
      (ctx, cipher, impl, key, iv)) \
    F(int, EVP_EncryptUpdate, (EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl), \
      (ctx, out, outl, in, inl)) \
    F(int, EVP_EncryptFinal_ex, (EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl), (ctx, out, outl)) \
    F(int, EVP_DecryptInit_ex, \
      (EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl, const unsigned char *key, const unsigned char *iv), \
      (ctx, cipher, impl, key, iv)) \
    F(int, EVP_DecryptUpdate, (EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl), \
      (ctx, out, outl, in, inl)) \
    F(int, EVP_DecryptFinal_ex, (EVP_CIPHER_CTX *ctx, unsigned char *outm, int *outl), (ctx, outm, outl))

LAZY_LIBRARY_PREFIXED("libcrypto.so.3", CIPHER_FUNCTIONS)

const char *ccipher_load(void) {
    return lazy_library_load(&library);
}
