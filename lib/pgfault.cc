// User-level page fault handling: the first set_pgfault_handler maps the
// exception stack and registers the assembly trampoline with the kernel;
// every later call only swaps the C++ handler the trampoline calls.

#include <inc/lib.h>

extern "C" void _pgfault_upcall(void);
// Called by lib/pfentry.S.
extern "C" {
void (*_pgfault_handler)(UTrapframe* utf);
}

void set_pgfault_handler(void (*handler)(UTrapframe* utf)) {
	// @exercise 4.10 set_pgfault_handler
	if (_pgfault_handler == nullptr) {
		if (int r = sys_page_alloc(0, (void*)(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W); r < 0)
			panic("set_pgfault_handler: mapping the exception stack: %s", errstr(r));
		if (int r = sys_env_set_pgfault_upcall(0, (void*)_pgfault_upcall); r < 0)
			panic("set_pgfault_handler: registering the upcall: %s", errstr(r));
	}
	_pgfault_handler = handler;
	// @stub
	// |	// Your code here.
	// |	(void)handler;
	// |	panic("set_pgfault_handler: not implemented");
	// @end
}
