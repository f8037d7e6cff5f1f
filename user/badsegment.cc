// badsegment: loading a kernel-only selector (0x28, the first TSS) into a
// data segment register faults with a general protection error whose error
// code is that selector.

#include <inc/lib.h>

void umain(int, char**) {
	asm volatile("movw $0x28, %%ax\n\tmovw %%ax, %%ds" ::: "eax");
}
