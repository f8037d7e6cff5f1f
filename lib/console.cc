// getchar, cputchar and iscons for user programs.  There is no file
// descriptor layer: the console is the kernel's, reached by system call.

#include <inc/lib.h>

void cputchar(int ch) {
	const char byte = (char)ch;
	sys_cputs(&byte, 1);
}

// sys_cgetc never blocks (0 means nothing typed yet), so waiting for a key
// is polling; giving up the CPU between polls lets other envs run.
int getchar(void) {
	for (;;) {
		if (int c = sys_cgetc(); c != 0)
			return c;
		sys_yield();
	}
}

// Every fd is the console.
int iscons(int) { return 1; }
