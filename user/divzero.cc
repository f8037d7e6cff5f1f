// divzero: an integer division by zero in user mode must reach the kernel as
// a divide-error trap and destroy the env; the result is never printed.

#include <inc/lib.h>

// Both operands are volatile, read at run time: with a constant dividend the
// compiler would compute 1/x with a compare instead of an idiv.
volatile int one = 1;
volatile int zero;

void umain(int, char**) {
	zero = 0;
	cprintf("1/0 is %08x!\n", one / zero);
}
