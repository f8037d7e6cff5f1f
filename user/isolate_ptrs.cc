// isolate_ptrs: bad pointers handed to the kernel.  sys_cputs reads user
// memory on the caller's behalf: a buffer that is not all user-readable
// (unmapped, kernel, running off the end of a mapping, wrapping around)
// kills the caller with the kernel's user_mem_check message naming the
// first bad address -- each in a child of its own.  The page and IPC calls
// refuse unmapped or unaligned addresses below UTOP with -E_INVAL.

#include "isolate.h"

struct Buf {
	uintptr_t va;
	uint32_t len;
};
// With the first bad address the kernel must name (see the grade test).
const Buf BAD_BUFS[] = {
    {0, 1},                  // 00000000: unmapped
    {0x10000000, 16},        // 10000000: unmapped
    {0xf0100000, 16},        // f0100000: kernel text
    {ULIM, 4},               // ef800000: MMIO, kernel-only
    {0xfffffff0, 0x20},      // fffffff0: wraps around the top
    {USTACKTOP - 8, 16},     // eebfe000: runs off the stack into the guard page
    {UTEXT, 0x10000000},     // the first unmapped page after the program
};

static void cputs_child(uint32_t i) {
	cprintf("isolate_ptrs: sys_cputs(%08x, %x)\n", BAD_BUFS[i].va, BAD_BUFS[i].len);
	sys_cputs((const char*)BAD_BUFS[i].va, BAD_BUFS[i].len);
	cprintf("isolate_ptrs: sys_cputs(%08x, %x) RETURNED\n", BAD_BUFS[i].va, BAD_BUFS[i].len);
}

static void report(const char* what, uintptr_t va, int r) {
	cprintf("isolate_ptrs: %s %08x: %s\n", what, va, r == 0 ? "ok" : errstr(r));
}

// Receives forever (into no page), so sends to it reach the page checks.
[[noreturn]] static void receiver(void) {
	for (;;)
		sys_ipc_recv((void*)UTOP);
}

void umain(int, char**) {
	for (uint32_t i = 0; i < sizeof(BAD_BUFS) / sizeof(BAD_BUFS[0]); i++)
		run_child(cputs_child, i);

	envid_t rcv = fork();
	if (rcv < 0)
		panic("fork: %s", errstr(rcv));
	if (rcv == 0)
		receiver();
	while (!envs[ENVX(rcv)].env_ipc_recving)
		sys_yield();

	const uintptr_t unmapped = 0x10000000, unaligned = USTACKTOP - PGSIZE + 4;
	const uintptr_t bad_pages[] = {unmapped, unaligned};
	for (uintptr_t va : bad_pages) {
		report("sys_page_map from", va, sys_page_map(0, (void*)va, 0, (void*)UTEMP, PTE_P | PTE_U));
		report("sys_ipc_try_send of", va, sys_ipc_try_send(rcv, 1, (void*)va, PTE_P | PTE_U));
		report("sys_ipc_send of", va, sys_ipc_send(rcv, 1, (void*)va, PTE_P | PTE_U));
	}
	report("sys_ipc_recv into", unaligned, sys_ipc_recv((void*)unaligned));
	sys_env_destroy(rcv);
	wait_gone(rcv);
}
