// buggyhello: a system call handed an unmapped user pointer must be caught
// by the kernel's user_mem_check, which destroys the caller.

#include <inc/lib.h>

void umain(int, char**) {
	sys_cputs((const char*)1, 1);
}
