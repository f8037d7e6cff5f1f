// softint: user code may raise only the breakpoint and system-call vectors
// with `int`.  Raising the page-fault vector by hand must become a general
// protection fault, not a (forged) page fault.

#include <inc/lib.h>

void umain(int, char**) {
	asm volatile("int $14");
}
