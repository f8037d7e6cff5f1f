// isolate_int: user code may raise only vectors 3 (breakpoint) and 48
// (system call) with `int`.  Every other vector's gate is kernel-only, so
// `int $n` is a general protection fault (error code n*8+2: an IDT entry)
// that kills the env -- each in a child of its own.  All 254 of them, so
// the child is cheap: an exofork child that shares our text and nothing
// else, and whose first instructions jump to `int $n` (it has no stack,
// and never writes memory).

#include "isolate.h"

// raise_table + 4*n: `int $n; ret`, for every n in 0..255.
extern "C" void raise_table(void);
asm(".text\n"
    ".balign 4\n"
    "raise_table:\n"
    ".set vec, 0\n"
    ".rept 256\n"
    "\t.balign 4\n"
    "\t.byte 0xcd, vec\n"  // int $vec (never the one-byte int3)
    "\tret\n"
    "\t.set vec, vec + 1\n"
    ".endr\n");

extern char etext[];

// Make a child that raises vector n, run it, and wait until it is gone.
static void raise_in_child(uint32_t n) {
	cprintf("isolate_int: int $%d\n", n);
	uintptr_t entry = (uintptr_t)raise_table + 4 * n;
	envid_t child;
	// The child returns from sys_exofork with eax 0 and our registers.
	asm volatile("int %2\n\t"
		     "test %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "jmp *%3\n"
		     "1:"
		     : "=a"(child)
		     : "a"(SYS_exofork), "i"(T_SYSCALL), "r"(entry)
		     : "cc", "memory");
	if (child < 0)
		panic("sys_exofork: %s", errstr(child));
	for (uintptr_t va = UTEXT; va < (uintptr_t)etext; va += PGSIZE)
		if (int r = sys_page_map(0, (void*)va, child, (void*)va, PTE_P | PTE_U); r < 0)
			panic("sys_page_map: %s", errstr(r));
	if (int r = sys_env_set_status(child, ENV_RUNNABLE); r < 0)
		panic("sys_env_set_status: %s", errstr(r));
	// Were the `int` to return, the child's ret would fault on its missing
	// stack: a page fault, not the General Protection the grade wants.
	wait_gone(child);
}

void umain(int, char**) {
	int tried = 0;
	for (uint32_t n = 0; n < 256; n++) {
		if (n == T_BRKPT || n == T_SYSCALL)
			continue;
		raise_in_child(n);
		tried++;
	}
	cprintf("isolate_int: %d vectors tried\n", tried);
}
