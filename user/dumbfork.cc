// dumbfork: fork built from the raw system calls, without copy-on-write.
// The parent makes an empty child with sys_exofork, copies every page of its
// image and stack into it by hand, then marks it runnable.  Both sides then
// count and yield, so their lines interleave.

#include <inc/lib.h>

// The linker puts this symbol at the end of the program's bss.
extern char end[];

// Give dstenv a fresh page at addr holding a copy of our page at addr.  The
// child's page is briefly mapped at UTEMP in our address space for the copy.
static void duppage(envid_t dstenv, uintptr_t addr) {
	int r;

	if ((r = sys_page_alloc(dstenv, (void*)addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %s", errstr(r));
	if ((r = sys_page_map(dstenv, (void*)addr, 0, (void*)UTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_map: %s", errstr(r));
	memmove((void*)UTEMP, (const void*)addr, PGSIZE);
	if ((r = sys_page_unmap(0, (void*)UTEMP)) < 0)
		panic("sys_page_unmap: %s", errstr(r));
}

static bool page_present(uintptr_t va) {
	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

static envid_t dumbfork(void) {
	envid_t child = sys_exofork();
	if (child < 0)
		panic("sys_exofork: %s", errstr(child));
	if (child == 0) {
		// The child runs here once the parent marks it runnable.  Its
		// copy of thisenv still names the parent: fix it.
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	// The program image: text, data and bss.
	for (uintptr_t va = UTEXT; va < (uintptr_t)end; va += PGSIZE)
		if (page_present(va))
			duppage(child, va);

	// The stack, from the page holding our stack pointer (the child's
	// registers are a copy of ours) up to its top.
	uintptr_t esp;
	asm volatile("movl %%esp, %0" : "=r"(esp));
	for (uintptr_t va = ROUNDDOWN(esp, PGSIZE); va < USTACKTOP; va += PGSIZE)
		duppage(child, va);

	int r;
	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("sys_env_set_status: %s", errstr(r));
	return child;
}

void umain(int, char**) {
	envid_t who = dumbfork();
	int rounds = who ? 10 : 20;

	for (int i = 0; i < rounds; i++) {
		cprintf("%d: I am the %s!\n", i, who ? "parent" : "child");
		sys_yield();
	}
}
