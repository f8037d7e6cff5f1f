// buggyhello2: the kernel must check the whole buffer a system call is given,
// not just its first byte: a short string passed with a 1 MiB length runs off
// the end of the mapped image and nothing may be printed.

#include <inc/lib.h>

const char* hello = "hello, world";

void umain(int, char**) {
	sys_cputs(hello, 1024 * 1024);
}
