// hello: the smallest user program.  It prints a greeting and the envid it
// finds through thisenv, then returns, so libmain exits it gracefully.

#include <inc/lib.h>

void umain(int, char**) {
	cprintf("hello, world\n");
	cprintf("i am environment %08x\n", thisenv->env_id);
}
