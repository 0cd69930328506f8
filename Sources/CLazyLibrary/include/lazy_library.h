#ifndef MIRUBATO_LAZY_LIBRARY_H
#define MIRUBATO_LAZY_LIBRARY_H

#include <pthread.h>
#include <stddef.h>

/// A shared library opened with dlopen at its first use instead of by the dynamic loader at
/// start-up: a process that never uses it (every process on SQLite, for libpq and hiredis and
/// the twenty libraries libpq brings) neither maps nor relocates it.
typedef struct {
    /// The file to open (its soname).
    const char *file;
    /// The functions to look up, and where each address goes, in the same order.
    const char *const *names;
    void **slots;
    size_t count;
    /// Set (with release order) once every slot is filled.
    int loaded;
    /// Why it could not be loaded; NULL until a load failed.
    const char *error;
    pthread_mutex_t lock;
    char message[256];
} LazyLibrary;

/// Opens the library and fills every slot, once; answers NULL when it is loaded, else why not
/// (a missing file or function: the library is then not used at all).
const char *lazy_library_load(LazyLibrary *library);

/// Whether every slot is filled: the fast check before each forwarded call.
static inline int lazy_library_is_loaded(LazyLibrary *library) {
    return __atomic_load_n(&library->loaded, __ATOMIC_ACQUIRE);
}

/// Defines `name` with the library's own signature (the declaration in its header checks it)
/// as a call through the slot `index` of `library`.
#define LAZY_FORWARD(library, index, result, name, parameters, arguments) \
    result name parameters { \
        if (!lazy_library_is_loaded(&library)) lazy_library_load(&library); \
        return ((result(*) parameters)(library).slots[index]) arguments; \
    }

/// The same for a function that answers nothing.
#define LAZY_FORWARD_VOID(library, index, name, parameters, arguments) \
    void name parameters { \
        if (!lazy_library_is_loaded(&library)) lazy_library_load(&library); \
        ((void(*) parameters)(library).slots[index]) arguments; \
    }

#endif
