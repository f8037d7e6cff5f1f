// set_pgfault_handler: user code's way to handle its own page faults.  The
// kernel delivers a fault to one address per env, the assembly trampoline
// _pgfault_upcall (lib/pfentry.S), on the env's exception stack; the
// trampoline calls the C++ function in _pgfault_handler and then resumes
// the faulting code.  So the first call sets up the stack and the upcall,
// and every call just stores the function.

#include <inc/lib.h>

extern "C" void _pgfault_upcall(void);

// Read by the trampoline, hence C linkage.
extern "C" {
void (*_pgfault_handler)(UTrapframe* utf);
}

void set_pgfault_handler(void (*handler)(UTrapframe* utf)) {
	// @exercise 4.10 set_pgfault_handler
	// A forked child inherits this flag together with the handler; fork
	// registers the child's upcall itself.
	static bool upcall_registered = false;
	_pgfault_handler = handler;
	if (upcall_registered)
		return;
	void* exception_stack = (void*)(UXSTACKTOP - PGSIZE);
	if (int r = sys_page_alloc(0, exception_stack, PTE_P | PTE_U | PTE_W); r < 0)
		panic("set_pgfault_handler: no exception stack at %p: %s", exception_stack, errstr(r));
	if (int r = sys_env_set_pgfault_upcall(0, (void*)_pgfault_upcall); r < 0)
		panic("set_pgfault_handler: the kernel refused the upcall: %s", errstr(r));
	upcall_registered = true;
	// @stub
	// |	// Your code here.
	// |	(void)handler;
	// |	panic("set_pgfault_handler: not implemented");
	// @end
}
