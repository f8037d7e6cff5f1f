// evilhello: a system call must not let user code read kernel memory on its
// behalf; printing from a kernel address destroys the caller.

#include <inc/lib.h>

void umain(int, char**) {
	sys_cputs((const char*)0xf010000c, 100);
}
