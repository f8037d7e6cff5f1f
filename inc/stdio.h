// Formatted output and line input, one implementation (lib/printfmt.cc)
// shared by kernel and user space.  Formats are checked by the compiler.
#ifndef JOS_INC_STDIO_H
#define JOS_INC_STDIO_H

#include <inc/stdarg.h>
#include <inc/types.h>

#define PRINTF_CHECK(f, a) __attribute__((format(printf, f, a)))

// lib/printfmt.cc
void printfmt(void (*putch)(int, void*), void* putdat, const char* fmt, ...) PRINTF_CHECK(3, 4);
void vprintfmt(void (*putch)(int, void*), void* putdat, const char* fmt, va_list) PRINTF_CHECK(3, 0);
int snprintf(char* str, int size, const char* fmt, ...) PRINTF_CHECK(3, 4);
int vsnprintf(char* str, int size, const char* fmt, va_list) PRINTF_CHECK(3, 0);
const char* errstr(int err);  // the message for -E_* or E_*

// kern/printf.cc or lib/printf.cc
void cputchar(int c);
int getchar(void);
int iscons(int fd);
int cprintf(const char* fmt, ...) PRINTF_CHECK(1, 2);
int vcprintf(const char* fmt, va_list) PRINTF_CHECK(1, 0);

// lib/readline.cc
char* readline(const char* prompt);

#endif
