// sforkcow: sfork shares pages that are already copy-on-write.  The parent
// forks, so the child's data pages are COW; the child then sforks, and the
// grandchild writes a global and two pages: one the parent still maps (the
// child needs a copy of its own before sharing it) and one the parent has
// unmapped (the child is its only mapper).  The child must see all three
// writes, and the parent none of them.

#include "isolate.h"

const uintptr_t KEPT_VA = 0x0b000000;     // the parent keeps mapping it
const uintptr_t DROPPED_VA = 0x0c000000;  // the parent unmaps it after fork
const uint32_t BEFORE = 0x5f0c0001;
const uint32_t AFTER = 0x5f0c0002;

// A data page of its own: any other global on the page (fork's handler
// pointer, say) would be written before the sfork and the page would no
// longer be copy-on-write by then.
alignas(PGSIZE) volatile uint32_t global[PGSIZE / sizeof(uint32_t)] = {BEFORE};

static volatile uint32_t& at(uintptr_t va) { return *(volatile uint32_t*)va; }

static void report(const char* what, uint32_t seen, uint32_t want) {
	if (seen == want)
		cprintf("sforkcow: %s OK\n", what);
	else
		cprintf("sforkcow: %s MISMATCH: %08x, not %08x\n", what, seen, want);
}

static void child(void) {
	// Wait for the parent to drop DROPPED_VA, so the child is its only mapper.
	envid_t from;
	ipc_recv(&from, nullptr, nullptr);

	envid_t grandchild = sfork();
	if (grandchild < 0)
		panic("sfork: %s", errstr(grandchild));
	if (grandchild == 0) {
		global[0] = AFTER;
		at(KEPT_VA) = AFTER;
		at(DROPPED_VA) = AFTER;
		return;
	}
	wait_gone(grandchild);
	report("child sees the grandchild's global", global[0], AFTER);
	report("child sees the grandchild's write to a page the parent maps", at(KEPT_VA), AFTER);
	report("child sees the grandchild's write to a page only it maps", at(DROPPED_VA), AFTER);
}

void umain(int, char**) {
	const uintptr_t vas[] = {KEPT_VA, DROPPED_VA};
	for (uintptr_t va : vas) {
		if (int r = sys_page_alloc(0, (void*)va, PTE_P | PTE_U | PTE_W); r < 0)
			panic("sys_page_alloc: %s", errstr(r));
		at(va) = BEFORE;
	}

	envid_t id = fork_or_die();
	if (id == 0) {
		child();
		return;
	}
	if (int r = sys_page_unmap(0, (void*)DROPPED_VA); r < 0)
		panic("sys_page_unmap: %s", errstr(r));
	ipc_send(id, 0, nullptr, 0);
	wait_gone(id);
	report("parent keeps its own global", global[0], BEFORE);
	report("parent keeps its own page", at(KEPT_VA), BEFORE);
}
