// evilhello: a system call must not read kernel memory on user code's
// behalf.  Asking sys_cputs to print bytes of the kernel's own image (linked
// at KERNBASE + 1 MiB) destroys the caller and prints nothing.

#include <inc/lib.h>

void umain(int, char**) {
	const char* kernel_image = (const char*)(KERNBASE + 0x100000);
	sys_cputs(kernel_image + 0x10, 64);
	panic("evilhello: sys_cputs printed kernel memory and returned");
}
