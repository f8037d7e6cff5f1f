// The kernel's cprintf: the shared printf engine writing to the console.

#include <inc/stdarg.h>
#include <inc/stdio.h>
#include <inc/types.h>

static void putch(int ch, void* cnt) {
	cputchar(ch);
	(*(int*)cnt)++;
}

int vcprintf(const char* fmt, va_list ap) {
	int cnt = 0;
	vprintfmt(putch, &cnt, fmt, ap);
	return cnt;
}
