// faultwritekernel: user code may not write kernel memory; a write to the
// kernel image must be a protection page fault (user, write, present).

#include <inc/lib.h>

volatile uintptr_t fault_addr = 0xf0100000;

void umain(int, char**) {
	*(volatile unsigned*)fault_addr = 0;
}
