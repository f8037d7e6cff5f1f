// panic and warn for user programs.  Both say which env, which program and
// which source line; a panic then stops the program at a breakpoint trap,
// so the kernel monitor gets to show its registers.

#include <inc/lib.h>

static void report(const char* what, const char* file, int line, const char* fmt, va_list ap) {
	cprintf("[%08x] user %s in %s at %s:%d: ", sys_getenvid(), what, binaryname, file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
}

void _warn(const char* file, int line, const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	report("warning", file, line, fmt, ap);
	va_end(ap);
}

void _panic(const char* file, int line, const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	report("panic", file, line, fmt, ap);
	va_end(ap);
	// Resuming from the monitor only comes back here: a panic never returns.
	for (;;)
		asm volatile("int3");
}
