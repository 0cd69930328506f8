/* libcrypto's AES-256-GCM (through EVP), opened at first use: only field encryption needs it,
   and EVP's provider machinery linked from the static archive was 16,600 relocations and 340 KB
   of data that every process wrote at start. SHA-256 and HMAC stay in CCrypto, from the archive. */
#include <openssl/evp.h>

/// Opens libcrypto.so.3 and finds the functions below, once; answers NULL when loaded, else why not.
const char *ccipher_load(void);

EVP_CIPHER_CTX *ccipher_EVP_CIPHER_CTX_new(void);
void ccipher_EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *ctx);
int ccipher_EVP_CIPHER_CTX_ctrl(EVP_CIPHER_CTX *ctx, int type, int arg, void *ptr);
const EVP_CIPHER *ccipher_EVP_aes_256_gcm(void);
int ccipher_EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl, const unsigned char *key, const unsigned char *iv);
int ccipher_EVP_EncryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int ccipher_EVP_EncryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);
int ccipher_EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl, const unsigned char *key, const unsigned char *iv);
int ccipher_EVP_DecryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int ccipher_EVP_DecryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *outm, int *outl);
