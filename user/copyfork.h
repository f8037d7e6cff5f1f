// copy_fork: a fork made of nothing but the exo system calls of Exercise
// 4.6, with no copy-on-write.  sys_exofork gives an empty child with our
// registers; every page we have mapped in [UTEXT, USTACKTOP) is copied into
// it.  Programs that must run before fork() exists (Part A of lab 4) use it:
// dumbfork, and stresssched, which checks the big kernel lock.
#pragma once

#include <inc/lib.h>

// Give child a private copy of our page at va.  The copy is built in a
// fresh page of our own at UTEMP, then that page is handed to the child and
// dropped from our address space.
inline void copy_page_to(envid_t child, uintptr_t va) {
	void* scratch = (void*)UTEMP;
	int err;

	if ((err = sys_page_alloc(0, scratch, PTE_P | PTE_U | PTE_W)) < 0)
		panic("copy_fork: no scratch page: %s", errstr(err));
	memcpy(scratch, (const void*)va, PGSIZE);
	if ((err = sys_page_map(0, scratch, child, (void*)va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("copy_fork: cannot give %08x to the child: %s", va, errstr(err));
	if ((err = sys_page_unmap(0, scratch)) < 0)
		panic("copy_fork: cannot drop the scratch page: %s", errstr(err));
}

// Returns the child's id in the parent and 0 in the child.  The child is
// not runnable yet: the parent may give it more (a shared page, say) and
// then starts it with sys_env_set_status.  Page tables that are absent are
// skipped whole; pages below UTEXT are not copied.
inline envid_t copy_fork_stopped() {
	envid_t child = sys_exofork();
	if (child < 0)
		panic("copy_fork: sys_exofork: %s", errstr(child));
	if (child == 0) {
		// thisenv lives in memory we copied, so it still names the parent.
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	for (uintptr_t va = UTEXT; va < USTACKTOP;) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDUP(va + 1, PTSIZE);
			continue;
		}
		if (uvpt[PGNUM(va)] & PTE_P)
			copy_page_to(child, va);
		va += PGSIZE;
	}
	return child;
}

inline void start_child(envid_t child) {
	if (int err = sys_env_set_status(child, ENV_RUNNABLE); err < 0)
		panic("copy_fork: cannot start the child: %s", errstr(err));
}
