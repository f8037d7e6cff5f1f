// faultdie: a user page-fault handler runs on the exception stack and sees
// the faulting address and error code; this one reports them and destroys
// its own env instead of returning.

#include <inc/lib.h>

static void handler(UTrapframe* utf) {
	cprintf("i faulted at va %x, err %x\n", utf->utf_fault_va, utf->utf_err & 7);
	sys_env_destroy(sys_getenvid());
}

volatile uintptr_t fault_addr = 0xDeadBeef;

void umain(int, char**) {
	set_pgfault_handler(handler);
	*(volatile int*)fault_addr = 0;
}
