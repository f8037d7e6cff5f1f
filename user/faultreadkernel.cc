// faultreadkernel: user code may not read kernel memory; a read of the kernel
// image must be a protection page fault (user, read, present).

#include <inc/lib.h>

volatile uintptr_t fault_addr = 0xf0100000;

void umain(int, char**) {
	cprintf("I read %08x from location 0xf0100000!\n", *(volatile unsigned*)fault_addr);
}
