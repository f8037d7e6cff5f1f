// Reporting bugs, for kernel and user code alike: panic stops (the kernel
// in its monitor, a user program by exiting), warn only prints, assert
// panics naming the condition.  Each side defines _panic and _warn.
#ifndef JOS_INC_ASSERT_H
#define JOS_INC_ASSERT_H

#include <inc/stdio.h>

void _warn(const char* file, int line, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
[[noreturn]] void _panic(const char* file, int line, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)
#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)

// An expression, so it fits anywhere a statement or a comma operand does.
#define assert(cond) ((cond) ? (void)0 : _panic(__FILE__, __LINE__, "assertion failed: %s", #cond))

#endif
