#include "lazy_library.h"

#include <dlfcn.h>
#include <stdio.h>

const char *lazy_library_load(LazyLibrary *library) {
    if (lazy_library_is_loaded(library)) return NULL;
    pthread_mutex_lock(&library->lock);
    if (!library->loaded && !library->error) {
        // RTLD_LOCAL: its symbols stay out of the global scope, so nothing else binds to them.
        void *handle = dlopen(library->file, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            snprintf(library->message, sizeof library->message, "%s", dlerror());
            library->error = library->message;
        }
        for (size_t index = 0; handle && index < library->count; index++) {
            library->slots[index] = dlsym(handle, library->names[index]);
            if (!library->slots[index]) {
                snprintf(library->message, sizeof library->message, "%s has no function %s", library->file, library->names[index]);
                library->error = library->message;
                break;
            }
        }
        if (!library->error) __atomic_store_n(&library->loaded, 1, __ATOMIC_RELEASE);
    }
    const char *error = library->error;
    pthread_mutex_unlock(&library->lock);
    return error;
}
