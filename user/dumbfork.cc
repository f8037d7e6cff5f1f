// dumbfork: a fork made of nothing but the raw system calls, with no
// copy-on-write.  sys_exofork gives an empty child with our registers; we
// copy every page we have mapped below the stack top into it, then make it
// runnable.  Parent (10 turns) and child (20 turns) then print and yield in
// turn, so each side's lines must come out whole and in order.

#include <inc/lib.h>

// Give child a private copy of our page at va.  The copy is built in a
// fresh page of our own at UTEMP, then that page is handed to the child and
// dropped from our address space.
static void copy_page_to(envid_t child, uintptr_t va) {
	void* scratch = (void*)UTEMP;
	int err;

	if ((err = sys_page_alloc(0, scratch, PTE_P | PTE_U | PTE_W)) < 0)
		panic("dumbfork: no scratch page: %s", errstr(err));
	memcpy(scratch, (const void*)va, PGSIZE);
	if ((err = sys_page_map(0, scratch, child, (void*)va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("dumbfork: cannot give %08x to the child: %s", va, errstr(err));
	if ((err = sys_page_unmap(0, scratch)) < 0)
		panic("dumbfork: cannot drop the scratch page: %s", errstr(err));
}

// Copy every page we have mapped in [UTEXT, USTACKTOP): the program image
// and the stack alike.  Page tables that are absent are skipped whole.
static void copy_address_space_to(envid_t child) {
	uintptr_t va = UTEXT;
	while (va < USTACKTOP) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDUP(va + 1, PTSIZE);
			continue;
		}
		if (uvpt[PGNUM(va)] & PTE_P)
			copy_page_to(child, va);
		va += PGSIZE;
	}
}

// Returns the child's id in the parent and 0 in the child.
static envid_t fork_by_copying() {
	envid_t child = sys_exofork();
	if (child < 0)
		panic("dumbfork: sys_exofork: %s", errstr(child));
	if (child == 0) {
		// thisenv lives on the stack we copied, so it still names the parent.
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	copy_address_space_to(child);
	if (int err = sys_env_set_status(child, ENV_RUNNABLE); err < 0)
		panic("dumbfork: cannot start the child: %s", errstr(err));
	return child;
}

static const int kParentTurns = 10;
static const int kChildTurns = 20;

void umain(int, char**) {
	const bool in_parent = fork_by_copying() != 0;
	const char* role = in_parent ? "parent" : "child";
	const int turns = in_parent ? kParentTurns : kChildTurns;

	for (int turn = 0; turn < turns; turn++) {
		cprintf("%d: I am the %s!\n", turn, role);
		sys_yield();
	}
}
