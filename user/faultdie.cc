// faultdie: a user page-fault handler is told where the fault was and why.
// This one reports the address and the error code's low bits (present,
// write, user) and then destroys its own env rather than return to the
// store, which would only fault again.

#include <inc/lib.h>

static void report_and_die(UTrapframe* utf) {
	const uint32_t why = utf->utf_err & (FEC_PR | FEC_WR | FEC_U);
	cprintf("i faulted at va %x, err %x\n", utf->utf_fault_va, why);
	sys_env_destroy(0);
	panic("faultdie: still running after destroying itself");
}

void umain(int, char**) {
	set_pgfault_handler(report_and_die);
	*(volatile uint32_t*)0xdeadbeef = 0;  // never mapped: a user write fault
	panic("faultdie: the handler returned");
}
