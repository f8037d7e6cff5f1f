// panic, warn and assert: shared by the kernel and the user library; each
// side supplies its own _panic/_warn.
#ifndef JOS_INC_ASSERT_H
#define JOS_INC_ASSERT_H

#include <inc/stdio.h>

void _warn(const char* file, int line, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
[[noreturn]] void _panic(const char* file, int line, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)
#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)

#define assert(x) \
	do { if (!(x)) panic("assertion failed: %s", #x); } while (0)

#endif
