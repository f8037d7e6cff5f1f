// faultread: a user read of the unmapped page at address 0 must be a page
// fault (error code: user, read, not present) that destroys the env.

#include <inc/lib.h>

// The address lives in a volatile, so the compiler cannot prove the pointer
// null and replace the load with a trap instruction of its own.
volatile uintptr_t fault_addr = 0;

void umain(int, char**) {
	cprintf("I read %08x from location 0!\n", *(volatile unsigned*)fault_addr);
}
