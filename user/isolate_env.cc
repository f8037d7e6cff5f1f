// isolate_env: an env may act only on itself and its immediate children.
// A child tries every env-taking call on its parent and on its sibling;
// the parent tries them on its grandchild.  Each must be refused with
// -E_BAD_ENV, and the targets must be untouched.

#include "isolate.h"

const uintptr_t SHARED_VA = 0x0b000000;  // PTE_SHARE: the grandchild's id
const uintptr_t MARK_VA = 0x0c000000;    // a page each target keeps
const uint32_t MARK = 0x15014732;

struct Shared {
	volatile envid_t grandchild;
	volatile int done;
};
#define shared ((Shared*)SHARED_VA)

static envid_t sibling;  // set by the parent before forking the tester

static void report(const char* call, const char* whom, int r) {
	cprintf("isolate_env: %s %s: %s\n", call, whom, r == 0 ? "ok" : errstr(r));
}

// Every call that names an env, aimed at target.
static void try_all(envid_t target, const char* whom) {
	void* mark = (void*)MARK_VA;
	report("sys_page_alloc on", whom, sys_page_alloc(target, mark, PTE_P | PTE_U | PTE_W));
	report("sys_page_map from", whom, sys_page_map(target, mark, 0, (void*)(MARK_VA + PGSIZE), PTE_P | PTE_U));
	report("sys_page_map into", whom, sys_page_map(0, (void*)SHARED_VA, target, mark, PTE_P | PTE_U | PTE_W));
	report("sys_page_unmap on", whom, sys_page_unmap(target, mark));
	report("sys_env_set_status on", whom, sys_env_set_status(target, ENV_NOT_RUNNABLE));
	report("sys_env_set_pgfault_upcall on", whom, sys_env_set_pgfault_upcall(target, (void*)0xdeadbeef));
	report("sys_env_destroy on", whom, sys_env_destroy(target));
}

// A target: keeps its mark page and waits to be told to leave.
[[noreturn]] static void target_loop(void) {
	for (;;) {
		envid_t from;
		ipc_recv(&from, nullptr, nullptr);
		if (*(volatile uint32_t*)MARK_VA != MARK)
			cprintf("isolate_env: a target's page changed\n");
		exit();
	}
}

void umain(int, char**) {
	if (int r = sys_page_alloc(0, (void*)SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE); r < 0)
		panic("sys_page_alloc: %s", errstr(r));
	if (int r = sys_page_alloc(0, (void*)MARK_VA, PTE_P | PTE_U | PTE_W); r < 0)
		panic("sys_page_alloc: %s", errstr(r));
	*(volatile uint32_t*)MARK_VA = MARK;  // the children get copies

	sibling = fork_or_die();
	if (sibling == 0)
		target_loop();
	envid_t tester = fork_or_die();
	if (tester == 0) {
		envid_t grandchild = fork_or_die();
		if (grandchild == 0)
			target_loop();
		shared->grandchild = grandchild;
		try_all(thisenv->env_parent_id, "parent");
		try_all(sibling, "sibling");
		shared->done = 1;
		return;
	}
	while (!shared->done)
		sys_yield();
	try_all(shared->grandchild, "grandchild");

	// Everyone is still there, and our page is as it was.
	const volatile Env& sib = envs[ENVX(sibling)];
	const volatile Env& gc = envs[ENVX(shared->grandchild)];
	cprintf("isolate_env: sibling %s, grandchild %s, parent's page %s\n",
		sib.env_id == sibling && sib.env_status != ENV_FREE ? "alive" : "GONE",
		gc.env_id == shared->grandchild && gc.env_status != ENV_FREE ? "alive" : "GONE",
		*(volatile uint32_t*)MARK_VA == MARK ? "intact" : "CHANGED");
	ipc_send(sibling, 0, nullptr, 0);
	ipc_send(shared->grandchild, 0, nullptr, 0);
	wait_gone(tester);
	wait_gone(sibling);
	wait_gone(shared->grandchild);
}
