// Console character I/O for user programs, through the kernel.

#include <inc/lib.h>

void cputchar(int ch) {
	char c = ch;
	sys_cputs(&c, 1);
}

// Wait for a character, yielding the CPU between polls.
int getchar(void) {
	int c;
	while ((c = sys_cgetc()) == 0)
		sys_yield();
	return c;
}

int iscons(int) { return 1; }
