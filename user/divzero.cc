// divzero: an integer division by zero in user mode must reach the kernel as
// trap 0 (Divide error) and end the env; the quotient is never printed.

#include <inc/lib.h>

// Both are loaded at run time, so the compiler must emit a real idiv: with
// either one known it could fold or rewrite the division away.
volatile int numerator = 1;
volatile int denominator = 0;

void umain(int, char**) {
	const int quotient = numerator / denominator;
	cprintf("1/0 is %08x!\n", quotient);
}
