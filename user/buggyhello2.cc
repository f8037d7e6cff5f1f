// buggyhello2: the kernel must check every byte of the buffer a system call
// is given, not just the first.  A short, valid string passed with a 1 MiB
// length runs far past the program's mapped image: the env dies, and not
// even the valid part is printed.

#include <inc/lib.h>

static const char greeting[] = "hello, world";

void umain(int, char**) {
	sys_cputs(greeting, 1 << 20);
	panic("buggyhello2: sys_cputs accepted a buffer running off the image");
}
