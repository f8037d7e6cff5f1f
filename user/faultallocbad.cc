// faultallocbad: the user fault handler covers only the env's own accesses.
// A bad pointer handed to a system call is checked by the kernel, which
// destroys the caller without calling the handler.

#include <user/faultalloc.h>

void umain(int, char**) {
	set_pgfault_handler(faultalloc_handler);
	sys_cputs((const char*)0xDEADBEEF, 4);
}
