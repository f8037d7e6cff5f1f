// isolate_int: user code may raise only vectors 3 (breakpoint) and 48
// (system call) with `int`.  Every other vector's gate is kernel-only, so
// `int $n` is a general protection fault (error code n*8+2: an IDT entry)
// that kills the env -- each in a child of its own.

#include "isolate.h"

template <int N>
static void raise(void) {
	asm volatile("int %0" : : "i"(N));
}

struct Vector {
	int n;
	void (*raise)(void);
};
#define V(n) {n, raise<n>}
// Every exception vector but 3, some IRQs (32 + n), the neighbours of 48,
// and the top of the table.
const Vector VECTORS[] = {V(0),  V(1),  V(2),  V(4),  V(5),  V(6),  V(7),  V(8),  V(9),  V(10), V(11),
			  V(12), V(13), V(14), V(15), V(16), V(17), V(18), V(19), V(20), V(31), V(32),
			  V(33), V(36), V(39), V(46), V(47), V(49), V(50), V(128), V(255)};
const int NVECTORS = sizeof(VECTORS) / sizeof(VECTORS[0]);

static void int_child(uint32_t i) {
	cprintf("isolate_int: int $%d\n", VECTORS[i].n);
	VECTORS[i].raise();
	cprintf("isolate_int: int $%d RETURNED\n", VECTORS[i].n);
}

void umain(int, char**) {
	for (int i = 0; i < NVECTORS; i++)
		run_child(int_child, i, true);
	cprintf("isolate_int: %d vectors tried\n", NVECTORS);
}
