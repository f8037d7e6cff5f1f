// faultwrite: a user write to the unmapped page at address 0 must be a page
// fault (error code: user, write, not present) that destroys the env.

#include <inc/lib.h>

// The address lives in a volatile, so the compiler cannot prove the pointer
// null and replace the store with a trap instruction of its own.
volatile uintptr_t fault_addr = 0;

void umain(int, char**) {
	*(volatile unsigned*)fault_addr = 0;
}
