// memhog: take every free page.  sys_page_alloc fills a big region until
// the kernel says -E_NO_MEM; then out of memory must be an error, never a
// panic: a new env cannot be made, and a page comes back when one is
// given back.  On exit every page returns (the kernel's "pages free" line).
// Several hogs may run at once (memhog+memhog): none gives a page back
// before every hog has seen memory run out.

#include <inc/lib.h>

const uintptr_t REGION = 0x10000000;  // up to UTOP: far more than the RAM
const int PERM = PTE_P | PTE_U | PTE_W;

// A hog that has seen memory run out says so where the other hogs (envs the
// kernel made, like us) can read it: its upcall, in envs[], is this
// function, which is never called.
static void out_of_memory_seen(UTrapframe*) {}

static bool is_other_hog(const volatile Env& e) {
	return e.env_id != thisenv->env_id && e.env_parent_id == 0 && e.env_status != ENV_FREE;
}

// Wait until every other hog has seen memory run out too (or is gone).
static void barrier_out_of_memory(void) {
	if (int r = sys_env_set_pgfault_upcall(0, (void*)out_of_memory_seen); r < 0)
		panic("memhog: set upcall: %s", errstr(r));
	for (int i = 0; i < NENV; i++) {
		const volatile Env& e = envs[i];
		while (is_other_hog(e) && e.env_pgfault_upcall != (void*)out_of_memory_seen)
			sys_yield();
	}
}

void umain(int, char**) {
	uintptr_t va = REGION;
	int r;
	int n = 0;
	while (va < USTACKTOP - PTSIZE && (r = sys_page_alloc(0, (void*)va, PERM)) == 0) {
		*(volatile uint32_t*)va = va;  // really ours, and writable
		va += PGSIZE;
		n++;
	}
	cprintf("memhog: allocated %d pages (%d KB), then: %s\n", n, n * 4, errstr(r));
	if (r != -E_NO_MEM)
		panic("memhog: expected out of memory, got %d", r);

	// Out of memory everywhere: no new env, no new page table.
	r = sys_exofork();
	if (r == 0)
		exit();  // not reached: there is no page for its page directory
	cprintf("memhog: sys_exofork with no memory: %s\n", r < 0 ? errstr(r) : "succeeded");
	if (r > 0)
		sys_env_destroy(r);
	barrier_out_of_memory();

	// Give one page back and take it again.
	va -= PGSIZE;
	if ((r = sys_page_unmap(0, (void*)va)) < 0)
		panic("memhog: unmap: %s", errstr(r));
	r = sys_page_alloc(0, (void*)va, PERM);
	cprintf("memhog: one page given back, then allocated again: %s\n", r == 0 ? "ok" : errstr(r));

	// Every page we hold is still ours.
	int bad = 0;
	for (uintptr_t a = REGION; a < va; a += PGSIZE)
		if (*(volatile uint32_t*)a != a)
			bad++;
	cprintf("memhog: %d of %d pages kept their contents\n", n - 1 - bad, n - 1);
}
