// isolate_storm: page faults that never end.
//  1. A handler that faults again: each fault nests a UTrapframe deeper in
//     the one-page exception stack until the next one does not fit; the
//     kernel then kills the env with the user_mem_check message for an
//     address below the exception stack (eebfe...).
//  2. A handler that returns without fixing anything: the same instruction
//     faults forever.  The kernel must keep scheduling others (here, on
//     one CPU, the parent) so the parent can count the faults and destroy
//     the child.

#include "isolate.h"

const uintptr_t SHARED_VA = 0x0b000000;  // PTE_SHARE: the fault counts
struct Shared {
	volatile uint32_t nested;
	volatile uint32_t repeated;
};
#define shared ((Shared*)SHARED_VA)

const uint32_t REPEATS = 2000;

static void fault_again(UTrapframe*) {
	shared->nested = shared->nested + 1;
	(void)*(volatile uint32_t*)0;
}

static void storm_child(uint32_t) {
	set_pgfault_handler(fault_again);
	(void)*(volatile uint32_t*)0;
	cprintf("isolate_storm: the fault storm RETURNED\n");
}

static void do_nothing(UTrapframe*) { shared->repeated = shared->repeated + 1; }

void umain(int, char**) {
	if (int r = sys_page_alloc(0, (void*)SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE); r < 0)
		panic("sys_page_alloc: %s", errstr(r));

	cprintf("isolate_storm: a handler that faults again\n");
	run_child(storm_child, 0);
	cprintf("isolate_storm: %u nested faults before the kernel killed it\n", shared->nested);

	cprintf("isolate_storm: a handler that fixes nothing\n");
	envid_t child = fork();
	if (child < 0)
		panic("fork: %s", errstr(child));
	if (child == 0) {
		set_pgfault_handler(do_nothing);
		(void)*(volatile uint32_t*)0;
		cprintf("isolate_storm: the fault loop RETURNED\n");
		exit();
	}
	while (shared->repeated < REPEATS)
		sys_yield();
	if (int r = sys_env_destroy(child); r < 0)
		panic("sys_env_destroy: %s", errstr(r));
	wait_gone(child);
	cprintf("isolate_storm: the child faulted at least %u times, then was destroyed\n", REPEATS);
}
