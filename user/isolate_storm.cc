// isolate_storm: page faults that never end.
//  1. A handler that faults again: each fault nests a UTrapframe deeper in
//     the one-page exception stack until the next one does not fit; the
//     kernel then kills the env with the user_mem_check message for an
//     address below the exception stack (eebfe...).
//  2. A handler that returns without fixing anything: the same instruction
//     faults forever.  The kernel must keep scheduling others (here, on
//     one CPU, the parent) so the parent can count the faults and destroy
//     the child.
//  3. A handler whose frame is bigger than what is left of the exception
//     stack: its own fault comes with esp below that stack, in the guard
//     page.  That is still a fault on the exception stack (overflowed), not
//     a fresh start at UXSTACKTOP over frames still in use: the kernel kills
//     the env within a few levels.
//  4. A fault whose handler fixes it and returns, then a storm that begins
//     with esp already on the exception stack, below that finished fault's
//     frame.  The kernel's overflow line must name the storm's first fault,
//     not the finished one whose frame is still on the stack.

#include "isolate.h"

const uintptr_t SHARED_VA = 0x0b000000;  // PTE_SHARE: the fault counts
struct Shared {
	volatile uint32_t nested;
	volatile uint32_t repeated;
	volatile uint32_t deep;
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

const uint32_t BIG_FRAME = 1536;   // bytes of locals per handler level
const uint32_t DEEP_LIMIT = 16;    // a page holds fewer than 3 such levels

static void fault_again_big(UTrapframe*) {
	char frame[BIG_FRAME];
	frame[BIG_FRAME - 1] = 0;
	asm volatile("" : : "r"(frame) : "memory");  // the frame really is there
	shared->deep = shared->deep + 1;
	if (shared->deep > DEEP_LIMIT) {
		cprintf("isolate_storm: the overflowing handler ran %u deep: NOT KILLED\n", shared->deep);
		exit();
	}
	(void)*(volatile uint32_t*)0;
}

static void deep_child(uint32_t) {
	set_pgfault_handler(fault_again_big);
	(void)*(volatile uint32_t*)0;
	cprintf("isolate_storm: the overflowing handler RETURNED\n");
}

const uintptr_t FIXED_VA = 0x0e000000;  // the fault that is fixed and done

static void map_the_page(UTrapframe* utf) {
	void* page = (void*)ROUNDDOWN(utf->utf_fault_va, PGSIZE);
	if (int r = sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W); r < 0)
		panic("sys_page_alloc: %s", errstr(r));
}

static void late_storm_child(uint32_t) {
	set_pgfault_handler(map_the_page);
	*(volatile uint32_t*)FIXED_VA = 1;
	cprintf("isolate_storm: the first fault is done\n");
	set_pgfault_handler(fault_again);
	// The storm's first fault: a read of 0 with esp half-way down the
	// exception stack, as if this code ran in a handler.
	asm volatile("movl %0, %%esp\n\tmovl 0, %%eax" : : "r"(UXSTACKTOP - PGSIZE / 2) : "eax", "memory");
	cprintf("isolate_storm: the late storm RETURNED\n");
	exit();
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

	cprintf("isolate_storm: a handler whose frame overflows the exception stack\n");
	run_child(deep_child, 0);
	cprintf("isolate_storm: killed at handler depth %u\n", shared->deep);

	cprintf("isolate_storm: a storm on the exception stack after a fault that was fixed\n");
	run_child(late_storm_child, 0);
}
