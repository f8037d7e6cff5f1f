// faultalloc: demand paging done in user space.  Printing a string from an
// unmapped address faults; the handler (faultalloc.h) maps a page there and
// writes a sentence into it, and the print then shows that sentence.  At
// 0xcafebffe the sentence crosses into the next page, so writing it faults
// once more while the handler runs: a nested fault on the exception stack.

#include <user/faultalloc.h>

static const uintptr_t kNeverMapped[] = {0xdeadbeef, 0xcafebffe};

void umain(int, char**) {
	set_pgfault_handler(demand_page);
	for (uintptr_t va : kNeverMapped)
		cprintf("%s\n", (const char*)va);
}
