// faultalloc: demand paging in user space.  The fault handler maps a fresh
// page wherever a fault happens and writes a message there; the message for
// 0xcafebffe crosses into the next page, so the handler itself faults once
// more (a nested fault on the exception stack).

#include <user/faultalloc.h>

void umain(int, char**) {
	set_pgfault_handler(faultalloc_handler);
	cprintf("%s\n", (const char*)0xDeadBeef);
	cprintf("%s\n", (const char*)0xCafeBffe);
}
